"""The API's answers are plain and safe: no sniffing, 405 for a wrong method, the enroll schema is
the hub's own rule, huge numbers and fast clocks are explained in words."""

from __future__ import annotations

import re
import time

import pytest
import requests
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from hub import stations
from sync.wire.protocol import ENROLL_CODE_ALPHABET, ENROLL_CODE_LENGTH
from tests.support.server import RunningHub
from tests.support.station_client import StationClient, enroll_request, public_key_b64


def test_every_api_and_fhir_answer_forbids_content_sniffing(hub: RunningHub, station: StationClient) -> None:
    station.upload(b"<html><script>alert(1)</script></html>", media_type="text/html")
    answers = [
        requests.get(f"{hub.base_url}/api/v1/health", timeout=10),
        requests.get(f"{hub.base_url}/api/v1/openapi.json", timeout=10),
        requests.get(f"{hub.base_url}/api/v1/nothing-here", timeout=10),
        station.request("GET", "/api/v1/sync/pull"),
        station.request("GET", "/api/v1/fhir/referrals/01a25085-1936-746d-b71c-37eb5b58a81c"),
        station.request("GET", "/api/v1/blobs/" + "0" * 64),
        station.request("HEAD", "/api/v1/blobs/" + "0" * 64),
    ]
    for answer in answers:
        assert answer.headers.get("X-Content-Type-Options") == "nosniff", (answer.url, answer.status_code)


@pytest.mark.parametrize(("method", "path", "allowed"), [
    ("GET", "/api/v1/sync/push", "POST"),
    ("GET", "/api/v1/enroll", "POST"),
    ("DELETE", "/api/v1/sync/pull", "GET"),
    ("PUT", "/api/v1/blobs/" + "a" * 64, "PATCH"),
    ("POST", "/api/v1/health", "GET"),
])
def test_a_wrong_method_is_405_naming_the_right_ones(hub: RunningHub, method: str, path: str, allowed: str) -> None:
    answer = requests.request(method, hub.base_url + path, timeout=10)
    assert answer.status_code == 405, answer.text
    assert answer.json()["error"] == "method_not_allowed" and allowed in answer.headers["Allow"]
    assert answer.headers["X-Hub-Error"] == "method_not_allowed"


def test_an_address_that_does_not_exist_is_still_404(hub: RunningHub) -> None:
    for method in ("GET", "POST"):
        answer = requests.request(method, f"{hub.base_url}/api/v1/sync/nothing", timeout=10)
        assert answer.status_code == 404 and answer.json()["error"] == "not_found"
    logout = requests.get(f"{hub.base_url}/logout", timeout=10, allow_redirects=False)
    assert logout.status_code == 405 and logout.headers["Allow"] == "POST"  # a console form address


def test_the_published_enroll_schema_is_exactly_the_hubs_rule(hub: RunningHub) -> None:
    spec = requests.get(f"{hub.base_url}/api/v1/openapi.json", timeout=10).json()
    code = spec["components"]["schemas"]["EnrollRequest"]["properties"]["code"]
    pattern = re.compile(code["pattern"])
    assert code["minLength"] == ENROLL_CODE_LENGTH and str(ENROLL_CODE_LENGTH) in code["description"]
    key = public_key_b64(Ed25519PrivateKey.generate())
    new = hub.new_station()
    typed = "-".join((new.code[:4].lower(), new.code[4:]))  # as an installer may type it
    wrong_format = [new.code[:-1], new.code + "2", new.code[:-1] + "0", new.code[:-1] + "\ufb00"]
    for attempt in wrong_format:
        assert not pattern.fullmatch(attempt), attempt
        answer = enroll_request(hub.base_url, attempt, key)
        assert answer.status_code == 422 and "code" in answer.json()["message"], attempt
    assert set(ENROLL_CODE_ALPHABET) == set(stations.CODE_ALPHABET)
    assert pattern.fullmatch(typed)
    assert enroll_request(hub.base_url, typed, key).status_code == 200


@pytest.mark.parametrize("digits", [41, 5000])
def test_a_number_thousands_of_digits_long_gets_a_plain_answer(station: StationClient, digits: int) -> None:
    body = b'{"changes": [{"change_id": "x", "version": ' + b"9" * digits + b"}]}"
    answer = station.request("POST", "/api/v1/sync/push", body=body, headers={"Content-Type": "application/json"})
    assert answer.status_code == 400 and answer.json()["error"] == "number_too_long"
    message = answer.json()["message"]
    assert f"{digits:,} characters" in message and "at most 40 digits" in message
    assert "sys." not in message and "4300" not in message and "int" not in message.split()


def test_a_station_clock_ahead_is_told_in_words(station: StationClient) -> None:
    answer = station.request("GET", "/api/v1/sync/pull", created=int(time.time()) + 399)
    message = answer.json()["message"]
    assert answer.status_code == 401 and answer.json()["error"] == "stale_signature"
    assert re.search(r"6 minutes (38|39|40) seconds ahead of the hub's clock", message), message
    assert "fast" in message and "-399" not in message and " s " not in message
