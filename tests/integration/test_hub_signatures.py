"""Only the enrolled station, with its own key and a fresh signature, gets in; and only to its own records."""

from __future__ import annotations

import json
import time

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from requests import Response
from sqlalchemy import Table, func, select

from hub import stations
from hub import tables as t
from sync.wire.signing import sign_request
from tests.support.server import RunningHub
from tests.support.station_client import StationClient

ENDPOINTS = [("POST", "/api/v1/sync/push"), ("GET", "/api/v1/sync/pull?cursor=0"),
             ("HEAD", "/api/v1/blobs/" + "ab" * 32), ("GET", "/api/v1/blobs/" + "ab" * 32)]


def rows(hub: RunningHub, table: Table) -> int:
    with hub.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def refused(response: Response, reason: str) -> None:
    assert response.status_code == 401, response.text
    if response.request.method != "HEAD":  # a HEAD answer has no body
        body = response.json()
        assert body["error"] == reason and body["message"]


@pytest.mark.parametrize(("method", "path"), ENDPOINTS)
def test_an_unsigned_request_is_refused(station: StationClient, method: str, path: str) -> None:
    refused(station.request(method, path, json_body={"changes": []} if method == "POST" else None, sign=False),
            "unsigned")


def test_a_request_signed_with_another_key_is_refused_and_writes_nothing(hub: RunningHub, station: StationClient) -> None:
    changes, _ = station.referral_case()
    response = station.request("POST", "/api/v1/sync/push", json_body={"changes": changes},
                               key=Ed25519PrivateKey.generate())
    refused(response, "bad_signature")
    assert rows(hub, t.records) == 0 and rows(hub, t.applied_changes) == 0


def test_a_body_changed_after_signing_is_refused(hub: RunningHub, station: StationClient) -> None:
    changes, _ = station.referral_case()
    signed_for = b'{"changes": []}'
    headers = sign_request(station.private_key, station.station_id, "POST", "/api/v1/sync/push", signed_for)
    response = station.http.post(hub.base_url + "/api/v1/sync/push", data=json.dumps({"changes": changes}),
                                 headers={**headers, "Content-Type": "application/json"})
    refused(response, "digest_mismatch")
    assert rows(hub, t.records) == 0


def test_a_replayed_request_is_refused(hub: RunningHub, station: StationClient) -> None:
    changes, _ = station.referral_case()
    first = station.request("POST", "/api/v1/sync/push", json_body={"changes": changes}, nonce="same-nonce-1")
    assert first.status_code == 200
    again = station.request("POST", "/api/v1/sync/push", json_body={"changes": changes}, nonce="same-nonce-1")
    refused(again, "replayed_nonce")
    assert rows(hub, t.applied_changes) == 4


@pytest.mark.parametrize("skew", [-301, 301, -86_400])
def test_a_stale_signature_is_refused_and_the_clock_is_blamed(station: StationClient, skew: int) -> None:
    response = station.request("GET", "/api/v1/sync/pull", created=int(time.time()) + skew)
    refused(response, "stale_signature")
    assert "date and time" in response.json()["message"]


@pytest.mark.parametrize("skew", [-290, 290])
def test_a_clock_a_few_minutes_off_is_tolerated(station: StationClient, skew: int) -> None:
    assert station.request("GET", "/api/v1/sync/pull", created=int(time.time()) + skew).status_code == 200


def test_a_revoked_station_is_refused(hub: RunningHub, station: StationClient) -> None:
    assert station.pull().status_code == 200
    with hub.engine.begin() as conn:
        stations.revoke_station(conn, station.station_id)
    for method, path in ENDPOINTS:
        refused(station.request(method, path, json_body={"changes": []} if method == "POST" else None),
                "station_revoked")


def test_a_station_that_never_enrolled_is_told_so(hub: RunningHub) -> None:
    new = hub.new_station()
    ghost = StationClient(hub.base_url, new.station_id, Ed25519PrivateKey.generate())
    refused(ghost.pull(), "unknown_station")


def test_a_station_cannot_overwrite_another_stations_record(
    hub: RunningHub, station: StationClient, other_station: StationClient
) -> None:
    patient = station.patient()
    station.push([station.change("patient", patient)]).raise_for_status()
    hijack = {**patient, "station_id": other_station.station_id, "name": "Someone Else", "version": 2,
              "updated_at": other_station.hlc()}
    response = other_station.push([other_station.change("patient", other_station.patient()),
                                   other_station.change("patient", hijack)])
    assert response.status_code == 403 and response.json()["error"] == "other_station"
    assert patient["id"] in response.json()["message"]
    with hub.engine.connect() as conn:
        assert conn.execute(select(t.records.c.station_id)).scalars().all() == [station.station_id]
        assert conn.execute(select(func.count()).select_from(t.applied_changes)).scalar_one() == 1


def test_a_station_cannot_refer_another_stations_patient(
    hub: RunningHub, station: StationClient, other_station: StationClient
) -> None:
    patient = station.patient()
    station.push([station.change("patient", patient)]).raise_for_status()
    referral = other_station.referral(patient["id"])
    response = other_station.push([other_station.change("referral", referral)])
    assert response.status_code == 403
    assert rows(hub, t.referrals) == 0


def test_a_station_cannot_push_records_in_another_stations_name(
    hub: RunningHub, station: StationClient, other_station: StationClient
) -> None:
    forged = {**station.patient(), "station_id": other_station.station_id}
    response = station.push([station.change("patient", forged)])
    assert response.status_code == 403 and "belongs to station" in response.json()["message"]
    assert rows(hub, t.records) == 0


def test_a_station_cannot_read_or_extend_another_stations_attachment(
    station: StationClient, other_station: StationClient
) -> None:
    data = b"\xff\xd8 x-ray " * 1000
    sha = station.upload(data)
    assert station.request("GET", f"/api/v1/blobs/{sha}").status_code == 200
    # Another station sees no trace of it, and what it sends goes to its own upload only.
    assert other_station.request("GET", f"/api/v1/blobs/{sha}").status_code == 404
    head = other_station.request("HEAD", f"/api/v1/blobs/{sha}")
    assert head.status_code == 200 and head.headers["Upload-Offset"] == "0" and "Upload-Length" not in head.headers
    assert other_station.upload_chunk(sha, 0, 8000, b"x" * 10).status_code == 204
    assert station.request("GET", f"/api/v1/blobs/{sha}").content == data
