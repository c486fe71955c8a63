"""Station request signatures: what the station signs, the hub accepts, and every way it refuses."""

from __future__ import annotations

import base64

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st

from sync.wire.signing import (
    SignatureError,
    content_digest,
    load_public_key,
    public_key_b64,
    sign_request,
    verify_request,
)

STATION = "01a20818-6373-7e10-bc2c-6307cc471d9c"
NOW = 1_795_000_000
KEY = Ed25519PrivateKey.generate()


def keys(station_id: str) -> str | None:
    return public_key_b64(KEY) if station_id == STATION else None


def verify(method: str, target: str, headers: dict[str, str], body: bytes, **kw: object) -> str:
    return verify_request(method, target, headers, body, kw.pop("lookup", keys), now=kw.pop("now", NOW), **kw)  # type: ignore[arg-type]


def reason_of(call: object) -> str:
    with pytest.raises(SignatureError) as info:
        call()  # type: ignore[operator]
    return info.value.reason


@given(
    method=st.sampled_from(["GET", "POST", "PATCH", "HEAD"]),
    path=st.from_regex(r"/api/v1/[a-z/]{0,30}", fullmatch=True),
    query=st.from_regex(r"([a-z]{1,8}=[0-9]{1,6}(&[a-z]{1,8}=[0-9]{1,6})*)?", fullmatch=True),
    body=st.binary(max_size=2048),
)
@settings(max_examples=60, deadline=None)
def test_a_signed_request_is_accepted_and_names_its_station(method: str, path: str, query: str, body: bytes) -> None:
    target = path + (f"?{query}" if query else "")
    headers = sign_request(KEY, STATION, method, target, body, created=NOW)
    assert verify(method, target, headers, body) == STATION


@given(body=st.binary(min_size=1, max_size=512), flip=st.integers(min_value=0, max_value=511))
@settings(max_examples=40, deadline=None)
def test_any_change_to_the_body_is_caught(body: bytes, flip: int) -> None:
    headers = sign_request(KEY, STATION, "POST", "/api/v1/sync/push", body, created=NOW)
    tampered = bytearray(body)
    tampered[flip % len(body)] ^= 0x01
    assert reason_of(lambda: verify("POST", "/api/v1/sync/push", headers, bytes(tampered))) == "digest_mismatch"


@pytest.mark.parametrize(
    ("method", "target"),
    [("PUT", "/api/v1/sync/push"), ("POST", "/api/v1/sync/pull"), ("POST", "/api/v1/sync/push?x=1")],
    ids=["other method", "other path", "added query"],
)
def test_a_signature_does_not_carry_over_to_another_method_path_or_query(method: str, target: str) -> None:
    headers = sign_request(KEY, STATION, "POST", "/api/v1/sync/push", b"{}", created=NOW)
    assert reason_of(lambda: verify(method, target, headers, b"{}")) == "bad_signature"


def test_a_digest_recomputed_for_a_new_body_does_not_help_an_attacker() -> None:
    headers = sign_request(KEY, STATION, "POST", "/api/v1/sync/push", b"original", created=NOW)
    headers["Content-Digest"] = content_digest(b"forged")
    assert reason_of(lambda: verify("POST", "/api/v1/sync/push", headers, b"forged")) == "bad_signature"


def test_unsigned_requests_are_refused() -> None:
    assert reason_of(lambda: verify("GET", "/api/v1/sync/pull", {}, b"")) == "unsigned"


def test_another_key_claiming_the_station_is_refused() -> None:
    headers = sign_request(Ed25519PrivateKey.generate(), STATION, "GET", "/api/v1/sync/pull", b"", created=NOW)
    assert reason_of(lambda: verify("GET", "/api/v1/sync/pull", headers, b"")) == "bad_signature"


@pytest.mark.parametrize("offset", [-301, 301, -3600, 86_400 * 365])
def test_signatures_outside_five_minutes_of_the_hub_clock_are_stale(offset: int) -> None:
    headers = sign_request(KEY, STATION, "GET", "/api/v1/sync/pull", b"", created=NOW + offset)
    assert reason_of(lambda: verify("GET", "/api/v1/sync/pull", headers, b"")) == "stale_signature"


@pytest.mark.parametrize("offset", [-300, 0, 300])
def test_signatures_within_five_minutes_are_fresh(offset: int) -> None:
    headers = sign_request(KEY, STATION, "GET", "/api/v1/sync/pull", b"", created=NOW + offset)
    assert verify("GET", "/api/v1/sync/pull", headers, b"") == STATION


def test_a_nonce_seen_before_is_a_replay_and_checked_only_after_the_signature() -> None:
    seen: set[tuple[str, str]] = set()
    calls: list[str] = []

    def check_nonce(station_id: str, nonce: str, _created: int) -> bool:
        calls.append(nonce)
        if (station_id, nonce) in seen:
            return False
        seen.add((station_id, nonce))
        return True

    headers = sign_request(KEY, STATION, "GET", "/api/v1/sync/pull", b"", created=NOW, nonce="n-1")
    assert verify("GET", "/api/v1/sync/pull", headers, b"", check_nonce=check_nonce) == STATION
    assert reason_of(lambda: verify("GET", "/api/v1/sync/pull", headers, b"", check_nonce=check_nonce)) == "replayed_nonce"
    forged = sign_request(Ed25519PrivateKey.generate(), STATION, "GET", "/api/v1/sync/pull", b"", created=NOW, nonce="n-2")
    reason_of(lambda: verify("GET", "/api/v1/sync/pull", forged, b"", check_nonce=check_nonce))
    assert calls == ["n-1", "n-1"], "a forged request must not use up a nonce"


def test_an_unknown_station_is_told_to_enroll() -> None:
    other = "01a20818-0000-7000-8000-000000000000"
    headers = sign_request(KEY, other, "GET", "/api/v1/sync/pull", b"", created=NOW)
    assert reason_of(lambda: verify("GET", "/api/v1/sync/pull", headers, b"")) == "unknown_station"


def test_a_lookup_may_refuse_a_revoked_station() -> None:
    def revoked(_station_id: str) -> str:
        raise SignatureError("station_revoked", "revoked")

    headers = sign_request(KEY, STATION, "GET", "/api/v1/sync/pull", b"", created=NOW)
    assert reason_of(lambda: verify("GET", "/api/v1/sync/pull", headers, b"", lookup=revoked)) == "station_revoked"


@pytest.mark.parametrize(
    ("header", "value", "reason"),
    [
        ("Signature", "sig1=not-base64", "malformed_signature"),
        ("Signature-Input", 'sig1=("@method");created=1;nonce="a";keyid="b";alg="ed25519"', "malformed_signature"),
        ("Signature-Input", 'sig1=("@method" "@path" "@query" "content-digest");nonce="a";keyid="b";alg="ed25519"',
         "malformed_signature"),
        ("Signature-Input", f'sig1=("@method" "@path" "@query" "content-digest");created={NOW};nonce="a";'
         f'keyid="{STATION}";alg="rsa-pss-sha512"', "unsupported_algorithm"),
        ("Content-Digest", "sha-512=:AAAA:", "digest_mismatch"),
    ],
    ids=["signature not base64", "too few components", "no created", "other algorithm", "no sha-256 digest"],
)
def test_malformed_signature_headers_are_refused_with_a_reason(header: str, value: str, reason: str) -> None:
    headers = sign_request(KEY, STATION, "GET", "/api/v1/sync/pull", b"", created=NOW)
    headers[header] = value
    assert reason_of(lambda: verify("GET", "/api/v1/sync/pull", headers, b"")) == reason


def test_header_names_are_case_insensitive() -> None:
    headers = {k.lower(): v for k, v in sign_request(KEY, STATION, "GET", "/x", b"", created=NOW).items()}
    assert verify("GET", "/x", headers, b"") == STATION


def test_public_keys_travel_as_base64_of_32_raw_bytes() -> None:
    encoded = public_key_b64(KEY)
    assert len(base64.b64decode(encoded)) == 32
    assert load_public_key(encoded).public_bytes_raw() == base64.b64decode(encoded)
    for bad in ("", "not base64!", base64.b64encode(b"short").decode()):
        with pytest.raises(ValueError):
            load_public_key(bad)
