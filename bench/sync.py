"""Sync over an emulated EDGE link: wire bytes per consultation, time against the floor, and the naive way.

    sudo .venv/bin/python bench/sync.py [--consultations 1000] [--naive-sample 60]

Builds a station with realistic consultations (each with a vitals set; demo data), a hub
(`telehub serve`) on the far side of an emulated EDGE link (100 kbit/s, 600 ms RTT, 2% loss;
tests/support/linkemu.py: TUN devices in two network namespaces, so it needs root), then:
- pushes them with the sync engine and reads the IP bytes the link carried both ways;
- compares the time with the floor: compressed request bodies ÷ the link's bandwidth;
- sends a sample the naive way (one signed POST per record, uncompressed JSON) and scales it.
Prints one JSON line with the figures, the targets and whether each is met.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hub.db import make_engine  # noqa: E402
from hub.stations import create_station  # noqa: E402
from station import consultations, patients  # noqa: E402
from station.demo_profiles import demo_encounter, demo_patient  # noqa: E402
from station.records import Patient  # noqa: E402
from station.store import Store  # noqa: E402
from sync import outbox  # noqa: E402
from sync.client import DEFAULT_CODEC, Codec, HubClient  # noqa: E402
from sync.engine import EngineConfig, SyncEngine  # noqa: E402
from tests.conftest import ADMIN_PASSWORD  # noqa: E402
from tests.support import linkemu  # noqa: E402
from tests.support.sync_station import create_station as new_station  # noqa: E402

TARGETS = {"wire_bytes_per_consultation": 400, "edge_ratio_to_floor": 1.5, "naive_slower_by": 10}
PORT = 8000


def register(store: Store, count: int, rng: random.Random) -> None:
    with store.atomic():
        for _ in range(count):
            patients.register(store, demo_patient(rng), confirmed_new=True)


def fill(store: Store, count: int, rng: random.Random) -> None:
    """`count` consultations with vitals, signed, for the patients already registered."""
    people = store.find(Patient)
    with store.atomic():
        for _ in range(count):
            patient = rng.choice(people)
            enc = demo_encounter(rng, patient.to_row())
            encounter = consultations.start(
                store, patient.id, complaint=enc["complaint"], history=enc.get("history", ""),
                examination=enc.get("examination", ""), assessment=enc.get("assessment", ""),
                plan=enc.get("plan", ""), diagnoses=enc.get("diagnoses", []),
                prescriptions=[{k: p.get(k) for k in ("medicine_id", "dose", "frequency", "duration_days", "notes")}
                               for p in enc.get("prescriptions", [])])
            vitals = {k: v for k, v in (enc.get("vitals") or {}).items() if v is not None} or {"heart_rate": 80}
            consultations.record_vitals(store, patient.id, vitals, encounter_id=encounter.id,
                                        consciousness=enc.get("consciousness"))
            consultations.sign(store, encounter.id, encounter.version)


def push_all(folder: Path, config: EngineConfig | None = None) -> dict[str, Any]:
    """Push everything waiting with the engine; runs inside the station's namespace."""
    with Store.open(folder, "admin", ADMIN_PASSWORD) as store:
        engine = SyncEngine(store, config)
        started = time.monotonic()
        report = engine.push()
        seconds = time.monotonic() - started
        engine.close()
        left = store.outbox_counts()
    return {"seconds": seconds, "body_bytes": report.bytes_sent, "requests": report.requests,
            "accepted": report.pushed.accepted, "waiting": left["pending"] + left["sent"]}


def push_naive(folder: Path, sample: int) -> dict[str, Any]:
    """One signed POST per record, uncompressed JSON, no reuse of answers: `sample` records."""
    with Store.open(folder, "admin", ADMIN_PASSWORD) as store:
        engine = SyncEngine(store)
        client = HubClient(engine.client.base, engine.hub_station, engine.client.key,
                           codec=Codec("identity"))
        batch = outbox.next_batch(store, sample, 10**9)
        started = time.monotonic()
        sent = 0
        for change in batch:
            body = outbox.wire_body([change], store.station_id, engine.hub_station)
            response, _exchange = client.push(body)
            assert response.results[0].status == "accepted", response
            sent += len(body)
        seconds = time.monotonic() - started
        client.close()
        engine.close()
    return {"seconds": seconds, "records": len(batch), "body_bytes": sent}


def run(consultations_count: int, naive_sample: int, seed: int, config: EngineConfig | None = None) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-sync-") as tmp, linkemu.Link(linkemu.EDGE, seed) as link:
        folder, db_url = Path(tmp) / "station", f"sqlite:///{Path(tmp) / 'hub.sqlite3'}"
        engine = make_engine(db_url)
        from hub.db import migrate

        migrate(engine)
        with engine.begin() as conn:
            code = create_station(conn, "BHU Jhok", "Thatta").code
        hub = link.start_hub(db_url, Path(tmp) / "hub.log", PORT)
        try:
            rng = random.Random(seed)

            def enroll_and_register() -> None:
                store = new_station(folder, f"http://{linkemu.HUB_IP}:{PORT}", code)
                register(store, max(1, consultations_count // 3), rng)
                store.close()

            def consult(count: int) -> None:
                with Store.open(folder, "admin", ADMIN_PASSWORD) as store:
                    fill(store, count, rng)

            # The patients were registered and sent earlier (not measured); the day's consultations wait.
            link.call_in(link.station_ns, enroll_and_register)
            link.call_in(link.station_ns, push_all, folder)
            link.call_in(link.station_ns, consult, consultations_count)
            link.reset_stats()
            push = link.call_in(link.station_ns, push_all, folder, config)
            wire = link.stats()
            link.call_in(link.station_ns, consult, max(1, naive_sample // 2))
            naive = link.call_in(link.station_ns, push_naive, folder, naive_sample)
        finally:
            hub.terminate()
            hub.wait(10)
            engine.dispose()
    rate = linkemu.EDGE.rate
    floor = push["body_bytes"] * 8 / rate
    wire_bytes = wire["up"]["bytes"] + wire["down"]["bytes"]
    records = 2 * consultations_count
    naive_total = naive["seconds"] / naive["records"] * records
    figures = {
        "wire_bytes_per_consultation": round(wire_bytes / consultations_count, 1),
        "body_bytes_per_consultation": round(push["body_bytes"] / consultations_count, 1),
        "edge_push_seconds": round(push["seconds"], 1),
        "edge_floor_seconds": round(floor, 1),
        "edge_ratio_to_floor": round(push["seconds"] / floor, 2),
        "naive_seconds_estimated": round(naive_total, 1),
        "naive_slower_by": round(naive_total / push["seconds"], 1),
    }
    met = {
        "wire_bytes_per_consultation": figures["wire_bytes_per_consultation"] <= TARGETS["wire_bytes_per_consultation"],
        "edge_ratio_to_floor": figures["edge_ratio_to_floor"] <= TARGETS["edge_ratio_to_floor"],
        "naive_slower_by": figures["naive_slower_by"] >= TARGETS["naive_slower_by"],
    }
    return {
        "bench": "sync", "link": {"name": "EDGE", "kbit_s": rate / 1000, "rtt_ms": linkemu.EDGE.rtt * 1000,
                                  "loss": linkemu.EDGE.loss},
        "consultations": consultations_count, "records": records,
        "codec": f"{DEFAULT_CODEC.encoding}-{DEFAULT_CODEC.level}", "requests": push["requests"],
        "all_acknowledged": push["waiting"] == 0 and push["accepted"] == records,
        "wire": wire,
        "naive_measured": {"records": naive["records"], "seconds": round(naive["seconds"], 1)},
        **figures, "targets": TARGETS, "met": met,
    }


def main() -> int:
    if "--verbose" in sys.argv:
        sys.argv.remove("--verbose")
        import logging

        logging.basicConfig(level=logging.DEBUG, format="%(relativeCreated)8.0f %(name)s %(message)s",
                            stream=sys.stderr)
        logging.getLogger("urllib3").setLevel(logging.INFO)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--consultations", type=int, default=1000)
    parser.add_argument("--naive-sample", type=int, default=60, help="records sent the naive way (then scaled)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--window", type=int, default=EngineConfig.window, help="pushes in the air at once")
    args = parser.parse_args()
    reason = linkemu.why_unavailable()
    if reason:
        print(json.dumps({"bench": "sync", "skipped": reason}))
        return 0
    print(json.dumps(run(args.consultations, args.naive_sample, args.seed, EngineConfig(window=args.window))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
