"""Demo clinic data looks like a real rural clinic's and passes every check a real entry must."""

from __future__ import annotations

import json
import random
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from station import names, reference
from station.clinical.vitals import validate_vitals
from station.consultations import FREQUENCIES
from station.demo_profiles import (
    demo_encounter,
    demo_patient,
    demo_vitals,
    fast_breathing_threshold,
    patient_age_years,
    scenarios,
)

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2025, 3, 1)
STARTED = datetime(2025, 3, 1, 9, 30, tzinfo=UTC)
PATIENT_KEYS = {"name", "name_ur", "father_name", "father_name_ur", "sex", "date_of_birth",
                "estimated_age_years", "cnic", "phone", "village", "district"}
VITAL_KEYS = {"systolic_bp", "diastolic_bp", "heart_rate", "respiratory_rate", "temperature", "spo2",
              "weight", "height", "muac"}
URGENCIES = {"routine", "soon", "urgent", "emergency"}
ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff]")
PLACES = json.loads((ROOT / "resources" / "demo" / "places.json").read_text(encoding="utf-8"))
DISTRICTS = {d["district"]: d for d in PLACES["districts"]}


def _clinic_day(seed: int, count: int) -> list[tuple[dict, dict]]:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        patient = demo_patient(rng, TODAY)
        out.append((patient, demo_encounter(rng, patient, started_at=STARTED)))
    return out


@pytest.fixture(scope="module")
def day() -> list[tuple[dict, dict]]:
    return _clinic_day(2025, 600)


# ---------------------------------------------------------------- repeatable

def test_one_seed_always_gives_the_same_clinic_day() -> None:
    assert _clinic_day(7, 40) == _clinic_day(7, 40)


def test_different_seeds_give_different_patients() -> None:
    assert [p["name"] for p, _ in _clinic_day(1, 20)] != [p["name"] for p, _ in _clinic_day(2, 20)]


# ---------------------------------------------------------------- patients

def test_patients_carry_exactly_the_record_contract_fields(day: list[tuple[dict, dict]]) -> None:
    for patient, _ in day:
        assert set(patient) == PATIENT_KEYS
        assert patient["sex"] in ("female", "male")


def test_every_name_comes_in_roman_urdu_and_urdu_script(day: list[tuple[dict, dict]]) -> None:
    for patient, _ in day:
        for roman, urdu in (("name", "name_ur"), ("father_name", "father_name_ur")):
            assert patient[roman].isascii() and patient[roman].strip() == patient[roman]
            assert ARABIC_SCRIPT.search(patient[urdu]) and not re.search("[A-Za-z]", patient[urdu])


def test_every_demo_cnic_and_phone_passes_validation(day: list[tuple[dict, dict]]) -> None:
    cnics = [p for p, _ in day if p["cnic"]]
    phones = [p["phone"] for p, _ in day if p["phone"]]
    assert len(cnics) > 150 and len(phones) > 300
    for patient in cnics:
        assert names.validate_cnic(patient["cnic"]) == patient["cnic"]
        # First digit: the province; last digit: odd for men, even for women.
        assert int(patient["cnic"][0]) == DISTRICTS[patient["district"]]["cnic_digit"]
        assert int(patient["cnic"][-1]) % 2 == (1 if patient["sex"] == "male" else 0)
    for phone in phones:
        assert names.validate_phone(phone) == phone and phone.startswith("03")


def test_children_have_no_cnic_and_most_adults_have_one(day: list[tuple[dict, dict]]) -> None:
    adults = [p for p, _ in day if patient_age_years(p, TODAY) >= 18]
    assert all(not p["cnic"] for p, _ in day if patient_age_years(p, TODAY) < 18)
    assert sum(bool(p["cnic"]) for p in adults) / len(adults) > 0.7


def test_age_is_a_birth_date_or_an_estimate_never_both(day: list[tuple[dict, dict]]) -> None:
    for patient, _ in day:
        assert (patient["date_of_birth"] is None) != (patient["estimated_age_years"] is None)
        if patient["date_of_birth"]:
            assert date.fromisoformat(patient["date_of_birth"]) <= TODAY
        else:
            assert 1 <= patient["estimated_age_years"] <= 95
    estimated = sum(p["estimated_age_years"] is not None for p, _ in day)
    assert 0.15 < estimated / len(day) < 0.6


def test_the_clinic_sees_children_women_and_the_elderly(day: list[tuple[dict, dict]]) -> None:
    ages = [patient_age_years(p, TODAY) for p, _ in day]
    assert 0.18 < sum(a < 5 for a in ages) / len(ages) < 0.4
    assert sum(a >= 60 for a in ages) > 20
    assert 0.45 < sum(p["sex"] == "female" for p, _ in day) / len(day) < 0.65


def test_villages_are_in_their_district(day: list[tuple[dict, dict]]) -> None:
    for patient, _ in day:
        district = DISTRICTS[patient["district"]]
        assert any(patient["village"] in villages for villages in district["tehsils"].values())
    assert len({p["district"] for p, _ in day}) == len(DISTRICTS)


def test_demo_names_are_found_by_patient_search(day: list[tuple[dict, dict]]) -> None:
    for patient, _ in day[:50]:
        tokens = set(names.search_tokens(" ".join(patient[k] for k in ("name", "name_ur", "father_name"))))
        for group in names.query_tokens(patient["name"], prefix_last=False):
            assert tokens & set(group)


# ---------------------------------------------------------------- encounters

def test_every_diagnosis_is_a_listed_icd10_code(day: list[tuple[dict, dict]]) -> None:
    for _, encounter in day:
        assert encounter["diagnoses"]
        for diagnosis in encounter["diagnoses"]:
            assert reference.is_valid_icd10(diagnosis["code"])
            assert reference.icd10(diagnosis["code"]).title == diagnosis["title"]


def test_every_prescription_is_a_valid_line_from_the_medicines_list(day: list[tuple[dict, dict]]) -> None:
    lines = [rx for _, e in day for rx in e["prescriptions"]]
    assert len(lines) > 600
    for rx in lines:
        medicine = reference.medicine(rx["medicine_id"])
        assert (rx["name"], rx["strength"]) == (medicine.name, medicine.strength)
        assert rx["dose"].strip() and "{" not in rx["dose"] and "{" not in rx["notes"]
        assert rx["frequency"] in FREQUENCIES
        assert 1 <= rx["duration_days"] <= 365


def test_texts_are_filled_in(day: list[tuple[dict, dict]]) -> None:
    for _, encounter in day:
        for key in ("complaint", "history", "examination", "assessment", "plan"):
            assert encounter[key] and "{" not in encounter[key] and "None" not in encounter[key], key


def test_follow_up_date_is_the_days_after_the_visit(day: list[tuple[dict, dict]]) -> None:
    for _, encounter in day:
        assert encounter["started_at"] == STARTED.isoformat()
        if encounter["follow_up_days"]:
            expected = STARTED.date() + timedelta(days=encounter["follow_up_days"])
            assert encounter["follow_up_date"] == expected.isoformat()
        else:
            assert encounter["follow_up_date"] is None


def test_every_vitals_set_passes_the_stations_own_checks(day: list[tuple[dict, dict]]) -> None:
    for _, encounter in day:
        assert set(encounter["vitals"]) == VITAL_KEYS
        validate_vitals(encounter["vitals"])


def test_some_vitals_are_left_unmeasured_as_in_a_busy_clinic(day: list[tuple[dict, dict]]) -> None:
    missing = {key: sum(e["vitals"][key] is None for _, e in day) / len(day) for key in VITAL_KEYS}
    assert 0.2 < missing["spo2"] < 0.7
    assert missing["height"] > 0.3
    assert missing["weight"] < 0.2


def test_children_get_muac_and_no_blood_pressure(day: list[tuple[dict, dict]]) -> None:
    measures_bp = {s["id"] for s in scenarios() if "systolic_bp" in s.get("vitals", {})}  # e.g. snakebite
    for patient, encounter in day:
        age = patient_age_years(patient, TODAY)
        vitals = encounter["vitals"]
        if age < 12 and encounter["scenario"] not in measures_bp:
            assert vitals["systolic_bp"] is None
        if vitals["muac"] is not None:
            assert 0.5 <= age < 5
        if vitals["systolic_bp"] is not None:
            assert vitals["diastolic_bp"] is not None and vitals["diastolic_bp"] < vitals["systolic_bp"]


FEVERS = ("typhoid", "malaria_vivax", "malaria_falciparum", "child_pneumonia", "child_severe_pneumonia",
          "tonsillitis", "cellulitis")


@pytest.mark.parametrize("scenario", FEVERS)
def test_fever_shows_in_the_temperature(scenario: str) -> None:
    rng = random.Random(scenario)
    for _ in range(30):
        patient = _patient_for(rng, scenario)
        encounter = demo_encounter(rng, patient, today=TODAY, scenario=scenario)
        assert encounter["vitals"]["temperature"] >= 37.8
        assert f"{encounter['vitals']['temperature']} °C" in encounter["examination"]


@pytest.mark.parametrize("scenario", ["child_pneumonia", "child_severe_pneumonia"])
def test_a_child_with_pneumonia_breathes_fast_for_their_age(scenario: str) -> None:
    rng = random.Random(scenario)
    for _ in range(40):
        patient = _patient_for(rng, scenario)
        rr = demo_encounter(rng, patient, today=TODAY, scenario=scenario)["vitals"]["respiratory_rate"]
        assert rr >= fast_breathing_threshold(patient_age_years(patient, TODAY))


def test_severe_malnutrition_shows_in_the_muac_and_weight() -> None:
    rng = random.Random(3)
    for scenario in ("sam_uncomplicated", "sam_complicated"):
        for _ in range(20):
            patient = _patient_for(rng, scenario)
            vitals = demo_encounter(rng, patient, today=TODAY, scenario=scenario)["vitals"]
            assert vitals["muac"] < 11.5
            assert vitals["weight"] < 16


def test_severe_cases_are_referred_with_a_question() -> None:
    referring = [s for s in scenarios() if s.get("refer")]
    assert len(referring) >= 5
    rng = random.Random(11)
    for template in referring:
        patient = _patient_for(rng, template["id"])
        refer = demo_encounter(rng, patient, today=TODAY, scenario=template["id"])["refer"]
        assert refer["specialty"] and refer["urgency"] in URGENCIES
        assert len(refer["question"]) > 40 and "{" not in refer["question"]
    assert {"emergency", "urgent", "soon"} <= {s["refer"]["urgency"] for s in referring}


def test_a_clinic_day_mixes_many_scenarios_and_some_referrals(day: list[tuple[dict, dict]]) -> None:
    seen = {e["scenario"] for _, e in day}
    assert len(seen) >= 20
    referred = sum(e["refer"] is not None for _, e in day)
    assert 0 < referred < len(day) * 0.15


# ---------------------------------------------------------------- templates

def _patient_for(rng: random.Random, scenario: str, age: float | None = None) -> dict:
    template = next(s for s in scenarios() if s["id"] == scenario)
    low, high = template["age"]
    age = rng.uniform(low, min(high, 90)) if age is None else age
    sex = template["sex"] or rng.choice(["female", "male"])
    born = TODAY - timedelta(days=round(age * 365.25))
    return {"sex": sex, "date_of_birth": born.isoformat(), "estimated_age_years": None}


def test_there_are_about_twenty_scenarios_each_with_valid_codes_and_medicines() -> None:
    templates = scenarios()
    assert len(templates) >= 20
    assert len({s["id"] for s in templates}) == len(templates)
    for template in templates:
        codes = list(template.get("diagnoses", []))
        codes += [c for v in template.get("variants", []) for c in v.get("diagnoses", [])]
        assert codes and all(reference.is_valid_icd10(c) for c in codes), template["id"]
        for rx in template["prescriptions"]:
            reference.medicine(rx["medicine_id"])
            assert rx["frequency"] in FREQUENCIES
        assert set(template.get("vitals", {})) <= VITAL_KEYS


@pytest.mark.parametrize("template", scenarios(), ids=lambda s: s["id"])
def test_each_scenario_works_at_the_edges_of_its_age_range(template: dict) -> None:
    rng = random.Random(template["id"])
    low, high = template["age"]
    for age in (low + 0.01, (low + high) / 2, high - 0.01):
        encounter = demo_encounter(rng, _patient_for(rng, template["id"], age), today=TODAY, scenario=template["id"])
        validate_vitals(encounter["vitals"])
        assert encounter["scenario"] == template["id"]


@pytest.mark.parametrize("sex", ["female", "male"])
def test_every_age_has_a_fitting_scenario(sex: str) -> None:
    rng = random.Random(5)
    for age in [x / 12 for x in range(0, 60)] + list(range(5, 96)):
        patient = {"sex": sex, "date_of_birth": (TODAY - timedelta(days=round(age * 365.25) + 1)).isoformat()}
        assert demo_encounter(rng, patient, today=TODAY)["diagnoses"]


def test_prescriptions_fit_the_patients_age() -> None:
    rng = random.Random(9)
    baby = demo_encounter(rng, _patient_for(rng, "common_cold", 0.1), today=TODAY, scenario="common_cold")
    adult = demo_encounter(rng, _patient_for(rng, "common_cold", 30), today=TODAY, scenario="common_cold")
    assert {rx["medicine_id"] for rx in baby["prescriptions"]} == {"sodium-chloride-0-9-nasal-drops"}
    assert {rx["medicine_id"] for rx in adult["prescriptions"]} == {"paracetamol-500-tab"}


@settings(max_examples=60, deadline=None)
@given(st.floats(0.3, 11.9), st.sampled_from(["female", "male"]), st.integers(0, 10_000))
def test_a_childs_liquid_dose_follows_their_weight(age: float, sex: str, seed: int) -> None:
    rng = random.Random(seed)
    encounter = demo_encounter(rng, _patient_for(rng, "common_cold", age) | {"sex": sex}, today=TODAY,
                               scenario="common_cold")
    syrup = next(rx for rx in encounter["prescriptions"] if rx["medicine_id"] == "paracetamol-120-5-syr")
    ml, mg = map(float, re.fullmatch(r"([\d.]+) ml \((\d+) mg\)", syrup["dose"]).groups())
    assert mg == round(ml * 120 / 5)
    per_kg = mg / encounter["vitals"]["weight"]
    assert 10 <= per_kg <= 20 or mg >= 480  # 15 mg/kg to the nearest half millilitre, at most 500 mg


@settings(max_examples=60, deadline=None)
@given(st.floats(0, 90), st.sampled_from(["female", "male"]), st.integers(0, 10_000))
def test_baseline_vitals_are_plausible_for_age(age: float, sex: str, seed: int) -> None:
    vitals = demo_vitals(random.Random(seed), age, sex, {}, set(VITAL_KEYS))
    validate_vitals(vitals)
    assert 35.5 <= vitals["temperature"] <= 37.8
    assert vitals["respiratory_rate"] < fast_breathing_threshold(age) + 8
    assert 90 <= vitals["spo2"] <= 100
