"""The station's side of a call through the hub's SFU (Janus): its voice into the AudioBridge
room (it hears one mix of everyone else), its picture into the VideoRoom room once.

It receives one picture only, the active speaker's: on a 2G link it cannot take N of them.
The AudioBridge's talking events say who speaks; the one subscription is switched to that
specialist's picture (the first specialist's until someone speaks). The station's own
connections are offered by the station, complete with candidates (aiortc does not trickle),
and answered by Janus; the picture it receives is offered by Janus and answered here.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import Any

from aiortc import RTCPeerConnection, RTCRtpSender, RTCSessionDescription

from sync.call.janus import JanusSession

log = logging.getLogger("sync.call.rooms")
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
        # The one picture received: whose it is, and the handle that receives it.
        self.seen: RTCPeerConnection | None = None
        self.showing: int | None = None
        self._wanted: int | None = None  # the feed last asked for (events arrive before it is shown)
        self.on_picture_track: Callable[[Any], None] | None = None
        self._viewer: int | None = None
        self._feeds: dict[str, int] = {}  # specialist display -> VideoRoom feed id
        self._voices: dict[int, str] = {}  # AudioBridge participant id -> display
        self._tasks: list[asyncio.Task[Any]] = []
        self._switching = asyncio.Lock()

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
        handle = await self.janus.attach(AUDIOBRIDGE, self._voice_event)
        joined = await self.janus.message(handle, {"request": "join", **self._entry(), "muted": False})
        self._note_voices(joined.get("participants") or [])
        await self.voice.setLocalDescription(await self.voice.createOffer())
        offer = {"type": "offer", "sdp": shape_sdp(self.voice.localDescription.sdp), "trickle": False}
        answer = await self.janus.message(handle, {"request": "configure", "muted": False}, offer)
        await self.voice.setRemoteDescription(RTCSessionDescription(answer["jsep"]["sdp"], "answer"))

    async def publish_picture(self, track: Any, shape_sdp: Any) -> RTCRtpSender:
        """The station's picture into the VideoRoom (sendonly), once for everyone."""
        self.picture = RTCPeerConnection(self.configuration)
        self.video_sender = self.picture.addTrack(track)
        handle = await self.janus.attach(VIDEOROOM, self._room_event)
        joined = await self.janus.message(handle, {"request": "join", "ptype": "publisher", **self._entry()})
        self._note_publishers(joined.get("publishers") or [])
        await self.picture.setLocalDescription(await self.picture.createOffer())
        offer = {"type": "offer", "sdp": shape_sdp(self.picture.localDescription.sdp), "trickle": False}
        answer = await self.janus.message(handle, {"request": "publish", "audio": False, "video": True}, offer)
        await self.picture.setRemoteDescription(RTCSessionDescription(answer["jsep"]["sdp"], "answer"))
        return self.video_sender

    # -- the active speaker's picture -------------------------------------------------------------
    def _note_voices(self, people: list[dict[str, Any]]) -> None:
        for person in people:
            if person.get("id") is not None:
                self._voices[int(person["id"])] = str(person.get("display") or "")

    def _note_publishers(self, publishers: list[dict[str, Any]]) -> None:
        for publisher in publishers:
            display = str(publisher.get("display") or "")
            if display.startswith("specialist:"):
                self._feeds[display] = int(publisher["id"])
                if self._wanted is None:
                    self._want(int(publisher["id"]))

    def _voice_event(self, event: dict[str, Any]) -> None:
        data = event.get("plugindata", {}).get("data", {})
        self._note_voices(data.get("participants") or [])
        if data.get("audiobridge") == "talking" and data.get("id") is not None:
            feed = self._feeds.get(self._voices.get(int(data["id"]), ""))
            if feed is not None and feed != self._wanted:
                self._want(feed)

    def _room_event(self, event: dict[str, Any]) -> None:
        data = event.get("plugindata", {}).get("data", {})
        self._note_publishers(data.get("publishers") or [])
        gone = data.get("unpublished") or data.get("leaving")
        if isinstance(gone, int):
            self._feeds = {d: f for d, f in self._feeds.items() if f != gone}
            if gone == self._wanted:
                self._wanted = None
                if self._feeds:
                    self._want(next(iter(self._feeds.values())))

    def _want(self, feed: int) -> None:
        self._wanted = feed
        self._task(self._show(feed))

    async def _show(self, feed: int) -> None:
        """Receive `feed`'s picture: a first subscription, then `switch` (no new connection)."""
        async with self._switching:
            if feed == self.showing:
                return
            try:
                if self._viewer is None:
                    await self._subscribe(feed)
                else:
                    await self.janus.message(self._viewer, {"request": "switch", "streams": [
                        {"feed": feed, "mid": "0", "sub_mid": "0"}]})
                self.showing = feed
            except Exception as exc:  # a picture that cannot be shown must not end the call
                log.warning("the specialist's picture could not be shown: %s", exc)

    async def _subscribe(self, feed: int) -> None:
        self.seen = RTCPeerConnection(self.configuration)
        if self.on_picture_track is not None:
            self.seen.on("track", self.on_picture_track)
        handle = await self.janus.attach(VIDEOROOM)
        offer = await self.janus.message(handle, {"request": "join", "ptype": "subscriber",
                                                  "room": int(self.access["room"]), "token": self.access["room_token"],
                                                  "streams": [{"feed": feed}]})
        await self.seen.setRemoteDescription(RTCSessionDescription(offer["jsep"]["sdp"], "offer"))
        await self.seen.setLocalDescription(await self.seen.createAnswer())
        await self.janus.message(handle, {"request": "start"},
                                 {"type": "answer", "sdp": self.seen.localDescription.sdp})
        self._viewer = handle

    def _task(self, coro: Any) -> None:
        self._tasks.append(asyncio.ensure_future(coro))

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
        for task in self._tasks:
            task.cancel()
        for pc in (self.seen, self.picture, self.voice):
            if pc is not None:
                with contextlib.suppress(Exception):
                    await pc.close()
        await self.janus.close()
