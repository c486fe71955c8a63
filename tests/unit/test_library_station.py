"""The station's copy of the teaching library: newer versions replace older ones, a withdrawn case
leaves, and search finds every word typed in any field, in either case or Urdu letter form."""

from __future__ import annotations

from typing import Any

from station import library
from sync.client import READS
from sync.wire.ids import HybridClock, uuid7
from sync.wire.protocol import validate_record

HUB = HybridClock("hub")


def case(store: Any, **fields: Any) -> dict[str, Any]:
    data = {"id": uuid7(), "station_id": store.station_id, "created_at": "2026-12-01T10:00:00Z",
            "updated_at": HUB.now(), "version": 1, "status": "published", "specialty": "paediatrics",
            "diagnoses": [{"code": "A09.0", "title": "Gastroenteritis"}], "age_text": "2 years 3 months",
            "sex": "female", "district": "Thatta", "question": "Zinc dose?", "clinical_notes": "Sunken eyes.",
            "assessment": "Some dehydration.", "recommendations": "ORS and zinc 20 mg for 10 days.",
            "plan_change": None, "follow_up": None, "learning_point": "اسہال میں زنک دیں۔",
            "specialist_name": "Dr Sana Mirza", "published_at": "2026-12-02T10:00:00Z", **fields}
    validate_record("library_case", data)
    return data


def test_the_station_names_the_library_on_its_pulls() -> None:
    assert "library_case" in READS


def test_search_finds_every_word_in_any_field_and_script(store) -> None:
    first = case(store)
    assert library.receive(store, first)
    assert library.receive(store, case(store, specialty="general medicine", diagnoses=[
        {"code": "J18.9", "title": "Pneumonia"}], question="Cough?", clinical_notes="Crackles.", assessment="Pneumonia.",
        recommendations="Amoxicillin.", learning_point="Fast breathing is pneumonia."))
    assert {c.specialty for c in library.search(store, "")} == {"paediatrics", "general medicine"}
    assert [c.id for c in library.search(store, "ZINC a09")] == [first["id"]]
    assert [c.id for c in library.search(store, "زنک")] == [first["id"]]
    assert [c.id for c in library.search(store, "زنك")] == [first["id"]]  # Arabic kaf, as some keyboards type
    assert library.search(store, "zinc pneumonia") == []


def test_a_newer_version_replaces_an_older_one_and_a_withdrawal_removes_it(store) -> None:
    first = case(store)
    assert library.receive(store, first)
    assert not library.receive(store, first)  # the same again: nothing changes
    newer = {**first, "version": 2, "updated_at": HUB.now(), "learning_point": "Give zinc for 10 days."}
    assert library.receive(store, newer)
    assert not library.receive(store, first)  # an older copy arriving late is ignored
    assert [c.learning_point for c in library.search(store, "")] == ["Give zinc for 10 days."]
    gone = case(store, id=first["id"], version=3, status="withdrawn", learning_point="", specialty="paediatrics")
    assert library.receive(store, gone)
    assert library.count(store) == 0
