"""One conference call through Janus, end to end: a hub with `--sfu`, Debian's Janus, one aiortc
station and several specialists in Chromium (one browser context each, fake camera and
microphone). Used by the browser test and by bench/call.py. Must run inside the network
namespace of tests.support.janus (Janus offers no loopback candidates).
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from hub import tables as t
from sync.call.media import open_local
from sync.call.session import CallSession
from sync.call.speaker import Speaker
from sync.loop import NetworkLoop
from tests.integration.console_seed import PASSWORD, add_specialist
from tests.support.call_peer import enroll_and_refer
from tests.support.janus import NETNS_INTERFACE, namespace_ice, run_janus
from tests.support.server import run_hub

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
    "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
    "--autoplay-policy=no-user-gesture-required",
]
WATCH_PEERS = """
(() => {
  const Native = window.RTCPeerConnection;
  window.__peers = [];
  window.RTCPeerConnection = function (...args) { const pc = new Native(...args); window.__peers.push(pc); return pc; };
  window.RTCPeerConnection.prototype = Native.prototype;
})();
"""
# What one specialist's page receives: the station's picture (frames decoded), the voice mix
# (audio bytes and energy), and how many pictures of others it shows.
RECEIVED = """
async () => {
  const p = window.conferencePeers || {};
  const out = {stationFrames: 0, stationBytes: 0, voiceBytes: 0, voiceEnergy: 0, feeds: 0, outboundVideo: 0};
  out.feeds = Object.keys(p.feeds || {}).length;
  if (p.station) for (const s of (await p.station.getStats()).values())
    if (s.type === "inbound-rtp" && s.kind === "video") { out.stationFrames = s.framesDecoded || 0; out.stationBytes = s.bytesReceived || 0; }
  if (p.voice) for (const s of (await p.voice.getStats()).values())
    if (s.type === "inbound-rtp" && s.kind === "audio") { out.voiceBytes = s.bytesReceived || 0; out.voiceEnergy = s.totalAudioEnergy || 0; }
  if (p.picture) for (const s of (await p.picture.getStats()).values())
    if (s.type === "outbound-rtp" && s.kind === "video") out.outboundVideo = s.bytesSent || 0;
  return out;
}
"""
DIAGNOSE = """
() => {
  const p = window.conferencePeers || {};
  const state = (pc) => pc ? pc.connectionState + "/" + pc.iceConnectionState : "none";
  return {voice: state(p.voice), picture: state(p.picture), station: state(p.station),
          feeds: Object.keys(p.feeds || {}), peers: (window.__peers || []).map(state)};
}
"""
NAMES = [("dr.khan", "Dr Sana Khan"), ("dr.baloch", "Dr Imran Baloch"), ("dr.siddiqui", "Dr Ayesha Siddiqui"),
         ("dr.memon", "Dr Rashid Memon")]


@dataclass
class ConferenceFigures:
    connect_s: float = 0.0  # the station starts the call -> first specialist in, media flowing
    uplink_kbps: dict[int, float] = field(default_factory=dict)  # specialists in the call -> station kbit/s
    outbound_streams: dict[int, int] = field(default_factory=dict)  # how many streams the station sent
    received: list[dict[str, Any]] = field(default_factory=list)  # per specialist page, at the end
    station_frames: int = 0  # pictures the station received (one specialist's at a time)
    station_pictures: int = 0  # how many pictures it was receiving at once
    participants: list[dict[str, Any]] = field(default_factory=list)
    janus_log: str = ""


def wait_for(condition: Any, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {seconds} s: {what}")
        time.sleep(0.2)


async def _station_uplink(session: CallSession) -> tuple[int, int]:
    assert session.rooms is not None
    streams = 0
    for pc in (session.rooms.voice, session.rooms.picture):
        if pc is not None:
            streams += sum(1 for s in (await pc.getStats()).values() if getattr(s, "type", "") == "outbound-rtp")
    return await session.rooms.outbound_bytes(), streams


def run_conference(tmp: Path, specialists: int = 3, measure_seconds: float = 10.0,
                   screenshots: Path | None = None) -> ConferenceFigures:
    """The whole conference; figures measured at the station and in each browser."""
    from playwright.sync_api import expect, sync_playwright

    figures = ConferenceFigures()
    with namespace_ice(), run_janus(tmp, NETNS_INTERFACE) as janus, \
            run_hub(f"sqlite:///{tmp / 'hub.sqlite3'}", cookie_secure=False, sfu_url=janus.url,
                    sfu_secret=janus.secret) as hub, sync_playwright() as playwright:
        for username, name in NAMES[:specialists]:
            add_specialist(hub.engine, username, name, "Internal medicine")
        case = enroll_and_refer(hub.base_url, hub.new_station().code)
        net = NetworkLoop("conference-station").start()
        session = CallSession(case.client, case.referral_id, case.patient_id,
                              media=open_local(None, None, synthetic=True), on_event=lambda e: None,
                              speaker=Speaker(backends=()))
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        pages: list[Any] = []
        problems: list[str] = []

        def join(index: int) -> Any:
            username = NAMES[index][0]
            # The third specialist is on a phone: the console's narrow layout in the same call.
            options = playwright.devices["Pixel 5"] if index == 2 else {"viewport": {"width": 1366, "height": 768}}
            page = browser.new_context(**options).new_page()
            page.on("pageerror", lambda exc: problems.append(f"{username}: {exc}"))
            page.add_init_script(WATCH_PEERS)
            page.goto(f"{hub.base_url}/login")
            page.get_by_label("Username").fill(username)
            page.get_by_label("Password").fill(PASSWORD)
            page.get_by_role("button", name="Sign in").click()
            expect(page).to_have_url(re.compile(r"/inbox$"))
            page.goto(f"{hub.base_url}/calls/{session.call_id}")
            pages.append(page)
            return page

        def uplink(seconds: float) -> tuple[float, int]:
            before, _ = net.submit(_station_uplink(session)).result(10)
            started = time.monotonic()
            time.sleep(seconds)
            after, streams = net.submit(_station_uplink(session)).result(10)
            return (after - before) * 8 / 1000 / (time.monotonic() - started), streams

        def station_seen(page: Any, frames: int = 30) -> bool:
            got = page.evaluate(RECEIVED)
            return got["stationFrames"] >= frames and got["voiceBytes"] > 2000

        try:
            started = time.monotonic()
            starting = net.submit(session.start())
            wait_for(lambda: session.state == "ringing", 30, "the call rings")
            first = join(0)
            starting.result(60)
            wait_for(lambda: session.state == "active", 60, "the station is in the call with a specialist")
            try:
                wait_for(lambda: station_seen(first, 1), 60, "the first specialist sees the station")
            except AssertionError as exc:
                raise AssertionError(f"{exc}: page says {first.locator('#call-message').text_content()!r}, "
                                     f"{first.evaluate(DIAGNOSE)}, errors {problems}\n"
                                     f"{janus.log.read_text(errors='replace')[-3000:]}") from None
            figures.connect_s = time.monotonic() - started
            time.sleep(3)  # the video encoder settles on its rate
            figures.uplink_kbps[1], figures.outbound_streams[1] = uplink(measure_seconds)
            for index in range(1, specialists):
                join(index)
            for page in pages:
                wait_for(lambda page=page: station_seen(page) and page.evaluate(RECEIVED)["feeds"] >= specialists,
                         90, "every specialist sees the station and each other, and hears the voice mix")
            time.sleep(3)
            figures.uplink_kbps[specialists], figures.outbound_streams[specialists] = uplink(measure_seconds)
            figures.received = [page.evaluate(RECEIVED) for page in pages]
            figures.station_frames = session.frames_received
            assert session.rooms is not None
            figures.station_pictures = sum(
                1 for pc in (session.rooms.seen, session.rooms.picture, session.rooms.voice) if pc is not None
                for tr in pc.getTransceivers() if tr.kind == "video" and tr.currentDirection in ("recvonly", "sendrecv"))
            if screenshots is not None:
                screenshots.mkdir(parents=True, exist_ok=True)
                pages[0].screenshot(path=str(screenshots / "console-conference.png"), full_page=True)
                if len(pages) > 2:
                    pages[2].screenshot(path=str(screenshots / "console-conference-phone.png"), full_page=True)
            pages[-1].get_by_role("button", name="Leave call").click()
            time.sleep(1)
            net.submit(session.hang_up()).result(30)
            for page in pages[:-1]:
                expect(page.locator("#call-state")).to_contain_text("Ended", timeout=20_000)
            with hub.engine.connect() as conn:
                p = t.call_participants
                figures.participants = [dict(r._mapping) for r in conn.execute(
                    select(p).where(p.c.call_id == session.call_id).order_by(p.c.id))]
            if problems:
                raise AssertionError(f"page errors: {problems}")
        finally:
            if session.state not in ("ended", "failed"):
                net.submit(session.hang_up()).result(30)
            browser.close()
            net.stop()
            figures.janus_log = janus.log.read_text(errors="replace")[-4000:]
    return figures
