"""Filling a station with realistic synthetic clinic data (for demos, training and benchmarks)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from station import consultations, patients, referrals
from station.demo_profiles import demo_encounter, demo_patient
from station.errors import ValidationError
from station.records import Patient
from station.store import Store


def _prescriptions(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    keep = ("medicine_id", "dose", "frequency", "duration_days", "notes")
    return [{k: item.get(k) for k in keep} for item in items]


def _follow_up(enc: dict[str, Any]) -> str | None:
    days = enc.get("follow_up_days")
    if days:
        return (date.today() + timedelta(days=int(days))).isoformat()
    return enc.get("follow_up_date")


def fill(store: Store, n_patients: int, n_encounters: int, seed: int) -> dict[str, int]:
    """Add `n_patients` patients and `n_encounters` consultations (with vitals, some referred)."""
    rng = random.Random(seed)
    counts = {"patients": 0, "encounters": 0, "referrals": 0}
    made: list[Patient] = []
    with store.atomic():
        for _ in range(n_patients):
            made.append(patients.register(store, demo_patient(rng), confirmed_new=True))
            counts["patients"] += 1
        if not made and n_encounters:
            made = store.find(Patient, limit=1000)
        if not made and n_encounters:
            raise ValidationError("patients", "There are no patients to add consultations for; add patients too.")
        for _ in range(n_encounters):
            patient = rng.choice(made)
            enc = demo_encounter(rng, patient.to_row())
            e = consultations.start(
                store, patient.id, complaint=enc["complaint"], history=enc.get("history", ""),
                examination=enc.get("examination", ""), assessment=enc.get("assessment", ""),
                plan=enc.get("plan", ""), diagnoses=enc.get("diagnoses", []),
                prescriptions=_prescriptions(enc.get("prescriptions", [])), follow_up_date=_follow_up(enc))
            vitals = {k: v for k, v in (enc.get("vitals") or {}).items() if v is not None}
            if vitals:
                consultations.record_vitals(store, patient.id, vitals, encounter_id=e.id,
                                            consciousness=enc.get("consciousness"))
            e = consultations.sign(store, e.id, e.version)
            counts["encounters"] += 1
            refer = enc.get("refer")
            if refer:
                # Profiles may name a programme in brackets: "Pulmonology (TB programme)".
                specialty = refer["specialty"].split(" (")[0]
                referrals.create(store, patient.id, specialty, refer.get("urgency", "urgent"),
                                 refer["question"], encounter_id=e.id)
                counts["referrals"] += 1
    return counts
