"""One station's upload never stops another's sync, and one bad file never holds back the rest.

Real hub over HTTP, real station store and sync engine; the hostile station is a signed client.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from hub import stations
from hub import tables as t
from station.records import Advice, Referral
from station.store import Store
from sync import blobs, status
from sync.engine import SyncEngine, SyncReport
from tests.support import sync_station as clinic
from tests.support.faulty_proxy import Exchange, Fault, FaultyProxy
from tests.support.server import RunningHub, run_hub
from tests.support.station_client import StationClient


@pytest.fixture
def clinic_a(hub: RunningHub, tmp_path: Path) -> Iterator[tuple[Store, str]]:
    new = hub.new_station("BHU Jhok", "Thatta")
    store = clinic.create_station(tmp_path / "station-a", hub.base_url, new.code)
    yield store, new.station_id
    store.close()


def sync(store: Store) -> SyncReport:
    engine = SyncEngine(store)
    try:
        return engine.sync_once()
    finally:
        engine.close()


def emergency_with_photo(store: Store, photo: bytes, seed: int = 5) -> Referral:
    rng = random.Random(seed)
    patient = clinic.register(store, rng)
    return clinic.refer(store, patient, clinic.consultation(store, patient, rng), rng, photo_bytes=photo)


def test_another_stations_hostile_upload_of_the_same_file_never_stops_this_stations_sync(
    hub: RunningHub, clinic_a: tuple[Store, str], other_station: StationClient
) -> None:
    store, hub_a = clinic_a
    photo = clinic.photo(random.Random(1), 150_000)
    referral = emergency_with_photo(store, photo)
    sha = referral.attachments[0]
    # Station B sends one small chunk for the same file's sha256 (and a false length) and stops.
    assert other_station.upload_chunk(sha, 0, len(photo) + 1, b"\x00" * 64).status_code == 204

    first = sync(store)
    assert first.ok, first.lines()
    assert first.files == 1 and first.pushed.rejected == 0
    clinic.assert_in_step(store, hub.engine, hub_a)  # patient, referral and photo, byte for byte
    assert clinic.hub_blob(hub.engine, sha, hub_a) == photo

    advice_id = clinic.answer(hub.engine, hub_a, referral.id, referral.patient_id)
    second = sync(store)
    assert second.ok and second.applied.advice == 1, second.lines()
    assert store.get(Advice, advice_id).referral_id == referral.id
    assert status.read(store).synced
    # B's upload sits there, still B's, still unfinished.
    with hub.engine.connect() as conn:
        squat = conn.execute(select(t.blobs).where(t.blobs.c.station_id == other_station.station_id)).one()
    assert (squat.sha256, squat.received, squat.complete) == (sha, 64, False)


def _address(hub: RunningHub) -> Callable[[], tuple[str, int]]:
    host, port = hub.base_url.removeprefix("http://").split(":")
    return lambda: (host, int(port))


def test_a_photo_that_will_not_go_through_holds_back_nothing_else(
    hub: RunningHub, clinic_a: tuple[Store, str]
) -> None:
    store, hub_a = clinic_a
    photo = clinic.photo(random.Random(2), 120_000)
    referral = emergency_with_photo(store, photo)
    advice_for_earlier = None

    def cut_file_bytes(exchange: Exchange) -> Fault:
        # Every chunk with bytes in it (sizes count headers too) is cut on the way; the rest passes.
        return Fault("cut_request") if exchange.method == "PATCH" and exchange.size > 4096 else Fault()

    with FaultyProxy(_address(hub), cut_file_bytes) as proxy:
        store.conn.execute("UPDATE sync_identity SET hub_url = ?", (proxy.url,))
        report = sync(store)
        assert not report.ok  # the file did not go: said so ...
        records = clinic.hub_records(hub.engine, hub_a)
        # ... but the patient, the consultation and the referral did.
        assert ("referral", referral.id) in records and ("patient", referral.patient_id) in records
        advice_for_earlier = clinic.answer(hub.engine, hub_a, referral.id, referral.patient_id)
        again = sync(store)
        assert again.applied.advice == 1  # and the advice arrives while the photo is stuck
    assert store.get(Advice, advice_for_earlier).referral_id == referral.id
    problems = blobs.file_problems(store, referral.id)
    assert [(p.sha256, p.state, p.filename) for p in problems] == [(referral.attachments[0], "pending", "chest.jpg")]
    assert "cut" in problems[0].reason or "connection" in problems[0].reason
    assert any("chest.jpg not sent yet" in line for line in again.lines())
    shown = status.referral_problems(store, referral.id)
    assert len(shown) == 1 and "chest.jpg" in shown[0] and "not reached the hub" in shown[0]

    # The link heals: the photo goes, and nothing is left to report.
    store.conn.execute("UPDATE sync_identity SET hub_url = ?", (hub.base_url,))
    healed = sync(store)
    assert healed.ok and healed.files == 1, healed.lines()
    assert clinic.hub_blob(hub.engine, referral.attachments[0], hub_a) == photo
    assert blobs.file_problems(store) == [] and status.referral_problems(store, referral.id) == []
    clinic.assert_in_step(store, hub.engine, hub_a)


def test_a_photo_the_hub_refuses_is_reported_on_its_referral_and_the_rest_goes_on(
    hub_db_url: str, tmp_path: Path
) -> None:
    with run_hub(hub_db_url, max_blob_bytes=50_000) as small_hub:
        new = small_hub.new_station("BHU Jhok", "Thatta")
        store = clinic.create_station(tmp_path / "station", small_hub.base_url, new.code)
        try:
            referral = emergency_with_photo(store, clinic.photo(random.Random(3), 80_000))
            rng = random.Random(4)
            other = clinic.register(store, rng)
            clinic.consultation(store, other, rng)
            report = sync(store)
            assert report.ok, report.lines()
            records = clinic.hub_records(small_hub.engine, new.station_id)
            assert ("patient", other.id) in records  # the other patient went
            problems = blobs.file_problems(store, referral.id)
            assert len(problems) == 1 and problems[0].state == "failed" and "at most" in problems[0].reason
            shown = " ".join(status.referral_problems(store, referral.id))
            assert "chest.jpg" in shown and "refused" in shown
            assert any("chest.jpg refused by the hub" in line for line in report.lines())
        finally:
            store.close()


def test_a_switched_off_station_is_told_so_whatever_was_pending(
    hub: RunningHub, clinic_a: tuple[Store, str]
) -> None:
    store, hub_a = clinic_a
    emergency_with_photo(store, clinic.photo(random.Random(6), 90_000))
    with hub.engine.begin() as conn:
        stations.revoke_station(conn, hub_a)
    report = sync(store)
    assert report.error is not None and not report.error.transient
    assert "switched off at the hub" in report.error.message
    assert "switched off at the hub" in (status.read(store).last_error or "")


def test_a_file_once_counted_as_sent_because_another_station_had_it_is_sent_after_all(
    hub: RunningHub, clinic_a: tuple[Store, str]
) -> None:
    # Hubs used to refuse a second station's upload of a file (403) and stations then counted it
    # as sent. Such a station now sends its own copy before its referral's next version goes.
    store, hub_a = clinic_a
    photo = clinic.photo(random.Random(8), 40_000)
    referral = emergency_with_photo(store, photo)
    assert sync(store).ok
    sha = referral.attachments[0]
    with hub.engine.begin() as conn:
        conn.execute(t.blobs.delete().where(t.blobs.c.station_id == hub_a))
    store.conn.execute("UPDATE sync_blobs SET state = 'done', last_error = ? WHERE sha256 = ?",
                       ("This attachment was uploaded by another station.", sha))
    clinic.answer(hub.engine, hub_a, referral.id, referral.patient_id)  # the referral moves on: a new version

    report = sync(store)
    assert report.ok and report.pushed.rejected == 0, report.lines()
    assert report.files == 1 and clinic.hub_blob(hub.engine, sha, hub_a) == photo
    assert store.get(Referral, referral.id).status == "answered"
    clinic.assert_in_step(store, hub.engine, hub_a)
