"""Nothing from a station is hidden: what a clinic adds to a referral is on top of the inbox, marked
and previewed, counted in every page title, until each specialist has opened it; a message on a
closed referral reopens it as a follow-up from the clinic. A real hub over HTTP, SQLite and PostgreSQL.
"""

from __future__ import annotations

import html
import re

import httpx
import pytest
from sqlalchemy import select

from hub import tables as t
from tests.integration.calls_support import start_call
from tests.integration.console_seed import GOOD_ADVICE, ConsoleUser, add_specialist, form_fields
from tests.support.server import RunningHub
from tests.support.station_client import StationClient

ROW = re.compile(r'<tr class="row-[a-z]+( row-unread)?">.*?href="/referrals/([0-9a-f-]{36})".*?</tr>', re.S)
FOLLOW_UP = "URGENT: patient now drowsy, BP 86/50, ambulance delayed 2 hours"


def signed_in(hub: RunningHub, username: str) -> ConsoleUser:
    user = ConsoleUser(httpx.Client(base_url=hub.base_url, follow_redirects=False, timeout=30))
    assert user.login(username).status_code == 303
    return user


@pytest.fixture
def doctor(hub: RunningHub) -> ConsoleUser:
    add_specialist(hub.engine, "dr.khan", "Dr Sana Khan", "Internal medicine")
    return signed_in(hub, "dr.khan")


def page(user: ConsoleUser, path: str) -> str:
    response = user.http.get(path)
    assert response.status_code == 200, response.text[:300]
    return html.unescape(response.text)


def inbox(user: ConsoleUser, query: str = "") -> list[tuple[str, bool]]:
    """(referral id, marked unread) of each inbox row, top first."""
    return [(m[2], bool(m[1])) for m in ROW.finditer(page(user, f"/inbox{query}"))]


def title(text: str) -> str:
    return re.search(r"<title>(.*?)</title>", text, re.S)[1].strip()


def refer(station: StationClient, **overrides: str) -> dict:
    changes, referral = station.referral_case(**overrides)
    assert station.push(changes).status_code == 200
    return referral


def push(station: StationClient, entity: str, data: dict) -> None:
    results = station.push([station.change(entity, data)]).json()["results"]
    assert results[0]["status"] == "accepted", results


def advise(user: ConsoleUser, referral_id: str) -> None:
    action = f"/referrals/{referral_id}/advice"
    fields = form_fields(user.open_referral(referral_id).text, action)
    assert user.http.post(action, data={**fields, **GOOD_ADVICE}).status_code == 303


def test_a_follow_up_on_a_closed_referral_reopens_it_on_top_of_the_inbox(
    hub: RunningHub, station: StationClient, doctor: ConsoleUser
) -> None:
    add_specialist(hub.engine, "dr.abbasi", "Dr Omar Abbasi", "Internal medicine")
    colleague = signed_in(hub, "dr.abbasi")
    answered = refer(station, urgency="urgent")
    advise(doctor, answered["id"])
    # The station closes the referral when the health worker reads the advice.
    push(station, "referral", {**answered, "status": "closed", "version": 2, "updated_at": station.hlc()})
    emergency = refer(station, urgency="emergency")
    assert [ref for ref, _ in inbox(doctor)] == [emergency["id"]]  # closed: out of the waiting list

    push(station, "message", station.message(answered["id"], FOLLOW_UP))

    for user in (doctor, colleague):
        rows = inbox(user)
        assert rows[0] == (answered["id"], True)  # on top, above a new emergency
        text = page(user, "/inbox")
        assert "New from the clinic" in text and "1 message" in text and FOLLOW_UP in text
        assert "Follow-up from the clinic" in text
        assert title(text).startswith("(1) Inbox")
    # Whatever the filter, news from the clinic is shown.
    assert inbox(doctor, "?status=closed&urgency=urgent")[0] == (answered["id"], True)

    referral_page = page(doctor, f"/referrals/{answered['id']}")
    assert "Follow-up from the clinic." in referral_page
    assert "New from the clinic since you last opened this referral" in referral_page
    assert not title(referral_page).startswith("(")  # read now: the title counts nothing

    # Read by Dr Khan: no longer unread for him, still waiting as a follow-up; unread for his colleague.
    assert inbox(doctor) == [(emergency["id"], False), (answered["id"], False)]  # back in urgency order
    assert not title(page(doctor, "/inbox")).startswith("(")
    assert doctor.http.get("/console/unread").json() == {"unread_referrals": 0}
    assert colleague.http.get("/console/unread").json() == {"unread_referrals": 1}
    assert inbox(colleague)[0] == (answered["id"], True)

    # A specialist's answer ends the follow-up; the referral is closed again for the inbox.
    action = f"/referrals/{answered['id']}/messages"
    fields = form_fields(doctor.open_referral(answered["id"]).text, action)
    assert doctor.http.post(action, data={**fields, "body": "Send her to the DHQ now; call 1122."}).status_code == 303
    with hub.engine.connect() as conn:
        row = conn.execute(select(t.referrals).where(t.referrals.c.id == answered["id"])).one()
    assert row.status == "closed" and row.reopened_at is None
    assert [ref for ref, _ in inbox(doctor)] == [emergency["id"]]


def test_photos_a_changed_question_and_call_requests_are_news_too(
    hub: RunningHub, station: StationClient, doctor: ConsoleUser
) -> None:
    referral = refer(station)
    doctor.open_referral(referral["id"])
    assert inbox(doctor) == [(referral["id"], False)]

    photo = b"\xff\xd8\xff" + b"wound photo" * 50
    sha = station.upload(photo, "image/jpeg")
    push(station, "attachment", station.attachment(referral["patient_id"], sha, len(photo),
                                                   referral_id=referral["id"], filename="wound-day3.jpg"))
    changed = "Fever for 5 days, now SpO2 82% on air: admit or treat here?"
    push(station, "referral", {**referral, "question": changed, "version": 2, "updated_at": station.hlc()})
    status, _ = start_call(station, referral["id"])
    assert status == 201

    text = page(doctor, "/inbox")
    assert inbox(doctor) == [(referral["id"], True)]
    assert "1 new photo, 1 changed question, 1 call request" in text
    assert "The station asked for a video call." in text  # the newest item is previewed
    news = page(doctor, f"/referrals/{referral['id']}")
    for expected in ("New photo", "wound-day3.jpg", "Question changed", changed, "Call request"):
        assert expected in news
    assert inbox(doctor) == [(referral["id"], False)]


def test_the_unread_count_poll_never_keeps_a_session_alive(
    hub: RunningHub, station: StationClient, doctor: ConsoleUser
) -> None:
    referral = refer(station)
    push(station, "message", station.message(referral["id"], "Her SpO2 is 84% now."))
    with hub.engine.connect() as conn:
        before = conn.execute(select(t.console_sessions.c.last_seen_at)).scalar_one()
    polled = doctor.http.get("/console/unread", headers={"X-Telehub-Background": "1"})
    assert polled.status_code == 200 and polled.json() == {"unread_referrals": 1}
    assert polled.headers["cache-control"] == "no-store"
    with hub.engine.connect() as conn:
        assert conn.execute(select(t.console_sessions.c.last_seen_at)).scalar_one() == before
    signed_out = httpx.get(f"{hub.base_url}/console/unread")
    assert signed_out.status_code == 401 and signed_out.json()["error"] == "signed_out"


def test_news_on_another_specialty_is_not_counted_in_my_title(
    hub: RunningHub, station: StationClient, doctor: ConsoleUser
) -> None:
    theirs = refer(station, specialty="Paediatrics")
    push(station, "message", station.message(theirs["id"], "The child is feeding again."))
    assert doctor.http.get("/console/unread").json() == {"unread_referrals": 0}
    assert inbox(doctor) == []
    assert inbox(doctor, "?specialty=")[0] == (theirs["id"], True)


def test_the_upgrade_keeps_a_follow_up_received_before_it_unread(new_db_url: str) -> None:
    """Station messages after the last answer on their referral become news; answered ones do not."""
    from datetime import datetime

    from alembic import command
    from sqlalchemy import text

    from hub.db import alembic_config, make_engine, migrate
    from sync.wire.ids import uuid7

    engine = make_engine(new_db_url)
    try:
        with engine.begin() as conn:
            command.upgrade(alembic_config(conn), "0006")
        referral_id = uuid7()
        messages = [(uuid7(), "station", "Is amoxicillin enough?", datetime(2026, 11, 2, 9, 0)),
                    (uuid7(), "specialist", "Yes, for 5 days.", datetime(2026, 11, 2, 10, 0)),
                    (uuid7(), "station", "Now drowsy, BP 86/50.", datetime(2026, 11, 3, 8, 0))]
        with engine.begin() as conn:
            for message_id, role, body, at in messages:
                conn.execute(text(
                    "INSERT INTO messages (id, referral_id, station_id, author_role, author_name, body, created_at, "
                    "received_at) VALUES (:id, :ref, 'bhu', :role, 'A', :body, :at, :at)"
                ), {"id": message_id, "ref": referral_id, "role": role, "body": body, "at": at})
        migrate(engine)
        with engine.connect() as conn:
            news = conn.execute(select(t.station_news.c.referral_id, t.station_news.c.kind,
                                       t.station_news.c.preview)).all()
        assert [tuple(n) for n in news] == [(referral_id, "message", "Now drowsy, BP 86/50.")]
    finally:
        engine.dispose()
