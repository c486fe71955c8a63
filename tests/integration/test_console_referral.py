"""A specialist reads a referred case and answers it; the answer waits in the station's pull feed."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from hub import tables as t
from hub.app import create_app
from hub.settings import Settings
from tests.integration.console_seed import (
    GOOD_ADVICE,
    Case,
    ConsoleUser,
    add_case,
    add_specialist,
    add_station,
    form_fields,
)
from tests.support.server import RunningHub
from tests.support.station_client import StationClient

NOW = datetime.now(UTC)


@pytest.fixture
def app(hub_db_url: str) -> Iterator[FastAPI]:
    app = create_app(Settings(db_url=hub_db_url))
    add_station(app.state.engine, "bhu-jhok", "BHU Jhok Sharif")
    add_specialist(app.state.engine, "dr.khan", "Dr Sana Khan", "internal_medicine")
    yield app
    app.state.engine.dispose()


@pytest.fixture
def user(app: FastAPI) -> ConsoleUser:
    user = ConsoleUser(TestClient(app, base_url="https://testserver", follow_redirects=False))
    assert user.login("dr.khan").status_code == 303
    return user


@pytest.fixture
def case(app: FastAPI) -> Case:
    vitals = [(NOW - timedelta(hours=h), {"8480-6": 130.0 - h, "8867-4": 104.0 + h, "2708-6": 93.0})
              for h in (0, 6, 12)]
    return add_case(app.state.engine, "bhu-jhok", urgency="urgent", vitals=vitals,
                    diagnoses=[("J18.9", "Pneumonia, unspecified organism"), ("R50.9", "Fever, unspecified")])


def feed(engine: Engine, station_id: str = "bhu-jhok") -> list[tuple[str, dict]]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(t.outbound.c.entity, t.outbound.c.payload)
            .where(t.outbound.c.station_id == station_id).order_by(t.outbound.c.seq)
        ).all()
    return [(row.entity, json.loads(row.payload)) for row in rows]


def referral_row(engine: Engine, referral_id: str):
    with engine.connect() as conn:
        return conn.execute(select(t.referrals).where(t.referrals.c.id == referral_id)).one()


def test_the_referral_page_shows_the_case(user: ConsoleUser, case: Case) -> None:
    page = user.open_referral(case.referral_id)
    assert page.status_code == 200
    for expected in (
        "Rukhsana Bibi", "رخسانہ بی بی", "Female", "BHU Jhok Sharif",  # who and from where
        "Is this community-acquired pneumonia",  # the clinical question
        "Cough and fever for 5 days", "Crackles right lower zone.",  # the consultation
        "J18.9", "R50.9", "Amoxicillin",  # diagnoses and prescriptions
        "Systolic BP", "Heart rate", "104", "Older: 2 readings",  # vitals with their history
    ):
        assert expected in page.text
    assert page.text.count('class="sparkline"') == 3


def test_the_age_comes_from_the_date_of_birth(app: FastAPI, user: ConsoleUser) -> None:
    born = (NOW - timedelta(days=365 * 3 + 40)).date().isoformat()
    infant = add_case(app.state.engine, "bhu-jhok", name="Zainab", date_of_birth=born)
    assert "3 years" in user.open_referral(infant.referral_id).text


def test_opening_a_referral_tells_the_station_once(app: FastAPI, user: ConsoleUser, case: Case) -> None:
    user.open_referral(case.referral_id)
    user.open_referral(case.referral_id)
    statuses = [data for entity, data in feed(app.state.engine) if entity == "referral_status"]
    assert [s["status"] for s in statuses] == ["received"]
    assert statuses[0]["referral_id"] == case.referral_id
    row = referral_row(app.state.engine, case.referral_id)
    assert row.status == "received"
    assert row.opened_at is not None


def test_advice_is_saved_and_queued_for_the_station(app: FastAPI, user: ConsoleUser, case: Case) -> None:
    response = user.answer(case.referral_id, **GOOD_ADVICE)
    assert response.status_code == 303
    assert response.headers["location"].endswith("?sent=advice#advice")
    row = referral_row(app.state.engine, case.referral_id)
    assert (row.status, row.plan_changed) == ("answered", True)
    assert row.first_answer_at is not None
    changes = feed(app.state.engine)
    advice = [data for entity, data in changes if entity == "advice"]
    assert len(advice) == 1
    assert advice[0]["referral_id"] == case.referral_id
    assert advice[0]["patient_id"] == case.patient_id
    assert advice[0]["specialist_name"] == "Dr Sana Khan"
    assert advice[0]["plan_change"] == GOOD_ADVICE["plan_change"]
    assert [d["status"] for e, d in changes if e == "referral_status"] == ["received", "answered"]
    shown = user.http.get(response.headers["location"]).text
    assert "Your advice was saved" in shown
    assert GOOD_ADVICE["recommendations"] in shown


def test_when_the_plan_did_not_change_no_change_is_recorded(app: FastAPI, user: ConsoleUser, case: Case) -> None:
    user.answer(case.referral_id, **{**GOOD_ADVICE, "plan_changed": "no", "plan_change": "left over text"})
    advice = [d for e, d in feed(app.state.engine) if e == "advice"]
    assert advice[0]["plan_changed"] is False
    assert advice[0]["plan_change"] is None
    assert referral_row(app.state.engine, case.referral_id).plan_changed is False


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"assessment": ""}, "assessment", "Assessment is required"),
        ({"assessment": "   \n  "}, "assessment", "Assessment is required"),
        ({"recommendations": ""}, "recommendations", "Recommendations is required"),
        ({"plan_changed": ""}, "plan_changed", "Choose Yes or No"),
        ({"plan_changed": "maybe"}, "plan_changed", "Choose Yes or No"),
        ({"plan_change": ""}, "plan_change", "Write what changed"),
        ({"follow_up": "x" * 2001}, "follow_up", "Follow-up is too long"),
        ({"assessment": "y" * 20_001}, "assessment", "Assessment is too long"),
    ],
)
def test_incomplete_advice_is_refused_with_the_field_named_and_nothing_saved(
    app: FastAPI, user: ConsoleUser, case: Case, changes: dict[str, str], field: str, message: str
) -> None:
    response = user.answer(case.referral_id, **{**GOOD_ADVICE, **changes})
    assert response.status_code == 422
    assert f'id="{field}-error">{message}' in response.text
    # What was typed is kept so the specialist only fixes the one field.
    kept = GOOD_ADVICE["recommendations"] if field != "recommendations" else GOOD_ADVICE["assessment"]
    assert kept in response.text
    assert [e for e, _ in feed(app.state.engine)] == ["referral_status"]  # only "received"
    with app.state.engine.connect() as conn:
        assert conn.execute(select(t.advice)).first() is None
    assert referral_row(app.state.engine, case.referral_id).first_answer_at is None


def test_sending_the_same_advice_form_twice_saves_it_once(app: FastAPI, user: ConsoleUser, case: Case) -> None:
    page = user.open_referral(case.referral_id)
    action = f"/referrals/{case.referral_id}/advice"
    data = {**form_fields(page.text, action), **GOOD_ADVICE}
    first = user.http.post(action, data=data)
    second = user.http.post(action, data=data)
    assert first.headers["location"].endswith("sent=advice#advice")
    assert second.headers["location"].endswith("sent=repeat#advice")
    assert len([e for e, _ in feed(app.state.engine) if e == "advice"]) == 1


def test_a_second_answer_is_new_advice(app: FastAPI, user: ConsoleUser, case: Case) -> None:
    user.answer(case.referral_id, **GOOD_ADVICE)
    first_answer = referral_row(app.state.engine, case.referral_id).first_answer_at
    user.answer(case.referral_id, **{**GOOD_ADVICE, "plan_changed": "no", "assessment": "Improving."})
    assert len([e for e, _ in feed(app.state.engine) if e == "advice"]) == 2
    assert referral_row(app.state.engine, case.referral_id).first_answer_at == first_answer


def test_a_tampered_form_id_is_refused_and_the_text_kept(app: FastAPI, user: ConsoleUser, case: Case) -> None:
    response = user.answer(case.referral_id, **GOOD_ADVICE, advice_id="not-a-uuid")
    assert response.status_code == 422
    assert "This form had expired" in response.text
    assert GOOD_ADVICE["assessment"] in response.text
    with app.state.engine.connect() as conn:
        assert conn.execute(select(t.advice)).first() is None


def test_a_message_to_the_station(app: FastAPI, user: ConsoleUser, case: Case) -> None:
    response = user.send_message(case.referral_id, "Please send a photo of the chest.")
    assert response.status_code == 303
    messages = [d for e, d in feed(app.state.engine) if e == "message"]
    assert [(m["author_role"], m["author_name"], m["body"]) for m in messages] == [
        ("specialist", "Dr Sana Khan", "Please send a photo of the chest.")
    ]
    assert "Please send a photo of the chest." in user.open_referral(case.referral_id).text


@pytest.mark.parametrize("body", ["", "  \n\t ", "z" * 10_001])
def test_an_empty_or_overlong_message_is_refused(app: FastAPI, user: ConsoleUser, case: Case, body: str) -> None:
    response = user.send_message(case.referral_id, body)
    assert response.status_code == 422
    assert 'id="body-error"' in response.text
    assert [e for e, _ in feed(app.state.engine) if e == "message"] == []


def test_an_unknown_referral_is_a_friendly_404(user: ConsoleUser) -> None:
    response = user.open_referral("0190f5a0-0000-7000-8000-000000000000")
    assert response.status_code == 404
    assert "referral" in response.text
    assert "Traceback" not in response.text


def test_answering_an_unknown_referral_saves_nothing(app: FastAPI, user: ConsoleUser, case: Case) -> None:
    page = user.open_referral(case.referral_id)
    fields = form_fields(page.text, f"/referrals/{case.referral_id}/advice")
    missing = "0190f5a0-0000-7000-8000-000000000000"
    response = user.http.post(f"/referrals/{missing}/advice", data={**fields, **GOOD_ADVICE})
    assert response.status_code == 404
    with app.state.engine.connect() as conn:
        assert conn.execute(select(t.advice)).first() is None


def test_advice_and_messages_reach_the_station_in_its_signed_pull(
    hub: RunningHub, station: StationClient
) -> None:
    """End to end over HTTP: a station pushes a case, a specialist answers, the station pulls."""
    changes, referral = station.referral_case()
    pushed = station.push(changes)
    assert [r["status"] for r in pushed.json()["results"]] == ["accepted"] * 4
    add_specialist(hub.engine, "dr.khan", "Dr Sana Khan", "Internal medicine")
    with httpx.Client(base_url=hub.base_url, follow_redirects=False, timeout=30) as http:
        user = ConsoleUser(http)
        assert user.login("dr.khan").status_code == 303
        assert referral["id"] in user.http.get("/inbox?specialty=").text
        assert user.answer(referral["id"], **GOOD_ADVICE).status_code == 303
        assert user.send_message(referral["id"], "Call me if the SpO2 falls below 92%.").status_code == 303
    pulled, _cursor = station.pull_all()
    by_entity: dict[str, list[dict]] = {}
    for change in pulled:
        by_entity.setdefault(change["entity"], []).append(change["data"])
    assert [a["plan_changed"] for a in by_entity["advice"]] == [True]
    assert by_entity["advice"][0]["referral_id"] == referral["id"]
    assert [s["status"] for s in by_entity["referral_status"]] == ["received", "answered"]
    assert [m["body"] for m in by_entity["message"]] == ["Call me if the SpO2 falls below 92%."]
