"""`telestation enroll` and `telestation sync`, run as an installer and a health worker would run them."""

from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from hub import tables as t
from station import referrals, users
from station.records import Referral
from station.store import Store
from tests.conftest import FAST_KDF
from tests.support import sync_station as clinic
from tests.support.server import RunningHub, free_port, run_hub

ROOT = Path(__file__).resolve().parents[2]


def telestation(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "sync.cli", *args], capture_output=True, text=True, env=env,
                          timeout=120)


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningHub]:
    folder = tmp_path_factory.mktemp("cli-hub")
    with run_hub(f"sqlite:///{folder / 'hub.sqlite3'}", cookie_secure=False) as running:
        yield running


@pytest.fixture
def station(tmp_path: Path) -> dict[str, str]:
    """A station with an admin (amina) and a health worker who signs in with a PIN (saima)."""
    folder = tmp_path / "station"
    store, _recovery = Store.create(folder, "BHU Jhok", "Thatta", "amina", "admin password 1", kdf=FAST_KDF)
    users.add(store, "saima", "health_worker", "482913", full_name="Saima Bibi", credential="pin", kdf=FAST_KDF)
    store.close()
    (tmp_path / "admin.pw").write_text("admin password 1\n")
    (tmp_path / "worker.pin").write_text("482913\n")
    return {"dir": str(folder), "pw": str(tmp_path / "admin.pw"), "worker_pw": str(tmp_path / "worker.pin")}


def _as(station: dict[str, str], user: str = "amina") -> list[str]:
    pw = station["pw"] if user == "amina" else station["worker_pw"]
    return ["--data-dir", station["dir"], "--as", user, "--password-file", pw]


def test_an_admin_enrolls_the_station_and_a_health_worker_syncs_once(hub: RunningHub, station: dict[str, str]) -> None:
    new = hub.new_station("BHU Jhok", "Thatta")
    out = telestation("enroll", *_as(station), "--hub", hub.base_url + "/", "--code", new.code.lower())
    assert out.returncode == 0, out.stderr
    assert new.station_id in out.stdout and "enrolled" in out.stdout

    store = Store.open(Path(station["dir"]), "amina", "admin password 1")
    rng = random.Random(5)
    patient = clinic.register(store, rng)
    encounter = clinic.consultation(store, patient, rng)
    referral = clinic.refer(store, patient, encounter, rng, clinic.photo(rng, 20_000))
    store.close()

    out = telestation("sync", *_as(station, "saima"), "--once")
    assert out.returncode == 0, out.stderr
    assert re.search(r"Sent \d+ changes to the hub: \d+ accepted, 0 already there, 0 refused\.", out.stdout)
    assert "Sent 1 photo or scan (20 KB)" in out.stdout
    assert "Refused by the hub: 0." in out.stdout
    assert "Waiting to send: 0." in out.stdout
    with hub.engine.connect() as conn:
        row = conn.execute(select(t.referrals.c.status).where(t.referrals.c.id == referral.id)).first()
    assert row is not None and row.status == "sent"

    clinic.answer(hub.engine, new.station_id, referral.id, patient.id)
    out = telestation("sync", *_as(station, "saima"), "--once", "--json")
    assert out.returncode == 0, out.stderr
    summary = json.loads(out.stdout)
    assert summary["advice"] == 1 and summary["ok"] and summary["status"]["synced"]
    with Store.open(Path(station["dir"]), "amina", "admin password 1") as store:
        assert [a.referral_id for a in referrals.unread_advice(store)] == [referral.id]
        assert store.get(Referral, referral.id).status == "answered"

    out = telestation("sync", *_as(station, "saima"), "--status")
    assert out.returncode == 0
    assert out.stdout.startswith("Everything is on the hub (last sync just now).")


def test_a_wrong_code_is_refused_with_the_hubs_words_and_the_station_stays_unenrolled(
        hub: RunningHub, station: dict[str, str]) -> None:
    new = hub.new_station("BHU Pir Jo Goth", "Thatta")
    wrong = new.code[:3] + ("A" if new.code[3] != "A" else "B") + new.code[4:]
    out = telestation("enroll", *_as(station), "--hub", hub.base_url, "--code", wrong)
    assert out.returncode == 2
    assert "the hub refused the code" in out.stderr and "not valid" in out.stderr
    out = telestation("sync", *_as(station), "--once")
    assert out.returncode != 0
    assert "not connected to a hub yet" in out.stderr
    # The right code still works afterwards, with the key made by the first attempt.
    out = telestation("enroll", *_as(station), "--hub", hub.base_url, "--code", new.code)
    assert out.returncode == 0, out.stderr


def test_only_an_administrator_may_enroll(hub: RunningHub, station: dict[str, str]) -> None:
    new = hub.new_station("BHU Gharo", "Thatta")
    out = telestation("enroll", *_as(station, "saima"), "--hub", hub.base_url, "--code", new.code)
    assert out.returncode == 6
    assert "admin" in out.stderr and "saima" in out.stderr


@pytest.mark.parametrize("address", ["ftp://hub.example.org", "hub.example.org", "https://"])
def test_a_malformed_hub_address_names_the_option(station: dict[str, str], address: str) -> None:
    out = telestation("enroll", *_as(station), "--hub", address, "--code", "ABCDEFGH")
    assert out.returncode == 2
    assert "Hub address" in out.stderr


def test_an_unreachable_hub_is_reported_in_plain_words_and_nothing_is_lost(
        hub: RunningHub, station: dict[str, str], tmp_path: Path) -> None:
    new = hub.new_station("BHU Keti Bandar", "Thatta")
    assert telestation("enroll", *_as(station), "--hub", hub.base_url, "--code", new.code).returncode == 0
    dead = f"http://127.0.0.1:{free_port()}"
    with Store.open(Path(station["dir"]), "amina", "admin password 1") as store:
        store.conn.execute("UPDATE sync_identity SET hub_url = ?", (dead,))
        clinic.register(store, random.Random(1))
    out = telestation("sync", *_as(station, "saima"), "--once")
    assert out.returncode == 75
    assert out.stdout.startswith("Stopped: Could not reach the hub"), out.stdout  # the problem first
    assert "Nothing new" not in out.stdout  # it could not ask, so it cannot say
    assert "Everything is saved here" in out.stdout
    out = telestation("sync", *_as(station, "saima"), "--status", "--json")
    status = json.loads(out.stdout)
    assert status["pending"] + status["sent"] >= 1 and not status["synced"]
    assert "Could not reach the hub" in status["last_error"]


def test_without_once_it_keeps_syncing_until_stopped(hub: RunningHub, station: dict[str, str]) -> None:
    new = hub.new_station("BHU Ghorabari", "Thatta")
    assert telestation("enroll", *_as(station), "--hub", hub.base_url, "--code", new.code).returncode == 0
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen([sys.executable, "-m", "sync.cli", "sync", *_as(station, "saima"), "--interval", "0.3"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert process.stdout is not None
        lines = [process.stdout.readline() for _ in range(4)]  # two syncs: two lines each
    finally:
        process.send_signal(signal.SIGINT)
        _out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert lines.count("Nothing new from the hub.\n") == 2
    assert "Stopping sync." in err


def test_selfcheck_run_as_the_sync_command_line_checks_devices_and_hub_too(tmp_path: Path) -> None:
    # `python -m sync.cli` is the station's command line with sync in it: its selfcheck says what it
    # found of the camera, microphone and hub rather than leaving those lines out.
    result = telestation("selfcheck", "--data-dir", str(tmp_path / "nothing-here"))
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert any("Camera:" in line for line in lines), result.stdout
    assert any("Microphone:" in line for line in lines), result.stdout
    assert any(line.startswith("NOT CHECKED") and "Hub:" in line for line in lines), result.stdout
