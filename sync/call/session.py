"""One video consult from the station: the hub call, the signaling socket and the aiortc peer.

The station is the offerer. ICE is not trickled: aiortc gathers every candidate before
setLocalDescription returns, so the offer is complete when sent (with one TURN URL at a time:
sync.call.relay). Every ~2 s getStats, merged with the figures the specialist's browser reports
(`link` messages), feeds the quality policy, which sets the level for the whole call: the station
follows it and tells the other side, whose page follows it too ("audio_only": no video either way).
Everything runs on the network loop; `on_event` is called there too. The session owns the
LocalMedia it is given and closes it when the call ends.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import numpy as np
from aiortc import RTCConfiguration, RTCIceServer, RTCPeerConnection, RTCSessionDescription
from aiortc.contrib.media import MediaRelay
from aiortc.rtcconfiguration import RTCIceTransportPolicy

from sync.call import profile as tuning
from sync.call import relay
from sync.call.events import QUALITY_WORDS, WORDS, CallEvent, State
from sync.call.media import LocalMedia, drain
from sync.call.problems import CAMERA_NOT_BACK, RELAY_ONLY_UNREACHABLE
from sync.call.profile import LOW_BANDWIDTH, MediaProfile
from sync.call.quality import Level, QualityPolicy, Sample, Thresholds, link_sample, merge
from sync.call.rooms import StationRooms
from sync.call.signaling import REFUSALS, Signaling, SignalingError
from sync.call.speaker import Speaker
from sync.call.stats import Counters, counters, figures
from sync.client import HubClient, RequestRejected, SyncError
from sync.wire.ids import uuid7

log = logging.getLogger("sync.call.session")
__all__ = ["CallEvent", "CallSession"]


def _iso(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z") if moment else None


def ice_configuration(servers: list[dict[str, Any]], policy: str = "all") -> RTCConfiguration:
    """RTCConfiguration from the hub's list; `[]` stays empty (aiortc's default STUN server stalls offline)."""
    return RTCConfiguration(iceServers=[
        RTCIceServer(urls=s["urls"], username=s.get("username"), credential=s.get("credential"))
        for s in servers],
        iceTransportPolicy=RTCIceTransportPolicy.RELAY if policy == "relay" else RTCIceTransportPolicy.ALL)


class CallSession:
    """A call from this station about one referral. Start it on the network loop with `await start()`."""

    def __init__(self, client_factory: Callable[[], HubClient], referral_id: str, patient_id: str, *,
                 media: LocalMedia, on_event: Callable[[CallEvent], None], call_id: str | None = None,
                 profile: MediaProfile | None = LOW_BANDWIDTH, started_by: str = "",
                 thresholds: Thresholds | None = None, stats_every: float = 2.0, speaker: Any = None,
                 speaker_device: str | None = None) -> None:
        self.client_factory = client_factory
        self.referral_id, self.patient_id = referral_id, patient_id
        self.call_id = call_id or uuid7()
        self.media, self.on_event = media, on_event
        self.profile = profile  # None: aiortc's own defaults (only to show what they do)
        self.started_by = started_by
        self.stats_every = stats_every
        # This computer's speaker (`speaker_device`: a list_speakers() id) unless a sink is given.
        # Either way a speaker that cannot play is told to the window as a "notice".
        self.speaker_device = speaker_device
        self.speaker = speaker if speaker is not None else Speaker(speaker_device)
        if isinstance(self.speaker, Speaker) and self.speaker.on_problem is None:
            self.speaker.on_problem = self._notice
        self.policy = QualityPolicy(thresholds)
        self.state: State | None = None
        self.level: Level = "good"
        self.remote_level: Level | None = None
        self.remote_sample: tuple[float, Sample] | None = None  # (monotonic, the browser's figures)
        self.specialist_name: str | None = None
        self.started_at: datetime | None = None
        self.connected_at: datetime | None = None
        self.ended_at: datetime | None = None
        self.ended_by: str | None = None
        self.outcome: str | None = None
        self.words = ""
        self.went_audio_only = media.video is None
        self.frames_received = 0
        self.audio_samples_received = 0
        self.audio_peak = 0  # loudest remote sample so far (int16 scale): the other side is really heard
        self.fps_samples: list[float] = []
        self.times: dict[str, float] = {}  # monotonic moments: start, connected, first_frame, end
        self.client: HubClient | None = None
        self.pc: RTCPeerConnection | None = None
        self.signaling: Signaling | None = None
        # A call through the hub's SFU (several specialists): the station's rooms there.
        self.rooms: StationRooms | None = None
        self._hub_active = False
        self._loop: asyncio.AbstractEventLoop | None = None
        self._video_sender: Any = None
        self._camera_on = True
        self._manual_audio_only = False
        self._video_grace_until = 0.0  # monotonic: until then, frame rates are not judged
        self._offer: dict[str, str] | None = None
        self._answered = asyncio.Event()
        self._done = asyncio.Event()
        self._tasks: list[asyncio.Task[Any]] = []
        self._finished = False

    # -- the call -------------------------------------------------------------------------------
    async def start(self) -> None:
        """POST /calls, open the signaling socket, send the offer and wait for the answer (or the end)."""
        self._loop = asyncio.get_running_loop()
        self.started_at, self.times["start"] = datetime.now(UTC), time.monotonic()
        self._state("connecting", WORDS["calling"])
        if isinstance(self.speaker, Speaker):
            self._task(self.speaker.prepare())  # opens the device off the loop while the call is set up
        try:
            if self.profile is not None:
                tuning.apply(self.profile)
            self.client = self.client_factory()
            created = await self._loop.run_in_executor(None, self._create_call)
        except RequestRejected as exc:
            words = {409: "not_synced", 403: "other_clinic", 404: "unknown"}.get(exc.status or 0, "error")
            await self._finish("failed", None, WORDS[words])
            return
        except SyncError as exc:
            await self._finish("failed", None, WORDS["sfu_unavailable"] if exc.code == "sfu_unavailable" else exc.message)
            return
        except Exception:
            log.exception("the call could not be created")
            await self._finish("failed", None, WORDS["error"])
            return
        if self._finished:  # hung up while the hub was being asked
            return
        conference = created.get("conference")
        try:
            policy = created.get("ice_transport_policy") or "all"
            if conference:
                await self._join_rooms(conference, created.get("ice_servers") or [], policy)
            elif not await self._offer_media(created.get("ice_servers") or [], policy):
                return
            self.signaling = Signaling(self.client, created.get("signal_path") or f"/api/v1/calls/{self.call_id}/signal")
            await self.signaling.open()
            if not conference:
                await self.signaling.send(self._offer or {})
        except SignalingError as exc:
            await self._finish("failed", None, exc.message)
            return
        except Exception:
            log.exception("the call's connection could not be set up")
            await self._finish("failed", None, WORDS["error"], bye="error")
            return
        if self._finished:  # hung up while the socket was opening
            await self.signaling.close()
            return
        if self.state == "connecting":
            self._state("ringing", WORDS["ringing"])
        self._task(self._read_signals())
        waiting = [self._task(self._answered.wait()), self._task(self._done.wait())]
        await asyncio.wait(waiting, return_when=asyncio.FIRST_COMPLETED)
        for task in waiting:
            task.cancel()

    def _create_call(self) -> dict[str, Any]:
        assert self.client is not None
        body = json.dumps({"call_id": self.call_id, "referral_id": self.referral_id}).encode()
        response = self.client.request("POST", "/calls", body, {"Content-Type": "application/json"})
        return response.json()

    async def _offer_media(self, ice_servers: list[dict[str, Any]], policy: str) -> bool:
        """Gather with each TURN URL in turn until one gives a relay candidate; False if the call ended."""
        choices = relay.configurations(ice_servers)
        for i, servers in enumerate(choices):
            if self.pc is not None:  # gathered with a relay that gave nothing: its events mean nothing now
                tried, self.pc = self.pc, None
                await tried.close()
            await self._gather(servers, policy)
            turn = relay.first_turn(servers)
            if turn is None or relay.has_relay_candidate(self._offer["sdp"] if self._offer else ""):
                return True
            log.warning("no relay candidate with %s (%d of %d)", turn["urls"][0], i + 1, len(choices))
        first = relay.first_turn(ice_servers)
        words = await relay.why_refused(first) if first else relay.RELAY_UNREACHABLE
        if policy == "relay":
            # No direct path is tried under --relay-only: the call ends here, and the words say so.
            await self._finish("failed", None, RELAY_ONLY_UNREACHABLE if words == relay.RELAY_UNREACHABLE else words,
                               bye="error")
            return False
        self._notice(words)
        return True

    async def _gather(self, ice_servers: list[dict[str, Any]], policy: str) -> None:
        pc = self.pc = RTCPeerConnection(ice_configuration(ice_servers, policy))
        pc.on("connectionstatechange", lambda: self._connection_changed() if self.pc is pc else None)
        pc.on("track", self._remote_track)
        pc.addTrack(self.media.audio)
        feed = self.media.video
        if feed is not None:
            feed.on_preview = lambda picture: self._emit(CallEvent("local_frame", frame=picture))
            feed.start()
            self._video_sender = pc.addTrack(feed.track())
            self._update_video()  # the camera may have been switched off before the call started
            if not self._camera_on:
                self._task(self._switch_camera(False))
        else:
            pc.addTransceiver("video", direction="recvonly")  # no camera here: still see the specialist
        await pc.setLocalDescription(await pc.createOffer())  # gathers all candidates (non-trickle)
        sdp = pc.localDescription.sdp
        self._offer = {"type": "offer", "sdp": tuning.with_bandwidth(sdp, self.profile) if self.profile else sdp}

    async def _join_rooms(self, access: dict[str, Any], ice_servers: list[dict[str, Any]],
                          policy: str = "all") -> None:
        """Through the SFU: voice into the AudioBridge, picture into the VideoRoom, each sent once."""
        rooms = self.rooms = StationRooms(access, ice_configuration(ice_servers, policy))
        rooms.on_picture_track = self._remote_track  # the active speaker's picture, one at a time

        def shape(sdp: str) -> str:
            return tuning.with_bandwidth(sdp, self.profile) if self.profile else sdp

        pc = self.pc = await rooms.open_voice(self.media.audio)
        pc.on("connectionstatechange", self._connection_changed)
        pc.on("track", self._remote_track)
        await rooms.join_voice(shape)
        feed = self.media.video
        if feed is not None:
            feed.on_preview = lambda picture: self._emit(CallEvent("local_frame", frame=picture))
            feed.start()
            self._video_sender = await rooms.publish_picture(feed.track(), shape)
            self._update_video()
            if not self._camera_on:
                self._task(self._switch_camera(False))
        self._answered.set()  # nothing to wait for: Janus has answered both

    async def hang_up(self) -> None:
        """End the call from this side (also cancels one still ringing)."""
        await self._finish("station", None, WORDS["hung_up"], bye="hung_up")

    async def wait_ended(self, timeout: float | None = None) -> bool:
        try:
            await asyncio.wait_for(self._done.wait(), timeout)
            return True
        except TimeoutError:
            return False

    # -- controls (any thread) ------------------------------------------------------------------
    def set_muted(self, muted: bool) -> None:
        self.media.audio.muted = muted

    def set_camera(self, on: bool) -> None:
        self._in_loop(self._camera, on)

    def set_audio_only(self, on: bool) -> None:
        self._in_loop(self._audio_only_by_hand, on)

    def _in_loop(self, fn: Callable[..., None], *args: Any) -> None:
        loop = self._loop
        if loop is None:
            fn(*args)
            return
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is loop:
            fn(*args)
        else:
            loop.call_soon_threadsafe(fn, *args)

    def _camera(self, on: bool) -> None:
        self._camera_on = on
        self._update_video()
        if self._loop is not None and self.media.video is not None and not self._finished:
            self._task(self._switch_camera(on))

    async def _switch_camera(self, on: bool) -> None:
        """Switched off by hand, the camera device is closed too (its light goes off: the health
        worker can see that nobody is watching); switched on, it is opened again."""
        feed = self.media.video
        if feed is not None and not await feed.set_camera_open(on):
            self._notice(CAMERA_NOT_BACK)

    def _audio_only_by_hand(self, on: bool) -> None:
        self._manual_audio_only = on
        self.policy.force("audio_only" if on else "good")
        self._set_level(self.policy.level)

    # -- signaling ------------------------------------------------------------------------------
    async def _read_signals(self) -> None:
        assert self.signaling is not None
        while not self._finished:
            message = await self.signaling.receive()
            if message is None:
                if self._finished:
                    return
                code = self.signaling.close_code()
                if code in REFUSALS:
                    await self._finish("failed", None, REFUSALS[code])
                    return
                if not await self.signaling.reopen():
                    await self._finish("network", None, WORDS["hub_lost"], bye="error")
                    return
                if not self._answered.is_set() and self._offer:
                    self._task(self._offer_again())
                continue
            try:
                await self._on_signal(message)
            except Exception:
                log.exception("a signaling message could not be handled")
                await self._finish("failed", None, WORDS["error"], bye="error")
                return

    async def _offer_again(self, wait: float = 1.5) -> None:
        """Still unanswered after the socket came back: offer again (the first may never have
        reached the hub). The wait lets an answer sent during the gap, replayed by the hub, come first."""
        await asyncio.sleep(wait)
        if not self._answered.is_set() and not self._finished and self.signaling is not None and self._offer:
            await self.signaling.send(self._offer)

    async def _on_signal(self, message: dict[str, Any]) -> None:
        kind = message.get("type")
        if kind == "answer" and self.pc is not None and self.pc.remoteDescription is None:
            await self.pc.setRemoteDescription(RTCSessionDescription(str(message.get("sdp", "")), "answer"))
            self._answered.set()
        elif kind == "state":
            status = message.get("status")
            self.specialist_name = message.get("specialist_name") or self.specialist_name
            if status == "active" and self.rooms is not None:
                self._hub_active = True
                if self.pc is not None and self.pc.connectionState == "connected" and self.connected_at is None:
                    self._went_active()
                elif self.connected_at is None:
                    self._state("connecting", WORDS["joined"].format(name=self.specialist_name or "The specialist"))
            elif status == "active" and self.connected_at is None:
                self._state("connecting", WORDS["joined"].format(name=self.specialist_name or "The specialist"))
            elif status == "missed":
                await self._finish("missed", "missed", WORDS["missed"])
            elif status == "ended":
                ended_by = message.get("ended_by") or "specialist"
                await self._finish(ended_by, None, WORDS["network" if ended_by == "network" else "remote_hung_up"])
        elif kind == "bye":
            await self._finish("specialist", None, WORDS["remote_hung_up"])
        elif kind == "link":
            self.remote_sample = (time.monotonic(), link_sample(message))
        elif kind == "quality" and message.get("level") in QUALITY_WORDS:
            self.remote_level = message["level"]
            self._emit(CallEvent("remote_quality", level=self.remote_level, words=QUALITY_WORDS[self.remote_level]))
        elif kind == "error":
            log.warning("the hub refused a signaling message: %s", message.get("detail"))

    # -- media ----------------------------------------------------------------------------------
    def _connection_changed(self) -> None:
        if self.pc is None or self._finished:
            return
        state = self.pc.connectionState
        if state == "connected" and self.connected_at is None:
            # Through the SFU the media connects to Janus at once; the call starts when a specialist joins.
            if self.rooms is None or self._hub_active:
                self._went_active()
        elif state == "failed":
            self._task(self._finish("network", None, WORDS["network"], bye="error"))
        elif state == "closed":
            # aiortc closes the connection itself when ICE consent expires (a dead link), and when the
            # other side closes its media on hanging up: then its bye follows through the hub.
            self._task(self._closed_under_us())

    def _went_active(self) -> None:
        self.connected_at, self.times["connected"] = datetime.now(UTC), time.monotonic()
        self._state("active", WORDS["active"])
        self._task(self._watch_stats())
        if self.signaling is not None:  # the specialist's page shows the station's link from the start
            self._task(self.signaling.send({"type": "quality", "level": self.level}))

    async def _closed_under_us(self, grace: float = 3.0) -> None:
        await asyncio.sleep(grace)
        await self._finish("network", None, WORDS["network"], bye="error")

    def _remote_track(self, track: Any) -> None:
        if track.kind == "video":
            self._task(drain(track, self._remote_frame))
            return
        if self.speaker is not None:
            relay = MediaRelay()
            self.speaker.addTrack(relay.subscribe(track))
            self._task(self.speaker.start())
            track = relay.subscribe(track)
        self._task(drain(track, self._remote_audio))

    def _remote_frame(self, frame: Any) -> None:
        self.frames_received += 1
        if "first_frame" not in self.times:
            self.times["first_frame"] = time.monotonic()
        self._emit(CallEvent("remote_frame", frame=frame.to_ndarray(format="rgb24")))

    def _remote_audio(self, frame: Any) -> None:
        self.audio_samples_received += frame.samples
        if self.audio_peak < 32767:
            self.audio_peak = max(self.audio_peak, int(np.abs(frame.to_ndarray()).max(initial=0)))

    async def _watch_stats(self) -> None:
        before: Counters | None = None
        silent_in_a_row = 0
        while not self._finished and self.pc is not None:
            await asyncio.sleep(self.stats_every)
            if self._finished:
                return
            report = await self.pc.getStats()
            now = counters(report, time.monotonic(), self.frames_received)
            # Pictures are expected whatever the specialist's side claims about its own link: a
            # `quality` message from it must not switch off judging the frames that do arrive.
            got = figures(report, before, now, expect_video=True)
            before = now
            if got.fps is not None:
                self.fps_samples.append(got.fps)
            silent_in_a_row = silent_in_a_row + 1 if got.silent else 0
            if silent_in_a_row >= 2 and self.state == "active":
                self._state("reconnecting", WORDS["reconnecting"])
            elif not got.silent and self.state == "reconnecting":
                self._state("active", WORDS["active"])
            if not self._manual_audio_only:
                sample = merge(Sample(got.rtt_s, got.loss, got.fps), self._fresh_remote_sample())
                if time.monotonic() < self._video_grace_until:
                    # Video just resumed on both sides: no picture until its first keyframe crosses
                    # the link (a PLI round trip on 2G), which says nothing about the link itself.
                    sample = Sample(sample.rtt_s, sample.loss, None, sample.kbps)
                level = self.policy.update(sample.rtt_s, sample.loss, sample.fps, sample.kbps)
                log.debug("call sample here %s, merged %s: %s", got, sample, level)
                if level != self.level:
                    log.info("call quality %s -> %s (%s)", self.level, level, sample)
                    self._set_level(level)

    def _fresh_remote_sample(self) -> Sample | None:
        """What the specialist's browser last reported, unless it is older than two intervals."""
        if self.remote_sample is None or time.monotonic() - self.remote_sample[0] > 2 * self.stats_every + 1:
            return None
        return self.remote_sample[1]

    def _set_level(self, level: Level) -> None:
        if self.level == "audio_only" and level != "audio_only":
            self._video_grace_until = time.monotonic() + 4 * self.stats_every
        if (self.level == "audio_only") != (level == "audio_only") and self.pc is not None:
            for transceiver in self.pc.getTransceivers():
                if transceiver.kind == "video":
                    tuning.ask_for_lost_video(transceiver.receiver, level != "audio_only")
        self.level = level
        if level == "audio_only" and self.connected_at is not None:
            self.went_audio_only = True
        self._update_video()
        self._emit(CallEvent("quality", level=level, words=QUALITY_WORDS[level]))
        if self.signaling is not None and not self._finished:
            self._task(self.signaling.send({"type": "quality", "level": level}))

    def _update_video(self) -> None:
        feed, sender = self.media.video, self._video_sender
        if feed is None or sender is None:
            return
        small = self.level == "weak"
        chosen = self.profile or LOW_BANDWIDTH
        feed.set_size(chosen.weak_width if small else chosen.width, chosen.weak_height if small else chosen.height)
        sending = self._camera_on and self.level != "audio_only"
        if sending and sender.track is None:
            sender.replaceTrack(feed.track())
        elif not sending and sender.track is not None:
            sender.replaceTrack(None)  # the sender stops reading (a weak link keeps the camera open)

    # -- the end --------------------------------------------------------------------------------
    async def _finish(self, ended_by: str, outcome: str | None, words: str, bye: str | None = None) -> None:
        if self._finished:
            return
        self._finished = True
        self.ended_at, self.times["end"] = datetime.now(UTC), time.monotonic()
        self.ended_by = ended_by if ended_by in ("station", "specialist", "network") else None
        connected = self.connected_at is not None
        if outcome is None:
            outcome = "completed" if connected else ("cancelled" if ended_by == "station" else "failed")
        self.outcome, self.words = outcome, words
        if bye and self.signaling is not None:
            await self.signaling.send({"type": "bye", "reason": bye})
        current = asyncio.current_task()
        for task in self._tasks:
            if task is not current:
                task.cancel()
        if self.signaling is not None:
            await self.signaling.close()
        if self.rooms is not None:
            await self.rooms.close()
        if self.pc is not None:
            await self.pc.close()
        if self.speaker is not None:
            await self.speaker.stop()
        self.media.close()
        if self.client is not None:
            self.client.close()
        self._state("failed" if outcome == "failed" else "ended", words)
        self._done.set()

    def summary(self) -> dict[str, Any]:
        """The `call` record's fields (without id, station_id, created_at, updated_at, version)."""
        duration = None
        if self.connected_at is not None and self.ended_at is not None:
            duration = max(0, round((self.ended_at - self.connected_at).total_seconds()))
        return {
            "referral_id": self.referral_id, "patient_id": self.patient_id,
            "started_at": _iso(self.started_at), "connected_at": _iso(self.connected_at),
            "ended_at": _iso(self.ended_at), "duration_seconds": duration, "ended_by": self.ended_by,
            "outcome": self.outcome or "failed", "audio_only": self.went_audio_only,
            "quality": self.policy.worst if self.connected_at is not None else None,
            "started_by": self.started_by,
        }

    # -- helpers --------------------------------------------------------------------------------
    def _state(self, state: State, words: str) -> None:
        self.state, self.words = state, words
        self._emit(CallEvent("state", state=state, words=words))

    def _notice(self, words: str) -> None:
        self._emit(CallEvent("notice", words=words))

    def _emit(self, event: CallEvent) -> None:
        try:
            self.on_event(event)
        except Exception:
            log.exception("the call window's event handler failed")

    def _task(self, coro: Any) -> asyncio.Task[Any]:
        task = asyncio.ensure_future(coro)
        self._tasks.append(task)
        return task
