"""Video consults through the hub: a station rings, a specialist joins, either ends the call.

A real hub served by uvicorn, spoken to over HTTP and real WebSockets (the `websockets` client),
on SQLite and PostgreSQL. The station's socket is signed like any sync request; the
specialist's socket rides on the console session and must come from the hub's own origin.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import io
import json
import re
import time
from collections.abc import Iterator
from contextlib import redirect_stdout
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import func, select
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from hub import tables as t
from hub.cli import main as telehub
from hub.console import auth
from hub.stations import revoke_station
from sync.protocol import new_uuid7, utc_iso
from sync.signing import sign_request
from tests.integration.console_seed import add_specialist
from tests.support.server import RunningHub, run_hub
from tests.support.station_client import StationClient

pytestmark = pytest.mark.timeout(120)

RING_SECONDS = 4.0
GONE_SECONDS = 3.0
TURN_SECRET = "north-west-frontier-turn-secret"
TURN_URLS = ("turn:turn.example.org:3478?transport=udp", "turns:turn.example.org:5349")
STUN_URLS = ("stun:turn.example.org:3478",)
OFFER = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=station offer\r\nt=0 0\r\n"
ANSWER = "v=0\r\no=- 2 2 IN IP4 127.0.0.1\r\ns=specialist answer\r\nt=0 0\r\n"


@pytest.fixture
def call_hub(hub_db_url: str) -> Iterator[RunningHub]:
    """A hub with STUN/TURN configured and short ring and gone times."""
    with run_hub(hub_db_url, cookie_secure=False, stun_urls=STUN_URLS, turn_urls=TURN_URLS,
                 turn_secret=TURN_SECRET, call_ring_seconds=RING_SECONDS, call_gone_seconds=GONE_SECONDS) as running:
        yield running


@pytest.fixture
def clinic(call_hub: RunningHub) -> StationClient:
    return StationClient.enroll(call_hub.base_url, call_hub.new_station("BHU Jhok", "Thatta").code)


@pytest.fixture
def other_clinic(call_hub: RunningHub) -> StationClient:
    return StationClient.enroll(call_hub.base_url, call_hub.new_station("RHC Mirpur Sakro", "Thatta").code)


@dataclass
class Doctor:
    id: str
    name: str
    cookie: str
    csrf: str


def sign_in(hub: RunningHub, username: str, name: str, specialty: str = "Paediatrics") -> Doctor:
    """A specialist with a live console session (what signing in at /login leaves behind)."""
    specialist_id = add_specialist(hub.engine, username, name, specialty)
    with hub.engine.begin() as conn:
        token, csrf = auth.create_session(conn, specialist_id, t.utcnow())
    return Doctor(specialist_id, name, token, csrf)


def referred(station: StationClient) -> dict[str, Any]:
    """A referral pushed to the hub (with its patient and consultation); returns the referral."""
    changes, referral = station.referral_case()
    response = station.push(changes)
    assert response.status_code == 200, response.text
    return referral


def start_call(station: StationClient, referral_id: str, call_id: str | None = None) -> tuple[int, dict[str, Any]]:
    response = station.request("POST", "/api/v1/calls",
                               json_body={"call_id": call_id or new_uuid7(), "referral_id": referral_id})
    return response.status_code, response.json()


def ws_base(hub: RunningHub) -> str:
    return hub.base_url.replace("http://", "ws://")


async def station_socket(hub: RunningHub, station: StationClient, call_id: str, *, sign: bool = True,
                         key: Ed25519PrivateKey | None = None, nonce: str | None = None) -> ClientConnection:
    """The station's signaling socket: the handshake GET is signed over an empty body."""
    path = f"/api/v1/calls/{call_id}/signal"
    headers = sign_request(key or station.private_key, station.station_id, "GET", path, b"", nonce=nonce) if sign else {}
    return await connect(ws_base(hub) + path, additional_headers=headers, open_timeout=15)


async def doctor_socket(hub: RunningHub, doctor: Doctor | None, call_id: str,
                        origin: str | None = "same") -> ClientConnection:
    """The specialist's signaling socket, as the call page opens it (session cookie, Origin)."""
    headers = {"Cookie": f"{auth.SESSION_COOKIE}={doctor.cookie}"} if doctor else {}
    if origin == "same":
        origin = hub.base_url
    return await connect(ws_base(hub) + f"/console/calls/{call_id}/signal", additional_headers=headers,
                         origin=origin, open_timeout=15)  # type: ignore[arg-type]


async def next_of(ws: ClientConnection, kind: str, timeout: float = 15) -> dict[str, Any]:
    """The next message of type `kind` (other messages before it are skipped)."""
    deadline = time.monotonic() + timeout
    while True:
        message = json.loads(await asyncio.wait_for(ws.recv(), max(0.1, deadline - time.monotonic())))
        if message["type"] == kind:
            return message


async def closed_with(ws: ClientConnection, timeout: float = 15) -> tuple[int | None, list[dict[str, Any]]]:
    """Read until the hub closes the socket: (close code, messages received before)."""
    seen = []
    try:
        while True:
            seen.append(json.loads(await asyncio.wait_for(ws.recv(), timeout)))
    except ConnectionClosed:
        return ws.close_code, seen


async def state_of(ws: ClientConnection, status: str) -> dict[str, Any]:
    while True:
        message = await next_of(ws, "state")
        if message["status"] == status:
            return message


def call_row(hub: RunningHub, call_id: str) -> Any:
    with hub.engine.connect() as conn:
        return conn.execute(select(t.calls).where(t.calls.c.id == call_id)).one()


# -- starting a call -----------------------------------------------------------------------------


def test_a_station_rings_for_its_referral_and_asking_again_changes_nothing(call_hub: RunningHub,
                                                                            clinic: StationClient) -> None:
    referral = referred(clinic)
    call_id = new_uuid7()
    first_status, first = start_call(clinic, referral["id"], call_id)
    again_status, again = start_call(clinic, referral["id"], call_id)
    assert (first_status, again_status) == (201, 200)
    assert first["status"] == "ringing" and first["signal_path"] == f"/api/v1/calls/{call_id}/signal"
    assert {k: v for k, v in again.items() if k != "ice_servers"} == {k: v for k, v in first.items() if k != "ice_servers"}
    with call_hub.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(t.calls)).scalar_one() == 1
    status = clinic.request("GET", f"/api/v1/calls/{call_id}").json()
    assert (status["status"], status["referral_id"], status["specialist_name"]) == ("ringing", referral["id"], None)


def test_a_call_about_a_referral_the_hub_has_not_received_asks_the_health_worker_to_sync(
        call_hub: RunningHub, clinic: StationClient) -> None:
    status, body = start_call(clinic, new_uuid7())
    assert status == 409
    assert body["code"] == body["error"] == "referral_not_synced"
    assert "Sync first" in body["detail"]
    with call_hub.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(t.calls)).scalar_one() == 0


def test_a_station_cannot_call_about_or_listen_to_another_stations_case(
        call_hub: RunningHub, clinic: StationClient, other_clinic: StationClient) -> None:
    referral = referred(clinic)
    status, body = start_call(other_clinic, referral["id"])
    assert status == 403 and body["code"] == "other_station"
    _, started = start_call(clinic, referral["id"])
    call_id = started["call_id"]
    assert other_clinic.request("GET", f"/api/v1/calls/{call_id}").status_code == 403

    async def eavesdrop() -> tuple[int | None, list[dict[str, Any]]]:
        return await closed_with(await station_socket(call_hub, other_clinic, call_id))

    code, said = asyncio.run(eavesdrop())
    assert code == 4403
    assert said == [{"type": "error", "detail": "This call belongs to another station."}]


@pytest.mark.parametrize("how", ["unsigned", "wrong_key", "replayed", "revoked", "unknown_call"])
def test_the_station_socket_refuses_what_a_signed_request_would_refuse(
        call_hub: RunningHub, clinic: StationClient, how: str) -> None:
    referral = referred(clinic)
    _, started = start_call(clinic, referral["id"])
    call_id = started["call_id"]
    expected = 4404 if how == "unknown_call" else 4401

    async def attempt() -> tuple[int | None, list[dict[str, Any]]]:
        if how == "unsigned":
            return await closed_with(await station_socket(call_hub, clinic, call_id, sign=False))
        if how == "wrong_key":
            return await closed_with(await station_socket(call_hub, clinic, call_id, key=Ed25519PrivateKey.generate()))
        if how == "replayed":
            first = await station_socket(call_hub, clinic, call_id, nonce="the-same-nonce-twice")
            await first.close()
            return await closed_with(await station_socket(call_hub, clinic, call_id, nonce="the-same-nonce-twice"))
        if how == "revoked":
            with call_hub.engine.begin() as conn:
                revoke_station(conn, clinic.station_id)
            return await closed_with(await station_socket(call_hub, clinic, call_id))
        return await closed_with(await station_socket(call_hub, clinic, new_uuid7()))

    code, said = asyncio.run(attempt())
    assert code == expected
    assert len(said) == 1 and said[0]["type"] == "error" and said[0]["detail"]


# -- a call from ringing to ended ----------------------------------------------------------------


def test_a_specialist_who_joins_late_gets_the_offer_and_answering_makes_the_call_active(
        call_hub: RunningHub, clinic: StationClient) -> None:
    referral = referred(clinic)
    _, started = start_call(clinic, referral["id"])
    call_id = started["call_id"]
    doctor = sign_in(call_hub, "dr.sana", "Dr Sana Baloch")

    async def consult() -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
        station = await station_socket(call_hub, clinic, call_id)
        assert (await next_of(station, "state"))["status"] == "ringing"
        await station.send(json.dumps({"type": "offer", "sdp": OFFER}))
        await asyncio.sleep(1.0)  # the specialist opens the call page a moment later
        specialist = await doctor_socket(call_hub, doctor, call_id)
        offer = await next_of(specialist, "offer")
        await specialist.send(json.dumps({"type": "answer", "sdp": ANSWER}))
        answer = await next_of(station, "answer")
        active = await state_of(station, "active")
        await specialist.send(json.dumps({"type": "quality", "level": "weak"}))
        await station.send(json.dumps({"type": "quality", "level": "audio_only"}))
        assert await next_of(station, "quality") == {"type": "quality", "level": "weak"}
        assert await next_of(specialist, "quality") == {"type": "quality", "level": "audio_only"}
        await station.close()
        await specialist.close()
        return offer, answer, active

    offer, answer, active = asyncio.run(consult())
    assert offer == {"type": "offer", "sdp": OFFER}
    assert answer == {"type": "answer", "sdp": ANSWER}
    assert active == {"type": "state", "status": "active", "specialist_name": "Dr Sana Baloch"}
    row = call_row(call_hub, call_id)
    assert (row.status, row.specialist_id, row.answered_at is not None) == ("active", doctor.id, True)


@pytest.mark.parametrize("who", ["station", "specialist"])
def test_either_side_hanging_up_ends_the_call_for_both(call_hub: RunningHub, clinic: StationClient, who: str) -> None:
    referral = referred(clinic)
    _, started = start_call(clinic, referral["id"])
    call_id = started["call_id"]
    doctor = sign_in(call_hub, "dr.sana", "Dr Sana Baloch")

    async def consult() -> tuple[Any, Any]:
        station = await station_socket(call_hub, clinic, call_id)
        await station.send(json.dumps({"type": "offer", "sdp": OFFER}))
        specialist = await doctor_socket(call_hub, doctor, call_id)
        await next_of(specialist, "offer")
        await specialist.send(json.dumps({"type": "answer", "sdp": ANSWER}))
        await state_of(station, "active")
        hanging, other = (station, specialist) if who == "station" else (specialist, station)
        await hanging.send(json.dumps({"type": "bye", "reason": "hung_up"}))
        return await closed_with(other), await closed_with(hanging)

    (other_code, other_saw), (own_code, own_saw) = asyncio.run(consult())
    assert other_code == own_code == 1000
    assert {"type": "bye", "reason": "hung_up"} in other_saw
    assert {"type": "bye", "reason": "hung_up"} not in own_saw  # never echoed back
    assert other_saw[-1]["status"] == own_saw[-1]["status"] == "ended"
    row = call_row(call_hub, call_id)
    assert (row.status, row.ended_by, row.end_reason) == ("ended", who, "hung_up")
    status = clinic.request("GET", f"/api/v1/calls/{call_id}").json()
    assert (status["status"], status["ended_by"]) == ("ended", who)


def test_a_call_nobody_joins_is_missed(call_hub: RunningHub, clinic: StationClient) -> None:
    referral = referred(clinic)
    _, started = start_call(clinic, referral["id"])

    async def wait_alone() -> tuple[float, tuple[int | None, list[dict[str, Any]]]]:
        begun = time.monotonic()
        station = await station_socket(call_hub, clinic, started["call_id"])
        await station.send(json.dumps({"type": "offer", "sdp": OFFER}))
        closed = await closed_with(station, timeout=RING_SECONDS + 10)
        return time.monotonic() - begun, closed

    waited, (code, said) = asyncio.run(wait_alone())
    assert code == 1000 and said[-1] == {"type": "state", "status": "missed"}
    assert RING_SECONDS - 1 <= waited <= RING_SECONDS + 5
    assert call_row(call_hub, started["call_id"]).status == "missed"


def test_a_station_whose_socket_stays_away_ends_the_call(call_hub: RunningHub, clinic: StationClient) -> None:
    referral = referred(clinic)
    _, started = start_call(clinic, referral["id"])
    doctor = sign_in(call_hub, "dr.sana", "Dr Sana Baloch")

    async def link_drops() -> tuple[int | None, list[dict[str, Any]]]:
        station = await station_socket(call_hub, clinic, started["call_id"])
        await station.send(json.dumps({"type": "offer", "sdp": OFFER}))
        specialist = await doctor_socket(call_hub, doctor, started["call_id"])
        await next_of(specialist, "offer")
        await specialist.send(json.dumps({"type": "answer", "sdp": ANSWER}))
        await state_of(station, "active")
        station.transport.abort()  # the clinic's link dies: no bye, no close frame
        return await closed_with(specialist, timeout=GONE_SECONDS + 10)

    code, said = asyncio.run(link_drops())
    assert code == 1000 and said[-1]["status"] == "ended"
    row = call_row(call_hub, started["call_id"])
    assert (row.status, row.ended_by) == ("ended", "network")


@pytest.mark.parametrize("frame, complaint", [
    ("not json", "not JSON"),
    ("[1, 2]", "JSON object"),
    ('{"type": "answer", "sdp": "v=0"}', "cannot be sent by the station"),
    ('{"type": "state", "status": "active"}', "cannot be sent by the station"),
    ('{"type": "offer", "sdp": "hello"}', "offer.sdp"),
    ('{"type": "offer"}', "offer.sdp"),
    ('{"type": "quality", "level": "excellent"}', "quality.level"),
    ('{"type": "bye", "reason": "bored"}', "bye.reason"),
])
def test_a_malformed_message_is_answered_with_an_error_and_the_call_goes_on(
        call_hub: RunningHub, clinic: StationClient, frame: str, complaint: str) -> None:
    referral = referred(clinic)
    _, started = start_call(clinic, referral["id"])

    async def send_bad() -> tuple[dict[str, Any], dict[str, Any]]:
        station = await station_socket(call_hub, clinic, started["call_id"])
        await station.send(frame)
        error = await next_of(station, "error")
        await station.send(json.dumps({"type": "quality", "level": "good"}))  # still open and listened to
        await station.send("{}")
        second = await next_of(station, "error")
        await station.close()
        return error, second

    error, second = asyncio.run(send_bad())
    assert complaint in error["detail"]
    assert "cannot be sent" in second["detail"]
    assert call_row(call_hub, started["call_id"]).status == "ringing"


# -- the specialist's socket ---------------------------------------------------------------------


def test_once_a_specialist_has_joined_no_other_can_take_the_call(call_hub: RunningHub, clinic: StationClient) -> None:
    referral = referred(clinic)
    _, started = start_call(clinic, referral["id"])
    first = sign_in(call_hub, "dr.sana", "Dr Sana Baloch")
    second = sign_in(call_hub, "dr.imran", "Dr Imran Qureshi", "Internal medicine")

    async def both_join() -> tuple[int | None, list[dict[str, Any]], dict[str, Any]]:
        station = await station_socket(call_hub, clinic, started["call_id"])
        await station.send(json.dumps({"type": "offer", "sdp": OFFER}))
        joined = await doctor_socket(call_hub, first, started["call_id"])
        offer = await next_of(joined, "offer")
        refused = await closed_with(await doctor_socket(call_hub, second, started["call_id"]))
        await joined.close()
        await station.close()
        return *refused, offer

    code, said, offer = asyncio.run(both_join())
    assert offer["sdp"] == OFFER
    assert code == 4403 and "Another specialist" in said[0]["detail"]


@pytest.mark.parametrize("how, code", [("signed_out", 4401), ("other_site", 4403), ("no_origin", 4403),
                                       ("unknown_call", 4404)])
def test_the_specialist_socket_needs_a_session_from_this_hubs_own_pages(
        call_hub: RunningHub, clinic: StationClient, how: str, code: int) -> None:
    referral = referred(clinic)
    _, started = start_call(clinic, referral["id"])
    doctor = sign_in(call_hub, "dr.sana", "Dr Sana Baloch")
    call_id = new_uuid7() if how == "unknown_call" else started["call_id"]

    async def attempt() -> tuple[int | None, list[dict[str, Any]]]:
        if how == "signed_out":
            return await closed_with(await doctor_socket(call_hub, None, call_id))
        origin = {"other_site": "https://evil.example", "no_origin": None}.get(how, "same")
        return await closed_with(await doctor_socket(call_hub, doctor, call_id, origin=origin))

    closed, said = asyncio.run(attempt())
    assert closed == code and said[0]["type"] == "error"
    assert call_row(call_hub, started["call_id"]).specialist_id is None


# -- ICE servers ---------------------------------------------------------------------------------


def test_turn_credentials_are_in_coturns_shared_secret_form(call_hub: RunningHub, clinic: StationClient) -> None:
    before = int(time.time())
    servers = clinic.request("GET", "/api/v1/calls/ice-servers").json()["ice_servers"]
    after = int(time.time())
    assert servers[0] == {"urls": list(STUN_URLS)}
    turn = servers[1]
    assert turn["urls"] == list(TURN_URLS)
    expiry, who = turn["username"].split(":", 1)
    assert who == clinic.station_id
    assert before + 24 * 3600 <= int(expiry) <= after + 24 * 3600
    expected = base64.b64encode(hmac.new(TURN_SECRET.encode(), turn["username"].encode(), hashlib.sha1).digest())
    assert turn["credential"] == expected.decode()
    _, started = start_call(clinic, referred(clinic)["id"])
    assert started["ice_servers"][1]["urls"] == list(TURN_URLS)


def test_ice_servers_are_empty_when_the_hub_has_none_configured(hub: RunningHub, station: StationClient) -> None:
    assert station.request("GET", "/api/v1/calls/ice-servers").json() == {"ice_servers": []}
    assert station.request("GET", "/api/v1/calls/ice-servers", sign=False).status_code == 401


# -- records: the station's call record, the specialist's proposed time --------------------------


def test_a_pushed_call_record_is_kept_and_counted_as_a_video_consult(call_hub: RunningHub,
                                                                    clinic: StationClient) -> None:
    referral = referred(clinic)
    record = clinic.record("call", {
        "referral_id": referral["id"], "patient_id": referral["patient_id"], "started_at": utc_iso(),
        "connected_at": utc_iso(), "ended_at": utc_iso(), "duration_seconds": 312, "ended_by": "specialist",
        "outcome": "completed", "audio_only": False, "quality": "weak", "started_by": "amina",
    })
    bad = clinic.record("call", {**{k: v for k, v in record.items() if k not in ("id",)}, "outcome": "lovely"})
    results = clinic.push([clinic.change("call", record), clinic.change("call", bad)]).json()["results"]
    assert [r["status"] for r in results] == ["accepted", "rejected"]
    assert "outcome" in results[1]["reason"]
    out = io.StringIO()
    with redirect_stdout(out):
        assert telehub(["stats", "--db", call_hub.db_url]) == 0
    assert "1 video consults" in out.getvalue()
    doctor = sign_in(call_hub, "dr.sana", "Dr Sana Baloch")
    page = clinic.http.get(f"{call_hub.base_url}/dashboard", cookies={auth.SESSION_COOKIE: doctor.cookie}).text
    table = page[page.index('id="video-consults-table"'):]
    table = table[:table.index("</table>")]
    assert re.search(r"BHU Jhok</th><td><strong>1</strong></td><td>0</td><td>0</td><td>5 min</td>", table), table


def test_a_proposed_call_time_reaches_the_station_in_its_next_pull(call_hub: RunningHub, clinic: StationClient) -> None:
    referral = referred(clinic)
    doctor = sign_in(call_hub, "dr.sana", "Dr Sana Baloch")
    _, cursor = clinic.pull_all()
    host = urlsplit(call_hub.base_url).netloc
    day = (datetime.now(UTC) + timedelta(days=10)).date().isoformat()
    form = {"csrf_token": doctor.csrf, "proposal_id": new_uuid7(), "date": day, "time": "15:30",
            "zone": "PKT", "note": "Please have the child's weight chart ready."}
    for _ in range(2):  # a double click sends it twice
        response = clinic.http.post(f"{call_hub.base_url}/referrals/{referral['id']}/call-proposals", data=form,
                                    cookies={auth.SESSION_COOKIE: doctor.cookie},
                                    headers={"Origin": f"http://{host}"}, allow_redirects=False)
        assert response.status_code == 303, response.text
    changes, _ = clinic.pull_all(cursor)
    proposals = [c["data"] for c in changes if c["entity"] == "call_proposal"]
    assert len(proposals) == 1
    assert {k: proposals[0][k] for k in ("referral_id", "specialist_name", "proposed_for", "status", "note")} == {
        "referral_id": referral["id"], "specialist_name": "Dr Sana Baloch",
        "proposed_for": f"{day}T10:30:00.000Z", "status": "proposed",
        "note": "Please have the child's weight chart ready.",
    }


@pytest.mark.parametrize("date, time_, problem", [
    ("2001-01-01", "10:00", "already passed"),
    ("2099-02-30", "10:00", "does not exist"),
    ("14/03/2099", "10:00", "YYYY-MM-DD"),
    ("2099-03-14", "10:00", "within the next 90 days"),
    ((datetime.now(UTC) + timedelta(days=3)).date().isoformat(), "25:00", "does not exist"),
    ((datetime.now(UTC) + timedelta(days=3)).date().isoformat(), "", "HH:MM"),
])
def test_a_proposed_time_that_cannot_be_used_is_explained_and_nothing_is_sent(
        call_hub: RunningHub, clinic: StationClient, date: str, time_: str, problem: str) -> None:
    referral = referred(clinic)
    doctor = sign_in(call_hub, "dr.sana", "Dr Sana Baloch")
    form = {"csrf_token": doctor.csrf, "proposal_id": new_uuid7(), "date": date, "time": time_, "zone": "PKT"}
    response = clinic.http.post(f"{call_hub.base_url}/referrals/{referral['id']}/call-proposals", data=form,
                                cookies={auth.SESSION_COOKIE: doctor.cookie}, allow_redirects=False)
    assert response.status_code == 422
    assert problem in response.text
    with call_hub.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(t.call_proposals)).scalar_one() == 0


@pytest.mark.parametrize("flags, complaint", [
    (["--turn", "turn:turn.example.org:3478"], "--turn needs --turn-secret"),
    (["--turn-secret", "s3cret"], "without any --turn URL"),
    (["--stun", "turn.example.org:3478"], "must start with"),
    (["--turn", "stun:turn.example.org:3478", "--turn-secret", "s3cret"], "must start with turn: or turns:"),
    (["--turn", "turn:t.example.org", "--turn-secret", "s3cret", "--turn-ttl", "5"], "--turn-ttl must be between"),
])
def test_telehub_serve_refuses_ice_settings_that_cannot_work(tmp_path: Any, flags: list[str], complaint: str,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    code = telehub(["serve", "--db", f"sqlite:///{tmp_path / 'hub.sqlite3'}", *flags])
    assert code == 1
    assert complaint in capsys.readouterr().err


def test_a_specialist_who_reconnects_to_an_answered_call_is_not_handed_the_old_offer(
        call_hub: RunningHub, clinic: StationClient) -> None:
    referral = referred(clinic)
    _, started = start_call(clinic, referral["id"])
    doctor = sign_in(call_hub, "dr.sana", "Dr Sana Baloch")

    async def reconnect() -> list[dict[str, Any]]:
        station = await station_socket(call_hub, clinic, started["call_id"])
        await station.send(json.dumps({"type": "offer", "sdp": OFFER}))
        first = await doctor_socket(call_hub, doctor, started["call_id"])
        await next_of(first, "offer")
        await first.send(json.dumps({"type": "answer", "sdp": ANSWER}))
        await state_of(station, "active")
        await first.close()
        again = await doctor_socket(call_hub, doctor, started["call_id"])
        await station.send(json.dumps({"type": "quality", "level": "weak"}))
        seen = [json.loads(await asyncio.wait_for(again.recv(), 10)) for _ in range(2)]
        await again.close()
        await station.close()
        return seen

    seen = asyncio.run(reconnect())
    assert seen == [{"type": "state", "status": "active", "specialist_name": "Dr Sana Baloch"},
                    {"type": "quality", "level": "weak"}]
