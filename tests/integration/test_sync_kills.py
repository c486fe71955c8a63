"""Power cuts and crashes mid-sync: a station process killed while syncing, a hub killed mid-batch.

Both are real processes killed with SIGKILL (no clean-up runs). Afterwards the station syncs
again and nothing is lost or doubled at the hub.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import requests

from hub.db import make_engine
from hub.stations import create_station
from station.store import Store
from sync import status
from sync.client import Timeouts
from sync.engine import EngineConfig, SyncEngine
from tests.support import sync_station as clinic
from tests.support.faulty_proxy import Exchange, Fault, FaultyProxy
from tests.support.server import RunningHub, free_port, run_hub

ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}
CONFIG = EngineConfig(start_batch=20, max_batch=40, timeouts=Timeouts(connect=2.0, read=3.0))


def settle(store: Store, engine_factory: Callable[[], SyncEngine], seconds: float = 60.0) -> None:
    """Sync until everything is acknowledged (the hub may still be coming back)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        engine = engine_factory()
        try:
            report = engine.sync_once()
        finally:
            engine.close()
        current = status.read(store)
        if report.ok and current.waiting == 0 and current.files_waiting == 0:
            return
        time.sleep(0.1)
    raise AssertionError(f"not in step after {seconds} s: {status.read(store).lines()}")


def busy_day(store: Store, rng: random.Random, consultations: int) -> None:
    for _ in range(consultations):
        patient = clinic.register(store, rng)
        encounter = clinic.consultation(store, patient, rng)
        if rng.random() < 0.3:
            clinic.refer(store, patient, encounter, rng, clinic.photo(rng, rng.randint(20_000, 60_000)))


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[RunningHub]:
    with run_hub(f"sqlite:///{tmp_path / 'hub.sqlite3'}", cookie_secure=False) as running:
        yield running


@pytest.mark.parametrize("seed", range(5))
def test_a_station_killed_mid_sync_loses_and_doubles_nothing(hub: RunningHub, tmp_path: Path, seed: int) -> None:
    rng = random.Random(f"station-kill-{seed}")
    host, port = hub.base_url.removeprefix("http://").split(":")
    victim: list[subprocess.Popen[str]] = []

    def kill_station() -> None:
        time.sleep(rng.uniform(0, 0.02))
        victim[0].send_signal(signal.SIGKILL)

    kill_at = rng.randint(2, 6)

    def plan(exchange: Exchange) -> Fault:
        return Fault("hook", hook=kill_station) if exchange.number == kill_at and victim else Fault()

    with FaultyProxy(lambda: (host, int(port)), plan) as proxy:
        new = hub.new_station("BHU Jhok", "Thatta")
        folder = tmp_path / "station"
        store = clinic.create_station(folder, proxy.url, new.code)
        busy_day(store, rng, 12)
        store.close()
        password = tmp_path / "pw"
        password.write_text(clinic.ADMIN_PASSWORD + "\n")
        proxy.log.faults.clear()
        victim.append(subprocess.Popen(
            [sys.executable, "-m", "sync.cli", "sync", "--once", "--data-dir", str(folder), "--as", "admin",
             "--password-file", str(password)], env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
        # Should the proxy's kill not come (too few requests), cut the power anyway.
        threading.Timer(20.0, lambda: victim[0].poll() is None and victim[0].send_signal(signal.SIGKILL)).start()
        returncode = victim[0].wait(60)
        assert returncode == -signal.SIGKILL, victim[0].stderr.read() if victim[0].stderr else ""

        with clinic.open_station(folder) as store:
            assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            settle(store, lambda: SyncEngine(store, CONFIG))
            clinic.assert_in_step(store, hub.engine, new.station_id)


class HubProcess:
    """`telehub serve` in its own process, killed with SIGKILL and started again on demand."""

    def __init__(self, db_url: str) -> None:
        self.db_url = db_url
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.kills = 0

    def start(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "hub.cli", "serve", "--db", self.db_url, "--host", "127.0.0.1",
             "--port", str(self.port), "--insecure-cookies"], env=ENV, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if requests.get(f"http://127.0.0.1:{self.port}/api/v1/health", timeout=1).ok:
                    return
            except requests.RequestException:
                time.sleep(0.05)
        raise RuntimeError("the hub did not start")

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)
        self.kills += 1

    def address(self) -> tuple[str, int]:
        return "127.0.0.1", self.port


def test_a_hub_killed_in_the_middle_of_batches_loses_and_doubles_nothing(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'hub.sqlite3'}"
    hub = HubProcess(db_url)
    hub.start()
    engine = make_engine(db_url)
    rng = random.Random("hub-kill")
    pushes = [0]
    kill_on = {1, 3, 6}

    restarting = threading.Event()

    def kill_mid_batch() -> None:
        restarting.set()
        try:
            time.sleep(rng.uniform(0.0, 0.03))  # while the hub is applying the batch
            hub.kill()
            hub.start()
        finally:
            restarting.clear()

    def plan(exchange: Exchange) -> Fault:
        # Requests that arrive while the hub is down fail anyway; only count the ones it can take.
        if exchange.path.startswith("/api/v1/sync/push") and not restarting.is_set():
            pushes[0] += 1
            if pushes[0] in kill_on:
                return Fault("hook", hook=kill_mid_batch)
        return Fault()

    try:
        with FaultyProxy(hub.address, plan) as proxy:
            with engine.begin() as conn:
                new = create_station(conn, "BHU Jhok", "Thatta")
            store = clinic.create_station(tmp_path / "station", proxy.url, new.code)
            busy_day(store, rng, 40)
            small = EngineConfig(start_batch=10, max_batch=15, timeouts=CONFIG.timeouts)
            settle(store, lambda: SyncEngine(store, small), seconds=180)
            assert hub.kills == len(kill_on)
            clinic.assert_in_step(store, engine, new.station_id)
            with engine.connect() as conn:
                assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
            store.close()
    finally:
        if hub.process is not None:
            hub.process.send_signal(signal.SIGKILL)
            hub.process.wait(10)
        engine.dispose()
