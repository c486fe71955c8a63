"""Sync over emulated rural links (EDGE, 3G): packets really lost, queued and delayed.

A station and a hub in two network namespaces joined by tests/support/linkemu.py. Needs root
(namespaces, TUN devices): without it these tests are skipped and say why.
"""

from __future__ import annotations

import random
import socket
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from hub import tables as t
from hub.console.answer import AdviceForm, save_advice, send_once
from hub.console.auth import Specialist
from hub.db import make_engine, migrate
from hub.stations import create_station
from station.records import Advice, Referral
from sync import status
from sync.engine import SyncEngine, SyncReport
from sync.loop import NetworkLoop, SyncService
from sync.pacing import Backoff
from tests.support import linkemu
from tests.support import sync_station as clinic

UNAVAILABLE = linkemu.why_unavailable()
pytestmark = [pytest.mark.root, pytest.mark.skipif(UNAVAILABLE is not None, reason=UNAVAILABLE or "")]
HUB_URL = f"http://{linkemu.HUB_IP}:8000"


@dataclass
class Rural:
    link: linkemu.Link
    engine: Engine  # the hub's database, as the console reaches it
    folder: Path  # the station's data folder


def rural(profile: linkemu.Profile, tmp_path: Path) -> Iterator[Rural]:
    db_url = f"sqlite:///{tmp_path / 'hub.sqlite3'}"
    engine = make_engine(db_url)
    migrate(engine)
    with linkemu.Link(profile) as link:
        hub = link.start_hub(db_url, tmp_path / "hub.log")
        try:
            yield Rural(link, engine, tmp_path / "station")
        finally:
            hub.terminate()
            hub.wait(10)
            engine.dispose()


@pytest.fixture(params=[linkemu.EDGE, linkemu.THREE_G], ids=lambda p: p.name)
def place(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Rural]:
    yield from rural(request.param, tmp_path)


@pytest.fixture
def edge(tmp_path: Path) -> Iterator[Rural]:
    yield from rural(linkemu.EDGE, tmp_path)


def new_code(engine: Engine) -> tuple[str, str]:
    with engine.begin() as conn:
        made = create_station(conn, "BHU Jhok", "Thatta")
    return made.station_id, made.code


def advise(engine: Engine, referral_id: str) -> str:
    """A specialist answers through the console's own function."""
    from tests.integration.console_seed import add_specialist

    specialist_id = add_specialist(engine, f"farah{random.randrange(10**6)}", "Dr Farah Khan", "general medicine")
    specialist = Specialist(id=specialist_id, username="farah", name="Dr Farah Khan", specialty="general medicine")
    form = AdviceForm(assessment="Pneumonia with low oxygen.", recommendations="Refer to the DHQ hospital today.",
                      plan_changed="yes", plan_change="Transfer for oxygen.", follow_up="Call after arrival.")
    assert send_once(engine, lambda c: save_advice(c, referral_id, specialist, form), t.advice, form.advice_id)
    return form.advice_id


def round_trip_seconds() -> float:
    started = time.monotonic()
    with socket.create_connection((linkemu.HUB_IP, 8000), timeout=30):
        return time.monotonic() - started


def test_a_referral_with_a_photo_crosses_a_rural_link_and_the_advice_comes_back(place: Rural) -> None:
    profile = place.link.profile
    hub_station, code = new_code(place.engine)
    photo = clinic.photo(random.Random(1), 40_000)

    def refer_and_sync() -> tuple[str, SyncReport, float, float]:
        store = clinic.create_station(place.folder, HUB_URL, code)
        rng = random.Random(2)
        patient = clinic.register(store, rng)
        referral = clinic.refer(store, patient, clinic.consultation(store, patient, rng), rng, photo)
        rtt = round_trip_seconds()
        engine = SyncEngine(store)
        started = time.monotonic()
        report = engine.sync_once()
        seconds = time.monotonic() - started
        engine.close()
        store.close()
        return referral.id, report, seconds, rtt

    referral_id, report, seconds, rtt = place.link.call_in(place.link.station_ns, refer_and_sync)
    assert report.ok, report.lines()
    # The link is really there: a TCP handshake takes a round trip, and the photo cannot beat the rate.
    assert rtt >= profile.rtt * 0.9
    floor = (len(photo) + report.bytes_sent) * 8 / profile.rate
    assert seconds >= len(photo) * 8 / profile.rate
    assert seconds <= 3 * floor + 15 * profile.rtt, f"{seconds:.1f} s over {profile.name}, floor {floor:.1f} s"
    with clinic.open_station(place.folder) as store:
        clinic.assert_in_step(store, place.engine, hub_station)
    with place.engine.connect() as conn:
        assert conn.execute(select(t.referrals.c.status).where(t.referrals.c.id == referral_id)).scalar() == "sent"

    advice_id = advise(place.engine, referral_id)

    def pull() -> SyncReport:
        with clinic.open_station(place.folder) as store:
            engine = SyncEngine(store)
            try:
                return engine.sync_once()
            finally:
                engine.close()

    assert place.link.call_in(place.link.station_ns, pull).applied.advice == 1
    with clinic.open_station(place.folder) as store:
        assert store.get(Advice, advice_id).recommendations == "Refer to the DHQ hospital today."
        assert store.get(Referral, referral_id).status == "answered"
        clinic.assert_in_step(store, place.engine, hub_station)
    stats = place.link.stats()
    if profile is linkemu.EDGE:
        assert stats["up"]["lost"] + stats["down"]["lost"] > 0, "a 2% loss link lost nothing"


def test_a_referral_made_offline_reaches_the_hub_when_the_link_returns_and_the_advice_follows(
        edge: Rural) -> None:
    link = edge.link
    hub_station, code = new_code(edge.engine)
    link.call_in(link.station_ns, lambda: clinic.create_station(edge.folder, HUB_URL, code).close())
    link.modem(False)  # the clinic is offline

    with clinic.open_station(edge.folder) as store:
        rng = random.Random(3)
        patient = clinic.register(store, rng)
        referral = clinic.refer(store, patient, clinic.consultation(store, patient, rng), rng)

    reports: list[SyncReport] = []
    holder: dict[str, object] = {}

    def start_service() -> None:
        # Started from the station's namespace, its loop and worker threads live there too.
        net = NetworkLoop().start()
        service = SyncService(lambda: clinic.open_station(edge.folder), interval=3600, watch_every=0.5,
                              backoff=Backoff(120, 600), on_report=reports.append)
        net.submit(service.run())
        assert service.wait_ready()
        holder.update(net=net, service=service)

    link.call_in(link.station_ns, start_service)
    service: SyncService = holder["service"]  # type: ignore[assignment]
    net: NetworkLoop = holder["net"]  # type: ignore[assignment]
    try:
        wait_for(lambda: len(reports) >= 1, 30)
        assert not reports[0].ok and "no network connection" in reports[0].error.message
        current = current_status(edge.folder)
        assert current.waiting > 0 and not current.synced
        # The next try is minutes away; the link coming back must not wait for it.
        link.modem(True)
        came_back = time.monotonic()
        wait_for(lambda: any(r.ok for r in reports), 60)
        assert time.monotonic() - came_back < 30
        with edge.engine.connect() as conn:
            row = conn.execute(select(t.referrals.c.status).where(t.referrals.c.id == referral.id)).first()
        assert row is not None and row.status == "sent"

        advice_id = advise(edge.engine, referral.id)
        count = len(reports)
        service.sync_now()
        wait_for(lambda: len(reports) > count, 60)
        assert reports[-1].ok and reports[-1].applied.advice == 1
        with clinic.open_station(edge.folder) as store:
            assert store.get(Advice, advice_id).specialist_name == "Dr Farah Khan"
            assert store.get(Referral, referral.id).status == "answered"
    finally:
        service.stop()
        wait_for(lambda: service.state == "stopped", 30)
        net.stop()
    with clinic.open_station(edge.folder) as store:
        clinic.assert_in_step(store, edge.engine, hub_station)


def wait_for(condition: Callable[[], bool], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"not within {seconds} s")


def current_status(folder: Path) -> status.SyncStatus:
    """The station's sync status, read on a connection of its own."""
    with clinic.open_station(folder) as store:
        return status.read(store)
