"""The specialist's voice on this computer's speaker or headset, on every OS.

The FFmpeg inside PyAV has no sound output on Windows or macOS, so the voice goes out through
PortAudio (`sounddevice`; its Windows and macOS wheels carry PortAudio, Linux needs the system's
libportaudio2). Without it, Linux falls back to FFmpeg's ALSA output; with neither, the call goes
on without sound and the health worker is told (`Speaker.problem`).

Frames arrive on the network loop (asyncio) and are converted to the device's format there; the
sound device takes them from a `JitterBuffer` on its own thread. That buffer is the only thing the
two share: a lock held for a copy, so the device never waits on the loop. It holds back ~120 ms
before playing, plays silence when it runs dry, and drops the oldest sound when more than ~400 ms
piles up (a burst after a stall), so the voice never drifts behind the picture.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import sys
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np
from aiortc.mediastreams import MediaStreamError, MediaStreamTrack

from sync.call.devices import Device, ensure_alsa_config, parse_asound_pcm
from sync.call.playout import RATE, FrameConverter, JitterBuffer
from sync.call.problems import NO_SPEAKER

__all__ = ["DEFAULT_SPEAKER", "NO_SPEAKER", "FrameConverter", "JitterBuffer", "Speaker", "default_backends",
           "list_speakers", "open_speaker"]
log = logging.getLogger("sync.call.speaker")

DEFAULT_SPEAKER = "default"  # the id of "whatever the computer normally plays through"
LATENCY = 0.06       # seconds asked of the device (PortAudio rounds to what the driver can do)
ALSA_BLOCK = 480     # 10 ms per write in the ALSA fallback
ALSA_LEAD = 0.05     # how far the ALSA writer runs ahead of the clock (its device buffer holds > 1 s)

_pa_lock = threading.RLock()  # PortAudio's listing, opening and rescanning: one thread at a time
_pa_streams = 0               # streams open now (rescanning PortAudio would close them)


# -- PortAudio (sounddevice) -------------------------------------------------------------------------
def _sounddevice() -> Any:
    """The sounddevice module. Raises ImportError (not installed) or OSError (no PortAudio library)."""
    import sounddevice

    return sounddevice


def _rescan(sd: Any) -> None:
    """Let PortAudio see headsets plugged in since it started (only when none of our streams is open)."""
    if _pa_streams == 0:
        try:
            sd._terminate()
            sd._initialize()
        except Exception as exc:  # private in sounddevice: a change there must not cost the sound
            log.info("PortAudio could not look for new devices: %s", exc)


def _portaudio_id(sd: Any, info: dict[str, Any]) -> str:
    return f"{info['name']} [{sd.query_hostapis(info['hostapi'])['name']}]"


def _listed_api(sd: Any, platform: str) -> int:
    """The host API whose devices Settings shows (Windows lists each device under four APIs)."""
    if platform.startswith("win"):
        for index, api in enumerate(sd.query_hostapis()):
            if api["name"] == "Windows WASAPI":
                return index
    return int(sd.default.hostapi)


def _portaudio_speakers(sd: Any, platform: str) -> list[Device]:
    api = _listed_api(sd, platform)
    found = []
    for info in sd.query_devices():
        if info["max_output_channels"] < 1 or info["hostapi"] != api or info["name"] in ("default", "sysdefault"):
            continue
        if platform.startswith("linux") and "(hw:" not in info["name"]:
            continue  # ALSA's plug-ins (dmix, surround51, pulse…) mean nothing to a health worker
        found.append(Device(_portaudio_id(sd, info), info["name"]))
    return found


class PortAudioSink:
    """A PortAudio output stream playing from a JitterBuffer."""

    backend = "sounddevice"

    def __init__(self, sd: Any, device: int | None, rate: int, channels: int, extra: Any = None) -> None:
        global _pa_streams
        self.rate, self.channels = rate, channels
        self.buffer = JitterBuffer(rate, channels)
        self.device_underflows = 0
        self.name = sd.query_devices(device, "output")["name"]
        self.stream = sd.RawOutputStream(samplerate=rate, channels=channels, dtype="int16", device=device,
                                         latency=LATENCY, extra_settings=extra, callback=self._callback)
        with _pa_lock:
            _pa_streams += 1
        self._closed = False

    def _callback(self, outdata: Any, frames: int, _time: Any, status: Any) -> None:
        # PortAudio's thread: never block, never raise.
        try:
            if status.output_underflow:
                self.device_underflows += 1
            self.buffer.read(np.frombuffer(outdata, np.int16).reshape(frames, self.channels))
        except Exception:
            outdata[:] = bytes(len(outdata))

    def start(self) -> None:
        self.stream.start()

    def close(self) -> None:
        global _pa_streams
        if self._closed:
            return
        self._closed = True
        with contextlib.suppress(Exception):
            self.stream.abort()
        with contextlib.suppress(Exception):
            self.stream.close()
        with _pa_lock:
            _pa_streams -= 1


def _open_portaudio(device_id: str | None, platform: str) -> PortAudioSink:
    sd = _sounddevice()
    with _pa_lock:
        _rescan(sd)
        chosen: list[tuple[int | None, Any]] = []
        if device_id and device_id != DEFAULT_SPEAKER:
            for index, info in enumerate(sd.query_devices()):
                if info["max_output_channels"] > 0 and _portaudio_id(sd, info) == device_id:
                    wasapi = sd.query_hostapis(info["hostapi"])["name"] == "Windows WASAPI"
                    # WASAPI shared mode plays only the mixer's rate unless asked to convert.
                    chosen.append((index, sd.WasapiSettings(auto_convert=True) if wasapi else None))
            if not chosen:
                log.info("the chosen speaker %r is not connected: using the computer's usual one", device_id)
        chosen.append((None, None))
        error: Exception | None = None
        for device, extra in chosen:
            try:
                info = sd.query_devices(device, "output")
            except Exception as exc:  # no default output device at all
                error = exc
                continue
            rates = dict.fromkeys([RATE, round(info["default_samplerate"] or RATE)])
            for rate in rates:
                for channels in (1, 2):
                    try:
                        sd.check_output_settings(device, channels=channels, dtype="int16",
                                                 extra_settings=extra, samplerate=rate)
                        sink = PortAudioSink(sd, device, rate, channels, extra)
                    except Exception as exc:
                        error = exc
                        continue
                    try:
                        sink.start()
                    except Exception as exc:
                        sink.close()
                        error = exc
                        continue
                    return sink
    raise OSError(f"PortAudio could not open an output: {error}")


# -- FFmpeg's ALSA output (Linux) ----------------------------------------------------------------------
def _alsa_targets(device_id: str | None) -> list[str]:
    """ALSA names to try for a speaker id (a plughw id, or a PortAudio id naming its hw device)."""
    if device_id and re.fullmatch(r"(plug)?hw:\d+(,\d+)?", device_id):
        return [device_id, "default"]
    match = re.search(r"\(hw:(\d+),(\d+)\)", device_id or "")
    return [f"plughw:{match.group(1)},{match.group(2)}", "default"] if match else ["default"]


class AlsaSink:
    """FFmpeg's ALSA output, written by a thread that keeps only ALSA_LEAD seconds ahead."""

    backend = "alsa"

    def __init__(self, target: str) -> None:
        import av

        self.rate, self.channels, self.name = RATE, 1, target
        self.buffer = JitterBuffer(RATE, 1)
        self.container: Any = av.open(target, mode="w", format="alsa")
        try:
            self.stream: Any = self.container.add_stream("pcm_s16le", rate=RATE, layout="mono")
            self.container.start_encoding()  # opens the device: fails here when there is none
        except Exception:
            with contextlib.suppress(Exception):
                self.container.close()
            raise
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._write, name="speaker-alsa", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _write(self) -> None:
        import av

        block = np.zeros((ALSA_BLOCK, 1), np.int16)
        written, began = 0, time.monotonic()
        try:
            while not self._stopped.is_set():
                ahead = written / RATE - (time.monotonic() - began)
                if ahead > ALSA_LEAD:
                    self._stopped.wait(ahead - ALSA_LEAD)
                    continue
                self.buffer.read(block)
                frame = av.AudioFrame.from_ndarray(block.reshape(1, -1), format="s16", layout="mono")
                frame.sample_rate, frame.pts = RATE, written
                for packet in self.stream.encode(frame):
                    self.container.mux(packet)  # releases the GIL while ALSA takes the sound
                written += ALSA_BLOCK
        except Exception:
            log.exception("the ALSA speaker stopped; the call goes on without sound")

    def close(self) -> None:
        self._stopped.set()
        if self._thread.is_alive():
            self._thread.join(2.0)
        if not self._thread.is_alive():  # never close under a writer still inside FFmpeg
            with contextlib.suppress(Exception):
                self.container.close()


def _open_alsa(device_id: str | None) -> AlsaSink:
    ensure_alsa_config()
    error: Exception | None = None
    for target in dict.fromkeys(_alsa_targets(device_id)):
        try:
            sink = AlsaSink(target)
            sink.start()
            return sink
        except Exception as exc:  # FFmpeg raises several kinds (OSError, av.error.*)
            error = exc
    raise OSError(f"ALSA could not open an output: {error}")


# -- choosing and playing ----------------------------------------------------------------------------
def default_backends(platform: str = sys.platform) -> tuple[str, ...]:
    """The ways to play sound here, best first (FFmpeg has sound output only on Linux)."""
    return ("sounddevice", "alsa") if platform.startswith("linux") else ("sounddevice",)


def list_speakers(platform: str = sys.platform) -> list[Device]:
    """Speakers and headsets for Settings: the computer's usual one first (id DEFAULT_SPEAKER).

    Empty when none is found. Never raises.
    """
    found: list[Device] = []
    try:
        sd = _sounddevice()
        with _pa_lock:
            _rescan(sd)
            found = _portaudio_speakers(sd, platform)
            has_default = int(sd.default.device[1]) >= 0
    except (ImportError, OSError):
        proc_pcm = Path("/proc/asound/pcm")
        if platform.startswith("linux") and proc_pcm.exists():
            found = parse_asound_pcm(proc_pcm.read_text(), "playback")
        has_default = bool(found)
    except Exception:
        log.exception("listing speakers failed")
        return []
    return ([Device(DEFAULT_SPEAKER, "System default speaker")] if has_default or found else []) + found


def _open_sink(device_id: str | None, backends: tuple[str, ...], platform: str) -> PortAudioSink | AlsaSink | None:
    for backend in backends:
        try:
            sink = _open_portaudio(device_id, platform) if backend == "sounddevice" else _open_alsa(device_id)
        except Exception as exc:  # no library, no device, a driver's refusal: try the next way
            log.warning("no sound through %s: %s", backend, exc)
            continue
        log.info("the specialist's voice plays through %s (%s, %d Hz, %d channel(s))",
                 sink.name, backend, sink.rate, sink.channels)
        return sink
    return None


class Speaker:
    """Plays one remote audio track; shaped like aiortc's MediaRecorder (addTrack, start, stop).

    Nothing here raises into the call: a speaker that cannot be opened becomes "none" (`problem`
    holds the words for the health worker) and the track is still read, so nothing piles up.
    """

    def __init__(self, device_id: str | None = None, *, on_problem: Any = None,
                 platform: str = sys.platform, backends: tuple[str, ...] | None = None) -> None:
        self.device_id = device_id or None
        self.on_problem = on_problem  # called once on the loop with `problem`
        self.platform = platform
        self.backends = default_backends(platform) if backends is None else backends
        self.backend: str | None = None  # "sounddevice", "alsa" or "none" once opened
        self.problem: str | None = None
        self.sink: PortAudioSink | AlsaSink | None = None
        self._converter: FrameConverter | None = None
        self._track: MediaStreamTrack | None = None
        self._state = "new"  # new → opening → open | stopped
        self._lock = threading.Lock()
        self._opening: asyncio.Future[Any] | None = None
        self._pump: asyncio.Task[Any] | None = None
        self._told = self._complained = False

    @property
    def buffer(self) -> JitterBuffer | None:
        return self.sink.buffer if self.sink is not None else None

    def open(self) -> Speaker:
        """Open the device now; blocks (some drivers take a second). Once; never raises."""
        with self._lock:
            if self._state != "new":
                return self
            self._state = "opening"
        sink = _open_sink(self.device_id, self.backends, self.platform)
        with self._lock:
            stopped = self._state == "stopped"
            if not stopped:
                self._state, self.sink = "open", sink
                self.backend = sink.backend if sink is not None else "none"
                self.problem = None if sink is not None else NO_SPEAKER
                self._converter = FrameConverter(sink.rate, sink.channels) if sink is not None else None
        if stopped and sink is not None:  # the call ended while the device was opening
            sink.close()
        return self

    async def prepare(self) -> None:
        """Open the device off the loop (once), then tell `on_problem` if there is none."""
        if self._opening is None:
            self._opening = asyncio.get_running_loop().run_in_executor(None, self.open)
        await asyncio.shield(self._opening)  # a cancelled caller must not abandon an opening device
        if self.problem and not self._told and self.on_problem is not None:
            self._told = True
            try:
                self.on_problem(self.problem)
            except Exception:
                log.exception("the speaker's problem could not be reported")

    def addTrack(self, track: MediaStreamTrack) -> None:  # aiortc's MediaRecorder's name
        self._track = track

    async def start(self) -> None:
        """Play the track until it ends or `stop()`; run it as a task."""
        self._pump = asyncio.current_task()
        with contextlib.suppress(MediaStreamError, asyncio.CancelledError):
            await self.prepare()
            while self._track is not None and self._state != "stopped":
                self.play(await self._track.recv())

    def play(self, frame: Any) -> None:
        """One frame from the network loop into the device's buffer."""
        sink, converter = self.sink, self._converter
        if sink is None or converter is None or self._state == "stopped":
            return  # no speaker: the voice is read and let go
        try:
            sink.buffer.write(converter.convert(frame))
        except Exception:
            if not self._complained:
                self._complained = True
                log.exception("a sound frame could not be played")

    def close(self) -> None:
        """Stop playing and close the device, from a plain thread (a voice note's player)."""
        with self._lock:
            self._state, sink = "stopped", self.sink
        if sink is not None:
            sink.close()

    async def stop(self) -> None:
        """Stop playing and close the device (also while it is still opening)."""
        with self._lock:
            self._state, sink = "stopped", self.sink
        if self._pump is not None and self._pump is not asyncio.current_task():
            self._pump.cancel()
        if sink is not None:
            await asyncio.get_running_loop().run_in_executor(None, sink.close)


def open_speaker(device_id: str | None = None, *, platform: str = sys.platform,
                 backends: tuple[str, ...] | None = None) -> Speaker:
    """A Speaker with its device open (blocking; call it off the loop). `device_id`: from list_speakers(),
    or None / DEFAULT_SPEAKER for the computer's usual one. Never raises: see `Speaker.problem`."""
    return Speaker(device_id, platform=platform, backends=backends).open()
