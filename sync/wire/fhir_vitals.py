"""Vital signs as FHIR R4 Observations following the vital-signs profile.

A vitals set becomes one panel Observation (LOINC 85353-1, id = the vitals set's id) whose
`hasMember` lists one Observation per vital sign taken. Systolic and diastolic pressures travel
together as the blood-pressure panel (85354-9) with two components, as the `bp` profile requires;
a half-taken pressure keeps the missing half as a component with `dataAbsentReason`. A reading
without a usable number is exported with `dataAbsentReason` instead of a value.

Works on plain record payload dicts (the record contract); imports nothing of the station.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
CATEGORY_SYSTEM = "http://terminology.hl7.org/CodeSystem/observation-category"
ABSENT_SYSTEM = "http://terminology.hl7.org/CodeSystem/data-absent-reason"
PROFILE_BASE = "http://hl7.org/fhir/StructureDefinition/"
VITAL_SIGNS_PROFILE = PROFILE_BASE + "vitalsigns"

SYSTOLIC, DIASTOLIC = "8480-6", "8462-4"
BP_PANEL = ("85354-9", "Blood pressure panel with all children optional")
VITALS_PANEL = ("85353-1", "Vital signs, weight, height, head circumference, oxygen saturation and BMI panel")
SPO2 = "2708-6"


@dataclass(frozen=True)
class Vital:
    """How one vital sign is coded: LOINC code and display, UCUM unit, the R4 profile it follows."""

    code: str
    display: str
    ucum: str
    unit: str  # the unit as people read it
    profile: str  # the specific vital-signs profile (the generic one when there is none)


VITALS: dict[str, Vital] = {
    v.code: v
    for v in (
        Vital(SYSTOLIC, "Systolic blood pressure", "mm[Hg]", "mmHg", PROFILE_BASE + "bp"),
        Vital(DIASTOLIC, "Diastolic blood pressure", "mm[Hg]", "mmHg", PROFILE_BASE + "bp"),
        Vital("8867-4", "Heart rate", "/min", "beats/minute", PROFILE_BASE + "heartrate"),
        Vital("9279-1", "Respiratory rate", "/min", "breaths/minute", PROFILE_BASE + "resprate"),
        Vital("8310-5", "Body temperature", "Cel", "°C", PROFILE_BASE + "bodytemp"),
        Vital(SPO2, "Oxygen saturation in Arterial blood", "%", "%", PROFILE_BASE + "oxygensat"),
        Vital("29463-7", "Body weight", "kg", "kg", PROFILE_BASE + "bodyweight"),
        Vital("8302-2", "Body height", "cm", "cm", PROFILE_BASE + "bodyheight"),
        Vital("39156-5", "Body mass index (BMI) [Ratio]", "kg/m2", "kg/m2", PROFILE_BASE + "bmi"),
        # MUAC has no profile of its own in R4: it follows the generic vital-signs profile.
        Vital("56072-2", "Circumference Mid upper arm", "cm", "cm", VITAL_SIGNS_PROFILE),
    )
}
VITAL_SIGNS_CATEGORY = [{
    "coding": [{"system": CATEGORY_SYSTEM, "code": "vital-signs", "display": "Vital Signs"}],
    "text": "Vital Signs",
}]
_ABSENT_DISPLAY = {
    "not-performed": "Not Performed",
    "not-a-number": "Not a Number (NaN)",
    "unknown": "Unknown",
}


def derived_id(record_id: str, part: str) -> str:
    """A stable id for a resource made from part of a record (same record, same id every export)."""
    return str(uuid.uuid5(uuid.UUID(record_id), part))


def absent(code: str) -> dict[str, Any]:
    """A dataAbsentReason CodeableConcept."""
    return {"coding": [{"system": ABSENT_SYSTEM, "code": code, "display": _ABSENT_DISPLAY[code]}]}


def quantity(value: Any, vital: Vital | None, unit: str) -> dict[str, Any] | None:
    """A UCUM valueQuantity, or None when `value` is not a usable number."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    code = vital.ucum if vital else unit
    return {"value": value, "unit": vital.unit if vital else unit, "system": UCUM, "code": code}


def _absent_reason(value: Any) -> str:
    if value is None:
        return "not-performed"
    if isinstance(value, float) and not math.isfinite(value):
        return "not-a-number"
    return "unknown"


def loinc(code: str, display: str | None, text: str | None = None) -> dict[str, Any]:
    coding = {"system": LOINC, "code": code}
    if display:
        coding["display"] = display
    return {"coding": [coding], "text": text or display}


def _value_or_absent(target: dict[str, Any], value: Any, vital: Vital | None, unit: str) -> None:
    q = quantity(value, vital, unit)
    if q is None:
        target["dataAbsentReason"] = absent(_absent_reason(value))
    else:
        target["valueQuantity"] = q


def vitals_resources(vs: Mapping[str, Any], patient_ref: str, encounter_ref: str | None) -> list[dict[str, Any]]:
    """The panel Observation for one vitals set, followed by one Observation per vital sign."""
    base = {
        "status": "final",
        "category": VITAL_SIGNS_CATEGORY,
        "subject": {"reference": patient_ref},
        "encounter": {"reference": encounter_ref} if encounter_ref else None,
        "effectiveDateTime": vs.get("taken_at"),
        "performer": [{"display": vs["created_by"]}] if vs.get("created_by") else None,
    }
    by_code: dict[str, dict[str, Any]] = {}
    order: list[str] = []
    for obs in vs.get("observations") or []:
        if isinstance(obs, dict) and obs.get("code"):
            code = str(obs["code"])
            if code not in by_code:
                order.append(code)
            by_code[code] = obs

    members: list[dict[str, Any]] = []
    done_bp = False
    for code in order:
        if code in (SYSTOLIC, DIASTOLIC):
            if not done_bp:
                members.append(_blood_pressure(vs, base, by_code.get(SYSTOLIC), by_code.get(DIASTOLIC)))
                done_bp = True
            continue
        members.append(_single(vs, base, by_code[code]))

    panel = {
        "resourceType": "Observation",
        "id": vs["id"],
        "meta": {"profile": [VITAL_SIGNS_PROFILE]},
        "identifier": [{"system": "urn:ietf:rfc:3986", "value": f"urn:uuid:{vs['id']}"}],
        **base,
        "code": loinc(*VITALS_PANEL, "Vital signs"),
        "hasMember": [{"reference": f"urn:uuid:{m['id']}"} for m in members],
        "note": _panel_notes(vs),
    }
    if not members:
        # vs-2: an Observation with no members and no components needs a value or a reason.
        panel["dataAbsentReason"] = absent("not-performed")
    return [panel, *members]


def _panel_notes(vs: Mapping[str, Any]) -> list[dict[str, str]] | None:
    notes = []
    if vs.get("consciousness"):
        notes.append({"text": f"Level of consciousness (ACVPU): {vs['consciousness']}"})
    if vs.get("supplemental_oxygen"):
        notes.append({"text": "Breathing supplemental oxygen when measured"})
    if vs.get("spo2_scale") == 2:
        notes.append({"text": "NEWS2 SpO2 scale 2 (hypercapnic respiratory failure)"})
    return notes or None


def _single(vs: Mapping[str, Any], base: dict[str, Any], obs: dict[str, Any]) -> dict[str, Any]:
    code = str(obs["code"])
    vital = VITALS.get(code)
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "id": derived_id(vs["id"], f"observation:{code}"),
        "meta": {"profile": [vital.profile if vital else VITAL_SIGNS_PROFILE]},
        **base,
        "code": loinc(code, vital.display if vital else None, obs.get("name") or (vital.display if vital else code)),
    }
    _value_or_absent(resource, obs.get("value"), vital, str(obs.get("unit") or ""))
    if code == SPO2 and vs.get("supplemental_oxygen"):
        resource["note"] = [{"text": "Breathing supplemental oxygen when measured"}]
    return resource


def _blood_pressure(vs: Mapping[str, Any], base: dict[str, Any], systolic: dict[str, Any] | None,
                    diastolic: dict[str, Any] | None) -> dict[str, Any]:
    components = []
    for code, obs in ((SYSTOLIC, systolic), (DIASTOLIC, diastolic)):
        vital = VITALS[code]
        component: dict[str, Any] = {"code": loinc(code, vital.display, (obs or {}).get("name") or vital.display)}
        _value_or_absent(component, (obs or {}).get("value"), vital, vital.ucum)
        components.append(component)
    return {
        "resourceType": "Observation",
        "id": derived_id(vs["id"], "observation:blood-pressure"),
        "meta": {"profile": [VITALS[SYSTOLIC].profile]},
        **base,
        "code": loinc(*BP_PANEL, "Blood pressure"),
        "component": components,
    }
