"""The library's identifier check: names in either script and misspelt, the village, the patient's
CNIC and phone however grouped, and any CNIC- or phone-shaped number; ages without the date."""

from __future__ import annotations

from datetime import date

import pytest

from hub.library import deid, photos

PATIENT = {"name": "Zainab Bibi", "name_ur": "زینب بی بی", "father_name": "Ghulam Rasool",
           "father_name_ur": "غلام رسول", "village": "Jhok Sharif", "cnic": "42201-7654321-3",
           "phone": "03001234567"}
IDS = deid.Identifiers.of_patient({**PATIENT, "date_of_birth": "2021-02-14"}, caregiver="Rashida Bibi")


def kinds(text: str) -> list[str]:
    return [f.kind for f in deid.check({"question": text}, IDS)]


@pytest.mark.parametrize("text", [
    "Zainab has fever", "ZAINAB has fever", "Zaynab has fever", "Zainub has fever", "زینب کو بخار ہے",
    "زينب کو بخار ہے",  # Arabic yeh, as some keyboards type it
])
def test_the_patients_name_is_found_however_it_is_written(text: str) -> None:
    assert kinds(text) == ["names the patient"]


@pytest.mark.parametrize("text, kind", [
    ("d/o Ghulam Rasul", "names the patient's father or husband"),
    ("father غلام رسول", "names the patient's father or husband"),
    ("from Jhok", "names the patient's village"),
    ("from jhok sharif", "names the patient's village"),
    ("mother Rashida brought her", "names who consented for the patient"),
])
def test_relatives_and_the_village_are_found(text: str, kind: str) -> None:
    assert kind in kinds(text)


@pytest.mark.parametrize("text, kind", [
    ("CNIC 42201-7654321-3", "has the patient's CNIC"),
    ("cnic 4220176543213", "has the patient's CNIC"),
    ("call 0300 1234567", "has the patient's phone number"),
    ("call +92 300 1234567", "has the patient's phone number"),
    ("call ۰۳۰۰۱۲۳۴۵۶۷", "has the patient's phone number"),  # Urdu digits
    ("neighbour 35202-1111111-1", "has a number shaped like a CNIC"),
    ("neighbour 0321-9998887", "has a number shaped like a phone number"),
    ("landline 021 34567890", "has a number shaped like a phone number"),
    ("born 14/02/2021", "has the patient's date of birth"),
    ("born 2021-02-14", "has the patient's date of birth"),
    ("born 14-2-2021", "has the patient's date of birth"),
])
def test_numbers_are_found_in_any_grouping_or_script(text: str, kind: str) -> None:
    assert kinds(text) == [kind]


@pytest.mark.parametrize("text", [
    "Some dehydration; ORS 75 ml/kg over 4 hours, zinc 20 mg daily for 10 days.",
    "BP 120/80, HR 110, SpO2 94% on 2024-05-01. Review in 48 hours.",
    "Bibi is a common word in names; poor feeding; near the clinic.",
    "Give 250 mg three times a day for 5 days (total 15 doses).",
    "BP 110/70 - 120/80 lying and standing; HR 96 - 110.",  # readings with spaced dashes are no phone
])
def test_clinical_text_without_identifiers_passes(text: str) -> None:
    assert kinds(text) == []


def test_a_reason_names_the_field_and_never_repeats_the_identifier() -> None:
    [finding] = deid.check({"learning_point": "Remember how Zainab presented."}, IDS)
    assert finding.field == "learning_point" and "Zainab" not in finding.context
    assert finding.context == "Remember how ■■■■■■ presented."
    assert finding.sentence({"learning_point": "Learning point"}).startswith("Learning point: names the patient")
    assert deid.mask_text("Call 0300-1234567 for Zainab", IDS) == "Call ■■■■■■■■■■■■ for ■■■■■■"


@pytest.mark.parametrize("born, on, text", [
    ("2024-01-15", date(2024, 5, 1), "3 months"),
    ("2022-03-10", date(2024, 5, 1), "2 years 1 month"),
    ("2019-05-02", date(2024, 5, 1), "4 years 11 months"),
    ("1990-01-01", date(2024, 5, 1), "34 years"),
])
def test_the_age_is_years_with_months_under_five_never_the_date(born: str, on: date, text: str) -> None:
    assert deid.age_text(born, None, on) == text
    assert deid.age_text(None, 60, on) == "about 60 years"


def test_a_photo_leaves_without_exif_or_comments_and_keeps_its_pixels() -> None:
    def seg(marker: int, body: bytes) -> bytes:
        return bytes([0xFF, marker]) + (len(body) + 2).to_bytes(2, "big") + body
    jpeg = (b"\xff\xd8" + seg(0xE0, b"JFIF\x00") + seg(0xE1, b"Exif\x00\x00GPS Jhok") + seg(0xFE, b"Zainab")
            + b"\xff\xda\x00\x02" + b"pixels\xff\xd9")
    clean = photos.without_metadata(jpeg, "image/jpeg")
    assert b"Jhok" not in clean and b"Zainab" not in clean and clean.endswith(b"pixels\xff\xd9")
    assert b"JFIF" in clean
    with pytest.raises(photos.UnreadablePhoto):
        photos.without_metadata(b"not a jpeg", "image/jpeg")


@pytest.mark.parametrize("text, kind", [
    ("Zai\u200bnab has fever", "names the patient"),  # a zero-width space inside the name
    ("Zain\u00adab has fever", "names the patient"),  # a soft hyphen
    ("زی\u200cنب کو بخار", "names the patient"),  # a zero-width non-joiner inside the Urdu name
    ("call 0300\u200b1234567", "has the patient's phone number"),
])
def test_invisible_characters_do_not_hide_an_identifier(text: str, kind: str) -> None:
    assert kinds(text) == [kind]
    masked = deid.mask_text(text, IDS)
    assert "Zai" not in masked and "234" not in masked and "زی" not in masked


@pytest.mark.parametrize("text, kind", [
    ("neighbour +92 (321) 999-8887", "has a number shaped like a phone number"),
    ("neighbour 0321 - 9998887", "has a number shaped like a phone number"),
    ("neighbour's CNIC 35202 - 1111111 - 1", "has a number shaped like a CNIC"),
    ("call (0300) 1234567", "has the patient's phone number"),
])
def test_numbers_written_with_spaced_separators_are_found(text: str, kind: str) -> None:
    assert kinds(text) == [kind]
