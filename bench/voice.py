"""A 60-second voice note over the emulated EDGE link: bytes per second of speech, time to the hub.

    sudo .venv/bin/python bench/voice.py [--seconds 60] [--runs 3]

espeak-ng speaks Urdu and English sentences for `--seconds`; the note is encoded exactly as the
station records one (Opus, mono, 12 kbit/s, Ogg; sync/call/voice_note.py) and attached to a
referral. A station and a hub (`telehub serve`) on either side of an emulated EDGE link
(100 kbit/s, 600 ms RTT, 2 % loss; tests/support/linkemu.py, needs root) then sync: the time from
the note's first chunk until the hub has confirmed all of it (and, apart, the whole first sync of
the case), and the IP bytes the link carried.
Prints one JSON line with the figures, the targets and whether each is met.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hub.db import make_engine, migrate  # noqa: E402
from hub.stations import create_station  # noqa: E402
from sync.blobs import announce_waiting  # noqa: E402
from sync.call.voice_note import BITRATE, decoded_seconds  # noqa: E402
from sync.engine import SyncEngine, SyncReport  # noqa: E402
from tests.support import linkemu, voice_sound  # noqa: E402
from tests.support import sync_station as clinic  # noqa: E402

TARGETS = {"bytes_per_second_of_speech": 2500, "edge_seconds_60s_note": 12.0}
PORT = 8000


def send(folder: Path) -> dict[str, Any]:
    """One sync of the waiting referral and its note (inside the station's namespace), step by step
    in the order `SyncEngine.sync_once` takes them, so the note's own upload is timed apart."""
    with clinic.open_station(folder) as store:
        engine = SyncEngine(store)
        report = SyncReport()
        started = time.monotonic()
        announce_waiting(store, engine.client, report)
        engine.push(report)
        engine.pull(report)
        upload_started = time.monotonic()
        engine.upload_files(report)
        uploaded = time.monotonic()
        engine.push(report)  # the attachment record, once its file is on the hub
        finished = time.monotonic()
        engine.close()
    return {"seconds": uploaded - upload_started, "sync_seconds": finished - started, "files": report.files,
            "requests": report.requests, "error": None}


def one_run(note: bytes, run: int, tmp: Path) -> dict[str, Any]:
    from tests.e2e.test_voice_links import make_referral

    db_url = f"sqlite:///{tmp / f'hub-{run}.sqlite3'}"
    engine = make_engine(db_url)
    migrate(engine)
    with engine.begin() as conn:
        code = create_station(conn, "BHU Jhok", "Thatta").code
    engine.dispose()
    folder = tmp / f"station-{run}"
    with linkemu.Link(linkemu.EDGE, seed=run + 1) as link:
        hub = link.start_hub(db_url, tmp / f"hub-{run}.log", PORT)
        try:
            link.call_in(link.station_ns, make_referral, folder, code, note)
            link.reset_stats()
            sent = link.call_in(link.station_ns, send, folder)
            wire = link.stats()
        finally:
            hub.terminate()
            hub.wait(10)
    assert sent["error"] is None and sent["files"] == 1, sent
    return {"seconds": sent["seconds"], "sync_seconds": sent["sync_seconds"],
            "wire_bytes": wire["up"]["bytes"] + wire["down"]["bytes"]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    reason = linkemu.why_unavailable() or (voice_sound.WHY_MISSING if voice_sound.MISSING else None)
    if reason:
        print(json.dumps({"bench": "voice", "skipped": reason}))
        return 0
    with tempfile.TemporaryDirectory(prefix="bench-voice-") as folder:
        tmp = Path(folder)
        note = voice_sound.minute_of_speech(tmp, args.seconds)
        length = decoded_seconds(note)
        runs = [one_run(note, n, tmp) for n in range(args.runs)]
    seconds = statistics.median(r["seconds"] for r in runs)
    figures = {
        "note_seconds": round(length, 2),
        "note_bytes": len(note),
        "bytes_per_second_of_speech": round(len(note) / length, 1),
        "edge_seconds_60s_note": round(seconds, 1),
        "edge_seconds_runs": [round(r["seconds"], 1) for r in runs],
        "edge_floor_seconds": round(len(note) * 8 / linkemu.EDGE.rate, 1),
        # The whole first sync of the case: the patient and referral records, the pull, the note.
        "edge_whole_sync_seconds": round(statistics.median(r["sync_seconds"] for r in runs), 1),
        "wire_bytes_median": int(statistics.median(r["wire_bytes"] for r in runs)),
    }
    met = {"bytes_per_second_of_speech": figures["bytes_per_second_of_speech"] <= TARGETS["bytes_per_second_of_speech"],
           "edge_seconds_60s_note": seconds <= TARGETS["edge_seconds_60s_note"]}
    print(json.dumps({"bench": "voice", "link": {"name": "EDGE", "kbit_s": linkemu.EDGE.rate / 1000,
                                                 "rtt_ms": linkemu.EDGE.rtt * 1000, "loss": linkemu.EDGE.loss},
                      "opus_kbit_s": BITRATE / 1000, **figures, "targets": TARGETS, "met": met}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
