"""Test data for the specialist console: stations, specialists and referred cases in the hub's tables.

Records are built to the record contract and checked with the wire models, so what the console
shows in tests is what a real station could have pushed. Times are chosen by each test, which is
what lets the dashboard figures be checked against hand-computed values.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine

from hub import specialties
from hub import tables as t
from hub.passwords import hash_password
from sync.wire.ids import format_hlc, utc_iso, uuid7
from sync.wire.protocol import validate_record

PASSWORD = "consultant pass 2024"
_HASHES: dict[str, str] = {}


def password_hash(password: str) -> str:
    # Argon2id takes ~0.1 s per hash; tests reuse one hash per password.
    if password not in _HASHES:
        _HASHES[password] = hash_password(password)
    return _HASHES[password]


def add_coordinator(engine: Engine, username: str = "huma", name: str = "Huma Qureshi",
                    password: str = PASSWORD) -> str:
    """A programme coordinator: dashboard, bulk FHIR export, the audit; answers no referrals."""
    return add_specialist(engine, username, name, "", password, role="coordinator")


def add_station(engine: Engine, station_id: str, name: str, district: str = "Thatta") -> str:
    with engine.begin() as conn:
        conn.execute(t.stations.insert().values(
            id=station_id, name=name, district=district, public_key=None, created_at=t.utcnow(),
            enrolled_at=t.utcnow(), revoked_at=None,
        ))
    return station_id


def add_specialist(engine: Engine, username: str, name: str, specialty: str, password: str = PASSWORD,
                   active: bool = True, role: str = "specialist", registration: str | None = None) -> str:
    """An account; `specialty` may name several, comma-separated (codes or names of the hub's list)."""
    specialist_id = uuid7()
    with engine.begin() as conn:
        conn.execute(t.specialists.insert().values(
            id=specialist_id, username=username, name=name, specialty=specialty, role=role,
            password_hash=password_hash(password), active=active, created_at=t.utcnow(),
            registration_number=registration,
        ))
        for text in filter(None, (part.strip() for part in specialty.split(","))):
            code = specialties.resolve(conn, text)
            if code is None:
                code = specialties.add(conn, text).code
            conn.execute(t.specialist_specialties.insert().values(
                specialist_id=specialist_id, specialty_code=code, added_at=t.utcnow()))
    return specialist_id


def _envelope(station_id: str, created: datetime) -> dict[str, Any]:
    return {
        "id": uuid7(),
        "station_id": station_id,
        "created_at": utc_iso(created),
        "updated_at": format_hlc(int(created.timestamp() * 1000), 0, station_id),
        "version": 1,
    }


def _store(engine: Engine, entity: str, record: dict[str, Any]) -> None:
    validate_record(entity, record)
    with engine.begin() as conn:
        conn.execute(t.records.insert().values(
            entity=entity, id=record["id"], station_id=record["station_id"], version=record["version"],
            updated_at=record["updated_at"], payload=json.dumps(record, ensure_ascii=False),
            received_at=t.utcnow(),
        ))


@dataclass
class Case:
    referral_id: str
    patient_id: str
    encounter_id: str
    station_id: str


def add_case(
    engine: Engine,
    station_id: str,
    *,
    name: str = "Rukhsana Bibi",
    name_ur: str | None = "رخسانہ بی بی",
    sex: str = "female",
    date_of_birth: str | None = "1991-04-12",
    estimated_age_years: int | None = None,
    specialty: str = "internal_medicine",
    urgency: str = "routine",
    status: str = "sent",
    question: str = "Is this community-acquired pneumonia, and should she go to the district hospital?",
    created_at: datetime | None = None,
    received_at: datetime | None = None,
    diagnoses: list[tuple[str, str]] | None = None,
    vitals: list[tuple[datetime, dict[str, float]]] | None = None,
    attachments: list[str] | None = None,
) -> Case:
    """A patient, a signed consultation, vitals and a referral from one station."""
    created = created_at or datetime.now(UTC) - timedelta(hours=3)
    patient = {**_envelope(station_id, created - timedelta(minutes=30)), "mrn": f"MRN-{uuid7()[-6:]}",
               "name": name, "name_ur": name_ur, "father_name": "Ghulam Rasool", "father_name_ur": None,
               "sex": sex, "date_of_birth": date_of_birth, "estimated_age_years": estimated_age_years,
               "cnic": None, "phone": "03001234567", "village": "Jhok Sharif", "district": "Thatta"}
    _store(engine, "patient", patient)
    dx = diagnoses if diagnoses is not None else [("J18.9", "Pneumonia, unspecified organism")]
    encounter = {**_envelope(station_id, created - timedelta(minutes=20)), "patient_id": patient["id"],
                 "started_at": utc_iso(created - timedelta(minutes=25)),
                 "complaint": "Cough and fever for 5 days", "history": "Productive cough, no haemoptysis.",
                 "examination": "Crackles right lower zone.", "assessment": "Likely pneumonia",
                 "plan": "Amoxicillin, review in 2 days",
                 "diagnoses": [{"code": c, "title": ti} for c, ti in dx],
                 "prescriptions": [{"medicine_id": "amox-500", "name": "Amoxicillin", "strength": "500 mg",
                                    "dose": "1 capsule", "frequency": "three times a day", "duration_days": 5,
                                    "notes": None}],
                 "follow_up_date": None, "status": "signed", "signed_by": "Nasreen (LHW)",
                 "signed_at": utc_iso(created - timedelta(minutes=20)), "supersedes": None}
    _store(engine, "encounter", encounter)
    units = {"8480-6": ("Systolic", "mm[Hg]"), "8462-4": ("Diastolic", "mm[Hg]"), "8867-4": ("Heart rate", "/min"),
             "9279-1": ("Respiratory rate", "/min"), "8310-5": ("Temperature", "Cel"), "2708-6": ("SpO2", "%")}
    for taken, values in vitals or []:
        vitals_set = {**_envelope(station_id, taken), "patient_id": patient["id"], "encounter_id": encounter["id"],
                      "taken_at": utc_iso(taken),
                      "observations": [{"code": code, "name": units[code][0], "value": value, "unit": units[code][1]}
                                       for code, value in values.items()],
                      "consciousness": "alert", "supplemental_oxygen": False, "spo2_scale": 1, "supersedes": None}
        _store(engine, "vitals_set", vitals_set)
    ref = {**_envelope(station_id, created), "patient_id": patient["id"], "encounter_id": encounter["id"],
           "specialty": specialty, "urgency": urgency, "question": question, "status": status,
           "created_by": "Nasreen (LHW)", "attachments": attachments or [],
           "summary": f"{name}, cough and fever 5 days, crackles right base."}
    _store(engine, "referral", ref)
    with engine.begin() as conn:
        conn.execute(t.referrals.insert().values(
            id=ref["id"], station_id=station_id, patient_id=patient["id"], encounter_id=encounter["id"],
            specialty=specialty, urgency=urgency, urgency_rank=t.URGENCY_RANK[urgency], status=status,
            question=question, created_at=created, received_at=received_at or created + timedelta(minutes=5),
            specialty_code=specialties.resolve(conn, specialty),  # as the hub's ingest reads it
        ))
    return Case(referral_id=ref["id"], patient_id=patient["id"], encounter_id=encounter["id"], station_id=station_id)


def add_blob(engine: Engine, station_id: str, sha256: str, data: bytes, media_type: str, complete: bool = True) -> None:
    with engine.begin() as conn:
        conn.execute(t.blobs.insert().values(
            sha256=sha256, station_id=station_id, length=len(data), received=len(data) if complete else 0,
            complete=complete, media_type=media_type, created_at=t.utcnow(),
        ))
        if complete:
            conn.execute(t.blob_chunks.insert().values(station_id=station_id, sha256=sha256, offset=0, data=data))


def add_attachment_record(engine: Engine, case: Case, sha256: str, filename: str, media_type: str, size: int) -> None:
    record = {**_envelope(case.station_id, datetime.now(UTC)), "sha256": sha256, "patient_id": case.patient_id,
              "referral_id": case.referral_id, "media_type": media_type, "filename": filename, "size": size}
    _store(engine, "attachment", record)


_HIDDEN = re.compile(r'<input type="hidden" name="(?P<name>[a-z_]+)" value="(?P<value>[^"]*)">')


def hidden_fields(html: str) -> dict[str, str]:
    """The hidden inputs of a page (CSRF token, form ids); the last of each name wins."""
    return {m["name"]: m["value"] for m in _HIDDEN.finditer(html)}


def form_fields(html: str, action: str) -> dict[str, str]:
    """The hidden inputs of the form posting to `action`."""
    start = html.index(f'action="{action}"')
    end = html.index("</form>", start)
    return hidden_fields(html[start:end])


class ConsoleUser:
    """A specialist's browser, reduced to HTTP: keeps cookies, reads forms, posts them.

    `http` is an httpx-style client: a Starlette TestClient, or httpx.Client against a live hub.
    """

    def __init__(self, http: Any) -> None:
        self.http = http

    def login(self, username: str, password: str = PASSWORD, next_path: str = "/inbox") -> Any:
        page = self.http.get("/login")
        fields = form_fields(page.text, "/login")
        return self.http.post("/login", data={**fields, "username": username, "password": password,
                                               "next": next_path})

    def csrf_token(self) -> str:
        return hidden_fields(self.http.get("/inbox").text)["csrf_token"]

    def open_referral(self, referral_id: str) -> Any:
        return self.http.get(f"/referrals/{referral_id}")

    def answer(self, referral_id: str, **fields: str) -> Any:
        """Open the referral page and send its advice form with `fields` filled in."""
        page = self.open_referral(referral_id)
        action = f"/referrals/{referral_id}/advice"
        return self.http.post(action, data={**form_fields(page.text, action), **fields})

    def send_message(self, referral_id: str, body: str) -> Any:
        page = self.open_referral(referral_id)
        action = f"/referrals/{referral_id}/messages"
        return self.http.post(action, data={**form_fields(page.text, action), "body": body})


GOOD_ADVICE = {
    "assessment": "Community-acquired pneumonia, moderate; SpO2 93% on air.",
    "recommendations": "Switch to amoxicillin 1 g three times daily for 5 days; review in 48 hours.",
    "plan_changed": "yes",
    "plan_change": "Higher amoxicillin dose; no transfer needed.",
    "follow_up": "Review in 2 days, sooner if breathing gets faster.",
}
