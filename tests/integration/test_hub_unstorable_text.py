"""Text no database can store (NUL, lone surrogates) is refused with a 4xx naming where it was.

On PostgreSQL a NUL used to reach the database and answer 500 (sign-in, inbox filters, ...). Every
test here runs on SQLite and on PostgreSQL against a real hub over HTTP.
"""

from __future__ import annotations

import asyncio
import html
import json
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus

from hub import tables as t
from hub.console.web import CONTENT_SECURITY_POLICY
from tests.integration.calls_support import next_of, referred, start_call, station_socket
from tests.integration.console_seed import GOOD_ADVICE, ConsoleUser, add_case, add_specialist, form_fields
from tests.support.server import RunningHub
from tests.support.station_client import StationClient, enroll_request


def console(hub: RunningHub) -> ConsoleUser:
    return ConsoleUser(httpx.Client(base_url=hub.base_url, follow_redirects=False, timeout=30))


@pytest.fixture
def doctor(hub: RunningHub) -> ConsoleUser:
    add_specialist(hub.engine, "dr.khan", "Dr Sana Khan", "internal_medicine")
    user = console(hub)
    assert user.login("dr.khan").status_code == 303
    return user


def count(hub: RunningHub, table: Any) -> int:
    with hub.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def assert_console_refusal(response: httpx.Response, mentions: str) -> None:
    assert response.status_code == 400, response.text[:300]
    text = html.unescape(response.text)
    assert mentions in text
    assert "NUL character" in text
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY


def test_a_nul_in_the_sign_in_name_is_refused_naming_the_field(hub: RunningHub) -> None:
    add_specialist(hub.engine, "dr.khan", "Dr Sana Khan", "internal_medicine")
    user = console(hub)
    assert_console_refusal(user.login("dr.khan\x00"), "username field")
    assert_console_refusal(user.login("dr.khan", "consultant pass 2024\x00"), "password field")
    assert count(hub, t.console_sessions) == 0
    assert user.login("dr.khan").status_code == 303  # nothing was held against the real account


@pytest.mark.parametrize(("path", "mentions"), [
    ("/inbox?specialty=%00", "query parameter 'specialty'"),
    ("/inbox?station=bhu%00jhok", "query parameter 'station'"),
    ("/inbox?urgency=%00&status=waiting", "query parameter 'urgency'"),
    ("/dashboard?period=%00", "query parameter 'period'"),
    ("/dashboard/by_station.csv?period=month%00", "query parameter 'period'"),
    ("/login?next=/inbox%00", "query parameter 'next'"),
    ("/inbox?%00=1", "query parameter name"),
    ("/referrals/%00", "address"),
    ("/calls/%00", "address"),
])
def test_a_nul_anywhere_in_a_console_address_is_a_clear_400(doctor: ConsoleUser, path: str, mentions: str) -> None:
    assert_console_refusal(doctor.http.get(path), mentions)


def test_the_inbox_still_answers_its_ordinary_filters(doctor: ConsoleUser) -> None:
    assert doctor.http.get("/inbox?specialty=internal_medicine&station=bhu").status_code == 200


@pytest.mark.parametrize(("form", "field"), [("advice", "assessment"), ("messages", "body")])
def test_a_nul_in_a_console_form_is_refused_and_nothing_is_saved(
    hub: RunningHub, doctor: ConsoleUser, form: str, field: str
) -> None:
    hub.new_station("BHU Jhok", "Thatta")
    case = add_case(hub.engine, "bhu-jhok")
    page = doctor.open_referral(case.referral_id)
    action = f"/referrals/{case.referral_id}/{form}"
    fields = {**form_fields(page.text, action), **GOOD_ADVICE, "body": "Please send her SpO2 again."}
    response = doctor.http.post(action, data={**fields, field: fields[field] + "\x00"})
    assert_console_refusal(response, f"{field} field")
    assert count(hub, t.advice) == 0 and count(hub, t.messages) == 0


@pytest.mark.parametrize(("path", "mentions"), [
    ("/api/v1/sync/pull?cursor=0&x=%00", "query parameter 'x'"),
    ("/api/v1/fhir/export?station=%00&since=2024-01-01&until=2024-02-01", "query parameter 'station'"),
    ("/api/v1/calls/%00", "address"),
    ("/api/v1/blobs/%00", "address"),
])
def test_the_api_refuses_a_nul_in_the_address_in_its_json_shape(
    hub: RunningHub, station: StationClient, path: str, mentions: str
) -> None:
    response = station.request("GET", path)
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["error"] == "unstorable_text"
    assert mentions in body["message"] and "NUL character" in body["message"]


def test_an_enrollment_code_with_a_nul_is_refused_naming_the_field(hub: RunningHub) -> None:
    response = enroll_request(hub.base_url, "ABCD-EFGH-JK\x00N", "AAAA")  # a code's length, one NUL
    assert response.status_code == 422
    assert response.json()["message"].startswith("code: must not contain NUL")


@pytest.mark.parametrize(("field", "value", "says"), [
    ("question", "Fever\x00 for 5 days", "must not contain NUL characters"),
    ("summary", "Woman, 32 y.\ud800", "unicode string"),
    ("created_by", "\x00", "must not contain NUL characters"),
])
def test_a_pushed_record_with_unstorable_text_is_rejected_alone_naming_the_field(
    hub: RunningHub, station: StationClient, field: str, value: str, says: str
) -> None:
    changes, _referral = station.referral_case(**{field: value})
    # json.dumps escapes both as \u0000 / \ud800: valid JSON whose strings decode to them.
    response = station.push(changes)
    assert response.status_code == 200, response.text
    results = {r["change_id"]: r for r in response.json()["results"]}
    rejected = results[changes[-1]["change_id"]]
    assert rejected["status"] == "rejected"
    assert rejected["reason"].startswith(f"data.{field}: ") and says in rejected["reason"]
    assert [r["status"] for r in results.values()].count("accepted") == 3  # the rest went in
    assert count(hub, t.referrals) == 0


def test_a_signaling_socket_with_a_nul_in_its_address_is_closed_before_it_opens(hub: RunningHub) -> None:
    async def open_socket() -> None:
        async with connect(hub.base_url.replace("http", "ws", 1) + "/console/calls/%00/signal", open_timeout=10):
            pass

    with pytest.raises(InvalidStatus) as refused:
        asyncio.run(open_socket())
    assert refused.value.response.status_code == 403


def test_a_signaling_message_the_hub_could_not_store_is_answered_with_an_error(
    hub: RunningHub, station: StationClient
) -> None:
    referral = referred(station)
    status, body = start_call(station, referral["id"])
    assert status in (200, 201), body

    async def offer_lone_surrogate() -> dict[str, Any]:
        async with await station_socket(hub, station, body["call_id"]) as ws:
            await ws.send(json.dumps({"type": "offer", "sdp": "v=0\r\ns=\ud800\r\n"}))  # sent escaped: valid JSON
            return await next_of(ws, "error")

    error = asyncio.run(offer_lone_surrogate())
    assert error["detail"] == "offer.sdp contains text that is not valid Unicode (a lone surrogate), which the hub cannot relay"
