"""The specialist's voice on the station's speaker: jitter buffer, conversion, choice of output.

Frames are real: aiortc's tone track, and the same tone through aiortc's Opus encoder and decoder
(what a remote track delivers: 48 kHz stereo). Sound devices are real too: ALSA configurations
made here whose "speakers" write what they play to a file, so a test can listen to it (FFT).
"""

from __future__ import annotations

import asyncio
import importlib.abc
import importlib.machinery
import json
import os
import subprocess
import sys
import time
import warnings
from pathlib import Path
from typing import Any

import av
import numpy as np
import pytest
from aiortc.codecs.opus import OpusDecoder, OpusEncoder
from aiortc.jitterbuffer import JitterFrame
from hypothesis import given, settings
from hypothesis import strategies as st

from sync.call import speaker as speaker_module
from sync.call.devices import Device, parse_asound_pcm
from sync.call.media import ToneAudioTrack, open_local
from sync.call.playout import FrameConverter, JitterBuffer
from sync.call.session import CallSession
from sync.call.speaker import NO_SPEAKER, Speaker, default_backends, list_speakers

ROOT = Path(__file__).resolve().parents[2]
RATE = 48_000
BLOCK = 480  # what a sound device asks for at a time, here 10 ms


# -- helpers ---------------------------------------------------------------------------------------
def tone_frames(count: int, frequency: float = 440.0) -> list[av.AudioFrame]:
    """`count` 20 ms frames of aiortc's tone track, read ahead of its real-time clock."""

    async def grab() -> list[av.AudioFrame]:
        track = ToneAudioTrack(frequency)
        track._start = time.monotonic() - 3600  # the track paces itself; these tests need no waiting
        return [await track.recv() for _ in range(count)]

    return asyncio.run(grab())


def through_opus(frames: list[av.AudioFrame]) -> list[av.AudioFrame]:
    """What the station receives for these frames: encoded and decoded by aiortc's Opus codec."""
    encoder, decoder = OpusEncoder(), OpusDecoder()
    received: list[av.AudioFrame] = []
    for frame in frames:
        payloads, timestamp = encoder.encode(frame)
        for payload in payloads:
            received += decoder.decode(JitterFrame(payload, timestamp))
    return received


def pcm(frames: list[av.AudioFrame]) -> np.ndarray:
    converter = FrameConverter(RATE, 1)
    return np.concatenate([converter.convert(f) for f in frames])


def dominant_frequency(samples: np.ndarray, rate: int) -> float:
    samples = samples.astype(np.float64) - samples.mean()
    spectrum = np.abs(np.fft.rfft(samples * np.hanning(len(samples))))
    return float(np.argmax(spectrum) * rate / len(samples))


def rms(samples: np.ndarray) -> float:
    return float(np.sqrt(np.mean(samples.astype(np.float64) ** 2)))


def drain(buffer: JitterBuffer, blocks: int) -> tuple[np.ndarray, list[int]]:
    """Read `blocks` device blocks: the sound out, and how much of each block was sound."""
    out, real = [], []
    for _ in range(blocks):
        block = np.full((BLOCK, buffer.channels), 12345, np.int16)  # anything left unwritten shows
        real.append(buffer.read(block))
        out.append(block)
    return np.concatenate(out), real


# -- the jitter buffer -------------------------------------------------------------------------------
def test_nothing_plays_until_the_target_is_held_then_the_voice_comes_out_unchanged() -> None:
    frames = tone_frames(15)
    buffer = JitterBuffer(RATE, 1, target=0.12, limit=0.4)
    for frame in frames[:5]:  # 100 ms: not yet the 120 ms the buffer holds back
        buffer.write(pcm([frame]))
    silent, real = drain(buffer, 1)
    assert real == [0] and not silent.any()
    for frame in frames[5:]:
        buffer.write(pcm([frame]))
    played, real = drain(buffer, 30)
    assert sum(real) == 15 * 960 and buffer.buffered == 0
    assert np.array_equal(played[:sum(real)], pcm(frames))
    assert not played[sum(real):].any()  # then silence, never stale sound


def test_running_dry_plays_silence_then_waits_for_the_target_before_playing_again() -> None:
    frames = tone_frames(20)
    buffer = JitterBuffer(RATE, 1, target=0.12, limit=0.4)
    for frame in frames[:8]:  # 160 ms arrive, then the link stalls
        buffer.write(pcm([frame]))
    played, real = drain(buffer, 20)  # the device wants 200 ms
    assert sum(real) == 8 * 960 and buffer.underruns == 1
    assert not played[8 * 960:].any()
    buffer.write(pcm(frames[8:11]))  # 60 ms trickle in: below the target, still silence
    _, real = drain(buffer, 3)
    assert real == [0, 0, 0]
    buffer.write(pcm(frames[11:14]))  # 120 ms held: the voice resumes where it stopped
    resumed, real = drain(buffer, 12)
    assert sum(real) == 6 * 960
    assert np.array_equal(resumed[:6 * 960], pcm(frames[8:14]))


@pytest.mark.parametrize("arrives", ["frame by frame", "in one piece"])
@pytest.mark.parametrize(("target", "limit"), [(0.12, 0.4), (0.1, 0.2), (0.2, 0.4)])
def test_a_burst_after_a_stall_drops_the_oldest_sound_so_the_delay_stays_bounded(target: float, limit: float,
                                                                                 arrives: str) -> None:
    frames = tone_frames(50)  # one second arrives at once
    buffer = JitterBuffer(RATE, 1, target=target, limit=limit)
    for piece in ([[f] for f in frames] if arrives == "frame by frame" else [frames]):
        buffer.write(pcm(piece))
        assert buffer.delay <= limit
    kept = buffer.buffered
    assert round(target * RATE) <= kept <= round(limit * RATE)
    assert buffer.dropped == 50 * 960 - kept
    played, real = drain(buffer, -(-kept // BLOCK))
    assert sum(real) == kept
    assert np.array_equal(played[:kept], pcm(frames)[-kept:])  # what is left is the newest sound


@settings(max_examples=150, deadline=None)
@given(steps=st.lists(st.tuples(st.sampled_from(["write", "read"]), st.integers(1, 900)), max_size=60),
       target=st.integers(50, 400), extra=st.integers(0, 600))
def test_any_mix_of_arrivals_and_reads_keeps_order_and_bounded_delay(steps: list[tuple[str, int]], target: int,
                                                                     extra: int) -> None:
    rate = 1000  # small numbers so every sample can carry its own index (1..) on both channels
    buffer = JitterBuffer(rate, 2, target=target / rate, limit=(target + extra) / rate)
    sent, heard = 0, []
    for kind, count in steps:
        if kind == "write":
            index = np.arange(sent + 1, sent + count + 1)
            buffer.write(np.stack([index, -index], axis=1).astype(np.int16))
            sent += count
            assert buffer.buffered <= buffer.limit and buffer.delay <= buffer.limit / rate
        else:
            block = np.full((count, 2), 999, np.int16)
            real = buffer.read(block)
            assert not block[real:].any()  # the rest of the block is silence
            assert np.array_equal(block[:real, 1], -block[:real, 0])  # the channels stay paired
            heard += block[:real, 0].tolist()
    assert heard == sorted(set(heard)) and all(1 <= h <= sent for h in heard)  # in order, none twice
    assert buffer.played + buffer.dropped + buffer.buffered == buffer.written == sent


# -- from the network's frames to the device's format -----------------------------------------------
@pytest.mark.parametrize("frequency", [440.0, 1000.0])
@pytest.mark.parametrize(("rate", "channels"), [(48_000, 1), (48_000, 2), (44_100, 2), (44_100, 1), (16_000, 1)])
def test_the_specialists_voice_keeps_its_pitch_in_the_devices_format(frequency: float, rate: int,
                                                                     channels: int) -> None:
    received = through_opus(tone_frames(50, frequency))
    assert {(f.format.name, f.layout.name, f.sample_rate) for f in received} == {("s16", "stereo", RATE)}
    converter = FrameConverter(rate, channels)
    out = np.concatenate([converter.convert(f) for f in received])
    assert out.dtype == np.int16 and out.shape[1] == channels
    seconds = sum(f.samples for f in received) / RATE
    assert abs(len(out) - seconds * rate) <= 0.01 * rate
    steady = out[len(out) // 4:]  # past the codec's start
    if channels == 2:
        assert np.abs(steady[:, 0].astype(int) - steady[:, 1]).max() <= 1  # the same voice both sides
    assert abs(dominant_frequency(steady[:, 0], rate) - frequency) <= 1.5 * rate / len(steady)
    before = np.concatenate([f.to_ndarray().reshape(-1, 2) for f in received])[:, 0]
    level = rms(steady[:, 0]) / rms(before[len(before) // 4:])
    assert 0.9 <= level <= 1.1  # the conversion neither loses the voice nor clips it


def test_a_sender_that_changes_format_mid_call_is_still_heard() -> None:
    mono, stereo = tone_frames(25, 1000.0), through_opus(tone_frames(25, 1000.0))
    converter = FrameConverter(44_100, 1)
    out = np.concatenate([converter.convert(f) for f in mono + stereo + mono])
    assert abs(len(out) - 1.5 * 44_100 * (sum(f.samples for f in stereo) / (25 * 960) + 2) / 3) <= 0.02 * 44_100
    for part in (out[2000:20_000], out[-20_000:]):
        assert abs(dominant_frequency(part[:, 0], 44_100) - 1000) <= 5


# -- which way the sound goes out -------------------------------------------------------------------
class _NoPortAudio(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Imports sounddevice the way it fails on a computer without the PortAudio library."""

    def find_spec(self, name: str, path: Any, target: Any = None) -> importlib.machinery.ModuleSpec | None:
        return importlib.machinery.ModuleSpec(name, self) if name == "sounddevice" else None

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> None:
        return None

    def exec_module(self, module: Any) -> None:
        raise OSError("PortAudio library not found")


@pytest.fixture(params=["not installed", "no PortAudio library"])
def without_portaudio(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "not installed":
        monkeypatch.setitem(sys.modules, "sounddevice", None)
    else:
        monkeypatch.delitem(sys.modules, "sounddevice", raising=False)
        monkeypatch.setattr(sys, "meta_path", [_NoPortAudio(), *sys.meta_path])
    with pytest.raises((ImportError, OSError)):
        speaker_module._sounddevice()
    return request.param


def file_speakers(folder: Path, names: list[str]) -> Path:
    """An ALSA configuration whose speakers write what they play to `<name>.raw` in `folder`."""
    text = "".join(f'pcm.{"!" if n == "default" else ""}{n} {{\n type file\n slave.pcm {{ type null }}\n'
                   f' file "{folder / (n + ".raw")}"\n format "raw"\n}}\n' for n in names)
    conf = folder / "asound.conf"
    conf.write_text(text)
    return conf


def heard(path: Path) -> np.ndarray:
    samples = np.fromfile(path, np.int16) if path.exists() else np.zeros(0, np.int16)
    return samples[samples != 0]  # the device also played silence while the buffer filled


async def play_tone(speaker: Speaker, seconds: float, frequency: float = 440.0) -> int:
    """Play the tone track through `speaker` for `seconds`; returns how many frames were read."""
    read = 0

    class Counted(ToneAudioTrack):
        async def recv(self) -> av.AudioFrame:
            nonlocal read
            frame = await super().recv()
            read += 1
            return frame

    speaker.addTrack(Counted(frequency))
    task = asyncio.ensure_future(speaker.start())
    await asyncio.sleep(seconds)
    await speaker.stop()
    await task
    return read


alsa_output = pytest.mark.skipif(not sys.platform.startswith("linux") or "alsa" not in av.formats_available,
                                 reason="FFmpeg's ALSA output exists only on Linux builds of PyAV")


@alsa_output
def test_without_portaudio_linux_plays_the_voice_through_alsa(without_portaudio: str, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALSA_CONFIG_PATH", str(file_speakers(tmp_path, ["default"])))
    told: list[str] = []
    speaker = Speaker(on_problem=told.append, platform="linux")
    started = time.monotonic()
    frames_read = asyncio.run(play_tone(speaker, 0.8))
    elapsed = time.monotonic() - started
    assert speaker.backend == "alsa" and speaker.problem is None and told == []
    sound = heard(tmp_path / "default.raw")
    assert frames_read * 960 >= len(sound) >= 0.4 * RATE
    # The writer keeps to the clock: the device got no more than real time (plus its small lead).
    assert (tmp_path / "default.raw").stat().st_size / 2 <= (elapsed + 0.1) * RATE
    assert abs(dominant_frequency(sound, RATE) - 440) <= 3


@pytest.mark.parametrize(("platform", "alsa_works"), [("linux", False), ("win32", True), ("darwin", True)])
def test_with_no_way_to_play_sound_the_call_goes_on_and_the_health_worker_is_told(
        without_portaudio: str, platform: str, alsa_works: bool, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    # On Windows and macOS FFmpeg has no sound output, even where ALSA would work.
    conf = file_speakers(tmp_path, ["default"] if alsa_works else [])
    monkeypatch.setenv("ALSA_CONFIG_PATH", str(conf))
    told: list[str] = []
    speaker = Speaker(on_problem=told.append, platform=platform)
    frames_read = asyncio.run(play_tone(speaker, 0.3))
    assert speaker.backend == "none" and speaker.buffer is None
    assert speaker.problem == NO_SPEAKER and told == [NO_SPEAKER]
    assert NO_SPEAKER.startswith("No speaker or headset found: you will not hear the specialist")
    assert frames_read >= 8  # the voice is still read, so nothing piles up in the call
    assert not (tmp_path / "default.raw").exists()


@pytest.mark.parametrize(("platform", "backends"), [("linux", ("sounddevice", "alsa")),
                                                    ("win32", ("sounddevice",)), ("darwin", ("sounddevice",))])
def test_each_os_tries_portaudio_first_and_only_linux_falls_back_to_alsa(platform: str,
                                                                        backends: tuple[str, ...]) -> None:
    assert default_backends(platform) == backends


@alsa_output
def test_a_speaker_stopped_before_it_opened_never_opens(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALSA_CONFIG_PATH", str(file_speakers(tmp_path, ["default"])))
    speaker = Speaker(backends=("alsa",), platform="linux")
    asyncio.run(speaker.stop())  # the call ended while it was being set up
    speaker.open()
    assert speaker.sink is None and not (tmp_path / "default.raw").exists()


def test_without_portaudio_settings_offers_nothing_on_windows(without_portaudio: str) -> None:
    assert list_speakers("win32") == []


PROC_PCM = """00-00: ALC3246 Analog : ALC3246 Analog : playback 1 : capture 1
00-03: HDMI 0 : HDMI 0 : playback 1
01-00: USB Audio : USB Audio : playback 1 : capture 1
02-00: USB Mic : USB Mic : capture 1
"""


def test_linux_lists_its_sound_cards_outputs_for_the_alsa_fallback() -> None:
    assert parse_asound_pcm(PROC_PCM, "playback") == [
        Device("plughw:0,0", "ALC3246 Analog"), Device("plughw:0,3", "HDMI 0"), Device("plughw:1,0", "USB Audio")]
    assert [d.id for d in parse_asound_pcm(PROC_PCM)] == ["plughw:0,0", "plughw:1,0", "plughw:2,0"]


@pytest.mark.parametrize(("chosen", "tried"), [
    (None, ["default"]), ("default", ["default"]), ("plughw:1,0", ["plughw:1,0", "default"]),
    ("USB Audio: - (hw:1,0) [ALSA]", ["plughw:1,0", "default"]), ("Speakers (Realtek) [Windows WASAPI]", ["default"]),
])
def test_a_speaker_chosen_in_settings_is_found_again_by_the_alsa_fallback(chosen: str | None,
                                                                         tried: list[str]) -> None:
    assert speaker_module._alsa_targets(chosen) == tried


def test_a_call_plays_on_the_speaker_chosen_in_settings_unless_given_another_sink() -> None:
    def client() -> Any:
        raise AssertionError("no hub in this test")

    def call(**kwargs: Any) -> CallSession:
        media = open_local(None, None, synthetic=True, video=False)
        media.close()
        return CallSession(client, "r", "p", media=media, on_event=lambda e: None, **kwargs)

    chosen = call(speaker_device="USB Audio: - (hw:1,0) [ALSA]").speaker
    assert isinstance(chosen, Speaker) and chosen.device_id == "USB Audio: - (hw:1,0) [ALSA]"
    assert isinstance(call().speaker, Speaker) and call().speaker.device_id is None
    sink = Speaker(backends=())
    assert call(speaker=sink).speaker is sink


# -- a real PortAudio output -------------------------------------------------------------------------
PLAY_SCRIPT = """
import asyncio, json, os, sys
sys.path.insert(0, {root!r})
from sync.call.speaker import Speaker, list_speakers
from tests.unit.test_call_speaker import play_tone

async def main():
    result = {{"speakers": [[d.id, d.name] for d in list_speakers()]}}
    for name, device in (("headset", "headset [ALSA]"), ("default", None)):
        speaker = Speaker(device)
        await play_tone(speaker, 0.5)
        buffer = speaker.buffer
        result[name] = {{"backend": speaker.backend, "problem": speaker.problem,
                        "played": buffer.played if buffer else 0, "format": buffer and buffer.channels,
                        "default_touched": os.path.exists(sys.argv[1])}}
    print(json.dumps(result))

asyncio.run(main())
"""


def portaudio_missing() -> str | None:
    try:
        import sounddevice  # noqa: F401
    except (ImportError, OSError) as exc:
        return f"sounddevice with PortAudio is not available here ({exc}): real playback not tried"
    return None


def test_portaudio_plays_the_voice_on_the_default_speaker_and_on_the_one_chosen(tmp_path: Path) -> None:
    missing = portaudio_missing()
    if missing:
        warnings.warn(missing, stacklevel=1)
        pytest.skip(missing)
    conf = file_speakers(tmp_path, ["default", "headset"])
    env = {**os.environ, "ALSA_CONFIG_PATH": str(conf)}
    done = subprocess.run([sys.executable, "-c", PLAY_SCRIPT.format(root=str(ROOT)),
                           str(tmp_path / "default.raw")], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["speakers"][:1] == [["default", "System default speaker"]]
    assert result["headset"]["default_touched"] is False  # the chosen one played, not the usual one
    for name in ("default", "headset"):
        assert result[name]["backend"] == "sounddevice" and result[name]["problem"] is None
        assert result[name]["played"] >= 0.2 * RATE
        sound = heard(tmp_path / f"{name}.raw")
        assert len(sound) >= result[name]["played"] * result[name]["format"] * 0.95
        assert abs(dominant_frequency(sound[: RATE], RATE) - 440) <= 3
