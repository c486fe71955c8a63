"""A new station enrolls once, with its one-time code; wrong guesses are counted against the
address that sends them, never against a code, so nobody outside can lock a clinic out."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import requests
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import Row, select, update

from hub import stations
from hub import tables as t
from sync.wire.protocol import EnrollRequest
from sync.wire.signing import public_key_b64
from tests.support.server import RunningHub
from tests.support.station_client import StationClient, enroll_request


def new_key() -> str:
    return public_key_b64(Ed25519PrivateKey.generate())


def code_row(hub: RunningHub, station_id: str) -> Row[Any]:
    with hub.engine.connect() as conn:
        return conn.execute(select(t.enrollment_codes).where(t.enrollment_codes.c.station_id == station_id)).one()


def wrong_code_for(code: str) -> str:
    """Same first eleven characters as the live code, a different last one."""
    plain = stations.normalize_code(code)
    last = stations.CODE_ALPHABET[(stations.CODE_ALPHABET.index(plain[-1]) + 1) % len(stations.CODE_ALPHABET)]
    return plain[:-1] + last


def random_code() -> str:
    import secrets

    return "".join(secrets.choice(stations.CODE_ALPHABET) for _ in range(stations.CODE_LENGTH))


def enroll_from(hub: RunningHub, code: str, address: str) -> requests.Response:
    """An enrollment as if sent from `address` (the hub trusts X-Forwarded-For from loopback,
    as it does from the reverse proxy in front of it)."""
    return requests.post(hub.base_url + "/api/v1/enroll", json={"code": code, "public_key": new_key()},
                         headers={"X-Forwarded-For": address}, timeout=10)


def test_a_station_enrolls_with_its_code_and_can_then_sync(hub: RunningHub) -> None:
    new = hub.new_station("BHU Jhok", "Thatta")
    client = StationClient.enroll(hub.base_url, new.code)
    assert client.station_id == new.station_id
    assert client.pull().status_code == 200
    with hub.engine.connect() as conn:
        station = conn.execute(select(t.stations)).one()
    assert station.public_key == public_key_b64(client.private_key) and station.enrolled_at is not None


def test_only_a_hash_of_the_code_is_stored(hub: RunningHub) -> None:
    new = hub.new_station()
    row = code_row(hub, new.station_id)
    assert new.code not in row.code_hash and row.code_hash == stations.hash_code(new.code)
    plain = stations.normalize_code(new.code)
    assert len(plain) == 12 and set(plain) <= set(stations.CODE_ALPHABET)
    assert not set(plain) & set("0O1IL")
    # Shown in groups of four, for reading aloud over the phone.
    assert new.code == f"{plain[:4]}-{plain[4:8]}-{plain[8:]}"


def test_the_api_schema_asks_for_the_same_code_length_the_hub_checks() -> None:
    schema = EnrollRequest.model_json_schema()["properties"]["code"]
    assert schema["minLength"] == stations.CODE_LENGTH
    assert schema["maxLength"] >= len(stations.grouped("A" * stations.CODE_LENGTH)) + 2


@pytest.mark.parametrize("typed", ["{code}", "{lower}", "{a}-{b}-{c}", " {a} {b} {c} ", "{a}{b}{c}"])
def test_the_code_may_be_typed_in_lower_case_or_with_dashes_and_spaces(hub: RunningHub, typed: str) -> None:
    new = hub.new_station()
    plain = stations.normalize_code(new.code)
    code = typed.format(code=new.code, lower=new.code.lower(), a=plain[:4], b=plain[4:8], c=plain[8:])
    assert enroll_request(hub.base_url, code, new_key()).status_code == 200


def test_every_wrong_code_gets_the_same_answer_whatever_it_resembles(hub: RunningHub) -> None:
    new = hub.new_station()
    near = enroll_from(hub, wrong_code_for(new.code), "10.1.0.1")
    far = enroll_from(hub, random_code(), "10.1.0.2")
    assert near.status_code == far.status_code == 401
    assert near.json() == far.json() == {"error": "wrong_code", "message": stations.WRONG_CODE}


def test_guessing_locks_out_only_the_guessing_address_and_never_the_clinic(hub: RunningHub) -> None:
    new = hub.new_station()
    for _ in range(stations.ENROLL_ALLOWANCE.allowed):
        assert enroll_from(hub, wrong_code_for(new.code), "203.0.113.7").status_code == 401
    # The guessing address is locked, whatever code it sends next, even the right one.
    locked = enroll_from(hub, random_code(), "203.0.113.7")
    assert locked.status_code == 429 and locked.json()["error"] == "too_many_attempts"
    assert "Wait" in locked.json()["message"]
    assert enroll_from(hub, new.code, "203.0.113.7").status_code == 429
    # The clinic, from its own address, enrolls with its code as if nothing had happened.
    assert enroll_from(hub, new.code, "198.51.100.20").status_code == 200
    with hub.engine.connect() as conn:
        assert conn.execute(select(t.stations.c.public_key)).scalar_one() is not None


def test_guesses_sent_all_at_once_are_not_all_checked(hub: RunningHub) -> None:
    from concurrent.futures import ThreadPoolExecutor

    hub.new_station()
    with ThreadPoolExecutor(max_workers=20) as pool:
        answers = list(pool.map(lambda _: enroll_from(hub, random_code(), "192.0.2.99").status_code, range(25)))
    assert answers.count(401) <= stations.ENROLL_ALLOWANCE.allowed
    assert answers.count(401) + answers.count(429) == 25


def test_a_clinic_that_mistypes_gets_its_attempt_back_when_it_gets_it_right(hub: RunningHub) -> None:
    first, second = hub.new_station(), hub.new_station()
    assert enroll_from(hub, wrong_code_for(first.code), "198.51.100.30").status_code == 401
    assert enroll_from(hub, first.code, "198.51.100.30").status_code == 200
    with hub.engine.connect() as conn:
        count = conn.execute(select(t.login_failures.c.count).where(
            t.login_failures.c.key == stations.enroll_key("198.51.100.30"))).scalar_one()
    assert count == 1  # the wrong one is remembered; the right one was given back
    assert enroll_from(hub, second.code, "198.51.100.30").status_code == 200


def test_an_expired_code_is_refused(hub: RunningHub) -> None:
    new = hub.new_station()
    with hub.engine.begin() as conn:
        conn.execute(update(t.enrollment_codes).values(expires_at=t.utcnow() - timedelta(seconds=1)))
    response = enroll_request(hub.base_url, new.code, new_key())
    assert response.status_code == 410 and response.json()["error"] == "code_expired"


def test_a_code_lasts_72_hours(hub: RunningHub) -> None:
    new = hub.new_station()
    remaining = code_row(hub, new.station_id).expires_at - t.utcnow()
    assert timedelta(hours=71, minutes=59) < remaining <= timedelta(hours=72)


def test_a_used_code_cannot_enroll_a_second_machine(hub: RunningHub) -> None:
    new = hub.new_station()
    first_key = new_key()
    assert enroll_request(hub.base_url, new.code, first_key).status_code == 200
    again = enroll_request(hub.base_url, new.code, new_key())
    assert again.status_code == 409 and again.json()["error"] == "code_used"
    with hub.engine.connect() as conn:
        assert conn.execute(select(t.stations.c.public_key)).scalar_one() == first_key


def test_a_revoked_station_cannot_enroll(hub: RunningHub) -> None:
    new = hub.new_station()
    with hub.engine.begin() as conn:
        stations.revoke_station(conn, new.station_id)
    assert enroll_request(hub.base_url, new.code, new_key()).status_code == 403


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"code": "ABC", "public_key": "x"}, 422, "code"),
        ({"code": "ABCD-0EFG-HJKM", "public_key": "x"}, 422, "no 0, O, 1, I or L"),
        ({"code": "ABCD-EFGH-JKMN", "public_key": "bm90IGEga2V5"}, 422, "public_key"),
        ({"code": "ABCD-EFGH-JKMN"}, 422, "public_key is required"),
        ({"code": "ABCD-EFGH-JKMN", "public_key": "x", "station": "me"}, 422, "station is not a known field"),
        ({"code": 123456789012, "public_key": "x"}, 422, "code"),
    ],
    ids=["too short", "ambiguous character", "not a key", "no key", "unknown field", "code as number"],
)
def test_a_malformed_enrollment_is_refused_without_using_an_attempt(
    hub: RunningHub, body: dict[str, object], status: int, field: str
) -> None:
    new = hub.new_station()
    response = requests.post(hub.base_url + "/api/v1/enroll", json=body, timeout=10)
    assert response.status_code == status
    assert field in response.json()["message"]
    assert enroll_request(hub.base_url, new.code, new_key()).status_code == 200
