"""A voice note over the emulated EDGE link (100 kbit/s, 600 ms RTT, 2 % loss): the station's sync
is killed halfway through the upload; the next sync resumes from the hub's offset, and the hub
holds the note once. Needs root (network namespaces, TUN devices): skipped and says why without.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from hub import tables as t
from hub.db import make_engine, migrate
from hub.stations import create_station
from station import patients, referrals, voice
from sync.engine import SyncEngine
from tests.support import linkemu, voice_sound
from tests.support import sync_station as clinic

UNAVAILABLE = linkemu.why_unavailable() or (voice_sound.WHY_MISSING if voice_sound.MISSING else None)
pytestmark = [pytest.mark.root, pytest.mark.timeout(600), pytest.mark.skipif(UNAVAILABLE is not None,
                                                                             reason=UNAVAILABLE or "")]
HUB_URL = f"http://{linkemu.HUB_IP}:8000"
ROOT = Path(__file__).resolve().parents[2]
SYNC_ONCE = (
    "import sys; from station.store import Store; from sync.engine import SyncEngine\n"
    "from tests.conftest import ADMIN_PASSWORD\n"
    "store = Store.open(sys.argv[1], 'admin', ADMIN_PASSWORD)\n"
    "engine = SyncEngine(store); engine.sync_once()\n"
)


def make_referral(folder: Path, code: str, note: bytes) -> str:
    store = clinic.create_station(folder, HUB_URL, code)
    try:
        patient = patients.register(store, {"name": "Zainab Bibi", "father_name": "Ghulam Rasool", "sex": "female",
                                            "estimated_age_years": 4, "village": "Jhok", "district": "Thatta"},
                                    confirmed_new=True)
        sha = voice.attach(store, patient.id, note).sha256
        referrals.create(store, patient.id, "paediatrics", "urgent", "Please listen to my voice note.",
                         attachments=[sha], consent={"by": "patient", "name": "Zainab Bibi", "relation": "self",
                                                     "given": True, "recorded_by": "admin",
                                                     "recorded_at": "2026-12-07T09:30:00Z"})
        return sha
    finally:
        store.close()


def sync_once(folder: Path) -> tuple[int, int, str | None]:
    with clinic.open_station(folder) as store:
        engine = SyncEngine(store)
        try:
            report = engine.sync_once()
        finally:
            engine.close()
    return report.files, report.file_bytes, report.error.message if report.error else None


def test_a_voice_note_cut_off_halfway_resumes_and_the_hub_holds_it_once(tmp_path: Path) -> None:
    note = voice_sound.minute_of_speech(tmp_path, 60.0)
    db_url = f"sqlite:///{tmp_path / 'hub.sqlite3'}"
    engine = make_engine(db_url)
    migrate(engine)
    with engine.begin() as conn:
        code = create_station(conn, "BHU Jhok", "Thatta").code
    folder = tmp_path / "station"
    with linkemu.Link(linkemu.EDGE) as link:
        hub = link.start_hub(db_url, tmp_path / "hub.log")
        try:
            sha = link.call_in(link.station_ns, make_referral, folder, code, note)
            syncing = link.popen_in(link.station_ns, [sys.executable, "-c", SYNC_ONCE, str(folder)], cwd=ROOT,
                                    env={**os.environ, "PYTHONPATH": str(ROOT)})
            received = 0
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline and syncing.poll() is None:
                with engine.connect() as conn:
                    received = conn.execute(select(t.blobs.c.received).where(t.blobs.c.sha256 == sha)).scalar() or 0
                if len(note) // 3 <= received < len(note):
                    break
                time.sleep(0.05)
            syncing.send_signal(signal.SIGKILL)  # the station stops dead: power cut, program killed
            syncing.wait(10)
            assert 0 < received < len(note), f"the upload was not caught halfway ({received} of {len(note)})"
            with engine.connect() as conn:
                cut_at = conn.execute(select(t.blobs.c.received).where(t.blobs.c.sha256 == sha)).scalar()
            files, file_bytes, error = link.call_in(link.station_ns, sync_once, folder)
        finally:
            hub.terminate()
            hub.wait(10)
    assert error is None and files == 1
    assert file_bytes == len(note) - cut_at  # resumed from the hub's offset, nothing sent twice
    with engine.connect() as conn:
        rows = conn.execute(select(t.blobs).where(t.blobs.c.sha256 == sha)).all()
        stored = b"".join(conn.execute(select(t.blob_chunks.c.data).where(t.blob_chunks.c.sha256 == sha)
                                       .order_by(t.blob_chunks.c.offset)).scalars())
    engine.dispose()
    assert len(rows) == 1 and rows[0].complete and stored == note
    assert voice_sound.sox_stat(stored, tmp_path, "hub")["Length (seconds)"] >= 59.9
