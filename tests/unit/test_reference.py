"""The medicines list and ICD-10 codes a health worker picks from."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from station import reference

ROOT = Path(__file__).resolve().parents[2]
ROUTES = {"oral", "intramuscular", "intravenous", "subcutaneous", "intradermal", "topical", "eye", "ear",
          "nasal", "inhalation", "vaginal", "sublingual", "rectal"}


# ---------------------------------------------------------------- medicines

def test_the_list_is_a_real_primary_care_list() -> None:
    meds = reference.medicines()
    assert len(meds) >= 120
    assert len({m.id for m in meds}) == len(meds)
    assert len({m.category for m in meds}) >= 15


@pytest.mark.parametrize("med", reference.medicines(), ids=lambda m: m.id)
def test_every_medicine_row_is_complete(med: reference.Medicine) -> None:
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", med.id)
    assert all(alias.strip() for alias in med.synonyms)
    for field in ("name", "strength", "form", "category", "adult_dose", "paediatric_note"):
        value = getattr(med, field)
        assert value == value.strip() and value, field
    assert med.route in ROUTES
    assert re.search(r"\d", med.strength), "a strength has a number"


@pytest.mark.parametrize(("medicine_id", "name", "strength", "form"), [
    ("paracetamol-500-tab", "Paracetamol", "500 mg", "tablet"),
    ("amoxicillin-250-5-susp", "Amoxicillin", "250 mg/5 ml", "powder for oral suspension"),
    ("zinc-20-dt", "Zinc sulfate", "20 mg", "dispersible tablet"),
    ("cotrimoxazole-480-tab", "Sulfamethoxazole + trimethoprim", "400 mg + 80 mg", "tablet"),
    ("metronidazole-400-tab", "Metronidazole", "400 mg", "tablet"),
    ("iron-folic-acid-tab", "Ferrous salt + folic acid", "60 mg iron + 400 micrograms", "tablet"),
    ("artemether-lumefantrine-tab", "Artemether + lumefantrine", "20 mg + 120 mg", "tablet"),
    ("ors-low-osmolarity", "Oral rehydration salts (low osmolarity)", "20.5 g sachet for 1 litre",
     "powder for oral solution"),
])
def test_the_essentials_are_there_with_their_usual_strengths(medicine_id: str, name: str, strength: str,
                                                             form: str) -> None:
    med = reference.medicine(medicine_id)
    assert (med.name, med.strength, med.form) == (name, strength, form)
    assert med.label == f"{name} {strength} {form}"


def test_an_unknown_medicine_id_is_named_in_the_error() -> None:
    with pytest.raises(KeyError, match="'amoxyclav-9000'"):
        reference.medicine("amoxyclav-9000")


def test_medicines_are_frozen_records() -> None:
    med = reference.medicine("paracetamol-500-tab")
    with pytest.raises(AttributeError):
        med.name = "Panadol"  # type: ignore[misc]


@pytest.mark.parametrize(("typed", "first"), [
    ("amox", "amoxicillin-500-cap"), ("AMOXICILLIN 250", "amoxicillin-250-cap"), ("para syrup", "paracetamol-120-5-syr"),
    ("zinc", "zinc-20-dt"), ("ors", "ors-low-osmolarity"), ("antimalarial", "artemether-lumefantrine-tab"),
    ("metformin", "metformin-500-tab"), ("aspirin", "aspirin-75-tab"), ("cotrimox", "cotrimoxazole-480-tab"),
    ("normal saline", "sodium-chloride-0-9-inf"), ("cillin", "amoxicillin-500-cap"),
])
def test_a_medicine_is_found_from_the_first_letters_typed(typed: str, first: str) -> None:
    assert reference.search_medicines(typed)[0].id == first


def test_a_name_match_ranks_above_a_category_match() -> None:
    found = [m.id for m in reference.search_medicines("iron")]
    assert found[0].startswith(("ferrous", "iron"))
    assert "amoxicillin-500-cap" not in found


def test_medicine_search_respects_the_limit_and_ignores_empty_text() -> None:
    assert len(reference.search_medicines("a", limit=5)) == 5
    assert reference.search_medicines("   ") == []
    assert reference.search_medicines("no such medicine") == []


# ---------------------------------------------------------------- ICD-10

def _csv_rows() -> list[dict[str, str]]:
    with open(ROOT / "resources" / "icd10.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_the_icd10_file_has_hundreds_of_well_formed_codes() -> None:
    rows = _csv_rows()
    assert len(rows) >= 400
    assert list(rows[0]) == ["code", "title"]
    codes = [r["code"] for r in rows]
    assert len(set(codes)) == len(codes)
    for row in rows:
        assert re.fullmatch(r"[A-Z]\d\d(\.\d{1,2})?", row["code"]), row
        assert row["title"] and row["title"] == row["title"].strip(), row


@pytest.mark.parametrize(("code", "title"), [
    ("A09.0", "Other and unspecified gastroenteritis and colitis of infectious origin"),
    ("J18.9", "Pneumonia, unspecified"), ("B54", "Unspecified malaria"), ("A01.0", "Typhoid fever"),
    ("I10", "Essential (primary) hypertension"), ("E11.9", "Type 2 diabetes mellitus without complications"),
    ("D64.9", "Anaemia, unspecified"), ("E43", "Unspecified severe protein-energy malnutrition"),
    ("J00", "Acute nasopharyngitis [common cold]"), ("O14.1", "Severe pre-eclampsia"),
    ("T63.0", "Toxic effect: Snake venom"), ("Z34.9", "Supervision of normal pregnancy, unspecified"),
])
def test_titles_are_the_who_titles(code: str, title: str) -> None:
    assert reference.icd10(code).title == title


@pytest.mark.parametrize(("prefixes", "at_least"), [
    (("A15", "A16", "A17", "A18", "A19"), 5), (("E40", "E41", "E42", "E43", "E44", "E45", "E46"), 7),
    (("O",), 40), (("S", "T"), 60), (("L",), 30), (("H0", "H1", "H2", "H3", "H4", "H5"), 20),
    (("H6", "H7", "H8", "H9"), 10), (("F",), 20), (("B50", "B51", "B53", "B54"), 4),
])
def test_primary_care_chapters_are_covered(prefixes: tuple[str, ...], at_least: int) -> None:
    assert sum(d.code.startswith(prefixes) for d in reference.diagnoses()) >= at_least


@pytest.mark.parametrize("typed", ["J18.9", "j18.9", "J189", " j189 ", "J 18.9"])
def test_a_code_is_recognised_however_it_is_typed(typed: str) -> None:
    assert reference.is_valid_icd10(typed)
    assert reference.icd10(typed).code == "J18.9"


@pytest.mark.parametrize("typed", ["", "J18", "XYZ", "J18.99", "Q99.9", "18.9", "J1"])
def test_codes_outside_the_list_are_not_valid(typed: str) -> None:
    assert not reference.is_valid_icd10(typed)
    with pytest.raises(KeyError, match="is not in the station's diagnosis list"):
        reference.icd10(typed)


def test_canonical_form_refuses_text_that_is_not_a_code() -> None:
    with pytest.raises(ValueError, match=r"e\.g\. J18\.9"):
        reference.canonical_icd10("pneumonia")


@given(st.sampled_from([r["code"] for r in _csv_rows()]))
def test_every_listed_code_round_trips(code: str) -> None:
    assert reference.canonical_icd10(code.replace(".", "").lower()) == code
    assert reference.icd10(code).code == code


@pytest.mark.parametrize(("typed", "first"), [
    ("J18", "J18.0"), ("j18.9", "J18.9"), ("b54", "B54"), ("pneumonia", "J18.9"), ("Typhoid", "A01.0"),
    ("hypertension", "I10"), ("anemia pregnancy", "O99.0"), ("diarrhea", "A09.0"), ("dog", "W54"),
    ("snake", "T63.0"), ("scabies", "B86"),
])
def test_a_diagnosis_is_found_by_code_or_by_words(typed: str, first: str) -> None:
    assert reference.search_icd10(typed)[0].code == first


def test_code_prefix_matches_come_before_title_matches() -> None:
    found = [d.code for d in reference.search_icd10("A0", limit=50)]
    assert found and all(c.startswith("A0") for c in found)
    assert found == sorted(found)


def test_icd_search_respects_the_limit_and_ignores_empty_text() -> None:
    assert len(reference.search_icd10("fever", limit=3)) == 3
    assert reference.search_icd10("") == []
    assert reference.search_icd10("zzzz") == []


# ---------------------------------------------------------------- where the files come from

def test_a_packaged_build_points_to_its_own_resources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "icd10.csv").write_text("code,title\nB54,Unspecified malaria\n", encoding="utf-8")
    med = {"id": "ors", "name": "ORS", "strength": "1 l", "form": "sachet", "route": "oral",
           "category": "Fluids", "adult_dose": "as needed", "paediatric_note": "as needed"}
    (tmp_path / "essential_medicines.json").write_text(json.dumps({"medicines": [med]}), encoding="utf-8")
    monkeypatch.setenv("TELESTATION_RESOURCES", str(tmp_path))
    assert reference.resources_dir() == tmp_path
    assert [m.id for m in reference.medicines()] == ["ors"]
    assert not reference.is_valid_icd10("J18.9") and reference.is_valid_icd10("B54")
    monkeypatch.delenv("TELESTATION_RESOURCES")
    assert reference.is_valid_icd10("J18.9")
    assert reference.resources_dir() == ROOT / "resources"
