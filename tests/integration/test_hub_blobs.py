"""Photos and scans reach the hub in chunks that resume where the link dropped, byte for byte."""

from __future__ import annotations

import hashlib
import itertools
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from hub import tables as t
from tests.support.server import RunningHub
from tests.support.station_client import StationClient

PHOTO = b"\xff\xd8\xff\xe0" + os.urandom(300_000)
SHA = hashlib.sha256(PHOTO).hexdigest()


def test_an_unknown_file_starts_at_offset_zero(station: StationClient) -> None:
    response = station.request("HEAD", f"/api/v1/blobs/{SHA}")
    assert response.status_code == 200 and response.headers["Upload-Offset"] == "0"
    assert "Upload-Length" not in response.headers


def test_an_upload_cut_off_midway_resumes_from_the_hubs_offset(station: StationClient) -> None:
    first = station.upload_chunk(SHA, 0, len(PHOTO), PHOTO[:100_000])
    assert first.status_code == 204 and first.headers["Upload-Offset"] == "100000"
    # the link drops; later the station asks where to resume
    head = station.request("HEAD", f"/api/v1/blobs/{SHA}")
    assert (head.headers["Upload-Offset"], head.headers["Upload-Length"]) == ("100000", str(len(PHOTO)))
    assert station.request("GET", f"/api/v1/blobs/{SHA}").status_code == 409
    station.upload(PHOTO, chunk_size=64_000)
    download = station.request("GET", f"/api/v1/blobs/{SHA}")
    assert download.status_code == 200 and download.content == PHOTO
    assert download.headers["Content-Type"] == "image/jpeg"


def test_a_chunk_at_the_wrong_offset_is_refused_with_the_right_one(hub: RunningHub, station: StationClient) -> None:
    station.upload_chunk(SHA, 0, len(PHOTO), PHOTO[:1000]).raise_for_status()
    for offset in (0, 500, 2000):
        response = station.upload_chunk(SHA, offset, len(PHOTO), PHOTO[offset : offset + 1000])
        assert response.status_code == 409 and response.headers["Upload-Offset"] == "1000"
        assert response.json()["error"] == "wrong_offset" and "1000" in response.json()["message"]
    with hub.engine.connect() as conn:
        assert conn.execute(select(t.blobs.c.received)).scalar_one() == 1000


def test_a_file_whose_bytes_do_not_match_its_sha256_is_discarded(hub: RunningHub, station: StationClient) -> None:
    corrupted = bytearray(PHOTO)
    corrupted[-1] ^= 0xFF
    station.upload_chunk(SHA, 0, len(PHOTO), bytes(corrupted[:200_000])).raise_for_status()
    response = station.upload_chunk(SHA, 200_000, len(PHOTO), bytes(corrupted[200_000:]))
    assert response.status_code == 422 and response.json()["error"] == "digest_mismatch"
    assert response.headers["Upload-Offset"] == "0"
    with hub.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(t.blobs)).scalar_one() == 0
        assert conn.execute(select(func.count()).select_from(t.blob_chunks)).scalar_one() == 0
    assert station.upload(PHOTO) == SHA  # a clean retry from zero succeeds
    assert station.request("GET", f"/api/v1/blobs/{SHA}").content == PHOTO


def test_a_finished_file_is_not_uploaded_again(station: StationClient) -> None:
    station.upload(PHOTO)
    assert station.blob_offset(SHA) == len(PHOTO)
    again = station.upload_chunk(SHA, 0, len(PHOTO), PHOTO[:10])
    assert again.status_code == 409 and again.headers["Upload-Offset"] == str(len(PHOTO))


@pytest.mark.parametrize(
    ("headers", "status", "error"),
    [
        ({"Content-Type": "application/octet-stream"}, 415, "unsupported_media_type"),
        ({"Upload-Offset": "-1"}, 422, "invalid_request"),
        ({"Upload-Offset": "ten"}, 422, "invalid_request"),
        ({"Upload-Length": "999999999999"}, 422, "invalid_request"),
        ({"Upload-Length": "10"}, 413, "beyond_length"),
        ({"Upload-Media-Type": "not a type"}, 422, "invalid_request"),
    ],
    ids=["wrong content type", "negative offset", "offset not a number", "length too big", "chunk beyond length",
         "bad media type"],
)
def test_bad_chunk_headers_are_refused_and_nothing_is_stored(
    hub: RunningHub, station: StationClient, headers: dict[str, str], status: int, error: str
) -> None:
    base = {"Content-Type": "application/offset+octet-stream", "Upload-Offset": "0",
            "Upload-Length": str(len(PHOTO)), "Upload-Media-Type": "image/jpeg"}
    response = station.request("PATCH", f"/api/v1/blobs/{SHA}", body=PHOTO[:1000], headers={**base, **headers})
    assert response.status_code == status and response.json()["error"] == error
    with hub.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(t.blobs)).scalar_one() == 0


def test_files_over_the_size_limit_are_refused_up_front(hub: RunningHub, station: StationClient) -> None:
    response = station.upload_chunk(SHA, 0, hub.settings.max_blob_bytes + 1, b"x")
    assert response.status_code == 413 and response.json()["error"] == "blob_too_large"


def test_a_chunk_over_the_chunk_limit_is_refused(hub: RunningHub, station: StationClient) -> None:
    big = b"x" * (hub.settings.max_blob_chunk_bytes + 1)
    response = station.upload_chunk(hashlib.sha256(big).hexdigest(), 0, len(big), big)
    assert response.status_code == 413 and response.json()["error"] == "body_too_large"


@pytest.mark.parametrize("sha", ["ABC", "g" * 64, "AB" * 32])
def test_the_sha256_in_the_url_must_be_64_lowercase_hex_digits(station: StationClient, sha: str) -> None:
    assert station.request("HEAD", f"/api/v1/blobs/{sha}").status_code == 422


@pytest.mark.parametrize("hub_db_url", ["sqlite"], indirect=True)
@given(data=st.binary(min_size=0, max_size=5000), cuts=st.lists(st.integers(1, 5000), max_size=6))
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_file_cut_into_any_chunks_arrives_intact(station: StationClient, data: bytes, cuts: list[int]) -> None:
    sha = hashlib.sha256(data).hexdigest()
    if station.blob_offset(sha) == len(data) and data:
        return  # the same bytes were drawn before in this hub
    bounds = sorted({c for c in cuts if c < len(data)} | {0, len(data)})
    for start, end in itertools.pairwise(bounds):
        assert station.upload_chunk(sha, start, len(data), data[start:end]).status_code == 204
    if not data:
        assert station.upload_chunk(sha, 0, 0, b"").status_code in (204, 409)
    assert station.request("GET", f"/api/v1/blobs/{sha}").content == data
