"""How good the call's link is, from getStats figures: a pure policy with hysteresis.

Each sample (every ~2 s) is judged good, weak or audio-only against thresholds. The level
steps down after `down_after` bad samples in a row, straight to the worst level seen among
them (a call about to drop must shed video at once), and steps back up one level at a time
after `up_after` good samples in a row (a link that recovers for a moment must not make the
picture flap). No figure at all (None everywhere) tells nothing and changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

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
    down_after: int = 2
    up_after: int = 5
    up_from_audio_only_after: int = 8  # coming back to video costs a keyframe: be surer first

    def __post_init__(self) -> None:
        if not (0 < self.weak_rtt < self.audio_only_rtt and 0 < self.weak_loss < self.audio_only_loss < 1
                and self.weak_fps > self.audio_only_fps >= 0):
            raise ValueError("thresholds must grow from weak to audio_only (fps: shrink)")
        if min(self.down_after, self.up_after, self.up_from_audio_only_after) < 1:
            raise ValueError("sample counts must be at least 1")


def judge(rtt_s: float | None, loss: float | None, fps: float | None, limits: Thresholds) -> Level | None:
    """The level one sample calls for, or None when it carries no figure."""
    if rtt_s is None and loss is None and fps is None:
        return None
    if ((rtt_s is not None and rtt_s >= limits.audio_only_rtt)
            or (loss is not None and loss >= limits.audio_only_loss)
            or (fps is not None and fps < limits.audio_only_fps)):
        return "audio_only"
    if ((rtt_s is not None and rtt_s >= limits.weak_rtt)
            or (loss is not None and loss >= limits.weak_loss)
            or (fps is not None and fps < limits.weak_fps)):
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

    def update(self, rtt_s: float | None, loss: float | None, fps: float | None) -> Level:
        """Feed one sample (loss as a fraction 0..1, fps of the video received) and get the level."""
        if loss is not None and not 0 <= loss <= 1:
            raise ValueError("loss must be a fraction between 0 and 1")
        sample = judge(rtt_s, loss, fps, self.limits)
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
