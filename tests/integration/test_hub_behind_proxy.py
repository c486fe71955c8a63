"""Two hub processes on one PostgreSQL behind Debian's nginx work as one hub.

Requests are balanced round-robin, so consecutive requests land on different processes: a
station's sync, the console's sign-in lock-out and a call's signaling (WebSockets through nginx)
must all hold across them. nginx's access log names the process that answered each request, so
every test shows the work really crossed processes.
"""

from __future__ import annotations

import asyncio
import json
import random
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine, select
from websockets.asyncio.client import connect

from hub import tables as t
from hub.console import auth
from hub.db import make_engine, migrate
from hub.stations import create_station
from station.records import Advice
from sync.engine import SyncEngine
from sync.wire.ids import uuid7
from sync.wire.signing import sign_request
from tests.integration.calls_support import ANSWER, OFFER
from tests.integration.console_seed import PASSWORD, add_specialist, form_fields
from tests.support import sync_station
from tests.support.hub_farm import NGINX_SKIP, HubFarm, hub_farm, nginx_available
from tests.support.postgres import fresh_database
from tests.support.station_client import StationClient


@pytest.fixture(scope="module")
def farm_db(pg_server: str) -> Iterator[tuple[str, Engine]]:
    if not nginx_available():
        pytest.skip(NGINX_SKIP)
    with fresh_database(pg_server) as url:
        engine = make_engine(url)
        migrate(engine)
        yield url, engine
        engine.dispose()


@pytest.fixture(scope="module")
def farm(farm_db: tuple[str, Engine], tmp_path_factory: pytest.TempPathFactory) -> Iterator[HubFarm]:
    with hub_farm(farm_db[0], tmp_path_factory.mktemp("farm"), processes=2) as running:
        yield running


@pytest.fixture
def engine(farm_db: tuple[str, Engine]) -> Engine:
    return farm_db[1]


def new_code(engine: Engine, clinic: str) -> str:
    with engine.begin() as conn:
        return create_station(conn, clinic, "Thatta").code


def test_a_station_syncs_through_the_proxy_whichever_process_answers(
    farm: HubFarm, engine: Engine, tmp_path: Path
) -> None:
    rng = random.Random(12)
    store = sync_station.create_station(tmp_path / "station", farm.base_url, new_code(engine, "BHU Jhok"))
    try:
        sync = SyncEngine(store)
        patient = sync_station.register(store, rng)
        referral = sync_station.refer(store, patient, sync_station.consultation(store, patient, rng), rng)
        for _ in range(3):
            assert sync.sync_once().ok
        sync_station.answer(engine, sync.hub_station, referral.id, patient.id)
        assert sync.sync_once().ok
        assert [a.referral_id for a in store.find(Advice)] == [referral.id]
        sync_station.assert_in_step(store, engine, sync.hub_station)
        sync.close()
    finally:
        store.close()
    answered_by = set(farm.upstreams("POST", "/api/v1/sync/push")) | set(farm.upstreams("GET", "/api/v1/sync/pull"))
    assert answered_by == set(farm.hubs), answered_by


def test_the_sign_in_lock_out_holds_across_processes(farm: HubFarm, engine: Engine) -> None:
    add_specialist(engine, "dr.proxy", "Dr Proxy Test", "internal_medicine")
    before = len(farm.upstreams("POST", "/login"))
    browser = httpx.Client(base_url=farm.base_url, follow_redirects=False, timeout=30)
    # One sign-in page, then only posts: round-robin sends consecutive posts to alternate processes.
    fields = form_fields(browser.get("/login").text, "/login")

    def sign_in(password: str) -> httpx.Response:
        return browser.post("/login", data={**fields, "username": "dr.proxy", "password": password})

    statuses = [sign_in("not the password").status_code for _ in range(auth.LoginThrottle.free_attempts)]
    assert statuses == [401] * auth.LoginThrottle.free_attempts
    locked = sign_in(PASSWORD)  # the right password, but the account is locked for now
    assert locked.status_code == 429
    assert "Too many" in locked.text or "try again" in locked.text.lower()
    assert set(farm.upstreams("POST", "/login")[before:]) == set(farm.hubs)


async def _signal_across(farm: HubFarm, station: StationClient, call_id: str, cookie: str) -> list[str]:
    ws = farm.base_url.replace("http://", "ws://")
    path = f"/api/v1/calls/{call_id}/signal"
    signed = sign_request(station.private_key, station.station_id, "GET", path, b"")
    async with connect(ws + path, additional_headers=signed, open_timeout=15) as clinic, connect(
        ws + f"/console/calls/{call_id}/signal", additional_headers={"Cookie": f"{auth.SESSION_COOKIE}={cookie}"},
        origin=farm.base_url, open_timeout=15,  # type: ignore[arg-type]
    ) as specialist:
        await clinic.send(json.dumps({"type": "offer", "sdp": OFFER}))
        offer = await _next(specialist, "offer")
        await specialist.send(json.dumps({"type": "answer", "sdp": ANSWER}))
        answer = await _next(clinic, "answer")
        return [offer["sdp"], answer["sdp"]]


async def _next(socket: object, kind: str) -> dict[str, object]:
    while True:
        message = json.loads(await asyncio.wait_for(socket.recv(), 20))  # type: ignore[attr-defined]
        if message.get("type") == kind:
            return message


def test_a_calls_signaling_crosses_processes_through_the_proxy(farm: HubFarm, engine: Engine) -> None:
    station = StationClient.enroll(farm.base_url, new_code(engine, "RHC Mirpur Sakro"))
    changes, referral = station.referral_case()
    assert station.push(changes).status_code == 200
    call_id = uuid7()
    started = station.request("POST", "/api/v1/calls", json_body={"call_id": call_id, "referral_id": referral["id"]})
    assert started.status_code in (200, 201), started.text
    specialist_id = add_specialist(engine, "dr.calls", "Dr Calls", "Internal medicine")
    with engine.begin() as conn:
        cookie, _csrf = auth.create_session(conn, specialist_id, t.utcnow())

    assert asyncio.run(_signal_across(farm, station, call_id, cookie)) == [OFFER, ANSWER]
    sockets = farm.upstreams("GET", f"/api/v1/calls/{call_id}/signal") + farm.upstreams(
        "GET", f"/console/calls/{call_id}/signal")
    assert len(sockets) == 2 and sockets[0] != sockets[1], sockets  # one socket on each process
    with engine.connect() as conn:
        assert conn.execute(select(t.calls.c.status).where(t.calls.c.id == call_id)).scalar_one() in ("ringing", "active")
