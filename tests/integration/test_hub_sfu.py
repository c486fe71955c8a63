"""Calls through the hub's SFU: Janus rooms per call, per-person access, participants.

Debian's Janus is started by the test with a config of its own (token auth on, free ports); no
media flows here (tests/e2e/test_sfu_conference_call.py has the media). Skipped, saying why,
when Janus is not installed.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import select

from hub import tables as t
from hub.calls import store
from hub.calls.sfu import signed_token
from hub.console import auth
from sync.wire.ids import uuid7
from tests.integration.calls_support import Doctor, referred, sign_in, start_call
from tests.support.janus import RunningJanus, run_janus, why_no_janus
from tests.support.server import RunningHub, free_port, run_hub
from tests.support.station_client import StationClient

pytestmark = pytest.mark.timeout(120)


@pytest.fixture
def janus(tmp_path: Path) -> Iterator[RunningJanus]:
    reason = why_no_janus()
    if reason:
        pytest.skip(f"calls through the SFU not tested: {reason}")
    with run_janus(tmp_path) as running:
        yield running


@pytest.fixture
def sfu_hub(tmp_path: Path, janus: RunningJanus) -> Iterator[RunningHub]:
    with run_hub(f"sqlite:///{tmp_path / 'hub.sqlite3'}", cookie_secure=False, sfu_url=janus.url,
                 sfu_secret=janus.secret) as hub:
        yield hub


def janus_post(url: str, body: dict[str, Any]) -> dict[str, Any]:
    answer: dict[str, Any] = requests.post(url, json={**body, "transaction": secrets.token_hex(6)}, timeout=10).json()
    return answer


def join_room(access: dict[str, Any], room_token: str | None) -> dict[str, Any]:
    """Open a Janus session with the person's token and ask to join the call's VideoRoom."""
    session = janus_post(access["url"], {"janus": "create", "token": access["token"]})["data"]["id"]
    handle = janus_post(f"{access['url']}/{session}", {"janus": "attach", "plugin": "janus.plugin.videoroom",
                                                       "token": access["token"]})["data"]["id"]
    body: dict[str, Any] = {"request": "join", "ptype": "publisher", "room": access["room"], "display": "x"}
    if room_token is not None:
        body["token"] = room_token
    janus_post(f"{access['url']}/{session}/{handle}", {"janus": "message", "body": body, "token": access["token"]})
    events = requests.get(f"{access['url']}/{session}", params={"maxev": 5, "token": access["token"]},
                          timeout=40).json()
    events = events if isinstance(events, list) else [events]
    return next(e for e in events if e.get("janus") == "event")["plugindata"]["data"]


def console_join(hub: RunningHub, doctor: Doctor, call_id: str, what: str = "join") -> requests.Response:
    return requests.post(f"{hub.base_url}/console/calls/{call_id}/conference/{what}",
                         headers={"Cookie": f"{auth.SESSION_COOKIE}={doctor.cookie}", "X-CSRF-Token": doctor.csrf,
                                  "Origin": hub.base_url}, timeout=30)


def test_a_call_gets_janus_rooms_that_only_people_the_hub_admitted_can_enter(
        sfu_hub: RunningHub, janus: RunningJanus) -> None:
    clinic = StationClient.enroll(sfu_hub.base_url, sfu_hub.new_station("BHU Jhok", "Thatta").code)
    status, started = start_call(clinic, referred(clinic)["id"])
    assert status == 201
    access = started["conference"]
    assert access["url"] == janus.url and access["display"] == "station:BHU Jhok"
    # The hub's secret is nowhere in what the station receives.
    assert janus.secret not in str(started)
    expiry, realm, *plugins = access["token"].split(":")[0].split(",")
    assert int(expiry) > time.time() + 3600, "valid for the length of a conference"
    assert realm == "janus" and plugins == ["janus.plugin.videoroom", "janus.plugin.audiobridge"]

    assert janus_post(janus.url, {"janus": "create"})["error"]["code"] == 403  # no token: refused
    forged = signed_token("a guessed secret of some length")
    assert janus_post(janus.url, {"janus": "create", "token": forged})["error"]["code"] == 403
    refused = join_room(access, None)
    assert refused.get("error_code") and "unauthorized" in refused["error"].lower(), refused
    assert join_room(access, secrets.token_urlsafe(18)).get("error_code"), "a made-up room token must be refused"
    assert join_room(access, access["room_token"])["videoroom"] == "joined"


def test_specialists_join_a_conference_call_and_the_minutes_list_everyone(sfu_hub: RunningHub) -> None:
    clinic = StationClient.enroll(sfu_hub.base_url, sfu_hub.new_station("BHU Jhok", "Thatta").code)
    call_id = uuid7()
    start_call(clinic, referred(clinic)["id"], call_id)
    khan = sign_in(sfu_hub, "dr.khan", "Dr Sana Khan")
    baloch = sign_in(sfu_hub, "dr.baloch", "Dr Imran Baloch")
    first, second = console_join(sfu_hub, khan, call_id), console_join(sfu_hub, baloch, call_id)
    assert first.status_code == 200 and second.status_code == 200, (first.text, second.text)
    assert first.json()["access"]["room_token"] != second.json()["access"]["room_token"]
    assert second.json()["access"]["display"] == "specialist:Dr Imran Baloch"
    status = clinic.request("GET", f"/api/v1/calls/{call_id}").json()
    assert status["status"] == "active" and status["specialist_name"] == "Dr Sana Khan"

    people = console_join(sfu_hub, khan, call_id, "presence").json()
    assert people["status"] == "active"
    assert [(p["name"], p["present"]) for p in people["people"]] == [
        ("BHU Jhok", True), ("Dr Sana Khan", True), ("Dr Imran Baloch", True)]
    assert console_join(sfu_hub, baloch, call_id, "leave").json() == {"left": True}
    with sfu_hub.engine.connect() as conn:
        rows = conn.execute(select(t.call_participants).where(t.call_participants.c.call_id == call_id)
                            .order_by(t.call_participants.c.id)).all()
    assert [(r.role, r.display_name, r.left_at is not None) for r in rows] == [
        ("station", "BHU Jhok", False), ("specialist", "Dr Sana Khan", False), ("specialist", "Dr Imran Baloch", True)]
    # The call ends (the station hangs up): the referral page keeps who took part, and for how long.
    with sfu_hub.engine.begin() as conn:
        assert store.mark_ended(conn, call_id, "station", "hung_up", t.utcnow())
        referral_id = conn.execute(select(t.calls.c.referral_id).where(t.calls.c.id == call_id)).scalar_one()
    page = requests.get(f"{sfu_hub.base_url}/referrals/{referral_id}",
                        headers={"Cookie": f"{auth.SESSION_COOKIE}={khan.cookie}"}, timeout=10).text
    assert ("In the call: BHU Jhok (station) (less than a minute), Dr Sana Khan (less than a minute), "
            "Dr Imran Baloch (less than a minute)") in page
    with sfu_hub.engine.connect() as conn:
        assert conn.execute(select(t.call_participants).where(t.call_participants.c.left_at.is_(None))).all() == []
    # The first page to hear of the end closes the rooms: nobody can enter them any more.
    assert console_join(sfu_hub, khan, call_id, "presence").json()["status"] == "ended"
    access = first.json()["access"]
    assert join_room(access, access["room_token"]).get("error_code") == 426, "the room is gone"
    # A page without the console's CSRF token is refused.
    forged = requests.post(f"{sfu_hub.base_url}/console/calls/{call_id}/conference/join",
                           headers={"Cookie": f"{auth.SESSION_COOKIE}={khan.cookie}"}, timeout=10)
    assert forged.status_code == 403


def test_a_station_is_told_in_words_when_the_conference_server_is_down(tmp_path: Path) -> None:
    with run_hub(f"sqlite:///{tmp_path / 'hub.sqlite3'}", sfu_url=f"http://127.0.0.1:{free_port()}/janus",
                 sfu_secret="x" * 24) as hub:
        clinic = StationClient.enroll(hub.base_url, hub.new_station("BHU Jhok", "Thatta").code)
        status, body = start_call(clinic, referred(clinic)["id"])
        with hub.engine.connect() as conn:
            calls = conn.execute(select(t.calls)).all()
    assert status == 503 and body["code"] == "sfu_unavailable"
    assert "conference server" in body["detail"] and "Try again" in body["detail"]
    assert calls == [], "no call is left ringing without its rooms"


def test_the_health_worker_reads_that_the_conference_server_is_down(tmp_path: Path) -> None:
    import asyncio

    from sync.call.events import WORDS
    from sync.call.media import open_local
    from sync.call.session import CallSession
    from sync.call.speaker import Speaker
    from tests.support.call_peer import enroll_and_refer

    with run_hub(f"sqlite:///{tmp_path / 'hub.sqlite3'}", sfu_url=f"http://127.0.0.1:{free_port()}/janus",
                 sfu_secret="x" * 24) as hub:
        case = enroll_and_refer(hub.base_url, hub.new_station().code)
        session = CallSession(case.client, case.referral_id, case.patient_id,
                              media=open_local(None, None, synthetic=True), on_event=lambda e: None,
                              speaker=Speaker(backends=()))
        asyncio.run(session.start())
    assert session.state == "failed" and session.words == WORDS["sfu_unavailable"]


def test_janus_tokens_follow_its_token_auth_secret_form() -> None:
    token = signed_token("s" * 20, ("janus.plugin.videoroom",), ttl=60, now=1_000_000)
    data, signature = token.split(":")
    assert data == "1000060,janus,janus.plugin.videoroom"
    assert base64.b64decode(signature) == hmac.new(b"s" * 20, data.encode(), hashlib.sha1).digest()


@pytest.mark.parametrize("flags, secret, complaint", [
    (["--sfu", "http://127.0.0.1:8088/janus"], None, "--sfu needs the secret shared with Janus"),
    (["--sfu", "ws://127.0.0.1:8188"], "s" * 20, "must be Janus's HTTP API address"),
    (["--sfu", "http://hub.example.org/janus"], "s" * 20, "would send the call's tokens unencrypted"),
    ([], "s" * 20, "without --sfu"),
    (["--sfu", "http://127.0.0.1:8088/janus"], "short", "at least 16 characters"),
    (["--sfu", "http://127.0.0.1:8088/janus"], "has a space in it somewhere", "without spaces"),
])
def test_telehub_serve_refuses_sfu_settings_that_cannot_work(
        tmp_path: Path, flags: list[str], secret: str | None, complaint: str,
        capsys: pytest.CaptureFixture[str]) -> None:
    from hub.cli import main as telehub

    if secret is not None:
        (tmp_path / "sfu-secret").write_text(secret + "\n")
        flags = [*flags, "--sfu-secret-file", str(tmp_path / "sfu-secret")]
    assert telehub(["serve", "--db", f"sqlite:///{tmp_path / 'hub.sqlite3'}", *flags]) == 1
    assert complaint in capsys.readouterr().err


def test_telehub_serve_says_when_the_secret_file_cannot_be_read(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    from hub.cli import main as telehub

    missing = tmp_path / "nowhere" / "sfu-secret"
    assert telehub(["serve", "--db", f"sqlite:///{tmp_path / 'h.sqlite3'}", "--sfu", "http://127.0.0.1:1/janus",
                    "--sfu-secret-file", str(missing)]) == 1
    assert f"the SFU secret file {missing} cannot be read" in capsys.readouterr().err


def janus_rooms(janus: RunningJanus) -> list[int]:
    """The rooms Janus holds now (the admin key lists private ones too), VideoRoom and AudioBridge."""
    from hub.calls.sfu import AUDIOBRIDGE, VIDEOROOM, Janus

    server = Janus(janus.url, janus.secret)
    return sorted(room["room"] for plugin in (VIDEOROOM, AUDIOBRIDGE)
                  for room in server._plugin(plugin, {"request": "list", "admin_key": janus.secret})["list"])


def test_a_refused_call_leaves_no_rooms_behind_in_janus(sfu_hub: RunningHub, janus: RunningJanus) -> None:
    clinic = StationClient.enroll(sfu_hub.base_url, sfu_hub.new_station("BHU Jhok", "Thatta").code)
    other = StationClient.enroll(sfu_hub.base_url, sfu_hub.new_station("RHC Sujawal", "Thatta").code)
    theirs = referred(other)["id"]
    before = janus_rooms(janus)
    # A station asking again and again about referrals the hub will not call for fills no server.
    for _ in range(3):
        assert start_call(clinic, uuid7())[0] == 409
        assert start_call(clinic, theirs)[0] == 403
    assert janus_rooms(janus) == before
    status, started = start_call(clinic, referred(clinic)["id"])
    assert status == 201 and janus_rooms(janus) == sorted([*before, started["conference"]["room"]] * 2)


def test_a_specialist_who_left_cannot_slip_back_in_with_the_old_room_token(sfu_hub: RunningHub) -> None:
    clinic = StationClient.enroll(sfu_hub.base_url, sfu_hub.new_station("BHU Jhok", "Thatta").code)
    call_id = uuid7()
    start_call(clinic, referred(clinic)["id"], call_id)
    khan = sign_in(sfu_hub, "dr.khan", "Dr Sana Khan")
    baloch = sign_in(sfu_hub, "dr.baloch", "Dr Imran Baloch")
    kept = console_join(sfu_hub, baloch, call_id).json()["access"]
    assert join_room(kept, kept["room_token"])["videoroom"] == "joined"
    assert console_join(sfu_hub, baloch, call_id, "leave").json() == {"left": True}
    assert join_room(kept, kept["room_token"]).get("error_code"), "left: the kept token must not open the room"
    # Joining again through the console lets them in again.
    again = console_join(sfu_hub, baloch, call_id).json()["access"]
    assert join_room(again, again["room_token"])["videoroom"] == "joined"
    # A page that stops reporting (tab kept open after signing out, account disabled) is swept out
    # by the others' presence reports, and its token stops working too.
    console_join(sfu_hub, khan, call_id)
    with sfu_hub.engine.begin() as conn:
        conn.execute(t.call_participants.update().where(t.call_participants.c.specialist_id == baloch.id)
                     .values(seen_at=t.utcnow() - timedelta(minutes=5)))
    people = console_join(sfu_hub, khan, call_id, "presence").json()["people"]
    assert [p["present"] for p in people if p["name"] == "Dr Imran Baloch"] == [False, False]
    assert join_room(again, again["room_token"]).get("error_code"), "swept out: the token must not open the room"
    mine = console_join(sfu_hub, khan, call_id).json()["access"]
    assert join_room(mine, mine["room_token"])["videoroom"] == "joined", "those still in keep their way in"


def test_the_conference_page_keeps_relay_only_and_opens_connect_src_to_janus_alone(
        tmp_path: Path, janus: RunningJanus) -> None:
    with run_hub(f"sqlite:///{tmp_path / 'hub.sqlite3'}", cookie_secure=False, sfu_url=janus.url,
                 sfu_secret=janus.secret, turn_urls=("turn:turn.example.org:3478",), turn_secret="t" * 20,
                 ice_transport_policy="relay") as hub:
        clinic = StationClient.enroll(hub.base_url, hub.new_station("BHU Jhok", "Thatta").code)
        call_id = uuid7()
        assert start_call(clinic, referred(clinic)["id"], call_id)[1]["ice_transport_policy"] == "relay"
        khan = sign_in(hub, "dr.khan", "Dr Sana Khan")
        page = requests.get(f"{hub.base_url}/calls/{call_id}", timeout=10,
                            headers={"Cookie": f"{auth.SESSION_COOKIE}={khan.cookie}"})
    assert 'data-ice-policy="relay"' in page.text, "the browser's connections to Janus must use the relay only"
    connect = next(d for d in page.headers["Content-Security-Policy"].split(";") if "connect-src" in d).split()
    assert connect == ["connect-src", "'self'", janus.url.rsplit("/janus", 1)[0]]
    assert janus.secret not in page.text


def test_the_rooms_of_a_call_that_ended_unseen_are_closed_by_the_background_task(
        sfu_hub: RunningHub, janus: RunningJanus) -> None:
    from hub.background import BackgroundTask

    clinic = StationClient.enroll(sfu_hub.base_url, sfu_hub.new_station("BHU Jhok", "Thatta").code)
    call_id = uuid7()
    room = start_call(clinic, referred(clinic)["id"], call_id)[1]["conference"]["room"]
    khan = sign_in(sfu_hub, "dr.khan", "Dr Sana Khan")
    assert console_join(sfu_hub, khan, call_id).status_code == 200
    assert room in janus_rooms(janus)
    # The station's link dies and the specialist closes the tab: nobody is left to see the call end.
    with sfu_hub.engine.begin() as conn:
        conn.execute(t.calls.update().where(t.calls.c.id == call_id)
                     .values(station_seen_at=t.utcnow() - timedelta(minutes=5)))
    BackgroundTask(sfu_hub.engine, sfu_hub.settings).tick()
    assert room not in janus_rooms(janus)
    with sfu_hub.engine.connect() as conn:
        assert conn.execute(select(t.calls.c.status).where(t.calls.c.id == call_id)).scalar() == "ended"
        assert conn.execute(select(t.call_participants).where(t.call_participants.c.left_at.is_(None))).all() == []


def test_the_only_specialist_signed_out_with_the_tab_open_loses_the_way_in(
        sfu_hub: RunningHub, janus: RunningJanus) -> None:
    from hub.background import BackgroundTask

    clinic = StationClient.enroll(sfu_hub.base_url, sfu_hub.new_station("BHU Jhok", "Thatta").code)
    call_id = uuid7()
    start_call(clinic, referred(clinic)["id"], call_id)
    khan = sign_in(sfu_hub, "dr.khan", "Dr Sana Khan")
    kept = console_join(sfu_hub, khan, call_id).json()["access"]
    # No other specialist's page reports presence: the hub's own round notices the silence.
    with sfu_hub.engine.begin() as conn:
        conn.execute(t.call_participants.update().where(t.call_participants.c.specialist_id == khan.id)
                     .values(seen_at=t.utcnow() - timedelta(minutes=1)))
    BackgroundTask(sfu_hub.engine, sfu_hub.settings).tick()
    assert join_room(kept, kept["room_token"]).get("error_code"), "the kept token must not open the room"


def test_a_specialist_janus_would_not_admit_neither_answers_the_call_nor_shows_in_its_minutes(
        sfu_hub: RunningHub) -> None:
    import dataclasses

    clinic = StationClient.enroll(sfu_hub.base_url, sfu_hub.new_station("BHU Jhok", "Thatta").code)
    call_id = uuid7()
    start_call(clinic, referred(clinic)["id"], call_id)
    khan = sign_in(sfu_hub, "dr.khan", "Dr Sana Khan")
    working = sfu_hub.app.state.settings
    sfu_hub.app.state.settings = dataclasses.replace(working, sfu_url=f"http://127.0.0.1:{free_port()}/janus")
    try:
        refused = console_join(sfu_hub, khan, call_id)  # Janus is down for a moment
    finally:
        sfu_hub.app.state.settings = working
    assert refused.status_code == 503 and "cannot be reached" in refused.json()["message"]
    assert clinic.request("GET", f"/api/v1/calls/{call_id}").json()["status"] == "ringing"
    with sfu_hub.engine.connect() as conn:
        roles = conn.execute(select(t.call_participants.c.role).where(t.call_participants.c.call_id == call_id)).all()
    assert [r.role for r in roles] == ["station"]
    assert console_join(sfu_hub, khan, call_id).status_code == 200, "once Janus answers, joining works"
