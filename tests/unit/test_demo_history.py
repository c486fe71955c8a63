"""Demo data looks like a year at one clinic: consultations on clinic days over months, patients
from the clinic's own district and its neighbours."""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, datetime, timedelta

from station import demo
from station.demo_profiles import _demo, demo_patient
from station.records import Encounter, Patient, VitalsSet
from station.store import Store


def test_consultations_spread_over_the_past_year_in_clinic_hours(store: Store) -> None:
    demo.fill(store, 40, 150, seed=4)
    encounters = store.find(Encounter)
    starts = [datetime.fromisoformat(e.started_at.replace("Z", "+00:00")) for e in encounters]
    now = datetime.now(UTC)
    assert all(now - timedelta(days=366) <= s <= now for s in starts)
    assert len({(s.year, s.month) for s in starts}) >= 10  # months, not one minute
    local = [s + timedelta(hours=5) for s in starts]
    assert all(t.weekday() != 6 and (8, 30) <= (t.hour, t.minute) < (14, 0) for t in local)
    # Vital signs are taken at the consultation; nobody is seen before they were born.
    by_id = {e.id: e for e in encounters}
    for vitals in store.find(VitalsSet):
        assert vitals.taken_at == by_id[vitals.encounter_id].started_at
    people = {p.id: p for p in store.find(Patient)}
    for e in encounters:
        born = people[e.patient_id].date_of_birth
        assert born is None or born <= e.started_at[:10]
        assert e.signed_at >= e.started_at
        if e.follow_up_date:
            assert e.follow_up_date >= e.started_at[:10]


def test_patients_live_in_the_clinics_district_or_next_to_it() -> None:
    rng = random.Random(2)
    districts = Counter(demo_patient(rng, near="Thatta")["district"] for _ in range(400))
    sindh = {d["district"] for d in _demo("places.json")["districts"] if d["province"] == "Sindh"}
    assert districts["Thatta"] / 400 > 0.75
    assert set(districts) <= sindh
    thatta = next(d for d in _demo("places.json")["districts"] if d["district"] == "Thatta")
    villages = {v for tehsil in thatta["tehsils"].values() for v in tehsil}
    rng = random.Random(3)
    home = [p for p in (demo_patient(rng, near="Thatta") for _ in range(50)) if p["district"] == "Thatta"]
    assert all(p["village"] in villages for p in home)
