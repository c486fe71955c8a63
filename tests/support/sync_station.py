"""A real station (encrypted store, station APIs) enrolled with a hub, and checks that both agree.

Used by the sync tests: clinic work is done through station/ exactly as the app does it, the
records travel through sync/, and `assert_in_step` compares what the hub holds with the station.
"""

from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select

from hub import feed
from hub import tables as t
from station import attachments, consultations, patients, reference, referrals
from station.records import Advice, Encounter, Message, Patient, Referral
from station.store import Store
from sync import identity
from sync.client import enroll
from sync.wire.ids import utc_iso
from tests.conftest import ADMIN_PASSWORD, FAST_KDF

COMPLAINTS = ("Fever and cough for 5 days", "Loose stools since 3 days", "Headache and dizziness",
              "Pain in the lower abdomen", "Swelling of both feet", "Burning micturition for a week")
VILLAGES = ("Jhok", "Pir Jo Goth", "Mirpur Sakro", "Keti Bandar", "Gharo", "Ghorabari")
NAMES = ("Zainab Bibi", "Muhammad Aslam", "Shazia Parveen", "Ghulam Hussain", "Rukhsana", "Abdul Sattar")
FATHERS = ("Ghulam Rasool", "Allah Bachayo", "Muhammad Siddique", "Karim Bux", "Noor Muhammad")


def create_station(folder: Path, hub_url: str, code: str, clinic: str = "BHU Jhok") -> Store:
    """A new station in `folder`, enrolled with the hub at `hub_url` using `code`."""
    store, _recovery = Store.create(folder, clinic, "Thatta", "admin", ADMIN_PASSWORD,
                                    full_name="Dr Amina Soomro", kdf=FAST_KDF)
    ident = identity.prepare(store, hub_url)
    answer = enroll(ident.hub_url, code, ident.public_key)
    identity.record_enrollment(store, answer.station_id)
    return store


def open_station(folder: Path) -> Store:
    return Store.open(folder, "admin", ADMIN_PASSWORD)


def register(store: Store, rng: random.Random) -> Patient:
    fields = {"name": rng.choice(NAMES), "father_name": rng.choice(FATHERS), "sex": rng.choice(("female", "male")),
              "estimated_age_years": rng.randint(1, 80), "village": rng.choice(VILLAGES), "district": "Thatta",
              "phone": f"0300{rng.randint(1000000, 9999999)}" if rng.random() < 0.5 else None}
    return patients.register(store, fields, confirmed_new=True)


def consultation(store: Store, patient: Patient, rng: random.Random) -> Encounter:
    """A signed consultation with vitals, as a health worker records one."""
    medicine = rng.choice(reference.medicines()[:40])
    encounter = consultations.start(
        store, patient.id, complaint=rng.choice(COMPLAINTS), history="Started gradually, no previous episodes.",
        examination="Alert, not dehydrated.", assessment="Likely viral illness.", plan="Review in 3 days.",
        diagnoses=[{"code": rng.choice(("J18.9", "A09.0", "R50.9", "N39.0"))}],
        prescriptions=[{"medicine_id": medicine.id, "dose": "1 tablet", "frequency": "TDS", "duration_days": 5}])
    consultations.record_vitals(
        store, patient.id, {"heart_rate": rng.randint(60, 130), "temperature": round(rng.uniform(36.5, 39.5), 1),
                            "spo2": rng.randint(90, 99), "respiratory_rate": rng.randint(14, 32)},
        encounter_id=encounter.id, consciousness="alert")
    return consultations.sign(store, encounter.id, encounter.version)


def photo(rng: random.Random, size: int) -> bytes:
    """Bytes that pass as a JPEG (the station checks the magic number), random after it."""
    return b"\xff\xd8\xff" + rng.randbytes(max(0, size - 3))


def refer(store: Store, patient: Patient, encounter: Encounter, rng: random.Random,
          photo_bytes: bytes | None = None) -> Referral:
    shas = []
    if photo_bytes is not None:
        shas.append(attachments.attach(store, patient.id, photo_bytes, "image/jpeg", "chest.jpg").sha256)
    referral = referrals.create(store, patient.id, "general medicine", rng.choice(("routine", "urgent")),
                                "Fever for five days with low oxygen: admit or treat here?",
                                encounter_id=encounter.id, attachments=shas)
    return referral


def answer(engine: Engine, hub_station: str, referral_id: str, patient_id: str,
           specialist: str = "Dr Farah Khan") -> str:
    """The specialist's advice, published to the station's feed as the console does it."""
    with engine.begin() as conn:
        payload = {"referral_id": referral_id, "patient_id": patient_id, "specialist_name": specialist,
                   "specialty": "general medicine", "assessment": "Community-acquired pneumonia.",
                   "recommendations": "Amoxicillin 500 mg three times a day for 5 days; review in 48 hours.",
                   "plan_changed": True, "plan_change": "Add amoxicillin.", "follow_up": "Review in 2 days."}
        feed.publish(conn, hub_station, "advice", payload)
        row = conn.execute(select(t.advice.c.id).where(t.advice.c.referral_id == referral_id)
                           .order_by(t.advice.c.created_at.desc())).first()
    return row.id


def message(engine: Engine, hub_station: str, referral_id: str, body: str) -> None:
    with engine.begin() as conn:
        feed.publish(conn, hub_station, "message", {"referral_id": referral_id, "author_name": "Dr Farah Khan",
                                                   "author_role": "specialist", "body": body})


def mark_received(engine: Engine, hub_station: str, referral_id: str) -> None:
    with engine.begin() as conn:
        feed.publish(conn, hub_station, "referral_status",
                     {"referral_id": referral_id, "status": "received", "at": utc_iso()})


def hub_records(engine: Engine, hub_station: str) -> dict[tuple[str, str], dict[str, Any]]:
    with engine.connect() as conn:
        rows = conn.execute(select(t.records).where(t.records.c.station_id == hub_station)).all()
    return {(r.entity, r.id): json.loads(r.payload) for r in rows}


def hub_blob(engine: Engine, sha256: str, hub_station: str | None = None) -> bytes | None:
    """The file as the hub holds it from `hub_station` (from whichever station has it, if None)."""
    with engine.connect() as conn:
        query = select(t.blobs).where(t.blobs.c.sha256 == sha256, t.blobs.c.complete.is_(True))
        if hub_station is not None:
            query = query.where(t.blobs.c.station_id == hub_station)
        row = conn.execute(query.limit(1)).first()
        if row is None:
            return None
        chunks = conn.execute(select(t.blob_chunks.c.offset, t.blob_chunks.c.data)
                              .where(t.blob_chunks.c.sha256 == sha256, t.blob_chunks.c.station_id == row.station_id)
                              .order_by(t.blob_chunks.c.offset)).all()
    data = b""
    for offset, chunk in chunks:
        assert offset == len(data), f"chunks of {sha256[:12]} overlap or leave a gap at {offset}"
        data += chunk
    return data


def assert_in_step(store: Store, engine: Engine, hub_station: str) -> None:
    """Zero lost changes, zero duplicates, files byte-identical, every reply applied once."""
    states = dict(store.conn.execute("SELECT state, count(*) FROM outbox GROUP BY state").fetchall())
    assert set(states) <= {"acked"}, f"outbox not fully acknowledged: {states}"
    held = store.conn.execute("SELECT count(*) FROM sync_held").fetchone()[0]
    assert held == 0, f"{held} pulled changes held"
    hub = hub_records(engine, hub_station)
    local: dict[tuple[str, str], dict[str, Any]] = {}
    for entity, record_id, _version, payload in store.conn.execute(
            "SELECT entity, record_id, version, payload FROM outbox o WHERE version = "
            "(SELECT max(version) FROM outbox n WHERE n.entity = o.entity AND n.record_id = o.record_id)"):
        data = json.loads(payload)
        data["station_id"] = hub_station
        local[(entity, record_id)] = data
    assert set(hub) == set(local), f"missing at hub: {set(local) - set(hub)}; extra: {set(hub) - set(local)}"
    for key, data in local.items():
        assert hub[key] == data, f"hub copy of {key} differs from the station's latest version"
    with engine.connect() as conn:
        applied = conn.execute(select(t.applied_changes.c.change_id)
                               .where(t.applied_changes.c.station_id == hub_station)).scalars().all()
        feed_rows = conn.execute(select(t.outbound.c.entity, t.outbound.c.record_id, t.outbound.c.seq)
                                 .where(t.outbound.c.station_id == hub_station)).all()
    assert len(applied) == len(set(applied))
    # Every change the station counts as acknowledged reached the hub itself or in a newer version.
    carried = {r[0] for r in store.conn.execute(
        "SELECT change_id FROM outbox WHERE state = 'acked' AND superseded_by IS NULL")}
    assert carried <= set(applied), f"{len(carried - set(applied))} acknowledged changes never reached the hub"
    for sha256, data in store.conn.execute("SELECT sha256, data FROM blobs"):
        if hub_blob(engine, sha256, hub_station) != bytes(data):
            with engine.connect() as conn:
                uploads = conn.execute(select(t.blobs.c.station_id, t.blobs.c.length, t.blobs.c.received,
                                              t.blobs.c.complete).where(t.blobs.c.sha256 == sha256)).all()
            here = store.conn.execute("SELECT state, uploaded, attempts, last_error FROM sync_blobs WHERE sha256 = ?",
                                      (sha256,)).fetchone()
            raise AssertionError(f"file {sha256[:12]} ({len(data)} bytes) differs at the hub: hub uploads "
                                 f"{[tuple(u) for u in uploads]}, station's upload state {here}")
    # Replies: each advice and specialist message is on the station exactly once.
    for entity, record_id, _seq in feed_rows:
        cls = {"advice": Advice, "message": Message}.get(entity)
        if cls is not None:
            assert len(store.find(cls, "id = ?", [record_id])) == 1, f"{entity} {record_id} missing at station"
    if feed_rows:
        assert int(store.meta("sync_cursor") or 0) == max(r.seq for r in feed_rows)


def file_sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
