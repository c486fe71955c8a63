"""A patient's records exported as HL7 FHIR R4: valid, complete, and coded the way the profiles ask."""

from __future__ import annotations

import ast
import json
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sync.wire import fhir
from sync.wire.fhir_vitals import VITALS
from sync.wire.payloads import VITAL_UNITS
from tests.unit.fhir_checks import Clinic, blank_strings, resources, validate_r4

ROOT = Path(__file__).resolve().parents[2]
UCUM = "http://unitsofmeasure.org"
LOINC = "http://loinc.org"
PROFILE = "http://hl7.org/fhir/StructureDefinition/"

# The vital signs a station records: LOINC code -> (UCUM unit, R4 vital-signs profile).
VITAL_TABLE = [
    ("8480-6", "mm[Hg]", "bp"),
    ("8462-4", "mm[Hg]", "bp"),
    ("8867-4", "/min", "heartrate"),
    ("9279-1", "/min", "resprate"),
    ("8310-5", "Cel", "bodytemp"),
    ("2708-6", "%", "oxygensat"),
    ("29463-7", "kg", "bodyweight"),
    ("8302-2", "cm", "bodyheight"),
    ("39156-5", "kg/m2", "bmi"),
    ("56072-2", "cm", "vitalsigns"),
]
VALUES = {"8480-6": 128, "8462-4": 84, "8867-4": 104, "9279-1": 22, "8310-5": 38.6, "2708-6": 93,
          "29463-7": 54.5, "8302-2": 158, "39156-5": 21.8, "56072-2": 24.5}


@pytest.fixture
def clinic() -> Clinic:
    return Clinic()


def _one(bundle: dict[str, Any], kind: str) -> dict[str, Any]:
    found = resources(bundle, kind)
    assert len(found) == 1, [r["resourceType"] for r in resources(bundle)]
    return found[0]


def _code(resource: dict[str, Any]) -> str:
    return resource["code"]["coding"][0]["code"]


def test_a_referred_case_exports_every_kind_of_resource_and_validates_as_r4(clinic: Clinic) -> None:
    bundle = fhir.bundle(clinic.case(), station_names={"bhu-jhok": "BHU Jhok"})
    validate_r4(bundle)
    kinds = {r["resourceType"] for r in resources(bundle)}
    assert kinds == {"Patient", "Encounter", "Condition", "MedicationRequest", "Observation", "ServiceRequest",
                     "Communication"}
    assert bundle["type"] == "collection"
    assert blank_strings(bundle) == []


def test_the_patient_carries_cnic_mrn_and_record_id_each_with_its_own_system(clinic: Clinic) -> None:
    p = clinic.patient()
    patient = _one(fhir.bundle({"patient": [p]}), "Patient")
    by_system = {i["system"]: i["value"] for i in patient["identifier"]}
    assert by_system == {"https://nadra.gov.pk/cnic": "41303-1234567-2",
                         "urn:telestation:station:bhu-jhok:mrn": "000017",
                         "urn:ietf:rfc:3986": f"urn:uuid:{p['id']}"}
    assert fhir.CNIC_SYSTEM == "https://nadra.gov.pk/cnic"


def test_the_same_mrn_at_two_stations_is_two_different_identifiers() -> None:
    a, b = Clinic("bhu-jhok").patient(), Clinic("rhc-mirpur").patient()
    systems = {i["system"] for p in (a, b) for i in _one(fhir.bundle({"patient": [p]}), "Patient")["identifier"]
               if i["value"] == "000017"}
    assert len(systems) == 2


def test_urdu_names_travel_as_translations_and_the_father_as_a_contact(clinic: Clinic) -> None:
    patient = _one(fhir.bundle({"patient": [clinic.patient()]}), "Patient")
    name = patient["name"][0]
    assert name["text"] == "Zainab Bibi"
    translation = name["_text"]["extension"][0]
    assert translation["url"] == "http://hl7.org/fhir/StructureDefinition/translation"
    assert {"url": "content", "valueString": "زینب بی بی"} in translation["extension"]
    assert {"url": "lang", "valueCode": "ur"} in translation["extension"]
    contact = patient["contact"][0]
    assert contact["name"]["text"] == "Ghulam Rasool"
    assert contact["relationship"][0]["text"] == "Father or husband"
    assert patient["address"] == [{"use": "home", "city": "Jhok Sharif", "district": "Thatta", "country": "PK"}]
    assert patient["telecom"] == [{"system": "phone", "value": "03001234567", "use": "mobile"}]


@pytest.mark.parametrize(("code", "ucum", "profile"), VITAL_TABLE)
def test_each_vital_sign_has_its_loinc_code_ucum_unit_and_profile(clinic: Clinic, code: str, ucum: str,
                                                                  profile: str) -> None:
    p = clinic.patient()
    bundle = fhir.bundle({"patient": [p], "vitals_set": [clinic.vitals(p, None, {code: VALUES[code]})]})
    validate_r4(bundle)
    observations = resources(bundle, "Observation")
    panel = next(o for o in observations if _code(o) == "85353-1")
    assert panel["hasMember"] and len(observations) == 2
    vital = next(o for o in observations if o is not panel)
    assert vital["meta"]["profile"] == [PROFILE + profile]
    assert vital["category"][0]["coding"][0] == {
        "system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "vital-signs",
        "display": "Vital Signs"}
    assert vital["status"] == "final" and vital["subject"] == {"reference": f"urn:uuid:{p['id']}"}
    if profile == "bp":  # the bp profile: a panel with systolic and diastolic components
        assert _code(vital) == "85354-9"
        component = next(c for c in vital["component"] if _code(c) == code)
        other = next(c for c in vital["component"] if _code(c) != code)
        assert other["dataAbsentReason"]["coding"][0]["code"] == "not-performed"
        quantity = component["valueQuantity"]
    else:
        assert vital["code"]["coding"][0]["system"] == LOINC and _code(vital) == code
        quantity = vital["valueQuantity"]
    assert quantity == {"value": VALUES[code], "unit": VITALS[code].unit, "system": UCUM, "code": ucum}


def test_the_vitals_table_covers_every_code_the_wire_protocol_accepts() -> None:
    assert {code: v.ucum for code, v in VITALS.items()} == VITAL_UNITS
    assert {code: ucum for code, ucum, _ in VITAL_TABLE} == VITAL_UNITS


def test_a_full_blood_pressure_is_one_observation_with_two_components(clinic: Clinic) -> None:
    p = clinic.patient()
    bundle = fhir.bundle({"patient": [p], "vitals_set": [clinic.vitals(p, None, {"8480-6": 150, "8462-4": 95})]})
    validate_r4(bundle)
    bp = next(o for o in resources(bundle, "Observation") if _code(o) == "85354-9")
    assert [(_code(c), c["valueQuantity"]["value"]) for c in bp["component"]] == [("8480-6", 150), ("8462-4", 95)]


@pytest.mark.parametrize(("value", "reason"), [(None, "not-performed"), (math.nan, "not-a-number"),
                                               (math.inf, "not-a-number"), ("high", "unknown")])
def test_a_reading_without_a_number_is_exported_with_a_data_absent_reason(clinic: Clinic, value: Any,
                                                                        reason: str) -> None:
    p = clinic.patient()
    vs = clinic.vitals(p, None, {"8867-4": 90})
    vs["observations"][0]["value"] = value  # e.g. a record from an older station version
    bundle = fhir.bundle({"patient": [p], "vitals_set": [vs]})
    validate_r4(bundle)
    pulse = next(o for o in resources(bundle, "Observation") if _code(o) == "8867-4")
    assert "valueQuantity" not in pulse
    assert pulse["dataAbsentReason"]["coding"][0] == {
        "system": "http://terminology.hl7.org/CodeSystem/data-absent-reason", "code": reason,
        "display": pulse["dataAbsentReason"]["coding"][0]["display"]}


def test_a_patient_with_missing_values_exports_valid_resources(clinic: Clinic) -> None:
    p = clinic.patient(name_ur=None, father_name=None, father_name_ur=None, date_of_birth=None,
                       estimated_age_years=30, cnic=None, phone=None, village=None, district=None)
    e = clinic.encounter(p, complaint=None, history="", examination="  ", assessment=None, plan=None,
                         diagnoses=[], prescriptions=[{"medicine_id": None, "name": "ORS", "strength": None,
                                                       "dose": None, "frequency": None, "duration_days": None,
                                                       "notes": None}],
                         follow_up_date=None, status="draft", signed_by=None, signed_at=None)
    r = clinic.referral(p, None, summary=None, attachments=[], created_by=None, status="draft")
    empty_vitals = clinic.vitals(p, e, {}, consciousness=None)
    a = clinic.advice(r, plan_changed=False, plan_change=None, follow_up=None)
    bundle = fhir.bundle({"patient": [p], "encounter": [e], "vitals_set": [empty_vitals], "referral": [r],
                          "advice": [a]})
    validate_r4(bundle)
    assert blank_strings(bundle) == []
    patient = _one(bundle, "Patient")
    assert patient["birthDate"] == "1994"  # registered in 2024 aged about 30
    assert [i["system"] for i in patient["identifier"]] == ["urn:ietf:rfc:3986",
                                                            "urn:telestation:station:bhu-jhok:mrn"]
    assert "contact" not in patient and "telecom" not in patient
    encounter = _one(bundle, "Encounter")
    assert encounter["status"] == "in-progress" and "text" not in encounter and "diagnosis" not in encounter
    assert _one(bundle, "MedicationRequest")["status"] == "draft"
    panel = _one(bundle, "Observation")
    assert panel["dataAbsentReason"]["coding"][0]["code"] == "not-performed"
    assert _one(bundle, "ServiceRequest")["status"] == "draft"
    assert "Plan changed: no" in [x["contentString"] for x in _one(bundle, "Communication")["payload"]]


@pytest.mark.parametrize(("urgency", "priority"), [("routine", "routine"), ("soon", "urgent"),
                                                   ("urgent", "asap"), ("emergency", "stat")])
def test_the_referral_is_a_service_request_with_its_urgency_as_priority(clinic: Clinic, urgency: str,
                                                                        priority: str) -> None:
    p = clinic.patient()
    e = clinic.encounter(p)
    r = clinic.referral(p, e, urgency=urgency)
    request = _one(fhir.bundle({"patient": [p], "encounter": [e], "referral": [r]}), "ServiceRequest")
    assert request["priority"] == priority
    assert request["intent"] == "order" and request["status"] == "active"
    assert request["reasonCode"] == [{"text": r["question"]}]
    assert request["encounter"] == {"reference": f"urn:uuid:{e['id']}"}
    assert request["supportingInfo"][0]["identifier"]["value"] == "ab" * 32


def test_diagnoses_are_icd10_conditions_and_prescriptions_medication_requests(clinic: Clinic) -> None:
    bundle = fhir.bundle(clinic.case())
    conditions = resources(bundle, "Condition")
    assert [(c["code"]["coding"][0]["system"], _code(c)) for c in conditions] == [
        ("http://hl7.org/fhir/sid/icd-10", "J18.9"), ("http://hl7.org/fhir/sid/icd-10", "R50.9")]
    encounter = _one(bundle, "Encounter")
    assert [d["condition"]["reference"] for d in encounter["diagnosis"]] == [f"urn:uuid:{c['id']}"
                                                                            for c in conditions]
    rx = _one(bundle, "MedicationRequest")
    assert rx["medicationCodeableConcept"]["text"] == "Amoxicillin 500 mg"
    assert rx["dosageInstruction"] == [{"text": "1 capsule, three times a day, for 5 days"}]
    assert rx["dispenseRequest"]["expectedSupplyDuration"] == {"value": 5, "unit": "days", "system": UCUM,
                                                               "code": "d"}
    assert "Crackles right base &lt;R&gt;" in encounter["text"]["div"]


def test_advice_and_messages_are_communications_about_the_referral(clinic: Clinic) -> None:
    case = clinic.case()
    bundle = fhir.bundle(case)
    comms = resources(bundle, "Communication")
    assert len(comms) == 3
    referral_ref = [{"reference": f"urn:uuid:{case['referral'][0]['id']}"}]
    assert all(c["basedOn"] == referral_ref and c["status"] == "completed" for c in comms)
    advice = next(c for c in comms if c["category"][0]["text"] == "Specialist advice")
    assert advice["sender"] == {"display": "Dr Kamal Shah, pulmonology"}
    texts = [x["contentString"] for x in advice["payload"]]
    assert texts[0] == "Assessment: Community-acquired pneumonia, moderate."
    assert "Plan changed: Higher amoxicillin dose." in texts
    messages = [c for c in comms if c["category"][0]["text"] == "Message"]
    assert {m["sender"]["display"] for m in messages} == {"Nasreen", "Dr Kamal Shah (specialist)"}


def test_only_the_latest_correction_of_a_consultation_is_exported(clinic: Clinic) -> None:
    p = clinic.patient()
    first = clinic.encounter(p)
    second = clinic.encounter(p, supersedes=first["id"], assessment="Bronchitis")
    third = clinic.encounter(p, supersedes=second["id"], assessment="Pneumonia after all")
    r = clinic.referral(p, first)
    vs = clinic.vitals(p, first)
    bundle = fhir.bundle({"patient": [p], "encounter": [third, first, second], "referral": [r],
                          "vitals_set": [vs]})
    validate_r4(bundle)
    assert [e["id"] for e in resources(bundle, "Encounter")] == [third["id"]]
    assert _one(bundle, "ServiceRequest")["encounter"] == {"reference": f"urn:uuid:{third['id']}"}
    assert all(o["encounter"] == {"reference": f"urn:uuid:{third['id']}"} for o in resources(bundle, "Observation"))


def test_a_reference_to_a_record_outside_the_bundle_names_it_by_identifier(clinic: Clinic) -> None:
    p = clinic.patient()
    e = clinic.encounter(p)
    bundle = fhir.bundle({"patient": [p], "referral": [clinic.referral(p, e)]})
    validate_r4(bundle)
    assert _one(bundle, "ServiceRequest")["encounter"] == {
        "identifier": {"system": "urn:ietf:rfc:3986", "value": f"urn:uuid:{e['id']}"}}


def test_exporting_the_same_records_twice_gives_the_same_resources(clinic: Clinic) -> None:
    case = clinic.case()
    once = fhir.bundle(case, timestamp="2024-06-01T00:00:00Z")
    assert fhir.bundle(json.loads(json.dumps(case)), timestamp="2024-06-01T00:00:00Z") == once


def test_ndjson_has_one_resource_per_line(clinic: Clinic) -> None:
    bundle = fhir.bundle(clinic.case())
    lines = list(fhir.ndjson(fhir.resources_of(bundle)))
    assert [json.loads(line) for line in lines] == resources(bundle)
    assert all(line.endswith("\n") and "\n" not in line[:-1] for line in lines)


_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40)
_maybe = st.one_of(st.none(), _text)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=_text, name_ur=_maybe, father=_maybe, sex=st.sampled_from(["female", "male", "other"]),
       dob=st.one_of(st.none(), st.dates().map(lambda d: d.isoformat())),
       age=st.one_of(st.none(), st.integers(0, 120)), village=_maybe, complaint=_maybe,
       values=st.dictionaries(st.sampled_from(sorted(VALUES)), st.floats(0, 400, allow_nan=False)))
def test_any_patient_the_wire_accepts_exports_valid_r4(clinic: Clinic, name: str, name_ur: str | None,
                                                      father: str | None, sex: str, dob: str | None,
                                                      age: int | None, village: str | None,
                                                      complaint: str | None, values: dict[str, float]) -> None:
    p = clinic.patient(name=name, name_ur=name_ur, father_name=father, sex=sex, date_of_birth=dob,
                       estimated_age_years=age, village=village)
    e = clinic.encounter(p, complaint=complaint, history=complaint)
    bundle = fhir.bundle({"patient": [p], "encounter": [e], "vitals_set": [clinic.vitals(p, e, values)]})
    validate_r4(bundle)
    assert blank_strings(bundle) == []


@pytest.mark.parametrize("module", ["sync/wire/fhir.py", "sync/wire/fhir_vitals.py"])
def test_the_mapping_imports_nothing_of_the_station_and_no_fhir_library(module: str) -> None:
    tree = ast.parse((ROOT / module).read_text("utf-8"))
    names = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    names += [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module]
    assert not [n for n in names if n.split(".")[0] in ("station", "fhir", "ui", "PySide6")]
    assert not [n for n in names if n.startswith("sync.") and n not in ("sync.wire.fhir_vitals",)]
