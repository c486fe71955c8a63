"""A new station enrolls once, with its one-time code, and wrong guesses are counted against that code."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import requests
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import Row, select, update

from hub import stations
from hub import tables as t
from sync.wire.signing import public_key_b64
from tests.support.server import RunningHub
from tests.support.station_client import StationClient, enroll_request


def new_key() -> str:
    return public_key_b64(Ed25519PrivateKey.generate())


def code_row(hub: RunningHub, station_id: str) -> Row[Any]:
    with hub.engine.connect() as conn:
        return conn.execute(select(t.enrollment_codes).where(t.enrollment_codes.c.station_id == station_id)).one()


def wrong_code_for(code: str) -> str:
    """Same first characters (so aimed at this code), different ending."""
    last = stations.CODE_ALPHABET[(stations.CODE_ALPHABET.index(code[-1]) + 1) % len(stations.CODE_ALPHABET)]
    return code[:-1] + last


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
    assert len(new.code) == 8 and set(new.code) <= set(stations.CODE_ALPHABET)
    assert not set(new.code) & set("0O1IL")


@pytest.mark.parametrize("typed", ["{code}", "{lower}", "{a}-{b}", " {a} {b} "])
def test_the_code_may_be_typed_in_lower_case_or_with_dashes_and_spaces(hub: RunningHub, typed: str) -> None:
    new = hub.new_station()
    code = typed.format(code=new.code, lower=new.code.lower(), a=new.code[:4], b=new.code[4:])
    assert enroll_request(hub.base_url, code, new_key()).status_code == 200


def test_a_wrong_code_uses_up_one_of_five_attempts_then_the_code_is_blocked(hub: RunningHub) -> None:
    new = hub.new_station()
    wrong = wrong_code_for(new.code)
    for left in (4, 3, 2, 1):
        response = enroll_request(hub.base_url, wrong, new_key())
        assert response.status_code == 401 and response.json()["error"] == "wrong_code"
        assert f"{left} attempt" in response.json()["message"]
        assert code_row(hub, new.station_id).attempts_left == left
    last = enroll_request(hub.base_url, wrong, new_key())
    assert last.status_code == 429 and last.json()["error"] == "code_locked"
    right_too_late = enroll_request(hub.base_url, new.code, new_key())
    assert right_too_late.status_code == 429
    with hub.engine.connect() as conn:
        assert conn.execute(select(t.stations.c.public_key)).scalar_one() is None


def test_a_code_nobody_was_given_is_simply_wrong(hub: RunningHub) -> None:
    new = hub.new_station()
    other_selector = next(c for c in stations.CODE_ALPHABET if c != new.code[0])
    response = enroll_request(hub.base_url, other_selector + new.code[1:], new_key())
    assert response.status_code == 401 and response.json()["error"] == "wrong_code"
    assert code_row(hub, new.station_id).attempts_left == 5


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
        ({"code": "ABC", "public_key": "x"}, 422, "characters"),
        ({"code": "ABCD0EFG", "public_key": "x"}, 422, "no 0, O, 1, I or L"),
        ({"code": "ABCDEFGH", "public_key": "bm90IGEga2V5"}, 422, "public_key"),
        ({"code": "ABCDEFGH"}, 422, "public_key is required"),
        ({"code": "ABCDEFGH", "public_key": "x", "station": "me"}, 422, "station is not a known field"),
        ({"code": 12345678, "public_key": "x"}, 422, "code"),
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
    assert code_row(hub, new.station_id).attempts_left == 5
