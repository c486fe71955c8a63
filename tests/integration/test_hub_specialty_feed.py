"""The hub's specialty list and who holds each referral travel to stations with the pull, over
HTTP, and only to stations that say they read them (an older station's pull must not fail)."""

from __future__ import annotations

from sqlalchemy import select

from hub import assignment, specialties
from hub import tables as t
from tests.integration.console_seed import add_specialist
from tests.support.server import RunningHub
from tests.support.station_client import StationClient

READS = "specialty,referral_holder"


def push_referral(station: StationClient, specialty: str) -> str:
    patient = station.patient()
    referral = station.referral(patient["id"], specialty=specialty)
    answer = station.push([station.change("patient", patient), station.change("referral", referral)])
    assert {r["status"] for r in answer.json()["results"]} == {"accepted"}
    return referral["id"]


def test_an_older_station_is_sent_nothing_new_and_a_newer_one_gets_the_whole_list(
        hub: RunningHub, station: StationClient) -> None:
    referral = push_referral(station, "Pediatrics")
    sana = add_specialist(hub.engine, "dr.sana", "Dr Sana Baloch", "paediatrics", registration="12345-P")
    with hub.engine.begin() as conn:
        assignment.take(conn, referral, sana, "dr.sana")
        specialties.add(conn, "Neonatology", "نوزائیدہ بچے")
    # A station that names no newer entity (every station before this version) gets none.
    old, cursor = station.pull_all()
    assert {c["entity"] for c in old} <= {"advice", "message", "referral_status", "call_proposal"}

    # Updated, it names them and is first caught up: the whole list, and who holds its referral.
    new, cursor = station.pull_all(cursor, reads=READS)
    listed = {c["data"]["code"]: c["data"] for c in new if c["entity"] == "specialty"}
    with hub.engine.connect() as conn:
        assert set(listed) == {r.code for r in specialties.list_specialties(conn)}
    assert listed["paediatrics"]["name_ur"] == "امراضِ اطفال (بچے)"
    assert listed["neonatology"] == {**listed["neonatology"], "name": "Neonatology", "name_ur": "نوزائیدہ بچے",
                                     "active": True}
    [holder] = [c["data"] for c in new if c["entity"] == "referral_holder"]
    assert (holder["referral_id"], holder["holder_name"], holder["registration_number"], holder["specialty"]) == \
        (referral, "Dr Sana Baloch", "12345-P", "Paediatrics (children)")

    # From then on, each change arrives once, in order.
    with hub.engine.begin() as conn:
        specialties.change(conn, "neonatology", name="Neonatology (newborns)")
        specialties.change(conn, "ent", active=False)
        assignment.release(conn, referral, sana, "dr.sana", False)
    later, _ = station.pull_all(cursor, reads=READS)
    assert [(c["entity"], c["data"].get("code") or c["data"].get("holder_name")) for c in later] == [
        ("specialty", "neonatology"), ("specialty", "ent"), ("referral_holder", None)]
    assert later[0]["data"]["name"] == "Neonatology (newborns)" and later[1]["data"]["active"] is False
    # A specialty keeps one record id at the station whatever happens to it.
    assert later[0]["record_id"] == listed["neonatology"]["id"]


def test_a_referral_from_a_station_lands_on_the_hub_specialty_its_text_names(
        hub: RunningHub, station: StationClient) -> None:
    ids = {text: push_referral(station, text) for text in ("paediatrics", "Pediatrics", "obstetrics_and_gynaecology",
                                                            "Tropical medicine")}
    with hub.engine.connect() as conn:
        codes = dict(conn.execute(select(t.referrals.c.id, t.referrals.c.specialty_code)).all())
    assert {text: codes[i] for text, i in ids.items()} == {
        "paediatrics": "paediatrics", "Pediatrics": "paediatrics",
        "obstetrics_and_gynaecology": "obstetrics_and_gynaecology", "Tropical medicine": None}


def test_a_revoked_station_is_not_sent_the_list(hub: RunningHub, station: StationClient,
                                                other_station: StationClient) -> None:
    station.pull_all(reads=READS)
    other_station.pull_all(reads=READS)
    with hub.engine.begin() as conn:
        conn.execute(t.stations.update().where(t.stations.c.id == other_station.station_id)
                     .values(revoked_at=t.utcnow()))
        specialties.add(conn, "Neonatology")
    with hub.engine.connect() as conn:
        feeds = dict(conn.execute(select(t.outbound.c.station_id, t.outbound.c.record_id)
                                  .where(t.outbound.c.entity == "specialty",
                                         t.outbound.c.payload.contains("neonatology"))).all())
    assert set(feeds) == {station.station_id}
