"""In a real browser: a station's video call rings in the specialist's inbox and on the referral,
the specialist joins from the call page, sees the station's moving picture, and ends the call.

The station is a plain aiortc peer (a synthetic moving picture and silence) on the hub's signed
signaling socket; the specialist is Debian's Chromium with its fake camera and microphone. When
run as root the test runs itself again inside a fresh network namespace (`unshare -n`, loopback
only), so nothing can leave the machine.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import threading
from collections.abc import Coroutine
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import pytest
from aiortc import RTCConfiguration, RTCPeerConnection, RTCSessionDescription, VideoStreamTrack
from aiortc.mediastreams import AudioStreamTrack, MediaStreamError
from av import VideoFrame
from sqlalchemy import select
from websockets.asyncio.client import ClientConnection, connect

from hub import tables as t
from sync.wire.ids import uuid7
from sync.wire.signing import sign_request
from tests.e2e.conftest import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS
from tests.e2e.webrtc_support import WATCH_PEERS, WEBRTC_ARGS, rerun_isolated, wait_for, why_not_isolated
from tests.integration.console_seed import PASSWORD, add_specialist
from tests.support.call_peer import loopback_ice
from tests.support.server import RunningHub, run_hub
from tests.support.station_client import StationClient

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

INSIDE = "TELEHUB_CONSOLE_CALL_NETNS"
T = TypeVar("T")
# Functions, not expressions: the console's CSP forbids eval, which Playwright uses for expressions.
VIDEO_SENT = """async () => {
  const pc = window.__peers[window.__peers.length - 1];
  const sender = pc.getSenders().find((s) => s.track && s.track.kind === "video");
  let bytes = 0;
  for (const s of (await pc.getStats()).values()) if (s.type === "outbound-rtp" && s.kind === "video") bytes += s.bytesSent;
  return {bytes: bytes, at: performance.now(), cap: sender.getParameters().encodings[0].maxBitrate};
}"""


class MovingPicture(VideoStreamTrack):
    """320x240 at the station's low profile: a bar that moves, so every frame differs."""

    async def recv(self) -> VideoFrame:
        pts, time_base = await self.next_timestamp()
        picture = np.full((240, 320, 3), (40, 90, 120), dtype=np.uint8)
        x = (pts // 3000) % 300
        picture[:, x:x + 20] = (240, 200, 60)
        frame = VideoFrame.from_ndarray(picture, format="rgb24")
        frame.pts, frame.time_base = pts, time_base
        return frame


class StationPeer:
    """The clinic's end: offers picture and sound over the signed socket, counts what comes back."""

    def __init__(self, hub: RunningHub, station: StationClient, call_id: str) -> None:
        self.hub, self.station, self.call_id = hub, station, call_id
        self.pc = RTCPeerConnection(RTCConfiguration(iceServers=[]))
        self.ws: ClientConnection | None = None
        self.messages: list[dict[str, Any]] = []
        self.frames_from_browser = 0
        self.closed_with: int | None = None
        self.tasks: list[asyncio.Future[None]] = []

    async def call(self) -> None:
        path = f"/api/v1/calls/{self.call_id}/signal"
        headers = sign_request(self.station.private_key, self.station.station_id, "GET", path, b"")
        self.ws = await connect(self.hub.base_url.replace("http://", "ws://") + path, additional_headers=headers)
        self.pc.addTrack(MovingPicture())
        self.pc.addTrack(AudioStreamTrack())
        self.pc.on("track", self._count)
        await self.pc.setLocalDescription(await self.pc.createOffer())  # gathers every candidate (non-trickle)
        await self.ws.send(json.dumps({"type": "offer", "sdp": self.pc.localDescription.sdp}))
        self.tasks.append(asyncio.ensure_future(self._listen()))

    def _count(self, track: Any) -> None:
        async def drain() -> None:
            while True:
                try:
                    await track.recv()
                except MediaStreamError:
                    return
                if track.kind == "video":
                    self.frames_from_browser += 1
        self.tasks.append(asyncio.ensure_future(drain()))

    async def _listen(self) -> None:
        assert self.ws is not None
        async for raw in self.ws:
            message = json.loads(raw)
            self.messages.append(message)
            if message["type"] == "answer":
                await self.pc.setRemoteDescription(RTCSessionDescription(message["sdp"], "answer"))
        self.closed_with = self.ws.close_code

    async def close(self) -> None:
        await self.pc.close()
        if self.ws is not None:
            await self.ws.close()

    def saw(self, kind: str, **fields: Any) -> bool:
        return any(m["type"] == kind and all(m.get(k) == v for k, v in fields.items()) for m in self.messages)


class Loop:
    """An asyncio loop in a thread, for the station's network side next to the synchronous browser."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="station-peer", daemon=True)
        self.thread.start()

    def run(self, coro: Coroutine[Any, Any, T], timeout: float = 60) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)


def test_a_specialist_joins_a_ringing_call_from_the_inbox_sees_the_station_and_ends_the_call(
        request: pytest.FixtureRequest, tmp_path: Path) -> None:
    if not CHROMIUM.exists():
        pytest.skip(f"browser tests need Debian's Chromium at {CHROMIUM}: run `apt-get install -y chromium`")
    if os.environ.get(INSIDE) != "1" and why_not_isolated() is None:
        rerun_isolated(request, INSIDE)
        return
    consult(tmp_path)


def consult(tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with loopback_ice(), run_hub(f"sqlite:///{tmp_path / 'hub.sqlite3'}", cookie_secure=False) as hub, \
            sync_playwright() as playwright:
        add_specialist(hub.engine, "dr.sana", "Dr Sana Baloch", "Paediatrics")
        station = StationClient.enroll(hub.base_url, hub.new_station("BHU Jhok", "Thatta").code)
        changes, referral = station.referral_case(specialty="Paediatrics", urgency="urgent")
        assert station.push(changes).status_code == 200
        call_id = uuid7()
        started = station.request("POST", "/api/v1/calls", json_body={"call_id": call_id, "referral_id": referral["id"]})
        assert started.status_code == 201, started.text
        assert started.json()["ice_servers"] == []

        net = Loop()
        peer = StationPeer(hub, station, call_id)
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                             args=CHROMIUM_ARGS + WEBRTC_ARGS)
        try:
            net.run(peer.call())
            page = browser.new_context(viewport={"width": 1280, "height": 860}).new_page()
            problems: list[str] = []
            page.on("pageerror", lambda exc: problems.append(str(exc)))
            page.add_init_script(WATCH_PEERS)
            page.goto(f"{hub.base_url}/login")
            page.get_by_label("Username").fill("dr.sana")
            page.get_by_label("Password").fill(PASSWORD)
            page.get_by_role("button", name="Sign in").click()
            expect(page).to_have_url(re.compile(r"/inbox$"))

            ringing = page.locator("#call-slot .call-alert")
            expect(ringing).to_contain_text("Video call ringing", timeout=15_000)
            expect(ringing).to_contain_text("Zainab Bibi")
            expect(ringing).to_contain_text("BHU Jhok")
            expect(page).to_have_title(re.compile(r"^Call ringing"))
            page.screenshot(path=str(ARTIFACTS / "console-call-ringing-inbox.png"))

            # The referral page shows the same call with its own button.
            page.locator("#inbox-results a.row-link").first.click()
            join = page.locator("#video").get_by_role("link", name="Join video call")
            expect(join).to_be_visible()
            page.locator("#video").screenshot(path=str(ARTIFACTS / "console-call-referral-card.png"))
            join.click()
            expect(page).to_have_url(re.compile(rf"/calls/{call_id}$"))
            page.wait_for_function("() => document.getElementById('remote-video').videoWidth > 0", timeout=30_000)
            video = page.locator("#remote-video")
            width = video.evaluate("v => v.videoWidth")
            before = video.evaluate("v => v.currentTime")
            page.wait_for_timeout(1500)
            after = video.evaluate("v => v.currentTime")
            assert width == 320 and after > before, (width, before, after)
            expect(page.locator("#call-connection")).to_have_text("Connected")
            expect(page.locator("#call-state")).to_have_text("In progress")
            assert peer.saw("state", status="active", specialist_name="Dr Sana Baloch")
            wait_for(lambda: peer.frames_from_browser >= 20, 30, "the station receives the specialist's camera")
            # What the browser sends fits a 2G/EDGE link: Opus asked for at 16 kbit/s, video capped.
            answer = next(m["sdp"] for m in peer.messages if m["type"] == "answer")
            assert "maxaveragebitrate=16000" in answer and "a=candidate" in answer
            first = page.evaluate(VIDEO_SENT)
            page.wait_for_timeout(4000)
            last = page.evaluate(VIDEO_SENT)
            rate = (last["bytes"] - first["bytes"]) * 8 / ((last["at"] - first["at"]) / 1000)
            assert last["cap"] == 150_000 and 10_000 < rate <= 180_000, (last, rate)
            page.locator("#call-mute").click()
            expect(page.locator("#call-mute")).to_have_attribute("aria-pressed", "true")
            page.screenshot(path=str(ARTIFACTS / "console-call-page.png"))

            page.get_by_role("button", name="End call").click()
            expect(page.locator("#call-state")).to_contain_text("Ended", timeout=15_000)
            wait_for(lambda: peer.closed_with is not None, 15, "the hub closes the station's socket")
            assert peer.saw("bye", reason="hung_up") and peer.saw("state", status="ended")
            with hub.engine.connect() as conn:
                row = conn.execute(select(t.calls).where(t.calls.c.id == call_id)).one()
            assert (row.status, row.ended_by) == ("ended", "specialist")
            assert not problems, problems
        finally:
            net.run(peer.close())
            net.stop()
            browser.close()
