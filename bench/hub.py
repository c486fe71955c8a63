"""The hub under many stations: N stations push at once over loopback with the real sync engine.

    sudo .venv/bin/python bench/hub.py [--stations 8] [--consultations 40] [--runs sqlite,postgresql,two-process]

Each station is a real encrypted store, enrolled with the hub, holding `--consultations`
consultations (each with a vitals set) and their patients; its own process runs the station's
SyncEngine.push() at the same moment as the others. The hub runs as `telehub serve` in its own
process(es), so its CPU time is read from /proc. Runs:
- sqlite: one hub on a SQLite file;
- postgresql: one hub on PostgreSQL (a throwaway server; needs root, see tests/support/postgres.py);
- two-process: two hubs on one PostgreSQL behind Debian's nginx (round-robin; needs root + nginx).
Prints one JSON line per run: changes/s (all stations' accepted changes over the wall time from the
first push to the last answer), hub CPU seconds per 1,000 changes (user + system, every hub
process), and push request latency p50/p95/max in ms (one request = one batch of changes).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import multiprocessing
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hub.db import make_engine, migrate  # noqa: E402
from hub.stations import create_station  # noqa: E402
from tests.support import hub_farm  # noqa: E402
from tests.support.postgres import PostgresUnavailable, fresh_database, postgres_server  # noqa: E402
from tests.support.server import free_port  # noqa: E402

RUNS = ("sqlite", "postgresql", "two-process")


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds a process has used so far (from /proc/PID/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def prepare_station(folder: str, hub_url: str, code: str, consultations: int, seed: int) -> int:
    """A new enrolled station with its patients and signed consultations waiting to be pushed."""
    from tests.support import sync_station

    rng = random.Random(seed)
    store = sync_station.create_station(Path(folder), hub_url, code, clinic=f"BHU {seed}")
    try:
        with store.atomic():
            people = [sync_station.register(store, rng) for _ in range(max(1, consultations // 3))]
            for _ in range(consultations):
                sync_station.consultation(store, rng.choice(people), rng)
        return int(store.conn.execute("SELECT count(*) FROM outbox WHERE state = 'pending'").fetchone()[0])
    finally:
        store.close()


def push_station(folder: str, start_at: float) -> dict[str, Any]:
    """Wait for the common start, push everything with the real engine, time every push request."""
    from sync.engine import SyncEngine
    from tests.support import sync_station

    store = sync_station.open_station(Path(folder))
    engine = SyncEngine(store)
    client = engine.client
    real_push = client.push
    latencies: list[float] = []

    def timed_push(*args: Any, **kwargs: Any) -> Any:
        began = time.perf_counter()
        try:
            return real_push(*args, **kwargs)
        finally:
            latencies.append(time.perf_counter() - began)

    client.push = timed_push  # type: ignore[method-assign]
    while time.time() < start_at:
        time.sleep(0.005)
    began = time.time()
    report = engine.push()
    ended = time.time()
    engine.close()
    waiting = int(store.conn.execute("SELECT count(*) FROM outbox WHERE state <> 'acked'").fetchone()[0])
    store.close()
    return {"began": began, "ended": ended, "accepted": report.pushed.accepted, "rejected": report.pushed.rejected,
            "waiting": waiting, "latencies": latencies}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


@contextlib.contextmanager
def hubs_for(run: str, db_url: str, folder: Path) -> Iterator[tuple[str, list[int]]]:
    """The URL stations use and the pids of the hub processes behind it."""
    if run == "two-process":
        with hub_farm.hub_farm(db_url, folder, processes=2) as farm:
            yield farm.base_url, [p.pid for p in farm.hubs.values()]
        return
    port = free_port()
    with hub_farm.hub_process(db_url, port, folder / "hub.log") as process:
        yield f"http://127.0.0.1:{port}", [process.pid]


def measure(run: str, db_url: str, stations: int, consultations: int, seed: int) -> dict[str, Any]:
    engine = make_engine(db_url)
    migrate(engine)
    with engine.begin() as conn:
        codes = [create_station(conn, f"BHU {i}", "Thatta").code for i in range(stations)]
    engine.dispose()
    with tempfile.TemporaryDirectory(prefix="bench-hub-") as tmp, hubs_for(run, db_url, Path(tmp)) as (url, pids):
        folders = [str(Path(tmp) / f"station{i}") for i in range(stations)]
        context = multiprocessing.get_context("spawn")
        with context.Pool(stations) as pool:
            waiting = pool.starmap(prepare_station, [(f, url, c, consultations, seed + i)
                                                      for i, (f, c) in enumerate(zip(folders, codes, strict=True))])
            start_at = time.time() + 2.0
            cpu_before = sum(cpu_seconds(pid) for pid in pids)
            results = pool.starmap(push_station, [(f, start_at) for f in folders])
            cpu_after = sum(cpu_seconds(pid) for pid in pids)
    accepted = sum(r["accepted"] for r in results)
    wall = max(r["ended"] for r in results) - min(r["began"] for r in results)
    latencies = [x for r in results for x in r["latencies"]]
    return {
        "bench": "hub", "run": run, "database": "sqlite" if db_url.startswith("sqlite") else "postgresql",
        "hub_processes": len(pids), "proxy": "nginx" if run == "two-process" else None,
        "stations": stations, "consultations_per_station": consultations,
        "changes": accepted, "outbox_rows": sum(waiting),
        "all_acknowledged": all(r["waiting"] == 0 and r["rejected"] == 0 for r in results),
        "push_requests": len(latencies), "wall_seconds": round(wall, 2),
        "changes_per_second": round(accepted / wall, 1),
        "hub_cpu_seconds_per_1000_changes": round((cpu_after - cpu_before) / accepted * 1000, 2),
        "push_latency_ms": {"p50": round(statistics.median(latencies) * 1000, 1),
                            "p95": round(percentile(latencies, 0.95) * 1000, 1),
                            "max": round(max(latencies) * 1000, 1)},
        "cpu_cores": os.cpu_count(),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stations", type=int, default=8)
    parser.add_argument("--consultations", type=int, default=40, help="consultations waiting on each station")
    parser.add_argument("--runs", default=",".join(RUNS), help=f"comma-separated, of {', '.join(RUNS)}")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    runs = [r.strip() for r in args.runs.split(",") if r.strip()]
    unknown = set(runs) - set(RUNS)
    if unknown:
        parser.error(f"unknown run {', '.join(sorted(unknown))}: choose from {', '.join(RUNS)}")
    with contextlib.ExitStack() as stack:
        pg_url: str | None = None
        for run in runs:
            if run == "sqlite":
                with tempfile.TemporaryDirectory(prefix="bench-hub-db-") as folder:
                    line = measure(run, f"sqlite:///{folder}/hub.sqlite3", args.stations, args.consultations, args.seed)
            else:
                if run == "two-process" and not hub_farm.nginx_available():
                    print(json.dumps({"bench": "hub", "run": run, "skipped": hub_farm.NGINX_SKIP}), flush=True)
                    continue
                try:
                    pg_url = pg_url or stack.enter_context(postgres_server())
                except PostgresUnavailable as exc:
                    print(json.dumps({"bench": "hub", "run": run, "skipped": str(exc)}), flush=True)
                    continue
                with fresh_database(pg_url) as db_url:
                    line = measure(run, db_url, args.stations, args.consultations, args.seed)
            print(json.dumps(line), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
