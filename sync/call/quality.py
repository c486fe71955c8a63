"""How good the call's link is, from getStats figures: a pure policy with hysteresis.

Each sample (every ~2 s) is judged good, weak or audio-only against thresholds. The level
steps down after `down_after` bad samples in a row, straight to the worst level seen among
them (a call about to drop must shed video at once), and steps back up one level at a time
after `up_after` good samples in a row (a link that recovers for a moment must not make the
picture flap). No figure at all (None everywhere) tells nothing and changes nothing.

A sample may merge both ends' figures (`merge`): the specialist's browser reports its own RTT,
loss, received fps and the bitrate its congestion control says it can send, so one policy
decides for the whole call and both sides follow it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

Level = Literal["good", "weak", "audio_only"]
LEVELS: tuple[Level, ...] = ("good", "weak", "audio_only")


@dataclass(frozen=True)
class Thresholds:
    """At or above a `weak_*`/`audio_only_*` figure (fps: below), a sample is that bad."""

    weak_rtt: float = 1.2  # seconds; the EDGE link itself is ~0.6-0.9 s with its queue
    weak_loss: float = 0.08  # 2% random loss measures up to ~5% over 2 s windows
    weak_fps: float = 6.0
    audio_only_rtt: float = 2.5
    audio_only_loss: float = 0.20
    audio_only_fps: float = 2.0
    # The sender's own estimate of what the link carries (kbit/s; Chromium's availableOutgoingBitrate):
    # the specialist's video needs ~100, voice alone ~30 with its packet overhead.
    weak_kbps: float = 100.0
    audio_only_kbps: float = 40.0
    down_after: int = 2
    up_after: int = 5
    up_from_audio_only_after: int = 8  # coming back to video costs a keyframe: be surer first

    def __post_init__(self) -> None:
        if not (0 < self.weak_rtt < self.audio_only_rtt and 0 < self.weak_loss < self.audio_only_loss < 1
                and self.weak_fps > self.audio_only_fps >= 0 and self.weak_kbps > self.audio_only_kbps >= 0):
            raise ValueError("thresholds must grow from weak to audio_only (fps: shrink)")
        if min(self.down_after, self.up_after, self.up_from_audio_only_after) < 1:
            raise ValueError("sample counts must be at least 1")


@dataclass(frozen=True)
class Sample:
    """One interval's figures; None where nothing was measured."""

    rtt_s: float | None = None
    loss: float | None = None  # fraction 0..1
    fps: float | None = None  # video frames received per second
    kbps: float | None = None  # what the sender's congestion control says it can send


def merge(*samples: Sample | None) -> Sample:
    """The worst of each figure over both ends of the call."""
    here = [s for s in samples if s is not None]

    def worst(values: list[float | None], low_is_bad: bool) -> float | None:
        known = [v for v in values if v is not None]
        return (min(known) if low_is_bad else max(known)) if known else None

    # aiortc can compute a negative round trip from a receiver report (clock artefacts): not a figure.
    return Sample(worst([s.rtt_s for s in here if s.rtt_s is None or s.rtt_s >= 0], False),
                  worst([s.loss for s in here], False),
                  worst([s.fps for s in here], True), worst([s.kbps for s in here], True))


def link_sample(message: dict[str, Any]) -> Sample:
    """The figures of a `link` message from the specialist's browser (checked by the hub)."""
    def figure(name: str) -> float | None:
        value = message.get(name)
        return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None

    loss = figure("loss")
    return Sample(figure("rtt"), min(1.0, max(0.0, loss)) if loss is not None else None, figure("fps"),
                  figure("kbps"))


def judge(rtt_s: float | None, loss: float | None, fps: float | None, limits: Thresholds,
          kbps: float | None = None) -> Level | None:
    """The level one sample calls for, or None when it carries no figure."""
    if rtt_s is None and loss is None and fps is None and kbps is None:
        return None
    if ((rtt_s is not None and rtt_s >= limits.audio_only_rtt)
            or (loss is not None and loss >= limits.audio_only_loss)
            or (fps is not None and fps < limits.audio_only_fps)
            or (kbps is not None and kbps < limits.audio_only_kbps)):
        return "audio_only"
    if ((rtt_s is not None and rtt_s >= limits.weak_rtt)
            or (loss is not None and loss >= limits.weak_loss)
            or (fps is not None and fps < limits.weak_fps)
            or (kbps is not None and kbps < limits.weak_kbps)):
        return "weak"
    return "good"


class QualityPolicy:
    """Turns a stream of (rtt, loss, fps) samples into a steady level."""

    def __init__(self, thresholds: Thresholds | None = None, start: Level = "good") -> None:
        self.limits = thresholds or Thresholds()
        self.level: Level = start
        self.worst: Level = start  # the worst level the call has been at (for the call record)
        self._worse: list[Level] = []  # recent samples worse than the level, in a row
        self._better = 0  # recent samples better than the level, in a row

    def update(self, rtt_s: float | None, loss: float | None, fps: float | None,
               kbps: float | None = None) -> Level:
        """Feed one sample (loss as a fraction 0..1, fps of the video received, the sender's
        estimated kbit/s) and get the level."""
        if loss is not None and not 0 <= loss <= 1:
            raise ValueError("loss must be a fraction between 0 and 1")
        sample = judge(rtt_s, loss, fps, self.limits, kbps)
        if sample is None:
            return self.level
        rank, current = LEVELS.index(sample), LEVELS.index(self.level)
        if rank > current:
            self._better = 0
            self._worse.append(sample)
            if len(self._worse) >= self.limits.down_after:
                self._set(max(self._worse, key=LEVELS.index))
        elif rank < current:
            self._worse = []
            self._better += 1
            needed = self.limits.up_from_audio_only_after if self.level == "audio_only" else self.limits.up_after
            if self._better >= needed:
                self._set(LEVELS[current - 1])
        else:
            self._worse, self._better = [], 0
        return self.level

    def force(self, level: Level) -> None:
        """Set the level by hand (the audio-only button); later samples start from it.

        A choice made by hand says nothing about the link, so it does not count towards `worst`.
        """
        self._set(level, measured=False)

    def _set(self, level: Level, measured: bool = True) -> None:
        self.level = level
        self._worse, self._better = [], 0
        if measured and LEVELS.index(level) > LEVELS.index(self.worst):
            self.worst = level
