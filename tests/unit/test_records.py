"""Every kind of clinic record is saved and read back unchanged, with its outbox change."""

from __future__ import annotations

import json

import pytest

from station import attachments, consultations, patients, referrals
from station.records import Advice, Encounter, Message, Patient, Referral, User, VitalsSet
from station.store import Store

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _patient(store: Store, **extra) -> Patient:
    fields = {"name": "Muhammad Aslam", "name_ur": "محمد اسلم", "father_name": "Ghulam Rasool",
              "sex": "male", "estimated_age_years": 54, "cnic": "4130412345671", "phone": "+92 300 1234567",
              "village": "Jhok Sharif", "district": "Thatta"} | extra
    return patients.register(store, fields)


def _roundtrip(store: Store, record):
    again = store.get(type(record), record.id)
    assert again == record
    return again


def test_a_patient_round_trips_with_normalised_cnic_and_phone(store: Store) -> None:
    p = _patient(store)
    assert p.cnic == "41304-1234567-1" and p.phone == "03001234567" and p.mrn == "000001"
    _roundtrip(store, p)


def test_a_consultation_with_vitals_diagnoses_and_prescriptions_round_trips(store: Store) -> None:
    p = _patient(store)
    e = consultations.start(store, p.id, complaint="fever 3 days", history="chills", examination="warm",
                            assessment="likely malaria", plan="RDT, treat",
                            diagnoses=[{"code": "B54"}], follow_up_date=None)
    _roundtrip(store, e)
    signed = consultations.sign(store, e.id, expected_version=e.version)
    assert signed.status == "signed" and signed.signed_by == "admin"
    _roundtrip(store, signed)
    v = consultations.record_vitals(store, p.id, {"temperature": "38.9", "heart_rate": 104, "spo2": 96},
                                    encounter_id=e.id, consciousness="alert")
    assert {o["code"] for o in v.observations} == {"8310-5", "8867-4", "2708-6"}
    _roundtrip(store, v)


def test_a_referral_advice_message_and_attachment_round_trip(store: Store) -> None:
    p = _patient(store)
    att = attachments.attach(store, p.id, PNG, "image/png", "rash.png")
    _roundtrip(store, att)
    assert attachments.read(store, att.sha256) == PNG
    r = referrals.create(store, p.id, "dermatology", "soon", "Spreading rash on both legs, what is it?",
                         attachments=[att.sha256])
    assert r.status == "queued" and "male" in r.summary
    _roundtrip(store, r)
    m = referrals.send_message(store, r.id, "Photo attached.")
    _roundtrip(store, m)
    advice = Advice(id="0190c1d2-0000-7000-8000-000000000001", station_id=store.station_id,
                    created_at="2026-11-23T10:00:00Z", updated_at="01790000000000-0000-hub", version=1,
                    referral_id=r.id, patient_id=p.id, specialist_name="Dr Sana Mirza", specialty="dermatology",
                    assessment="Tinea corporis", recommendations="Clotrimazole twice daily for 4 weeks",
                    plan_changed=True, plan_change="Antifungal instead of antibiotic", follow_up="2 weeks")
    referrals.advance(store, r.id, "sent")
    referrals.receive_advice(store, advice)
    assert store.get(Referral, r.id).status == "answered"
    _roundtrip(store, advice)
    referrals.acknowledge(store, advice.id)
    assert store.get(Referral, r.id).status == "closed"
    assert store.get(Advice, advice.id).acknowledged_by == "admin"


def test_the_station_round_trips(store: Store, data_dir) -> None:
    from tests.conftest import ADMIN_PASSWORD

    renamed = store.update_station("Rural Health Centre Jhok", "Thatta")
    store.close()
    with Store.open(data_dir, "admin", ADMIN_PASSWORD) as again:
        assert again.station() == renamed
        assert renamed.clinic == "Rural Health Centre Jhok" and renamed.id == again.station_id


def test_users_round_trip(store: Store) -> None:
    admin = store.find(User, "username = ?", ["admin"])[0]
    _roundtrip(store, admin)


def test_outbox_rows_match_business_rows_one_to_one(store: Store) -> None:
    p = _patient(store)
    e = consultations.start(store, p.id, complaint="cough")
    e = consultations.save_draft(store, e.id, e.version, history="2 weeks")
    consultations.record_vitals(store, p.id, {"respiratory_rate": 22})
    r = referrals.create(store, p.id, "pulmonology", "soon", "Cough two weeks, TB suspected?")
    referrals.send_message(store, r.id, "Sputum sent")
    writes = {(cls.entity, rid): version for cls in (Patient, Encounter, VitalsSet, Referral, Message)
              for rid, version in store.conn.execute(f"SELECT id, version FROM {cls.table}")}
    outbox = store.conn.execute("SELECT entity, record_id, version, payload FROM outbox ORDER BY seq").fetchall()
    # One change per write: every version of every record has exactly one outbox row, carrying it.
    per_record: dict[tuple[str, str], list[int]] = {}
    for entity, rid, version, payload in outbox:
        per_record.setdefault((entity, rid), []).append(version)
        assert json.loads(payload)["version"] == version
    assert {k: max(v) for k, v in per_record.items()} == writes
    assert all(v == list(range(1, len(v) + 1)) for v in per_record.values())


def test_a_failed_write_leaves_neither_record_nor_outbox_row(store: Store) -> None:
    p = _patient(store)
    before = store.conn.execute("SELECT count(*) FROM outbox").fetchone()[0]
    with pytest.raises(RuntimeError), store.atomic():
        consultations.start(store, p.id, complaint="headache")
        raise RuntimeError("power cut")
    assert store.conn.execute("SELECT count(*) FROM outbox").fetchone()[0] == before
    assert store.conn.execute("SELECT count(*) FROM encounters").fetchone()[0] == 0


def test_a_signed_consultation_cannot_change_but_can_be_corrected(store: Store) -> None:
    from station.errors import Conflict

    p = _patient(store)
    e = consultations.start(store, p.id, complaint="fever", assessment="viral fever")
    e = consultations.sign(store, e.id, e.version)
    with pytest.raises(Conflict, match="signed"):
        consultations.save_draft(store, e.id, e.version, plan="more fluids")
    fix = consultations.correct(store, e.id, "Plan was incomplete", plan="more fluids")
    assert fix.supersedes == e.id and store.get(Encounter, e.id).plan == ""


def test_views_hear_what_changed_after_commit(store: Store) -> None:
    heard = []
    store.on_changes.append(lambda change: heard.append(change.tables()))
    _patient(store)
    assert heard == [{"patients"}]
