"""Database work runs on one worker thread and answers on the UI thread; network work on its own loop."""

from __future__ import annotations

import asyncio
import threading

import pytest
from PySide6.QtWidgets import QWidget

from station.errors import ValidationError
from station.records import Patient
from station.store import WriteInQuery
from tests.conftest import ADMIN_PASSWORD
from tests.ui.clinic_support import ASLAM, register
from ui.errors import open_dialogs
from ui.netloop import NetLoop
from ui.ops import CollectionOp, DbWorker, QueryOp, cares


@pytest.fixture
def worker(qtbot, station_dir):
    w = DbWorker(station_dir)
    opened: list = []
    w.open("admin", ADMIN_PASSWORD, success=opened.append)
    qtbot.waitUntil(lambda: bool(opened), timeout=10_000)
    yield w
    w.shutdown()


def test_a_query_runs_on_the_worker_and_its_answer_arrives_on_the_ui_thread(qtbot, worker):
    ui_thread = threading.current_thread()
    seen: dict = {}

    def read(store):
        seen["ran_on"] = threading.current_thread()
        return store.user.username

    QueryOp(None, read, worker).success(lambda name: seen.update(name=name, answered_on=threading.current_thread())).run()
    qtbot.waitUntil(lambda: "name" in seen, timeout=5000)
    assert seen["name"] == "admin"
    assert seen["ran_on"] is not ui_thread and seen["ran_on"].name == "db-worker"
    assert seen["answered_on"] is ui_thread


def test_a_write_announces_exactly_what_changed(qtbot, worker):
    with qtbot.waitSignal(worker.changes_applied, timeout=5000) as changed:
        CollectionOp(None, lambda s: register(s, ASLAM), worker).run()
    changes = changed.args[0]
    assert cares(changes, "patients") and not cares(changes, "referrals")
    [patient_id] = [rid for table, rid in changes.changed if table == "patients"]
    found: list = []
    QueryOp(None, lambda s: s.get(Patient, patient_id).name, worker).success(found.append).run()
    qtbot.waitUntil(lambda: bool(found), timeout=5000)
    assert found == ["Muhammad Aslam"]


def test_a_failure_goes_to_the_caller_when_it_asks_for_it(qtbot, worker):
    failures: list = []

    def bad(_store):
        raise ValidationError("name", "Name: enter 2 to 100 letters.")

    QueryOp(None, bad, worker).success(lambda _r: pytest.fail("no success")).failure(failures.append).run()
    qtbot.waitUntil(lambda: bool(failures), timeout=5000)
    assert failures[0].field == "name"


def test_a_failure_nobody_handles_is_shown_in_plain_words(qtbot, worker):
    parent = QWidget()
    qtbot.addWidget(parent)
    before = len(open_dialogs())
    QueryOp(parent, lambda _s: 1 / 0, worker).run()
    qtbot.waitUntil(lambda: len(open_dialogs()) > before, timeout=5000)
    dialog = open_dialogs()[-1]
    assert "did not expect" in dialog.text() and "ZeroDivisionError" not in dialog.text()
    dialog.close()


def test_an_answer_for_a_closed_screen_is_dropped(qtbot, worker):
    gate = threading.Event()
    worker.submit(lambda _s: gate.wait(10), needs_store=False)  # the answer comes after the screen has gone
    parent = QWidget()
    called: list = []
    QueryOp(parent, lambda s: s.user.username, worker).success(called.append).run()
    with qtbot.waitSignal(parent.destroyed, timeout=5000):
        parent.deleteLater()
    gate.set()
    later: list = []
    QueryOp(None, lambda s: s.user.username, worker).success(later.append).run()
    qtbot.waitUntil(lambda: bool(later), timeout=5000)  # answers arrive in order: the first one was dropped
    assert called == []


def test_a_query_that_writes_fails_and_saves_nothing(qtbot, worker):
    failures: list = []
    QueryOp(None, lambda s: register(s, ASLAM), worker).failure(failures.append).run()
    sneaky = "INSERT INTO meta (key, value) VALUES ('written_in_a_query', 'yes')"
    QueryOp(None, lambda s: s.conn.execute(sneaky), worker).failure(failures.append).run()
    qtbot.waitUntil(lambda: len(failures) == 2, timeout=5000)
    assert isinstance(failures[0], WriteInQuery)
    assert "readonly" in str(failures[1]).replace(" ", "").lower()  # SQLite's own refusal, past the store
    found: list = []
    QueryOp(None, lambda s: (s.find(Patient), s.meta("written_in_a_query")), worker).success(found.append).run()
    qtbot.waitUntil(lambda: bool(found), timeout=5000)
    assert found == [([], None)]
    saved: list = []
    CollectionOp(None, lambda s: register(s, ASLAM), worker).success(saved.append).run()  # writes still work
    qtbot.waitUntil(lambda: bool(saved), timeout=5000)


def test_after_locking_the_worker_refuses_to_read(qtbot, worker):
    locked: list = []
    worker.lock(lambda: locked.append(True))
    qtbot.waitUntil(lambda: bool(locked), timeout=5000)
    assert worker.store is None
    failures: list = []
    QueryOp(None, lambda s: s.user, worker).failure(failures.append).run()
    qtbot.waitUntil(lambda: bool(failures), timeout=5000)
    assert "locked" in failures[0].message


def test_the_network_loop_returns_results_and_reports_errors_as_a_signal(qtbot):
    net = NetLoop()
    try:
        results: list = []

        async def answer():
            await asyncio.sleep(0.01)
            return threading.current_thread().name

        net.run_coroutine(answer(), on_done=results.append)
        qtbot.waitUntil(lambda: bool(results), timeout=5000)
        assert results == ["net-loop"]

        async def broken():
            raise ConnectionError("hub gone")

        with qtbot.waitSignal(net.error, timeout=5000) as failed:
            net.run_coroutine(broken())
        assert isinstance(failed.args[0], ConnectionError)
    finally:
        net.stop()
