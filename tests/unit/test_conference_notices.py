"""Case conference notices and advice contributors arriving at the station with a pull."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from station import conferences, patients, referrals
from station.records import Advice, Referral
from station.store import Store
from sync import apply
from sync.wire.ids import format_hlc, uuid7
from sync.wire.protocol import Change

HUB_STATION = "hub-bhu-1"


def iso(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def refer(store: Store) -> Referral:
    patient = patients.register(store, {"name": "Zainab Bibi", "father_name": "Ghulam Rasool", "sex": "female",
                                        "estimated_age_years": 7, "village": "Jhok", "district": "Thatta"},
                                confirmed_new=True)
    return referrals.create(store, patient.id, "paediatrics", "urgent", "Headaches and vomiting for a month.")


def change(entity: str, data: dict[str, object], version: int = 1) -> Change:
    hlc = format_hlc(int(datetime.now(UTC).timestamp() * 1000) + version, 0, "hub")
    record = {"station_id": HUB_STATION, "created_at": iso(datetime.now(UTC)), "updated_at": hlc,
              "version": version, **data}
    return Change(change_id=uuid7(), entity=entity, record_id=str(record["id"]), op="upsert", hlc=hlc,
                  version=version, data=record)


def notice(referral: Referral, item_id: str, status: str = "scheduled", version: int = 1,
           starts: datetime | None = None) -> Change:
    return change("conference_agenda", {
        "id": item_id, "referral_id": referral.id, "patient_id": referral.patient_id, "conference_id": uuid7(),
        "title": "Tumour board, December", "starts_at": iso(starts or datetime.now(UTC) + timedelta(days=2)),
        "time_zone": "Asia/Karachi", "status": status}, version)


def pull(store: Store, *changes: Change) -> apply.Applied:
    return apply.apply_page(store, list(changes), apply.cursor(store) + 1, store.station_id, HUB_STATION)


def test_a_case_put_on_an_agenda_is_listed_with_its_time_in_the_conference_zone(store: Store) -> None:
    referral = refer(store)
    item = uuid7()
    starts = datetime(2030, 12, 9, 10, 0, tzinfo=UTC)
    applied = pull(store, notice(referral, item, starts=starts))
    assert applied.agenda == 1 and applied.referrals == {referral.id}
    [shown] = conferences.upcoming(store, now=datetime(2030, 12, 1, tzinfo=UTC))
    assert shown.title == "Tumour board, December" and shown.station_id == store.station_id
    assert shown.local_start().strftime("%Y-%m-%d %H:%M") == "2030-12-09 15:00"
    assert store.conn.execute("SELECT count(*) FROM outbox WHERE entity = 'conference_agenda'").fetchone()[0] == 0


def test_a_case_taken_off_or_discussed_leaves_the_upcoming_list_and_an_older_copy_does_not_bring_it_back(
        store: Store) -> None:
    referral = refer(store)
    item = uuid7()
    pull(store, notice(referral, item, version=1))
    pull(store, notice(referral, item, status="discussed", version=2))
    assert conferences.upcoming(store) == []
    assert pull(store, notice(referral, item, version=1)).unchanged == 1
    assert [n.status for n in conferences.for_referral(store, referral.id)] == ["discussed"]


def test_a_notice_for_a_referral_not_here_or_malformed_is_held_not_dropped(store: Store) -> None:
    referral = refer(store)
    stranger = Referral(id=uuid7(), patient_id=referral.patient_id)
    bad = notice(referral, uuid7())
    bad.data["status"] = "maybe"
    applied = pull(store, notice(stranger, uuid7()), bad)
    assert applied.held == 2 and apply.held_count(store) == 2
    reasons = [r[0] for r in store.conn.execute("SELECT reason FROM sync_held").fetchall()]
    assert any("status" in r for r in reasons)


def test_advice_from_a_conference_names_the_conference_and_who_was_present(store: Store) -> None:
    referral = refer(store)
    advice_id = uuid7()
    pull(store, change("advice", {
        "id": advice_id, "referral_id": referral.id, "patient_id": referral.patient_id,
        "specialist_name": "Dr Farah Zaidi", "specialty": "oncology",
        "assessment": "Discussed at the case conference.", "recommendations": "MRI head, then start treatment.",
        "plan_changed": True, "plan_change": "MRI before any treatment.", "follow_up": None,
        "contributors": ["Dr Farah Zaidi", "Dr Imran Ali"], "conference_title": "Tumour board, December"}))
    [advice] = store.find(Advice, "id = ?", [advice_id])
    assert advice.contributors == ["Dr Farah Zaidi", "Dr Imran Ali"]
    assert advice.conference_title == "Tumour board, December"


def test_advice_from_a_hub_that_names_nobody_still_arrives(store: Store) -> None:
    referral = refer(store)
    advice_id = uuid7()
    pull(store, change("advice", {
        "id": advice_id, "referral_id": referral.id, "patient_id": referral.patient_id,
        "specialist_name": "Dr Sana Khan", "specialty": "oncology", "assessment": "Likely migraine.",
        "recommendations": "Paracetamol.", "plan_changed": False, "plan_change": None, "follow_up": None}))
    [advice] = store.find(Advice, "id = ?", [advice_id])
    assert advice.contributors == [] and advice.conference_title is None
