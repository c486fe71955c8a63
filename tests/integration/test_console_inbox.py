"""The inbox shows a specialist the referrals waiting for them, most urgent and longest waiting first."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hub.app import create_app
from hub.console.formatting import URGENCY_RANK
from hub.settings import Settings
from tests.integration.console_seed import ConsoleUser, add_case, add_specialist, add_station

ROW_LINK = re.compile(r'class="row-link" href="/referrals/([0-9a-f-]{36})"')
NOW = datetime.now(UTC)


def inbox_ids(user: ConsoleUser, query: str = "") -> list[str]:
    page = user.http.get(f"/inbox{query}")
    assert page.status_code == 200
    return ROW_LINK.findall(page.text)


@pytest.fixture
def app(hub_db_url: str) -> Iterator[FastAPI]:
    app = create_app(Settings(db_url=hub_db_url))
    engine = app.state.engine
    add_station(engine, "bhu-jhok", "BHU Jhok Sharif")
    add_station(engine, "rhc-mirpur", "RHC Mirpur Sakro")
    add_specialist(engine, "dr.khan", "Dr Sana Khan", "internal_medicine")
    yield app
    engine.dispose()


@pytest.fixture
def user(app: FastAPI) -> ConsoleUser:
    user = ConsoleUser(TestClient(app, base_url="https://testserver", follow_redirects=False))
    assert user.login("dr.khan").status_code == 303
    return user


def test_an_emergency_comes_before_a_referral_that_waited_longer(app: FastAPI, user: ConsoleUser) -> None:
    engine = app.state.engine
    routine_old = add_case(engine, "bhu-jhok", urgency="routine", created_at=NOW - timedelta(days=3))
    urgent_new = add_case(engine, "bhu-jhok", urgency="urgent", created_at=NOW - timedelta(minutes=10))
    urgent_old = add_case(engine, "rhc-mirpur", urgency="urgent", created_at=NOW - timedelta(hours=5))
    emergency = add_case(engine, "rhc-mirpur", urgency="emergency", created_at=NOW - timedelta(minutes=2))
    assert inbox_ids(user) == [
        emergency.referral_id, urgent_old.referral_id, urgent_new.referral_id, routine_old.referral_id
    ]


def test_a_row_shows_who_the_patient_is_where_from_and_how_long_they_waited(
    app: FastAPI, user: ConsoleUser
) -> None:
    add_case(app.state.engine, "rhc-mirpur", name="Ali Raza", sex="male", date_of_birth=None,
             estimated_age_years=60, urgency="urgent", created_at=NOW - timedelta(hours=3, minutes=10))
    page = user.http.get("/inbox").text
    for expected in ("Ali Raza", "about 60 years", "Male", "RHC Mirpur Sakro", "3 hours", "Urgent"):
        assert expected in page


@pytest.mark.parametrize("spelling", ["internal_medicine", "Internal_Medicine", "Internal medicine", "internal-medicine"])
def test_the_inbox_starts_with_the_specialists_own_specialty(app: FastAPI, user: ConsoleUser, spelling: str) -> None:
    mine = add_case(app.state.engine, "bhu-jhok", specialty=spelling)
    theirs = add_case(app.state.engine, "bhu-jhok", specialty="paediatrics")
    assert inbox_ids(user) == [mine.referral_id]
    assert set(inbox_ids(user, "?specialty=")) == {mine.referral_id, theirs.referral_id}
    assert inbox_ids(user, "?specialty=paediatrics") == [theirs.referral_id]


@pytest.mark.parametrize("urgency", ["emergency", "urgent", "soon", "routine"])
def test_filtering_by_urgency(app: FastAPI, user: ConsoleUser, urgency: str) -> None:
    cases = {u: add_case(app.state.engine, "bhu-jhok", urgency=u) for u in URGENCY_RANK}
    assert inbox_ids(user, f"?urgency={urgency}") == [cases[urgency].referral_id]


def test_answered_referrals_leave_the_waiting_list_but_can_be_found(app: FastAPI, user: ConsoleUser) -> None:
    waiting = add_case(app.state.engine, "bhu-jhok", status="sent")
    answered = add_case(app.state.engine, "bhu-jhok", status="answered")
    closed = add_case(app.state.engine, "bhu-jhok", status="closed")
    assert inbox_ids(user) == [waiting.referral_id]
    assert inbox_ids(user, "?status=answered") == [answered.referral_id]
    assert set(inbox_ids(user, "?status=all")) == {waiting.referral_id, answered.referral_id, closed.referral_id}


def test_filtering_by_station(app: FastAPI, user: ConsoleUser) -> None:
    jhok = add_case(app.state.engine, "bhu-jhok")
    mirpur = add_case(app.state.engine, "rhc-mirpur")
    assert inbox_ids(user, "?station=rhc-mirpur") == [mirpur.referral_id]
    assert inbox_ids(user, "?station=bhu-jhok") == [jhok.referral_id]


@pytest.mark.parametrize("query", ["?urgency=critical", "?status=lost", "?station=" + "x" * 500])
def test_filter_values_that_are_not_offered_do_no_harm(app: FastAPI, user: ConsoleUser, query: str) -> None:
    add_case(app.state.engine, "bhu-jhok")
    assert user.http.get(f"/inbox{query}").status_code == 200


@pytest.mark.parametrize("query", ["?urgency=%00", "?specialty=%00", "?station=bhu%00"])
def test_a_filter_no_database_can_store_is_refused_by_name(user: ConsoleUser, query: str) -> None:
    refused = user.http.get(f"/inbox{query}")
    assert refused.status_code == 400
    assert "query parameter &#39;" + query[1:query.index("=")] + "&#39; contains a NUL character" in refused.text


def test_an_empty_inbox_says_so(user: ConsoleUser) -> None:
    assert "No referrals match these filters" in user.http.get("/inbox").text


referral_waits = st.lists(
    st.tuples(st.sampled_from(list(URGENCY_RANK)), st.integers(min_value=1, max_value=60 * 24 * 30)),
    min_size=1, max_size=8, unique_by=lambda r: r[1],
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(referral_waits)
def test_any_mix_of_referrals_is_ordered_by_urgency_then_waiting_time(waits: list[tuple[str, int]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(Settings(db_url=f"sqlite:///{Path(folder) / 'hub.sqlite3'}"))
        try:
            engine = app.state.engine
            add_station(engine, "bhu-jhok", "BHU Jhok Sharif")
            add_specialist(engine, "dr.khan", "Dr Sana Khan", "internal_medicine")
            made = [(urgency, minutes, add_case(engine, "bhu-jhok", urgency=urgency,
                                                 created_at=NOW - timedelta(minutes=minutes)).referral_id)
                    for urgency, minutes in waits]
            user = ConsoleUser(TestClient(app, base_url="https://testserver", follow_redirects=False))
            user.login("dr.khan")
            expected = [rid for _, _, rid in sorted(made, key=lambda m: (URGENCY_RANK[m[0]], -m[1]))]
            assert inbox_ids(user) == expected
        finally:
            app.state.engine.dispose()
