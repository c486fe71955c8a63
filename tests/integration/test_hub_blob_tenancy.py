"""Attachments are per station: no upload, question or record of one station decides what another may do or see."""

from __future__ import annotations

import hashlib
import os

import requests
from sqlalchemy import select

from hub import stations
from hub import tables as t
from tests.support.server import RunningHub
from tests.support.station_client import StationClient

LEAFLET = b"\xff\xd8\xff\xe0" + os.urandom(120_000)  # two clinics photograph the same leaflet
SHA = hashlib.sha256(LEAFLET).hexdigest()


def head(station: StationClient, sha256: str = SHA) -> tuple[int, str | None, str | None]:
    response = station.request("HEAD", f"/api/v1/blobs/{sha256}")
    return response.status_code, response.headers.get("Upload-Offset"), response.headers.get("Upload-Length")


def test_a_hostile_first_chunk_does_not_stop_another_station_uploading_the_same_file(
    hub: RunningHub, station: StationClient, other_station: StationClient
) -> None:
    # Station B squats the sha256 with one small chunk and a false length, and never finishes.
    squat = other_station.upload_chunk(SHA, 0, len(LEAFLET) + 5, b"\x00" * 100)
    assert squat.status_code == 204
    assert head(station) == (200, "0", None)  # A is told nothing of B's upload

    assert station.upload(LEAFLET, chunk_size=50_000) == SHA
    download = station.request("GET", f"/api/v1/blobs/{SHA}")
    assert download.status_code == 200 and download.content == LEAFLET
    # B's upload is still B's: its offset and length, untouched by A's.
    assert head(other_station) == (200, "100", str(len(LEAFLET) + 5))
    with hub.engine.connect() as conn:
        rows = {r.station_id: (r.received, r.complete) for r in conn.execute(select(t.blobs))}
    assert rows == {station.station_id: (len(LEAFLET), True), other_station.station_id: (100, False)}


def test_two_stations_each_upload_their_own_copy_and_read_only_their_own(
    station: StationClient, other_station: StationClient
) -> None:
    station.upload(LEAFLET)
    assert head(other_station) == (200, "0", None)  # HEAD reveals nothing about another station
    missing = other_station.request("GET", f"/api/v1/blobs/{SHA}")
    never = other_station.request("GET", f"/api/v1/blobs/{'0' * 64}")
    assert (missing.status_code, missing.json()) == (never.status_code, never.json()) == (404, never.json())
    other_station.upload(LEAFLET, chunk_size=30_000)
    assert other_station.request("GET", f"/api/v1/blobs/{SHA}").content == LEAFLET


def test_a_record_naming_another_stations_file_is_refused_naming_the_file(
    hub: RunningHub, station: StationClient, other_station: StationClient
) -> None:
    station.upload(LEAFLET)
    patient = other_station.patient()
    referral = other_station.referral(patient["id"], attachments=[SHA])
    attachment = other_station.attachment(patient["id"], SHA, len(LEAFLET))
    encounter = other_station.encounter(patient["id"])
    response = other_station.push([other_station.change(e, r) for e, r in (
        ("patient", patient), ("encounter", encounter), ("referral", referral), ("attachment", attachment))])
    assert response.status_code == 200
    results = [(r["status"], r["reason"]) for r in response.json()["results"]]
    assert results[0] == results[1] == ("accepted", None)  # everything else in the batch goes on
    for status, reason in results[2:]:
        assert status == "rejected" and SHA in reason and "not been uploaded by this station" in reason
    with hub.engine.connect() as conn:
        assert conn.execute(select(t.referrals).where(t.referrals.c.id == referral["id"])).first() is None


def test_a_record_may_name_a_file_its_station_has_begun_to_upload(station: StationClient) -> None:
    # Stations open the upload before pushing the referral, so the photo's bytes may follow later.
    assert station.upload_chunk(SHA, 0, len(LEAFLET), b"").status_code == 204
    changes, _referral = station.referral_case(attachments=[SHA])
    response = station.push(changes)
    assert [r["status"] for r in response.json()["results"]] == ["accepted"] * len(changes), response.json()


def test_every_refusal_says_why_also_to_head_without_a_body(hub: RunningHub, station: StationClient) -> None:
    unsigned = requests.head(f"{hub.base_url}/api/v1/blobs/{SHA}", timeout=10)
    assert unsigned.status_code == 401 and unsigned.content == b""
    assert unsigned.headers["X-Hub-Error"] == "unsigned" and "signed" in unsigned.headers["X-Hub-Error-Message"]
    bad_sha = station.request("HEAD", "/api/v1/blobs/NOT-A-SHA")
    assert bad_sha.status_code == 422 and bad_sha.headers["X-Hub-Error"] == "invalid_request"
    assert "sha256" in bad_sha.headers["X-Hub-Error-Message"]
    with hub.engine.begin() as conn:
        stations.revoke_station(conn, station.station_id)
    revoked = station.request("HEAD", f"/api/v1/blobs/{SHA}")
    assert revoked.status_code == 401 and revoked.headers["X-Hub-Error"] == "station_revoked"
    assert "switched off at the hub" in revoked.headers["X-Hub-Error-Message"]
    # A refusal with a body says the same in both places.
    push = station.request("POST", "/api/v1/sync/push", json_body={"changes": []})
    assert push.headers["X-Hub-Error"] == push.json()["error"]
