"""Who was in a call: one row per person per stay (joined, last seen, left), for the minutes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, and_, select, update

from hub import tables as t

STATION, SPECIALIST = "station", "specialist"
# A specialist's page that has not reported for this long has left (its presence poll runs every 5 s).
STALE_SECONDS = 20


def _open_row(conn: Connection, call_id: str, role: str, specialist_id: str | None) -> int | None:
    p = t.call_participants
    who = p.c.specialist_id.is_(None) if specialist_id is None else p.c.specialist_id == specialist_id
    found = conn.execute(select(p.c.id).where(p.c.call_id == call_id, p.c.role == role, who,
                                              p.c.left_at.is_(None)).limit(1)).scalar()
    return int(found) if found is not None else None


def join(conn: Connection, call_id: str, role: str, specialist_id: str | None, name: str, now: datetime) -> None:
    """Record that someone is in the call (again being there while already in changes nothing)."""
    existing = _open_row(conn, call_id, role, specialist_id)
    if existing is not None:
        conn.execute(update(t.call_participants).where(t.call_participants.c.id == existing).values(seen_at=now))
        return
    conn.execute(t.call_participants.insert().values(
        call_id=call_id, role=role, specialist_id=specialist_id, display_name=name[:200], joined_at=now, seen_at=now))


def seen(conn: Connection, call_id: str, specialist_id: str, now: datetime) -> bool:
    """A specialist's page is still in the call; False when they had left (or never joined)."""
    p = t.call_participants
    done = conn.execute(update(p).where(p.c.call_id == call_id, p.c.specialist_id == specialist_id,
                                        p.c.left_at.is_(None)).values(seen_at=now))
    return bool(done.rowcount)


def leave(conn: Connection, call_id: str, role: str, specialist_id: str | None, now: datetime) -> None:
    p = t.call_participants
    who = p.c.specialist_id.is_(None) if specialist_id is None else p.c.specialist_id == specialist_id
    conn.execute(update(p).where(p.c.call_id == call_id, p.c.role == role, who, p.c.left_at.is_(None))
                 .values(left_at=now))


def leave_stale(conn: Connection, call_id: str, cutoff: datetime) -> list[str]:
    """Specialists whose page stopped reporting before `cutoff` have left (closed tab, lost link,
    signed out or disabled); their ids, still out of the call."""
    p = t.call_participants
    stale = [p.c.call_id == call_id, p.c.role == SPECIALIST, p.c.left_at.is_(None), p.c.seen_at < cutoff]
    gone = {str(r) for r in conn.execute(select(p.c.specialist_id).where(*stale)).scalars() if r}
    conn.execute(update(p).where(*stale).values(left_at=p.c.seen_at))
    back = {str(r) for r in conn.execute(select(p.c.specialist_id).where(
        p.c.call_id == call_id, p.c.role == SPECIALIST, p.c.left_at.is_(None))).scalars() if r}
    return sorted(gone - back)


def close_finished(conn: Connection, now: datetime, call_id: str | None = None) -> None:
    """Everyone still listed in a call that has ended leaves with it."""
    p, c = t.call_participants, t.calls
    finished = select(c.c.id).where(c.c.status.in_(("ended", "missed")))
    if call_id:
        finished = finished.where(c.c.id == call_id)
    conn.execute(update(p).where(and_(p.c.left_at.is_(None), p.c.call_id.in_(finished))).values(left_at=now))


def participants(conn: Connection, call_id: str) -> list[dict[str, Any]]:
    """The call's participants in the order they joined, with how long each stayed (seconds)."""
    p = t.call_participants
    rows = conn.execute(select(p).where(p.c.call_id == call_id).order_by(p.c.joined_at, p.c.id)).all()
    return [{"role": r.role, "specialist_id": r.specialist_id, "name": r.display_name, "joined_at": r.joined_at,
             "left_at": r.left_at, "present": r.left_at is None,
             "seconds": int(((r.left_at or r.seen_at or r.joined_at) - r.joined_at).total_seconds())}
            for r in rows]


def present_specialists(conn: Connection, call_id: str) -> int:
    p = t.call_participants
    return len(conn.execute(select(p.c.id).where(p.c.call_id == call_id, p.c.role == SPECIALIST,
                                                 p.c.left_at.is_(None))).all())
