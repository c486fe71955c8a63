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
import json
import time
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import func, select

from hub import tables as t
from hub.stations import revoke_station
from sync.wire.ids import uuid7
from tests.integration.calls_support import (
    ANSWER,
    GONE_SECONDS,
    OFFER,
    RING_SECONDS,
    STUN_URLS,
    TURN_SECRET,
    TURN_URLS,
    call_row,
    closed_with,
    doctor_socket,
    next_of,
    referred,
    sign_in,
    start_call,
    state_of,
    station_socket,
)
from tests.support.server import RunningHub
from tests.support.station_client import StationClient

pytestmark = pytest.mark.timeout(120)


@pytest.fixture
def other_clinic(call_hub: RunningHub) -> StationClient:
    return StationClient.enroll(call_hub.base_url, call_hub.new_station("RHC Mirpur Sakro", "Thatta").code)


# -- starting a call -----------------------------------------------------------------------------


def test_a_station_rings_for_its_referral_and_asking_again_changes_nothing(call_hub: RunningHub,
                                                                            clinic: StationClient) -> None:
    referral = referred(clinic)
    call_id = uuid7()
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
    status, body = start_call(clinic, uuid7())
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
        return await closed_with(await station_socket(call_hub, clinic, uuid7()))

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
        # The browser's own figures reach the station for its quality policy.
        await specialist.send(json.dumps({"type": "link", "rtt": 1.25, "loss": 0.04, "fps": None, "kbps": 88}))
        link = await next_of(station, "link")
        assert {k: v for k, v in link.items() if k != "seq"} == {"type": "link", "rtt": 1.25, "loss": 0.04,
                                                                 "fps": None, "kbps": 88.0}
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
    call_id = uuid7() if how == "unknown_call" else started["call_id"]

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
    assert started["ice_transport_policy"] == "all"  # the hub was not started with --relay-only


def test_ice_servers_are_empty_when_the_hub_has_none_configured(hub: RunningHub, station: StationClient) -> None:
    assert station.request("GET", "/api/v1/calls/ice-servers").json() == {"ice_servers": []}
    assert station.request("GET", "/api/v1/calls/ice-servers", sign=False).status_code == 401


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


def test_a_station_that_reconnects_gets_what_the_specialist_sent_while_it_was_away(
        call_hub: RunningHub, clinic: StationClient) -> None:
    referral = referred(clinic)
    _, started = start_call(clinic, referral["id"])
    call_id = started["call_id"]
    doctor = sign_in(call_hub, "dr.sana", "Dr Sana Baloch")

    async def gap() -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
        station = await station_socket(call_hub, clinic, call_id)
        ringing = json.loads(await station.recv())
        await station.send(json.dumps({"type": "offer", "sdp": OFFER}))
        await asyncio.sleep(0.5)
        station.transport.abort()  # the clinic's link drops before the specialist joins
        specialist = await doctor_socket(call_hub, doctor, call_id)
        await next_of(specialist, "offer")
        await specialist.send(json.dumps({"type": "answer", "sdp": ANSWER}))
        await specialist.send(json.dumps({"type": "quality", "level": "weak"}))
        await asyncio.sleep(1.0)
        back = await station_socket(call_hub, clinic, call_id, after=ringing["seq"])
        resumed = [json.loads(await asyncio.wait_for(back.recv(), 10)) for _ in range(3)]
        # Numbered from where it got to, a later reconnection repeats nothing.
        again = await station_socket(call_hub, clinic, call_id, after=resumed[-1]["seq"])
        await specialist.send(json.dumps({"type": "quality", "level": "good"}))
        later = [json.loads(await asyncio.wait_for(again.recv(), 10)) for _ in range(2)]
        for ws in (back, again, specialist):
            await ws.close()
        return ringing, resumed, later

    ringing, resumed, later = asyncio.run(gap())
    assert ringing["type"] == "state" and ringing["status"] == "ringing" and isinstance(ringing["seq"], int)
    assert [m["type"] for m in resumed] == ["state", "answer", "quality"]
    assert resumed[0]["status"] == "active" and resumed[1]["sdp"] == ANSWER and resumed[2]["level"] == "weak"
    assert resumed[0]["seq"] == ringing["seq"] < resumed[1]["seq"] < resumed[2]["seq"]
    assert [m["type"] for m in later] == ["state", "quality"] and later[1]["level"] == "good"


@pytest.mark.parametrize("after", ["-1", "abc", "1.5", "9" * 19])
def test_a_reconnection_with_a_bad_after_is_refused_with_the_reason(
        call_hub: RunningHub, clinic: StationClient, after: str) -> None:
    referral = referred(clinic)
    _, started = start_call(clinic, referral["id"])

    async def refused() -> tuple[int | None, list[dict[str, Any]]]:
        return await closed_with(await station_socket(call_hub, clinic, started["call_id"], after=after))

    code, said = asyncio.run(refused())
    assert code == 4400 and "after" in said[0]["detail"]


def test_what_the_station_sends_while_its_socket_is_away_goes_out_once_it_is_back(
        call_hub: RunningHub, clinic: StationClient) -> None:
    from sync.call.signaling import Signaling
    from sync.client import HubClient

    referral = referred(clinic)
    _, started = start_call(clinic, referral["id"])
    doctor = sign_in(call_hub, "dr.sana", "Dr Sana Baloch")

    async def gap() -> tuple[list[dict[str, Any]], dict[str, Any]]:
        signaling = Signaling(HubClient(clinic.base_url, clinic.station_id, clinic.private_key),
                              started["signal_path"])
        await signaling.open()
        assert await signaling.send({"type": "offer", "sdp": OFFER})
        specialist = await doctor_socket(call_hub, doctor, started["call_id"])
        await next_of(specialist, "offer")
        assert signaling.ws is not None
        signaling.ws.transport.abort()
        await asyncio.sleep(0.3)
        # Two reports while away: only the newer one is worth sending.
        assert not await signaling.send({"type": "quality", "level": "weak"})
        assert not await signaling.send({"type": "quality", "level": "audio_only"})
        waiting = list(signaling.unsent)
        assert await signaling.reopen()
        arrived = await next_of(specialist, "quality")
        assert signaling.unsent == []
        await signaling.close()
        await specialist.close()
        return waiting, arrived

    waiting, arrived = asyncio.run(gap())
    assert waiting == [{"type": "quality", "level": "audio_only"}]
    assert arrived == {"type": "quality", "level": "audio_only"}


def test_a_side_that_floods_the_socket_is_told_and_fills_no_database(call_hub: RunningHub,
                                                                     clinic: StationClient) -> None:
    from hub.calls.relay import MESSAGE_BURST

    _, started = start_call(clinic, referred(clinic)["id"])
    sent = 3 * MESSAGE_BURST

    async def flood() -> list[dict[str, Any]]:
        station = await station_socket(call_hub, clinic, started["call_id"])
        for _ in range(sent):
            await station.send(json.dumps({"type": "quality", "level": "weak"}))
        errors = [await next_of(station, "error") for _ in range(sent - MESSAGE_BURST - 5)]
        await station.send(json.dumps({"type": "bye", "reason": "hung_up"}))  # hanging up still works
        await state_of(station, "ended")
        await station.close()
        return errors

    errors = asyncio.run(flood())
    assert "too many messages" in errors[0]["detail"]
    with call_hub.engine.connect() as conn:
        stored = conn.execute(select(func.count()).select_from(t.call_signals)
                              .where(t.call_signals.c.call_id == started["call_id"])).scalar()
    assert MESSAGE_BURST <= stored < sent - MESSAGE_BURST
    assert call_row(call_hub, started["call_id"]).ended_by == "station"
