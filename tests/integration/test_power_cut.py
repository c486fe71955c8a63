"""A writer killed at a random moment (a power cut, a crash) never loses a write it reported as
saved, and the database stays sound."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

from station import audit
from station.db import integrity_errors
from station.store import Store
from tests.conftest import ADMIN_PASSWORD, FAST_KDF

ITERATIONS = 200 if os.environ.get("CI") else int(os.environ.get("POWER_CUT_ITERATIONS", "40"))
WRITER = """
import sys
from station import consultations, patients
from station.store import Store
store = Store.open(sys.argv[1], "admin", sys.argv[2])
print("ready", flush=True)
i = int(sys.argv[3])
while True:
    p = patients.register(store, {"name": f"Writer {i}", "father_name": "Test", "sex": "male",
                                  "estimated_age_years": 30, "village": "Goth", "district": "Dadu"}, confirmed_new=True)
    e = consultations.start(store, p.id, complaint="cough")
    consultations.record_vitals(store, p.id, {"heart_rate": 80}, encounter_id=e.id)
    print(p.id, e.id, flush=True)   # reported only after the commits returned
    i += 1
"""


@pytest.mark.slow
def test_a_killed_writer_never_loses_an_acknowledged_write(data_dir: Path) -> None:
    Store.create(data_dir, "BHU", "Thatta", "admin", ADMIN_PASSWORD, kdf=FAST_KDF)[0].close()
    rng = random.Random(20261123)
    acknowledged: list[tuple[str, str]] = []
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    for iteration in range(ITERATIONS):
        child = subprocess.Popen([sys.executable, "-c", WRITER, str(data_dir), ADMIN_PASSWORD, str(iteration * 1000)],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.15))
        child.kill()  # SIGKILL: no cleanup, no flush, like pulling the plug on the process
        out, err = child.communicate()
        assert child.returncode == -9, f"the writer stopped by itself: {err[-800:]}"
        acknowledged += [tuple(line.split()) for line in out.splitlines() if len(line.split()) == 2]
    assert len(acknowledged) > ITERATIONS  # the writer really was writing when it died
    with Store.open(data_dir, "admin", ADMIN_PASSWORD) as store:
        assert integrity_errors(store.conn) == []
        patients_saved = {r[0] for r in store.conn.execute("SELECT id FROM patients")}
        encounters_saved = {r[0] for r in store.conn.execute("SELECT id FROM encounters")}
        assert {p for p, _ in acknowledged} <= patients_saved
        assert {e for _, e in acknowledged} <= encounters_saved
        # Every saved record has its outbox change, and the audit chain survived every cut.
        outbox = store.conn.execute("SELECT count(*) FROM outbox WHERE entity = 'patient'").fetchone()[0]
        assert outbox == len(patients_saved)
        assert audit.verify(store.conn)[1] is None
