"""The hub's replies reach the station: advice, messages and referral status, each applied once."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select, update

from hub import tables as t
from hub.console.answer import AdviceForm, MessageForm, mark_opened, save_advice, save_message, send_once
from hub.console.auth import Specialist
from station import referrals
from station.records import Advice, Message, Referral
from station.store import Store
from sync import apply, conflicts, status
from sync.engine import EngineConfig, SyncEngine
from sync.wire.ids import uuid7
from sync.wire.specialties import DEFAULT_SPECIALTIES
from tests.support import sync_station as clinic
from tests.support.server import RunningHub


@pytest.fixture
def station(hub: RunningHub, tmp_path: Path) -> Iterator[tuple[Store, str]]:
    new = hub.new_station("BHU Jhok", "Thatta")
    store = clinic.create_station(tmp_path / "station", hub.base_url, new.code)
    yield store, new.station_id
    store.close()


@pytest.fixture
def specialist(hub: RunningHub) -> Specialist:
    from tests.integration.console_seed import add_specialist

    specialist_id = add_specialist(hub.engine, "farah", "Dr Farah Khan", "general medicine")
    return Specialist(id=specialist_id, username="farah", name="Dr Farah Khan", specialty="general medicine")


def sync(store: Store, **config: int) -> apply.Applied:
    engine = SyncEngine(store, EngineConfig(**config))
    try:
        report = engine.sync_once()
    finally:
        engine.close()
    assert report.ok, report.lines()
    return report.applied


def referred_case(store: Store, seed: int = 1) -> Referral:
    rng = random.Random(seed)
    patient = clinic.register(store, rng)
    return clinic.refer(store, patient, clinic.consultation(store, patient, rng), rng)


def test_a_referral_moves_through_its_lifecycle_as_the_specialist_works(
        hub: RunningHub, station: tuple[Store, str], specialist: Specialist) -> None:
    store, hub_id = station
    referral = referred_case(store)
    sync(store)
    assert store.get(Referral, referral.id).status == "sent"

    with hub.engine.begin() as conn:
        assert mark_opened(conn, referral.id, t.utcnow())
    assert sync(store).statuses == 1
    assert store.get(Referral, referral.id).status == "received"

    form = AdviceForm(assessment="Community-acquired pneumonia, moderate.",
                      recommendations="Amoxicillin 500 mg TDS for 5 days; review in 48 hours.",
                      plan_changed="yes", plan_change="Start amoxicillin.", follow_up="Review in 2 days.")
    assert send_once(hub.engine, lambda c: save_advice(c, referral.id, specialist, form), t.advice, form.advice_id)
    note = MessageForm(body="Please also weigh her today.")
    assert send_once(hub.engine, lambda c: save_message(c, referral.id, specialist, note), t.messages,
                     note.message_id)
    applied = sync(store)
    assert (applied.advice, applied.messages) == (1, 1)
    advice = store.get(Advice, form.advice_id)
    assert advice.specialist_name == "Dr Farah Khan" and advice.plan_changed and advice.station_id == store.station_id
    assert store.get(Message, note.message_id).author_role == "specialist"
    assert store.get(Referral, referral.id).status == "answered"
    assert [a.id for a in referrals.unread_advice(store)] == [form.advice_id]

    referrals.acknowledge(store, form.advice_id)
    sync(store)
    with hub.engine.connect() as conn:
        row = conn.execute(select(t.referrals.c.status).where(t.referrals.c.id == referral.id)).one()
    assert row.status == "closed"
    clinic.assert_in_step(store, hub.engine, hub_id)
    assert status.read(store).synced


def test_replies_pulled_again_change_nothing_and_read_advice_stays_read(hub: RunningHub,
                                                                      station: tuple[Store, str]) -> None:
    store, hub_id = station
    referral = referred_case(store)
    sync(store)
    advice_id = clinic.answer(hub.engine, hub_id, referral.id, referral.patient_id)
    for n in range(5):
        clinic.message(hub.engine, hub_id, referral.id, f"Question {n}")
    assert sync(store, pull_limit=2).messages == 5
    referrals.acknowledge(store, advice_id)
    # As after restoring the cursor from an older backup: everything comes again.
    with store.atomic():
        store.set_meta(apply.CURSOR_KEY, "0")
    again = sync(store, pull_limit=3)
    # advice, status, 5 messages, and the hub's specialty list
    assert again.total == 0 and again.unchanged == 7 + len(DEFAULT_SPECIALTIES) and again.conflicts == 0
    assert store.get(Advice, advice_id).acknowledged_at is not None
    assert len(store.find(Message, "referral_id = ?", [referral.id])) == 5
    assert store.get(Referral, referral.id).status == "closed"


def test_a_reply_for_a_referral_this_station_does_not_have_is_kept_not_dropped(
        hub: RunningHub, station: tuple[Store, str]) -> None:
    store, hub_id = station
    missing = uuid7()
    clinic.message(hub.engine, hub_id, missing, "Is the child better?")
    referral = referred_case(store)
    sync(store)
    clinic.message(hub.engine, hub_id, referral.id, "Send a photo of the rash.")
    applied = sync(store)
    assert applied.messages == 1
    current = status.read(store)
    assert current.held == 1
    assert any("wait for a referral" in line for line in current.lines())
    held = store.conn.execute("SELECT record_id, reason FROM sync_held").fetchall()
    assert len(held) == 1 and missing in held[0][1]


def test_a_different_copy_of_a_signed_reply_never_overwrites_what_the_health_worker_read(
        hub: RunningHub, station: tuple[Store, str]) -> None:
    store, hub_id = station
    referral = referred_case(store)
    sync(store)
    advice_id = clinic.answer(hub.engine, hub_id, referral.id, referral.patient_id)
    sync(store)
    original = store.get(Advice, advice_id)
    with hub.engine.begin() as conn:
        row = conn.execute(select(t.outbound).where(t.outbound.c.record_id == advice_id)).one()
        changed = json.loads(row.payload) | {"recommendations": "Stop all antibiotics.", "version": 2}
        conn.execute(t.outbound.insert().values(
            station_id=hub_id, change_id=uuid7(), entity="advice", record_id=advice_id,
            hlc=row.hlc, payload=json.dumps(changed), created_at=t.utcnow()))
    applied = sync(store)
    assert applied.conflicts == 1 and applied.advice == 0
    assert store.get(Advice, advice_id).recommendations == original.recommendations
    [conflict] = conflicts.open_conflicts(store)
    assert conflict.field == "recommendations" and conflict.remote_value == "Stop all antibiotics."
    assert "kept its own" in conflicts.describe(conflict)
    assert status.read(store).open_conflicts == 1


def test_the_station_clock_moves_past_every_reply_it_receives(hub: RunningHub, station: tuple[Store, str]) -> None:
    store, hub_id = station
    referral = referred_case(store)
    sync(store)
    advice_id = clinic.answer(hub.engine, hub_id, referral.id, referral.patient_id)
    # A hub clock far ahead (as when this computer's clock is behind): the station's clock follows it.
    with hub.engine.begin() as conn:
        conn.execute(update(t.outbound).where(t.outbound.c.record_id == advice_id)
                     .values(hlc="99990101000000-0000-hub"))
    sync(store)
    assert store.clock.last > "99990101000000-0000-hub"
    note = referrals.send_message(store, referral.id, "She is better today.")
    assert note.updated_at > "99990101000000-0000-hub"
