"""Conflicts: demographics merge field by field; a field changed two ways waits for a person."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from station import patients, users
from station.errors import ValidationError
from station.records import Patient
from station.store import Store
from sync import conflicts, status
from sync.engine import SyncEngine
from tests.conftest import ADMIN_PASSWORD, FAST_KDF
from tests.support import sync_station as clinic
from tests.support.server import RunningHub

FIELDS = ("name", "phone", "village")
values = st.sampled_from(["a", "b", "c", None])
records = st.fixed_dictionaries({f: values for f in FIELDS})


@given(base=records, local=records, remote=records)
def test_a_field_only_one_side_changed_takes_that_sides_value(base: dict, local: dict, remote: dict) -> None:
    merge = conflicts.merge_fields(base, local, remote, FIELDS)
    for name in FIELDS:
        if local[name] == base[name]:
            assert merge.merged[name] == remote[name]
        elif remote[name] == base[name]:
            assert merge.merged[name] == local[name]
        assert merge.merged[name] in (local[name], remote[name])


@given(base=records, local=records, remote=records)
def test_a_conflict_is_exactly_a_field_both_sides_changed_differently(base: dict, local: dict, remote: dict) -> None:
    merge = conflicts.merge_fields(base, local, remote, FIELDS)
    both_changed = {f for f in FIELDS if local[f] != base[f] and remote[f] != base[f] and local[f] != remote[f]}
    assert {c.field for c in merge.conflicts} == both_changed
    for c in merge.conflicts:
        assert (c.base, c.local, c.remote) == (base[c.field], local[c.field], remote[c.field])
        assert merge.merged[c.field] == local[c.field]  # kept until a person chooses
    # Which side is called "local" does not change what conflicts.
    mirrored = conflicts.merge_fields(base, remote, local, FIELDS)
    assert {c.field for c in mirrored.conflicts} == both_changed


@given(local=records, remote=records)
def test_without_a_common_version_every_difference_is_a_conflict(local: dict, remote: dict) -> None:
    merge = conflicts.merge_fields(None, local, remote, FIELDS)
    assert {c.field for c in merge.conflicts} == {f for f in FIELDS if local[f] != remote[f]}


@pytest.mark.parametrize(("current", "incoming", "kept"), [
    ("queued", "sent", "sent"), ("sent", "received", "received"), ("received", "answered", "answered"),
    ("closed", "received", "closed"), ("answered", "sent", "answered"), ("closed", "answered", "closed"),
])
def test_a_referral_status_only_moves_forward(current: str, incoming: str, kept: str) -> None:
    assert conflicts.later_status(current, incoming) == kept


@pytest.fixture
def two_users(tmp_path: Path) -> Iterator[tuple[Store, Store]]:
    """The admin and a health worker signed in to the same station on two connections."""
    admin, _ = Store.create(tmp_path / "station", "BHU Jhok", "Thatta", "admin", ADMIN_PASSWORD, kdf=FAST_KDF)
    users.add(admin, "saima", "health_worker", "482913", credential="pin", kdf=FAST_KDF)
    worker = Store.open(tmp_path / "station", "saima", "482913")
    yield admin, worker
    worker.close()
    admin.close()


def test_two_people_editing_different_fields_of_one_patient_both_keep_their_change(
        two_users: tuple[Store, Store]) -> None:
    admin, worker = two_users
    patient = clinic.register(admin, random.Random(1))
    opened = patient.version
    patients.update(worker, patient.id, {"phone": "03451234567"}, expected_version=opened)
    saved, found = conflicts.save_patient(admin, patient.id, {"village": "Sakro"}, base_version=opened)
    assert found == []
    assert (saved.phone, saved.village) == ("03451234567", "Sakro")
    assert admin.get(Patient, patient.id).version == opened + 2


def test_the_same_field_changed_two_ways_waits_for_a_person_and_then_reaches_the_hub(
        hub: RunningHub, tmp_path: Path) -> None:
    new = hub.new_station("BHU Jhok", "Thatta")
    store = clinic.create_station(tmp_path / "station", hub.base_url, new.code)
    patient = clinic.register(store, random.Random(2))
    opened = patient.version
    patients.update(store, patient.id, {"phone": "03001112223", "village": "Jhok"}, expected_version=opened)
    saved, [conflict] = conflicts.save_patient(store, patient.id, {"phone": "03339998887", "name": "Zainab Bano"},
                                               base_version=opened)
    assert saved.name == "Zainab Bano" and saved.phone == "03001112223"
    assert conflict.field == "phone" and conflict.local_value == "03001112223"
    assert conflict.remote_value == "03339998887"
    assert "phone number was changed in two places" in conflicts.describe(conflict)
    assert status.read(store).open_conflicts == 1

    resolved = conflicts.resolve(store, conflict.id, "remote")
    assert resolved.resolution == "remote" and resolved.resolved_at
    assert store.get(Patient, patient.id).phone == "03339998887"
    assert conflicts.open_conflicts(store) == []
    engine = SyncEngine(store)
    assert engine.sync_once().ok
    engine.close()
    assert clinic.hub_records(hub.engine, new.station_id)[("patient", patient.id)]["phone"] == "03339998887"
    clinic.assert_in_step(store, hub.engine, new.station_id)
    store.close()


def test_a_typed_value_settles_a_conflict_and_bad_choices_are_named(two_users: tuple[Store, Store]) -> None:
    admin, worker = two_users
    patient = clinic.register(admin, random.Random(3))
    opened = patient.version
    patients.update(worker, patient.id, {"village": "Bhambore"}, expected_version=opened)
    _saved, [conflict] = conflicts.save_patient(admin, patient.id, {"village": "Sakro"}, base_version=opened)
    with pytest.raises(ValidationError) as error:
        conflicts.resolve(admin, conflict.id, "both")
    assert error.value.field == "choice"
    conflicts.resolve(admin, conflict.id, "value", "Gharo Bazaar")
    assert admin.get(Patient, patient.id).village == "Gharo Bazaar"
    with pytest.raises(ValidationError) as error:
        conflicts.save_patient(admin, patient.id, {"blood_group": "O+"}, base_version=opened)
    assert error.value.field == "blood_group"
