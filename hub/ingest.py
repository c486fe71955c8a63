"""Applying a station's pushed changes: at most once per change id, newest version wins.

A batch is applied in one transaction: either every answer in the response is true in the
database, or (on an error) nothing was written and the station simply retries.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import Connection, Engine, bindparam, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from hub import specialties, station_news
from hub import tables as t
from hub.feed import STATUS_RANK
from sync.wire.protocol import STATION_ENTITIES, Change, PushResult, RecordError, validate_record

# Fields of a record that point at another record; all must belong to the pushing station.
REFERENCE_FIELDS = ("patient_id", "encounter_id", "referral_id", "supersedes")
RETRIES = 3
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


class CrossStationError(Exception):
    """The batch touches records of another station: refused as a whole (403)."""


def apply_batch(engine: Engine, station_id: str, changes: list[Change]) -> list[PushResult]:
    """Apply a pushed batch and answer per change (accepted, duplicate or rejected with a reason)."""
    reasons = [check_change(change) for change in changes]  # pure validation, outside the transaction
    for attempt in range(RETRIES):
        try:
            with engine.begin() as conn:
                check_ownership(conn, station_id, changes)
                checked = check_attachments(conn, station_id, changes, reasons)
                return _apply(conn, station_id, changes, checked, t.utcnow())
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


def attached_files(change: Change) -> list[str]:
    """The sha256 of every file a change names (a referral's photos, an attachment's file)."""
    if change.entity == "referral":
        return [sha for sha in change.data.get("attachments") or [] if isinstance(sha, str)]
    if change.entity == "attachment" and isinstance(change.data.get("sha256"), str):
        return [change.data["sha256"]]
    voice = change.data.get("voice") if change.entity == "message" else None
    if isinstance(voice, dict) and isinstance(voice.get("sha256"), str):
        return [voice["sha256"]]
    return []


def check_attachments(
    conn: Connection, station_id: str, changes: list[Change], reasons: list[str | None]
) -> list[str | None]:
    """Refuse, per change, a record naming a file this station has not uploaded (or begun to).

    Attachments are authorized per (station, sha256): naming another station's file must not put
    its photo on this station's patient. Stations announce each upload before pushing the records
    that name it, so a referral never waits for its photos' bytes.
    """
    named = {sha for change, reason in zip(changes, reasons, strict=True) if reason is None
             for sha in attached_files(change)}
    uploaded: set[str] = set()
    wanted = sorted(named)
    for start in range(0, len(wanted), 500):
        uploaded.update(conn.execute(
            select(t.blobs.c.sha256).where(t.blobs.c.station_id == station_id,
                                           t.blobs.c.sha256.in_(wanted[start : start + 500]))
        ).scalars())
    out: list[str | None] = []
    for change, reason in zip(changes, reasons, strict=True):
        missing = [sha for sha in attached_files(change) if sha not in uploaded] if reason is None else []
        if missing:
            reason = (f"attachment {missing[0]} has not been uploaded by this station; a record may only name "
                      "photos and scans its own station uploaded")
        out.append(reason)
    return out


def _apply(
    conn: Connection, station_id: str, changes: list[Change], reasons: list[str | None], now: datetime
) -> list[PushResult]:
    """Answer every change and write the outcome with a handful of set-based statements."""
    answered = _prior_answers(conn, [c.change_id for c in changes])
    versions = _stored_versions(conn, {c.record_id for c, r in zip(changes, reasons, strict=True) if r is None})
    in_database = set(versions)
    writes: dict[tuple[str, str], dict[str, Any]] = {}  # newest values per record in this batch
    new_answers: list[dict[str, Any]] = []
    results: list[PushResult] = []
    for change, reason in zip(changes, reasons, strict=True):
        prior = answered.get(change.change_id)
        if prior is not None:
            results.append(_repeat_answer(change.change_id, station_id, *prior))
            continue
        key = (change.entity, change.record_id)
        if reason is None and change.version > versions.get(key, 0):
            versions[key] = change.version
            writes[key] = {
                "station_id": station_id,
                "version": change.version,
                "updated_at": change.data["updated_at"],
                "payload": json.dumps(change.data, ensure_ascii=False, separators=(",", ":")),
                "received_at": now,
                "data": change.data,
            }
        result: Literal["accepted", "rejected"] = "rejected" if reason else "accepted"
        answered[change.change_id] = (station_id, result, reason)
        new_answers.append({
            "change_id": change.change_id, "station_id": station_id, "entity": change.entity,
            "record_id": change.record_id, "result": result, "reason": reason, "received_at": now,
        })
        results.append(PushResult(change_id=change.change_id, status=result, reason=reason))

    inserts = [{"entity": k[0], "id": k[1], **_row(v)} for k, v in writes.items() if k not in in_database]
    updates = [{"k_entity": k[0], "k_id": k[1], **_row(v)} for k, v in writes.items() if k in in_database]
    if inserts:
        conn.execute(t.records.insert(), inserts)
    if updates:
        conn.execute(
            update(t.records).where(
                t.records.c.entity == bindparam("k_entity"), t.records.c.id == bindparam("k_id")
            ),
            updates,
        )
    if new_answers:
        conn.execute(t.applied_changes.insert(), new_answers)
    new_files = [v["data"] for k, v in writes.items() if k[0] == "attachment" and k not in in_database
                 and isinstance(v["data"].get("referral_id"), str)]
    known = _known_referrals(conn, station_id, {d["referral_id"] for d in new_files})
    for (entity, _id), values in writes.items():
        if entity == "referral":
            _sync_referral(conn, station_id, values["data"], now)
        elif entity == "message":
            _sync_message(conn, station_id, values["data"], now)
    for data in new_files:
        # A photo sent with the referral itself is part of it; one added later is news.
        if data["referral_id"] in known:
            kind = "photo" if str(data.get("media_type", "")).startswith("image/") else "file"
            station_news.add(conn, data["referral_id"], station_id, kind, data.get("filename") or "", now)
    return results


def _known_referrals(conn: Connection, station_id: str, referral_ids: set[str]) -> set[str]:
    if not referral_ids:
        return set()
    return set(conn.execute(select(t.referrals.c.id).where(
        t.referrals.c.id.in_(sorted(referral_ids)), t.referrals.c.station_id == station_id)).scalars())


def _row(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if k != "data"}


def _prior_answers(conn: Connection, change_ids: list[str]) -> dict[str, tuple[str, str, str | None]]:
    applied = t.applied_changes
    found: dict[str, tuple[str, str, str | None]] = {}
    unique = list(dict.fromkeys(change_ids))
    for start in range(0, len(unique), 500):
        query = select(applied.c.change_id, applied.c.station_id, applied.c.result, applied.c.reason).where(
            applied.c.change_id.in_(unique[start : start + 500])
        )
        for row in conn.execute(query):
            found[row.change_id] = (row.station_id, row.result, row.reason)
    return found


def _stored_versions(conn: Connection, record_ids: set[str]) -> dict[tuple[str, str], int]:
    found: dict[tuple[str, str], int] = {}
    ids = list(record_ids)
    for start in range(0, len(ids), 500):
        query = select(t.records.c.entity, t.records.c.id, t.records.c.version).where(
            t.records.c.id.in_(ids[start : start + 500])
        )
        for row in conn.execute(query):
            found[(row.entity, row.id)] = row.version
    return found


def _repeat_answer(change_id: str, station_id: str, owner: str, result: str, reason: str | None) -> PushResult:
    """The answer to a change id seen before: the same rejection, or "duplicate"."""
    if owner != station_id:
        return PushResult(change_id=change_id, status="rejected", reason="this change id was already used")
    if result == "rejected":
        return PushResult(change_id=change_id, status="rejected", reason=reason)
    return PushResult(change_id=change_id, status="duplicate", reason=None)


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


def _sync_referral(conn: Connection, station_id: str, data: dict[str, Any], now: datetime) -> None:
    incoming = "sent" if data["status"] == "queued" else data["status"]
    values = {
        "station_id": station_id,
        "patient_id": data["patient_id"],
        "encounter_id": data["encounter_id"],
        "specialty": data["specialty"],
        # Stations send a code of the hub's list; older ones free text such as "Pediatrics".
        "specialty_code": specialties.resolve(conn, data["specialty"]),
        "urgency": data["urgency"],
        "urgency_rank": t.URGENCY_RANK[data["urgency"]],
        "question": data["question"],
        "created_at": datetime.fromisoformat(data["created_at"]),
    }
    row = conn.execute(
        select(t.referrals.c.status, t.referrals.c.question).where(t.referrals.c.id == data["id"])
    ).first()
    if row is None:
        conn.execute(t.referrals.insert().values(id=data["id"], status=incoming, received_at=now, **values))
        return
    if row.question != data["question"]:
        station_news.add(conn, data["id"], station_id, "question", data["question"], now)
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
        "voice": json.dumps(data["voice"]) if data.get("voice") else None,
    }
    exists = conn.execute(select(t.messages.c.id).where(t.messages.c.id == data["id"])).first()
    if exists is None:
        conn.execute(
            t.messages.insert().values(
                id=data["id"], created_at=datetime.fromisoformat(data["created_at"]), received_at=now, **values
            )
        )
        station_news.add(conn, data["referral_id"], station_id, "message", data["body"], now)
    else:
        conn.execute(update(t.messages).where(t.messages.c.id == data["id"]).values(**values))
