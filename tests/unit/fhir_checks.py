"""Checks shared by the FHIR tests: R4 validation with round trip, and a patient's records.

Validation uses `fhir.resources.R4B` (R4-compatible models). The package's top-level import is
R5, which would accept R4 bundles while silently dropping fields R5 renamed, so every test goes
through `validate_r4`, which also checks that nothing was dropped on the way through the models.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from fhir.resources.R4B.bundle import Bundle

from sync.wire.ids import format_hlc, utc_iso, uuid7
from sync.wire.protocol import validate_record

_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
XHTML = "{http://www.w3.org/1999/xhtml}"


def _canonical(value: Any) -> Any:
    # The models print instants with microseconds ("...:00.123000Z") and numbers as Decimals:
    # compare meaning, not spelling.
    if isinstance(value, dict):
        return {k: _canonical(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_canonical(v) for v in value]
    if isinstance(value, str) and _DATETIME.match(value):
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    if isinstance(value, float | int | Decimal) and not isinstance(value, bool):
        return Decimal(str(value))
    return value


def validate_r4(bundle: dict[str, Any]) -> Bundle:
    """Parse `bundle` with the R4 models; fail if anything is invalid, lost or not an R4 class."""
    text = json.dumps(bundle, ensure_ascii=False, allow_nan=False)  # plain JSON: no NaN, no objects
    model = Bundle.model_validate(json.loads(text))
    for entry in model.entry or []:
        assert type(entry.resource).__module__.startswith("fhir.resources.R4B."), type(entry.resource)
    back = json.loads(model.model_dump_json(exclude_none=True))
    assert _canonical(back) == _canonical(bundle), "the R4 models dropped or changed a field"
    check_references(bundle)
    check_narratives(bundle)
    return model


def check_references(bundle: dict[str, Any]) -> None:
    """Every `urn:uuid:` reference points at an entry of the bundle; full URLs are unique."""
    urls = [entry["fullUrl"] for entry in bundle.get("entry", [])]
    assert len(urls) == len(set(urls)), "two entries share a fullUrl"
    for ref in _values_of(bundle, "reference"):
        if isinstance(ref, dict):  # a Reference held in an element named "reference" (Consent.provision.data)
            continue  # its own "reference" string is visited as well
        assert ref in urls, f"reference {ref} is not in the bundle"


def check_narratives(bundle: dict[str, Any]) -> None:
    """Narratives are well-formed XHTML in a <div> (the models do not check this)."""
    for entry in bundle.get("entry", []):
        narrative = entry["resource"].get("text")
        if narrative:
            root = ET.fromstring(narrative["div"])
            assert root.tag == f"{XHTML}div"


def _values_of(value: Any, key: str) -> list[Any]:
    found = []
    if isinstance(value, dict):
        for k, v in value.items():
            if k == key:
                found.append(v)
            found += _values_of(v, key)
    elif isinstance(value, list):
        for v in value:
            found += _values_of(v, key)
    return found


def blank_strings(value: Any) -> list[str]:
    """Paths of empty strings, lists or objects (FHIR forbids them)."""
    out = []
    if isinstance(value, dict):
        for k, v in value.items():
            if v in ("", [], {}, None) or (isinstance(v, str) and not v.strip()):
                out.append(k)
            out += [f"{k}.{p}" for p in blank_strings(v)]
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += [f"[{i}].{p}" for p in blank_strings(v)]
    return out


def resources(bundle: dict[str, Any], kind: str | None = None) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle.get("entry", []) if kind is None or e["resource"]["resourceType"] == kind]


class Clinic:
    """Record payloads of one station, to the record contract (checked with the wire models)."""

    def __init__(self, station_id: str = "bhu-jhok", start: datetime | None = None) -> None:
        self.station_id = station_id
        self.now = start or datetime(2024, 5, 6, 9, 0, tzinfo=UTC)
        self.counter = 0

    def record(self, entity: str, fields: dict[str, Any], *, at: datetime | None = None) -> dict[str, Any]:
        when = at or self.now
        self.counter += 1
        data = {"id": uuid7(), "station_id": self.station_id, "created_at": utc_iso(when),
                "updated_at": format_hlc(int(when.timestamp() * 1000), self.counter % 10000, self.station_id),
                "version": 1, **fields}
        validate_record(entity, data)
        return data

    def patient(self, **fields: Any) -> dict[str, Any]:
        return self.record("patient", {
            "mrn": "000017", "name": "Zainab Bibi", "name_ur": "زینب بی بی", "father_name": "Ghulam Rasool",
            "father_name_ur": "غلام رسول", "sex": "female", "date_of_birth": "1994-03-12",
            "estimated_age_years": None, "cnic": "41303-1234567-2", "phone": "03001234567",
            "village": "Jhok Sharif", "district": "Thatta", **fields})

    def encounter(self, patient: dict[str, Any], **fields: Any) -> dict[str, Any]:
        return self.record("encounter", {
            "patient_id": patient["id"], "started_at": utc_iso(self.now), "complaint": "Fever and cough, 5 days",
            "history": "Productive cough.\nNo blood.", "examination": "Crackles right base <R>",
            "assessment": "Pneumonia & fever", "plan": "Amoxicillin; review in 2 days",
            "diagnoses": [{"code": "J18.9", "title": "Pneumonia, unspecified organism"},
                          {"code": "R50.9", "title": "Fever, unspecified"}],
            "prescriptions": [{"medicine_id": "amoxicillin-500", "name": "Amoxicillin", "strength": "500 mg",
                               "dose": "1 capsule", "frequency": "three times a day", "duration_days": 5,
                               "notes": "After food"}],
            "follow_up_date": "2024-05-08", "status": "signed", "signed_by": "amina",
            "signed_at": utc_iso(self.now + timedelta(minutes=20)), "supersedes": None, **fields})

    def vitals(self, patient: dict[str, Any], encounter: dict[str, Any] | None,
               values: dict[str, float] | None = None, **fields: Any) -> dict[str, Any]:
        from sync.wire.fhir_vitals import VITALS

        values = values if values is not None else {"8480-6": 128, "8462-4": 84, "8867-4": 104, "8310-5": 38.6,
                                                     "2708-6": 93}
        return self.record("vitals_set", {
            "patient_id": patient["id"], "encounter_id": encounter["id"] if encounter else None,
            "taken_at": utc_iso(self.now + timedelta(minutes=5)),
            "observations": [{"code": c, "name": VITALS[c].display, "value": float(v), "unit": VITALS[c].ucum}
                             for c, v in values.items()],
            "consciousness": "alert", "supplemental_oxygen": False, "spo2_scale": 1, "supersedes": None, **fields})

    def referral(self, patient: dict[str, Any], encounter: dict[str, Any] | None, **fields: Any) -> dict[str, Any]:
        return self.record("referral", {
            "patient_id": patient["id"], "encounter_id": encounter["id"] if encounter else None,
            "specialty": "pulmonology", "urgency": "urgent", "question": "Fever with SpO2 93%: admit or treat here?",
            "status": "sent", "created_by": "amina", "attachments": ["ab" * 32],
            "summary": "Woman, 30 y. Fever and cough 5 days. SpO2 93%.", **fields}, at=self.now + timedelta(minutes=30))

    def advice(self, referral: dict[str, Any], **fields: Any) -> dict[str, Any]:
        return self.record("advice", {
            "referral_id": referral["id"], "patient_id": referral["patient_id"], "specialist_name": "Dr Kamal Shah",
            "specialty": "pulmonology", "assessment": "Community-acquired pneumonia, moderate.",
            "recommendations": "Amoxicillin 1 g three times daily for 5 days.", "plan_changed": True,
            "plan_change": "Higher amoxicillin dose.", "follow_up": "Review in 48 hours.", **fields},
            at=self.now + timedelta(hours=2))

    def message(self, referral: dict[str, Any], role: str = "station", **fields: Any) -> dict[str, Any]:
        return self.record("message", {
            "referral_id": referral["id"], "author_name": "Nasreen" if role == "station" else "Dr Kamal Shah",
            "author_role": role, "body": "Her breathing is faster tonight.", **fields},
            at=self.now + timedelta(hours=3))

    def case(self) -> dict[str, list[dict[str, Any]]]:
        """A whole referred case: patient, consultation, vitals, referral, advice, two messages."""
        p = self.patient()
        e = self.encounter(p)
        r = self.referral(p, e)
        return {"patient": [p], "encounter": [e], "vitals_set": [self.vitals(p, e)], "referral": [r],
                "advice": [self.advice(r)], "message": [self.message(r), self.message(r, "specialist")]}
