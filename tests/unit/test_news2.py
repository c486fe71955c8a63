"""An adult's vital signs give the NEWS2 score and response of the RCP 2017 chart."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from station.clinical.news2 import News2NotApplicable, news2, news2_from_vitals
from station.clinical.vitals import VitalsError, from_observations, to_observations, validate_vitals

# An adult with every sign in the 0 column of the chart.
WELL = {
    "respiratory_rate": 16,
    "spo2": 97,
    "supplemental_oxygen": False,
    "systolic_bp": 120,
    "heart_rate": 70,
    "consciousness": "alert",
    "temperature": 37.0,
}


def score(**changes: object) -> object:
    """NEWS2 for a 40-year-old whose signs are WELL except for `changes`."""
    return news2(40, **{**WELL, **changes})  # type: ignore[arg-type]


def score_for_age(age: float | None) -> object:
    """NEWS2 for a patient of `age` years with WELL signs."""
    return news2(age, **WELL)  # type: ignore[arg-type]


# Every boundary of RCP NEWS2 Chart 1: (value, points).
RESPIRATION = [(4, 3), (8, 3), (9, 1), (11, 1), (12, 0), (20, 0), (21, 2), (24, 2), (25, 3), (40, 3)]
SPO2_SCALE1 = [(40, 3), (91, 3), (92, 2), (93, 2), (94, 1), (95, 1), (96, 0), (100, 0)]
SYSTOLIC = [(60, 3), (90, 3), (91, 2), (100, 2), (101, 1), (110, 1), (111, 0), (219, 0), (220, 3), (260, 3)]
PULSE = [(30, 3), (40, 3), (41, 1), (50, 1), (51, 0), (90, 0), (91, 1), (110, 1), (111, 2), (130, 2), (131, 3), (180, 3)]
TEMPERATURE = [(33.0, 3), (35.0, 3), (35.1, 1), (36.0, 1), (36.1, 0), (38.0, 0), (38.1, 1), (39.0, 1), (39.1, 2), (41.0, 2)]
CONSCIOUSNESS = [("alert", 0), ("confusion", 3), ("voice", 3), ("pain", 3), ("unresponsive", 3)]
# Scale 2 (hypercapnic respiratory failure): (SpO2, on oxygen, points).
SPO2_SCALE2 = [
    (80, False, 3), (83, False, 3), (84, False, 2), (85, False, 2), (86, False, 1), (87, False, 1),
    (88, False, 0), (92, False, 0), (93, False, 0), (97, False, 0), (100, False, 0),
    (83, True, 3), (84, True, 2), (87, True, 1), (88, True, 0), (92, True, 0),
    (93, True, 1), (94, True, 1), (95, True, 2), (96, True, 2), (97, True, 3), (100, True, 3),
]  # fmt: skip


@pytest.mark.parametrize(("rate", "points"), RESPIRATION)
def test_respiration_rate_scores_as_the_chart(rate: int, points: int) -> None:
    result = score(respiratory_rate=rate)
    assert result.components["respiratory_rate"] == points
    assert result.score == points


@pytest.mark.parametrize(("spo2", "points"), SPO2_SCALE1)
def test_oxygen_saturation_on_scale_1_scores_as_the_chart(spo2: int, points: int) -> None:
    result = score(spo2=spo2)
    assert result.components["spo2"] == points
    assert result.score == points


@pytest.mark.parametrize(("spo2", "on_oxygen", "points"), SPO2_SCALE2)
def test_oxygen_saturation_on_scale_2_scores_as_the_chart(spo2: int, on_oxygen: bool, points: int) -> None:
    result = score(spo2=spo2, supplemental_oxygen=on_oxygen, spo2_scale=2)
    assert result.components["spo2"] == points
    assert result.components["air_or_oxygen"] == (2 if on_oxygen else 0)
    assert result.score == points + result.components["air_or_oxygen"]
    assert result.spo2_scale == 2


@pytest.mark.parametrize("spo2", [93, 95, 97, 100])
def test_high_saturation_on_oxygen_scores_on_scale_2_but_not_on_scale_1(spo2: int) -> None:
    assert score(spo2=spo2, supplemental_oxygen=True, spo2_scale=1).components["spo2"] == (0 if spo2 >= 96 else 1 if spo2 >= 94 else 2)
    assert score(spo2=spo2, supplemental_oxygen=True, spo2_scale=2).components["spo2"] > 0


@pytest.mark.parametrize(("on_oxygen", "points"), [(False, 0), (True, 2)])
def test_any_supplemental_oxygen_scores_2(on_oxygen: bool, points: int) -> None:
    result = score(supplemental_oxygen=on_oxygen)
    assert result.components["air_or_oxygen"] == points
    assert result.score == points


@pytest.mark.parametrize(("systolic", "points"), SYSTOLIC)
def test_systolic_blood_pressure_scores_as_the_chart(systolic: int, points: int) -> None:
    result = score(systolic_bp=systolic)
    assert result.components["systolic_bp"] == points
    assert result.score == points


@pytest.mark.parametrize(("pulse", "points"), PULSE)
def test_pulse_scores_as_the_chart(pulse: int, points: int) -> None:
    result = score(heart_rate=pulse)
    assert result.components["heart_rate"] == points
    assert result.score == points


@pytest.mark.parametrize(("level", "points"), CONSCIOUSNESS)
def test_new_confusion_or_any_acvpu_level_below_alert_scores_3(level: str, points: int) -> None:
    result = score(consciousness=level)
    assert result.components["consciousness"] == points
    assert result.score == points


@pytest.mark.parametrize(("celsius", "points"), TEMPERATURE)
def test_temperature_scores_as_the_chart(celsius: float, points: int) -> None:
    result = score(temperature=celsius)
    assert result.components["temperature"] == points
    assert result.score == points


def test_a_well_adult_scores_0_low_risk_with_routine_monitoring() -> None:
    result = score()
    assert (result.score, result.band, result.any_single_3, result.complete) == (0, "low", False, True)
    assert "routine" in result.response


@pytest.mark.parametrize(
    ("changes", "total", "band", "single_3", "words"),
    [
        ({"heart_rate": 95}, 1, "low", False, "4 to 6 hours"),
        ({"respiratory_rate": 22, "heart_rate": 95, "temperature": 38.5}, 4, "low", False, "4 to 6 hours"),
        ({"respiratory_rate": 25}, 3, "low-medium", True, "Urgent ward-based response"),
        ({"consciousness": "confusion", "heart_rate": 95}, 4, "low-medium", True, "Urgent ward-based response"),
        ({"respiratory_rate": 22, "heart_rate": 115, "temperature": 38.5}, 5, "medium", False, "Urgent response"),
        ({"respiratory_rate": 25, "heart_rate": 95, "temperature": 38.5}, 5, "medium", True, "Urgent response"),
        ({"respiratory_rate": 22, "heart_rate": 115, "systolic_bp": 95}, 6, "medium", False, "Urgent response"),
        ({"respiratory_rate": 25, "heart_rate": 115, "temperature": 39.5}, 7, "high", True, "Emergency response"),
        ({"respiratory_rate": 22, "heart_rate": 115, "systolic_bp": 95, "temperature": 38.5}, 7, "high", False, "Emergency response"),
        ({"respiratory_rate": 30, "spo2": 85, "supplemental_oxygen": True, "systolic_bp": 85, "heart_rate": 140, "consciousness": "unresponsive", "temperature": 34.0}, 20, "high", True, "Emergency response"),
    ],
)  # fmt: skip
def test_the_total_sets_the_risk_band_and_the_clinical_response(
    changes: dict[str, object], total: int, band: str, single_3: bool, words: str
) -> None:
    result = score(**changes)
    assert result.score == total == sum(result.components.values())
    assert result.band == band
    assert result.any_single_3 is single_3
    assert words in result.response


def test_the_low_medium_response_names_the_sign_that_scored_3() -> None:
    assert "pulse scores 3" in score(heart_rate=35).response


@pytest.mark.parametrize("age", [0, 0.5, 4, 15, 15.99])
def test_news2_refuses_a_child(age: float) -> None:
    with pytest.raises(News2NotApplicable, match="adults aged 16 and over"):
        score_for_age(age)


def test_news2_applies_from_the_16th_birthday() -> None:
    assert score_for_age(16).score == 0


def test_news2_needs_the_age_to_know_the_patient_is_an_adult() -> None:
    with pytest.raises(News2NotApplicable, match="age"):
        score_for_age(None)


def test_news2_refuses_a_pregnant_woman() -> None:
    with pytest.raises(News2NotApplicable, match="obstetric"):
        news2(25, pregnant=True, **WELL)  # type: ignore[arg-type]


@pytest.mark.parametrize("left_out", list(WELL))
def test_a_sign_not_recorded_is_reported_missing_not_counted_as_0(left_out: str) -> None:
    signs = {key: value for key, value in WELL.items() if key != left_out}
    result = news2(40, **signs)  # type: ignore[arg-type]
    parameter = "air_or_oxygen" if left_out == "supplemental_oxygen" else left_out
    assert result.missing == (parameter,)
    assert parameter not in result.components
    assert not result.complete
    assert result.response.startswith("Score incomplete")


def test_an_incomplete_score_counts_only_the_signs_recorded() -> None:
    result = news2(70, respiratory_rate=26, heart_rate=120)
    assert result.components == {"respiratory_rate": 3, "heart_rate": 2}
    assert result.score == 5
    assert result.band == "medium"
    assert len(result.missing) == 5
    assert "may be too low" in result.response


def test_on_scale_2_a_high_saturation_cannot_be_scored_without_knowing_about_oxygen() -> None:
    unknown = news2(60, spo2=95, spo2_scale=2)
    assert "spo2" in unknown.missing
    assert "air_or_oxygen" in unknown.missing
    low = news2(60, spo2=85, spo2_scale=2)
    assert low.components["spo2"] == 2
    assert "spo2" not in low.missing


def test_an_impossible_sign_is_refused_before_scoring() -> None:
    with pytest.raises(VitalsError) as caught:
        score(temperature=98.6)
    assert caught.value.field == "temperature"


@pytest.mark.parametrize(("changes", "error"), [({"spo2_scale": 3}, "1 or 2"), ({"consciousness": "drowsy"}, "consciousness")])
def test_a_bad_scale_or_consciousness_level_is_refused(changes: dict[str, object], error: str) -> None:
    with pytest.raises(ValueError, match=error):
        score(**changes)


def test_news2_from_a_stored_vitals_set_matches_the_typed_values() -> None:
    reading = validate_vitals({"respiratory_rate": "22", "spo2": "۹۴", "systolic_bp": "105", "heart_rate": "112", "temperature": "38,4", "diastolic_bp": "70"})
    stored = from_observations(to_observations(reading))
    from_reading = news2_from_vitals(50, reading, consciousness="alert", supplemental_oxygen=False)
    from_storage = news2_from_vitals(50, stored, consciousness="alert", supplemental_oxygen=False)
    assert from_reading == from_storage
    assert from_reading.components == {
        "respiratory_rate": 2, "spo2": 1, "air_or_oxygen": 0, "systolic_bp": 1,
        "heart_rate": 2, "consciousness": 0, "temperature": 1,
    }  # fmt: skip
    assert from_reading.band == "high"


@given(
    rate=st.integers(4, 120),
    spo2=st.integers(40, 100),
    oxygen=st.booleans(),
    systolic=st.integers(40, 300),
    pulse=st.integers(20, 300),
    level=st.sampled_from(["alert", "confusion", "voice", "pain", "unresponsive"]),
    celsius=st.integers(250, 450).map(lambda tenths: tenths / 10),
    scale=st.sampled_from([1, 2]),
)
def test_the_band_always_follows_the_published_rules(
    rate: int, spo2: int, oxygen: bool, systolic: int, pulse: int, level: str, celsius: float, scale: int
) -> None:
    result = news2(
        30, respiratory_rate=rate, spo2=spo2, supplemental_oxygen=oxygen, systolic_bp=systolic,
        heart_rate=pulse, consciousness=level, temperature=celsius, spo2_scale=scale,
    )  # fmt: skip
    assert result.complete
    assert len(result.components) == 7
    assert result.score == sum(result.components.values())
    assert all(0 <= points <= 3 for points in result.components.values())
    assert result.any_single_3 == (3 in result.components.values())
    if result.score >= 7:
        assert result.band == "high"
    elif result.score >= 5:
        assert result.band == "medium"
    elif result.any_single_3:
        assert result.band == "low-medium"
    else:
        assert result.band == "low"
