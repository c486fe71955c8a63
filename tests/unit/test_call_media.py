"""The station's call media: synthetic pictures and tone, the video feed's rate and size, devices per OS."""

from __future__ import annotations

import asyncio
import contextlib
import fractions
import itertools
import os
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from av import VideoFrame

from sync.call import devices, media
from sync.call.devices import Device, linux_devices, parse_asound_pcm, parse_avfoundation, parse_dshow
from sync.call.media import GatedAudioTrack, SyntheticVideoTrack, ToneAudioTrack, VideoFeed, open_local
from sync.call.profile import LOW_BANDWIDTH


def run(coro):
    return asyncio.run(coro)


def test_the_synthetic_picture_moves_at_the_profiles_rate() -> None:
    async def grab() -> tuple[list[VideoFrame], float]:
        track = SyntheticVideoTrack(320, 240, 10)
        started = time.monotonic()
        frames = [await track.recv() for _ in range(11)]
        return frames, time.monotonic() - started

    frames, seconds = run(grab())
    assert 0.9 <= seconds <= 1.6
    assert {(f.width, f.height) for f in frames} == {(320, 240)}
    pictures = [f.to_ndarray(format="rgb24") for f in frames]
    assert all(not np.array_equal(a, b) for a, b in itertools.pairwise(pictures))
    assert [f.pts for f in frames] == [i * 9000 for i in range(11)]


def test_the_tone_is_mono_20_ms_frames_with_sound_in_them() -> None:
    async def grab() -> list:
        track = ToneAudioTrack()
        return [await track.recv() for _ in range(5)]

    frames = run(grab())
    assert {(f.samples, f.sample_rate, f.layout.name) for f in frames} == {(960, 48000, "mono")}
    samples = np.concatenate([f.to_ndarray().ravel() for f in frames])
    assert np.abs(samples).max() > 5000


def test_a_muted_microphone_sends_silence_of_the_same_shape() -> None:
    async def grab() -> tuple:
        gate = GatedAudioTrack(ToneAudioTrack())
        loud = await gate.recv()
        gate.muted = True
        quiet = await gate.recv()
        return loud, quiet

    loud, quiet = run(grab())
    assert np.abs(loud.to_ndarray()).max() > 0
    assert quiet.samples == loud.samples and quiet.layout.name == loud.layout.name
    assert not quiet.to_ndarray().any()
    assert quiet.pts == loud.pts + 960


class Camera(media.MediaStreamTrack):
    """A 640x480 camera at 30 fps, as webcams often are."""

    kind = "video"

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    async def recv(self) -> VideoFrame:
        await asyncio.sleep(1 / 30)
        frame = VideoFrame.from_ndarray(np.full((480, 640, 3), self.count % 255, np.uint8), format="rgb24")
        frame.pts, frame.time_base = self.count, fractions.Fraction(1, 30)
        self.count += 1
        return frame


def test_the_feed_thins_a_30_fps_camera_to_10_fps_scales_it_and_shows_a_preview() -> None:
    previews: list[np.ndarray] = []

    async def watch() -> tuple[list[VideoFrame], list[VideoFrame]]:
        feed = VideoFeed(Camera(), LOW_BANDWIDTH)
        feed.on_preview = previews.append
        track = feed.track()
        first = [await track.recv() for _ in range(10)]
        feed.set_size(160, 120)
        await track.recv()  # a frame may have been scaled before the change
        second = [await track.recv() for _ in range(3)]
        feed.stop()
        return first, second

    started = time.monotonic()
    first, second = run(watch())
    seconds = time.monotonic() - started
    assert 1.0 <= seconds <= 2.2, f"14 frames at 10 fps took {seconds:.2f} s"
    assert {(f.width, f.height, f.format.name) for f in first} == {(320, 240, "yuv420p")}
    assert {(f.width, f.height) for f in second} == {(160, 120)}
    assert previews and previews[0].dtype == np.uint8 and previews[0].shape[2] == 3
    assert 3 <= len(previews) <= 10  # previews are at most 5 per second


def test_a_feed_nobody_reads_keeps_only_the_newest_frame() -> None:
    async def idle() -> tuple[int, VideoFrame]:
        source = Camera()
        feed = VideoFeed(source, LOW_BANDWIDTH)
        feed.start()
        await asyncio.sleep(0.6)
        frame = await feed.next_frame()
        feed.stop()
        return source.count, frame

    read, frame = run(idle())
    assert read >= 12  # the camera was drained all along
    assert frame.to_ndarray(format="rgb24")[0, 0, 0] >= 9  # and what is sent next is recent


def test_a_camera_switched_off_is_closed_and_opens_again_with_timestamps_going_on() -> None:
    """FFmpeg's test pattern through aiortc's MediaPlayer, as a webcam is opened: switched off,
    the player's reading thread ends and the device is closed; switched on, a new one opens."""
    from aiortc.contrib.media import MediaPlayer

    players: list[MediaPlayer] = []

    def open_camera():
        players.append(MediaPlayer("testsrc=size=640x480:rate=30", format="lavfi"))
        return players[-1].video

    async def switch() -> tuple[list[VideoFrame], list[VideoFrame], bool, bool]:
        feed = VideoFeed(open_camera(), LOW_BANDWIDTH, reopen=open_camera)
        track = feed.track()
        before = [await track.recv() for _ in range(3)]
        assert await feed.set_camera_open(False)
        closed = feed.camera_closed and players[0]._MediaPlayer__thread is None
        waiting = asyncio.ensure_future(track.recv())
        await asyncio.sleep(0.5)
        nothing_sent = not waiting.done()
        assert await feed.set_camera_open(True)
        after = [await waiting] + [await track.recv() for _ in range(2)]
        feed.stop()
        return before, after, closed, nothing_sent

    before, after, closed, nothing_sent = run(switch())
    assert closed, "the camera device stayed open while switched off"
    assert nothing_sent
    assert len(players) == 2 and players[1]._MediaPlayer__thread is None  # stop() closed the second one
    stamps = [f.pts * f.time_base for f in before + after]
    assert all(b > a for a, b in itertools.pairwise(stamps)), stamps
    assert stamps[3] - stamps[2] >= 0.4  # the time the camera was off shows in the timestamps


def test_switching_the_camera_quickly_ends_in_the_last_state_asked_for() -> None:
    opened: list[Camera] = []

    def open_camera() -> Camera:
        opened.append(Camera())
        return opened[-1]

    async def flick() -> tuple[bool, int]:
        feed = VideoFeed(open_camera(), LOW_BANDWIDTH, reopen=open_camera)
        feed.start()
        await asyncio.sleep(0.1)
        await asyncio.gather(*(feed.set_camera_open(on) for on in (False, True, False, True, False)))
        closed = feed.camera_closed
        feed.stop()
        return closed, len(opened)

    closed, count = run(flick())
    assert closed and count <= 3


def test_a_camera_still_opening_when_the_call_ends_is_closed_once_open() -> None:
    """Switched back on just before hanging up: the camera opens after the call has ended, and
    must not stay on (its light lit, and on Windows unusable by the next call)."""
    opened: list[Camera] = []

    def slow_camera() -> Camera:
        time.sleep(0.4)
        opened.append(Camera())
        return opened[-1]

    async def hang_up_meanwhile(cancel: bool) -> None:
        feed = VideoFeed(Camera(), LOW_BANDWIDTH, reopen=slow_camera)
        feed.start()
        await feed.set_camera_open(False)
        switching = asyncio.ensure_future(feed.set_camera_open(True))
        await asyncio.sleep(0.1)
        if cancel:
            switching.cancel()  # the session cancels its tasks when the call ends
        feed.stop()
        with contextlib.suppress(asyncio.CancelledError):
            await switching
        await asyncio.sleep(0.6)

    for cancel in (True, False):
        opened.clear()
        run(hang_up_meanwhile(cancel))
        assert len(opened) == 1 and opened[0].readyState == "ended", f"cancel={cancel}"


def test_a_camera_that_will_not_open_again_says_so_and_stays_closed() -> None:
    def gone() -> Camera:
        raise OSError("No such device")

    async def switch() -> tuple[bool, bool]:
        feed = VideoFeed(Camera(), LOW_BANDWIDTH, reopen=gone)
        feed.start()
        await feed.set_camera_open(False)
        reopened = await feed.set_camera_open(True)
        closed = feed.camera_closed
        feed.stop()
        return reopened, closed

    assert run(switch()) == (False, True)


def test_a_station_without_a_camera_makes_a_voice_only_call(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    local = open_local("/dev/video-none", "plughw:99,0")
    try:
        assert local.audio_only and local.video is None
        assert any("voice only" in p for p in local.problems)
        assert any("microphone" in p for p in local.problems)
        frame = run(local.audio.recv())
        assert frame.samples == 960
    finally:
        local.close()


@pytest.mark.parametrize(("already", "system_has_it", "seen_by_ffmpeg"), [
    (None, True, "system"),                   # PyAV's libasound is pointed at the system's configuration
    (None, False, None),                      # no system configuration: nothing to point at
    ("/etc/clinic-alsa.conf", True, "/etc/clinic-alsa.conf"),  # one set by the installer stays
])
def test_the_linux_microphone_opens_with_the_systems_alsa_configuration(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, already: str | None, system_has_it: bool,
        seen_by_ffmpeg: str | None) -> None:
    conf = tmp_path / "alsa.conf"
    if system_has_it:
        conf.write_text("# the system's ALSA configuration\n")
    monkeypatch.setattr(devices, "SYSTEM_ALSA_CONF", conf)
    monkeypatch.setenv("ALSA_CONFIG_PATH", already or "")  # restored (or removed) after the test
    if already is None:
        monkeypatch.delenv("ALSA_CONFIG_PATH")
    monkeypatch.setattr(sys, "platform", "linux")
    opened: list[tuple[str, str | None, str | None]] = []

    def player(target: str, format: str | None = None, options: dict | None = None) -> None:
        opened.append((target, format, os.environ.get("ALSA_CONFIG_PATH")))
        raise OSError("no such device")

    monkeypatch.setattr(media, "MediaPlayer", player)
    local = open_local(None, "plughw:1,0", video=False)
    local.close()
    expected = str(conf) if seen_by_ffmpeg == "system" else seen_by_ffmpeg
    assert opened and {(target, fmt) for target, fmt, _ in opened} == {("plughw:1,0", "alsa")}
    assert {env for _, _, env in opened} == {expected}
    assert any("microphone" in p for p in local.problems)


def test_synthetic_media_can_be_voice_only() -> None:
    local = open_local(None, None, synthetic=True, video=False)
    assert local.audio_only and not local.problems
    both = open_local(None, None, synthetic=True)
    assert not both.audio_only
    local.close()
    both.close()


DSHOW_FFMPEG6 = [
    '"Integrated Camera" (video)\n',
    '  Alternative name "@device_pnp_\\\\?\\usb#vid_04f2&pid_b6d9"\n',
    '"OBS Virtual Camera" (none)\n',
    '"Microphone Array (Realtek(R) Audio)" (audio)\n',
    '  Alternative name "@device_cm_{33D9A762-90C8-11D0-BD43-00A0C911CE86}\\wave_{A1}"\n',
]
DSHOW_OLD = [
    "DirectShow video devices (some may be both video and audio devices)\n",
    ' "USB2.0 HD UVC WebCam"\n',
    "DirectShow audio devices\n",
    ' "Headset Microphone (USB Audio)"\n',
]
AVFOUNDATION = [
    "AVFoundation video devices:\n", "[0] FaceTime HD Camera\n", "[1] Capture screen 0\n",
    "AVFoundation audio devices:\n", "[0] MacBook Pro Microphone\n", "[1] External Microphone\n",
]


@pytest.mark.parametrize(("lines", "cameras", "microphones"), [
    (DSHOW_FFMPEG6, ["Integrated Camera"], ["Microphone Array (Realtek(R) Audio)"]),
    (DSHOW_OLD, ["USB2.0 HD UVC WebCam"], ["Headset Microphone (USB Audio)"]),
])
def test_windows_cameras_and_microphones_are_read_from_directshow(lines, cameras, microphones) -> None:
    found = parse_dshow(lines)
    assert [d.name for d in found.cameras] == cameras
    assert [d.name for d in found.microphones] == microphones
    assert media.camera_spec(found.cameras[0].id, LOW_BANDWIDTH, "win32")[:2] == (f"video={cameras[0]}", "dshow")
    assert media.microphone_spec(found.microphones[0].id, "win32")[0] == f"audio={microphones[0]}"


def test_mac_cameras_are_numbered_and_screens_left_out() -> None:
    found = parse_avfoundation(AVFOUNDATION)
    assert found.cameras == [Device("0", "FaceTime HD Camera")]
    assert found.microphones == [Device("0", "MacBook Pro Microphone"), Device("1", "External Microphone")]
    assert media.camera_spec("0", LOW_BANDWIDTH, "darwin")[:2] == ("0:none", "avfoundation")
    assert media.microphone_spec("1", "darwin")[:2] == ("none:1", "avfoundation")


def test_linux_cameras_come_from_sysfs_and_microphones_from_alsa(tmp_path: Path) -> None:
    sysfs = tmp_path / "video4linux"
    for node, name, index in (("video0", "HD Webcam", "0"), ("video1", "HD Webcam", "1"), ("video10", "USB Cam", "0")):
        (sysfs / node).mkdir(parents=True)
        (sysfs / node / "name").write_text(name + "\n")
        (sysfs / node / "index").write_text(index + "\n")
    pcm = tmp_path / "pcm"
    pcm.write_text("00-00: ALC257 Analog : ALC257 Analog : playback 1 : capture 1\n"
                   "00-03: HDMI 0 : HDMI 0 : playback 1\n"
                   "01-00: USB Audio : USB Audio : capture 1\n")
    found = linux_devices(sysfs, pcm, Path("/dev"))
    assert found.cameras == [Device("/dev/video0", "HD Webcam"), Device("/dev/video10", "USB Cam")]
    assert [d.id for d in found.microphones] == ["default", "plughw:0,0", "plughw:1,0"]
    assert parse_asound_pcm("") == []
    spec = media.camera_spec("/dev/video10", LOW_BANDWIDTH, "linux")
    assert spec[:2] == ("/dev/video10", "v4l2") and spec[2][0] == {"video_size": "320x240", "framerate": "10"}
