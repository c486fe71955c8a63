"""Console sessions end on time and by the rules: background polls never keep an unattended
screen signed in, wrong passwords sent all at once cannot outrun the lock, and coordinators read
the audit of who did what."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from hub import audit
from hub import tables as t
from hub.app import create_app
from hub.console import auth
from hub.settings import Settings
from tests.integration.console_seed import (
    ConsoleUser,
    add_case,
    add_coordinator,
    add_specialist,
    add_station,
    form_fields,
)
from tests.support.server import RunningHub


@pytest.fixture
def app(hub_db_url: str) -> Iterator[FastAPI]:
    app = create_app(Settings(db_url=hub_db_url, session_idle_minutes=30))
    add_specialist(app.state.engine, "dr.khan", "Dr Sana Khan", "internal_medicine")
    add_coordinator(app.state.engine, "huma", "Huma Qureshi")
    yield app
    app.state.engine.dispose()


def signed_in(app: FastAPI, username: str) -> ConsoleUser:
    user = ConsoleUser(TestClient(app, base_url="https://testserver", follow_redirects=False))
    assert user.login(username).status_code == 303
    return user


def idle_for(app: FastAPI, minutes: float) -> None:
    with app.state.engine.begin() as conn:
        conn.execute(update(t.console_sessions).values(last_seen_at=t.utcnow() - timedelta(minutes=minutes)))


def last_seen(app: FastAPI) -> timedelta:
    with app.state.engine.connect() as conn:
        return t.utcnow() - conn.execute(select(t.console_sessions.c.last_seen_at)).scalar_one()


BACKGROUND = {auth.BACKGROUND_HEADER: "1"}


def test_the_ringing_poll_does_not_keep_an_unattended_screen_signed_in(app: FastAPI) -> None:
    user = signed_in(app, "dr.khan")
    idle_for(app, 29)
    for _ in range(3):  # the poll every 4 s, as ringing.js sends it
        assert user.http.get("/console/calls/ringing", headers=BACKGROUND).status_code == 200
    # Even without the header the ringing endpoint is a poll and never counts.
    assert user.http.get("/console/calls/ringing").status_code == 200
    assert last_seen(app) > timedelta(minutes=28)
    idle_for(app, 31)
    assert user.http.get("/console/calls/ringing").status_code == 401
    page = user.http.get("/inbox")
    assert page.status_code == 303 and "expired=1" in page.headers["location"]


def test_the_inbox_refreshing_itself_does_not_count_but_a_click_does(app: FastAPI) -> None:
    user = signed_in(app, "dr.khan")
    idle_for(app, 20)
    assert user.http.get("/inbox", headers=BACKGROUND).status_code == 200
    assert last_seen(app) > timedelta(minutes=19)
    assert user.http.get("/inbox").status_code == 200
    assert last_seen(app) < timedelta(minutes=1)


def test_the_page_knows_how_long_is_left_and_status_does_not_extend_it(app: FastAPI) -> None:
    user = signed_in(app, "dr.khan")
    idle_for(app, 0.5)  # less than the touch slack: the page view leaves it
    page = user.http.get("/inbox").text
    assert 'data-idle-seconds="1800"' in page
    remaining = int(page.split('data-idle-remaining="')[1].split('"')[0])
    assert 1760 <= remaining <= 1771
    idle_for(app, 29)
    status = user.http.get("/session/status", headers=BACKGROUND)
    assert status.status_code == 200 and 50 <= status.json()["remaining_seconds"] <= 60
    assert last_seen(app) > timedelta(minutes=28)
    # "Stay signed in" is the person: it counts.
    stay = user.http.post("/session/ping", headers={"X-CSRF-Token": _csrf(app, user)})
    assert stay.json() == {"remaining_seconds": 1800}
    idle_for(app, 31)
    gone = user.http.get("/session/status", headers=BACKGROUND)
    assert gone.status_code == 401 and gone.json()["reason"] == "idle"


def _csrf(app: FastAPI, user: ConsoleUser) -> str:
    # Reading the token from a page would count as activity; take it from the session row.
    with app.state.engine.connect() as conn:
        return conn.execute(select(t.console_sessions.c.csrf_token)).scalar_one()


def test_the_idle_page_has_a_warning_a_script_can_show(app: FastAPI) -> None:
    page = signed_in(app, "dr.khan").http.get("/inbox").text
    assert 'id="idle-warning" hidden' in page and 'id="idle-stay"' in page and 'id="idle-countdown"' in page
    assert "<script>" not in page  # the strict CSP allows files only


def test_wrong_passwords_sent_all_at_once_are_not_all_checked(hub: RunningHub) -> None:
    add_specialist(hub.engine, "dr.khan", "Dr Sana Khan", "internal_medicine")
    throttle = auth.LoginThrottle()
    # Each browser holds its own sign-in form token.
    users = [ConsoleUser(httpx.Client(base_url=hub.base_url, follow_redirects=False, timeout=60)) for _ in range(24)]

    def guess(user: ConsoleUser) -> int:
        page = user.http.get("/login")
        fields = form_fields(page.text, "/login")
        return user.http.post("/login", data={**fields, "username": "dr.khan", "password": "a wrong guess"}).status_code

    with ThreadPoolExecutor(max_workers=24) as pool:
        answers = list(pool.map(guess, users))
    for user in users:
        user.http.close()
    assert answers.count(401) <= throttle.free_attempts, answers
    assert answers.count(401) + answers.count(429) == len(users), answers
    with hub.engine.connect() as conn:
        checked = conn.execute(select(t.audit_events).where(t.audit_events.c.action == "sign_in_failed")).all()
    assert len(checked) == answers.count(401)


def test_a_success_gives_the_address_its_attempt_back(app: FastAPI) -> None:
    """Many people at one hospital share an address: their sign-ins do not use up its allowance."""
    throttle = auth.LoginThrottle()
    for _ in range(throttle.address_attempts + 3):
        user = signed_in(app, "dr.khan")
        user.http.post("/logout", data={"csrf_token": _csrf(app, user)})


def table_of(page: str) -> str:
    return page.split("<tbody>")[1].split("</tbody>")[0]


def test_coordinators_read_the_audit_filtered_and_a_page_at_a_time(app: FastAPI) -> None:
    engine = app.state.engine
    station = add_station(engine, "bhu-jhok", "BHU Jhok")
    case = add_case(engine, station)
    specialist = signed_in(app, "dr.khan")
    from tests.integration.console_seed import GOOD_ADVICE

    assert specialist.answer(case.referral_id, **GOOD_ADVICE).status_code == 303
    with engine.begin() as conn:
        for n in range(audit.PAGE_SIZE + 5):
            audit.record(conn, audit.COMMAND_LINE, "account_added", target=f"user{n}")
    coordinator = signed_in(app, "huma")
    first = coordinator.http.get("/audit")
    assert first.status_code == 200
    assert "page 1 of 2" in first.text and 'rel="next"' in first.text
    second = coordinator.http.get("/audit?page=2")
    assert "page 2 of 2" in second.text and "Sent advice" in second.text
    mine = table_of(coordinator.http.get("/audit?actor=dr.khan").text)
    assert "Signed in" in mine and "Sent advice" in mine and f"referral {case.referral_id}" in mine
    assert "Account added" not in mine
    advice_only = coordinator.http.get("/audit?action=advice_sent&page=99").text
    assert "1 event" in advice_only and "Signed in" not in table_of(advice_only)
    assert coordinator.http.get("/audit?action=nonsense&actor=x").status_code == 200
    refused = coordinator.http.get("/audit?action=nonsense&actor=%00")  # text no database can store
    assert refused.status_code == 400 and "actor" in refused.text


def test_a_coordinator_reads_cases_but_does_not_answer_them(app: FastAPI) -> None:
    engine = app.state.engine
    case = add_case(engine, add_station(engine, "bhu-jhok", "BHU Jhok"))
    coordinator = signed_in(app, "huma")
    page = coordinator.open_referral(case.referral_id)
    assert page.status_code == 200
    from tests.integration.console_seed import GOOD_ADVICE, hidden_fields

    fields = hidden_fields(page.text)
    refused = coordinator.http.post(f"/referrals/{case.referral_id}/advice",
                                    data={"csrf_token": fields["csrf_token"], **GOOD_ADVICE})
    assert refused.status_code == 403 and "Only specialists answer referrals" in refused.text
    with engine.connect() as conn:
        assert conn.execute(select(t.advice)).first() is None
