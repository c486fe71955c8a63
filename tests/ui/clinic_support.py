"""Shared steps for the clinical screen tests: a signed-in DB worker and realistic records.

Screens get a real DbWorker on a real encrypted station (from tests/ui/conftest.py's
`station_dir`), so every test goes through the same thread hops as the running app.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from station import consultations, patients, referrals
from station.records import Advice, Encounter, Message, Patient, Referral
from station.store import Store
from sync.call.devices import Device
from sync.wire.ids import uuid7
from tests.conftest import ADMIN_PASSWORD
from ui.ops import DbWorker

ASLAM = {"name": "Muhammad Aslam", "name_ur": "محمد اسلم", "father_name": "Ghulam Rasool", "sex": "male",
         "estimated_age_years": "54", "village": "Jhok Sharif", "district": "Thatta",
         "phone": "0300-1234567", "cnic": "41304-1234567-1"}
ZAINAB = {"name": "Zainab Bibi", "father_name": "Allah Ditta", "sex": "female", "date_of_birth": "",
          "estimated_age_years": "1", "village": "Gharo", "district": "Thatta"}


@contextmanager
def signed_in_worker(qtbot: Any, station_dir: Path, username: str = "admin",
                     password: str = ADMIN_PASSWORD) -> Iterator[DbWorker]:
    """A DB worker with the station open, as the running app has after sign-in."""
    worker = DbWorker(station_dir)
    opened: list[object] = []
    worker.open(username, password, success=opened.append)
    qtbot.waitUntil(lambda: bool(opened), timeout=10_000)
    try:
        yield worker
    finally:
        worker.shutdown()


def settle(qtbot: Any, worker: DbWorker, timeout: int = 10_000) -> None:
    """Let queued database work run and its results reach the widgets."""
    assert worker.wait_idle(timeout / 1000)
    qtbot.waitUntil(lambda: worker._pending == 0, timeout=timeout)
    qtbot.wait(10)


def run(qtbot: Any, worker: DbWorker, fn: Callable[[Store], Any]) -> Any:
    """Do something in the store directly (setting the scene), on the worker, and return its result."""
    box: dict[str, Any] = {}
    worker.submit(fn, lambda result: box.setdefault("result", result),
                  lambda exc: box.setdefault("error", exc))
    qtbot.waitUntil(lambda: bool(box), timeout=10_000)
    if "error" in box:
        raise box["error"]
    return box["result"]


def register(store: Store, fields: dict[str, Any]) -> Patient:
    return patients.register(store, fields, confirmed_new=True)


def consulted(store: Store, patient: Patient, vitals: dict[str, Any] | None = None,
              sign: bool = True, **fields: Any) -> Encounter:
    fields.setdefault("complaint", "Cough and fever for 5 days")
    fields.setdefault("assessment", "Chest infection")
    encounter = consultations.start(store, patient.id, **fields)
    if vitals:
        consultations.record_vitals(store, patient.id, vitals, encounter_id=encounter.id, consciousness="alert")
    if sign:
        encounter = consultations.sign(store, encounter.id, encounter.version)
    return encounter


def referred(store: Store, patient: Patient, encounter: Encounter | None = None,
             with_consent: bool = True) -> Referral:
    from station import consent

    agreed = consent.clean("patient", patient.name, "", True, store.user.username) if with_consent else None
    return referrals.create(store, patient.id, "pulmonology", "urgent",
                            "Fever and low oxygen despite amoxicillin: what next?",
                            encounter_id=encounter.id if encounter else None, consent=agreed)


def advice_arrives(store: Store, referral: Referral, plan_changed: bool = True) -> Advice:
    """The specialist's answer as a sync pull applies it (sent, then answered)."""
    referrals.advance(store, referral.id, "sent")
    advice = Advice(id=uuid7(), station_id="hub", created_at="2026-01-05T10:00:00.000Z",
                    updated_at=store.clock.now(), version=1, referral_id=referral.id,
                    patient_id=referral.patient_id, specialist_name="Dr Farah Naz", specialty="pulmonology",
                    assessment="Pneumonia not responding to amoxicillin.",
                    recommendations="Switch to co-amoxiclav; chest X-ray if available.",
                    plan_changed=plan_changed,
                    plan_change="Stop amoxicillin; start co-amoxiclav 625 mg TDS for 7 days." if plan_changed else None,
                    follow_up="Review in 48 hours.")
    referrals.receive_advice(store, advice)
    return advice


def specialist_writes(store: Store, referral: Referral, body: str) -> Message:
    message = Message(id=uuid7(), station_id="hub", created_at="2026-01-05T10:05:00.000Z",
                      updated_at=store.clock.now(), version=1, referral_id=referral.id,
                      author_name="Dr Farah Naz", author_role="specialist", body=body)
    store.put_remote(message)
    return message


def patient_consents(form: Any) -> None:
    """On the referral form: the patient was asked and agrees to share."""
    form.consent.by["patient"].setChecked(True)
    form.consent.agree.setChecked(True)


def seen(text: str) -> str:
    """Text as a person reads it: without the invisible direction marks around names and dates."""
    return text.replace("\u2066", "").replace("\u2068", "").replace("\u2069", "")

# A USB headset as PortAudio lists it on Linux (for the call and Settings tests).
HEADSET = Device("USB Audio: - (hw:1,0) [ALSA]", "USB Audio: - (hw:1,0)")
