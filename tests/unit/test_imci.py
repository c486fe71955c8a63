"""A child under 5 with cough or difficult breathing is classified as the WHO IMCI chart does."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from station.clinical.imci import (
    COUGH_OR_COLD,
    DANGER_SIGNS,
    NO_DANGER_SIGN,
    PNEUMONIA,
    SEVERE_PNEUMONIA,
    VERY_SEVERE_DISEASE,
    ImciIncomplete,
    ImciNotApplicable,
    classify_cough_or_difficult_breathing,
    classify_general_danger_signs,
    fast_breathing_threshold,
    is_fast_breathing,
)
from station.clinical.vitals import VitalsError


def published_threshold(age_months: float) -> int:
    """WHO IMCI: 60/min under 2 months, 50/min from 2 up to 12 months, 40/min from 12 up to 60."""
    return 60 if age_months < 2 else 50 if age_months < 12 else 40


@pytest.mark.parametrize(("age", "threshold"), [(0, 60), (1, 60), (1.9, 60), (2, 50), (11, 50), (11.9, 50), (12, 40), (59, 40), (59.9, 40)])
def test_fast_breathing_threshold_depends_on_age(age: float, threshold: int) -> None:
    assert fast_breathing_threshold(age) == threshold


@pytest.mark.parametrize("age", [60, 61, 120])
def test_imci_does_not_apply_from_5_years(age: float) -> None:
    with pytest.raises(ImciNotApplicable, match="under 5 years"):
        fast_breathing_threshold(age)
    with pytest.raises(ImciNotApplicable):
        classify_cough_or_difficult_breathing(age, respiratory_rate=30)


def test_a_negative_age_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        fast_breathing_threshold(-1)


@pytest.mark.parametrize(
    ("age", "rate", "fast"),
    [
        (1, 59, False), (1, 60, True),
        (2, 49, False), (2, 50, True),
        (11, 49, False), (11, 50, True),
        (12, 39, False), (12, 40, True), (12, 49, True),
        (59, 39, False), (59, 40, True),
    ],
)  # fmt: skip
def test_a_rate_at_the_threshold_is_fast_and_one_below_is_not(age: int, rate: int, fast: bool) -> None:
    assert is_fast_breathing(age, rate) is fast


@pytest.mark.parametrize(
    ("age", "rate", "classification"),
    [
        (2, 49, COUGH_OR_COLD), (2, 50, PNEUMONIA),
        (11, 49, COUGH_OR_COLD), (11, 50, PNEUMONIA),
        (12, 39, COUGH_OR_COLD), (12, 40, PNEUMONIA), (12, 45, PNEUMONIA),
        (59, 39, COUGH_OR_COLD), (59, 40, PNEUMONIA),
        (1, 59, COUGH_OR_COLD), (1, 60, VERY_SEVERE_DISEASE),
    ],
)  # fmt: skip
def test_the_breathing_rate_alone_tells_pneumonia_from_cough_or_cold(age: int, rate: int, classification: str) -> None:
    result = classify_cough_or_difficult_breathing(age, respiratory_rate=rate)
    assert result.classification == classification
    assert result.fast_breathing is (classification != COUGH_OR_COLD)
    assert result.fast_breathing_threshold == published_threshold(age)


def test_pneumonia_is_treated_at_the_clinic_and_says_why() -> None:
    result = classify_cough_or_difficult_breathing(8, respiratory_rate=52)
    assert (result.colour, result.severe, result.urgent_referral) == ("yellow", False, False)
    assert "52 breaths/min" in result.reasons[0]
    assert "50 or more is fast" in result.reasons[0]
    assert "amoxicillin" in result.action


def test_a_cough_or_cold_gets_home_care_advice() -> None:
    result = classify_cough_or_difficult_breathing(30, respiratory_rate=32)
    assert (result.classification, result.colour, result.urgent_referral) == (COUGH_OR_COLD, "green", False)
    assert "come back at once" in result.action


@pytest.mark.parametrize("sign", list(DANGER_SIGNS))
@pytest.mark.parametrize("age", [2, 11, 12, 59])
def test_any_general_danger_sign_means_severe_disease_and_urgent_referral(sign: str, age: int) -> None:
    result = classify_cough_or_difficult_breathing(age, respiratory_rate=30, danger_signs=[sign])
    assert result.classification == SEVERE_PNEUMONIA
    assert (result.colour, result.severe, result.urgent_referral) == ("pink", True, True)
    assert result.danger_signs == (sign,)
    assert any(DANGER_SIGNS[sign] in reason for reason in result.reasons)
    assert "URGENTLY" in result.action


@pytest.mark.parametrize("sign", list(DANGER_SIGNS))
def test_a_danger_sign_alone_without_cough_means_urgent_referral(sign: str) -> None:
    result = classify_general_danger_signs(24, [sign])
    assert result.classification == VERY_SEVERE_DISEASE
    assert result.urgent_referral


def test_a_child_without_danger_signs_goes_on_to_the_main_symptoms() -> None:
    result = classify_general_danger_signs(24, [])
    assert result.classification == NO_DANGER_SIGN
    assert not result.urgent_referral


def test_several_danger_signs_are_all_listed_in_chart_order() -> None:
    result = classify_cough_or_difficult_breathing(
        18, respiratory_rate=44, danger_signs=["convulsing_now", "vomits_everything"]
    )
    assert result.danger_signs == ("vomits_everything", "convulsing_now")


def test_an_unknown_danger_sign_is_refused() -> None:
    with pytest.raises(ValueError, match="fever"):
        classify_cough_or_difficult_breathing(18, respiratory_rate=30, danger_signs=["fever"])


def test_stridor_in_a_calm_child_is_severe() -> None:
    result = classify_cough_or_difficult_breathing(18, respiratory_rate=30, stridor_when_calm=True)
    assert result.classification == SEVERE_PNEUMONIA
    assert result.urgent_referral


@pytest.mark.parametrize("age", [2, 11, 12, 59])
def test_chest_indrawing_without_danger_signs_is_pneumonia_not_severe(age: int) -> None:
    result = classify_cough_or_difficult_breathing(age, respiratory_rate=30, chest_indrawing=True)
    assert result.classification == PNEUMONIA
    assert not result.urgent_referral
    assert result.fast_breathing is False


@pytest.mark.parametrize(("spo2", "classification"), [(85, SEVERE_PNEUMONIA), (89, SEVERE_PNEUMONIA), (90, COUGH_OR_COLD), (95, COUGH_OR_COLD)])
def test_oxygen_saturation_below_90_is_severe(spo2: int, classification: str) -> None:
    result = classify_cough_or_difficult_breathing(30, respiratory_rate=30, spo2=spo2)
    assert result.classification == classification


def test_low_oxygen_makes_fast_breathing_severe() -> None:
    result = classify_cough_or_difficult_breathing(30, respiratory_rate=55, spo2=88)
    assert result.classification == SEVERE_PNEUMONIA
    assert result.fast_breathing is True


@pytest.mark.parametrize(
    ("findings", "classification"),
    [
        ({"respiratory_rate": 45}, COUGH_OR_COLD),
        ({"respiratory_rate": 60}, VERY_SEVERE_DISEASE),
        ({"respiratory_rate": 45, "chest_indrawing": True}, VERY_SEVERE_DISEASE),
        ({"respiratory_rate": 45, "temperature": 37.5}, VERY_SEVERE_DISEASE),
        ({"respiratory_rate": 45, "temperature": 37.4}, COUGH_OR_COLD),
        ({"respiratory_rate": 45, "temperature": 35.4}, VERY_SEVERE_DISEASE),
        ({"respiratory_rate": 45, "temperature": 35.5}, COUGH_OR_COLD),
        ({"respiratory_rate": 45, "danger_signs": ["unable_to_drink_or_breastfeed"]}, VERY_SEVERE_DISEASE),
    ],
)
def test_a_young_infant_with_any_sign_of_very_severe_disease_is_referred(findings: dict[str, object], classification: str) -> None:
    result = classify_cough_or_difficult_breathing(1, **findings)  # type: ignore[arg-type]
    assert result.classification == classification
    assert result.urgent_referral is (classification == VERY_SEVERE_DISEASE)


def test_a_child_with_no_other_sign_needs_the_breaths_counted() -> None:
    with pytest.raises(ImciIncomplete, match="Count the child's breaths"):
        classify_cough_or_difficult_breathing(30)


def test_without_a_breath_count_chest_indrawing_still_means_pneumonia() -> None:
    result = classify_cough_or_difficult_breathing(30, chest_indrawing=True)
    assert result.classification == PNEUMONIA
    assert result.fast_breathing is None
    assert any("not counted" in reason for reason in result.reasons)


def test_without_a_breath_count_a_danger_sign_still_means_urgent_referral() -> None:
    assert classify_cough_or_difficult_breathing(30, danger_signs=["convulsions"]).urgent_referral


def test_an_impossible_breathing_rate_is_refused() -> None:
    with pytest.raises(VitalsError) as caught:
        classify_cough_or_difficult_breathing(30, respiratory_rate=300)
    assert caught.value.field == "respiratory_rate"


@given(age=st.floats(min_value=2, max_value=60, exclude_max=True), rate=st.integers(4, 120))
def test_for_any_child_2_to_59_months_the_rate_alone_follows_the_published_thresholds(age: float, rate: int) -> None:
    result = classify_cough_or_difficult_breathing(age, respiratory_rate=rate)
    expected = PNEUMONIA if rate >= published_threshold(age) else COUGH_OR_COLD
    assert result.classification == expected
    assert not result.urgent_referral


@given(
    age=st.floats(min_value=2, max_value=60, exclude_max=True),
    rate=st.integers(4, 120),
    signs=st.sets(st.sampled_from(list(DANGER_SIGNS)), min_size=1),
    indrawing=st.booleans(),
)
def test_a_danger_sign_always_wins_over_any_other_finding(age: float, rate: int, signs: set[str], indrawing: bool) -> None:
    result = classify_cough_or_difficult_breathing(age, respiratory_rate=rate, danger_signs=signs, chest_indrawing=indrawing)
    assert result.classification == SEVERE_PNEUMONIA
    assert set(result.danger_signs) == signs
