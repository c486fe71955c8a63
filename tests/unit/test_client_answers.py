"""A refusal from the hub is trusted only when it says why: a cut answer is retried, never given up."""

from __future__ import annotations

import pytest
import requests
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from sync.client import HubClient, RequestRejected, Unreachable


def answer(status: int, body: bytes) -> requests.Response:
    response = requests.Response()
    response.status_code = status
    response._content = body
    response.headers["Content-Type"] = "application/json"
    return response


@pytest.fixture
def client() -> HubClient:
    return HubClient("http://hub.invalid", "station", Ed25519PrivateKey.generate())


@pytest.mark.parametrize("body", [b'{"error": "wrong_off', b"", b"<html>Bad gateway</html>", b"[1, 2]"])
@pytest.mark.parametrize("status", [400, 409, 413, 422])
def test_a_refusal_cut_before_its_reason_is_retried_later(client: HubClient, status: int, body: bytes) -> None:
    with pytest.raises(Unreachable) as caught:
        client._check(answer(status, body))
    assert caught.value.code == "cut"


def test_a_refusal_with_its_reason_is_a_refusal(client: HubClient) -> None:
    with pytest.raises(RequestRejected) as caught:
        client._check(answer(409, b'{"error": "length_mismatch", "message": "Upload-Length differs."}'))
    assert caught.value.code == "length_mismatch" and caught.value.status == 409
