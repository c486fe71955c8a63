"""Record ids (UUIDv7), hybrid logical clock text and UTC timestamps: one definition for both sides.

Clinic PCs often have dead CMOS batteries: the wall clock may jump back by years after a power
cut. A hybrid logical clock never goes backwards (it remembers the last value it issued and
absorbs values seen elsewhere), so ordering stays right even when the wall clock is wrong.
"""

from __future__ import annotations

import os
import re
import threading
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime

_HLC_RE = re.compile(r"^([0-9]{14})-([0-9]{4})-(.+)$")
# The counter has four digits so that the text order stays the time order.
_MAX_COUNTER = 9999


def uuid7(now_ms: int | None = None) -> str:
    """A time-ordered UUID (RFC 9562 version 7): 48 bits of milliseconds, then 74 random bits."""
    ms = time.time_ns() // 1_000_000 if now_ms is None else now_ms
    rand = int.from_bytes(os.urandom(10), "big")
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    value |= ((rand >> 62) & 0xFFF) << 64
    value |= 0b10 << 62
    value |= rand & ((1 << 62) - 1)
    return str(uuid.UUID(int=value))


def format_hlc(ms: int, counter: int, node: str) -> str:
    """Build a hybrid logical clock string: 14-digit milliseconds, 4-digit counter, node id."""
    return f"{ms:014d}-{counter:04d}-{node}"


def parse_hlc(value: str) -> tuple[int, int, str]:
    """Split an HLC string into (milliseconds, counter, node); ValueError if malformed."""
    match = _HLC_RE.match(value)
    if not match:
        raise ValueError(f"not a hybrid logical clock value: {value!r}")
    return int(match.group(1)), int(match.group(2)), match.group(3)


def utc_iso(moment: datetime | None = None) -> str:
    """ISO-8601 UTC with milliseconds and a Z, the form timestamps travel and are stored in."""
    moment = (moment or datetime.now(UTC)).astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


class HybridClock:
    """Issues strictly increasing HLC strings that compare correctly as text.

    Thread-safe within one process. Where several processes or connections share one clock
    (a station database), the owner calls `observe` with the stored value under its write lock
    before issuing, and stores `last` in the same transaction.
    """

    def __init__(self, node: str, last: str | None = None, wall: Callable[[], float] = time.time) -> None:
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
                if self._counter > _MAX_COUNTER:
                    self._ms, self._counter = self._ms + 1, 0
            return format_hlc(self._ms, self._counter, self.node)

    def observe(self, remote: str) -> None:
        """Move past a clock value issued elsewhere (the hub, or another connection's commit)."""
        ms, counter, _ = parse_hlc(remote)
        with self._lock:
            if (ms, counter) > (self._ms, self._counter):
                self._ms, self._counter = ms, counter

    @property
    def last(self) -> str:
        return format_hlc(self._ms, self._counter, self.node)
