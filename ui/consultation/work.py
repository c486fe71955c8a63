"""What the consultation screen asks of the station, run on the DB worker."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from station import consultations, drafts, patients
from station.errors import ValidationError
from station.records import Encounter, Patient, User, VitalsSet
from station.store import Store
from ui.patients.display import local_datetime


@dataclass
class Loaded:
    clinic: str
    patient: Patient
    age_months: int | None
    encounter: Encounter | None
    vitals: VitalsSet | None
    work_draft: drafts.WorkDraft | None = None
    names: dict[str, str] | None = None  # username -> full name, for the printed summary


@dataclass
class Saved:
    encounter: Encounter
    vitals: VitalsSet | None
    sign_refused: ValidationError | None = None


def load(store: Store, patient_id: str, encounter_id: str | None) -> Loaded:
    patient = store.get(Patient, patient_id)
    encounter = store.get(Encounter, encounter_id) if encounter_id else None
    vitals = None
    if encounter is not None:
        found = store.find(VitalsSet, "encounter_id = ?", [encounter.id], order_by="taken_at DESC", limit=1)
        vitals = found[0] if found else None
        if vitals is None and encounter.supersedes:
            # A correction starts with the vitals of the consultation it corrects.
            found = store.find(VitalsSet, "encounter_id = ?", [encounter.supersedes], order_by="taken_at DESC",
                               limit=1)
            vitals = found[0] if found else None
    kept = drafts.find(store, "consultation", patient_id, encounter_id)
    names = {u.username: u.full_name or u.username for u in store.find(User)}
    return Loaded(store.meta("clinic") or "", patient, patients.age_months(patient), encounter, vitals, kept,
                  names)


def save(store: Store, patient_id: str, encounter: Encounter | None, fields: dict[str, Any],
         vitals_values: dict[str, str] | None, vitals_args: dict[str, Any], supersedes: str | None,
         sign: bool, correcting: tuple[str, str] | None = None) -> Saved:
    """Save the draft and its changed vitals in one transaction; then sign when asked.

    A refused signature leaves the saved draft in place and reports what is missing."""
    with store.atomic():
        if correcting is not None:  # (the signed consultation's id, the reason): the correction starts now
            saved = consultations.correct(store, correcting[0], correcting[1], **fields)
        elif encounter is None:
            saved = consultations.start(store, patient_id, **fields)
        else:
            saved = consultations.save_draft(store, encounter.id, encounter.version, **fields)
        vitals = None
        if vitals_values is not None:
            vitals = consultations.record_vitals(store, patient_id, vitals_values, encounter_id=saved.id,
                                                 supersedes=supersedes, **vitals_args)
        # Saved: what was kept while typing is in the record now.
        drafts.discard(store, drafts.draft_id("consultation", patient_id, encounter.id if encounter else None))
        drafts.discard(store, drafts.draft_id("consultation", patient_id, saved.id))
    refused = None
    if sign:
        try:
            saved = consultations.sign(store, saved.id, saved.version)
        except ValidationError as exc:
            refused = exc
    return Saved(saved, vitals, refused)


def hlc_time(hlc: str) -> str:
    """When a record was saved, from its hybrid-clock stamp ("<ms>-<counter>-<station>")."""
    try:
        moment = datetime.fromtimestamp(int(hlc.split("-", 1)[0]) / 1000, UTC)
    except (ValueError, OverflowError):
        return ""
    return local_datetime(moment.isoformat())


def keep_draft(store: Store, patient_id: str, encounter_id: str | None, label: str,
               state: dict[str, Any] | None) -> None:
    """Keep what is typed (or drop the kept copy when nothing unsaved is left)."""
    key = drafts.draft_id("consultation", patient_id, encounter_id)
    if state is None:
        drafts.discard(store, key)
    else:
        drafts.keep(store, "consultation", patient_id, encounter_id, label, state)
