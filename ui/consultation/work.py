"""What the consultation screen asks of the station, run on the DB worker."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from station import consultations, patients
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
    names = {u.username: u.full_name or u.username for u in store.find(User)}
    return Loaded(store.meta("clinic") or "", patient, patients.age_months(patient), encounter, vitals, names)


def save(store: Store, patient_id: str, encounter: Encounter | None, fields: dict[str, Any],
         vitals_values: dict[str, str] | None, vitals_args: dict[str, Any], supersedes: str | None,
         sign: bool) -> Saved:
    """Save the draft and its changed vitals in one transaction; then sign when asked.

    A refused signature leaves the saved draft in place and reports what is missing."""
    with store.atomic():
        if encounter is None:
            saved = consultations.start(store, patient_id, **fields)
        else:
            saved = consultations.save_draft(store, encounter.id, encounter.version, **fields)
        vitals = None
        if vitals_values is not None:
            vitals = consultations.record_vitals(store, patient_id, vitals_values, encounter_id=saved.id,
                                                 supersedes=supersedes, **vitals_args)
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
