"""Audit-log benchmark: Administration → Audit log opened on a station with 20,000 entries.

Usage: python bench/audit_tab.py [--entries 20000] [--patients 2000] [--runs 9]

Builds an encrypted station whose audit log holds `entries` entries about `patients` patients
(registrations, consultations, vital signs, chart openings, sign-ins), then opens the audit tab
`runs` times, each a new tab on the signed-in DB worker: timed from show() until the first page
is in the table and the event loop is idle again. Also times filtering by patient and scrolling
to the next page. Prints one JSON line (target: open_p50_ms and open_max_ms at most 200).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

from station import audit, consultations  # noqa: E402
from station.keyslots import KdfParams  # noqa: E402
from station.records import Patient  # noqa: E402
from station.store import Store  # noqa: E402
from sync.wire.ids import uuid7  # noqa: E402
from ui.admin.audit_view import AuditTab  # noqa: E402
from ui.ops import DbWorker  # noqa: E402

PASSWORD = "bench password"
KDF = KdfParams(memory_kib=1024, iterations=1, lanes=1)  # the key derivation is not what is measured


def build(folder: Path, entries: int, n_patients: int, rng: random.Random) -> None:
    store, _ = Store.create(folder, "BHU Bench", "Thatta", "admin", PASSWORD, kdf=KDF)
    with store.atomic():
        ids = []
        for i in range(n_patients):
            p = store.insert(Patient(mrn=f"{i + 1:06d}", name=f"Patient {i}", father_name="Allah Ditta",
                                     sex=rng.choice(["female", "male"]), estimated_age_years=30,
                                     village="Jhok", district="Thatta", created_by="admin"))
            ids.append(p.id)
    done = store.conn.execute("SELECT count(*) FROM audit").fetchone()[0]
    while done < entries:
        with store.atomic():
            for _ in range(min(500, entries - done)):
                pid = rng.choice(ids)
                kind = rng.random()
                if kind < 0.1:
                    consultations.start(store, pid, complaint="fever")
                elif kind < 0.15:
                    audit.append(store.conn, "sadia", "login.ok", "user", uuid7(), {})
                else:
                    audit.append(store.conn, rng.choice(["admin", "sadia"]), "chart.open", "patient", pid, {})
                done += 1
                if done >= entries:
                    break
        done = store.conn.execute("SELECT count(*) FROM audit").fetchone()[0]
    store.close()


def _wait(app: QApplication, tab: AuditTab, worker: DbWorker, condition) -> None:
    deadline = time.perf_counter() + 30
    while not condition() or worker._pending:
        app.processEvents()
        if time.perf_counter() > deadline:
            raise TimeoutError("the audit tab did not load within 30 s")
        time.sleep(0.0005)
    app.processEvents()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=20_000)
    parser.add_argument("--patients", type=int, default=2_000)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "station"
        build(folder, args.entries, args.patients, random.Random(7))
        worker = DbWorker(folder)
        opened: list[object] = []
        worker.open("admin", PASSWORD, success=opened.append)
        _wait(app, None, worker, lambda: bool(opened))  # type: ignore[arg-type]
        opens, filters, scrolls = [], [], []
        total = 0
        for _ in range(args.runs):
            tab = AuditTab(worker)
            tab.resize(1340, 640)
            t = time.perf_counter()
            tab.show()
            _wait(app, tab, worker, lambda tab=tab: tab.model.rowCount() > 0 and not tab._loading)
            tab.table.viewport().repaint()
            opens.append((time.perf_counter() - t) * 1000)
            total = tab.model.total
            mrn = f"{random.Random(len(opens)).randint(1, args.patients):06d}"
            t = time.perf_counter()
            tab.patient_filter.setText(mrn)
            tab.reload()
            _wait(app, tab, worker, lambda tab=tab: not tab._loading)
            filters.append((time.perf_counter() - t) * 1000)
            tab.patient_filter.clear()
            _wait(app, tab, worker, lambda tab=tab: not tab._loading)
            rows = tab.model.rowCount()
            t = time.perf_counter()
            tab.table.scrollToBottom()
            _wait(app, tab, worker, lambda tab=tab, rows=rows: tab.model.rowCount() > rows)
            scrolls.append((time.perf_counter() - t) * 1000)
            tab.close()
            tab.deleteLater()
            app.processEvents()
        worker.shutdown()
    print(json.dumps({
        "benchmark": "audit_tab", "entries": total, "patients": args.patients, "runs": args.runs,
        "open_p50_ms": round(statistics.median(opens), 1), "open_max_ms": round(max(opens), 1),
        "open_first_ms": round(opens[0], 1),
        "patient_filter_p50_ms": round(statistics.median(filters), 1),
        "next_page_p50_ms": round(statistics.median(scrolls), 1),
        "targets": {"open_max_ms": 200},
    }))


if __name__ == "__main__":
    main()
