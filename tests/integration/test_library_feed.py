"""The library travels with the pull, only to stations that ask for it (older stations could not
read it), reaches a station enrolled after publishing, and a withdrawal reaches every station."""

from __future__ import annotations

from sqlalchemy import select

from hub import tables as t
from hub.console.answer import AdviceForm, save_advice
from hub.console.auth import Specialist
from hub.library import cases
from tests.integration.console_seed import add_case, add_coordinator, add_specialist
from tests.support.server import RunningHub
from tests.support.station_client import StationClient


def published_case(hub: RunningHub, station_id: str) -> str:
    specialist = Specialist(add_specialist(hub.engine, "sana", "Dr Sana Mirza", "internal_medicine"), "sana",
                            "Dr Sana Mirza", "internal_medicine")
    coordinator = Specialist(add_coordinator(hub.engine), "huma", "Huma Qureshi", "", "coordinator")
    case = add_case(hub.engine, station_id, question="Pneumonia: treat here or send on?")
    with hub.engine.begin() as conn:
        save_advice(conn, case.referral_id, specialist, AdviceForm(
            assessment="Community-acquired pneumonia.", recommendations="Amoxicillin for 5 days.", plan_changed="no"))
        case_id, found = cases.mark(conn, case.referral_id, specialist, "Crackles and fever: think pneumonia.",
                                    False, [], t.utcnow())
        assert found == 0
        cases.publish(conn, case_id, coordinator, t.utcnow())
    return case_id


def test_only_stations_that_ask_get_the_library_and_a_late_station_gets_all_of_it(
        hub: RunningHub, station: StationClient, other_station: StationClient) -> None:
    station.pull_all()  # both stations are known to the hub before the case is published
    case_id = published_case(hub, station.station_id)

    older = [c["entity"] for c in station.pull(cursor=0).json()["changes"]]
    assert "library_case" not in older and "advice" in older  # the previous version is not sent it

    asked = station.request("GET", "/api/v1/sync/pull?cursor=0&reads=library_case").json()["changes"]
    [library_case] = [c for c in asked if c["entity"] == "library_case"]
    assert library_case["record_id"] == case_id and library_case["data"]["status"] == "published"
    assert library_case["data"]["station_id"] == station.station_id
    assert "Rukhsana" not in str(library_case) and "Jhok" not in str(library_case)
    again = station.request("GET", "/api/v1/sync/pull?cursor=0&reads=library_case").json()["changes"]
    assert [c["change_id"] for c in again if c["entity"] == "library_case"] == [library_case["change_id"]]

    late = StationClient.enroll(hub.base_url, hub.new_station("RHC Gharo", "Thatta").code)
    got = late.request("GET", "/api/v1/sync/pull?cursor=0&reads=library_case").json()["changes"]
    assert [c["record_id"] for c in got if c["entity"] == "library_case"] == [case_id]

    with hub.engine.begin() as conn:
        coordinator = conn.execute(select(t.specialists.c.id).where(t.specialists.c.role == "coordinator")).scalar()
        reached = cases.withdraw(conn, case_id, Specialist(coordinator, "huma", "Huma", "", "coordinator"), t.utcnow())
    assert reached == 2  # the two stations that read the library; the other never asked
    latest = late.request("GET", "/api/v1/sync/pull?cursor=0&reads=library_case").json()["changes"]
    withdrawn = [c for c in latest if c["entity"] == "library_case"][-1]
    assert withdrawn["data"]["status"] == "withdrawn" and withdrawn["data"]["learning_point"] == ""


def test_a_pull_naming_an_entity_the_hub_does_not_send_is_answered_without_it(
        hub: RunningHub, station: StationClient) -> None:
    # A newer station may name entities this hub does not know yet: its pull must still work.
    answer = station.request("GET", "/api/v1/sync/pull?cursor=0&reads=patient,library_case")
    assert answer.status_code == 200
    assert all(c["entity"] != "patient" for c in answer.json()["changes"])


def test_a_station_keeps_a_published_case_and_drops_it_when_withdrawn(hub: RunningHub, tmp_path) -> None:
    from station import library
    from sync.engine import EngineConfig, SyncEngine
    from tests.support import sync_station as clinic

    new = hub.new_station("BHU Jhok", "Thatta")
    store = clinic.create_station(tmp_path / "station", hub.base_url, new.code)

    def sync() -> None:
        engine = SyncEngine(store, EngineConfig())
        try:
            assert engine.sync_once().ok
        finally:
            engine.close()

    try:
        from tests.integration.console_seed import add_station

        case_id = published_case(hub, add_station(hub.engine, "st-gharo", "RHC Gharo"))  # another clinic's case
        sync()
        [kept] = library.search(store, "pneumonia")
        assert kept.id == case_id and kept.learning_point == "Crackles and fever: think pneumonia."
        assert kept.age_text.endswith("years") and kept.district == "Thatta"
        sync()  # nothing new: the same case once
        assert library.count(store) == 1
        with hub.engine.begin() as conn:
            coordinator = conn.execute(select(t.specialists.c.id).where(t.specialists.c.role == "coordinator")).scalar()
            cases.withdraw(conn, case_id, Specialist(coordinator, "huma", "Huma", "", "coordinator"), t.utcnow())
        sync()
        assert library.count(store) == 0
        assert store.conn.execute("SELECT count(*) FROM sync_held").fetchone()[0] == 0
    finally:
        store.close()
