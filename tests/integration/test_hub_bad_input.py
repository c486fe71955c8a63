"""Bad input never breaks the hub: a clear 4xx naming the problem, never a 500, never a partial write."""

from __future__ import annotations

import gzip
import json
import os
from typing import Any

import pytest
import requests
import zstandard
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from hub import tables as t
from tests.support.server import RunningHub, run_hub
from tests.support.station_client import StationClient, compress

PUSH = "/api/v1/sync/push"


def written(hub: RunningHub) -> int:
    with hub.engine.connect() as conn:
        return sum(conn.execute(select(func.count()).select_from(table)).scalar_one()
                   for table in (t.records, t.applied_changes, t.referrals, t.messages))


def send(station: StationClient, body: bytes, **headers: str) -> requests.Response:
    return station.request("POST", PUSH, body=body, headers={"Content-Type": "application/json", **headers})


def assert_refused(response: requests.Response, status: int, error: str, mentions: str = "") -> None:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error", "message"} and body["error"] == error
    assert mentions in body["message"]


@pytest.mark.parametrize(
    ("body", "mentions"),
    [(b'{"changes": [', "not valid JSON"), (b"\xff\xfe{}", "not UTF-8"), (b'{"changes": NaN}', "NaN"),
     (b"[" * 100_000 + b"]" * 100_000, "nested too deeply")],
    ids=["truncated", "not utf-8", "NaN", "deeply nested"],
)
def test_malformed_json_is_a_400_that_says_so(hub: RunningHub, station: StationClient, body: bytes, mentions: str) -> None:
    assert_refused(send(station, body), 400, "malformed_json", mentions)
    assert written(hub) == 0


@pytest.mark.parametrize(
    ("mutate", "mentions"),
    [
        (lambda b: {"changes": "all of them"}, "changes"),
        (lambda b: {**b, "station": "x"}, "station is not a known field"),
        (lambda b: {"changes": [{**b["changes"][0], "version": "2"}]}, "changes[3].version"),
        (lambda b: {"changes": [{**b["changes"][0], "op": "delete"}]}, "changes[3].op"),
        (lambda b: {"changes": [{**b["changes"][0], "colour": "red"}]}, "changes[3].colour is not a known field"),
        (lambda b: {"changes": [{**b["changes"][0], "change_id": "\ud800"}]}, "changes[3].change_id"),
        (lambda b: {"changes": []}, "changes"),
        (lambda b: {"changes": b["changes"] * 501}, "changes"),
        (lambda b: [], "valid dictionary"),
    ],
    ids=["changes not a list", "unknown top-level field", "version as text", "unknown op", "unknown change field",
         "lone surrogate", "empty batch", "501 changes", "array body"],
)
def test_a_malformed_push_is_refused_whole_and_names_the_field(
    hub: RunningHub, station: StationClient, mutate: Any, mentions: str
) -> None:
    changes, _ = station.referral_case()
    good = {"changes": changes}
    bad = mutate(good)
    # The bad change comes after good ones: none of them may be applied.
    if isinstance(bad, dict) and isinstance(bad.get("changes"), list) and len(bad["changes"]) == 1:
        bad["changes"] = changes[:3] + bad["changes"]
    response = send(station, json.dumps(bad).encode())
    assert_refused(response, 422, "invalid_request", mentions)
    assert written(hub) == 0


@pytest.mark.parametrize("encoding", [None, "gzip", "zstd"])
def test_a_body_over_the_limit_as_sent_is_413(hub: RunningHub, station: StationClient, encoding: str | None) -> None:
    noise = os.urandom(hub.settings.max_request_bytes + 1024).hex()  # incompressible
    body = compress(json.dumps({"changes": [], "pad": noise}).encode(), encoding or "identity")
    headers = {"Content-Encoding": encoding} if encoding else {}
    assert_refused(send(station, body, **headers), 413, "body_too_large", "limit")
    assert written(hub) == 0


@pytest.mark.parametrize("encoding", ["gzip", "zstd"])
def test_a_small_body_that_inflates_past_the_limit_is_413(hub: RunningHub, station: StationClient, encoding: str) -> None:
    bomb = compress(b" " * (hub.settings.max_decompressed_bytes + 1), encoding)
    assert len(bomb) < 100_000
    assert_refused(send(station, bomb, **{"Content-Encoding": encoding}), 413, "body_too_large", "decompressed")
    assert written(hub) == 0


def test_a_batch_just_under_the_limit_is_accepted_compressed(hub: RunningHub, station: StationClient) -> None:
    changes = [station.change("patient", station.patient()) for _ in range(500)]
    raw = json.dumps({"changes": changes}).encode()
    assert len(raw) < hub.settings.max_decompressed_bytes
    response = send(station, zstandard.ZstdCompressor().compress(raw), **{"Content-Encoding": "zstd"})
    assert response.status_code == 200 and {r["status"] for r in response.json()["results"]} == {"accepted"}


@pytest.mark.parametrize(
    ("body", "headers", "status", "error"),
    [
        (b"{}", {"Content-Encoding": "br"}, 415, "unsupported_encoding"),
        (b"not gzip at all", {"Content-Encoding": "gzip"}, 400, "bad_compression"),
        (gzip.compress(b"{}")[:-4], {"Content-Encoding": "gzip"}, 400, "bad_compression"),
        (b"not zstd", {"Content-Encoding": "zstd"}, 400, "bad_compression"),
        (b'{"changes": []}', {"Content-Type": "text/plain"}, 415, "unsupported_media_type"),
    ],
    ids=["unknown encoding", "not gzip", "truncated gzip", "not zstd", "not json content type"],
)
def test_bodies_the_hub_cannot_read_are_refused(
    hub: RunningHub, station: StationClient, body: bytes, headers: dict[str, str], status: int, error: str
) -> None:
    assert_refused(send(station, body, **headers), status, error)
    assert written(hub) == 0


def test_an_unknown_endpoint_or_method_answers_in_the_same_json_shape(hub: RunningHub) -> None:
    assert_refused(requests.get(hub.base_url + "/api/v1/nothing", timeout=10), 404, "not_found", "/api/v1/nothing")
    assert_refused(requests.delete(hub.base_url + "/api/v1/sync/push", timeout=10), 405, "method_not_allowed")


def test_enrollment_bodies_are_checked_like_any_other(hub: RunningHub) -> None:
    url = hub.base_url + "/api/v1/enroll"
    assert_refused(requests.post(url, data=b"{", headers={"Content-Type": "application/json"}, timeout=10),
                   400, "malformed_json")
    big = json.dumps({"code": "x" * (hub.settings.max_request_bytes + 10), "public_key": "k"})
    assert_refused(requests.post(url, data=big, headers={"Content-Type": "application/json"}, timeout=30),
                   413, "body_too_large")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=20,
)


@pytest.mark.parametrize("hub_db_url", ["sqlite", "postgresql"], indirect=True)
@given(
    field=st.sampled_from(["change_id", "entity", "record_id", "op", "hlc", "version", "data", "extra"]),
    value=json_values,
    data_field=st.sampled_from(["name", "sex", "date_of_birth", "phone", "village", "version", "id", "unknown"]),
    data_value=json_values,
)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_random_damage_to_a_change_never_breaks_the_hub_or_half_applies(
    hub: RunningHub, station: StationClient, field: str, value: Any, data_field: str, data_value: Any
) -> None:
    before = written(hub)
    good = station.change("patient", station.patient())
    damaged = station.change("patient", {**station.patient(), data_field: data_value})
    damaged[field] = value if field != "data" else {**damaged["data"], data_field: value}
    response = station.push([good, damaged])
    # 400: the client wrote Infinity, which is not JSON; 422: the change's shape is wrong.
    assert response.status_code in (200, 400, 422), response.text
    if response.status_code != 200:
        assert written(hub) == before, "a refused batch must write nothing"
    else:
        statuses = [r["status"] for r in response.json()["results"]]
        assert statuses[0] == "accepted" and statuses[1] in ("accepted", "rejected")


@pytest.mark.parametrize("encoding", [None, "gzip", "zstd"])
def test_the_decompressed_limit_holds_however_the_body_is_sent(hub_db_url: str, encoding: str | None) -> None:
    with run_hub(hub_db_url, max_decompressed_bytes=4000) as small:
        station = StationClient.enroll(small.base_url, small.new_station().code)
        few = [station.change("patient", station.patient())]
        many = [station.change("patient", station.patient()) for _ in range(12)]
        assert len(json.dumps({"changes": few})) < 4000 < len(json.dumps({"changes": many}))
        assert station.push(few, encoding=encoding).status_code == 200
        assert_refused(station.push(many, encoding=encoding), 413, "body_too_large", "4,000 bytes")
        assert written(small) == 2
