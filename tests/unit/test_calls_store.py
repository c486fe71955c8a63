"""Video consults are kept at the station: each ended call is recorded once and leaves with the next
sync; the call times specialists propose arrive with a pull and are listed as upcoming calls."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from station import audit, calls, patients, referrals
from station.calls import Call, CallProposal
from station.errors import Conflict, NotFound, ValidationError
from station.records import Referral
from station.sqlite import DatabaseError
from station.store import Store
from sync import apply
from sync.wire.ids import format_hlc, uuid7
from sync.wire.protocol import Change, validate_record

FIXTURE_V1 = Path(__file__).resolve().parents[1] / "fixtures" / "v1"
T0 = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def iso(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def refer(store: Store, name: str = "Zainab Bibi") -> Referral:
    patient = patients.register(store, {"name": name, "father_name": "Ghulam Rasool", "sex": "female",
                                        "estimated_age_years": 27, "village": "Jhok", "district": "Thatta"},
                                confirmed_new=True)
    return referrals.create(store, patient.id, "obstetrics and gynaecology", "urgent",
                            "Bleeding at 30 weeks, what should we do before transfer?")


def summary(referral: Referral, **changes: object) -> dict[str, object]:
    """What the call session reports when a connected call ends (4 min 12 s)."""
    fields: dict[str, object] = {
        "call_id": uuid7(), "referral_id": referral.id, "patient_id": referral.patient_id,
        "started_at": iso(T0), "connected_at": iso(T0 + timedelta(seconds=9)),
        "ended_at": iso(T0 + timedelta(seconds=261)), "duration_seconds": 252, "ended_by": "station",
        "outcome": "completed", "audio_only": False, "quality": "weak", "started_by": None}
    fields.update(changes)
    return fields


def outbox_rows(store: Store, record_id: str) -> list[tuple[str, str]]:
    return store.conn.execute("SELECT entity, payload FROM outbox WHERE record_id = ?", (record_id,)).fetchall()


# -- recording calls ------------------------------------------------------------------------------
def test_an_ended_call_is_recorded_with_its_outbox_change_and_audit_entry(store: Store) -> None:
    referral = refer(store)
    seen = []
    store.on_changes.append(lambda changes: seen.append(changes.changed))
    facts = summary(referral)
    call = calls.record(store, facts)

    assert call.id == facts["call_id"]
    assert (call.duration_seconds, call.outcome, call.quality, call.started_by) == (252, "completed", "weak", "admin")
    assert seen == [{("calls", call.id)}], "one transaction, one change announced"
    [(entity, payload)] = outbox_rows(store, call.id)
    sent = json.loads(payload)
    assert entity == "call" and sent["patient_id"] == referral.patient_id and sent["audio_only"] is False
    # What leaves the station is exactly what the hub accepts as a `call`.
    validate_record("call", sent)
    actions = [r[0] for r in store.conn.execute("SELECT action FROM audit WHERE record_id = ?", (call.id,))]
    assert actions == ["calls.create"]
    assert audit.verify(store.conn)[1] is None


def test_a_recorded_call_can_never_be_changed(store: Store) -> None:
    referral = refer(store)
    facts = summary(referral)
    call = calls.record(store, facts)
    with pytest.raises(Conflict, match="never changed"):
        calls.record(store, {**facts, "duration_seconds": 600})
    call.quality = "good"
    with pytest.raises(DatabaseError, match="cannot be changed"):
        store.update(call)
    with pytest.raises(DatabaseError, match="cannot be changed"):
        store.conn.execute("UPDATE calls SET outcome = 'missed' WHERE id = ?", (call.id,))
    assert store.get(Call, call.id).quality == "weak"
    assert len(outbox_rows(store, call.id)) == 1


def test_saving_the_same_call_again_keeps_one_record(store: Store) -> None:
    """The call window may retry a save whose answer it never saw: nothing is doubled."""
    referral = refer(store)
    facts = summary(referral)
    first = calls.record(store, facts)
    again = calls.record(store, dict(facts))
    assert again.id == first.id and again.version == 1
    assert store.conn.execute("SELECT count(*) FROM calls").fetchone()[0] == 1
    assert len(outbox_rows(store, first.id)) == 1


@pytest.mark.parametrize(("changes", "field"), [
    ({"referral_id": None}, "referral_id"),
    ({"started_at": None}, "started_at"),
    ({"started_at": "yesterday morning"}, "started_at"),
    ({"started_at": "2026-03-02T09:30:00"}, "started_at"),          # no time zone
    ({"outcome": "dropped"}, "outcome"),
    ({"ended_by": "caller"}, "ended_by"),
    ({"quality": "excellent"}, "quality"),
    ({"audio_only": "yes"}, "audio_only"),
    ({"duration_seconds": -4}, "duration_seconds"),
    ({"duration_seconds": "252"}, "duration_seconds"),
    ({"connected_at": iso(T0 - timedelta(seconds=1))}, "connected_at"),
    ({"ended_at": iso(T0 + timedelta(seconds=5))}, "ended_at"),      # before it connected
    ({"connected_at": None}, "connected_at"),                        # completed but never connected
])
def test_a_call_summary_that_does_not_make_sense_is_refused_naming_the_field(store: Store, changes, field) -> None:
    referral = refer(store)
    with pytest.raises(ValidationError) as caught:
        calls.record(store, summary(referral, **changes))
    assert caught.value.field == field
    assert store.conn.execute("SELECT count(*) FROM calls").fetchone()[0] == 0
    assert store.conn.execute("SELECT count(*) FROM outbox WHERE entity = 'call'").fetchone()[0] == 0


def test_a_call_for_another_patient_or_an_unknown_referral_is_refused(store: Store) -> None:
    referral = refer(store)
    other = refer(store, "Rukhsana")
    with pytest.raises(ValidationError) as caught:
        calls.record(store, summary(referral, patient_id=other.patient_id))
    assert caught.value.field == "patient_id"
    with pytest.raises(NotFound):
        calls.record(store, summary(referral, referral_id=uuid7()))


@pytest.mark.parametrize(("outcome", "connected", "ended_by", "quality"), [
    ("missed", False, None, None),
    ("failed", False, "network", None),
    ("cancelled", False, "station", None),
    ("completed", True, "specialist", "audio_only"),
])
def test_calls_that_never_connected_are_recorded_too(store: Store, outcome, connected, ended_by, quality) -> None:
    referral = refer(store)
    facts = summary(referral, outcome=outcome, ended_by=ended_by, quality=quality, duration_seconds=None,
                    audio_only=quality == "audio_only")
    if not connected:
        facts["connected_at"] = None
    call = calls.record(store, facts)
    validate_record("call", json.loads(outbox_rows(store, call.id)[0][1]))
    assert call.duration_seconds == (252 if connected else None)
    assert call.audio_only is (quality == "audio_only")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ring=st.integers(0, 120_000), talk=st.integers(0, 3 * 3600 * 1000), offset=st.sampled_from([0, 5, -8]))
def test_the_duration_is_the_time_connected_whatever_the_clock_format(store: Store, ring, talk, offset) -> None:
    referral = next(iter(store.find(Referral, limit=1)), None) or refer(store)
    zone = timezone(timedelta(hours=offset))
    connected = T0 + timedelta(milliseconds=ring)
    ended = connected + timedelta(milliseconds=talk)
    call = calls.record(store, summary(referral, call_id=None, duration_seconds=None,
                                       started_at=T0.astimezone(zone).isoformat(),
                                       connected_at=connected.astimezone(zone).isoformat(),
                                       ended_at=ended.astimezone(zone).isoformat()))
    assert call.duration_seconds == round(talk / 1000)
    assert call.started_at.endswith("Z") and call.started_at == iso(T0)
    assert call.ended_at == iso(ended)


def test_calls_are_listed_for_a_referral_and_for_a_patient_most_recent_first(store: Store) -> None:
    first, second = refer(store), refer(store, "Rukhsana")
    older = calls.record(store, summary(first, outcome="missed", connected_at=None, duration_seconds=None))
    newer = calls.record(store, summary(first, started_at=iso(T0 + timedelta(hours=2)),
                                        connected_at=iso(T0 + timedelta(hours=2, seconds=5)),
                                        ended_at=iso(T0 + timedelta(hours=2, minutes=10))))
    elsewhere = calls.record(store, summary(second))
    assert [c.id for c in calls.for_referral(store, first.id)] == [newer.id, older.id]
    assert [c.id for c in calls.for_patient(store, first.patient_id)] == [newer.id, older.id]
    assert [c.id for c in calls.for_patient(store, second.patient_id)] == [elsewhere.id]


def test_a_version_1_station_is_upgraded_and_records_calls(tmp_path: Path) -> None:
    folder = tmp_path / "old"
    shutil.copytree(FIXTURE_V1, folder)
    with Store.open(folder, "admin", "fixture password v1") as store:
        referral = refer(store, "Fatimah")
        call = calls.record(store, summary(referral))
        assert store.get(Call, call.id).outcome == "completed"
        assert calls.upcoming(store) == []


# -- proposals from the hub -----------------------------------------------------------------------
def proposal_change(store: Store, referral: Referral, proposal_id: str, version: int = 1,
                    status: str = "proposed", when: datetime | None = None, hub_station: str = "hub-bhu-1",
                    **changes: object) -> Change:
    hlc = format_hlc(int(datetime.now(UTC).timestamp() * 1000) + version, 0, "hub")
    data = {"id": proposal_id, "station_id": hub_station, "created_at": iso(T0), "updated_at": hlc,
            "version": version, "referral_id": referral.id, "patient_id": referral.patient_id,
            "specialist_name": "Dr Farah Khan", "specialty": "obstetrics and gynaecology",
            "proposed_for": iso(when or datetime.now(UTC) + timedelta(hours=3)),
            "note": "Please have her blood pressure readings ready.", "status": status}
    data.update(changes)
    return Change(change_id=uuid7(), entity="call_proposal", record_id=proposal_id, op="upsert", hlc=hlc,
                  version=version, data=data)


def pull(store: Store, *changes: Change) -> apply.Applied:
    return apply.apply_page(store, list(changes), apply.cursor(store) + 1, store.station_id, "hub-bhu-1")


def test_a_proposed_time_arrives_with_a_pull_and_is_listed_as_an_upcoming_call(store: Store) -> None:
    referral = refer(store)
    pid = uuid7()
    change = proposal_change(store, referral, pid)
    applied = pull(store, change)
    assert applied.proposals == 1 and applied.referrals == {referral.id}
    [upcoming] = calls.upcoming(store)
    assert (upcoming.id, upcoming.specialist_name, upcoming.station_id) == (pid, "Dr Farah Khan", store.station_id)
    # The same change pulled again (a page fetched twice) changes nothing.
    assert pull(store, change).unchanged == 1
    assert store.conn.execute("SELECT count(*) FROM outbox WHERE entity = 'call_proposal'").fetchone()[0] == 0


def test_a_cancelled_proposal_is_no_longer_upcoming_and_an_older_copy_does_not_bring_it_back(store: Store) -> None:
    referral = refer(store)
    pid = uuid7()
    pull(store, proposal_change(store, referral, pid, version=1))
    pull(store, proposal_change(store, referral, pid, version=2, status="cancelled"))
    assert calls.upcoming(store) == []
    assert [p.status for p in calls.proposals_for_referral(store, referral.id)] == ["cancelled"]
    pull(store, proposal_change(store, referral, pid, version=1))
    assert calls.upcoming(store) == []


def test_upcoming_calls_are_soonest_first_and_long_past_ones_are_left_out(store: Store) -> None:
    referral = refer(store)
    now = datetime.now(UTC)
    later, soon, just_past, long_past = (uuid7() for _ in range(4))
    pull(store, proposal_change(store, referral, later, when=now + timedelta(days=2)),
         proposal_change(store, referral, soon, when=now + timedelta(minutes=20)),
         proposal_change(store, referral, just_past, when=now - timedelta(minutes=15)),
         proposal_change(store, referral, long_past, when=now - timedelta(hours=3)))
    assert [p.id for p in calls.upcoming(store)] == [just_past, soon, later]
    assert [p.id for p in calls.upcoming(store, now=now + timedelta(days=3))] == []


def test_a_proposal_for_a_referral_not_on_this_station_is_held_not_dropped(store: Store) -> None:
    referral = refer(store)
    stranger = Referral(id=uuid7(), patient_id=referral.patient_id)
    applied = pull(store, proposal_change(store, stranger, uuid7()))
    assert applied.held == 1 and apply.held_count(store) == 1
    assert calls.upcoming(store) == []


@pytest.mark.parametrize(("changes", "reason"), [
    ({"proposed_for": "next Tuesday"}, "proposed_for"),
    ({"status": "maybe"}, "status"),
    ({"specialist_name": ""}, "specialist_name"),
    ({"surprise": 1}, "surprise"),
])
def test_a_malformed_proposal_is_held_with_its_reason_and_the_rest_of_the_page_applies(
        store: Store, changes, reason) -> None:
    referral = refer(store)
    good = uuid7()
    applied = pull(store, proposal_change(store, referral, uuid7(), **changes), proposal_change(store, referral, good))
    assert applied.held == 1 and applied.proposals == 1
    [held_reason] = [r[0] for r in store.conn.execute("SELECT reason FROM sync_held")]
    assert reason in held_reason and "proposed call time" in held_reason
    assert [p.id for p in calls.upcoming(store)] == [good]


def test_a_proposal_stored_at_the_station_names_its_time_in_utc(store: Store) -> None:
    referral = refer(store)
    pid = uuid7()
    pull(store, proposal_change(store, referral, pid, proposed_for="2030-01-05T09:00:00+00:00"))
    assert store.get(CallProposal, pid).proposed_for == "2030-01-05T09:00:00.000Z"
