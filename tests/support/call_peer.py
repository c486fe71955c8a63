"""The specialist's end of a video consult, in aiortc, for tests and bench/call.py.

It signs in to the console like a browser (login form, session cookie), joins a ringing call
through the console's signaling socket, answers the station's offer with a synthetic picture
and tone, and counts the frames and audio samples it receives. It also helps a station be a
real station: enrolled with the hub, its referral pushed (a call needs a synced referral).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import aioice.ice
import httpx
from aiortc import RTCConfiguration, RTCPeerConnection, RTCSessionDescription
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from sync.call.media import SyntheticVideoTrack, ToneAudioTrack, drain
from sync.call.signaling import socket_url
from sync.client import HubClient
from tests.integration.console_seed import PASSWORD, form_fields
from tests.support.station_client import StationClient


@contextlib.contextmanager
def loopback_ice() -> Iterator[None]:
    """Let aioice offer 127.0.0.1 (it skips loopback when listing host addresses)."""
    original = aioice.ice.get_host_addresses
    aioice.ice.get_host_addresses = lambda use_ipv4, use_ipv6: ["127.0.0.1"] if use_ipv4 else []
    try:
        yield
    finally:
        aioice.ice.get_host_addresses = original


def console_cookies(base_url: str, username: str, password: str = PASSWORD) -> httpx.Cookies:
    """Sign in through the console's login form; the session cookies a browser would keep."""
    with httpx.Client(base_url=base_url, follow_redirects=False, timeout=60, trust_env=False) as http:
        page = http.get("/login")
        answer = http.post("/login", data={**form_fields(page.text, "/login"), "username": username,
                                            "password": password, "next": "/inbox"})
        if answer.status_code != 303:
            raise RuntimeError(f"console sign-in failed: HTTP {answer.status_code}")
        return http.cookies


@dataclass
class Received:
    frames: int = 0
    audio_samples: int = 0
    first_frame_at: float | None = None
    messages: list[dict[str, Any]] = field(default_factory=list)


class Specialist:
    """An aiortc answerer on the console's signaling socket for one call."""

    def __init__(self, base_url: str, cookies: httpx.Cookies, *, fps: float = 10.0,
                 width: int = 320, height: int = 240, send: bool = True) -> None:
        self.base_url = base_url.rstrip("/")
        self.send = send  # False: receive only (to measure what the station alone costs)
        self.cookie = "; ".join(f"{name}={value}" for name, value in cookies.items())
        self.fps, self.width, self.height = fps, width, height
        self.pc: RTCPeerConnection | None = None
        self.ws: ClientConnection | None = None
        self.received = Received()
        self.connected_at: float | None = None
        self.failed = asyncio.Event()
        self.ended = asyncio.Event()
        self._tasks: list[asyncio.Task[Any]] = []

    async def join(self, call_id: str, timeout: float = 60.0) -> None:
        """Open the console socket for `call_id`, wait for the offer, answer it."""
        self.ws = await connect(socket_url(self.base_url, f"/console/calls/{call_id}/signal"),
                                additional_headers={"Cookie": self.cookie}, origin=self.base_url,  # type: ignore[arg-type]
                                proxy=None, open_timeout=timeout, ping_interval=15, ping_timeout=60)
        offer = await asyncio.wait_for(self._next("offer"), timeout)
        pc = self.pc = RTCPeerConnection(RTCConfiguration(iceServers=[]))
        pc.on("track", self._track)
        pc.on("connectionstatechange", self._state)
        if self.send:
            pc.addTrack(ToneAudioTrack(frequency=660.0))
            pc.addTrack(SyntheticVideoTrack(self.width, self.height, self.fps))
        await pc.setRemoteDescription(RTCSessionDescription(offer["sdp"], "offer"))
        await pc.setLocalDescription(await pc.createAnswer())
        await self.ws.send(json.dumps({"type": "answer", "sdp": pc.localDescription.sdp}))
        self._tasks.append(asyncio.ensure_future(self._listen()))

    async def _next(self, kind: str) -> dict[str, Any]:
        assert self.ws is not None
        while True:
            message = json.loads(await self.ws.recv())
            self.received.messages.append(message)
            if message.get("type") == kind:
                return message

    async def _listen(self) -> None:
        assert self.ws is not None
        with contextlib.suppress(ConnectionClosed):
            async for raw in self.ws:
                message = json.loads(raw)
                self.received.messages.append(message)
                if message.get("type") == "bye" or (message.get("type") == "state"
                                                     and message.get("status") in ("ended", "missed")):
                    await self._close()
                    return
        await self._close()

    def _track(self, track: Any) -> None:
        self._tasks.append(asyncio.ensure_future(drain(track, self._video if track.kind == "video" else self._audio)))

    def _video(self, frame: Any) -> None:
        self.received.frames += 1
        if self.received.first_frame_at is None:
            self.received.first_frame_at = time.monotonic()

    def _audio(self, frame: Any) -> None:
        self.received.audio_samples += frame.samples

    def _state(self) -> None:
        assert self.pc is not None
        if self.pc.connectionState == "connected" and self.connected_at is None:
            self.connected_at = time.monotonic()
        elif self.pc.connectionState in ("failed", "closed") and not self.ended.is_set():
            self.failed.set()  # aiortc closes the connection itself when ICE consent expires

    def quality_reports(self) -> list[str]:
        return [m["level"] for m in self.received.messages if m.get("type") == "quality"]

    async def hang_up(self) -> None:
        if self.ws is not None:
            with contextlib.suppress(ConnectionClosed):
                await self.ws.send(json.dumps({"type": "bye", "reason": "hung_up"}))
        await self._close()

    async def _close(self) -> None:
        if self.ended.is_set():
            return
        self.ended.set()
        current = asyncio.current_task()
        for task in self._tasks:
            if task is not current:
                task.cancel()
        if self.pc is not None:
            await self.pc.close()
        if self.ws is not None:
            await self.ws.close()


@dataclass
class ClinicCase:
    """An enrolled station (its key and HubClient factory) and one referral the hub has received."""

    station: StationClient
    referral_id: str
    patient_id: str

    def client(self) -> HubClient:
        return HubClient(self.station.base_url, self.station.station_id, self.station.private_key)


def enroll_and_refer(base_url: str, code: str, specialty: str = "Internal medicine",
                     key: Ed25519PrivateKey | None = None) -> ClinicCase:
    """Enroll a station with `code` and push a referral case to the hub."""
    station = StationClient.enroll(base_url, code, key)
    changes, referral = station.referral_case(specialty=specialty)
    pushed = station.push(changes)
    if pushed.status_code != 200:
        raise RuntimeError(f"push failed: {pushed.status_code} {pushed.text}")
    return ClinicCase(station, referral["id"], referral["patient_id"])
