"""MUAC shows malnutrition by colour, and the checks together suggest how urgent a referral is."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from station.clinical.imci import (
    ImciResult,
    classify_cough_or_difficult_breathing,
    classify_general_danger_signs,
)
from station.clinical.muac import MuacNotApplicable, classify_muac
from station.clinical.news2 import News2Result, news2
from station.clinical.urgency import URGENCY_LEVELS, suggest_urgency
from station.clinical.vitals import VitalsError

WELL_ADULT = {
    "respiratory_rate": 16,
    "spo2": 97,
    "supplemental_oxygen": False,
    "systolic_bp": 120,
    "heart_rate": 70,
    "consciousness": "alert",
    "temperature": 37.0,
}


def adult(**changes: object) -> News2Result:
    """NEWS2 for a 45-year-old whose signs are normal except for `changes`."""
    return news2(45, **{**WELL_ADULT, **changes})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("muac", "band", "colour"),
    [
        (8.0, "severe", "red"), (11.4, "severe", "red"),
        (11.5, "moderate", "yellow"), (12.0, "moderate", "yellow"), (12.4, "moderate", "yellow"),
        (12.5, "normal", "green"), (15.0, "normal", "green"),
    ],
)  # fmt: skip
@pytest.mark.parametrize("age", [6, 12, 59, 59.9])
def test_a_child_6_to_59_months_is_banded_red_yellow_green(muac: float, band: str, colour: str, age: float) -> None:
    result = classify_muac(muac, age_months=age)
    assert (result.band, result.colour, result.population) == (band, colour, "child")
    assert f"{muac:g} cm" in result.message


@pytest.mark.parametrize(("muac", "band"), [(11.44, "severe"), (11.45, "moderate"), (12.44, "moderate"), (12.45, "normal")])
def test_muac_is_read_to_the_millimetre_like_the_tape(muac: float, band: str) -> None:
    assert classify_muac(muac, age_months=24).band == band


@pytest.mark.parametrize("age", [0, 3, 5.9])
def test_muac_is_not_used_under_6_months(age: float) -> None:
    with pytest.raises(MuacNotApplicable, match="under 6 months"):
        classify_muac(11.0, age_months=age)


@pytest.mark.parametrize("age", [60, 100, 215])
def test_muac_has_no_single_cut_off_from_5_to_17_years(age: float) -> None:
    with pytest.raises(MuacNotApplicable, match="BMI-for-age"):
        classify_muac(15.0, age_months=age)


@pytest.mark.parametrize(
    ("muac", "age", "pregnant", "band", "population"),
    [
        (22.9, 216, False, "at_risk", "adult"), (23.0, 216, False, "normal", "adult"),
        (20.0, 600, False, "at_risk", "adult"),
        (22.9, 300, True, "at_risk", "pregnant_or_breastfeeding"), (23.0, 300, True, "normal", "pregnant_or_breastfeeding"),
        (22.0, 180, True, "at_risk", "pregnant_or_breastfeeding"),
    ],
)  # fmt: skip
def test_adults_and_pregnant_women_below_23_cm_are_at_risk(muac: float, age: float, pregnant: bool, band: str, population: str) -> None:
    result = classify_muac(muac, age_months=age, pregnant_or_breastfeeding=pregnant)
    assert (result.band, result.population) == (band, population)
    assert result.colour == ("yellow" if band == "at_risk" else "green")


def test_an_impossible_muac_is_refused() -> None:
    with pytest.raises(VitalsError) as caught:
        classify_muac(1.2, age_months=24)
    assert caught.value.field == "muac"


@given(muac=st.integers(50, 600).map(lambda mm: mm / 10), age=st.floats(min_value=6, max_value=60, exclude_max=True))
def test_every_child_measurement_falls_in_exactly_the_published_band(muac: float, age: float) -> None:
    expected = "severe" if muac < 11.5 else "moderate" if muac < 12.5 else "normal"
    assert classify_muac(muac, age_months=age).band == expected


# Urgency: the mapping documented in station.clinical.urgency.
@pytest.mark.parametrize(
    ("result", "urgency"),
    [
        (lambda: adult(), "routine"),
        (lambda: adult(heart_rate=95), "soon"),
        (lambda: adult(respiratory_rate=22, heart_rate=95, temperature=38.5), "soon"),
        (lambda: adult(respiratory_rate=25), "urgent"),
        (lambda: adult(respiratory_rate=22, heart_rate=115, temperature=38.5), "urgent"),
        (lambda: adult(respiratory_rate=22, heart_rate=115, systolic_bp=95), "urgent"),
        (lambda: adult(respiratory_rate=25, heart_rate=115, temperature=39.5), "emergency"),
    ],
)
def test_news2_maps_to_a_referral_urgency(result: Callable[[], News2Result], urgency: str) -> None:
    suggestion = suggest_urgency(news2=result())
    assert suggestion.urgency == urgency
    assert suggestion.reasons[0].startswith(f"NEWS2 {result().score}")


@pytest.mark.parametrize(
    ("result", "urgency"),
    [
        (lambda: classify_cough_or_difficult_breathing(24, respiratory_rate=30), "routine"),
        (lambda: classify_cough_or_difficult_breathing(24, respiratory_rate=45), "urgent"),
        (lambda: classify_cough_or_difficult_breathing(24, respiratory_rate=30, chest_indrawing=True), "urgent"),
        (lambda: classify_cough_or_difficult_breathing(24, respiratory_rate=30, spo2=88), "emergency"),
        (lambda: classify_cough_or_difficult_breathing(24, respiratory_rate=30, danger_signs=["convulsions"]), "emergency"),
        (lambda: classify_cough_or_difficult_breathing(1, respiratory_rate=62), "emergency"),
        (lambda: classify_general_danger_signs(24, ["vomits_everything"]), "emergency"),
        (lambda: classify_general_danger_signs(24, []), "routine"),
    ],
)
def test_imci_maps_to_a_referral_urgency(result: Callable[[], ImciResult], urgency: str) -> None:
    suggestion = suggest_urgency(imci=result())
    assert suggestion.urgency == urgency
    assert result().classification in suggestion.reasons[0]


@pytest.mark.parametrize(
    ("muac", "age", "pregnant", "urgency"),
    [(11.4, 24, False, "urgent"), (12.0, 24, False, "soon"), (13.0, 24, False, "routine"), (21.0, 300, True, "soon"), (25.0, 300, False, "routine")],
)
def test_muac_maps_to_a_referral_urgency(muac: float, age: float, pregnant: bool, urgency: str) -> None:
    result = classify_muac(muac, age_months=age, pregnant_or_breastfeeding=pregnant)
    suggestion = suggest_urgency(muac=result)
    assert suggestion.urgency == urgency
    assert result.label in suggestion.reasons[0]


def test_without_any_check_the_suggestion_is_routine_and_says_so() -> None:
    suggestion = suggest_urgency()
    assert suggestion.urgency == "routine"
    assert suggestion.reasons == ["No clinical check was recorded."]


def test_the_most_serious_finding_sets_the_urgency_and_comes_first() -> None:
    suggestion = suggest_urgency(
        imci=classify_cough_or_difficult_breathing(30, respiratory_rate=30, danger_signs=["lethargic_or_unconscious"]),
        muac=classify_muac(12.0, age_months=30),
    )
    assert suggestion.urgency == "emergency"
    assert len(suggestion.reasons) == 2
    assert suggestion.reasons[0].startswith("IMCI")
    assert "lethargic or unconscious" in suggestion.reasons[0]
    assert "moderate acute malnutrition" in suggestion.reasons[1]


def test_an_incomplete_news2_is_flagged_in_the_reasons() -> None:
    suggestion = suggest_urgency(news2=news2(60, respiratory_rate=22))
    assert suggestion.urgency == "soon"
    assert "Incomplete" in suggestion.reasons[0]
    assert "temperature" in suggestion.reasons[0]


@given(
    rate=st.integers(4, 120),
    muac=st.integers(50, 600).map(lambda mm: mm / 10),
    signs=st.sets(st.sampled_from(["convulsions", "vomits_everything"])),
)
def test_the_suggestion_is_never_below_any_single_check(rate: int, muac: float, signs: set[str]) -> None:
    imci = classify_cough_or_difficult_breathing(30, respiratory_rate=rate, danger_signs=signs)
    band = classify_muac(muac, age_months=30)
    combined = suggest_urgency(imci=imci, muac=band).urgency
    for alone in (suggest_urgency(imci=imci).urgency, suggest_urgency(muac=band).urgency):
        assert URGENCY_LEVELS.index(combined) >= URGENCY_LEVELS.index(alone)
    assert combined in (suggest_urgency(imci=imci).urgency, suggest_urgency(muac=band).urgency)
