"""Consultations (encounters) and their vital signs.

A signed encounter and every vitals set are immutable clinical events: a correction is a
new record that `supersedes` the old one, so the hub and the audit trail keep both.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from station import reference
from station.clinical.vitals import VitalsErrors, to_observations, validate_vitals
from station.errors import Conflict, ValidationError
from station.records import CONSCIOUSNESS, Encounter, Patient, VitalsSet
from station.store import Store
from station.texts import Text
from sync.wire.ids import utc_iso

TEXT_FIELDS = ("complaint", "history", "examination", "assessment", "plan")
FREQUENCIES = ("once", "OD", "BD", "TDS", "QID", "every 4 hours", "every 6 hours", "every 8 hours",
               "at night", "as needed", "weekly")
MAX_TEXT = 4000


class InvalidVitals(ValidationError):
    """Every bad vital sign at once, so the form can mark each field."""

    def __init__(self, errors: VitalsErrors) -> None:
        super().__init__(errors.errors[0].field, "\n".join(e.message for e in errors.errors))
        self.by_field = errors.by_field


def _clean_text(fields: dict[str, Any]) -> dict[str, str]:
    out = {}
    for key in TEXT_FIELDS:
        value = str(fields.get(key) or "").strip()
        if len(value) > MAX_TEXT:
            raise ValidationError(key, f"{key.capitalize()}: keep it under {MAX_TEXT} characters.")
        out[key] = value
    return out


def clean_diagnoses(items: list[Any]) -> list[dict[str, str]]:
    out = []
    for item in items or []:
        code = str((item.get("code") or "") if isinstance(item, dict) else item).strip().upper()
        if not reference.is_valid_icd10(code):
            raise ValidationError("diagnoses", f"Diagnosis: '{code}' is not an ICD-10 code in the list. "
                                  "Search by name or code and pick one.")
        out.append({"code": code, "title": reference.icd10(code).title})
    return out


def clean_prescriptions(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for number, item in enumerate(items or [], 1):
        where = f"Prescription {number}"
        try:
            medicine = reference.medicine(str(item.get("medicine_id", "")))
        except KeyError:
            raise ValidationError("prescriptions", f"{where}: choose a medicine from the essential "
                                  "medicines list.") from None
        dose = str(item.get("dose") or "").strip()
        if not dose:
            raise ValidationError("prescriptions", f"{where} ({medicine.name}): enter the dose, e.g. '1 tablet'.")
        frequency = str(item.get("frequency") or "").strip()
        if frequency not in FREQUENCIES:
            raise ValidationError("prescriptions", f"{where} ({medicine.name}): how often? "
                                  f"Choose one of: {', '.join(FREQUENCIES)}.")
        try:
            days = int(item.get("duration_days") or "")
        except (TypeError, ValueError):
            days = 0
        if not 1 <= days <= 365:
            raise ValidationError("prescriptions", f"{where} ({medicine.name}): duration must be 1 to 365 days.")
        out.append({"medicine_id": medicine.id, "name": medicine.name, "strength": medicine.strength,
                    "dose": dose, "frequency": frequency, "duration_days": days,
                    "notes": str(item.get("notes") or "").strip()})
    return out


def _clean_follow_up(value: Any, today: date | None = None) -> str | None:
    if not value:
        return None
    try:
        day = date.fromisoformat(str(value))
    except ValueError:
        raise ValidationError("follow_up_date", "Follow-up date: use YYYY-MM-DD.") from None
    if day < (today or date.today()):
        raise ValidationError("follow_up_date", "Follow-up date: it cannot be in the past.")
    return day.isoformat()


def _apply(encounter: Encounter, fields: dict[str, Any], today: date | None = None) -> None:
    allowed = set(TEXT_FIELDS) | {"diagnoses", "prescriptions", "follow_up_date"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError(sorted(unknown)[0], f"Unknown consultation field(s): {', '.join(sorted(unknown))}.")
    merged = {k: getattr(encounter, k) for k in allowed} | fields
    for key, value in _clean_text(merged).items():
        setattr(encounter, key, value)
    encounter.diagnoses = clean_diagnoses(merged["diagnoses"])
    encounter.prescriptions = clean_prescriptions(merged["prescriptions"])
    encounter.follow_up_date = _clean_follow_up(merged["follow_up_date"], today)


def start(store: Store, patient_id: str, started_at: str | None = None, **fields: Any) -> Encounter:
    """Open a draft consultation for a patient (`started_at`, UTC ISO: one entered from paper
    records or demo history; the follow-up date is then checked against that day)."""
    store.get(Patient, patient_id)
    encounter = Encounter(patient_id=patient_id, started_at=started_at or utc_iso(), created_by=store.user.username)
    _apply(encounter, fields, date.fromisoformat(started_at[:10]) if started_at else None)
    return store.insert(encounter)


def save_draft(store: Store, encounter_id: str, expected_version: int, **fields: Any) -> Encounter:
    encounter = store.get(Encounter, encounter_id)
    if encounter.status == "signed":
        raise Conflict("This consultation is signed and cannot be changed. Use 'Correct' to add a correction.")
    _apply(encounter, fields)
    return store.update(encounter, expected_version=expected_version)


def sign(store: Store, encounter_id: str, expected_version: int, signed_at: str | None = None) -> Encounter:
    encounter = store.get(Encounter, encounter_id)
    if encounter.status == "signed":
        raise Conflict("This consultation is already signed.")
    if not encounter.complaint:
        raise ValidationError("complaint", "Complaint: write the patient's main complaint before signing.")
    if not (encounter.assessment or encounter.diagnoses):
        raise ValidationError("assessment", "Assessment: write your assessment or choose a diagnosis before signing.")
    encounter.status, encounter.signed_by = "signed", store.user.username
    encounter.signed_at = signed_at or utc_iso()
    return store.update(encounter, expected_version=expected_version)


def correct(store: Store, encounter_id: str, reason: str, **fields: Any) -> Encounter:
    """A new draft that supersedes a signed consultation (the original stays as it was).

    The reason is required: whoever reads the chart later must see why it was changed."""
    reason = " ".join(str(reason or "").split())
    if not 5 <= len(reason) <= 1000:
        raise ValidationError("correction_reason", "Reason for the correction: write what was wrong "
                              "(5 to 1000 characters).")
    old = store.get(Encounter, encounter_id)
    if old.status != "signed":
        raise Conflict("Only a signed consultation needs a correction; edit the draft instead.")
    new = Encounter(patient_id=old.patient_id, started_at=old.started_at, supersedes=old.id,
                    created_by=store.user.username, correction_reason=reason,
                    **{k: getattr(old, k) for k in (*TEXT_FIELDS, "diagnoses", "prescriptions", "follow_up_date")})
    _apply(new, fields)
    with store.atomic():
        store.insert(new)
        store.audit("encounter.correct", "encounter", old.id, {"correction": new.id, "reason": reason})
    return new


def discard_correction(store: Store, encounter_id: str) -> Encounter:
    """Throw away a correction draft that never left the station; returns the consultation it corrected."""
    draft = store.get(Encounter, encounter_id)
    if draft.status != "draft" or not draft.supersedes:
        raise Conflict(Text("Only a correction that is not signed can be discarded."))
    ids = [draft.id] + [r[0] for r in store.conn.execute(
        "SELECT id FROM vitals_sets WHERE encounter_id = ?", (draft.id,))]
    marks = ",".join("?" * len(ids))
    if store.conn.execute(f"SELECT 1 FROM outbox WHERE record_id IN ({marks}) AND state != 'pending' LIMIT 1",
                          ids).fetchone() or store.conn.execute(
            "SELECT 1 FROM referrals WHERE encounter_id = ? LIMIT 1", (draft.id,)).fetchone():
        raise Conflict(Text("This correction has already been sent to the hub or referred, so it stays. "
                            "Sign it when it is right."))
    with store.atomic():
        store.conn.execute("DELETE FROM outbox WHERE record_id IN (" + marks + ")", ids)
        store.conn.execute("DELETE FROM vitals_sets WHERE encounter_id = ?", (draft.id,))
        store.conn.execute("DELETE FROM encounters WHERE id = ?", (draft.id,))
        store.audit("encounter.discard", "encounter", draft.id, {"corrects": draft.supersedes})
        store._require_tx().changed.add(("encounters", draft.id))
    return store.get(Encounter, draft.supersedes)


def record_vitals(store: Store, patient_id: str, values: dict[str, Any], *, encounter_id: str | None = None,
                  consciousness: str | None = None, supplemental_oxygen: bool = False, spo2_scale: int = 1,
                  supersedes: str | None = None, taken_at: str | None = None) -> VitalsSet:
    """Check and save one set of vital signs. Raises InvalidVitals listing every bad field."""
    store.get(Patient, patient_id)
    try:
        reading = validate_vitals(values)
    except VitalsErrors as exc:
        raise InvalidVitals(exc) from None
    if not reading:
        raise ValidationError("vitals", "Vital signs: enter at least one measurement.")
    if consciousness is not None and consciousness not in CONSCIOUSNESS:
        raise ValidationError("consciousness", f"Consciousness: choose one of {', '.join(CONSCIOUSNESS)}.")
    if spo2_scale not in (1, 2):
        raise ValidationError("spo2_scale", "SpO2 scale: 1 (usual) or 2 (known hypercapnic respiratory failure).")
    return store.insert(VitalsSet(
        patient_id=patient_id, encounter_id=encounter_id, taken_at=taken_at or utc_iso(),
        observations=to_observations(reading), consciousness=consciousness,
        supplemental_oxygen=bool(supplemental_oxygen), spo2_scale=spo2_scale, supersedes=supersedes,
        created_by=store.user.username))
