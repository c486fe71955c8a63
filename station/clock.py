"""Record identifiers (UUIDv7) and the hybrid logical clock.

Clinic PCs often have dead CMOS batteries: the wall clock may jump back by years after a
power cut. The hybrid logical clock never goes backwards (it remembers the last value it
issued, persisted with every write) and absorbs clocks seen from the hub, so ordering stays
right even when the wall clock is wrong.
"""

from __future__ import annotations

import os
import threading
import time
import uuid
from datetime import UTC, datetime


def uuid7(now_ms: int | None = None) -> str:
    """A time-ordered UUID (RFC 9562 version 7)."""
    ms = int(time.time() * 1000) if now_ms is None else now_ms
    rand = int.from_bytes(os.urandom(10), "big")
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    value |= (rand >> 68 & 0xFFF) << 64
    value |= 0b10 << 62
    value |= rand & ((1 << 62) - 1)
    return str(uuid.UUID(int=value))


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def format_hlc(ms: int, counter: int, node: str) -> str:
    return f"{ms:014d}-{counter:04d}-{node}"


def parse_hlc(value: str) -> tuple[int, int, str]:
    ms, counter, node = value.split("-", 2)
    return int(ms), int(counter), node


class HybridClock:
    """Issues strictly increasing HLC strings that compare correctly as text."""

    def __init__(self, node: str, last: str | None = None, wall=time.time) -> None:
        self.node = node
        self._wall = wall
        self._lock = threading.Lock()
        self._ms, self._counter = (0, 0)
        if last:
            self._ms, self._counter, _ = parse_hlc(last)

    def now(self) -> str:
        with self._lock:
            wall = int(self._wall() * 1000)
            if wall > self._ms:
                self._ms, self._counter = wall, 0
            else:
                self._counter += 1
                if self._counter > 9999:  # keep four digits so the text order stays the time order
                    self._ms, self._counter = self._ms + 1, 0
            return format_hlc(self._ms, self._counter, self.node)

    def observe(self, remote: str) -> None:
        """Move past a clock value received from elsewhere (the hub)."""
        ms, counter, _ = parse_hlc(remote)
        with self._lock:
            if (ms, counter) > (self._ms, self._counter):
                self._ms, self._counter = ms, counter

    @property
    def last(self) -> str:
        return format_hlc(self._ms, self._counter, self.node)

    def skew_ms(self) -> int:
        """How far the clock runs ahead of this machine's wall clock (0 when the wall clock is sane)."""
        return max(0, self._ms - int(self._wall() * 1000))
