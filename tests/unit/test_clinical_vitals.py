"""Vital signs typed by a health worker are checked, explained and stored with their codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from station.clinical.ranges import VITAL_KEYS, vital_ranges
from station.clinical.vitals import (
    VitalsError,
    VitalsErrors,
    VitalsReading,
    check_vital,
    compute_bmi,
    from_observations,
    parse_number,
    to_observations,
    validate_vitals,
)

RESOURCE = Path(__file__).resolve().parents[2] / "resources" / "vital_ranges.json"
RAW = {item["key"]: item for item in json.loads(RESOURCE.read_text(encoding="utf-8"))["vitals"]}

# The record contract: LOINC code and UCUM unit of every vital.
CONTRACT = {
    "systolic_bp": ("8480-6", "mm[Hg]"),
    "diastolic_bp": ("8462-4", "mm[Hg]"),
    "heart_rate": ("8867-4", "/min"),
    "respiratory_rate": ("9279-1", "/min"),
    "temperature": ("8310-5", "Cel"),
    "spo2": ("2708-6", "%"),
    "weight": ("29463-7", "kg"),
    "height": ("8302-2", "cm"),
    "bmi": ("39156-5", "kg/m2"),
    "muac": ("56072-2", "cm"),
}

URDU = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def bound_text(value: float) -> str:
    """A bound as the resource file states it, written without trailing zeros."""
    return f"{value:g}"


def in_range(key: str) -> st.SearchStrategy[float]:
    item = RAW[key]
    return st.floats(min_value=item["min"], max_value=item["max"], allow_nan=False)


def out_of_range(key: str) -> st.SearchStrategy[float]:
    item = RAW[key]
    below = st.floats(max_value=item["min"], exclude_max=True, allow_nan=False, allow_infinity=False)
    above = st.floats(min_value=item["max"], exclude_min=True, allow_nan=False, allow_infinity=False)
    return st.one_of(below, above)


@pytest.mark.parametrize("key", list(CONTRACT))
def test_every_vital_carries_the_loinc_code_and_ucum_unit_of_the_record_contract(key: str) -> None:
    vital = vital_ranges()[key]
    assert (vital.loinc, vital.ucum) == CONTRACT[key]
    assert vital.min < vital.max
    assert vital.label


def test_the_vitals_are_the_ten_the_station_records() -> None:
    assert set(VITAL_KEYS) == set(CONTRACT) == set(RAW)


def test_an_impossible_temperature_is_refused_with_the_allowed_range_in_words() -> None:
    with pytest.raises(VitalsError) as caught:
        check_vital("temperature", 52)
    assert caught.value.field == "temperature"
    assert caught.value.message == "Temperature 52 °C is not possible: enter a value between 25 and 45 °C."
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize("fahrenheit", [93, 96.8, 98.6, 100.4, 104, 110])
def test_a_fahrenheit_temperature_is_caught_and_converted_for_the_health_worker(fahrenheit: float) -> None:
    celsius = (fahrenheit - 32) * 5 / 9
    with pytest.raises(VitalsError) as caught:
        check_vital("temperature", fahrenheit)
    message = caught.value.message
    assert f"{fahrenheit:g} looks like °F" in message
    assert f"(= {celsius:.1f} °C)" in message
    assert "Enter the temperature in °C" in message


def test_normal_body_temperature_in_fahrenheit_reads_as_37_celsius() -> None:
    with pytest.raises(VitalsError, match=r"98\.6 looks like °F \(= 37\.0 °C\)\. Enter the temperature in °C"):
        check_vital("temperature", 98.6)


@pytest.mark.parametrize("value", [45.1, 92.9, 110.1, 200])
def test_a_temperature_outside_the_fahrenheit_window_is_simply_impossible(value: float) -> None:
    with pytest.raises(VitalsError) as caught:
        check_vital("temperature", value)
    assert "°F" not in caught.value.message
    assert "is not possible" in caught.value.message


@pytest.mark.parametrize(("metres", "cm"), [(1.6, "160"), (0.75, "75"), (2.05, "205"), (0.5, "50")])
def test_a_height_typed_in_metres_is_explained_in_centimetres(metres: float, cm: str) -> None:
    with pytest.raises(VitalsError) as caught:
        check_vital("height", metres)
    assert caught.value.field == "height"
    assert f"looks like metres (= {cm} cm)" in caught.value.message
    assert "Enter the height in cm" in caught.value.message


def test_a_newborn_weight_typed_in_grams_gets_a_hint_in_kilograms() -> None:
    with pytest.raises(VitalsError) as caught:
        check_vital("weight", 3200)
    assert "3200 g = 3.2 kg" in caught.value.message


@pytest.mark.parametrize(("key", "typed", "stored"), [("heart_rate", 72.5, 73), ("temperature", 36.75, 36.8), ("temperature", 36.74, 36.7), ("weight", 3.255, 3.26)])
def test_values_are_rounded_half_up_to_their_recorded_precision(key: str, typed: float, stored: float) -> None:
    assert check_vital(key, typed) == stored


@pytest.mark.parametrize("typed", [True, "72", None, float("nan"), float("inf")])
def test_check_vital_refuses_anything_but_a_finite_number(typed: object) -> None:
    with pytest.raises(VitalsError):
        check_vital("heart_rate", typed)  # type: ignore[arg-type]


def test_an_unknown_vital_is_a_programming_error() -> None:
    with pytest.raises(KeyError, match="pulse_pressure"):
        check_vital("pulse_pressure", 40)
    with pytest.raises(KeyError, match="pulse_pressure"):
        validate_vitals({"pulse_pressure": 40})


@pytest.mark.parametrize(
    ("typed", "number"),
    [("37.5", 37.5), ("37,5", 37.5), ("۳۷٫۵", 37.5), ("٣٧,٥", 37.5), (" 120 ", 120.0), ("۱۲۰", 120.0), (".5", 0.5), ("", None), ("   ", None)],
)
def test_typed_numbers_may_use_urdu_digits_and_a_comma(typed: str, number: float | None) -> None:
    assert parse_number(typed) == number


@pytest.mark.parametrize("typed", ["abc", "37.5C", "1.2.3", "nan", "inf", "1e3", "12 0x", "--1"])
def test_text_that_is_not_a_plain_number_is_refused(typed: str) -> None:
    with pytest.raises(ValueError):
        parse_number(typed)


def test_a_word_in_a_number_field_is_named_in_the_message() -> None:
    with pytest.raises(VitalsErrors) as caught:
        validate_vitals({"temperature": "high"})
    (error,) = caught.value.errors
    assert error.field == "temperature"
    assert '"high" is not a number' in error.message
    assert "between 25 and 45 °C" in error.message


def test_every_bad_field_of_a_form_is_reported_at_once() -> None:
    form = {
        "systolic_bp": "120",
        "diastolic_bp": "80",
        "heart_rate": "900",
        "temperature": "98.6",
        "spo2": "abc",
        "height": "1.6",
        "weight": "60",
    }
    with pytest.raises(VitalsErrors) as caught:
        validate_vitals(form)
    assert {error.field for error in caught.value.errors} == {"heart_rate", "temperature", "spo2", "height"}
    assert set(caught.value.by_field) == {"heart_rate", "temperature", "spo2", "height"}


def test_empty_fields_mean_not_taken() -> None:
    reading = validate_vitals({"heart_rate": "", "temperature": None, "spo2": "97"})
    assert reading.as_dict() == {"spo2": 97.0}
    assert reading.heart_rate is None


@pytest.mark.parametrize(("systolic", "diastolic"), [(120, 120), (110, 120), (90, 150)])
def test_a_diastolic_pressure_not_below_the_systolic_is_refused(systolic: int, diastolic: int) -> None:
    with pytest.raises(VitalsErrors) as caught:
        validate_vitals({"systolic_bp": systolic, "diastolic_bp": diastolic})
    (error,) = caught.value.errors
    assert error.field == "diastolic_bp"
    assert "must be lower than the systolic" in error.message


def test_a_diastolic_pressure_below_the_systolic_is_accepted() -> None:
    reading = validate_vitals({"systolic_bp": 121, "diastolic_bp": 120})
    assert (reading.systolic_bp, reading.diastolic_bp) == (121, 120)


@pytest.mark.parametrize(("weight", "height"), [(60, 160), (3.2, 50), (120, 175), (12.5, 86.5)])
def test_bmi_is_calculated_from_weight_and_height(weight: float, height: float) -> None:
    reading = validate_vitals({"weight": weight, "height": height})
    expected = weight / (height / 100) ** 2
    assert reading.bmi == pytest.approx(expected, abs=0.05)
    assert reading.bmi == compute_bmi(weight, height)


def test_a_typed_bmi_that_disagrees_with_weight_and_height_is_refused() -> None:
    with pytest.raises(VitalsErrors) as caught:
        validate_vitals({"weight": 60, "height": 160, "bmi": 30})
    (error,) = caught.value.errors
    assert error.field == "bmi"
    assert "23.4" in error.message


def test_a_typed_bmi_that_agrees_is_replaced_by_the_calculated_one() -> None:
    assert validate_vitals({"weight": 60, "height": 160, "bmi": 23.5}).bmi == 23.4


def test_weight_and_height_that_give_an_impossible_bmi_are_questioned() -> None:
    with pytest.raises(VitalsErrors) as caught:
        validate_vitals({"weight": 250, "height": 60})
    (error,) = caught.value.errors
    assert error.field == "bmi"
    assert "check the weight and the height" in error.message


def test_a_bmi_without_weight_and_height_is_checked_on_its_own() -> None:
    assert validate_vitals({"bmi": "22,5"}).bmi == 22.5
    with pytest.raises(VitalsErrors):
        validate_vitals({"bmi": 150})


def test_observations_skip_unknown_codes_but_refuse_wrong_units_and_repeats() -> None:
    newer = [{"code": "8480-6", "name": "Systolic", "value": 120, "unit": "mm[Hg]"}, {"code": "9999-9", "name": "x", "value": 1, "unit": "1"}]
    assert from_observations(newer) == {"systolic_bp": 120.0}
    with pytest.raises(ValueError, match="unit"):
        from_observations([{"code": "8310-5", "name": "Temperature", "value": 98.6, "unit": "[degF]"}])
    with pytest.raises(ValueError, match="more than once"):
        from_observations(newer[:1] * 2)
    with pytest.raises(ValueError, match="not a number"):
        from_observations([{"code": "8480-6", "name": "Systolic", "value": "120", "unit": "mm[Hg]"}])


def test_observations_carry_code_name_value_and_unit() -> None:
    observations = to_observations(VitalsReading(heart_rate=80, temperature=37.2))
    assert observations == [
        {"code": "8867-4", "name": vital_ranges()["heart_rate"].label, "value": 80.0, "unit": "/min"},
        {"code": "8310-5", "name": vital_ranges()["temperature"].label, "value": 37.2, "unit": "Cel"},
    ]
    assert json.loads(json.dumps(observations)) == observations


@pytest.mark.parametrize("key", VITAL_KEYS)
@given(data=st.data())
def test_any_value_inside_the_range_is_accepted_and_survives_storage(key: str, data: st.DataObject) -> None:
    value = data.draw(in_range(key))
    decimals = RAW[key]["decimals"]
    reading = validate_vitals({key: value})
    stored = reading.as_dict()[key]
    assert RAW[key]["min"] <= stored <= RAW[key]["max"]
    assert abs(stored - value) <= 0.5 * 10**-decimals + 1e-9
    assert from_observations(to_observations(reading)) == {key: stored}


@pytest.mark.parametrize("key", VITAL_KEYS)
@given(data=st.data())
def test_any_value_outside_the_range_is_refused_naming_the_field_and_both_bounds(key: str, data: st.DataObject) -> None:
    value = data.draw(out_of_range(key))
    with pytest.raises(VitalsError) as caught:
        check_vital(key, value)
    message = caught.value.message
    assert caught.value.field == key
    assert RAW[key]["label"] in message
    assert f"between {bound_text(RAW[key]['min'])} and {bound_text(RAW[key]['max'])}" in message


@given(
    values=st.fixed_dictionaries(
        {},
        optional={key: in_range(key) for key in VITAL_KEYS if key != "bmi"},
    )
)
def test_a_whole_reading_round_trips_through_its_observations(values: dict[str, float]) -> None:
    if "systolic_bp" in values and "diastolic_bp" in values:
        assume(round(values["diastolic_bp"]) < round(values["systolic_bp"]) - 1)
    if "weight" in values and "height" in values:
        bmi = values["weight"] / (values["height"] / 100) ** 2
        assume(RAW["bmi"]["min"] + 1 < bmi < RAW["bmi"]["max"] - 1)
    reading = validate_vitals(values)
    assert from_observations(to_observations(reading)) == reading.as_dict()
    assert ("bmi" in reading.as_dict()) == ("weight" in values and "height" in values)


@given(number=st.from_regex(r"[0-9]{1,4}([.,][0-9]{1,3})?", fullmatch=True))
def test_urdu_and_arabic_digits_parse_like_ascii_digits(number: str) -> None:
    expected = parse_number(number)
    assert parse_number(number.translate(URDU)) == expected
    assert parse_number(number.translate(ARABIC_INDIC).replace(".", "٫")) == expected


@given(number=st.from_regex(r"[0-9]{1,3}([.,][0-9]{1,2})?", fullmatch=True), key=st.sampled_from(VITAL_KEYS))
def test_a_form_typed_in_urdu_digits_gives_the_same_result_as_ascii(number: str, key: str) -> None:
    def outcome(text: str) -> object:
        try:
            return validate_vitals({key: text}).as_dict()
        except VitalsErrors as errors:
            return [error.field for error in errors.errors]

    assert outcome(number.translate(URDU)) == outcome(number)
