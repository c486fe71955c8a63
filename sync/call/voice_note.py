"""Recording a voice note from the microphone chosen in Settings, and playing one on the speaker.

Recording: FFmpeg (PyAV) reads the microphone on its own thread; every frame is measured for the
level meter and encoded as Opus (mono, speech settings, 12 kbit/s) into an Ogg file in memory,
which any browser plays. The UI polls `level`, `elapsed` and `state` on a timer. The recording
stops by itself at the time limit.

Playing: the note is decoded by FFmpeg and goes out through the same speaker or headset path as
a call's voice (sync.call.speaker), paced so its jitter buffer never overflows.
"""

from __future__ import annotations

import contextlib
import io
import logging
import threading
import time
from typing import Any

import av
import numpy as np

from sync.call.devices import ensure_alsa_config, open_first
from sync.call.media import AUDIO_RATE, microphone_spec
from sync.call.speaker import Speaker, open_speaker
from sync.wire.voice import MAX_SECONDS

log = logging.getLogger("sync.call.voice_note")
BITRATE = 12_000
OPUS_OPTIONS = {"application": "voip", "frame_duration": "60", "vbr": "on"}


def encoder(buffer: io.BytesIO) -> tuple[Any, Any]:
    """An Ogg container writing Opus speech (mono, 48 kHz, BITRATE) into `buffer`."""
    out = av.open(buffer, mode="w", format="ogg")
    stream = out.add_stream("libopus", rate=AUDIO_RATE, options=OPUS_OPTIONS)
    stream.layout = "mono"
    stream.bit_rate = BITRATE
    return out, stream


def encode_pcm(samples: np.ndarray, rate: int = AUDIO_RATE) -> bytes:
    """Mono int16 samples as an Ogg Opus voice note (for imports and tests)."""
    buffer = io.BytesIO()
    out, stream = encoder(buffer)
    frame = av.AudioFrame.from_ndarray(np.asarray(samples, np.int16).reshape(1, -1), format="s16", layout="mono")
    frame.sample_rate, frame.pts = rate, 0
    for packet in stream.encode(frame):
        out.mux(packet)
    for packet in stream.encode(None):
        out.mux(packet)
    out.close()
    return buffer.getvalue()


class Recorder:
    """One recording. start(), then poll; stop() returns the Ogg Opus bytes (None if nothing).

    `state`: "opening", "recording", "done" (stopped, or the limit reached), "failed" (`problem`
    says why: no microphone, or it gave no sound).
    """

    def __init__(self, mic: str | None = None, *, limit: float = MAX_SECONDS,
                 spec: tuple[str, str | None, list[dict[str, str]]] | None = None) -> None:
        self.spec = spec or microphone_spec(mic or None)
        self.limit = limit
        self.state = "opening"
        self.problem: str | None = None
        self.level = 0.0      # 0..1, the loudest sample of the last ~50 ms
        self.elapsed = 0.0    # seconds of sound recorded
        self.peak = 0.0       # loudest level of the whole recording
        self._stop = threading.Event()
        self._data: bytes | None = None
        self._thread = threading.Thread(target=self._run, name="voice-note-recorder", daemon=True)

    def start(self) -> Recorder:
        self._thread.start()
        return self

    @property
    def reached_limit(self) -> bool:
        return self.elapsed >= self.limit

    def stop(self, timeout: float = 5.0) -> bytes | None:
        """Stop and return the note (blocks until the file is closed; at most `timeout` seconds)."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout)
        return self._data

    def _open(self) -> Any:
        if self.spec[1] == "alsa":
            ensure_alsa_config()
        return open_first(self.spec, av.open)

    def _run(self) -> None:
        try:
            source = self._open()
        except OSError as exc:
            log.warning("no microphone for a voice note: %s", exc)
            self.problem, self.state = str(exc), "failed"
            return
        buffer = io.BytesIO()
        out, stream = encoder(buffer)
        resampler = av.AudioResampler(format="s16", layout="mono", rate=AUDIO_RATE)
        samples = 0
        pending: list[np.ndarray] = []
        held = 0
        self.state = "recording"
        try:
            stream_in = source.streams.audio[0]
            ctx = stream_in.codec_context
            raw = ctx.name == "pcm_s16le" and ctx.channels == 1 and ctx.sample_rate == AUDIO_RATE
            for packet in source.demux(stream_in):
                # Some devices hand over a few samples at a time: their bytes are taken as they are
                # (decoding each would fall behind) and gathered to 20 ms before the work.
                if raw:
                    pieces = [np.frombuffer(bytes(packet), "<i2")]
                else:
                    pieces = [m.to_ndarray().reshape(-1) for f in packet.decode() for m in resampler.resample(f)]
                for piece in pieces:
                    pending.append(piece)
                    held += len(piece)
                if held < AUDIO_RATE // 50 and not self._stop.is_set():
                    continue
                pcm = np.concatenate(pending)[:max(0, int(self.limit * AUDIO_RATE) - samples)]
                pending, held = [], 0
                if len(pcm):
                    self.level = float(np.abs(pcm.astype(np.int32)).max()) / 32768
                    self.peak = max(self.peak, self.level)
                    block = av.AudioFrame.from_ndarray(pcm.reshape(1, -1), format="s16", layout="mono")
                    block.sample_rate, block.pts = AUDIO_RATE, samples
                    for packet in stream.encode(block):
                        out.mux(packet)
                    samples += len(pcm)
                    self.elapsed = samples / AUDIO_RATE
                if self._stop.is_set() or samples >= self.limit * AUDIO_RATE:
                    break
            for packet in stream.encode(None):
                out.mux(packet)
            out.close()
            self._data = buffer.getvalue() if samples else None
            self.state = "done"
        except Exception as exc:  # FFmpeg raises many kinds; a broken device must not crash the app
            log.exception("the voice note recording failed")
            self.problem, self.state = str(exc), "failed"
        finally:
            self.level = 0.0
            with contextlib.suppress(Exception):
                source.close()


def decode(data: bytes) -> list[av.AudioFrame]:
    """Every frame of a note (Ogg or WebM Opus), decoded."""
    with av.open(io.BytesIO(data), mode="r") as container:
        return list(container.decode(audio=0))


def decoded_seconds(data: bytes) -> float:
    frames = decode(data)
    return sum(f.samples for f in frames) / (frames[0].sample_rate if frames else AUDIO_RATE)


class NotePlayer:
    """Plays one note on the speaker chosen in Settings, on its own thread.

    `state`: "playing", "done", "stopped" or "failed" (`problem`: no speaker or headset).
    """

    def __init__(self, data: bytes, speaker_id: str | None = None, *, speaker: Speaker | None = None) -> None:
        self.data = data
        self.speaker_id = speaker_id
        self._speaker = speaker
        self.state = "playing"
        self.problem: str | None = None
        self.position = 0.0
        self.duration = 0.0
        self.played_samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="voice-note-player", daemon=True)

    def start(self) -> NotePlayer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(3.0)

    def wait(self, timeout: float | None = None) -> str:
        self._thread.join(timeout)
        return self.state

    def _run(self) -> None:
        speaker = self._speaker or open_speaker(self.speaker_id)
        try:
            frames = decode(self.data)
            self.duration = sum(f.samples for f in frames) / (frames[0].sample_rate if frames else AUDIO_RATE)
            buffer = speaker.buffer
            if buffer is None:
                self.problem, self.state = speaker.problem, "failed"
                return
            for frame in frames:
                while buffer.delay > 0.25 and not self._stop.is_set():
                    time.sleep(0.02)  # the buffer drops sound past 0.4 s: keep it fed, not flooded
                if self._stop.is_set():
                    self.state = "stopped"
                    return
                speaker.play(frame)
                self.played_samples += frame.samples
                self.position = self.played_samples / frame.sample_rate
            while buffer.delay > 0 and not self._stop.is_set():
                time.sleep(0.02)
            self.state = "stopped" if self._stop.is_set() else "done"
        except Exception as exc:
            log.exception("a voice note could not be played")
            self.problem, self.state = str(exc), "failed"
        finally:
            speaker.close()
