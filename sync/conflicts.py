"""Conflicts: what happens when two sides changed the same thing.

The rules (README, design: records):
- Clinical events (a signed consultation, a vitals set, advice, a message) are immutable: a
  different copy arriving for one of them never overwrites it. The station keeps its copy and
  records the difference for a person to look at.
- Patient demographics merge field by field against the version both sides started from: a
  field only one side changed takes that side's value; a field both sides changed to different
  values is a conflict. The station keeps its own value until a person chooses, and nothing
  is silently dropped.
- A referral's status only moves forward (queued → sent → received → answered → closed).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from station import patients
from station.errors import NotFound, ValidationError
from station.records import REFERRAL_STATES, Patient
from station.store import Store
from sync.wire.ids import utc_iso, uuid7

DEMOGRAPHICS: tuple[str, ...] = patients.EDITABLE
IMMUTABLE_ENTITIES = frozenset({"vitals_set", "advice", "message"})
LABELS = {"name": "name", "name_ur": "name in Urdu", "father_name": "father's or husband's name",
          "father_name_ur": "father's name in Urdu", "sex": "sex", "date_of_birth": "date of birth",
          "estimated_age_years": "age", "cnic": "CNIC", "phone": "phone number", "village": "village",
          "district": "district"}


@dataclass(frozen=True)
class FieldConflict:
    """One field both sides changed to different values."""

    field: str
    base: Any
    local: Any
    remote: Any


@dataclass
class Merge:
    """The result of a three-way merge: `merged` keeps the local value where there is a conflict."""

    merged: dict[str, Any]
    conflicts: list[FieldConflict] = field(default_factory=list)
    taken_from_remote: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Conflict:
    """A stored conflict, as shown to a person."""

    id: str
    entity: str
    record_id: str
    field: str
    base_value: Any
    local_value: Any
    remote_value: Any
    source: str
    detail: str
    created_at: str
    resolved_at: str | None
    resolution: str | None
    # Who changed each side and when (None on conflicts recorded before this was kept).
    local_by: str | None = None
    local_at: str | None = None
    remote_by: str | None = None
    remote_at: str | None = None


@dataclass(frozen=True)
class Side:
    """Who made one side of a conflict, and when (shown beside each value)."""

    by: str | None = None
    at: str | None = None


def merge_fields(base: dict[str, Any] | None, local: dict[str, Any], remote: dict[str, Any],
                 fields: tuple[str, ...] | list[str]) -> Merge:
    """Three-way merge of `fields`. Without a common base, every difference is a conflict."""
    merge = Merge(merged={})
    for name in fields:
        mine, theirs = local.get(name), remote.get(name)
        if mine == theirs:
            merge.merged[name] = mine
            continue
        was = base.get(name) if base is not None else None
        if base is not None and mine == was:
            merge.merged[name] = theirs
            merge.taken_from_remote.append(name)
        elif base is not None and theirs == was:
            merge.merged[name] = mine
        else:
            merge.merged[name] = mine
            merge.conflicts.append(FieldConflict(name, was, mine, theirs))
    return merge


def later_status(current: str, incoming: str) -> str:
    """The referral status to keep: whichever is further along (never backwards)."""
    order = {s: i for i, s in enumerate(REFERRAL_STATES)}
    return incoming if order.get(incoming, -1) > order.get(current, -1) else current


def version_payload(store: Store, entity: str, record_id: str, version: int) -> dict[str, Any] | None:
    """The record as it was at `version` (every saved version is in the outbox)."""
    row = store.conn.execute(
        "SELECT payload FROM outbox WHERE entity = ? AND record_id = ? AND version = ? ORDER BY seq DESC LIMIT 1",
        (entity, record_id, version)).fetchone()
    return json.loads(row[0]) if row else None


def save_patient(store: Store, patient_id: str, changes: dict[str, Any],
                 base_version: int) -> tuple[Patient, list[Conflict]]:
    """Save demographics edited from `base_version`, merging with anyone who saved since.

    Fields only this person changed are saved; fields someone else changed meanwhile are kept;
    a field both changed differently keeps the other person's saved value and becomes a conflict
    for a person to resolve (`resolve`). Returns the saved patient and the new conflicts.
    """
    unknown = set(changes) - set(DEMOGRAPHICS)
    if unknown:
        raise ValidationError(sorted(unknown)[0], f"Unknown patient field(s): {', '.join(sorted(unknown))}.")
    current = store.get(Patient, patient_id)
    if current.version == base_version:
        return patients.update(store, patient_id, changes, expected_version=base_version), []
    base = version_payload(store, "patient", patient_id, base_version)
    if base is None:
        raise NotFound(f"Version {base_version} of this patient is not known on this station; reopen the chart.")
    mine = {**{k: base.get(k) for k in DEMOGRAPHICS}, **changes}
    saved = current.payload()
    # "remote" here is the other person's saved copy: it wins where only it changed, and where
    # both changed it stays until someone chooses.
    merge = merge_fields(base, saved, mine, DEMOGRAPHICS)
    take = {k: merge.merged[k] for k in DEMOGRAPHICS if merge.merged[k] != saved.get(k)}
    other = last_writer(store, "patient", patient_id)  # before this save becomes the last one
    with store.atomic():
        patient = patients.update(store, patient_id, take, expected_version=current.version) if take else current
        stored = record(store, "patient", patient_id, [
            FieldConflict(c.field, c.base, c.local, c.remote) for c in merge.conflicts], "station",
            f"changed at the same time by {store.user.username} and another user",
            local=other, remote=Side(store.user.username, utc_iso()))
    return patient, stored


def last_writer(store: Store, entity: str, record_id: str) -> Side:
    """Who last saved a record on this station, and when (from the audit log)."""
    row = store.conn.execute(
        "SELECT username, at FROM audit WHERE entity = ? AND record_id = ? AND action NOT LIKE 'sync.%' "
        "AND action NOT LIKE '%.open' ORDER BY seq DESC LIMIT 1", (entity, record_id)).fetchone()
    return Side(row[0], row[1]) if row else Side()


def record(store: Store, entity: str, record_id: str, conflicts: list[FieldConflict], source: str,
           detail: str, local: Side | None = None, remote: Side | None = None) -> list[Conflict]:
    """Store conflicts for a person to resolve; `local` is what the station kept."""
    out = []
    now = utc_iso()
    local, remote = local or Side(), remote or Side()
    with store.atomic():
        for c in conflicts:
            conflict_id = uuid7()
            store.conn.execute(
                "INSERT INTO sync_conflicts (id, entity, record_id, field, base_value, local_value, remote_value, "
                "source, detail, created_at, local_by, local_at, remote_by, remote_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (conflict_id, entity, record_id, c.field, _dump(c.base), _dump(c.local), _dump(c.remote), source,
                 detail, now, local.by, local.at, remote.by, remote.at))
            store.audit("sync.conflict", entity, record_id, {"field": c.field, "source": source})
            store._require_tx().changed.add(("sync_conflicts", conflict_id))
            out.append(get(store, conflict_id))
    return out


def record_immutable(store: Store, entity: str, record_id: str, local: dict[str, Any],
                     remote: dict[str, Any]) -> list[Conflict]:
    """A different copy of an immutable clinical record arrived: keep ours, note each difference."""
    skip = {"updated_at", "version", "station_id", "created_at"}
    diffs = [FieldConflict(k, None, local.get(k), remote.get(k)) for k in sorted(set(local) | set(remote))
             if k not in skip and local.get(k) != remote.get(k)]
    detail = f"the hub sent a different copy of this {entity.replace('_', ' ')}; the station kept its own"
    mine = Side(str(local.get("created_by") or local.get("author_name") or local.get("specialist_name") or "")
                or None, local.get("created_at"))
    theirs = Side(str(remote.get("specialist_name") or remote.get("author_name") or remote.get("created_by")
                      or "the hub"), remote.get("created_at"))
    return record(store, entity, record_id, diffs, "hub", detail, mine, theirs) if diffs else []


def get(store: Store, conflict_id: str) -> Conflict:
    row = store.conn.execute(
        "SELECT id, entity, record_id, field, base_value, local_value, remote_value, source, detail, created_at, "
        "resolved_at, resolution, local_by, local_at, remote_by, remote_at FROM sync_conflicts WHERE id = ?",
        (conflict_id,)).fetchone()
    if row is None:
        raise NotFound(f"No conflict with id {conflict_id}.")
    return Conflict(row[0], row[1], row[2], row[3], _load(row[4]), _load(row[5]), _load(row[6]), *row[7:])


def open_conflicts(store: Store) -> list[Conflict]:
    """Conflicts waiting for a person, oldest first."""
    ids = [r[0] for r in store.conn.execute(
        "SELECT id FROM sync_conflicts WHERE resolved_at IS NULL ORDER BY created_at, id")]
    return [get(store, i) for i in ids]


def open_count(store: Store) -> int:
    return int(store.conn.execute("SELECT count(*) FROM sync_conflicts WHERE resolved_at IS NULL").fetchone()[0])


def describe(conflict: Conflict) -> str:
    """One sentence for the person who resolves it."""
    label = LABELS.get(conflict.field, conflict.field.replace("_", " "))
    return (f"The {conflict.entity.replace('_', ' ')}'s {label} was changed in two places: "
            f"{_show(conflict.local_value)} here and {_show(conflict.remote_value)} "
            f"({conflict.detail}). Choose which is right.")


def resolve(store: Store, conflict_id: str, choice: str, value: Any = None) -> Conflict:
    """Settle a demographic conflict: keep 'local', take 'remote', or set a 'value' typed by the person."""
    conflict = get(store, conflict_id)
    if conflict.resolved_at:
        return conflict
    if choice not in ("local", "remote", "value"):
        raise ValidationError("choice", "Choose 'local' (keep this station's value), 'remote' or 'value'.")
    with store.atomic():
        if conflict.entity == "patient" and conflict.field in DEMOGRAPHICS:
            wanted = {"local": conflict.local_value, "remote": conflict.remote_value, "value": value}[choice]
            patient = store.get(Patient, conflict.record_id)
            if getattr(patient, conflict.field) != wanted:
                patients.update(store, patient.id, {conflict.field: wanted}, expected_version=patient.version)
        elif choice != "local":
            raise ValidationError("choice", f"A {conflict.entity.replace('_', ' ')} cannot be changed once "
                                  "recorded; record a correction instead.")
        store.conn.execute("UPDATE sync_conflicts SET resolved_at = ?, resolved_by = ?, resolution = ? WHERE id = ?",
                           (utc_iso(), store.user.username, choice, conflict_id))
        store.audit("sync.conflict.resolve", conflict.entity, conflict.record_id,
                    {"field": conflict.field, "choice": choice})
        store._require_tx().changed.add(("sync_conflicts", conflict_id))  # screens showing it refresh
    return get(store, conflict_id)


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _load(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def _show(value: Any) -> str:
    return "(empty)" if value in (None, "") else f"'{value}'"


@dataclass(frozen=True)
class ConflictView:
    """A conflict with what it is about, for the screen where a person settles it."""

    conflict: Conflict
    subject: str  # e.g. "Muhammad Aslam · MRN 000001"
    can_choose: bool  # a patient's details: either value may be taken; a clinical record keeps its own


def open_for_people(store: Store) -> list[ConflictView]:
    """Every open conflict with the patient it concerns, oldest first."""
    views = []
    for c in open_conflicts(store):
        table = {"patient": "patients", "encounter": "encounters", "vitals_set": "vitals_sets",
                 "referral": "referrals", "advice": "advice", "message": "messages"}.get(c.entity)
        patient_id = c.record_id if c.entity == "patient" else None
        if patient_id is None and table and table != "messages":
            row = store.conn.execute(f"SELECT patient_id FROM {table} WHERE id = ?", (c.record_id,)).fetchone()
            patient_id = row[0] if row else None
        found = store.find(Patient, "id = ?", [patient_id]) if patient_id else []
        subject = f"{found[0].name} · MRN {found[0].mrn}" if found else c.record_id
        views.append(ConflictView(c, subject, c.entity == "patient" and c.field in DEMOGRAPHICS))
    return views
