"""Advice and messages a hostile or buggy hub sends malformed are held with the reason naming the
field: never stored half-valid (where the voice-note fetch or the referral page would trip on
them), never failing the whole pull."""

from __future__ import annotations

from typing import Any

import pytest

from station import voice
from station.records import Advice, Message
from sync import apply
from sync.wire.ids import uuid7
from tests.unit.test_conference_notices import change, pull, refer

SHA = "a" * 64


def advice(referral: Any, **extra: object) -> dict[str, object]:
    return {"id": uuid7(), "referral_id": referral.id, "patient_id": referral.patient_id,
            "specialist_name": "Dr Farah Zaidi", "specialty": "paediatrics", "assessment": "Likely migraine.",
            "recommendations": "Paracetamol; review in a week.", "plan_changed": False, "plan_change": None,
            "follow_up": None, **extra}


def message(referral: Any, **extra: object) -> dict[str, object]:
    return {"id": uuid7(), "referral_id": referral.id, "author_name": "Dr Farah Zaidi",
            "author_role": "specialist", "body": "Please send a photo of the rash.", **extra}


@pytest.mark.parametrize("entity, extra, field", [
    ("advice", {"voice": "not a note"}, "voice"),
    ("advice", {"voice": {"sha256": SHA, "media_type": "audio/ogg", "size": 900, "duration_ms": "long"}}, "voice"),
    ("advice", {"voice": {"sha256": "../../x", "media_type": "audio/ogg", "size": 900, "duration_ms": 1}}, "sha256"),
    ("advice", {"specialist_name": None}, "specialist_name"),
    ("advice", {"assessment": "x" * 3_000_000}, "assessment"),
    ("message", {"voice": ["x"]}, "voice"),
    ("message", {"body": None}, "body"),
    ("message", {"voice": {"sha256": SHA, "media_type": "text/html", "size": 900, "duration_ms": 1}}, "media_type"),
])
def test_a_malformed_advice_or_message_is_held_and_the_rest_of_the_page_applies(
        store: Any, entity: str, extra: dict[str, object], field: str) -> None:
    referral = refer(store)
    build = advice if entity == "advice" else message
    good = message(referral)
    applied = pull(store, change(entity, build(referral, **extra)), change("message", good))
    assert applied.held == 1 and applied.messages == 1
    [reason] = [r[0] for r in store.conn.execute("SELECT reason FROM sync_held").fetchall()]
    assert field in reason
    cls = Advice if entity == "advice" else Message
    assert [r.id for r in store.find(cls, "referral_id = ?", [referral.id])] == \
        ([] if entity == "advice" else [good["id"]])
    assert voice.missing(store) == []  # the voice-note fetch after the pull does not trip
    assert voice.on_referral(store, referral.id) == []
    assert apply.held_count(store) == 1


def test_a_well_formed_spoken_advice_still_applies(store: Any) -> None:
    referral = refer(store)
    note = {"sha256": SHA, "media_type": "audio/ogg", "size": 900, "duration_ms": 4200}
    applied = pull(store, change("advice", advice(referral, voice=note, contributors=["Dr Imran Ali"])))
    assert applied.advice == 1 and applied.held == 0
    assert voice.missing(store) == [SHA]


def test_written_advice_and_messages_are_not_listed_as_voice_notes(store: Any) -> None:
    """A record without a note stores `voice` as JSON null; it is no note on the referral page."""
    referral = refer(store)
    assert pull(store, change("advice", advice(referral)), change("message", message(referral)),
                change("message", message(referral, voice=None))).held == 0
    note = {"sha256": SHA, "media_type": "audio/ogg", "size": 900, "duration_ms": 4200}
    pull(store, change("message", message(referral, voice=note)))
    assert [(n.sha256, n.arrived) for n in voice.on_referral(store, referral.id)] == [(SHA, False)]
