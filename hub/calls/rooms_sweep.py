"""The Janus rooms of calls that ended while nobody was looking (the station's link died, the
specialists' tabs were closed): the background task closes them, so none stay open on the SFU.
Specialists whose page stopped reporting leave the live calls, and their room tokens are taken back.

The station's socket and the specialists' pages close a call's rooms as soon as they see it end;
this catches the rest. Closing a room that is already gone is harmless, so every call that ended
within the last `WINDOW` is closed again each round (no column records which were).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, select

from hub import tables as t
from hub.calls import participants, sfu, store

log = logging.getLogger("hub.calls")
WINDOW = timedelta(minutes=10)


def close_ended_rooms(engine: Engine, settings: Any, now: datetime) -> int:
    """Apply the calls' timeouts, then close the rooms of calls ended since `now - WINDOW`; how many."""
    janus = sfu.from_settings(settings)
    if janus is None:
        return 0
    c = t.calls
    gone: list[tuple[int, str]] = []  # (room, specialist id) of pages that stopped reporting
    with engine.begin() as conn:
        store.expire_calls(conn, now, float(settings.call_ring_seconds), float(settings.call_gone_seconds))
        live = conn.execute(select(c.c.id, c.c.sfu_room).where(c.c.status.in_(store.LIVE),
                                                               c.c.sfu_room.is_not(None))).all()
        stale = now - timedelta(seconds=participants.STALE_SECONDS)
        for call_id, room in live:
            gone += [(int(room), who) for who in participants.leave_stale(conn, call_id, stale)]
        rooms = conn.execute(select(c.c.sfu_room).where(c.c.status.in_(store.FINAL), c.c.sfu_room.is_not(None),
                                                        c.c.ended_at >= now - WINDOW)).scalars().all()
    for room, who in gone:  # e.g. the only specialist, signed out or disabled with the tab left open
        try:
            janus.revoke(room, sfu.specialist_who(who))
        except sfu.SfuError as exc:
            log.warning("a departed specialist's room token could not be taken back: %s", exc)
    closed = 0
    for room in rooms:
        try:
            janus.destroy_rooms(int(room))
            closed += 1
        except sfu.SfuError as exc:
            log.warning("the SFU rooms of an ended call could not be closed: %s", exc)
    return closed
