"""A refusal from the hub is trusted only when it says why: a cut answer is retried, never given up."""

from __future__ import annotations

import pytest
import requests
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from sync.client import HubClient, Refused, RequestRejected, Unreachable


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


def head_answer(status: int, headers: dict[str, str]) -> requests.Response:
    """An answer to HEAD: the hub's reason can only be in headers."""
    response = requests.Response()
    response.status_code = status
    response._content = b""
    response.headers.update(headers)
    return response


def test_a_refusal_to_head_is_read_from_its_headers_and_never_taken_for_a_cut(client: HubClient) -> None:
    with pytest.raises(RequestRejected) as caught:
        client._check(head_answer(422, {"X-Hub-Error": "invalid_request",
                                        "X-Hub-Error-Message": "sha256: must be 64 lowercase hex digits."}))
    assert caught.value.code == "invalid_request" and "sha256" in caught.value.message
    assert not caught.value.transient


def test_a_switched_off_station_is_told_so_even_on_head(client: HubClient) -> None:
    with pytest.raises(Refused) as caught:
        client._check(head_answer(401, {"X-Hub-Error": "station_revoked",
                                        "X-Hub-Error-Message": "This station was switched off at the hub."}))
    assert "switched off at the hub" in caught.value.message and not caught.value.transient


def test_a_head_refusal_without_the_hubs_header_is_still_a_cut(client: HubClient) -> None:
    with pytest.raises(Unreachable) as caught:
        client._check(head_answer(403, {"Content-Length": "120"}))
    assert caught.value.code == "cut"


@pytest.mark.parametrize("message", ["ends with a space ", "two\nlines\r\n", "\t", "", "Ünïcode ✓ \ud800", "x" * 5000])
def test_the_hubs_reason_always_makes_a_valid_header(message: str) -> None:
    import h11

    from hub.api.errors import header_text

    value = header_text(message)
    h11.Response(status_code=422, headers=[("X-Hub-Error-Message", value)])  # raises if invalid
    assert len(value) <= 1000 and value == value.strip()


@pytest.fixture
def oversized_hub():
    """A hub (real HTTP on a free loopback port) whose blob answer is far larger than any voice note."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    sent: list[int] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            small = self.path.endswith("small")
            total = 1000 if small else 200_000_000
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", str(total))
            self.end_headers()
            chunk = b"\0" * 65536
            try:
                while sent[-1] < total:
                    part = chunk[:total - sent[-1]]
                    self.wfile.write(part)
                    sent[-1] += len(part)
            except OSError:
                pass  # the station hung up: that is the point

        def log_message(self, *args: object) -> None:
            pass

    class Server(ThreadingHTTPServer):
        def process_request(self, request, address):  # type: ignore[no-untyped-def]
            sent.append(0)
            super().process_request(request, address)

    server = Server(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", sent
    server.shutdown()
    server.server_close()


def test_a_blob_larger_than_asked_for_is_refused_without_reading_it_all(oversized_hub) -> None:
    url, sent = oversized_hub
    client = HubClient(url, "station", Ed25519PrivateKey.generate())
    assert len(client.download_blob("small", max_bytes=2000)) == 1000
    with pytest.raises(RequestRejected) as caught:
        client.download_blob("big", max_bytes=1_000_000)
    assert caught.value.code == "too_large" and "1000 kB" in caught.value.message
    assert sent[-1] < 50_000_000  # the station stopped reading long before the end
