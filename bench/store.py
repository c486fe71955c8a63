"""Store benchmark: save-consultation and patient-search latency at clinic-lifetime scale,
on SQLCipher and on plain SQLite, as one JSON line.

Usage: python bench/store.py [--patients 200000] [--encounters 1000000] [--samples 500]

The bulk rows are loaded with plain INSERTs (what a decade of clinic work leaves behind);
the measured operations go through the real API: a consultation saved = encounter + vitals
+ sign, each with its outbox change and audit entry; a search = what a health worker types.
"""

from __future__ import annotations

import argparse
import json
import random
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from station import consultations, migrations, patients, search
from station.db import connect
from station.keyslots import KeySlots
from station.records import User
from station.sqlite import dbapi
from station.store import Store
from sync.wire.ids import uuid7

GIVEN = ["Muhammad", "Ahmed", "Ali", "Hassan", "Bilal", "Imran", "Fatima", "Ayesha", "Zainab", "Maryam",
         "Rukhsana", "Nasreen", "Shazia", "Ghulam", "Allah", "Abdul", "Noor", "Khadija", "Sughra", "Rasheed"]
SECOND = ["Aslam", "Rasool", "Din", "Bakhsh", "Iqbal", "Hussain", "Bibi", "Khatoon", "Akhtar", "Rehman",
          "Qadir", "Nawaz", "Jan", "Sultana", "Begum", "Parveen", "Ditta", "Ahmad", "Shah", "Khan"]
# Typed the other script's way, with a letter missing, an MRN without zeros, or matching nobody:
# these reach the looser skeleton tiers of station.search (reported apart: search_loose_*).
LOOSE_QUERIES = ["زینب", "اسلم", "aslm", "mhmd aslm", "ghlam rsool", "3", "zqxw"]
QUERIES = ["mohammad aslam", "fatima", "ghulam rasool", "zainab bibi", "ali", "0300", "abdul rehman",
           "noor jan", "khadija", "shah", "42101", "rasheed ahmad", "ayesha khan", "bilal"]


def _open(kind: str, folder: Path) -> Store:
    folder.mkdir(parents=True)
    station_id = uuid7()
    if kind == "sqlcipher":
        key = secrets.token_bytes(32)
        conn = connect(folder / "station.db", key, check=False)
    else:
        key = b""
        conn = dbapi.connect(str(folder / "station.db"), isolation_level=None)
        for pragma in ("temp_store = MEMORY", "journal_mode = WAL", "synchronous = FULL", "foreign_keys = ON",
                       "cache_size = -65536"):
            conn.execute(f"PRAGMA {pragma}")
    migrations.migrate(conn)
    slots = KeySlots.create(folder, station_id)
    user = User(username="bench", full_name="Bench", role="clinician")
    store = Store(folder, conn, slots, user, key)
    with store.atomic():
        store.set_meta("station_id", station_id)
        store.set_meta("mrn_next", "1")
        store.insert(user)
    return store


def _bulk(store: Store, n_patients: int, n_encounters: int, rng: random.Random) -> list[str]:
    ids = []
    conn = store.conn
    batch = 20_000
    for start in range(0, n_patients, batch):
        rows, fts = [], []
        for i in range(start, min(n_patients, start + batch)):
            pid = uuid7()
            ids.append(pid)
            name = f"{rng.choice(GIVEN)} {rng.choice(SECOND)}"
            father = f"{rng.choice(GIVEN)} {rng.choice(SECOND)}"
            phone = f"03{rng.randint(0, 499999999):09d}"
            cnic = f"{rng.randint(10000, 69999)}-{rng.randint(0, 9999999):07d}-{rng.randint(0, 9)}"
            row = {"id": pid, "mrn": f"{i + 1:06d}", "name": name, "father_name": father, "cnic": cnic,
                   "phone": phone, "name_ur": None, "father_name_ur": None}
            rows.append((pid, store.station_id, "2024-01-01T00:00:00Z", store.clock.now(), 1, row["mrn"], name,
                         father, rng.choice(["male", "female"]), rng.randint(0, 90), cnic, phone))
            fts.append((i + 1, *search.index_row(row)))  # rowids follow insertion into the empty table
        conn.execute("BEGIN")
        conn.executemany("INSERT INTO patients (id, station_id, created_at, updated_at, version, mrn, name, "
                         "father_name, sex, estimated_age_years, cnic, phone, village, district, created_by) "
                         "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,'Goth','Thatta','bench')", rows)
        conn.executemany("INSERT INTO patient_search (rowid, patient_id, name_tokens, father_tokens, numbers) "
                         "VALUES (?,?,?,?,?)", fts)
        conn.execute("COMMIT")
    store.set_meta("mrn_next", str(n_patients + 1))
    search.optimize(conn)  # as an import does: the batches above each left index segments
    text = "Fever and cough for three days, no blood in sputum. " * 2
    for start in range(0, n_encounters, batch):
        rows = [(uuid7(), store.station_id, "2024-01-01T00:00:00Z", store.clock.now(), 1, rng.choice(ids),
                 "2024-01-01T00:00:00Z", "fever", text, "chest clear", "viral illness", "paracetamol",
                 '[{"code": "J06.9", "title": "Acute upper respiratory infection, unspecified"}]', "[]",
                 "signed", "bench") for _ in range(start, min(n_encounters, start + batch))]
        conn.execute("BEGIN")
        conn.executemany("INSERT INTO encounters (id, station_id, created_at, updated_at, version, patient_id, "
                         "started_at, complaint, history, examination, assessment, plan, diagnoses, prescriptions, "
                         "status, created_by) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
        conn.execute("COMMIT")
    return ids


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def _save(store: Store, pid: str) -> float:
    t = time.perf_counter()
    with store.atomic():
        e = consultations.start(store, pid, complaint="fever", history="3 days", assessment="malaria?",
                                plan="RDT", diagnoses=[{"code": "B54"}])
        consultations.record_vitals(store, pid, {"temperature": 38.5, "heart_rate": 100, "spo2": 97},
                                    encounter_id=e.id)
        consultations.sign(store, e.id, e.version)
    return (time.perf_counter() - t) * 1000


def _search(store: Store, query: str) -> float:
    t = time.perf_counter()
    patients.find(store, query, limit=20)
    return (time.perf_counter() - t) * 1000


def _measure(stores: dict[str, Store], ids: dict[str, list[str]], samples: int,
             rng: random.Random) -> dict[str, dict[str, float]]:
    """Both kinds, operation by operation (A B, then B A), so a busy machine slows both alike."""
    kinds = list(stores)
    saves: dict[str, list[float]] = {k: [] for k in kinds}
    searches: dict[str, list[float]] = {k: [] for k in kinds}
    for i in range(samples):
        index = rng.randrange(len(ids[kinds[0]]))
        for kind in kinds if i % 2 == 0 else reversed(kinds):
            saves[kind].append(_save(stores[kind], ids[kind][index]))
    loose: dict[str, list[float]] = {k: [] for k in kinds}
    for i in range(samples):
        query = QUERIES[i % len(QUERIES)]
        for kind in kinds if i % 2 == 0 else reversed(kinds):
            searches[kind].append(_search(stores[kind], query))
    # Across scripts and with a letter missing: the looser tiers, reported apart.
    for i in range(samples):
        query = LOOSE_QUERIES[i % len(LOOSE_QUERIES)]
        for kind in kinds if i % 2 == 0 else reversed(kinds):
            loose[kind].append(_search(stores[kind], query))
    return {kind: {"save_p50_ms": statistics.median(saves[kind]), "save_p99_ms": _percentile(saves[kind], 99),
                   "search_p50_ms": statistics.median(searches[kind]),
                   "search_p95_ms": _percentile(searches[kind], 95),
                   "search_loose_p50_ms": statistics.median(loose[kind]),
                   "search_loose_p95_ms": _percentile(loose[kind], 95)} for kind in kinds}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--patients", type=int, default=200_000)
    parser.add_argument("--encounters", type=int, default=1_000_000)
    parser.add_argument("--samples", type=int, default=500)
    args = parser.parse_args()
    result: dict[str, object] = {"benchmark": "store", "patients": args.patients, "encounters": args.encounters,
                                 "interleaved": True}
    with tempfile.TemporaryDirectory() as tmp:
        stores: dict[str, Store] = {}
        ids: dict[str, list[str]] = {}
        load: dict[str, float] = {}
        for kind in ("sqlcipher", "sqlite"):
            stores[kind] = _open(kind, Path(tmp) / kind)
            t = time.perf_counter()
            ids[kind] = _bulk(stores[kind], args.patients, args.encounters, random.Random(7))
            load[kind] = time.perf_counter() - t
        figures = _measure(stores, ids, args.samples, random.Random(11))
        for store in stores.values():
            store.close()
    for kind, values in figures.items():
        result.update({f"{kind}_{k}": round(v, 3) for k, v in {**values, "bulk_load_s": load[kind]}.items()})
    for metric in ("save_p50_ms", "save_p99_ms", "search_p50_ms", "search_p95_ms"):
        result[f"ratio_{metric}"] = round(figures["sqlcipher"][metric] / figures["sqlite"][metric], 2)
    result["targets"] = {"save_p99_ms": 20, "search_p95_ms": 30, "encryption_overhead": 1.3}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
