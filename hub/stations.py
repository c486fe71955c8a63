"""Stations: creation with a one-time enrollment code, enrollment with a public key, revocation."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, select, update

from hub import tables as t
from sync.wire.ids import uuid7
from sync.wire.protocol import (
    ENROLL_CODE_ALPHABET,
    ENROLL_CODE_LENGTH,
    ENROLL_CODE_SEPARATORS,
    enroll_code_pattern,
)
from sync.wire.signing import load_public_key

# One definition, shared with the published OpenAPI schema (sync.wire.protocol.EnrollRequest).
CODE_ALPHABET = ENROLL_CODE_ALPHABET
CODE_LENGTH = ENROLL_CODE_LENGTH
_CODE_AS_TYPED = re.compile(enroll_code_pattern(CODE_ALPHABET, CODE_LENGTH))
# The first characters of a code pick the code a guess was aimed at (only the hash is stored).
SELECTOR_LENGTH = 3
CODE_VALID_HOURS = 72
CODE_ATTEMPTS = 5


class EnrollmentError(Exception):
    """Enrollment refused: HTTP status, stable code, and a sentence for the installer."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


class StationError(ValueError):
    """An admin command about a station cannot be done (e.g. unknown id)."""


@dataclass(frozen=True)
class NewStation:
    station_id: str
    code: str
    expires_at: datetime


def hash_code(code: str) -> str:
    return hashlib.sha256(code.encode("ascii")).hexdigest()


def normalize_code(raw: str) -> str:
    """Upper-case and drop spaces and dashes, as people type codes in different ways."""
    return "".join(ch for ch in raw.upper() if ch not in ENROLL_CODE_SEPARATORS)


def create_station(
    conn: Connection, name: str, district: str, *, valid_hours: int = CODE_VALID_HOURS, attempts: int = CODE_ATTEMPTS
) -> NewStation:
    """Register a station and issue its one-time enrollment code (only the hash is stored)."""
    name, district = name.strip(), district.strip()
    if not name or not district:
        raise StationError("a station needs a name and a district")
    if len(name) > 200 or len(district) > 200:
        raise StationError("the name and the district must each be at most 200 characters")
    now = t.utcnow()
    station_id = uuid7()
    conn.execute(t.stations.insert().values(id=station_id, name=name, district=district, created_at=now))
    code = _unique_code(conn, now)
    expires = now + timedelta(hours=valid_hours)
    conn.execute(
        t.enrollment_codes.insert().values(
            code_hash=hash_code(code),
            selector=code[:SELECTOR_LENGTH],
            station_id=station_id,
            expires_at=expires,
            attempts_left=attempts,
        )
    )
    return NewStation(station_id, code, expires)


def _unique_code(conn: Connection, now: datetime) -> str:
    # Live codes must not share a selector, or a wrong guess could not be charged to one code.
    for _ in range(100):
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        clash = conn.execute(
            select(t.enrollment_codes.c.code_hash).where(
                t.enrollment_codes.c.selector == code[:SELECTOR_LENGTH],
                t.enrollment_codes.c.used_at.is_(None),
                t.enrollment_codes.c.expires_at > now,
            )
        ).first()
        if clash is None:
            return code
    raise StationError("could not find a free enrollment code; too many codes are waiting to be used")


def revoke_station(conn: Connection, station_id: str) -> None:
    """Refuse every further request from this station."""
    row = conn.execute(select(t.stations.c.revoked_at).where(t.stations.c.id == station_id)).first()
    if row is None:
        raise StationError(f"there is no station with id {station_id}")
    if row.revoked_at is not None:
        raise StationError(f"station {station_id} was already revoked")
    conn.execute(update(t.stations).where(t.stations.c.id == station_id).values(revoked_at=t.utcnow()))


def enroll(conn: Connection, raw_code: str, public_key: str) -> str:
    """Bind a station's public key using its one-time code; returns the station id.

    A wrong code aimed at a live code (same first characters) uses up one of its attempts; the
    caller must commit even when EnrollmentError is raised so the count sticks.
    """
    if not _CODE_AS_TYPED.fullmatch(raw_code):
        raise EnrollmentError(
            422,
            "invalid_code_format",
            f"An enrollment code has {CODE_LENGTH} characters from {CODE_ALPHABET} (no 0, O, 1, I or L).",
        )
    code = normalize_code(raw_code)
    try:
        load_public_key(public_key)
    except ValueError as exc:
        raise EnrollmentError(422, "invalid_public_key", f"public_key: {exc}.") from None
    now = t.utcnow()
    codes = t.enrollment_codes
    row = conn.execute(select(codes).where(codes.c.code_hash == hash_code(code))).first()
    if row is None:
        raise _charge_wrong_guess(conn, code, now)
    if row.used_at is not None:
        raise EnrollmentError(
            409, "code_used", "This enrollment code was already used. Ask the hub administrator for a new one."
        )
    if row.expires_at <= now:
        raise EnrollmentError(
            410, "code_expired", "This enrollment code has expired. Ask the hub administrator for a new one."
        )
    if row.attempts_left <= 0:
        raise _locked()
    station = conn.execute(select(t.stations.c.revoked_at).where(t.stations.c.id == row.station_id)).first()
    if station is None or station.revoked_at is not None:
        raise EnrollmentError(403, "station_revoked", "This station has been revoked at the hub.")
    conn.execute(update(codes).where(codes.c.code_hash == row.code_hash).values(used_at=now))
    conn.execute(
        update(t.stations)
        .where(t.stations.c.id == row.station_id)
        .values(public_key=public_key, enrolled_at=now)
    )
    return row.station_id


def _charge_wrong_guess(conn: Connection, code: str, now: datetime) -> EnrollmentError:
    codes = t.enrollment_codes
    target = conn.execute(
        select(codes.c.code_hash, codes.c.attempts_left).where(
            codes.c.selector == code[:SELECTOR_LENGTH], codes.c.used_at.is_(None), codes.c.expires_at > now
        )
    ).first()
    if target is None:
        return EnrollmentError(401, "wrong_code", "This enrollment code is not valid. Check it and try again.")
    if target.attempts_left <= 0:
        return _locked()
    left = target.attempts_left - 1
    conn.execute(update(codes).where(codes.c.code_hash == target.code_hash).values(attempts_left=left))
    if left == 0:
        return _locked()
    return EnrollmentError(
        401,
        "wrong_code",
        f"This enrollment code is wrong. {left} attempt{'s' if left != 1 else ''} left before it is blocked.",
    )


def _locked() -> EnrollmentError:
    return EnrollmentError(
        429, "code_locked", "Too many wrong attempts: this code is blocked. Ask the hub administrator for a new one."
    )
