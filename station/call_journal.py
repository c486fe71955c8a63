"""The call in progress, kept in the encrypted database so a power cut does not lose it.

Clinics lose power in the middle of consults. While a call runs, the station notes what it knows
so far (started, connected, last seen alive) every few seconds; a call that ends normally is
recorded by station.calls.record, which removes the note in the same transaction. A note still
there at the next sign-in is a call the station never saw end: it is recorded then, ending when
it was last seen alive, by no one in particular (`ended_by` empty).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from station import calls
from station.calls import IN_PROGRESS_KEY, Call
from station.errors import NotFound, ValidationError
from station.store import Store


def note(store: Store, summary: dict[str, Any], seen_at: datetime | None = None) -> None:
    """Keep the summary of the call in progress (its `id` included), seen alive at `seen_at`."""
    if not summary.get("id"):
        raise ValidationError("id", "Id: the call in progress must be named to be kept.")
    entry = {**summary, "last_seen": calls.timestamp(seen_at or datetime.now(UTC), "last_seen"),
             "started_by": summary.get("started_by") or store.user.username}
    with store.atomic():
        store.set_meta(IN_PROGRESS_KEY, json.dumps(entry))


def pending(store: Store) -> dict[str, Any] | None:
    """The note of a call that never ended here, if any."""
    raw = store.meta(IN_PROGRESS_KEY)
    return json.loads(raw) if raw else None


def recover(store: Store, still_running: frozenset[str] = frozenset()) -> Call | None:
    """Record the call a crash or power cut interrupted (None when there was none).

    `still_running`: ids of calls this program is still ending (a lock ends a call, and signing
    back in can be quicker than hanging up on a poor link): their notes are left for their records.

    A call that had connected is "completed" up to the moment it was last seen alive; one that
    had not is "failed". A note that cannot be recorded (its referral is gone) is dropped with
    the reason logged by the caller: it must not block every later sign-in.
    """
    entry = pending(store)
    if entry is None or entry.get("id") in still_running:
        return None
    seen = entry.get("last_seen") or entry.get("started_at")
    connected = entry.get("connected_at")
    summary = {**entry, "ended_at": seen, "ended_by": None, "duration_seconds": None,
               "outcome": "completed" if connected else "failed"}
    try:
        return calls.record(store, summary, started_by=entry.get("started_by") or None)
    except (NotFound, ValidationError):
        with store.atomic():
            store.conn.execute("DELETE FROM meta WHERE key = ?", (IN_PROGRESS_KEY,))
        raise
