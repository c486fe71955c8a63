"""The station's FHIR export (audited, written atomically) and import of another system's register."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from station import consultations, fhir_import, patients, referrals
from station.errors import ValidationError
from station.records import Advice, Patient
from station.store import Store
from sync import fhir_station
from sync.wire import fhir
from sync.wire.fhir_vitals import derived_id
from tests.conftest import ADMIN_PASSWORD, FAST_KDF
from tests.unit.fhir_checks import Clinic, resources, validate_r4

ZAINAB = {"name": "Zainab Bibi", "name_ur": "زینب بی بی", "father_name": "Ghulam Rasool",
          "father_name_ur": "غلام رسول", "sex": "female", "date_of_birth": "1994-03-12",
          "cnic": "41303-1234567-2", "phone": "0300-1234567", "village": "Jhok Sharif", "district": "Thatta"}
ASLAM = {"name": "Muhammad Aslam", "father_name": "Allah Ditta", "sex": "male", "estimated_age_years": 60,
         "village": "Keti Bandar", "district": "Thatta"}


def _chart(store: Store) -> Patient:
    """A registered patient with a signed consultation, vitals, a referral, advice and a message."""
    p = patients.register(store, ZAINAB)
    e = consultations.start(store, p.id, complaint="Fever and cough for 5 days", assessment="Pneumonia",
                            diagnoses=[{"code": "J18.9"}],
                            prescriptions=[{"medicine_id": "amoxicillin-500-cap", "dose": "1 capsule",
                                            "frequency": "TDS", "duration_days": 5}])
    e = consultations.sign(store, e.id, e.version)
    consultations.record_vitals(store, p.id, {"systolic_bp": 128, "diastolic_bp": 84, "heart_rate": 104,
                                              "temperature": 38.6, "spo2": 93}, encounter_id=e.id)
    r = referrals.create(store, p.id, "pulmonology", "urgent", "Low SpO2 with fever: admit or treat here?",
                         encounter_id=e.id)
    referrals.advance(store, r.id, "sent")
    referrals.receive_advice(store, Advice(
        id=derived_id(r.id, "test-advice"), station_id=store.station_id,
        created_at="2024-05-06T12:00:00.000Z", updated_at=f"{1714996800000:014d}-0000-hub", version=1,
        referral_id=r.id, patient_id=p.id, specialist_name="Dr Kamal Shah", specialty="pulmonology",
        assessment="Pneumonia, moderate", recommendations="Amoxicillin 1 g TDS", plan_changed=True,
        plan_change="Higher dose", follow_up="48 hours"))
    referrals.send_message(store, r.id, "Photo of the chest X-ray follows.")
    return p


@pytest.fixture
def exports(tmp_path: Path) -> Path:
    folder = tmp_path / "exports"
    folder.mkdir()
    return folder


def _audit_actions(store: Store) -> list[tuple[str, str]]:
    return [(row[0], row[1]) for row in store.conn.execute("SELECT action, record_id FROM audit ORDER BY seq")]


def test_a_patients_chart_exports_to_a_valid_r4_file_and_the_export_is_audited(store: Store,
                                                                               exports: Path) -> None:
    p = _chart(store)
    out = exports / "zainab.json"
    count = fhir_station.export_patient(store, p.id, out)
    bundle = json.loads(out.read_text("utf-8"))
    validate_r4(bundle)
    assert count == len(bundle["entry"])
    kinds = [r["resourceType"] for r in resources(bundle)]
    assert {k: kinds.count(k) for k in set(kinds)} == {"Patient": 1, "Encounter": 1, "Condition": 1,
                                                         "MedicationRequest": 1, "Observation": 5,
                                                         "ServiceRequest": 1, "Communication": 2}
    mrn = next(i for i in resources(bundle, "Patient")[0]["identifier"] if i["value"] == p.mrn)
    assert mrn["system"] == f"urn:telestation:station:{store.station_id}:mrn"
    assert mrn["assigner"]["display"] == "Basic Health Unit Jhok"
    assert ("patient.export", p.id) in _audit_actions(store)
    assert list(exports.iterdir()) == [out]  # no temporary file left behind
    assert out.stat().st_mode & 0o077 == 0  # patient data: readable by its owner only


def test_a_failed_export_leaves_the_earlier_file_untouched(store: Store, exports: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    p = patients.register(store, ZAINAB)
    out = exports / "zainab.json"
    out.write_text("earlier export")

    def audit_fails(*args: Any, **kwargs: Any) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(store, "audit", audit_fails)
    with pytest.raises(OSError):
        fhir_station.export_patient(store, p.id, out)
    assert out.read_text() == "earlier export"
    assert list(exports.iterdir()) == [out]


@pytest.mark.parametrize(("out", "says"), [("", "is a folder"), ("missing/zainab.json", "does not exist")])
def test_a_bad_output_path_is_refused_naming_out(store: Store, tmp_path: Path, out: str, says: str) -> None:
    p = patients.register(store, ZAINAB)
    with pytest.raises(ValidationError) as err:
        fhir_station.export_patient(store, p.id, tmp_path / out)
    assert err.value.field == "out" and says in err.value.message
    assert "patient.export" not in [a for a, _ in _audit_actions(store)]


def _new_station(tmp_path: Path, name: str) -> Store:
    s, _ = Store.create(tmp_path / name, f"BHU {name}", "Thatta", "admin", ADMIN_PASSWORD, kdf=FAST_KDF)
    return s


def test_a_patient_exported_from_one_station_is_registered_the_same_at_another(store: Store,
                                                                               tmp_path: Path) -> None:
    zainab = patients.register(store, ZAINAB)
    aslam = patients.register(store, ASLAM)
    bundle = fhir.bundle({"patient": [zainab.payload(), aslam.payload()]})
    with _new_station(tmp_path, "mirpur") as other:
        report = fhir_import.import_bundle(other, bundle)
        assert (report.saved, report.errors) == (2, [])
        got = {p.name: p for p in other.find(Patient)}
        for original in (zainab, aslam):
            copy = got[original.name]
            for key in patients.EDITABLE:
                if key != "estimated_age_years":
                    assert getattr(copy, key) == getattr(original, key), key
            assert copy.mrn == original.mrn  # free at the new station, so kept
        assert patients.age_years(got["Muhammad Aslam"]) in (59, 60, 61)
        assert ("patients.import", "fhir") in _audit_actions(other)


def _bundle_of(*patients_: dict[str, Any], extra: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    clinic = Clinic("old-system")
    made = []
    for fields in patients_:
        made.append(clinic.patient(**fields))
        clinic.now += timedelta(minutes=1)  # entries keep the order given (the bundle sorts by created_at)
    return fhir.bundle({"patient": made, **({"encounter": extra} if extra else {})})


def test_a_patient_already_registered_with_that_cnic_is_not_imported_and_nothing_is_saved(store: Store) -> None:
    existing = patients.register(store, ZAINAB)
    bundle = _bundle_of({"name": "Zainab Bibi", "cnic": "41303-1234567-2", "mrn": "A-1"},
                        {"name": "Rukhsana", "father_name": "Abdul Ghani", "cnic": None, "phone": None, "mrn": "A-2"})
    report = fhir_import.import_bundle(store, bundle)
    assert report.saved == 0
    assert len(report.errors) == 1
    assert "entry 1 (Zainab Bibi)" in report.errors[0] and f"MRN {existing.mrn}" in report.errors[0]
    assert "same CNIC" in report.errors[0]
    assert [p.name for p in store.find(Patient)] == ["Zainab Bibi"]


def test_with_skip_invalid_the_others_are_saved_and_the_duplicate_reported(store: Store) -> None:
    patients.register(store, ZAINAB)
    bundle = _bundle_of({"cnic": "41303-1234567-2", "mrn": "A-1"},
                        {"name": "Rukhsana", "father_name": "Abdul Ghani", "cnic": None, "phone": None, "mrn": "A-2"})
    report = fhir_import.import_bundle(store, bundle, skip_invalid=True)
    assert report.saved == 1 and len(report.errors) == 1
    assert sorted(p.name for p in store.find(Patient)) == ["Rukhsana", "Zainab Bibi"]


@pytest.mark.parametrize(("change", "reason"), [
    ({"cnic": None, "phone": "03001234567"}, "same phone number"),
    ({"cnic": None, "phone": None, "name": "Zainab  bibi", "date_of_birth": "1995-01-01"},
     "similar name, father's name and age"),
])
def test_every_kind_of_possible_duplicate_is_caught(store: Store, change: dict[str, Any], reason: str) -> None:
    patients.register(store, ZAINAB)
    report = fhir_import.import_bundle(store, _bundle_of({"mrn": "A-9", **change}), skip_invalid=True)
    assert report.saved == 0 and reason in report.errors[0]


def test_a_person_listed_twice_in_the_bundle_is_registered_once(store: Store) -> None:
    report = fhir_import.import_bundle(store, _bundle_of({"mrn": "A-1"}, {"mrn": "A-2"}), skip_invalid=True)
    assert report.saved == 1 and "entry 2" in report.errors[0]
    assert len(store.find(Patient)) == 1


def test_importing_the_same_bundle_twice_registers_nobody_twice(store: Store) -> None:
    bundle = _bundle_of({"mrn": "A-1"}, {"name": "Rukhsana", "father_name": "Abdul Ghani", "cnic": None,
                                          "phone": None, "mrn": "A-2"})
    assert fhir_import.import_bundle(store, bundle).saved == 2
    again = fhir_import.import_bundle(store, bundle, skip_invalid=True)
    assert again.saved == 0 and len(again.errors) == 2
    assert len(store.find(Patient)) == 2


@pytest.mark.parametrize(("mrn", "kept", "warns"), [("OLD-77", True, None), ("has spaces 1", False, "does not fit"),
                                                    ("000001", False, "already used")])
def test_the_other_systems_mrn_is_kept_only_when_it_fits_and_is_free(store: Store, mrn: str, kept: bool,
                                                                     warns: str | None) -> None:
    patients.register(store, ASLAM)  # takes MRN 000001
    report = fhir_import.import_bundle(store, _bundle_of({"mrn": mrn}))
    assert report.saved == 1 and report.errors == []
    zainab = store.find(Patient, "name = ?", ["Zainab Bibi"])[0]
    assert (zainab.mrn == mrn) is kept
    if warns:
        assert warns in report.warnings[0] and zainab.mrn in report.warnings[0]


def test_a_patient_without_a_fathers_name_is_reported_naming_the_field(store: Store) -> None:
    report = fhir_import.import_bundle(store, _bundle_of({"father_name": None}))
    assert report.saved == 0 and "Father's or husband's name" in report.errors[0]


def test_only_patients_are_imported_from_a_bundle_with_other_resources(store: Store) -> None:
    clinic = Clinic("old-system")
    p = clinic.patient()
    report = fhir_import.import_bundle(store, fhir.bundle({"patient": [p], "encounter": [clinic.encounter(p)]}))
    assert report.saved == 1
    assert "not a Patient" in report.warnings[0]


def test_a_bundle_from_another_system_with_given_and_family_names_is_understood(store: Store) -> None:
    bundle = {"resourceType": "Bundle", "type": "searchset", "entry": [{"resource": {
        "resourceType": "Patient", "name": [{"given": ["Sakina"], "family": "Bibi"}], "gender": "female",
        "birthDate": "1980", "identifier": [{"type": {"text": "CNIC"}, "value": "4130312345671"}],
        "telecom": [{"system": "phone", "value": "+92 301 7654321", "use": "home"}],
        "contact": [{"relationship": [{"text": "Husband"}], "name": {"text": "Qadir Bux"}}],
        "address": [{"line": ["House 4", "Gharo"], "district": "Thatta"}]}}]}
    assert fhir_import.import_bundle(store, bundle).saved == 1
    p = store.find(Patient)[0]
    assert (p.name, p.father_name, p.cnic, p.phone, p.village) == (
        "Sakina Bibi", "Qadir Bux", "41303-1234567-1", "03017654321", "Gharo")
    assert p.date_of_birth is None and p.estimated_age_years is not None


@pytest.mark.parametrize(("content", "says"), [("{not json", "not valid JSON"), ('{"resourceType": "Patientx"}',
                                                                                 "not a FHIR Bundle"),
                                               ('{"resourceType": "Bundle", "entry": []}', "no Patient")])
def test_a_file_that_is_not_a_patient_bundle_is_refused(store: Store, tmp_path: Path, content: str,
                                                       says: str) -> None:
    path = tmp_path / "register.json"
    path.write_text(content)
    with pytest.raises(ValidationError) as err:
        fhir_import.import_file(store, path)
    assert says in err.value.message and err.value.field == "bundle"


def test_the_station_and_the_mapping_agree_on_the_cnic_system() -> None:
    assert fhir_import.CNIC_SYSTEM == fhir.CNIC_SYSTEM
    assert fhir_import.TRANSLATION_EXT == fhir.TRANSLATION_EXT


def test_the_consent_to_share_a_referral_is_exported_as_a_fhir_consent(store: Store, exports: Path) -> None:
    from station import consent

    p = patients.register(store, ASLAM)
    agreed = consent.clean("caregiver", "Rashida Bibi", "wife", True, "admin")
    shared = referrals.create(store, p.id, "cardiology", "urgent", "Chest pain on exertion for a week: what next?",
                              consent=agreed)
    refused = referrals.create(store, p.id, "dermatology", "routine", "Itchy rash on both hands for a month.",
                               consent=consent.clean("patient", p.name, "", False, "admin"))
    out = exports / "aslam.json"
    fhir_station.export_patient(store, p.id, out)
    bundle = json.loads(out.read_text(encoding="utf-8"))
    validate_r4(bundle)
    consents = {c["provision"]["data"][0]["reference"]["reference"]: c
                for c in resources(bundle, "Consent")}
    given = consents[f"urn:uuid:{shared.id}"]
    assert given["status"] == "active" and given["provision"]["type"] == "permit"
    assert given["performer"] == [{"display": "Rashida Bibi (wife)"}]
    assert given["patient"]["reference"] == f"urn:uuid:{p.id}"
    denied = consents[f"urn:uuid:{refused.id}"]
    assert denied["status"] == "rejected" and denied["provision"]["type"] == "deny"
