"""Response-time targets per urgency: how long a referral may wait for advice before it escalates."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import timedelta

URGENCIES = ("emergency", "urgent", "soon", "routine")

DEFAULT_TARGETS: Mapping[str, timedelta] = {
    "emergency": timedelta(minutes=30),
    "urgent": timedelta(hours=4),
    "soon": timedelta(hours=24),
    "routine": timedelta(hours=72),
}

# A target under a minute cannot be met by a person; one over 30 days is no target.
MIN_TARGET, MAX_TARGET = timedelta(minutes=1), timedelta(days=30)

_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*(m|min|h|d)")
_UNITS = {"m": 60, "min": 60, "h": 3600, "d": 86400}


class TargetError(ValueError):
    """A target as written cannot be used; the message names it and says what is allowed."""


def parse_duration(text: str) -> timedelta:
    """'30m', '4h', '1.5h', '3d' -> timedelta."""
    match = _DURATION.fullmatch(text.strip().lower())
    if not match:
        raise TargetError(f"{text!r} is not a duration: write minutes, hours or days, e.g. 30m, 4h or 3d")
    return timedelta(seconds=float(match.group(1)) * _UNITS[match.group(2)])


def parse_targets(items: Iterable[str], base: Mapping[str, timedelta] = DEFAULT_TARGETS) -> dict[str, timedelta]:
    """Targets from 'urgency=duration' items (e.g. 'urgent=2h'), over `base` for the others."""
    targets = dict(base)
    for item in items:
        urgency, sep, duration = item.partition("=")
        urgency = urgency.strip().lower()
        if not sep or urgency not in URGENCIES:
            raise TargetError(f"--target {item!r}: write URGENCY=DURATION, where URGENCY is one of "
                              f"{', '.join(URGENCIES)} (e.g. --target urgent=2h)")
        value = parse_duration(duration)
        if not MIN_TARGET <= value <= MAX_TARGET:
            raise TargetError(f"--target {item!r}: a target must be between 1 minute and 30 days")
        targets[urgency] = value
    return targets


def describe(value: timedelta) -> str:
    """A target as a person reads it: '30 min', '4 h', '3 days'."""
    minutes = value.total_seconds() / 60
    if minutes < 120 and minutes != 60:
        return f"{minutes:g} min"
    hours = minutes / 60
    if hours < 48 or hours % 24:
        return f"{hours:g} h"
    return f"{hours / 24:g} days"
