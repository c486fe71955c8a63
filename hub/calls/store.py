"""Video consults in the hub's database: the call lifecycle and the signaling messages.

The database is the only shared state, so any number of hub processes can serve the two sides
of one call. Lifecycle: ringing -> active (the specialist answered) -> ended; a call nobody
joins within the ring time is missed; a side whose socket stays away too long ends the call.
Timeouts are applied by `expire_calls` whenever someone looks (sockets, API, console).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, and_, func, or_, select, text, update

from hub import station_news
from hub import tables as t
from hub.calls import participants
from hub.db import insert_ignore

RINGING, ACTIVE, ENDED, MISSED = "ringing", "active", "ended", "missed"
FINAL = frozenset({ENDED, MISSED})
LIVE = (RINGING, ACTIVE)
STATION, SPECIALIST, NETWORK = "station", "specialist", "network"


class CallError(Exception):
    """A call request the hub refuses; `code` is stable, the message is for a person."""

    status = 400

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class ReferralNotSynced(CallError):
    status = 409


class OtherStation(CallError):
    status = 403


class CallConflict(CallError):
    status = 409


@dataclass(frozen=True)
class Call:
    id: str
    station_id: str
    referral_id: str
    patient_id: str
    specialty: str
    status: str
    specialist_id: str | None
    specialist_name: str | None
    ended_by: str | None
    end_reason: str | None
    created_at: datetime
    answered_at: datetime | None
    ended_at: datetime | None
    sfu_room: int | None = None

    @property
    def final(self) -> bool:
        return self.status in FINAL


def _call(row: Any) -> Call:
    return Call(
        id=row.id, station_id=row.station_id, referral_id=row.referral_id, patient_id=row.patient_id,
        specialty=row.specialty, status=row.status, specialist_id=row.specialist_id,
        specialist_name=row.specialist_name, ended_by=row.ended_by, end_reason=row.end_reason,
        created_at=row.created_at, answered_at=row.answered_at, ended_at=row.ended_at,
        sfu_room=row.sfu_room,
    )


def get_call(conn: Connection, call_id: str) -> Call | None:
    row = conn.execute(select(t.calls).where(t.calls.c.id == call_id)).first()
    return _call(row) if row is not None else None


def start_call(conn: Connection, station_id: str, call_id: str, referral_id: str, now: datetime,
               sfu_room: int | None = None) -> tuple[Call, bool]:
    """Ring the specialists for a referral; (call, created). The same call id again is harmless.

    `sfu_room`: the call runs through the SFU's rooms of that number (several specialists)."""
    existing = get_call(conn, call_id)
    if existing is not None:
        return _same_call(existing, station_id, referral_id), False
    ref = callable_referral(conn, station_id, referral_id)
    inserted = insert_ignore(conn, t.calls, {
        "id": call_id, "station_id": station_id, "referral_id": referral_id, "patient_id": ref.patient_id,
        "specialty": ref.specialty, "status": RINGING, "created_at": now,
        # The station opens its socket right after this answer; until then it counts as present.
        "station_seen_at": now, "sfu_room": sfu_room,
    })
    if inserted:
        station_news.add(conn, referral_id, station_id, "call", "The station asked for a video call.", now)
    call = get_call(conn, call_id)
    assert call is not None
    if inserted:
        name = conn.execute(select(t.stations.c.name).where(t.stations.c.id == station_id)).scalar()
        participants.join(conn, call_id, STATION, None, name or "Station", now)
    return (call, True) if inserted else (_same_call(call, station_id, referral_id), False)


def callable_referral(conn: Connection, station_id: str, referral_id: str) -> Any:
    """The referral a station may call about (station_id, patient_id, specialty); CallError otherwise."""
    ref = conn.execute(
        select(t.referrals.c.station_id, t.referrals.c.patient_id, t.referrals.c.specialty).where(
            t.referrals.c.id == referral_id
        )
    ).first()
    if ref is None:
        raise ReferralNotSynced(
            "referral_not_synced",
            "The hub has not received this referral yet. Sync first (wait until the referral shows "
            "as sent), then start the video consult again.",
        )
    if ref.station_id != station_id:
        raise OtherStation("other_station", "This referral belongs to another station.")
    return ref


def _same_call(call: Call, station_id: str, referral_id: str) -> Call:
    if call.station_id != station_id:
        raise OtherStation("other_station", "This call id belongs to another station.")
    if call.referral_id != referral_id:
        raise CallConflict("call_id_reused", "This call id was already used for another referral; make a new one.")
    return call


def expire_calls(
    conn: Connection, now: datetime, ring_seconds: float, gone_seconds: float, call_id: str | None = None
) -> int:
    """Apply the timeouts (missed, ended by the network, abandoned claims); how many calls changed."""
    c = t.calls
    scope = [c.c.id == call_id] if call_id else []
    ring_cutoff = now - timedelta(seconds=ring_seconds)
    gone_cutoff = now - timedelta(seconds=gone_seconds)
    specialist_gone = or_(c.c.specialist_seen_at.is_(None), c.c.specialist_seen_at < gone_cutoff)
    changed = 0
    # A specialist who opened the call and left without answering frees it for someone else.
    conn.execute(
        update(c).where(*scope, c.c.status == RINGING, c.c.specialist_id.is_not(None), specialist_gone)
        .values(specialist_id=None, specialist_name=None)
    )
    changed += conn.execute(
        update(c).where(*scope, c.c.status == RINGING, c.c.created_at < ring_cutoff, c.c.specialist_id.is_(None))
        .values(status=MISSED, ended_at=now, end_reason="nobody_joined")
    ).rowcount or 0
    station_gone = or_(c.c.station_seen_at.is_(None), c.c.station_seen_at < gone_cutoff)
    changed += conn.execute(
        update(c).where(*scope, c.c.status.in_(LIVE), or_(station_gone, and_(c.c.status == ACTIVE, specialist_gone)))
        .values(status=ENDED, ended_at=now, ended_by=NETWORK, end_reason="connection_lost")
    ).rowcount or 0
    if changed:
        participants.close_finished(conn, now, call_id)
    return changed


def touch(conn: Connection, call_id: str, side: str, now: datetime) -> None:
    """Record that `side`'s signaling socket is still there."""
    column = "station_seen_at" if side == STATION else "specialist_seen_at"
    conn.execute(update(t.calls).where(t.calls.c.id == call_id, t.calls.c.status.in_(LIVE)).values({column: now}))


def claim(conn: Connection, call_id: str, specialist_id: str, specialist_name: str, now: datetime) -> bool:
    """Let a specialist join: a ringing call nobody holds, or a live call they already hold."""
    c = t.calls
    result = conn.execute(
        update(c)
        .where(
            c.c.id == call_id,
            or_(
                and_(c.c.status == RINGING, c.c.specialist_id.is_(None)),
                and_(c.c.status.in_(LIVE), c.c.specialist_id == specialist_id),
            ),
        )
        .values(specialist_id=specialist_id, specialist_name=specialist_name, specialist_seen_at=now)
    )
    return bool(result.rowcount)


def release(conn: Connection, call_id: str, specialist_id: str) -> None:
    """A specialist left a call they never answered: another may join it."""
    c = t.calls
    conn.execute(
        update(c).where(c.c.id == call_id, c.c.status == RINGING, c.c.specialist_id == specialist_id)
        .values(specialist_id=None, specialist_name=None, specialist_seen_at=None)
    )


def mark_active(conn: Connection, call_id: str, specialist_id: str, now: datetime) -> bool:
    c = t.calls
    result = conn.execute(
        update(c).where(c.c.id == call_id, c.c.status == RINGING, c.c.specialist_id == specialist_id)
        .values(status=ACTIVE, answered_at=now)
    )
    if result.rowcount:
        name = conn.execute(select(c.c.specialist_name).where(c.c.id == call_id)).scalar()
        participants.join(conn, call_id, SPECIALIST, specialist_id, name or "Specialist", now)
    return bool(result.rowcount)


def join_conference(conn: Connection, call_id: str, specialist_id: str, name: str, now: datetime) -> bool:
    """A specialist enters a live call that runs through the SFU; the first one answers it."""
    c = t.calls
    call = get_call(conn, call_id)
    if call is None or call.final or call.sfu_room is None:
        return False
    if call.status == RINGING:
        conn.execute(update(c).where(c.c.id == call_id, c.c.status == RINGING)
                     .values(status=ACTIVE, answered_at=now, specialist_id=specialist_id, specialist_name=name))
    conn.execute(update(c).where(c.c.id == call_id).values(specialist_seen_at=now))
    participants.join(conn, call_id, SPECIALIST, specialist_id, name, now)
    return True


def mark_ended(conn: Connection, call_id: str, ended_by: str, reason: str, now: datetime) -> bool:
    """End a live call (a finished one stays as it was)."""
    c = t.calls
    result = conn.execute(
        update(c).where(c.c.id == call_id, c.c.status.in_(LIVE))
        .values(status=ENDED, ended_by=ended_by, end_reason=reason[:32], ended_at=now)
    )
    participants.close_finished(conn, now, call_id)
    return bool(result.rowcount)


def add_signal(conn: Connection, call_id: str, sender: str, kind: str, body: str, now: datetime) -> int:
    """Store a message for the other side; its id orders the messages of one call."""
    if conn.dialect.name == "postgresql":
        # Ids come from a sequence: without this, a message could commit after a later one was
        # already read and be skipped. One call's messages are written one at a time.
        conn.execute(text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": f"call:{call_id}"})
    result = conn.execute(
        t.call_signals.insert().values(call_id=call_id, sender=sender, kind=kind, body=body, created_at=now)
    )
    return int(result.inserted_primary_key[0])  # type: ignore[index]  # one primary key, always set


def signals_after(conn: Connection, call_id: str, sender: str, after_id: int) -> list[tuple[int, str]]:
    """Messages `sender` sent in this call after `after_id`, oldest first."""
    s = t.call_signals
    rows = conn.execute(
        select(s.c.id, s.c.body).where(s.c.call_id == call_id, s.c.sender == sender, s.c.id > after_id)
        .order_by(s.c.id).limit(100)
    ).all()
    return [(int(r.id), r.body) for r in rows]


def last_signal_id(conn: Connection, call_id: str) -> int:
    return int(conn.execute(select(func.max(t.call_signals.c.id)).where(t.call_signals.c.call_id == call_id))
               .scalar() or 0)


def latest_offer_id(conn: Connection, call_id: str) -> int | None:
    s = t.call_signals
    found = conn.execute(
        select(func.max(s.c.id)).where(s.c.call_id == call_id, s.c.sender == STATION, s.c.kind == "offer")
    ).scalar()
    return int(found) if found is not None else None


def calls_for_referral(conn: Connection, referral_id: str, limit: int = 20) -> list[Call]:
    rows = conn.execute(
        select(t.calls).where(t.calls.c.referral_id == referral_id).order_by(t.calls.c.created_at.desc()).limit(limit)
    ).all()
    return [_call(r) for r in rows]


def joinable_calls(conn: Connection, specialist_id: str, referral_id: str | None = None) -> list[Call]:
    """Calls this specialist can join now: ringing and free, or live and already theirs."""
    c = t.calls
    query = select(c).where(
        or_(
            and_(c.c.status == RINGING, c.c.specialist_id.is_(None)),
            and_(c.c.status.in_(LIVE), c.c.specialist_id == specialist_id),
            # A call through the SFU takes every specialist who joins, for as long as it lasts.
            and_(c.c.status.in_(LIVE), c.c.sfu_room.is_not(None)),
        )
    ).order_by(c.c.created_at)
    if referral_id:
        query = query.where(c.c.referral_id == referral_id)
    return [_call(r) for r in conn.execute(query.limit(50)).all()]


def count_calls_by_station(conn: Connection) -> dict[str, dict[str, int]]:
    """Per station, how many calls the hub saw in each final state (for statistics)."""
    out: dict[str, dict[str, int]] = {}
    query = select(t.calls.c.station_id, t.calls.c.status, func.count()).group_by(
        t.calls.c.station_id, t.calls.c.status
    )
    for station_id, status, count in conn.execute(query):
        out.setdefault(station_id, {})[status] = int(count)
    return out
