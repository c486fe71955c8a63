"""The pull feed: what the hub sends back to a station (advice, messages, referral status).

`publish` is the one way hub-side records reach a station. It appends to `outbound` and keeps the
console's tables (advice, messages, referrals) in step, inside the caller's transaction.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, func, select, text, update

from hub import station_news
from hub import tables as t
from sync.wire.ids import HybridClock, utc_iso, uuid7
from sync.wire.protocol import HUB_ENTITIES, Change, validate_record

HUB_NODE = "hub"

# Hub-side order of referral statuses; a status never moves backwards.
STATUS_RANK = {"draft": 0, "queued": 0, "sent": 1, "received": 2, "answered": 3, "closed": 4}


# Hub-made records take their updated_at from this clock: it never goes backwards within a process.
clock = HybridClock(HUB_NODE)


def publish(
    conn: Connection,
    station_id: str,
    entity: str,
    payload: dict[str, Any],
    *,
    specialist_id: str | None = None,
) -> int:
    """Append a change for `station_id` to its pull feed and return its feed sequence number.

    `payload` holds the entity's own fields (e.g. advice: referral_id, patient_id, specialist_name,
    specialty, assessment, recommendations, plan_changed, plan_change, follow_up). The record
    envelope is filled in when missing: id (new UUIDv7), station_id, created_at, version 1;
    updated_at is always the hub clock. The payload is validated (RecordError naming the field).

    Side effects, in the same transaction:
    - advice: stored in `advice` (with `specialist_id`); the referral becomes "answered" with
      first_answer_at (first answer only), plan_changed and answered_by; a referral_status
      "answered" change is published too.
    - message: stored in `messages`.
    - referral_status: the referral's status moves forward (never back); "received" sets opened_at.
    """
    if entity not in HUB_ENTITIES:
        raise ValueError(f"the hub cannot publish {entity!r}; allowed: {sorted(HUB_ENTITIES)}")
    hlc = clock.now()
    record = dict(payload)
    if record.setdefault("station_id", station_id) != station_id:
        raise ValueError("payload station_id differs from the station it is published to")
    record.setdefault("id", uuid7())
    record.setdefault("created_at", utc_iso())
    record.setdefault("version", 1)
    record["updated_at"] = hlc
    validate_record(entity, record)

    _lock_feed(conn, station_id)
    now = t.utcnow()
    result = conn.execute(
        t.outbound.insert().values(
            station_id=station_id,
            change_id=uuid7(),
            entity=entity,
            record_id=record["id"],
            hlc=hlc,
            payload=json.dumps(record, ensure_ascii=False, separators=(",", ":")),
            created_at=now,
        )
    )
    seq = int(result.inserted_primary_key[0])  # type: ignore[index]  # one primary key, always set

    if entity == "advice":
        conn.execute(
            t.advice.insert().values(
                id=record["id"],
                referral_id=record["referral_id"],
                station_id=station_id,
                specialist_id=specialist_id,
                payload=json.dumps(record, ensure_ascii=False),
                created_at=now,
            )
        )
        conn.execute(
            update(t.referrals)
            .where(t.referrals.c.id == record["referral_id"])
            .values(
                first_answer_at=func.coalesce(t.referrals.c.first_answer_at, now),
                opened_at=func.coalesce(t.referrals.c.opened_at, now),
                plan_changed=record["plan_changed"],
                answered_by=specialist_id,
            )
        )
        station_news.answered(conn, record["referral_id"])
        publish(
            conn,
            station_id,
            "referral_status",
            {"referral_id": record["referral_id"], "status": "answered", "at": utc_iso(now)},
        )
    elif entity == "message":
        station_news.answered(conn, record["referral_id"])
        conn.execute(
            t.messages.insert().values(
                id=record["id"],
                referral_id=record["referral_id"],
                station_id=station_id,
                author_role=record["author_role"],
                author_name=record["author_name"],
                body=record["body"],
                voice=json.dumps(record["voice"]) if record.get("voice") else None,
                created_at=now,
                received_at=now,
            )
        )
    elif entity == "referral_status":
        advance_referral_status(conn, record["referral_id"], record["status"], now)
    return seq


def advance_referral_status(conn: Connection, referral_id: str, status: str, now: Any) -> None:
    """Move a referral's hub status forward to `status` (never backwards)."""
    row = conn.execute(
        select(t.referrals.c.status, t.referrals.c.opened_at).where(t.referrals.c.id == referral_id)
    ).first()
    if row is None:
        return
    values: dict[str, Any] = {}
    if STATUS_RANK.get(status, 0) > STATUS_RANK.get(row.status, 0):
        values["status"] = status
    if status in ("received", "answered") and row.opened_at is None:
        values["opened_at"] = now
    if values:
        conn.execute(update(t.referrals).where(t.referrals.c.id == referral_id).values(**values))


def read_feed(conn: Connection, station_id: str, cursor: int, limit: int,
              readable: frozenset[str] | None = None) -> tuple[list[Change], int, bool]:
    """Changes for `station_id` after `cursor`: (changes, new cursor, more waiting).

    Only entities in `readable` (default: every hub entity) are returned; the others are passed
    over, so an older station is never sent what it cannot read.
    """
    query = select(t.outbound).where(t.outbound.c.station_id == station_id, t.outbound.c.seq > cursor)
    if readable is not None:
        query = query.where(t.outbound.c.entity.in_(sorted(readable)))
    rows = conn.execute(query.order_by(t.outbound.c.seq).limit(limit + 1)).all()
    more = len(rows) > limit
    rows = rows[:limit]
    changes = []
    for row in rows:
        data = json.loads(row.payload)
        changes.append(
            Change(
                change_id=row.change_id,
                entity=row.entity,
                record_id=row.record_id,
                op="upsert",
                hlc=row.hlc,
                version=int(data.get("version", 1)),
                data=data,
            )
        )
    new_cursor = rows[-1].seq if rows else cursor
    return changes, new_cursor, more


def _lock_feed(conn: Connection, station_id: str) -> None:
    # On PostgreSQL, feed rows of one station must commit in seq order or a pull could skip one
    # that commits late; a per-station transaction lock serializes them. SQLite writes are serial.
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": f"feed:{station_id}"})
