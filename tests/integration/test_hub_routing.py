"""Referrals reach the specialists of their specialty, whatever the spelling; a specialty nobody
answers goes to the coordinators; a referral is taken, assigned and reassigned, audited, and its
station is told who answers it (name and PMDC registration number). SQLite and PostgreSQL."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from hub import assignment, specialties
from hub import tables as t
from hub.app import create_app
from hub.settings import Settings
from tests.integration.console_seed import (
    ConsoleUser,
    add_case,
    add_coordinator,
    add_specialist,
    add_station,
    form_fields,
)

ROW_LINK = re.compile(r'class="row-link" href="/referrals/([0-9a-f-]{36})"')


@pytest.fixture
def app(hub_db_url: str) -> Iterator[FastAPI]:
    app = create_app(Settings(db_url=hub_db_url))
    add_station(app.state.engine, "bhu-jhok", "BHU Jhok Sharif")
    yield app
    app.state.engine.dispose()


def signed_in(app: FastAPI, username: str) -> ConsoleUser:
    user = ConsoleUser(TestClient(app, base_url="https://testserver", follow_redirects=False))
    assert user.login(username).status_code == 303
    return user


def inbox_ids(user: ConsoleUser, query: str = "") -> list[str]:
    page = user.http.get(f"/inbox{query}")
    assert page.status_code == 200
    return ROW_LINK.findall(page.text)


def post_form(user: ConsoleUser, referral_id: str, action: str, **fields: str) -> object:
    page = user.open_referral(referral_id)
    path = f"/referrals/{referral_id}/{action}"
    return user.http.post(path, data={**form_fields(page.text, path), **fields})


def test_a_pediatrics_specialist_sees_the_paediatrics_referrals(app: FastAPI) -> None:
    # The case from the field: added with --specialty Pediatrics, while Paediatrics referrals waited.
    engine = app.state.engine
    add_specialist(engine, "dr.sana", "Dr Sana Baloch", "Pediatrics")
    emergency = add_case(engine, "bhu-jhok", specialty="Paediatrics", urgency="emergency").referral_id
    urgent = add_case(engine, "bhu-jhok", specialty="paediatrics", urgency="urgent").referral_id
    other = add_case(engine, "bhu-jhok", specialty="cardiology").referral_id
    sana = signed_in(app, "dr.sana")
    assert inbox_ids(sana) == [emergency, urgent]
    assert other in inbox_ids(sana, "?specialty=")  # every specialty, when asked


def test_a_specialist_in_two_specialties_sees_both_and_what_they_hold(app: FastAPI) -> None:
    engine = app.state.engine
    omar = add_specialist(engine, "dr.omar", "Dr Omar Shah", "cardiology, general medicine")
    heart = add_case(engine, "bhu-jhok", specialty="cardiology", urgency="urgent").referral_id
    fever = add_case(engine, "bhu-jhok", specialty="Internal medicine").referral_id
    skin = add_case(engine, "bhu-jhok", specialty="dermatology").referral_id
    with engine.begin() as conn:
        assignment.assign(conn, skin, omar, "huma")
    assert inbox_ids(signed_in(app, "dr.omar")) == [heart, fever, skin]


def test_a_specialty_nobody_answers_goes_to_the_coordinators(app: FastAPI) -> None:
    engine = app.state.engine
    add_specialist(engine, "dr.sana", "Dr Sana Baloch", "paediatrics")
    add_specialist(engine, "dr.gone", "Dr Gone Away", "dermatology", active=False)
    add_coordinator(engine)
    lungs = add_case(engine, "bhu-jhok", specialty="pulmonology", urgency="emergency").referral_id
    skin = add_case(engine, "bhu-jhok", specialty="Dermatology").referral_id  # only a switched-off account
    unknown = add_case(engine, "bhu-jhok", specialty="Tropical medicine").referral_id  # not on the list
    child = add_case(engine, "bhu-jhok", specialty="paediatrics").referral_id
    assert inbox_ids(signed_in(app, "dr.sana")) == [child]

    huma = signed_in(app, "huma")
    page = huma.http.get("/inbox").text
    assert "3 waiting referrals for a specialty nobody answers." in page
    assert page.count("Nobody answers this specialty</span>") == 3
    assert set(inbox_ids(huma, "?specialty=attention")) == {lungs, skin, unknown}
    # Once someone holds one, it no longer needs a coordinator.
    with engine.begin() as conn:
        sana_id = conn.execute(select(t.specialists.c.id).where(t.specialists.c.username == "dr.sana")).scalar_one()
        assignment.assign(conn, lungs, sana_id, "huma")
    assert set(inbox_ids(huma, "?specialty=attention")) == {skin, unknown}
    referral_page = huma.open_referral(unknown).text
    assert "No active specialist is in Tropical medicine" in referral_page


def audit_rows(engine: object) -> list[tuple[str, str, str]]:
    with engine.connect() as conn:  # type: ignore[attr-defined]
        rows = conn.execute(select(t.audit_events).where(t.audit_events.c.action.like("referral_%"))
                            .order_by(t.audit_events.c.id)).all()
    return [(r.actor, r.action, r.detail) for r in rows]


def test_take_assign_reassign_and_give_back_are_audited_and_shown(app: FastAPI) -> None:
    engine = app.state.engine
    add_specialist(engine, "dr.sana", "Dr Sana Baloch", "paediatrics", registration="12345-P")
    add_specialist(engine, "dr.omar", "Dr Omar Shah", "paediatrics")
    farah = add_specialist(engine, "dr.farah", "Dr Farah Khan", "cardiology")
    add_coordinator(engine)
    case = add_case(engine, "bhu-jhok", specialty="paediatrics", urgency="urgent").referral_id
    sana, omar, huma = signed_in(app, "dr.sana"), signed_in(app, "dr.omar"), signed_in(app, "huma")

    assert "Nobody is answering this referral yet." in omar.open_referral(case).text
    taken = post_form(sana, case, "take")
    assert taken.status_code == 303 and taken.headers["location"].endswith("?sent=taken#holder")
    assert "You are answering this referral" in sana.open_referral(case).text
    page = omar.open_referral(case).text
    assert "<strong>Dr Sana Baloch</strong> is answering this referral" in page and "PMDC 12345-P" in page
    assert 'id="take-referral"' not in page
    # Two at once: the second is told who holds it, nothing changes.
    refused = omar.http.post(f"/referrals/{case}/take", data={"csrf_token": omar.csrf_token()})
    assert refused.status_code == 409 and "Dr Sana Baloch is already answering this referral" in refused.text
    assert "Dr Sana Baloch" in omar.http.get("/inbox").text

    # A specialist cannot assign; a coordinator reassigns, even outside the specialty.
    assert omar.http.post(f"/referrals/{case}/assign", data={"csrf_token": omar.csrf_token(),
                                                              "specialist_id": farah}).status_code == 403
    assert post_form(huma, case, "assign", specialist_id=farah).status_code == 303
    assert "Dr Farah Khan" in huma.open_referral(case).text
    assert case in inbox_ids(signed_in(app, "dr.farah"))
    # Farah gives it back; Omar answers and so holds it.
    assert post_form(signed_in(app, "dr.farah"), case, "release").status_code == 303
    assert omar.answer(case, assessment="Viral croup.", recommendations="Dexamethasone 0.15 mg/kg once.",
                       plan_changed="no").status_code == 303
    assert "You are answering this referral" in omar.open_referral(case).text
    assert audit_rows(engine) == [
        ("dr.sana", "referral_taken", ""), ("huma", "referral_reassigned", "dr.sana → dr.farah"),
        ("dr.farah", "referral_released", "dr.farah →"), ("dr.omar", "referral_taken", "")]


def test_a_switched_off_specialist_cannot_be_assigned(app: FastAPI) -> None:
    engine = app.state.engine
    gone = add_specialist(engine, "dr.gone", "Dr Gone Away", "paediatrics", active=False)
    case = add_case(engine, "bhu-jhok", specialty="paediatrics").referral_id
    with engine.begin() as conn, pytest.raises(assignment.AssignmentError, match="switched off"):
        assignment.assign(conn, case, gone, "huma")


def test_free_text_specialties_resolve_to_one_code(app: FastAPI) -> None:
    with app.state.engine.begin() as conn:
        for text in ("Pediatrics", "Paediatrics", "paediatrics (children)", "PAEDIATRICS", "peds"):
            assert specialties.resolve(conn, text) == "paediatrics", text
        assert specialties.resolve(conn, "Obstetrics & Gynecology") == "obstetrics_and_gynaecology"
        assert specialties.resolve(conn, "ENT") == "ent"
        assert specialties.resolve(conn, "Tropical medicine") is None
        added = specialties.add(conn, "Tropical medicine", "گرم علاقوں کی بیماریاں")
        assert specialties.resolve(conn, "tropical  medicine") == added.code == "tropical_medicine"


def test_advice_names_the_referrals_specialty_when_the_specialist_is_in_it(app: FastAPI) -> None:
    engine = app.state.engine
    add_specialist(engine, "dr.omar", "Dr Omar Shah", "paediatrics, cardiology")
    heart = add_case(engine, "bhu-jhok", specialty="cardiology").referral_id
    skin = add_case(engine, "bhu-jhok", specialty="dermatology").referral_id
    omar = signed_in(app, "dr.omar")
    for case in (heart, skin):
        assert omar.answer(case, assessment="Seen.", recommendations="Continue.", plan_changed="no").status_code == 303
    with engine.connect() as conn:
        said = {r.referral_id: json.loads(r.payload)["specialty"] for r in conn.execute(select(t.advice))}
    assert said[heart] == "Cardiology (heart)"
    assert said[skin] == "paediatrics, cardiology"  # outside their specialties: the account's own words


# PostgreSQL only: the hub's SQLite transactions take the write lock up front (BEGIN IMMEDIATE),
# so there two requests cannot both read before either writes.
@pytest.mark.parametrize("hub_db_url", ["postgresql"], indirect=True)
def test_giving_back_does_not_undo_a_reassignment_made_meanwhile(app: FastAPI,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The holder presses "give back" while a coordinator reassigns the referral: the new holder keeps it."""
    engine = app.state.engine
    ali = add_specialist(engine, "dr.ali", "Dr Imran Ali", "paediatrics")
    khan = add_specialist(engine, "dr.khan", "Dr Sana Khan", "paediatrics")
    case = add_case(engine, "bhu-jhok", specialty="paediatrics").referral_id
    with engine.begin() as conn:
        assignment.take(conn, case, ali, "dr.ali")
    real_holder_of = assignment.holder_of
    reassigned: list[bool] = []

    def holder_of_then_reassigned(conn: object, referral_id: str) -> object:
        found = real_holder_of(conn, referral_id)  # type: ignore[arg-type]
        if not reassigned:
            reassigned.append(True)
            with engine.begin() as other:  # the coordinator's request, committed meanwhile
                assignment.assign(other, case, khan, "huma")
        return found

    monkeypatch.setattr(assignment, "holder_of", holder_of_then_reassigned)
    with engine.begin() as conn, pytest.raises(assignment.AssignmentError, match="reassigned"):
        assignment.release(conn, case, ali, "dr.ali", False)
    monkeypatch.setattr(assignment, "holder_of", real_holder_of)
    with engine.connect() as conn:
        assert assignment.holder_of(conn, case).name == "Dr Sana Khan"  # type: ignore[union-attr]
