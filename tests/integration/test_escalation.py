"""A referral nobody answers escalates, once, however many hub processes run the task.

Two `telehub serve` processes share one database (SQLite and PostgreSQL) and a clock the test moves.
The station is a real encrypted store syncing over HTTP; the mail goes to a real SMTP server
(aiosmtpd, STARTTLS required, with a login) started by the test.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from hub import cli
from hub import tables as t
from hub.db import make_engine, migrate
from hub.escalation.rota import hub_day
from station import consultations, escalations, patients, referrals
from station.store import Store
from sync.engine import EngineConfig, SyncEngine
from tests.support import sync_station as clinic
from tests.support.clocked_hub import set_clock
from tests.support.hub_farm import ROOT, wait_until_up
from tests.support.server import free_port
from tests.support.smtp_server import Mailbox, smtp_server

PATIENT = {"name": "Zarina Bibi", "father_name": "Allah Dino", "sex": "female", "estimated_age_years": 34,
           "village": "Gharo", "district": "Thatta", "phone": "03001234567", "cnic": "42201-7654321-2"}
ONCALL, COORDINATOR, HOLDER = "imran@hospital.example.org", "huma@hospital.example.org", "farah@hospital.example.org"


@contextmanager
def clocked_hub(db_url: str, clock_file: Path, mailbox: Mailbox, log: Path) -> Iterator[str]:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with open(log, "ab") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.support.clocked_hub", "--db", db_url, "--port", str(port),
             "--clock-file", str(clock_file), "--smtp-port", str(mailbox.port), "--smtp-ca-file", str(mailbox.cert)],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_until_up(f"http://127.0.0.1:{port}", process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)


def telehub(db_url: str, *args: str) -> None:
    assert cli.main([*args[:2], "--db", db_url, *args[2:]] if args[0] in ("user", "rota") else list(args)) == 0


def wait_for(what: str, check: Callable[[], bool], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout:.0f} s for {what}")
        time.sleep(0.1)


def count(engine: object, query: object) -> int:
    with engine.connect() as conn:  # type: ignore[attr-defined]
        return int(conn.execute(query).scalar_one())  # type: ignore[attr-defined]


def sync(store: Store) -> object:
    engine = SyncEngine(store, EngineConfig())
    try:
        report = engine.sync_once()
    finally:
        engine.close()
    assert report.ok, report.lines()
    return report.applied


def accounts(db_url: str, folder: Path) -> None:
    password = folder / "password.txt"
    password.write_text("a long enough password\n")
    for username, name, role, email in (("farah", "Dr Farah Khan", "specialist", HOLDER),
                                        ("imran", "Dr Imran Qureshi", "specialist", ONCALL),
                                        ("huma", "Huma Qureshi", "coordinator", COORDINATOR)):
        extra = ["--specialty", "General medicine"] if role == "specialist" else []
        telehub(db_url, "user", "add", "--username", username, "--name", name, "--role", role, *extra,
                "--password-file", str(password))
        telehub(db_url, "user", "set-email", username, email)


def test_an_unanswered_referral_escalates_once_to_on_call_then_coordinators(hub_db_url: str, tmp_path: Path) -> None:
    engine = make_engine(hub_db_url)
    migrate(engine)
    clock_file = tmp_path / "clock.txt"
    now = t.utcnow()
    set_clock(clock_file, now)
    accounts(hub_db_url, tmp_path)
    with ExitStack() as stack:
        mailbox = stack.enter_context(smtp_server(tmp_path))
        first = stack.enter_context(clocked_hub(hub_db_url, clock_file, mailbox, tmp_path / "hub1.log"))
        stack.enter_context(clocked_hub(hub_db_url, clock_file, mailbox, tmp_path / "hub2.log"))
        with engine.begin() as conn:
            from hub import stations

            code = stations.create_station(conn, "BHU Jhok", "Thatta").code
        store = stack.enter_context(_closing(clinic.create_station(tmp_path / "station", first, code)))
        patient = patients.register(store, PATIENT, confirmed_new=True)
        encounter = consultations.start(store, patient.id, complaint="Breathless for two days",
                                        assessment="Possible heart failure", plan="Refer")
        referral = referrals.create(store, patient.id, "general medicine", "soon",
                                    "Breathless with swollen feet: start diuretics here?", encounter_id=encounter.id)
        sync(store)

        # Imran is on call for general medicine on the hub's day when the target passes.
        later = now + timedelta(hours=24, minutes=5)
        telehub(hub_db_url, "rota", "set", "--specialty", "general_medicine", "--date",
                hub_day(now, "Asia/Karachi").isoformat(), "--to", hub_day(later, "Asia/Karachi").isoformat(),
                "--username", "imran")
        set_clock(clock_file, now + timedelta(hours=23))
        time.sleep(1.0)  # several rounds of both processes: not due yet
        assert count(engine, select(func.count()).select_from(t.escalations)) == 0

        set_clock(clock_file, later)
        wait_for("the on-call specialist's mail", lambda: len(mailbox.to(ONCALL)) >= 1)
        time.sleep(1.5)  # both processes run several more rounds: nothing more may happen
        with engine.connect() as conn:
            steps = conn.execute(select(t.escalations)).all()
            feed = conn.execute(select(t.outbound.c.entity).where(t.outbound.c.entity == "referral_escalation")).all()
        assert [(s.step, s.reason, s.to_name) for s in steps] == [(1, "on_call", "Dr Imran Qureshi")]
        assert len(feed) == 1
        assert len(mailbox.to(ONCALL)) == 1 and mailbox.to(HOLDER) == [] and mailbox.to(COORDINATOR) == []
        mail = mailbox.to(ONCALL)[0]
        assert mail.over_tls and mail.login == "telehub"
        assert "Escalated to you" in mail.subject and "General medicine" in mail.text
        assert f"https://hub.example.org/referrals/{referral.id}" in mail.text and "BHU Jhok" in mail.text

        # The station hears of it at its next pull, in words for the health worker.
        applied = sync(store)
        assert applied.escalations == 1  # type: ignore[attr-defined]
        seen = escalations.for_referral(store, referral.id)
        assert [(s.step, s.reason, s.to_name, s.waited_minutes // 60) for s in seen] == [
            (1, "on_call", "Dr Imran Qureshi", 24)]

        # Twice the target: the coordinators, once.
        set_clock(clock_file, now + timedelta(hours=48, minutes=5))
        wait_for("the coordinator's mail", lambda: len(mailbox.to(COORDINATOR)) >= 1)
        time.sleep(1.5)
        assert count(engine, select(func.count()).select_from(t.escalations)) == 2
        assert len(mailbox.to(COORDINATOR)) == 1 and len(mailbox.to(ONCALL)) == 1
        assert sync(store).escalations == 1  # type: ignore[attr-defined]
        assert [s.reason for s in escalations.for_referral(store, referral.id)] == ["on_call", "coordinators"]
        # Much later still: nothing more.
        set_clock(clock_file, now + timedelta(days=10))
        time.sleep(1.5)
        assert count(engine, select(func.count()).select_from(t.escalations)) == 2

        for received in mailbox.all():
            text = received.text
            for identifier in ("Zarina", "Allah Dino", "42201-7654321-2", "4220176543212", "03001234567",
                               "0300-1234567", patient.id):
                assert identifier not in text, f"{identifier!r} is in a mail: {received.subject}"
            assert f"MRN {patient.mrn}" not in text and "Breathless" not in text
    engine.dispose()


@contextmanager
def _closing(store: Store) -> Iterator[Store]:
    try:
        yield store
    finally:
        store.close()


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
