"""A real station learns the hub's specialty list with its sync (offline it keeps the last one, and
offers the built-in list before its first sync), refers to a specialty the hub added, and learns
who at the hub answers its referral: their name and PMDC registration number."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from hub import assignment, specialties
from hub import tables as t
from station import holders, referrals
from station import specialties as station_specialties
from station.errors import ValidationError
from station.store import Store
from sync.wire.specialties import DEFAULT_SPECIALTIES
from tests.integration.console_seed import add_specialist
from tests.integration.test_sync_replies import sync
from tests.support import sync_station as clinic
from tests.support.server import RunningHub


@pytest.fixture
def station(hub: RunningHub, tmp_path: Path) -> Iterator[Store]:
    store = clinic.create_station(tmp_path / "station", hub.base_url, hub.new_station("BHU Jhok", "Thatta").code)
    yield store
    store.close()


def test_the_station_offers_the_hub_list_after_its_sync_and_refers_to_a_new_specialty(
        hub: RunningHub, station: Store) -> None:
    # Before the first sync: the built-in list, in English and Urdu.
    assert not station_specialties.from_hub(station)
    assert {c.code for c in station_specialties.offered(station)} == {d.code for d in DEFAULT_SPECIALTIES}
    with hub.engine.begin() as conn:
        specialties.add(conn, "Neonatology (newborns)", "نوزائیدہ بچے")
        specialties.change(conn, "ent", active=False)
    applied = sync(station)
    assert applied.specialties == len(DEFAULT_SPECIALTIES) + 1
    offered = {c.code: c for c in station_specialties.offered(station, urdu=True)}
    assert "ent" not in offered and offered["neonatology"].label(urdu=True) == "نوزائیدہ بچے"
    assert offered["neonatology"].label(urdu=False) == "Neonatology (newborns)"

    # A switched-off specialty is refused by name; the new one is accepted and reaches its specialist.
    rng = random.Random(3)
    patient = clinic.register(station, rng)
    with pytest.raises(ValidationError, match="Specialty: choose one of"):
        referrals.create(station, patient.id, "ENT (ear, nose and throat)", "urgent", "Ear discharge for 3 weeks.")
    referral = referrals.create(station, patient.id, "Neonatology (newborns)", "emergency",
                                "Newborn 2 days old, not feeding, temperature 35.2.")
    assert referral.specialty == "neonatology"
    sana = add_specialist(hub.engine, "dr.sana", "Dr Sana Baloch", "neonatology", registration="12345-P")
    sync(station)
    with hub.engine.connect() as conn:
        code = conn.execute(select(t.referrals.c.specialty_code).where(t.referrals.c.id == referral.id)).scalar_one()
    assert code == "neonatology"

    # Offline nothing changes; the hub's word on who answers arrives with the next sync.
    assert holders.holder(station, referral.id) is None
    with hub.engine.begin() as conn:
        assignment.take(conn, referral.id, sana, "dr.sana")
    sync(station)
    held = holders.holder(station, referral.id)
    assert held is not None and (held.name, held.registration_number) == ("Dr Sana Baloch", "12345-P")
    assert held.specialty == "Neonatology (newborns)" and held.since
    with hub.engine.begin() as conn:
        assignment.release(conn, referral.id, sana, "dr.sana", False)
        specialties.change(conn, "neonatology", name_ur="نومولود")
    sync(station)
    assert holders.holder(station, referral.id).name is None  # back with its specialty
    assert station_specialties.name_of(station, "neonatology", urdu=True) == "نومولود"


def test_older_referrals_keep_their_names_through_the_new_list(station: Store) -> None:
    # Stations stored lower-case names before; they read as the list's specialties.
    assert station_specialties.name_of(station, "general medicine") == "General medicine"
    assert station_specialties.name_of(station, "paediatrics", urdu=True) == "امراضِ اطفال (بچے)"
    assert station_specialties.name_of(station, "Something else") == "Something else"
