"""Applying what the hub sends back (advice, messages, referral status) to the station.

A pulled page is applied in one transaction together with the new cursor (checkpoint after
data): after a crash either both are there or neither, and the page is simply pulled again.
Applying the same change twice changes nothing. A change that cannot be applied yet (its
referral is not on this station) is held, never dropped, and tried again after each pull.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from typing import Any

from station import calls, conferences, escalations, holders, library, referrals, specialties
from station.errors import ValidationError
from station.records import Advice, Message, Record, Referral
from station.store import Store
from sync import conflicts
from sync.wire.ids import utc_iso
from sync.wire.protocol import Change, RecordError, validate_record

CURSOR_KEY = "sync_cursor"


@dataclass
class Applied:
    """What a pull brought."""

    advice: int = 0
    messages: int = 0
    statuses: int = 0
    unchanged: int = 0
    held: int = 0
    conflicts: int = 0
    proposals: int = 0  # proposed video consult times (not in `total`: nothing to push back)
    escalations: int = 0  # escalation steps taken at the hub (not in `total` either)
    specialties: int = 0  # entries of the hub's specialty list that changed
    holders: int = 0  # referrals whose holder at the hub changed
    agenda: int = 0  # case conference agenda notices (not in `total` either)
    library: int = 0  # teaching cases published or withdrawn (not in `total` either)
    referrals: set[str] = field(default_factory=set)

    @property
    def total(self) -> int:
        return self.advice + self.messages + self.statuses

    def add(self, other: Applied) -> None:
        for name in ("advice", "messages", "statuses", "unchanged", "held", "conflicts", "proposals",
                     "specialties", "holders", "escalations", "agenda", "library"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.referrals |= other.referrals


class Held(Exception):
    """This change cannot be applied yet; the message says why."""


def cursor(store: Store) -> int:
    return int(store.meta(CURSOR_KEY) or "0")


def apply_page(store: Store, changes: list[Change], new_cursor: int, local_station: str,
               hub_station: str | None) -> Applied:
    """Apply one pulled page and store `new_cursor`, all in one transaction."""
    applied = Applied()
    with store.atomic():
        for change in changes:
            try:
                with store.atomic():
                    apply_change(store, change, local_station, hub_station, applied)
            except Held as exc:
                hold(store, change, str(exc))
                applied.held += 1
        if changes:
            applied.add(retry_held(store, local_station, hub_station))
        store.set_meta(CURSOR_KEY, str(max(new_cursor, cursor(store))))
    return applied


def apply_change(store: Store, change: Change, local_station: str, hub_station: str | None,
                 applied: Applied) -> None:
    """Apply one change from the hub (inside the caller's transaction)."""
    # The hub's clock moves ours forward even when this computer's clock is behind.
    store.clock.observe(change.hlc)
    data = dict(change.data)
    if hub_station and data.get("station_id") == hub_station:
        data["station_id"] = local_station
    if change.entity == "advice":
        _advice(store, data, applied)
    elif change.entity == "message":
        _message(store, data, applied)
    elif change.entity == "referral_status":
        _status(store, data, applied)
    elif change.entity == "call_proposal":
        _call_proposal(store, data, applied)
    elif change.entity == "referral_escalation":
        _escalation(store, data, applied)
    elif change.entity == "specialty":
        _specialty(store, data, applied)
    elif change.entity == "referral_holder":
        _holder(store, data, applied)
    elif change.entity == "conference_agenda":
        _conference_agenda(store, data, applied)
    elif change.entity == "library_case":
        _library_case(store, data, applied)
    else:
        raise Held(f"this station does not take {change.entity.replace('_', ' ')} records from the hub")


def _referral(store: Store, referral_id: str) -> Referral:
    rows = store.find(Referral, "id = ?", [referral_id])
    if not rows:
        raise Held(f"referral {referral_id} is not on this station")
    return rows[0]


def _existing(store: Store, cls: type[Record], record_id: str) -> Record | None:
    rows = store.find(cls, "id = ?", [record_id])
    return rows[0] if rows else None


def _build(cls: type[Record], data: dict[str, Any]) -> Any:
    names = {f.name for f in dataclasses.fields(cls)} - set(cls.local_fields)
    return cls(**{k: v for k, v in data.items() if k in names})


def _same_or_conflict(store: Store, existing: Record, incoming: Record, applied: Applied) -> None:
    ours, theirs = existing.payload(), incoming.payload()
    if incoming.version <= existing.version and all(
            ours.get(k) == theirs.get(k) for k in ours if k not in ("updated_at", "station_id")):
        applied.unchanged += 1
        return
    if incoming.version <= existing.version and incoming.updated_at <= existing.updated_at:
        applied.unchanged += 1  # an older copy: ours is newer
        return
    applied.conflicts += len(conflicts.record_immutable(store, existing.entity, existing.id, ours, theirs))


def _checked(entity: str, data: dict[str, Any], what: str, cannot: str = "cannot be used") -> None:
    """Held with the field named when the hub's record does not fit its contract: stored half-valid,
    a bad voice note or a missing name would trip every later sync and page that reads it."""
    try:
        validate_record(entity, data)
    except RecordError as exc:
        raise Held(f"{what} {cannot}: {exc}") from exc


def _count(applied: Applied, name: str, changed: bool, referral_id: str | None = None) -> None:
    """Count a hub record that changed something under `name` (and its referral), else as unchanged."""
    if not changed:
        applied.unchanged += 1
        return
    setattr(applied, name, getattr(applied, name) + 1)
    if referral_id is not None:
        applied.referrals.add(referral_id)


def _advice(store: Store, data: dict[str, Any], applied: Applied) -> None:
    _checked("advice", data, "the specialist's advice")
    advice = _build(Advice, data)
    _referral(store, advice.referral_id)
    existing = _existing(store, Advice, advice.id)
    if existing is not None:
        _same_or_conflict(store, existing, advice, applied)
        return
    referrals.receive_advice(store, advice)
    applied.advice += 1
    applied.referrals.add(advice.referral_id)


def _message(store: Store, data: dict[str, Any], applied: Applied) -> None:
    _checked("message", data, "the specialist's message")
    message = _build(Message, data)
    _referral(store, message.referral_id)
    existing = _existing(store, Message, message.id)
    if existing is not None:
        _same_or_conflict(store, existing, message, applied)
        return
    store.put_remote(message)
    applied.messages += 1
    applied.referrals.add(message.referral_id)


def _status(store: Store, data: dict[str, Any], applied: Applied) -> None:
    referral = _referral(store, data["referral_id"])
    wanted = conflicts.later_status(referral.status, data["status"])
    if wanted == referral.status:
        applied.unchanged += 1  # never backwards: the station is already as far or further
        return
    referrals.advance(store, referral.id, wanted)
    store.audit("sync.referral_status", "referral", referral.id, {"status": wanted, "at": data.get("at")})
    applied.statuses += 1
    applied.referrals.add(referral.id)


def _call_proposal(store: Store, data: dict[str, Any], applied: Applied) -> None:
    # Kept aside with the reason when it does not fit: never dropped, never blocking the page.
    _checked("call_proposal", data, "the proposed call time")
    proposal = _build(calls.CallProposal, data)
    _referral(store, proposal.referral_id)
    try:
        stored = calls.receive_proposal(store, proposal)
    except ValidationError as exc:
        raise Held(f"the proposed call time cannot be used: {exc.message}") from exc
    _count(applied, "proposals", stored, proposal.referral_id)


def _escalation(store: Store, data: dict[str, Any], applied: Applied) -> None:
    _checked("referral_escalation", data, "the escalation step")
    step = _build(escalations.ReferralEscalation, data)
    _referral(store, step.referral_id)
    _count(applied, "escalations", escalations.receive(store, step), step.referral_id)


def _specialty(store: Store, data: dict[str, Any], applied: Applied) -> None:
    _checked("specialty", data, "the hub's specialty")
    _count(applied, "specialties", specialties.save_from_hub(
        store, data["code"], data["name"], data["name_ur"], data["active"], data["updated_at"]))


def _holder(store: Store, data: dict[str, Any], applied: Applied) -> None:
    _checked("referral_holder", data, "who answers the referral", cannot="cannot be shown")
    referral = _referral(store, data["referral_id"])
    _count(applied, "holders", holders.save_from_hub(
        store, referral.id, data["holder_name"], data["registration_number"], data["specialty"], data["since"],
        data["updated_at"]), referral.id)


def _conference_agenda(store: Store, data: dict[str, Any], applied: Applied) -> None:
    _checked("conference_agenda", data, "the case conference notice")
    notice = _build(conferences.AgendaNotice, data)
    _referral(store, notice.referral_id)
    try:
        stored = conferences.receive(store, notice)
    except ValidationError as exc:
        raise Held(f"the case conference notice cannot be used: {exc.message}") from exc
    _count(applied, "agenda", stored, notice.referral_id)


def _library_case(store: Store, data: dict[str, Any], applied: Applied) -> None:
    # Not about any referral of this station: it never waits for one, only for a valid payload.
    _checked("library_case", data, "the teaching case")
    _count(applied, "library", library.receive(store, data))


def hold(store: Store, change: Change, reason: str) -> None:
    with store.atomic():
        store.conn.execute(
            "INSERT INTO sync_held (change_id, entity, record_id, change, reason, held_at) VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (change_id) DO UPDATE SET reason = excluded.reason",
            (change.change_id, change.entity, change.record_id, change.model_dump_json(), reason, utc_iso()))
        store.audit("sync.held", change.entity, change.record_id, {"reason": reason})


def retry_held(store: Store, local_station: str, hub_station: str | None) -> Applied:
    """Try held changes again (e.g. their referral has arrived since)."""
    applied = Applied()
    rows = store.conn.execute("SELECT change_id, change FROM sync_held ORDER BY held_at, change_id").fetchall()
    for change_id, text in rows:
        change = Change.model_validate(json.loads(text))
        try:
            with store.atomic():
                apply_change(store, change, local_station, hub_station, applied)
                store.conn.execute("DELETE FROM sync_held WHERE change_id = ?", (change_id,))
        except Held:
            continue
    return applied


def held_count(store: Store) -> int:
    return int(store.conn.execute("SELECT count(*) FROM sync_held").fetchone()[0])
