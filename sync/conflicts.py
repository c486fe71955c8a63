"""Conflicts: what happens when two sides changed the same thing.

The rules (DESIGN.md, Records):
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
from station.clock import utc_now, uuid7
from station.errors import NotFound, ValidationError
from station.records import REFERRAL_STATES, Patient
from station.store import Store

DEMOGRAPHICS: tuple[str, ...] = patients.EDITABLE
IMMUTABLE_ENTITIES = frozenset({"vitals_set", "advice", "message"})
LABELS = {"name": "name", "name_ur": "name in Urdu", "father_name": "father's or husband's name",
          "father_name_ur": "father's name in Urdu", "sex": "sex", "date_of_birth": "date of birth",
          "estimated_age_years": "age", "cnic": "CNIC", "phone": "phone number", "village": "village",
          "district": "district", "relation": "whether the second name is the father's or the husband's"}


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
    with store.atomic():
        patient = patients.update(store, patient_id, take, expected_version=current.version) if take else current
        stored = record(store, "patient", patient_id, [
            FieldConflict(c.field, c.base, c.local, c.remote) for c in merge.conflicts], "station",
            f"changed at the same time by {store.user.username} and another user")
    return patient, stored


def record(store: Store, entity: str, record_id: str, conflicts: list[FieldConflict], source: str,
           detail: str) -> list[Conflict]:
    """Store conflicts for a person to resolve; `local` is what the station kept."""
    out = []
    now = utc_now()
    with store.atomic():
        for c in conflicts:
            conflict_id = uuid7()
            store.conn.execute(
                "INSERT INTO sync_conflicts (id, entity, record_id, field, base_value, local_value, remote_value, "
                "source, detail, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (conflict_id, entity, record_id, c.field, _dump(c.base), _dump(c.local), _dump(c.remote), source,
                 detail, now))
            store.audit("sync.conflict", entity, record_id, {"field": c.field, "source": source})
            out.append(get(store, conflict_id))
    return out


def record_immutable(store: Store, entity: str, record_id: str, local: dict[str, Any],
                     remote: dict[str, Any]) -> list[Conflict]:
    """A different copy of an immutable clinical record arrived: keep ours, note each difference."""
    skip = {"updated_at", "version", "station_id", "created_at"}
    diffs = [FieldConflict(k, None, local.get(k), remote.get(k)) for k in sorted(set(local) | set(remote))
             if k not in skip and local.get(k) != remote.get(k)]
    detail = f"the hub sent a different copy of this {entity.replace('_', ' ')}; the station kept its own"
    return record(store, entity, record_id, diffs, "hub", detail) if diffs else []


def get(store: Store, conflict_id: str) -> Conflict:
    row = store.conn.execute(
        "SELECT id, entity, record_id, field, base_value, local_value, remote_value, source, detail, created_at, "
        "resolved_at, resolution FROM sync_conflicts WHERE id = ?", (conflict_id,)).fetchone()
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
                           (utc_now(), store.user.username, choice, conflict_id))
        store.audit("sync.conflict.resolve", conflict.entity, conflict.record_id,
                    {"field": conflict.field, "choice": choice})
    return get(store, conflict_id)


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _load(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def _show(value: Any) -> str:
    return "(empty)" if value in (None, "") else f"'{value}'"
