"""Finding a patient the way a health worker types: any common spelling, Urdu script, MRN,
CNIC with or without dashes, phone with or without +92; and the duplicate warning."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from station import patients
from station.patients import PossibleDuplicate
from station.store import Store

BASE = {"sex": "male", "village": "Jhok", "district": "Thatta"}
_counter = itertools.count(1)


def _register(store: Store, name: str, father: str, **extra) -> patients.Patient:
    fields = {"name": name, "father_name": father, "estimated_age_years": 40, **BASE, **extra}
    return patients.register(store, fields, confirmed_new=True)


@pytest.mark.parametrize("stored, typed", [
    ("Muhammad Aslam", "mohammad aslam"), ("Muhammad Aslam", "MUHAMMED"), ("Mohammed Iqbal", "muhammad ikbal"),
    ("Fatimah Bibi", "fatima"), ("Hussain Bakhsh", "husain"), ("Ayesha Khatoon", "aisha"),
    ("Abdul Rehman", "abdulrahman"), ("Yousaf Khan", "yusuf"), ("Zainab", "zaynab"),
])
def test_common_roman_urdu_spellings_find_the_patient(store: Store, stored: str, typed: str) -> None:
    p = _register(store, stored, "Ghulam Qadir")
    _register(store, "Rukhsana Parveen", "Allah Ditta")
    assert [x.id for x in patients.find(store, typed)] == [p.id]


def test_urdu_script_names_are_searchable(store: Store) -> None:
    p = _register(store, "Muhammad Yousaf", "Allah Ditta", name_ur="محمد یوسف", father_name_ur="اللہ دتہ")
    assert [x.id for x in patients.find(store, "یوسف")] == [p.id]
    assert [x.id for x in patients.find(store, "يوسف")] == [p.id]  # typed with the Arabic yeh
    assert [x.id for x in patients.find(store, "اللہ")] == [p.id]


def test_numbers_find_the_patient_however_they_are_typed(store: Store) -> None:
    p = _register(store, "Bilal Ahmed", "Noor Din", cnic="42101-1234567-3", phone="0300-7654321")
    for typed in ("4210112345673", "42101-1234567-3", "42101", "+92 300 7654321", "03007654321", p.mrn, "۴۲۱۰۱"):
        assert [x.id for x in patients.find(store, typed)] == [p.id], typed


def test_a_different_name_is_not_found(store: Store) -> None:
    _register(store, "Ali Raza", "Ghulam Nabi")
    assert patients.find(store, "alia") == []
    assert patients.find(store, "") == []
    assert patients.find(store, '"*') == []


def test_same_cnic_or_phone_or_close_name_father_and_age_warns(store: Store) -> None:
    first = _register(store, "Muhammad Aslam", "Ghulam Rasool", cnic="4130412345671", phone="03001234567")
    cases = [
        ({"name": "Someone Else", "father_name": "Other", "cnic": "41304-1234567-1"}, "same CNIC"),
        ({"name": "Someone Else", "father_name": "Other", "phone": "+923001234567"}, "same phone number"),
        ({"name": "Mohammad Aslam", "father_name": "Gulam Rasul"}, "similar name"),
    ]
    for extra, reason in cases:
        fields = {**BASE, "estimated_age_years": 42, **extra}
        with pytest.raises(PossibleDuplicate) as dup:
            patients.register(store, fields)
        assert dup.value.candidates[0].patient.id == first.id
        assert any(reason in r for r in dup.value.candidates[0].reasons)
    # A similar name with a very different age is a different person.
    patients.register(store, {**BASE, "name": "Mohammad Aslam", "father_name": "Ghulam Rasool",
                              "estimated_age_years": 8})


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(given_name=st.sampled_from(["Muhammad", "Fatima", "Hussain", "Ayesha", "Rehman", "Zainab", "Yousaf",
                                   "Qasim", "Nasreen", "Iqbal"]),
       family=st.text(alphabet="bcdfghjklmnprstvz", min_size=4, max_size=8),
       digits=st.integers(1_000_000, 9_999_999))
def test_any_registered_patient_is_found_by_name_mrn_cnic_and_phone(store: Store, given_name: str, family: str,
                                                                     digits: int) -> None:
    n = next(_counter)
    name = f"{given_name} {family.capitalize()}{n}"
    cnic = f"{35000 + n % 9999:05d}-{digits:07d}-{n % 10}"
    phone = f"0345{digits:07d}"
    p = _register(store, name, "Test Father", cnic=cnic, phone=phone)
    ids = lambda q: {x.id for x in patients.find(store, q, limit=50)}  # noqa: E731
    assert p.id in ids(name)
    assert p.id in ids(name.upper())
    assert p.id in ids(name[: max(2, len(name) - 2)])  # still typing
    assert p.id in ids(p.mrn)
    assert p.id in ids(cnic.replace("-", ""))
    assert p.id in ids("+92" + phone[1:])


@pytest.mark.parametrize("field, value, fragment", [
    ("cnic", "12345", "CNIC"), ("phone", "12", "hone"), ("sex", "x", "Sex"),
    ("date_of_birth", "2099-01-01", "future"), ("date_of_birth", "31/02/2020", "DD/MM/YYYY"),
    ("village", "+92 300 1234567", "Village: \u201c\u2068+92 300 1234567\u2069\u201d looks like a phone number"),
    ("district", "03001234567", "looks like a phone number"),
    ("estimated_age_years", "200", "Age"), ("name", "", "Name"), ("name_ur", "Latin", "Urdu script"),
])
def test_bad_registration_input_names_the_field(store: Store, field: str, value: str, fragment: str) -> None:
    from station.errors import ValidationError

    fields = {"name": "Sana", "father_name": "Javed", "estimated_age_years": 30, **BASE, field: value}
    with pytest.raises(ValidationError) as err:
        patients.register(store, fields)
    assert err.value.field == field and fragment in err.value.message
    assert store.conn.execute("SELECT count(*) FROM patients").fetchone()[0] == 0


def test_a_corrected_name_is_found_by_the_new_name_only(store: Store) -> None:
    p = _register(store, "Rukhsana Parveen", "Allah Ditta")
    other = _register(store, "Shazia Akhtar", "Noor Din")
    fixed = patients.update(store, p.id, {"name": "Rukhsana Bibi"}, expected_version=p.version)
    assert fixed.version == 2
    assert [x.id for x in patients.find(store, "bibi")] == [p.id]
    assert patients.find(store, "parveen") == []
    assert [x.id for x in patients.find(store, "shazia")] == [other.id]
    count = store.conn.execute("SELECT count(*) FROM patient_search").fetchone()[0]
    assert count == 2


def test_a_common_name_lists_the_newest_first_and_own_names_before_fathers_names(store: Store) -> None:
    olds = [_register(store, f"Ali {second}", "Karim Bakhsh")
            for second in ("Raza", "Akbar", "Hamza", "Haider", "Asghar", "Nawaz")]
    son = _register(store, "Bilal Ahmed", "Ali Hassan")
    # The newest registrations first: a search for a common name never reads the whole register.
    assert [p.id for p in patients.find(store, "ali", limit=4)] == [p.id for p in reversed(olds[-4:])]
    # Own-name matches still come before a match through the father's name.
    found = [p.id for p in patients.find(store, "ali", limit=20)]
    assert set(found[:6]) == {p.id for p in olds} and found[6:] == [son.id]
    # Typing more narrows the matches, and then an old patient is found.
    assert [p.id for p in patients.find(store, "ali raza")] == [olds[0].id]


@pytest.mark.parametrize("stored, stored_ur, typed", [
    ("Zainab", None, "زینب"), (None, "زینب", "zainab"), (None, "اسلم", "aslam"), ("Aslam", None, "اسلم"),
    (None, "محمد", "muhammad"), (None, "فاطمہ", "fatima"), (None, "خدیجہ", "khadija"), (None, "علی", "ali"),
])
def test_a_name_is_found_from_the_other_script(store: Store, stored: str | None, stored_ur: str | None,
                                               typed: str) -> None:
    # Registered with one spelling only: the Latin name field holds a placeholder the search cannot match.
    p = _register(store, stored or "Xq", "Ghulam Qadir", name_ur=stored_ur)
    _register(store, "Rukhsana Parveen", "Allah Ditta", name_ur="رخسانہ پروین")
    assert [x.id for x in patients.find(store, typed)] == [p.id], typed


def test_a_missing_letter_still_finds_the_name(store: Store) -> None:
    aslam = _register(store, "Aslam", "Ghulam Qadir")
    _register(store, "Rukhsana Parveen", "Allah Ditta")
    for typed in ("aslm", "asam", "asllam"):
        assert [x.id for x in patients.find(store, typed)] == [aslam.id], typed


def test_exact_spellings_come_before_the_loose_matches(store: Store) -> None:
    near = _register(store, "Salma", "Ghulam Qadir")  # the same consonants as Aslam: s-l-m
    exact = _register(store, "Aslam", "Allah Ditta")
    assert [x.id for x in patients.find(store, "aslam")] == [exact.id, near.id]


def test_an_mrn_is_found_without_its_leading_zeros(store: Store) -> None:
    found = [_register(store, f"Patient {n}", "Allah Ditta") for n in range(1, 4)]
    _register(store, "Bilal Ahmed", "Noor Din", phone="0300-3333333")
    third = found[2]
    assert third.mrn == "000003"
    assert patients.find(store, "3")[0].id == third.id
    assert patients.find(store, "۳")[0].id == third.id  # typed with Urdu digits
    assert patients.find(store, "0003")[0].id == third.id
