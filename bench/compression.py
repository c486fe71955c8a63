"""Which compression for push bodies: gzip vs zstd, with and without a trained dictionary.

    python bench/compression.py [--consultations 600] [--seed 7]

Builds a station with realistic consultations (demo profiles: patient, encounter, vitals,
signature, each as the outbox change the engine sends), cuts the outbox into push bodies of
the sizes the engine uses on slow links (1, 5, 20 and 60 changes), and compresses each body
with gzip (levels 6, 9), zstd (levels 3, 9, 19) and zstd with a dictionary trained on another
station's bodies (so the dictionary never saw the text it compresses). Prints one JSON line:
bytes per consultation per method and batch size, and the CPU time per MiB.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import zstandard

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.sync import fill, register  # noqa: E402
from station.store import Store  # noqa: E402
from sync import outbox  # noqa: E402
from tests.conftest import ADMIN_PASSWORD, FAST_KDF  # noqa: E402

BATCHES = (1, 5, 20, 60)


def bodies(folder: Path, consultations: int, seed: int) -> tuple[list[list[bytes]], int]:
    """Push bodies per batch size, cut from one station's outbox, and how many consultations it holds."""
    rng = random.Random(seed)
    store, _ = Store.create(folder, "BHU Jhok", "Thatta", "admin", ADMIN_PASSWORD, kdf=FAST_KDF)
    with store:
        register(store, max(1, consultations // 3), rng)
        outbox_before = len(outbox.next_batch(store, 10**9, 10**12))
        fill(store, consultations, rng)
        changes = outbox.next_batch(store, 10**9, 10**12)[outbox_before:]
        hub_station = "0190a000-0000-7000-8000-000000000001"
        cut = [[outbox.wire_body(changes[i:i + size], store.station_id, hub_station)
                for i in range(0, len(changes), size)] for size in BATCHES]
    return cut, consultations


def measure(name: str, compress: Any, cut: list[list[bytes]], consultations: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    raw_total, cpu = 0, 0.0
    for size, group in zip(BATCHES, cut, strict=True):
        started = time.process_time()
        packed = sum(len(compress(body)) for body in group)
        cpu += time.process_time() - started
        raw_total += sum(len(body) for body in group)
        out[f"batch_{size}"] = round(packed / consultations, 1)
    out["cpu_ms_per_mib"] = round(cpu * 1000 / (raw_total / 2**20), 1)
    return {name: out}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--consultations", type=int, default=600)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-compress-") as tmp:
        cut, n = bodies(Path(tmp) / "a", args.consultations, args.seed)
        training, _ = bodies(Path(tmp) / "b", args.consultations, args.seed + 1)
    samples = [body for group in training for body in group]
    dictionary = zstandard.train_dictionary(16 * 1024, samples)
    results: dict[str, Any] = {"bench": "compression", "consultations": n,
                               "raw": {f"batch_{s}": round(sum(map(len, g)) / n, 1) for s, g in zip(BATCHES, cut, strict=True)}}
    results |= measure("gzip-6", lambda b: gzip.compress(b, 6, mtime=0), cut, n)
    results |= measure("gzip-9", lambda b: gzip.compress(b, 9, mtime=0), cut, n)
    for level in (3, 9, 19):
        results |= measure(f"zstd-{level}", zstandard.ZstdCompressor(level=level).compress, cut, n)
    results |= measure("zstd-3-dict16k", zstandard.ZstdCompressor(level=3, dict_data=dictionary).compress, cut, n)
    results |= measure("zstd-19-dict16k", zstandard.ZstdCompressor(level=19, dict_data=dictionary).compress, cut, n)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
