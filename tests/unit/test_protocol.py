"""The wire protocol: what a station may send, and the plain reasons it gets when a record is wrong."""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from sync.wire.ids import format_hlc, parse_hlc, utc_iso, uuid7
from sync.wire.protocol import Change, PushRequest, RecordError, describe_errors, validate_record

STATION = "01a20818-6373-7e10-bc2c-6307cc471d9c"
HLC = format_hlc(1_795_000_000_000, 0, STATION)


def envelope(**fields: Any) -> dict[str, Any]:
    return {"id": uuid7(), "station_id": STATION, "created_at": "2026-11-23T10:00:00.000Z",
            "updated_at": HLC, "version": 1, **fields}


def patient(**overrides: Any) -> dict[str, Any]:
    return envelope(**{
        "mrn": "THT-000123", "name": "Zainab Bibi", "name_ur": "زینب بی بی", "father_name": "Ghulam Rasool",
        "father_name_ur": None, "sex": "female", "date_of_birth": "1994-03-12", "estimated_age_years": None,
        "cnic": "41303-1234567-2", "phone": "03001234567", "village": "Jhok", "district": "Thatta", **overrides,
    })


def vitals(**overrides: Any) -> dict[str, Any]:
    return envelope(**{
        "patient_id": uuid7(), "encounter_id": None, "taken_at": "2026-11-23T10:05:00Z",
        "observations": [{"code": "2708-6", "name": "SpO2", "value": 93, "unit": "%"},
                         {"code": "8310-5", "name": "Temperature", "value": 38.6, "unit": "Cel"}],
        "consciousness": "alert", "supplemental_oxygen": False, "spo2_scale": 1, "supersedes": None, **overrides,
    })


def test_a_complete_patient_record_is_valid() -> None:
    assert validate_record("patient", patient()).name == "Zainab Bibi"


def test_a_vitals_set_with_loinc_codes_and_ucum_units_is_valid() -> None:
    assert len(validate_record("vitals_set", vitals()).observations) == 2


@pytest.mark.parametrize(
    ("record", "field"),
    [
        (patient(sex="f"), "data.sex"),
        (patient(cnic="4130312345672"), "data.cnic"),
        (patient(date_of_birth="1994-02-30"), "data.date_of_birth"),
        (patient(estimated_age_years="30"), "data.estimated_age_years"),
        (patient(name=""), "data.name"),
        (patient(name="Zainab\x00"), "data.name"),
        (patient(nickname="Zaini"), "data.nickname"),
        (patient(created_at="2026-11-23T15:00:00+05:00"), "data.created_at"),
        (patient(updated_at="yesterday"), "data.updated_at"),
        (patient(version=0), "data.version"),
        (patient(id="not-a-uuid"), "data.id"),
        (vitals(observations=[{"code": "2708-6", "name": "SpO2", "value": 93, "unit": "percent"}]),
         "data.observations[0]"),
        (vitals(observations=[{"code": "1234-5", "name": "?", "value": 1, "unit": "%"}]), "data.observations[0].code"),
        (vitals(observations=[{"code": "2708-6", "name": "SpO2", "value": float("nan"), "unit": "%"}]),
         "data.observations[0].value"),
        (vitals(spo2_scale=3), "data.spo2_scale"),
        (vitals(supplemental_oxygen=1), "data.supplemental_oxygen"),
    ],
    ids=["sex", "cnic without dashes", "impossible date", "age as text", "empty name", "NUL character",
         "unknown field", "not UTC", "bad clock", "version 0", "bad id", "wrong unit", "unknown vital",
         "NaN value", "spo2 scale", "bool as int"],
)
def test_a_wrong_record_is_refused_with_a_reason_naming_the_field(record: dict[str, Any], field: str) -> None:
    entity = "vitals_set" if "observations" in record else "patient"
    with pytest.raises(RecordError) as info:
        validate_record(entity, record)
    assert field in str(info.value)


def test_a_missing_field_is_named() -> None:
    record = patient()
    del record["district"]
    with pytest.raises(RecordError, match=r"data\.district is required"):
        validate_record("patient", record)


def test_a_push_holds_1_to_500_changes() -> None:
    change = {"change_id": uuid7(), "entity": "patient", "record_id": uuid7(), "op": "upsert",
              "hlc": HLC, "version": 1, "data": {}}
    PushRequest.model_validate({"changes": [change]})
    for count in (0, 501):
        with pytest.raises(ValidationError):
            PushRequest.model_validate({"changes": [change] * count})


@pytest.mark.parametrize(
    ("field", "value"),
    [("op", "delete"), ("entity", "invoice"), ("version", "1"), ("hlc", "1-2-3"), ("change_id", 7), ("extra", 1)],
)
def test_a_malformed_change_is_refused(field: str, value: Any) -> None:
    change = {"change_id": uuid7(), "entity": "patient", "record_id": uuid7(), "op": "upsert",
              "hlc": HLC, "version": 1, "data": {}, field: value}
    with pytest.raises(ValidationError) as info:
        Change.model_validate(change)
    assert field in describe_errors(info.value.errors())


def test_error_descriptions_escape_odd_field_names_and_stop_after_a_few() -> None:
    with pytest.raises(ValidationError) as info:
        Change.model_validate({"bell\x07": 1})
    everything = describe_errors(info.value.errors(), limit=20)
    assert "bell\\x07 is not a known field" in everything
    assert re.search(r"and 5 more problems$", describe_errors(info.value.errors(), limit=3))


@given(st.lists(st.just(None), min_size=2, max_size=50))
@settings(max_examples=20)
def test_uuid7_ids_are_version_7_and_time_ordered(items: list[None]) -> None:
    ids = [uuid7() for _ in items]
    for value in ids:
        parsed = uuid.UUID(value)
        assert parsed.version == 7 and parsed.variant == uuid.RFC_4122 and value == str(parsed)
    prefixes = [value[:13] for value in ids]  # the 48-bit millisecond timestamp
    assert prefixes == sorted(prefixes)


@given(ms=st.integers(min_value=0, max_value=10**14 - 1), counter=st.integers(min_value=0, max_value=9999))
def test_hlc_values_round_trip_and_sort_as_text(ms: int, counter: int) -> None:
    value = format_hlc(ms, counter, STATION)
    assert parse_hlc(value) == (ms, counter, STATION)
    later = format_hlc(ms, counter + 1, STATION) if counter < 9999 else format_hlc(ms + 1, 0, STATION)
    assert later > value


def test_timestamps_travel_as_utc_with_milliseconds() -> None:
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", utc_iso())
