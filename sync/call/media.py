"""The station's camera and microphone for a call, through aiortc's media player (FFmpeg devices).

- Linux: v4l2 cameras (/dev/videoN), ALSA microphones; Windows: DirectShow; macOS: AVFoundation.
- No camera, or one that will not open → the call is voice only (`LocalMedia.video is None`).
- Synthetic media (a moving picture and a tone) for tests and for trying a call without a camera.

The camera's frames pass through a `VideoFeed`: it always drains the device (an unread player
queues frames without limit), caps the frame rate, scales to the size the link allows, and hands
the sender only the newest frame. Stopping video (audio-only) then just stops pulling from it.
"""

from __future__ import annotations

import asyncio
import contextlib
import fractions
import logging
import math
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, cast

import numpy as np
from aiortc.contrib.media import MediaPlayer
from aiortc.mediastreams import MediaStreamError, MediaStreamTrack
from av import AudioFrame, VideoFrame

from sync.call.devices import Device, Devices, ensure_alsa_config, list_devices, open_first
from sync.call.problems import CAMERA_FAILED, MICROPHONE_FAILED
from sync.call.profile import LOW_BANDWIDTH, MediaProfile

__all__ = ["Device", "Devices", "LocalMedia", "SyntheticVideoTrack", "ToneAudioTrack", "VideoFeed",
           "list_devices", "open_local"]
log = logging.getLogger("sync.call.media")
VIDEO_CLOCK = 90_000
VIDEO_TIME_BASE = fractions.Fraction(1, VIDEO_CLOCK)
AUDIO_RATE = 48_000
AUDIO_SAMPLES = 960  # 20 ms, what aiortc's Opus encoder packs
PREVIEW_FPS = 5.0


class SyntheticVideoTrack(MediaStreamTrack):
    """A moving colour pattern at a steady frame rate (no camera needed)."""

    kind = "video"

    def __init__(self, width: int = 320, height: int = 240, fps: float = 10.0) -> None:
        super().__init__()
        self.width, self.height, self.fps = width, height, fps
        y, x = np.mgrid[0:height, 0:width]
        self._base = np.stack([(x * 255 // max(1, width - 1)), (y * 255 // max(1, height - 1)),
                               np.full_like(x, 128)], axis=-1).astype(np.uint8)
        self._count = 0
        self._start: float | None = None

    async def recv(self) -> VideoFrame:
        if self.readyState != "live":
            raise MediaStreamError
        if self._start is None:
            self._start = time.monotonic()
        due = self._start + self._count / self.fps
        await asyncio.sleep(max(0.0, due - time.monotonic()))
        picture = np.roll(self._base, (self._count * 4) % self.width, axis=1)
        side = min(self.width, self.height) // 4
        top = int((self.height - side) * (0.5 + 0.5 * math.sin(self._count / 7)))
        left = (self._count * 6) % max(1, self.width - side)
        picture[top:top + side, left:left + side] = (250, 250, 250)
        frame = VideoFrame.from_ndarray(picture, format="rgb24").reformat(format="yuv420p")
        frame.pts = int(self._count * VIDEO_CLOCK / self.fps)
        frame.time_base = fractions.Fraction(1, VIDEO_CLOCK)
        self._count += 1
        return frame


class ToneAudioTrack(MediaStreamTrack):
    """A steady sine tone, 48 kHz mono, in 20 ms frames."""

    kind = "audio"

    def __init__(self, frequency: float = 440.0, level: float = 0.2) -> None:
        super().__init__()
        self.frequency, self.level = frequency, level
        self._sent = 0
        self._start: float | None = None

    async def recv(self) -> AudioFrame:
        if self.readyState != "live":
            raise MediaStreamError
        if self._start is None:
            self._start = time.monotonic()
        due = self._start + self._sent / AUDIO_RATE
        await asyncio.sleep(max(0.0, due - time.monotonic()))
        t = (np.arange(AUDIO_SAMPLES) + self._sent) / AUDIO_RATE
        samples = (np.sin(2 * np.pi * self.frequency * t) * self.level * 32767).astype(np.int16)
        frame = AudioFrame.from_ndarray(samples.reshape(1, -1), format="s16", layout="mono")
        frame.sample_rate = AUDIO_RATE
        frame.pts = self._sent
        frame.time_base = fractions.Fraction(1, AUDIO_RATE)
        self._sent += AUDIO_SAMPLES
        return frame


class GatedAudioTrack(MediaStreamTrack):
    """The microphone, or silence of the same shape while muted (the device is still drained)."""

    kind = "audio"

    def __init__(self, source: MediaStreamTrack) -> None:
        super().__init__()
        self.source = source
        self.muted = False

    async def recv(self) -> AudioFrame:
        frame = cast(AudioFrame, await self.source.recv())  # an audio track yields audio frames
        if not self.muted:
            return frame
        silent = AudioFrame(format=frame.format.name, layout=frame.layout.name, samples=frame.samples)
        for plane in silent.planes:
            plane.update(bytes(plane.buffer_size))
        silent.sample_rate, silent.pts, silent.time_base = frame.sample_rate, frame.pts, frame.time_base
        return silent

    def stop(self) -> None:
        super().stop()
        self.source.stop()


class FeedTrack(MediaStreamTrack):
    """What the video sender reads: the newest frame of a VideoFeed, once each."""

    kind = "video"

    def __init__(self, feed: VideoFeed) -> None:
        super().__init__()
        self.feed = feed

    async def recv(self) -> VideoFrame:
        frame = await self.feed.next_frame()
        if frame is None or self.readyState != "live":
            raise MediaStreamError
        return frame


class VideoFeed:
    """Reads a video source continuously; caps fps, scales, and offers the newest frame and previews."""

    def __init__(self, source: MediaStreamTrack, profile: MediaProfile = LOW_BANDWIDTH,
                 reopen: Callable[[], MediaStreamTrack] | None = None) -> None:
        self.source: MediaStreamTrack | None = source
        # Opens the camera again after close_camera() (blocking: it runs off the loop). None: the
        # source cannot be reopened, so switching the camera off only stops sending.
        self.reopen = reopen
        self.camera_closed = False
        self._want_open = True
        self._switching = asyncio.Lock()
        self._new_source = True
        self._offset = 0                               # added to the source's pts (VIDEO_CLOCK units)
        self._last_out: tuple[int, float] | None = None  # (pts, monotonic time) of the last frame out
        self.fps = profile.fps
        self.size = (profile.width, profile.height)
        self.on_preview: Callable[[np.ndarray], None] | None = None
        self.frames_out = 0
        self._latest: VideoFrame | None = None
        self._fresh = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._stopped = False
        self._last_sent: float | None = None
        self._last_preview = 0.0
        self._track: FeedTrack | None = None

    def set_size(self, width: int, height: int) -> None:
        """Scale what is sent from the next frame on (the encoder restarts with a keyframe)."""
        self.size = (width, height)

    def track(self) -> FeedTrack:
        """The track to give the sender (the same one each time)."""
        if self._track is None:
            self._track = FeedTrack(self)
        return self._track

    async def next_frame(self) -> VideoFrame | None:
        self._ensure_running()
        while self._latest is None and not self._stopped:
            self._fresh.clear()
            await self._fresh.wait()
        frame, self._latest = self._latest, None
        return frame

    def _ensure_running(self) -> None:
        if self._task is None and not self._stopped and not self.camera_closed:
            self._task = asyncio.get_running_loop().create_task(self._pump())

    start = _ensure_running

    async def set_camera_open(self, on: bool) -> bool:
        """Close the camera device (its light goes off) or open it again; the latest call wins.

        False when the camera was wanted back but could not be reopened (the feed stays closed).
        """
        self._want_open = on
        async with self._switching:
            if self._stopped or self.reopen is None or self._want_open != self.camera_closed:
                return True
            if not self._want_open:
                self.camera_closed = True
                await self._halt_pump()
                if self.source is not None:
                    self.source.stop()  # aiortc's player closes the device once no track reads it
                    self.source = None
                return True
            opening = asyncio.get_running_loop().run_in_executor(None, self.reopen)
            try:
                source = await asyncio.shield(opening)
            except OSError as exc:
                log.warning("the camera could not be reopened: %s", exc)
                return False
            except asyncio.CancelledError:
                # The call ended while the camera was opening: close it once it is open.
                opening.add_done_callback(_stop_opened)
                raise
            if self._stopped:  # the call ended meanwhile: the light must not stay on
                source.stop()
                return True
            self.source = source
            self.camera_closed = False
            self._new_source = True
            self._ensure_running()
            return True

    async def _halt_pump(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _pump(self) -> None:
        assert self.source is not None
        try:
            while not self._stopped:
                frame = cast(VideoFrame, await self.source.recv())  # a camera track yields video frames
                stamp = (float(frame.pts * frame.time_base) if frame.pts is not None and frame.time_base is not None
                         else time.monotonic())
                # A small allowance so a source at exactly `fps` is not thinned by clock jitter.
                if self._last_sent is not None and 0 <= stamp - self._last_sent < 0.85 / self.fps:
                    continue
                self._last_sent = stamp
                width, height = self.size
                if (frame.width, frame.height) != (width, height) or frame.format.name != "yuv420p":
                    scaled = frame.reformat(width=width, height=height, format="yuv420p")
                    scaled.pts, scaled.time_base = frame.pts, frame.time_base
                    frame = scaled
                self._restamp(frame, stamp)
                self._latest = frame
                self.frames_out += 1
                self._fresh.set()
                self._preview(frame)
        except MediaStreamError:
            log.info("the camera stopped sending pictures")
        except asyncio.CancelledError:
            if self.camera_closed:
                return  # switched off by hand: the feed waits to be opened again
        self._stopped = True
        self._fresh.set()

    def _restamp(self, frame: VideoFrame, stamp: float) -> None:
        """Timestamps that only go forward: a reopened camera counts from zero again, and the
        specialist's browser would take frames stamped in the past as late and drop them."""
        if frame.pts is None:
            return
        pts = round(stamp * VIDEO_CLOCK)
        now = time.monotonic()
        if self._new_source and self._last_out is not None:
            last_pts, last_at = self._last_out
            self._offset = last_pts + max(1, round((now - last_at) * VIDEO_CLOCK)) - pts
        self._new_source = False
        frame.pts, frame.time_base = pts + self._offset, VIDEO_TIME_BASE
        self._last_out = (frame.pts, now)

    def _preview(self, frame: VideoFrame) -> None:
        now = time.monotonic()
        if self.on_preview is None or now - self._last_preview < 1 / PREVIEW_FPS:
            return
        self._last_preview = now
        try:
            self.on_preview(frame.to_ndarray(format="rgb24"))
        except Exception:
            log.exception("the preview callback failed")

    def stop(self) -> None:
        self._stopped = True
        self._fresh.set()
        if self._task is not None:
            self._task.cancel()
        if self._track is not None:
            self._track.stop()
        if self.source is not None:
            self.source.stop()


def _stop_opened(opening: asyncio.Future[MediaStreamTrack]) -> None:
    if not opening.cancelled() and opening.exception() is None:
        opening.result().stop()


@dataclass
class LocalMedia:
    """What a call sends: a video feed (None: voice only) and the microphone (or a tone)."""

    video: VideoFeed | None
    audio: GatedAudioTrack
    problems: list[str] = field(default_factory=list)  # for the health worker, e.g. "No camera found…"
    players: list[Any] = field(default_factory=list)

    @property
    def audio_only(self) -> bool:
        return self.video is None

    def close(self) -> None:
        if self.video is not None:
            self.video.stop()
        self.audio.stop()


def _player(spec: tuple[str, str | None, list[dict[str, str]]]) -> MediaPlayer:
    """Open with the first option set the device accepts (cameras differ in sizes and rates)."""
    if spec[1] == "alsa":
        ensure_alsa_config()  # else PyAV's own libasound knows no microphone, not even "default"
    return open_first(spec, MediaPlayer)


def camera_spec(camera: str | None, profile: MediaProfile, platform: str = sys.platform
                ) -> tuple[str, str | None, list[dict[str, str]]]:
    """How FFmpeg opens `camera` (a Device.id; None: the first one) on `platform`."""
    size = f"{profile.width}x{profile.height}"
    rate = str(round(profile.fps))
    if platform.startswith("win"):
        return f"video={camera or _first_id('camera')}", "dshow", [
            {"video_size": size, "framerate": rate}, {"video_size": size}, {}]
    if platform == "darwin":
        # AVFoundation accepts only the camera's own rates (often 30); the feed thins them.
        return f"{camera or '0'}:none", "avfoundation", [
            {"video_size": size, "framerate": "30"}, {"framerate": "30"}, {}]
    return camera or "/dev/video0", "v4l2", [{"video_size": size, "framerate": rate}, {"video_size": size}, {}]


def microphone_spec(mic: str | None, platform: str = sys.platform) -> tuple[str, str | None, list[dict[str, str]]]:
    if platform.startswith("win"):
        return f"audio={mic or _first_id('microphone')}", "dshow", [{}]
    if platform == "darwin":
        return f"none:{mic or '0'}", "avfoundation", [{}]
    return mic or "default", "alsa", [{"channels": "1", "sample_rate": str(AUDIO_RATE)}, {}]


def _first_id(kind: str) -> str:
    found = list_devices()
    items = found.cameras if kind == "camera" else found.microphones
    if not items:
        raise OSError(f"no {kind} found")
    return items[0].id


def open_local(camera: str | None, mic: str | None, synthetic: bool = False,
               profile: MediaProfile = LOW_BANDWIDTH, *, video: bool = True) -> LocalMedia:
    """Open the camera and microphone (or synthetic media). A camera that fails → voice only.

    `camera`/`mic` are Device ids from list_devices(), or None for the system's first/default one.
    A microphone that fails is replaced by silence so the call can still go on (the specialist
    is still heard and seen); `problems` says what happened, in words for the health worker.
    """
    problems: list[str] = []
    players: list[Any] = []
    if synthetic:
        def synthetic_camera() -> MediaStreamTrack:
            return SyntheticVideoTrack(profile.width, profile.height, profile.fps)

        feed = VideoFeed(synthetic_camera(), profile, reopen=synthetic_camera) if video else None
        return LocalMedia(feed, GatedAudioTrack(ToneAudioTrack()), problems, players)
    feed = None
    if video:
        def open_camera() -> MediaStreamTrack:
            player = _player(camera_spec(camera, profile))
            if player.video is None:
                raise OSError("the device gave no pictures")
            players.append(player)
            return player.video

        try:
            feed = VideoFeed(open_camera(), profile, reopen=open_camera)
        except OSError as exc:
            log.warning("camera unavailable: %s", exc)
            problems.append(CAMERA_FAILED)
    try:
        mic_player = _player(microphone_spec(mic))
        if mic_player.audio is None:
            raise OSError("the device gave no sound")
        players.append(mic_player)
        audio: MediaStreamTrack = mic_player.audio
    except OSError as exc:
        log.warning("microphone unavailable: %s", exc)
        problems.append(MICROPHONE_FAILED)
        audio = ToneAudioTrack(level=0.0)
    return LocalMedia(feed, GatedAudioTrack(audio), problems, players)


async def drain(track: MediaStreamTrack, on_frame: Callable[[Any], None] | None = None) -> None:
    """Read a remote track until it ends (unread remote tracks queue without limit)."""
    with contextlib.suppress(MediaStreamError, asyncio.CancelledError):
        while True:
            frame = await track.recv()
            if on_frame is not None:
                on_frame(frame)
