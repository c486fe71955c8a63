"""Registration details as people give them: dates day first, whose name the second name is,
a small child's age in years and months, and a phone number typed where the village goes."""

from __future__ import annotations

from datetime import date

import pytest

from station import patients
from station.errors import ValidationError
from station.records import Patient

BASE = {"name": "Nasreen Bibi", "father_name": "Allah Ditta", "sex": "female", "estimated_age_years": 30,
        "village": "Gharo", "district": "Thatta"}


@pytest.mark.parametrize("typed, expected", [
    ("25/03/2019", date(2019, 3, 25)), ("5/3/2019", date(2019, 3, 5)), ("25-03-2019", date(2019, 3, 25)),
    ("25.03.2019", date(2019, 3, 25)), ("2019-03-25", date(2019, 3, 25)), ("۲۵/۰۳/۲۰۱۹", date(2019, 3, 25)),
    ("31/02/2019", None), ("03/25/2019", None), ("yesterday", None),
])
def test_dates_are_read_day_first_or_iso(typed: str, expected: date | None) -> None:
    assert patients.parse_date(typed) == expected


def test_a_phone_number_is_refused_as_the_village_but_a_numbered_chak_is_not() -> None:
    with pytest.raises(ValidationError) as refused:
        patients.clean({**BASE, "village": "0300-1234567"})
    assert refused.value.field == "village"
    assert "looks like a phone number" in refused.value.message and "Phone" in refused.value.message
    assert patients.clean({**BASE, "village": "Chak 45/12-L"})["village"] == "Chak 45/12-L"


def test_the_relation_is_father_or_husband_or_not_said() -> None:
    assert patients.clean({**BASE, "relation": "Husband"})["relation"] == "husband"
    assert patients.clean(BASE)["relation"] is None
    with pytest.raises(ValidationError) as refused:
        patients.clean({**BASE, "relation": "uncle"})
    assert refused.value.field == "relation"


@pytest.mark.parametrize("relation, sex, phrase", [
    ("husband", "female", "wife of Allah Ditta"), ("father", "female", "daughter of Allah Ditta"),
    ("father", "male", "son of Allah Ditta"), ("father", "other", "child of Allah Ditta"),
    (None, "female", "father or husband: Allah Ditta"),
])
def test_the_second_name_is_described_by_the_relation(relation, sex, phrase) -> None:
    assert patients.relation_phrase(Patient(father_name="Allah Ditta", relation=relation, sex=sex)) == phrase


@pytest.mark.parametrize("born, phrase", [
    ("2024-09-20", "2 years 2 months"), ("2024-11-07", "2 years 1 month"), ("2024-12-07", "2 years"),
    ("2026-04-01", "8 months"), ("2016-01-01", "10 years"),
])
def test_a_small_childs_age_has_months(born: str, phrase: str) -> None:
    assert patients.age_phrase(Patient(date_of_birth=born), date(2026, 12, 7)) == phrase
