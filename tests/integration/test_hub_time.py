"""The hub's clock orders and measures; a clinic's clock is shown as what the clinic recorded.

Clinic PCs with a dead CMOS battery stamp records 1970 or years ahead, honestly. Referrals
stamped 1970 and 2031 reach a real hub over HTTP (SQLite and PostgreSQL): they sort, wait and
count by when the hub received them, and their pages say the clinic's time cannot be right.
"""

from __future__ import annotations

import html
import json
import re
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from alembic import command
from sqlalchemy import select, text

from hub import tables as t
from hub.console import dashboard
from hub.db import alembic_config, make_engine, migrate
from sync.wire.ids import uuid7
from tests.integration.console_seed import (
    GOOD_ADVICE,
    ConsoleUser,
    add_coordinator,
    add_specialist,
    form_fields,
)
from tests.support.server import RunningHub
from tests.support.station_client import StationClient

ROW_LINK = re.compile(r'<a class="row-link" href="/referrals/([0-9a-f-]{36})"')
DEAD_BATTERY = "1970-01-01T00:00:00Z"
AHEAD = "2031-06-01T08:00:00Z"


@pytest.fixture
def doctor(hub: RunningHub) -> ConsoleUser:
    add_specialist(hub.engine, "dr.khan", "Dr Sana Khan", "Internal medicine")
    user = ConsoleUser(httpx.Client(base_url=hub.base_url, follow_redirects=False, timeout=30))
    assert user.login("dr.khan").status_code == 303
    return user


def refer(station: StationClient, created_at: str | None = None) -> str:
    """A referral case pushed to the hub, as a clinic whose clock says `created_at` would send it."""
    overrides = {"urgency": "emergency"} | ({"created_at": created_at} if created_at else {})
    changes, referral = station.referral_case(**overrides)
    response = station.push(changes)
    assert response.status_code == 200, response.text
    assert {r["status"] for r in response.json()["results"]} == {"accepted"}
    return referral["id"]


def page_text(user: ConsoleUser, path: str) -> str:
    response = user.http.get(path)
    assert response.status_code == 200, response.text[:300]
    return html.unescape(response.text)


def test_referrals_stamped_1970_and_2031_sort_wait_and_count_by_hub_time(
    hub: RunningHub, station: StationClient, doctor: ConsoleUser
) -> None:
    ahead = refer(station, AHEAD)
    honest = refer(station)
    dead_battery = refer(station, DEAD_BATTERY)

    # Arrival order, not 2031 last and 1970 first.
    assert ROW_LINK.findall(page_text(doctor, "/inbox")) == [ahead, honest, dead_battery]
    waiting = re.findall(r'<td class="nowrap" title="Received at the hub [^"]*">([^<]*)</td>', page_text(doctor, "/inbox"))
    assert waiting == ["less than a minute"] * 3  # not "20,793 days"

    old_page = page_text(doctor, f"/referrals/{dead_battery}")
    assert "Recorded at the clinic 1 Jan 1970, 05:00 UTC+05" in old_page
    assert "before the station was enrolled at the hub" in old_page
    assert "waiting less than a minute" in old_page
    ahead_page = page_text(doctor, f"/referrals/{ahead}")
    assert "Recorded at the clinic 1 Jun 2031, 13:00 PKT" in ahead_page
    assert "The clinic's clock was ahead" in ahead_page
    honest_page = page_text(doctor, f"/referrals/{honest}")
    assert 'id="clinic-time-doubt"' not in honest_page and "Recorded at the clinic" in honest_page

    # The specialist answers the 1970 one: a response time of seconds, not 56 years.
    action = f"/referrals/{dead_battery}/advice"
    page = doctor.open_referral(dead_battery)
    sent = doctor.http.post(action, data={**form_fields(page.text, action), **GOOD_ADVICE})
    assert sent.status_code == 303, sent.text[:300]
    assert "answered in less than a minute" in page_text(doctor, f"/referrals/{dead_battery}")

    now = t.utcnow()
    with hub.engine.connect() as conn:
        board = dashboard.build_dashboard(conn, "all", now)
    assert board.months == [dashboard.month_key(now)]  # not 685 months back to 1970
    assert board.summary["referrals"] == 3
    assert 0 <= board.summary["median_answer"] < 600
    add_coordinator(hub.engine)  # the dashboard is the coordinators'
    coordinator = ConsoleUser(httpx.Client(base_url=hub.base_url, follow_redirects=False, timeout=30))
    assert coordinator.login("huma").status_code == 303
    figures = page_text(coordinator, "/dashboard?period=3m")
    assert re.search(r'id="stat-referrals">3<', figures)


def test_messages_are_threaded_in_the_order_the_hub_received_them(
    hub: RunningHub, station: StationClient, doctor: ConsoleUser
) -> None:
    referral_id = refer(station)
    action = f"/referrals/{referral_id}/messages"
    page = doctor.open_referral(referral_id)
    asked = doctor.http.post(action, data={**form_fields(page.text, action), "body": "Please send her SpO2 again."})
    assert asked.status_code == 303
    reply = station.message(referral_id, "SpO2 is 91% now.", created_at=DEAD_BATTERY)
    assert station.push([station.change("message", reply)]).json()["results"][0]["status"] == "accepted"

    page_html = page_text(doctor, f"/referrals/{referral_id}")
    thread = page_html[page_html.index('id="messages"'):]  # the news box above previews it too
    assert thread.index("Please send her SpO2 again.") < thread.index("SpO2 is 91% now.")
    assert "Recorded at the clinic 1 Jan 1970, 05:00 UTC+05" in thread
    with hub.engine.connect() as conn:
        row = conn.execute(select(t.messages).where(t.messages.c.id == reply["id"])).one()
    assert row.created_at == datetime(1970, 1, 1, tzinfo=UTC)  # kept as the clinic recorded it
    assert abs(row.received_at - t.utcnow()) < timedelta(minutes=1)


def test_the_upgrade_gives_existing_messages_the_time_the_hub_received_them(new_db_url: str) -> None:
    engine = make_engine(new_db_url)
    try:
        with engine.begin() as conn:
            command.upgrade(alembic_config(conn), "0003")
        received = datetime(2026, 11, 2, 9, 30)
        station_message, specialist_message, referral_id = uuid7(), uuid7(), uuid7()
        with engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO records (entity, id, station_id, version, updated_at, payload, received_at) "
                "VALUES ('message', :id, 'bhu', 1, 'x', :payload, :received)"
            ), {"id": station_message, "payload": json.dumps({"id": station_message}), "received": received})
            for message_id, role, created in ((station_message, "station", datetime(1970, 1, 1)),
                                              (specialist_message, "specialist", datetime(2026, 11, 2, 10, 0))):
                conn.execute(text(
                    "INSERT INTO messages (id, referral_id, station_id, author_role, author_name, body, created_at) "
                    "VALUES (:id, :ref, 'bhu', :role, 'A', 'b', :created)"
                ), {"id": message_id, "ref": referral_id, "role": role, "created": created})
        migrate(engine)
        with engine.connect() as conn:
            rows = dict(conn.execute(select(t.messages.c.id, t.messages.c.received_at)).all())
        assert rows[station_message] == received.replace(tzinfo=UTC)
        assert rows[specialist_message] == datetime(2026, 11, 2, 10, 0, tzinfo=UTC)
    finally:
        engine.dispose()
