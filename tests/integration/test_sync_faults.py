"""Records made at a clinic reach the hub exactly once, whatever the link does to the requests.

500 randomized runs: a fault-injecting proxy between station and hub cuts requests and
responses half-way, drops answers after the hub committed, delivers requests twice, delays
them past the station's timeout, refuses connections and restarts the hub mid-batch. After
each run: zero lost changes, zero duplicates at the hub, every pending change acknowledged,
attachments byte-identical, every specialist reply applied once.
"""

from __future__ import annotations

import random
import tempfile
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from station.records import Referral
from station.store import Store
from sync import status
from sync.client import Codec, Timeouts
from sync.engine import EngineConfig, SyncEngine
from tests.support import sync_station as clinic
from tests.support.faulty_proxy import Exchange, Fault, FaultyProxy
from tests.support.server import RunningHub, run_hub

GROUPS = 25
RUNS_PER_GROUP = 20  # 25 × 20 = 500 randomized runs
MAX_ATTEMPTS = 80

# Small batches, chunks and pages so one run makes many requests (and meets many faults).
CONFIG = EngineConfig(start_batch=3, max_batch=5, pull_limit=2, min_chunk=2048, max_chunk=4096,
                      target_seconds=1.0, codec=Codec("zstd", 3), timeouts=Timeouts(connect=2.0, read=0.6))


class RestartingHub:
    """An in-process hub on a SQLite file that can be restarted while requests are in flight."""

    def __init__(self, db_url: str) -> None:
        self.db_url = db_url
        self.restarts = 0
        self._stack = ExitStack()
        self.running: RunningHub = self._stack.enter_context(run_hub(db_url, cookie_secure=False))

    def address(self) -> tuple[str, int]:
        parts = urlsplit(self.running.base_url)
        return parts.hostname or "127.0.0.1", parts.port or 80

    def restart(self) -> None:
        self._stack.close()
        self._stack = ExitStack()
        self.running = self._stack.enter_context(run_hub(self.db_url, cookie_secure=False))
        self.restarts += 1

    def close(self) -> None:
        self._stack.close()


@pytest.fixture(scope="module")
def memory_dir() -> Iterator[Path]:
    """Files in RAM when possible: these runs test the protocol, not the disk (fsync is slow)."""
    base = Path("/dev/shm") if Path("/dev/shm").is_dir() else None
    with tempfile.TemporaryDirectory(prefix="sync-faults-", dir=base) as folder:
        yield Path(folder)


@pytest.fixture(scope="module")
def hub(memory_dir: Path) -> Iterator[RestartingHub]:
    running = RestartingHub(f"sqlite:///{memory_dir / 'hub.sqlite3'}")
    yield running
    running.close()


def random_plan(rng: random.Random, hub: RestartingHub, budget: int) -> Callable[[Exchange], Fault]:
    """Faults at random for the first `budget` faulty exchanges, then a healthy link."""
    left = [budget]
    kinds = ["cut_request", "cut_response", "drop_response", "twice", "refuse", "delay"]
    weights = [3, 3, 3, 2, 2, 2]

    def plan(_exchange: Exchange) -> Fault:
        if left[0] <= 0 or rng.random() < 0.4:
            return Fault("pass")
        left[0] -= 1
        if rng.random() < 0.015:
            return Fault("hook", hook=hub.restart)
        kind = rng.choices(kinds, weights)[0]
        # Now and then a delay longer than the station's read timeout: the hub commits, the station gives up.
        delay = rng.choice((0.0, 0.005, 0.02)) if kind != "delay" else rng.choice((0.01, 0.05, 0.05, 0.8))
        return Fault(kind, fraction=rng.random(), delay=delay)

    return plan


def clinic_work(store: Store, rng: random.Random) -> None:
    """What a clinic does offline between two syncs."""
    for _ in range(rng.randint(1, 2)):
        known = store.find(clinic.Patient, order_by="random()", limit=1)
        patient = known[0] if known and rng.random() < 0.3 else clinic.register(store, rng)
        encounter = clinic.consultation(store, patient, rng)
        if rng.random() < 0.35:
            photo = clinic.photo(rng, rng.randint(3000, 12000)) if rng.random() < 0.3 else None
            clinic.refer(store, patient, encounter, rng, photo)
    if rng.random() < 0.3:
        patient = store.find(clinic.Patient, order_by="random()", limit=1)[0]
        clinic.patients.update(store, patient.id, {"village": rng.choice(clinic.VILLAGES)}, patient.version)


def specialist_work(hub: RestartingHub, store: Store, hub_station: str, rng: random.Random) -> None:
    """Specialists answer some referrals the hub already has."""
    for referral in store.find(Referral, "status IN ('sent', 'received')", order_by="random()", limit=2):
        roll = rng.random()
        if roll < 0.3:
            clinic.answer(hub.running.engine, hub_station, referral.id, referral.patient_id)
        elif roll < 0.5:
            clinic.message(hub.running.engine, hub_station, referral.id, "Please send her weight today.")
        elif roll < 0.7:
            clinic.mark_received(hub.running.engine, hub_station, referral.id)


def sync_until_done(engine: SyncEngine) -> int:
    """Sync as the background service would (retrying at once), until everything is acknowledged."""
    for attempt in range(1, MAX_ATTEMPTS + 1):
        report = engine.sync_once()
        current = status.read(engine.store)
        if report.ok and current.waiting == 0 and current.files_waiting == 0:
            return attempt
    raise AssertionError(f"not in step after {MAX_ATTEMPTS} attempts: {status.read(engine.store).lines()}")


@pytest.mark.parametrize("group", range(GROUPS))
def test_changes_reach_the_hub_exactly_once_through_a_faulty_link(group: int, hub: RestartingHub,
                                                                  memory_dir: Path) -> None:
    rng = random.Random(f"sync-faults-{group}")
    healthy = Fault("pass")
    with FaultyProxy(hub.address, lambda _e: healthy, timeout=10) as proxy:
        new = hub.running.new_station(f"BHU {group}", "Thatta")
        store = clinic.create_station(memory_dir / f"station-{group}", proxy.url, new.code)
        try:
            for run in range(RUNS_PER_GROUP):
                clinic_work(store, rng)
                specialist_work(hub, store, new.station_id, rng)
                proxy.plan = random_plan(rng, hub, budget=rng.randint(1, 4))
                engine = SyncEngine(store, CONFIG)
                try:
                    sync_until_done(engine)
                    proxy.plan = lambda _e: healthy
                    final = engine.sync_once()  # replies published while faults were on
                    assert final.ok, final.lines()
                finally:
                    engine.close()
                clinic.assert_in_step(store, hub.running.engine, new.station_id)
                assert status.read(store).synced, f"run {run}: {status.read(store).lines()}"
        finally:
            store.close()
    faults = {kind for _exchange, kind in proxy.log.faults}
    assert {"cut_request", "cut_response", "drop_response", "twice"} <= faults, faults
