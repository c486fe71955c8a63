"""The `telehub` command, run the way a hub administrator runs it."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from sqlalchemy import select

from hub import tables as t
from hub.db import make_engine
from hub.passwords import verify_password
from hub.stations import CODE_ALPHABET, hash_code
from tests.support.server import free_port
from tests.support.station_client import StationClient

ROOT = Path(__file__).resolve().parents[2]


def telehub(*args: str, env: dict[str, str] | None = None, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("TELEHUB_")}
    full_env.update(PYTHONPATH=str(ROOT), **(env or {}))
    return subprocess.run([sys.executable, "-m", "hub.cli", *args], capture_output=True, text=True,
                          env=full_env, input=stdin, timeout=120)


def one_error_line(result: subprocess.CompletedProcess[str], mentions: str) -> None:
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("telehub") and mentions in lines[0], lines[0]


@pytest.fixture
def db(hub_db_url: str) -> str:
    return hub_db_url


@pytest.fixture
def password_file(tmp_path: Path) -> Path:
    path = tmp_path / "sana.pw"
    path.write_text("a long and secret passphrase\n")
    return path


def test_without_arguments_it_prints_help() -> None:
    result = telehub()
    assert result.returncode == 0
    for command in ("serve", "station", "user", "specialist", "stats"):
        assert command in result.stdout


def test_station_add_prints_the_id_and_a_one_time_code(db: str) -> None:
    result = telehub("station", "add", "--name", "BHU Jhok", "--district", "Thatta", "--db", db)
    assert result.returncode == 0, result.stderr
    station_id = re.search(r"Station id:\s+(\S+)", result.stdout).group(1)  # type: ignore[union-attr]
    code = re.search(r"Enrollment code:\s+(\S+)", result.stdout).group(1)  # type: ignore[union-attr]
    assert len(code) == 14 and set(code.replace("-", "")) <= set(CODE_ALPHABET)
    engine = make_engine(db)
    with engine.connect() as conn:
        row = conn.execute(select(t.enrollment_codes)).one()
        station = conn.execute(select(t.stations)).one()
    engine.dispose()
    assert (row.code_hash, row.station_id) == (hash_code(code), station_id)
    assert (station.name, station.district) == ("BHU Jhok", "Thatta")


def test_station_add_can_answer_in_json_and_uses_telehub_db(db: str) -> None:
    result = telehub("station", "add", "--name", "RHC Gharo", "--district", "Thatta", "--json", env={"TELEHUB_DB": db})
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"station_id", "code", "expires_at"}


def test_a_missing_option_is_one_line_naming_it(db: str) -> None:
    one_error_line(telehub("station", "add", "--name", "BHU Jhok", "--db", db), "--district")


def test_station_revoke_shuts_the_station_out(db: str) -> None:
    added = json.loads(telehub("station", "add", "--name", "BHU Jhok", "--district", "Thatta", "--json",
                               "--db", db).stdout)
    assert telehub("station", "revoke", added["station_id"], "--db", db).returncode == 0
    engine = make_engine(db)
    with engine.connect() as conn:
        assert conn.execute(select(t.stations.c.revoked_at)).scalar_one() is not None
    engine.dispose()
    one_error_line(telehub("station", "revoke", added["station_id"], "--db", db), "already revoked")
    one_error_line(telehub("station", "revoke", "no-such-station", "--db", db), "no station with id no-such-station")


def test_specialist_add_stores_an_argon2id_hash_of_the_password_from_a_file(db: str, password_file: Path) -> None:
    result = telehub("specialist", "add", "--username", "sana", "--name", "Dr Sana Baloch",
                     "--specialty", "Paediatrics", "--password-file", str(password_file), "--db", db)
    assert result.returncode == 0, result.stderr
    assert "a long and secret passphrase" not in result.stdout + result.stderr
    engine = make_engine(db)
    with engine.connect() as conn:
        row = conn.execute(select(t.specialists)).one()
    engine.dispose()
    assert (row.username, row.name, row.specialty, row.active) == ("sana", "Dr Sana Baloch", "Paediatrics (children)", True)
    assert row.password_hash.startswith("$argon2id$")
    assert verify_password(row.password_hash, "a long and secret passphrase")
    again = telehub("specialist", "add", "--username", "sana", "--name", "X", "--specialty", "Y",
                    "--password-file", str(password_file), "--db", db)
    one_error_line(again, "already exists")


def test_the_password_may_come_from_standard_input(db: str) -> None:
    result = telehub("specialist", "add", "--username", "omar", "--name", "Dr Omar", "--specialty", "Surgery",
                     "--password-file", "-", "--db", db, stdin="another long passphrase\n")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("args", "mentions"),
    [
        (["--password-file", "/nonexistent/pw"], "cannot read the password file"),
        (["--password", "hunter2"], "--password"),
        (["--password-file", "SHORT"], "at least 10 characters"),
    ],
    ids=["missing file", "password on the command line", "short password"],
)
def test_specialist_add_refuses_bad_passwords_in_one_line(
    db: str, tmp_path: Path, args: list[str], mentions: str
) -> None:
    short = tmp_path / "short.pw"
    short.write_text("short\n")
    args = [str(short) if a == "SHORT" else a for a in args]
    result = telehub("specialist", "add", "--username", "x1", "--name", "X", "--specialty", "Y", *args, "--db", db)
    one_error_line(result, mentions)


def test_a_database_url_the_hub_cannot_use_is_one_line() -> None:
    one_error_line(telehub("stats", "--db", "mysql://localhost/hub"), "unsupported database URL")
    one_error_line(telehub("stats", "--db", "postgresql://nobody@127.0.0.1:1/hub"), "cannot open the database")


@pytest.fixture
def served(db: str) -> Iterator[str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "hub.cli", "serve", "--db", db, "--host", "127.0.0.1", "--port", str(port)],
        env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if requests.get(base + "/api/v1/health", timeout=1).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            assert process.poll() is None, process.stdout.read()  # type: ignore[union-attr]
            assert time.monotonic() < deadline, "telehub serve did not start"
            time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_serve_runs_the_hub_and_stats_counts_what_a_station_sent(db: str, served: str) -> None:
    added = json.loads(telehub("station", "add", "--name", "BHU Jhok", "--district", "Thatta", "--json",
                               "--db", db).stdout)
    station = StationClient.enroll(served, added["code"])
    changes, _ = station.referral_case()
    assert station.push(changes).status_code == 200
    assert requests.get(served + "/api/v1/openapi.json", timeout=10).json()["info"]["title"] == "Telehub"
    result = telehub("stats", "--json", "--db", db)
    assert result.returncode == 0, result.stderr
    stats = json.loads(result.stdout)
    assert stats["tables"]["records"] == 4 and stats["tables"]["referrals"] == 1
    assert stats["tables"]["stations"] == 1 and stats["tables"]["applied_changes"] == 4
    [mine] = stats["stations"]
    assert mine["id"] == station.station_id and mine["enrolled"] is True
    assert mine["records"] == {"patient": 1, "encounter": 1, "vitals_set": 1, "referral": 1}
    assert mine["referrals"] == 1 and mine["changes"] == 4
    human = telehub("stats", "--db", db)
    assert "BHU Jhok: 4 records, 1 referrals" in human.stdout


def test_station_list_shows_who_is_enrolled(db: str) -> None:
    telehub("station", "add", "--name", "BHU Jhok", "--district", "Thatta", "--db", db)
    listed = json.loads(telehub("station", "list", "--json", "--db", db).stdout)
    assert [(s["name"], s["enrolled_at"]) for s in listed] == [("BHU Jhok", None)]
    assert "waiting to enroll" in telehub("station", "list", "--db", db).stdout
