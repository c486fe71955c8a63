"""The screen never freezes: a search over 10,000 patients, a backup and a sync all at once.

The UI thread is watched by a heartbeat timer: a tick that comes more than 100 ms late is a
freeze a health worker would notice (a click or a key that does not answer).
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer

from station import patients, search
from station.demo_profiles import demo_patient
from station.records import Patient
from station.store import Store
from sync.wire.ids import utc_iso, uuid7
from tests.conftest import ADMIN_PASSWORD, FAST_KDF
from tests.ui.conftest import sign_in, type_text

ROOT = Path(__file__).resolve().parents[2]
LIMIT_MS = 100
PATIENTS = 10_000
PENDING = 300
HUB = """
import json, sys
from tests.support.server import run_hub
with run_hub(sys.argv[1]) as hub:
    new = hub.new_station("BHU Jhok", "Thatta")
    print(json.dumps({"url": hub.base_url, "code": new.code}), flush=True)
    sys.stdin.read()
"""


@pytest.fixture(scope="module")
def big_station(tmp_path_factory) -> Path:
    """A station with 10,000 patients, 300 of them registered since the last sync."""
    folder = tmp_path_factory.mktemp("big") / "station"
    store, _recovery = Store.create(folder, "Basic Health Unit Jhok", "Thatta", "admin", ADMIN_PASSWORD,
                                    kdf=FAST_KDF)
    rng = random.Random(7)
    with store.atomic():
        for _ in range(PENDING):  # through the front door: these wait in the outbox
            patients.register(store, demo_patient(rng), confirmed_new=True)
    # The rest in bulk (a year of registrations that were synced long ago).
    rows, index = [], []
    for n in range(PATIENTS - PENDING):
        fields = patients.clean(demo_patient(rng))
        patient = Patient(id=uuid7(), station_id=store.station_id, created_at=utc_iso(),
                          updated_at=store.clock.now(), version=1, mrn=f"{100000 + n:06d}", created_by="admin",
                          **fields)
        rows.append(patient.to_row())
        index.append(search.index_row(rows[-1]))
    with store.atomic():
        store.db["patients"].insert_all(rows, batch_size=1000)
        store.conn.executemany("INSERT INTO patient_search (patient_id, name_tokens, father_tokens, numbers) "
                               "VALUES (?, ?, ?, ?)", index)
    assert store.conn.execute("SELECT count(*) FROM patients").fetchone()[0] == PATIENTS
    store.close()
    return folder


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[dict[str, str]]:
    """A hub in its own process, as in real life (its work must not be counted as the app's)."""
    process = subprocess.Popen([sys.executable, "-c", HUB, f"sqlite:///{tmp_path / 'hub.sqlite3'}"],
                               cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline()  # type: ignore[union-attr]
        assert line, "the hub did not start"
        yield json.loads(line)
    finally:
        process.stdin.close()  # type: ignore[union-attr]
        process.wait(timeout=30)


class FreezeWatch(QObject):
    """A heartbeat on the UI thread: a timer due every 5 ms; a late tick means the thread was busy.

    (The time between two ticks minus 5 ms is how long a click would have waited.)"""

    INTERVAL_MS = 5

    def __init__(self) -> None:
        super().__init__()
        self.longest = 0.0
        self.ticks = 0
        self._last = time.perf_counter()
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(self.INTERVAL_MS)
        self._timer.timeout.connect(self._tick)
        self._timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self._last - self.INTERVAL_MS / 1000)
        self._last = now
        self.ticks += 1

    def stop(self) -> None:
        self._timer.stop()


def run_until(condition, timeout_s: float) -> bool:
    """A real event loop (it blocks when idle, so the dispatcher's signals mean something)."""
    loop = QEventLoop()
    timer = QTimer()
    timer.setInterval(20)
    deadline = time.monotonic() + timeout_s
    timer.timeout.connect(lambda: loop.quit() if condition() or time.monotonic() > deadline else None)
    timer.start()
    loop.exec()
    timer.stop()
    return condition()


def test_search_backup_and_sync_together_never_freeze_the_screen(qtbot, make_app, big_station, hub, tmp_path,
                                                                artifacts):
    import shutil

    folder = tmp_path / "busy-station"
    shutil.copytree(big_station, folder)
    app = make_app("en", data_dir=folder)
    sign_in(qtbot, app)
    window = app.window
    window.show_page("admin")
    backup_tab = window.pages["admin"].backup
    window.show_page("patients")
    search_page = window.pages["patients"]
    run_until(lambda: app.ops._pending == 0, 10)

    watch = FreezeWatch()
    started = time.perf_counter()
    try:
        # All three at once: enrolling starts the first sync, the backup runs, the search is typed.
        enrolled: list[str | None] = []
        app.sync = None
        app.start_sync()
        app.sync.enroll(hub["url"], hub["code"], enrolled.append)
        backup_tab.start_backup(tmp_path / "backup.tsbackup")
        type_text(search_page.query, "muhammad ali")
        assert run_until(lambda: "Patients found" in search_page.status.text(), 60), search_page.status.text()
        assert run_until(lambda: (tmp_path / "backup.tsbackup").exists() and backup_tab.bar.value() == 1000, 120)
        assert run_until(lambda: enrolled == [None], 60), enrolled
        assert run_until(lambda: app.status.figures.enrolled and app.status.figures.pending == 0
                         and not app.status.figures.running, 180), app.status.figures
        # One more search while sync and the workers settle.
        search_page.query.clear()
        type_text(search_page.query, "03")
        assert run_until(lambda: "Patients found" in search_page.status.text(), 30)
    finally:
        watch.stop()
    (artifacts / "responsiveness.json").write_text(json.dumps(
        {"longest_ui_stall_ms": round(watch.longest * 1000, 1), "heartbeats": watch.ticks,
         "seconds": round(time.perf_counter() - started, 2),
         "patients": PATIENTS, "changes_synced": PENDING}))
    assert watch.ticks > 100, "the heartbeat ran all along"
    assert watch.longest * 1000 <= LIMIT_MS, f"the screen froze for {watch.longest * 1000:.0f} ms"
