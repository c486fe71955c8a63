"""How much to send per request, and how long to wait after a failure.

- `BatchSizer`: batches (and attachment chunks) sized so one request takes about
  `target_seconds` on the link in use. Each answer says how long the last request took; the
  next one is scaled by target ÷ that time, at most doubled or halved per step (so a slow
  start on a fresh link grows quickly, and a link that degrades is followed down).
- `Backoff`: exponential backoff with jitter while the hub cannot be reached.
"""

from __future__ import annotations

import random
from typing import Protocol


class Limits(Protocol):
    target_seconds: float
    start_batch: int
    max_batch: int
    min_chunk: int
    max_chunk: int


def _scale(seconds: float, target: float) -> float:
    return max(0.5, min(2.0, target / max(seconds, 1e-3)))


class BatchSizer:
    """Changes per push and bytes per attachment chunk, learned from the link."""

    def __init__(self, limits: Limits, count: int | None = None, bytes_per_change: float | None = None,
                 throughput: float | None = None) -> None:
        self.limits = limits
        self.count = max(1, min(limits.max_batch, count or limits.start_batch))
        self.bytes_per_change = bytes_per_change or 400.0  # compressed, learned
        self.throughput = throughput  # bytes per second seen by whole requests (round trips included)
        start = int(throughput * limits.target_seconds) if throughput else 4 * limits.min_chunk
        self.chunk = max(limits.min_chunk, min(limits.max_chunk, start))

    def observe(self, changes: int, sent: int, seconds: float) -> None:
        """A push of `changes` changes (`sent` bytes on the wire) took `seconds`."""
        if changes <= 0:
            return
        self.bytes_per_change = 0.5 * self.bytes_per_change + 0.5 * (sent / changes)
        self._rate(sent, seconds)
        proposal = changes * _scale(seconds, self.limits.target_seconds)
        if changes < self.count:
            proposal = max(proposal, self.count)  # that batch was short of changes, not of time
        self.count = int(max(1, min(self.limits.max_batch, proposal)))

    def observe_chunk(self, sent: int, seconds: float) -> None:
        """An attachment chunk of `sent` bytes took `seconds`."""
        self._rate(sent, seconds)
        if sent >= self.chunk:
            proposal = sent * _scale(seconds, self.limits.target_seconds)
            self.chunk = int(max(self.limits.min_chunk, min(self.limits.max_chunk, proposal)))

    def _rate(self, sent: int, seconds: float) -> None:
        rate = sent / max(seconds, 0.05)
        self.throughput = rate if self.throughput is None else 0.7 * self.throughput + 0.3 * rate

    def shrink(self) -> None:
        """A request timed out or was too large: halve."""
        self.count = max(1, self.count // 2)
        self.chunk = max(self.limits.min_chunk, self.chunk // 2)
        if self.throughput is not None:
            self.throughput /= 2


class Backoff:
    """Exponential backoff with jitter: base·2ⁿ capped, a random point in its upper half."""

    def __init__(self, base: float = 5.0, cap: float = 600.0, rng: random.Random | None = None) -> None:
        self.base, self.cap = base, cap
        self.failures = 0
        self.rng = rng or random.Random()

    def next_delay(self) -> float:
        self.failures += 1
        ceiling = min(self.cap, self.base * 2 ** min(self.failures - 1, 30))
        return self.rng.uniform(ceiling / 2, ceiling)

    def reset(self) -> None:
        self.failures = 0
