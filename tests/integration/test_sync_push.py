"""Pushing the outbox: records reach the hub once, the hub's refusals are kept with its reason."""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from hub import tables as t
from station import consultations, patients
from station.records import Encounter, Patient, Referral
from station.store import Store
from sync import status
from sync.engine import EngineConfig, SyncEngine, SyncReport
from tests.support import sync_station as clinic
from tests.support.faulty_proxy import Fault, FaultyProxy
from tests.support.server import RunningHub, run_hub
from tests.support.station_client import StationClient


@pytest.fixture
def station(hub: RunningHub, tmp_path: Path) -> Iterator[tuple[Store, str]]:
    """An enrolled station (its store, and the id the hub knows it by)."""
    new = hub.new_station("BHU Jhok", "Thatta")
    store = clinic.create_station(tmp_path / "station", hub.base_url, new.code)
    yield store, new.station_id
    store.close()


def sync(store: Store, config: EngineConfig | None = None) -> SyncReport:
    engine = SyncEngine(store, config)
    try:
        return engine.sync_once()
    finally:
        engine.close()


def test_a_days_work_reaches_the_hub_once_with_only_the_latest_version_of_each_record(
        hub: RunningHub, station: tuple[Store, str]) -> None:
    store, hub_id = station
    rng = random.Random(7)
    for _ in range(6):
        patient = clinic.register(store, rng)
        encounter = clinic.consultation(store, patient, rng)
    patients.update(store, patient.id, {"village": "Gharo"}, patient.version)
    clinic.refer(store, patient, encounter, rng)
    waiting = store.outbox_counts()["pending"]

    report = sync(store)
    assert report.ok, report.lines()
    # A draft and its signed version travel once, as the signed version.
    encounters = store.conn.execute("SELECT count(*) FROM outbox WHERE entity = 'encounter'").fetchone()[0]
    assert encounters == 12 and report.pushed.superseded >= 6
    assert report.pushed.accepted + report.pushed.superseded >= waiting
    clinic.assert_in_step(store, hub.engine, hub_id)
    assert status.read(store).synced

    again = sync(store)
    assert again.ok and again.pushed.accepted == 0 and again.requests == 1  # just the pull


def test_a_referral_shows_sent_only_once_the_hub_has_confirmed_it(hub: RunningHub, station: tuple[Store, str],
                                                                 tmp_path: Path) -> None:
    store, hub_id = station
    rng = random.Random(3)
    patient = clinic.register(store, rng)
    referral = clinic.refer(store, patient, clinic.consultation(store, patient, rng), rng)
    faults = iter([Fault("drop_response"), Fault("drop_response")])  # the answer and the retry's
    # The hub commits the referral but its answer is lost on the way back.
    with FaultyProxy(_address(hub), lambda _e: next(faults, Fault())) as proxy:
        store.conn.execute("UPDATE sync_identity SET hub_url = ?", (proxy.url,))
        first = sync(store)
        assert not first.ok
        current = status.read(store)
        assert current.sent > 0 and not current.synced
        assert "cut before it answered" in current.last_error and "saved here" in current.last_error
        assert store.get(Referral, referral.id).status == "queued"

        second = sync(store)
        assert second.ok, second.lines()
        assert second.pushed.duplicate > 0  # the hub recognised the changes it already had
    assert store.get(Referral, referral.id).status == "sent"
    clinic.assert_in_step(store, hub.engine, hub_id)
    assert status.read(store).synced and status.read(store).last_error is None


def _address(hub: RunningHub) -> Callable[[], tuple[str, int]]:
    host, port = hub.base_url.removeprefix("http://").split(":")
    return lambda: (host, int(port))


def _forge(store: Store, change_sql: str, *args: object) -> str:
    """Damage the newest outbox change the way a faulty or newer program version could."""
    change_id = store.conn.execute("SELECT change_id FROM outbox ORDER BY seq DESC LIMIT 1").fetchone()[0]
    store.conn.execute(change_sql + " WHERE change_id = ?", (*args, change_id))
    return change_id


@pytest.mark.parametrize(("damage", "args", "reason"), [
    ("UPDATE outbox SET payload = json_set(payload, '$.favourite_colour', 'blue')", (),
     "data.favourite_colour is not a known field"),
    ("UPDATE outbox SET payload = json_set(payload, '$.sex', 'unknown')", (), "data.sex"),
    ("UPDATE outbox SET hlc = ?", ("yesterday",), "hybrid logical clock"),
])
def test_a_change_the_hub_refuses_is_kept_with_the_hubs_reason_and_the_rest_go_through(
        hub: RunningHub, station: tuple[Store, str], damage: str, args: tuple[object, ...], reason: str) -> None:
    store, hub_id = station
    rng = random.Random(11)
    for _ in range(3):
        clinic.register(store, rng)
    bad = _forge(store, damage, *args)
    for _ in range(3):
        clinic.register(store, rng)

    report = sync(store, EngineConfig(start_batch=10))
    assert report.ok, report.lines()
    assert report.pushed.rejected == 1 and report.pushed.accepted == 5
    refused = status.rejected_changes(store)
    assert len(refused) == 1 and reason in refused[0].reason
    row = store.conn.execute("SELECT state, reason FROM outbox WHERE change_id = ?", (bad,)).fetchone()
    assert row[0] == "rejected" and reason in row[1]
    current = status.read(store)
    assert current.rejected == 1 and current.waiting == 0 and not current.synced
    assert any("refused by the hub" in line for line in current.lines())
    with hub.engine.connect() as conn:
        stored = conn.execute(select(t.records.c.id).where(t.records.c.station_id == hub_id)).scalars().all()
    assert len(stored) == 5
    # Trying again does not lose it or send it again: it stays refused, with its reason.
    assert sync(store).pushed.rejected == 0
    assert status.rejected_changes(store) == refused


def test_a_change_touching_another_stations_record_is_refused_alone(hub: RunningHub,
                                                                    station: tuple[Store, str]) -> None:
    store, _hub_id = station
    other = StationClient.enroll(hub.base_url, hub.new_station("RHC Mirpur Sakro", "Thatta").code)
    theirs = other.patient()
    assert other.push([other.change("patient", theirs)]).status_code == 200
    rng = random.Random(5)
    for _ in range(4):
        clinic.register(store, rng)
    _forge(store, "UPDATE outbox SET record_id = ?, payload = json_set(payload, '$.id', ?)", theirs["id"], theirs["id"])

    report = sync(store, EngineConfig(start_batch=10))
    assert report.pushed.rejected == 1 and report.pushed.accepted == 3
    assert "belongs to another station" in status.rejected_changes(store)[0].reason
    with hub.engine.connect() as conn:
        row = conn.execute(select(t.records.c.station_id, t.records.c.payload).where(t.records.c.id == theirs["id"])).one()
    assert row.station_id == other.station_id and json.loads(row.payload)["name"] == theirs["name"]


def test_batches_halve_when_the_hub_says_a_request_is_too_large(tmp_path: Path) -> None:
    with run_hub(f"sqlite:///{tmp_path / 'hub.sqlite3'}", cookie_secure=False,
                 max_decompressed_bytes=6000) as small:
        new = small.new_station("BHU Jhok", "Thatta")
        store = clinic.create_station(tmp_path / "station", small.base_url, new.code)
        rng = random.Random(2)
        for _ in range(8):
            clinic.consultation(store, clinic.register(store, rng), rng)
        engine = SyncEngine(store, EngineConfig(start_batch=40))
        report = engine.sync_once()
        assert report.ok, report.lines()
        assert report.pushed.rejected == 0
        assert engine.sizer.count < 40
        clinic.assert_in_step(store, small.engine, new.station_id)
        engine.close()
        store.close()


def test_a_correction_of_a_signed_consultation_travels_as_a_new_record(hub: RunningHub,
                                                                      station: tuple[Store, str]) -> None:
    store, hub_id = station
    rng = random.Random(9)
    signed = clinic.consultation(store, clinic.register(store, rng), rng)
    assert sync(store).ok
    correction = consultations.correct(store, signed.id, "Diagnosis was wrong", assessment="Typhoid fever, not malaria.")
    assert sync(store).ok
    held = clinic.hub_records(hub.engine, hub_id)
    assert held[("encounter", signed.id)]["assessment"] == store.get(Encounter, signed.id).assessment
    assert held[("encounter", correction.id)]["supersedes"] == signed.id
    assert store.get(Patient, signed.patient_id).id == held[("patient", signed.patient_id)]["id"]


def test_consent_travels_with_the_referral_and_the_specialist_sees_it(hub: RunningHub,
                                                                     station: tuple[Store, str]) -> None:
    from station import consent, referrals
    from tests.integration.console_seed import ConsoleUser, add_specialist

    store, _hub_id = station
    rng = random.Random(11)
    patient = clinic.register(store, rng)
    encounter = clinic.consultation(store, patient, rng)
    agreed = consent.clean("caregiver", "Rashida Bibi", "mother", True, store.user.username)
    shared = referrals.create(store, patient.id, "paediatrics", "urgent", "Fast breathing and chest indrawing: "
                              "admit?", encounter_id=encounter.id, consent=agreed)
    refused = referrals.create(store, patient.id, "dermatology", "routine", "Itchy rash on both hands for a "
                               "month.", consent=consent.clean("patient", patient.name, "", False, "admin"))
    assert sync(store).ok
    with hub.engine.connect() as conn:
        stored = {r.id: json.loads(r.payload) for r in conn.execute(
            select(t.records).where(t.records.c.entity == "referral"))}
    assert stored[shared.id]["consent"]["relation"] == "mother" and refused.id not in stored
    add_specialist(hub.engine, "dr.naz", "Dr Farah Naz", "paediatrics")
    import httpx

    user = ConsoleUser(httpx.Client(base_url=hub.base_url, follow_redirects=False))
    assert user.login("dr.naz").status_code == 303
    page = user.open_referral(shared.id)
    assert "Consent to share" in page.text and "Given by Rashida Bibi (mother)" in page.text
