"""Between the network and the sound device: the jitter buffer and the frame converter.

The network loop writes (asyncio thread); the sound device reads on its own thread (PortAudio's
callback, or the ALSA writer). The lock is held only for a copy, so the device never waits on
the loop.
"""

from __future__ import annotations

import threading
from typing import Any

import numpy as np

__all__ = ["RATE", "FrameConverter", "JitterBuffer"]
RATE = 48_000  # Opus's own rate: no resampling for most devices


class JitterBuffer:
    """Interleaved int16 sound between the loop (writer) and the sound device (reader); thread-safe.

    Plays nothing until `target` seconds are held; on running dry plays silence and holds back
    `target` again; past `limit` seconds drops the oldest sound down to `target`.
    """

    def __init__(self, rate: int = RATE, channels: int = 1, *, target: float = 0.12, limit: float = 0.4) -> None:
        self.rate, self.channels = rate, channels
        self.target = max(1, round(target * rate))
        self.limit = max(self.target, round(limit * rate))
        self._ring = np.zeros((self.limit, channels), np.int16)
        self._head = 0   # the oldest frame
        self._count = 0
        self._playing = False
        self._lock = threading.Lock()
        self.written = self.played = self.dropped = self.underruns = 0  # frames (underruns: times)

    @property
    def buffered(self) -> int:
        """Frames waiting to be played."""
        return self._count

    @property
    def delay(self) -> float:
        """Seconds of sound waiting to be played."""
        return self._count / self.rate

    def write(self, pcm: np.ndarray) -> None:
        """Queue frames (shape (n, channels) int16, or flat interleaved)."""
        pcm = np.asarray(pcm, np.int16).reshape(-1, self.channels)
        with self._lock:
            self.written += len(pcm)
            if self._count + len(pcm) > self.limit:
                drop = self._count + len(pcm) - self.target
                old = min(drop, self._count)
                self._head, self._count = (self._head + old) % self.limit, self._count - old
                pcm = pcm[drop - old:]  # more than the whole buffer came at once: keep its newest part
                self.dropped += drop
            tail = (self._head + self._count) % self.limit
            first = min(len(pcm), self.limit - tail)
            self._ring[tail:tail + first] = pcm[:first]
            self._ring[:len(pcm) - first] = pcm[first:]
            self._count += len(pcm)

    def read(self, out: np.ndarray) -> int:
        """Fill `out` (shape (n, channels)) with the next frames, silence where there are none.

        Returns how many frames of `out` are sound (the rest is silence).
        """
        wanted = len(out)
        with self._lock:
            if not self._playing and self._count >= self.target:
                self._playing = True
            take = min(wanted, self._count) if self._playing else 0
            first = min(take, self.limit - self._head)
            out[:first] = self._ring[self._head:self._head + first]
            out[first:take] = self._ring[:take - first]
            self._head, self._count = (self._head + take) % self.limit, self._count - take
            if self._playing and take < wanted:
                self._playing, self.underruns = False, self.underruns + 1
            self.played += take
        out[take:] = 0
        return take


class FrameConverter:
    """av.AudioFrame (any format, layout, rate) → int16 frames of shape (n, channels) at `rate`."""

    def __init__(self, rate: int = RATE, channels: int = 1) -> None:
        self.rate, self.channels = rate, channels
        self.layout = "mono" if channels == 1 else "stereo"
        self._resampler: Any = None
        self._source: tuple[str, str, int] | None = None

    def convert(self, frame: Any) -> np.ndarray:
        source = (frame.format.name, frame.layout.name, frame.sample_rate)
        if source == ("s16", self.layout, self.rate):
            return frame.to_ndarray().reshape(-1, self.channels)
        if source != self._source:  # a new resampler when the sender changes its format
            import av

            self._resampler = av.AudioResampler(format="s16", layout=self.layout, rate=self.rate)
            self._source = source
        parts = [f.to_ndarray().reshape(-1, self.channels) for f in self._resampler.resample(frame)]
        return np.concatenate(parts) if parts else np.zeros((0, self.channels), np.int16)
