"""Filling a station with realistic synthetic clinic data (for demos, training and benchmarks)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, time, timedelta
from typing import Any

from station import consultations, patients, referrals
from station.demo_profiles import demo_encounter, demo_patient
from station.errors import ValidationError
from station.records import Patient
from station.store import Store


def _prescriptions(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    keep = ("medicine_id", "dose", "frequency", "duration_days", "notes")
    return [{k: item.get(k) for k in keep} for item in items]


# Consultations spread over the past year, on clinic days (Monday to Saturday) in clinic hours
# (08:30-14:00 Pakistan time, UTC+5), so trend charts and the dashboard have months to show.
HISTORY_DAYS = 365
CLINIC_HOURS_PKT = (time(8, 30), time(14, 0))
PKT = timedelta(hours=5)


def visit_times(rng: random.Random, n: int, now: datetime | None = None) -> list[datetime]:
    """`n` consultation times (UTC) over the past year, oldest first, none in the future."""
    now = now or datetime.now(UTC)
    opens = CLINIC_HOURS_PKT[0].hour * 60 + CLINIC_HOURS_PKT[0].minute
    closes = CLINIC_HOURS_PKT[1].hour * 60 + CLINIC_HOURS_PKT[1].minute
    times: list[datetime] = []
    while len(times) < n:
        day = (now + PKT).date() - timedelta(days=rng.randrange(HISTORY_DAYS))
        if day.weekday() == 6:  # Sunday: the clinic is closed
            continue
        minute = rng.randrange(opens, closes)
        local = datetime.combine(day, time(minute // 60, minute % 60, rng.randrange(60)))
        moment = (local - PKT).replace(tzinfo=UTC)
        if moment <= now:
            times.append(moment)
    return sorted(times)


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _born_by(rng: random.Random, made: list[Patient], when: datetime) -> Patient | None:
    """A patient already born on that day (a baby registered today did not visit last spring)."""
    day = when.date().isoformat()
    for _ in range(30):
        patient = rng.choice(made)
        if not patient.date_of_birth or patient.date_of_birth <= day:
            return patient
    return next((p for p in made if not p.date_of_birth or p.date_of_birth <= day), None)


def _follow_up(enc: dict[str, Any]) -> str | None:
    return enc.get("follow_up_date")


def fill(store: Store, n_patients: int, n_encounters: int, seed: int) -> dict[str, int]:
    """Add `n_patients` patients and `n_encounters` consultations (with vitals, some referred)."""
    rng = random.Random(seed)
    counts = {"patients": 0, "encounters": 0, "referrals": 0}
    made: list[Patient] = []
    home = store.meta("district")
    with store.atomic():
        for _ in range(n_patients):
            made.append(patients.register(store, demo_patient(rng, near=home), confirmed_new=True))
            counts["patients"] += 1
        if not made and n_encounters:
            made = store.find(Patient, limit=1000)
        if not made and n_encounters:
            raise ValidationError("patients", "There are no patients to add consultations for; add patients too.")
        for when in visit_times(rng, n_encounters):
            patient = _born_by(rng, made, when)
            if patient is None:
                continue  # only babies born since: this clinic day had no one to see
            enc = demo_encounter(rng, patient.to_row(), started_at=when)
            e = consultations.start(
                store, patient.id, started_at=_iso(when), complaint=enc["complaint"], history=enc.get("history", ""),
                examination=enc.get("examination", ""), assessment=enc.get("assessment", ""),
                plan=enc.get("plan", ""), diagnoses=enc.get("diagnoses", []),
                prescriptions=_prescriptions(enc.get("prescriptions", [])), follow_up_date=_follow_up(enc))
            vitals = {k: v for k, v in (enc.get("vitals") or {}).items() if v is not None}
            if vitals:
                consultations.record_vitals(store, patient.id, vitals, encounter_id=e.id,
                                            consciousness=enc.get("consciousness"), taken_at=_iso(when))
            e = consultations.sign(store, e.id, e.version, signed_at=_iso(when + timedelta(minutes=rng.randint(5, 25))))
            counts["encounters"] += 1
            refer = enc.get("refer")
            if refer:
                # Profiles may name a programme in brackets: "Pulmonology (TB programme)".
                specialty = refer["specialty"].split(" (")[0]
                referrals.create(store, patient.id, specialty, refer.get("urgency", "urgent"),
                                 refer["question"], encounter_id=e.id)
                counts["referrals"] += 1
    return counts
