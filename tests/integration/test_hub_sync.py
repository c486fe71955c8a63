"""Pushing records to the hub and pulling its replies, over real HTTP on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from sqlalchemy import func, select

from hub import feed
from hub import tables as t
from tests.support.server import RunningHub
from tests.support.station_client import StationClient


def snapshot(hub: RunningHub) -> dict[str, list[tuple[Any, ...]]]:
    """Every row the hub keeps for synced data, to prove a repeat changed nothing."""
    with hub.engine.connect() as conn:
        return {
            table.name: sorted(tuple(map(str, row)) for row in conn.execute(select(table)))
            for table in (t.records, t.referrals, t.messages, t.applied_changes, t.outbound)
        }


def statuses(response: Any) -> list[str]:
    assert response.status_code == 200, response.text
    return [r["status"] for r in response.json()["results"]]


@pytest.mark.parametrize("encoding", [None, "gzip", "zstd"])
def test_a_referral_made_at_a_station_reaches_the_specialists_queue(
    hub: RunningHub, station: StationClient, encoding: str | None
) -> None:
    changes, referral = station.referral_case(urgency="emergency")
    assert statuses(station.push(changes, encoding=encoding)) == ["accepted"] * 4
    with hub.engine.connect() as conn:
        row = conn.execute(select(t.referrals).where(t.referrals.c.id == referral["id"])).one()
        stored = {r.entity: json.loads(r.payload) for r in conn.execute(select(t.records))}
    assert (row.station_id, row.urgency, row.urgency_rank, row.status) == (station.station_id, "emergency", 0, "sent")
    assert row.question == referral["question"]
    assert stored["patient"]["name_ur"] == "زینب بی بی"
    assert stored["referral"] == referral


def test_pushing_the_same_batch_twice_changes_nothing(hub: RunningHub, station: StationClient) -> None:
    changes, _ = station.referral_case()
    assert statuses(station.push(changes)) == ["accepted"] * 4
    before = snapshot(hub)
    assert statuses(station.push(changes, encoding="gzip")) == ["duplicate"] * 4
    assert snapshot(hub) == before


def test_each_change_gets_its_own_answer_and_a_bad_one_does_not_stop_the_rest(
    hub: RunningHub, station: StationClient
) -> None:
    good = station.patient()
    bad_sex = station.patient(sex="unknown")
    mismatched = station.patient()
    wrong_id = station.change("patient", mismatched)
    wrong_id["record_id"] = station.patient()["id"]
    advice = station.record("advice", {})
    response = station.push([station.change("patient", good), station.change("patient", bad_sex), wrong_id,
                             station.change("advice", advice)])
    results = response.json()["results"]
    assert [r["status"] for r in results] == ["accepted", "rejected", "rejected", "rejected"]
    assert results[0]["reason"] is None
    assert "data.sex" in results[1]["reason"]
    assert "record_id differs from data.id" in results[2]["reason"]
    assert "come from the hub" in results[3]["reason"]
    with hub.engine.connect() as conn:
        assert conn.execute(select(t.records.c.id)).scalars().all() == [good["id"]]


def test_a_rejected_change_sent_again_gets_the_same_reason(station: StationClient) -> None:
    change = station.change("patient", station.patient(phone="12"))
    first = station.push([change]).json()["results"][0]
    again = station.push([change]).json()["results"][0]
    assert first["status"] == again["status"] == "rejected"
    assert again["reason"] == first["reason"] and "data.phone" in first["reason"]


def test_a_newer_version_replaces_the_record_and_an_older_one_is_acknowledged_only(
    hub: RunningHub, station: StationClient
) -> None:
    v1 = station.patient(village="Jhok")
    v2 = {**v1, "village": "Keti Bandar", "version": 2, "updated_at": station.hlc()}
    v3 = {**v1, "village": "Gharo", "version": 3, "updated_at": station.hlc()}
    assert statuses(station.push([station.change("patient", v1), station.change("patient", v3)])) == ["accepted"] * 2
    assert statuses(station.push([station.change("patient", v2)])) == ["accepted"]
    with hub.engine.connect() as conn:
        row = conn.execute(select(t.records).where(t.records.c.id == v1["id"])).one()
    assert row.version == 3 and json.loads(row.payload)["village"] == "Gharo"


def test_the_same_change_twice_in_one_batch_is_applied_once(hub: RunningHub, station: StationClient) -> None:
    change = station.change("patient", station.patient())
    assert statuses(station.push([change, change])) == ["accepted", "duplicate"]
    with hub.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(t.applied_changes)).scalar_one() == 1


def test_a_message_from_the_station_joins_the_referral_thread(hub: RunningHub, station: StationClient) -> None:
    changes, referral = station.referral_case()
    message = station.message(referral["id"], "Fever is down; SpO2 now 95%.")
    assert statuses(station.push([*changes, station.change("message", message)])) == ["accepted"] * 5
    with hub.engine.connect() as conn:
        row = conn.execute(select(t.messages)).one()
    assert (row.referral_id, row.author_role, row.body) == (referral["id"], "station", "Fever is down; SpO2 now 95%.")


def test_a_station_cannot_pretend_to_be_the_specialist(station: StationClient) -> None:
    changes, referral = station.referral_case()
    fake = station.message(referral["id"], "Admit her.", author_role="specialist")
    result = station.push([*changes, station.change("message", fake)]).json()["results"][-1]
    assert result["status"] == "rejected" and "author_role" in result["reason"]


def test_the_specialists_answer_reaches_the_station_on_its_next_pull(hub: RunningHub, station: StationClient) -> None:
    changes, referral = station.referral_case()
    station.push(changes).raise_for_status()
    with hub.engine.begin() as conn:
        feed.publish(conn, station.station_id, "referral_status",
                     {"referral_id": referral["id"], "status": "received", "at": "2026-11-23T11:00:00Z"})
        feed.publish(conn, station.station_id, "advice", {
            "referral_id": referral["id"], "patient_id": referral["patient_id"], "specialist_name": "Dr Sana Baloch",
            "specialty": "Internal medicine", "assessment": "Community-acquired pneumonia, moderate.",
            "recommendations": "Amoxicillin 1 g three times a day for 5 days.", "plan_changed": True,
            "plan_change": "Higher amoxicillin dose.", "follow_up": "Review in 48 hours.",
        }, specialist_id="sana")
    pulled, cursor = station.pull_all()
    assert [c["entity"] for c in pulled] == ["referral_status", "advice", "referral_status"]
    assert pulled[1]["data"]["plan_changed"] is True and pulled[2]["data"]["status"] == "answered"
    assert all(c["data"]["station_id"] == station.station_id for c in pulled)
    assert station.pull(cursor).json() == {"changes": [], "cursor": cursor, "more": False}
    with hub.engine.connect() as conn:
        row = conn.execute(select(t.referrals).where(t.referrals.c.id == referral["id"])).one()
    assert (row.status, row.plan_changed, row.answered_by) == ("answered", True, "sana")
    assert row.opened_at is not None and row.first_answer_at is not None


def test_the_hubs_progress_on_a_referral_is_not_undone_by_an_edit_from_the_station(
    hub: RunningHub, station: StationClient
) -> None:
    changes, referral = station.referral_case()
    station.push(changes).raise_for_status()
    with hub.engine.begin() as conn:
        feed.publish(conn, station.station_id, "referral_status",
                     {"referral_id": referral["id"], "status": "received", "at": "2026-11-23T11:00:00Z"})
    edited = {**referral, "question": "Also: is she pregnant-safe on this?", "version": 2, "updated_at": station.hlc()}
    station.push([station.change("referral", edited)]).raise_for_status()
    closed = {**edited, "status": "closed", "version": 3, "updated_at": station.hlc()}
    with hub.engine.connect() as conn:
        row = conn.execute(select(t.referrals.c.status, t.referrals.c.question)).one()
    assert (row.status, row.question) == ("received", "Also: is she pregnant-safe on this?")
    station.push([station.change("referral", closed)]).raise_for_status()
    with hub.engine.connect() as conn:
        assert conn.execute(select(t.referrals.c.status)).scalar_one() == "closed"


@pytest.mark.parametrize("limit", [1, 3, 7])
def test_pull_pages_through_the_feed_with_a_cursor(hub: RunningHub, station: StationClient, other_station: StationClient,
                                                   limit: int) -> None:
    with hub.engine.begin() as conn:
        for n in range(7):
            for client in (station, other_station):
                feed.publish(conn, client.station_id, "message", {
                    "referral_id": client.patient()["id"], "author_name": "Dr Sana", "author_role": "specialist",
                    "body": f"note {n}"})
    seen: list[str] = []
    cursor, pages = 0, 0
    while True:
        page = station.pull(cursor, limit).json()
        pages += 1
        assert len(page["changes"]) <= limit
        seen += [c["data"]["body"] for c in page["changes"]]
        assert page["cursor"] >= cursor
        cursor = page["cursor"]
        if not page["more"]:
            break
    assert seen == [f"note {n}" for n in range(7)]
    assert pages == -(-7 // limit), "`more` is false on the last page, so no empty page is fetched"


def test_pull_limit_and_cursor_are_checked(station: StationClient) -> None:
    for query in ("cursor=-1", "limit=0", "limit=501", "cursor=abc"):
        response = station.request("GET", f"/api/v1/sync/pull?{query}")
        assert response.status_code == 422, query
        assert response.json()["error"] == "invalid_request"
        assert query.split("=")[0] in response.json()["message"]


def test_a_batch_sent_twice_at_once_is_still_applied_once(hub: RunningHub, station: StationClient) -> None:
    # A station retrying while its first attempt is still being processed (a slow link).
    changes = [station.change("patient", station.patient()) for _ in range(40)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        responses = list(pool.map(lambda _: station.push(changes), range(4)))
    answers = [statuses(r) for r in responses]
    for index in range(len(changes)):
        column = sorted(a[index] for a in answers)
        assert column == ["accepted", "duplicate", "duplicate", "duplicate"], column
    with hub.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(t.records)).scalar_one() == 40


def test_a_cursor_beyond_the_feed_returns_nothing_rather_than_failing(station: StationClient) -> None:
    for cursor in (2**31, 2**62):
        page = station.pull(cursor).json()
        assert page == {"changes": [], "cursor": cursor, "more": False}
