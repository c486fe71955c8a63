"""The station's side of a call through the hub's SFU (Janus): its voice into the AudioBridge
room (it hears one mix of everyone else), its picture into the VideoRoom room once.

The station never subscribes to pictures there: on a 2G link it cannot take N of them; the
specialists see it and each other. Both peer connections are offered by the station, complete
with candidates (aiortc does not trickle), and answered by Janus.
"""

from __future__ import annotations

import contextlib
from typing import Any

from aiortc import RTCPeerConnection, RTCRtpSender, RTCSessionDescription

from sync.call.janus import JanusSession

VIDEOROOM = "janus.plugin.videoroom"
AUDIOBRIDGE = "janus.plugin.audiobridge"


class StationRooms:
    """One station's presence in a call's rooms; `voice` and `picture` are its peer connections."""

    def __init__(self, access: dict[str, Any], configuration: Any) -> None:
        self.access = access
        self.configuration = configuration
        self.janus = JanusSession(str(access["url"]), str(access["token"]))
        self.voice: RTCPeerConnection | None = None
        self.picture: RTCPeerConnection | None = None
        self.video_sender: RTCRtpSender | None = None

    def _entry(self) -> dict[str, Any]:
        return {"room": int(self.access["room"]), "token": self.access["room_token"],
                "display": self.access.get("display") or "Station"}

    async def open_voice(self, audio: Any) -> RTCPeerConnection:
        """The AudioBridge connection (sendrecv); the caller wires its events before `join_voice`."""
        await self.janus.open()
        self.voice = RTCPeerConnection(self.configuration)
        self.voice.addTrack(audio)
        return self.voice

    async def join_voice(self, shape_sdp: Any) -> None:
        assert self.voice is not None
        handle = await self.janus.attach(AUDIOBRIDGE)
        await self.janus.message(handle, {"request": "join", **self._entry(), "muted": False})
        await self.voice.setLocalDescription(await self.voice.createOffer())
        offer = {"type": "offer", "sdp": shape_sdp(self.voice.localDescription.sdp), "trickle": False}
        answer = await self.janus.message(handle, {"request": "configure", "muted": False}, offer)
        await self.voice.setRemoteDescription(RTCSessionDescription(answer["jsep"]["sdp"], "answer"))

    async def publish_picture(self, track: Any, shape_sdp: Any) -> RTCRtpSender:
        """The station's picture into the VideoRoom (sendonly), once for everyone."""
        self.picture = RTCPeerConnection(self.configuration)
        self.video_sender = self.picture.addTrack(track)
        handle = await self.janus.attach(VIDEOROOM)
        await self.janus.message(handle, {"request": "join", "ptype": "publisher", **self._entry()})
        await self.picture.setLocalDescription(await self.picture.createOffer())
        offer = {"type": "offer", "sdp": shape_sdp(self.picture.localDescription.sdp), "trickle": False}
        answer = await self.janus.message(handle, {"request": "publish", "audio": False, "video": True}, offer)
        await self.picture.setRemoteDescription(RTCSessionDescription(answer["jsep"]["sdp"], "answer"))
        return self.video_sender

    async def outbound_bytes(self) -> int:
        """Bytes this station has sent into the rooms so far (RTP payload and headers, all streams)."""
        total = 0
        for pc in (self.voice, self.picture):
            if pc is None:
                continue
            for stat in (await pc.getStats()).values():
                if getattr(stat, "type", "") == "outbound-rtp":
                    total += int(getattr(stat, "bytesSent", 0) or 0)
        return total

    async def close(self) -> None:
        for pc in (self.picture, self.voice):
            if pc is not None:
                with contextlib.suppress(Exception):
                    await pc.close()
        await self.janus.close()
