"""Stations: creation with a one-time enrollment code, enrollment with a public key, revocation."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, select, update

from hub import attempts
from hub import tables as t
from sync.wire.ids import uuid7
from sync.wire.protocol import (
    ENROLL_CODE_ALPHABET,
    ENROLL_CODE_GROUP,
    ENROLL_CODE_LENGTH,
    ENROLL_CODE_SEPARATORS,
    enroll_code_pattern,
)
from sync.wire.signing import load_public_key

# One definition, shared with the published OpenAPI schema (sync.wire.protocol.EnrollRequest).
CODE_ALPHABET = ENROLL_CODE_ALPHABET
CODE_LENGTH = ENROLL_CODE_LENGTH
CODE_GROUP = ENROLL_CODE_GROUP
_CODE_AS_TYPED = re.compile(enroll_code_pattern(CODE_ALPHABET, CODE_LENGTH))
CODE_VALID_HOURS = 72
# Wrong codes are charged to the address that sent them, never to a code: an outsider guessing
# can lock out only themselves. Ten a day-ish, then growing locks (1 h, 2 h, ... up to a day).
ENROLL_ALLOWANCE = attempts.Allowance(allowed=10, first_lock=3600.0, max_lock=24 * 3600.0,
                                      forget_after=24 * 3600.0)
WRONG_CODE = "This enrollment code is not valid. Check it with the hub administrator and try again."


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
    return hashlib.sha256(normalize_code(code).encode("ascii")).hexdigest()


def grouped(code: str) -> str:
    """The code as shown and read aloud: groups of four joined by dashes (ABCD-EFGH-JKMN)."""
    return "-".join(code[i:i + CODE_GROUP] for i in range(0, len(code), CODE_GROUP))


def normalize_code(raw: str) -> str:
    """Upper-case and drop spaces and dashes, as people type codes in different ways."""
    return "".join(ch for ch in raw.upper() if ch not in ENROLL_CODE_SEPARATORS)


def create_station(conn: Connection, name: str, district: str, *, valid_hours: int = CODE_VALID_HOURS) -> NewStation:
    """Register a station and issue its one-time enrollment code (only the hash is stored)."""
    name, district = name.strip(), district.strip()
    if not name or not district:
        raise StationError("a station needs a name and a district")
    if len(name) > 200 or len(district) > 200:
        raise StationError("the name and the district must each be at most 200 characters")
    now = t.utcnow()
    station_id = uuid7()
    conn.execute(t.stations.insert().values(id=station_id, name=name, district=district, created_at=now))
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    expires = now + timedelta(hours=valid_hours)
    conn.execute(t.enrollment_codes.insert().values(
        code_hash=hash_code(code), station_id=station_id, expires_at=expires,
    ))
    return NewStation(station_id, grouped(code), expires)


def revoke_station(conn: Connection, station_id: str) -> None:
    """Refuse every further request from this station."""
    row = conn.execute(select(t.stations.c.revoked_at).where(t.stations.c.id == station_id)).first()
    if row is None:
        raise StationError(f"there is no station with id {station_id}")
    if row.revoked_at is not None:
        raise StationError(f"station {station_id} was already revoked")
    conn.execute(update(t.stations).where(t.stations.c.id == station_id).values(revoked_at=t.utcnow()))


def enroll_key(address: str) -> str:
    return f"enroll:{address}"


def enroll(conn: Connection, raw_code: str, public_key: str, address: str = "unknown",
           now: datetime | None = None) -> str:
    """Bind a station's public key using its one-time code; returns the station id.

    Every attempt is counted against the sending address first (atomically, see hub.attempts);
    a wrong code gets one answer whatever it resembles. The caller must commit even when
    EnrollmentError is raised so the count sticks.
    """
    if not _CODE_AS_TYPED.fullmatch(raw_code):
        raise EnrollmentError(
            422,
            "invalid_code_format",
            f"code: an enrollment code has {CODE_LENGTH} characters from {CODE_ALPHABET} "
            "(no 0, O, 1, I or L), e.g. ABCD-EFGH-JKMN.",
        )
    code = normalize_code(raw_code)
    try:
        load_public_key(public_key)
    except ValueError as exc:
        raise EnrollmentError(422, "invalid_public_key", f"public_key: {exc}.") from None
    now = now or t.utcnow()
    wait = attempts.take(conn, enroll_key(address), ENROLL_ALLOWANCE, now)
    if wait:
        raise _locked(wait)
    codes = t.enrollment_codes
    row = conn.execute(select(codes).where(codes.c.code_hash == hash_code(code))).first()
    if row is None:
        raise EnrollmentError(401, "wrong_code", WRONG_CODE)
    # The right code: whatever happens next, this address did not guess.
    attempts.release(conn, enroll_key(address))
    if row.used_at is not None:
        raise EnrollmentError(
            409, "code_used", "This enrollment code was already used. Ask the hub administrator for a new one."
        )
    if row.expires_at <= now:
        raise EnrollmentError(
            410, "code_expired", "This enrollment code has expired. Ask the hub administrator for a new one."
        )
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


def _locked(wait: float) -> EnrollmentError:
    hours, minutes = int(wait // 3600), max(1, int((wait % 3600 + 59) // 60))
    when = f"{hours} h {minutes} min" if hours else f"{minutes} min"
    return EnrollmentError(
        429, "too_many_attempts", f"Too many wrong enrollment codes from this network. Wait {when} and try "
        "again, after checking the code with the hub administrator.",
    )
