"""Judging a clinic's own timestamps against the hub's clock.

Clinic PCs with a dead CMOS battery start in 1970 or years ahead, honestly. The hub orders and
measures by its own receive time; what the clinic recorded is shown beside it, with a warning
when it cannot be true.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from hub.console import formatting as fmt

# Clocks a few minutes apart are normal (signed requests allow 5 minutes either way).
TOLERANCE = timedelta(minutes=5)


def clinic_time_doubt(recorded: datetime, received: datetime, enrolled: datetime | None) -> str | None:
    """Why the clinic's timestamp cannot be right, in a sentence for the specialist, or None."""
    if recorded > received + TOLERANCE:
        return (f"The clinic's clock was ahead: this is {fmt.format_duration(recorded - received)} after the hub "
                "received it. Waiting times use the hub's time.")
    if enrolled is not None and recorded < enrolled - TOLERANCE:
        return (f"This is before the station was enrolled at the hub ({fmt.format_when(enrolled)}): the clinic's "
                "clock was probably wrong. Waiting times use the hub's time.")
    return None
