"""One action when the clinical checks disagree, diagnoses that fit the patient, BMI by age."""

from __future__ import annotations

import pytest

from station.clinical import fit
from station.clinical.assessment import Situation, assess, overall
from station.clinical.vitals import VitalsReading, bmi_applies, validate_vitals


def test_pneumonia_with_severe_malnutrition_is_referred_with_both_reasons() -> None:
    reading = validate_vitals({"respiratory_rate": "52", "muac": "11.2"})
    result = assess(reading, Situation(age_months=14, cough=True, chest_indrawing=True))
    verdict = overall(result)
    assert verdict is not None and verdict.disagree
    assert verdict.action == "refer"
    assert verdict.headline == "Refer: the patient needs a doctor or specialist within a day."
    assert [f.rule for f in verdict.findings] == ["muac", "imci"]
    assert [f.action for f in verdict.findings] == ["refer", "treat_and_follow_up"]
    assert "pneumonia" in verdict.findings[1].reason.lower()


def test_a_high_news2_is_an_emergency_referral() -> None:
    reading = validate_vitals({"respiratory_rate": "28", "spo2": "89", "systolic_bp": "88", "heart_rate": "125",
                               "temperature": "39.5"})
    verdict = overall(assess(reading, Situation(age_months=54 * 12, consciousness="voice")))
    assert verdict is not None and verdict.action == "refer_now" and not verdict.disagree


def test_no_check_no_action() -> None:
    assert overall(assess(VitalsReading(), Situation(age_months=30 * 12))) is None


@pytest.mark.parametrize("code, sex, age, fits", [
    ("P23.9", "male", 45, False), ("P23.9", "female", 0.05, True), ("P23.9", None, None, True),
    ("O80", "female", 25, True), ("O80", "female", 70, False), ("O80", "male", 25, False),
    ("N40", "female", 60, False), ("N40", "male", 60, True), ("N76.0", "male", 30, False),
    ("J18.9", "male", 45, True), ("Z34.9", "male", 30, False), ("C53.9", "female", 50, True),
])
def test_a_diagnosis_fits_by_age_and_sex(code: str, sex: str | None, age: float | None, fits: bool) -> None:
    assert fit.fits(code, sex, age) is fits


def test_the_search_leaves_out_what_cannot_fit() -> None:
    adult = [d.code for d in fit.search_diagnoses("pneumonia", "male", 45)]
    infant = [d.code for d in fit.search_diagnoses("pneumonia", "female", 0.02)]
    assert "J18.9" in adult and "P23.9" not in adult and "P23.9" in infant


def test_bmi_and_the_childrens_note_by_age() -> None:
    assert not bmi_applies(24) and bmi_applies(60) and bmi_applies(None)
    assert fit.child_note_applies(6) and not fit.child_note_applies(45) and fit.child_note_applies(None)
