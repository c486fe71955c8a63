"""Applying a station's pushed changes: at most once per change id, newest version wins.

A batch is applied in one transaction: either every answer in the response is true in the
database, or (on an error) nothing was written and the station simply retries.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from hub import tables as t
from hub.feed import STATUS_RANK
from sync.protocol import STATION_ENTITIES, Change, PushResult, RecordError, validate_record

# Fields of a record that point at another record; all must belong to the pushing station.
REFERENCE_FIELDS = ("patient_id", "encounter_id", "referral_id", "supersedes")
RETRIES = 3
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


class CrossStationError(Exception):
    """The batch touches records of another station: refused as a whole (403)."""


def apply_batch(engine: Engine, station_id: str, changes: list[Change]) -> list[PushResult]:
    """Apply a pushed batch and answer per change (accepted, duplicate or rejected with a reason)."""
    for attempt in range(RETRIES):
        try:
            with engine.begin() as conn:
                check_ownership(conn, station_id, changes)
                now = t.utcnow()
                return [apply_change(conn, station_id, change, now) for change in changes]
        except (IntegrityError, DBAPIError) as exc:
            # Two pushes racing on the same change id or record (a retry while the first is still
            # running): the loser rolls back and, on retry, finds the winner's rows.
            if attempt == RETRIES - 1 or not _is_conflict(exc):
                raise
    raise AssertionError("unreachable")


def _is_conflict(exc: DBAPIError) -> bool:
    if isinstance(exc, IntegrityError):
        return True
    code = getattr(exc.orig, "sqlstate", None)
    return code in ("40001", "40P01")  # serialization failure, deadlock


def check_ownership(conn: Connection, station_id: str, changes: list[Change]) -> None:
    """Raise CrossStationError if any change claims, or points at, another station's record."""
    ids: dict[str, str] = {}
    for change in changes:
        claimed = change.data.get("station_id")
        if isinstance(claimed, str) and claimed != station_id:
            raise CrossStationError(
                f"change {change.change_id} says it belongs to station {claimed[:64]!r}, but this request is "
                "signed by another station"
            )
        ids[change.record_id] = change.change_id
        for field in REFERENCE_FIELDS:
            value = change.data.get(field)
            # Only well-formed ids can match a record; anything else is rejected per change later.
            if isinstance(value, str) and _UUID.fullmatch(value):
                ids.setdefault(value, change.change_id)
    keys = list(ids)
    for start in range(0, len(keys), 500):
        row = conn.execute(
            select(t.records.c.entity, t.records.c.id, t.records.c.station_id)
            .where(t.records.c.id.in_(keys[start : start + 500]), t.records.c.station_id != station_id)
            .limit(1)
        ).first()
        if row is not None:
            raise CrossStationError(
                f"change {ids[row.id]} touches {row.entity} {row.id}, which belongs to another station"
            )


def apply_change(conn: Connection, station_id: str, change: Change, now: datetime) -> PushResult:
    """Apply one change inside the batch transaction and record the answer for idempotency."""
    prior = conn.execute(
        select(t.applied_changes.c.station_id, t.applied_changes.c.result, t.applied_changes.c.reason).where(
            t.applied_changes.c.change_id == change.change_id
        )
    ).first()
    if prior is not None:
        if prior.station_id != station_id:
            return PushResult(
                change_id=change.change_id, status="rejected", reason="this change id was already used"
            )
        if prior.result == "rejected":
            return PushResult(change_id=change.change_id, status="rejected", reason=prior.reason)
        return PushResult(change_id=change.change_id, status="duplicate", reason=None)

    reason = check_change(change)
    if reason is None:
        store_record(conn, station_id, change, now)
    conn.execute(
        t.applied_changes.insert().values(
            change_id=change.change_id,
            station_id=station_id,
            entity=change.entity,
            record_id=change.record_id,
            result="rejected" if reason else "accepted",
            reason=reason,
            received_at=now,
        )
    )
    if reason:
        return PushResult(change_id=change.change_id, status="rejected", reason=reason)
    return PushResult(change_id=change.change_id, status="accepted", reason=None)


def check_change(change: Change) -> str | None:
    """Why this change cannot be applied, or None if it can."""
    if change.entity not in STATION_ENTITIES:
        return f"stations cannot send {change.entity} records; they come from the hub"
    try:
        validate_record(change.entity, change.data)
    except RecordError as exc:
        return str(exc)
    if change.data["id"] != change.record_id:
        return "record_id differs from data.id"
    if change.data["version"] != change.version:
        return "version differs from data.version"
    if change.entity == "message" and change.data["author_role"] != "station":
        return "data.author_role must be 'station' for messages a station sends"
    return None


def store_record(conn: Connection, station_id: str, change: Change, now: datetime) -> None:
    """Keep the newest version of the record; an older or equal version is acknowledged only."""
    records = t.records
    existing = conn.execute(
        select(records.c.version).where(records.c.entity == change.entity, records.c.id == change.record_id)
    ).first()
    if existing is not None and existing.version >= change.version:
        return
    values = {
        "station_id": station_id,
        "version": change.version,
        "updated_at": change.data["updated_at"],
        "payload": json.dumps(change.data, ensure_ascii=False, separators=(",", ":")),
        "received_at": now,
    }
    if existing is None:
        conn.execute(records.insert().values(entity=change.entity, id=change.record_id, **values))
    else:
        conn.execute(
            update(records).where(records.c.entity == change.entity, records.c.id == change.record_id).values(**values)
        )
    if change.entity == "referral":
        _sync_referral(conn, station_id, change.data, now)
    elif change.entity == "message":
        _sync_message(conn, station_id, change.data, now)


def _sync_referral(conn: Connection, station_id: str, data: dict[str, Any], now: datetime) -> None:
    incoming = "sent" if data["status"] == "queued" else data["status"]
    values = {
        "station_id": station_id,
        "patient_id": data["patient_id"],
        "encounter_id": data["encounter_id"],
        "specialty": data["specialty"],
        "urgency": data["urgency"],
        "urgency_rank": t.URGENCY_RANK[data["urgency"]],
        "question": data["question"],
        "created_at": datetime.fromisoformat(data["created_at"]),
    }
    row = conn.execute(select(t.referrals.c.status).where(t.referrals.c.id == data["id"])).first()
    if row is None:
        conn.execute(t.referrals.insert().values(id=data["id"], status=incoming, received_at=now, **values))
        return
    # The hub's own progress (received, answered) is never undone by an older station view.
    if STATUS_RANK[incoming] > STATUS_RANK.get(row.status, 0):
        values["status"] = incoming
    conn.execute(update(t.referrals).where(t.referrals.c.id == data["id"]).values(**values))


def _sync_message(conn: Connection, station_id: str, data: dict[str, Any], now: datetime) -> None:
    values = {
        "referral_id": data["referral_id"],
        "station_id": station_id,
        "author_role": "station",
        "author_name": data["author_name"],
        "body": data["body"],
    }
    exists = conn.execute(select(t.messages.c.id).where(t.messages.c.id == data["id"])).first()
    if exists is None:
        conn.execute(
            t.messages.insert().values(id=data["id"], created_at=datetime.fromisoformat(data["created_at"]), **values)
        )
    else:
        conn.execute(update(t.messages).where(t.messages.c.id == data["id"]).values(**values))
