"""Specialist sign-in: password check, sessions (stored hashed), CSRF tokens, idle timeout, lockout."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, delete, func, select, update

from hub import tables as t
from hub.db import insert_ignore

SESSION_COOKIE = "telehub_session"
LOGIN_CSRF_COOKIE = "telehub_login_csrf"
DEFAULT_IDLE_MINUTES = 30
# Even an active session ends after a working day; the specialist signs in again.
ABSOLUTE_LIFETIME = timedelta(hours=12)
# Writing last_seen_at on every page view is wasteful; a minute of slack is harmless.
TOUCH_EVERY = timedelta(seconds=60)

WRONG_LOGIN = "Wrong username or password. Check both and try again."


@dataclass(frozen=True)
class Specialist:
    id: str
    username: str
    name: str
    specialty: str


@dataclass(frozen=True)
class Session:
    token_hash: str
    csrf_token: str
    specialist: Specialist


def idle_timeout(settings: Any) -> timedelta:
    """The idle timeout from settings (`session_idle_minutes`), 30 minutes when not set."""
    minutes = getattr(settings, "session_idle_minutes", None) or DEFAULT_IDLE_MINUTES
    return timedelta(minutes=float(minutes))


def hash_token(token: str) -> str:
    # Tokens are 256 random bits, so a fast hash is enough: a stolen table yields no usable cookie.
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def same_secret(expected: str, given: str | None) -> bool:
    """Compare two tokens in constant time (empty never matches)."""
    if not expected or not given:
        return False
    return hmac.compare_digest(expected.encode("utf-8"), given.encode("utf-8"))


def new_token() -> str:
    return secrets.token_urlsafe(32)


# A fixed hash to verify against when the username is unknown, so both cases take as long.
_DUMMY_HASH: str | None = None


def _dummy_hash() -> str:
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        from hub.passwords import hash_password

        _DUMMY_HASH = hash_password(secrets.token_urlsafe(16))
    return _DUMMY_HASH


def authenticate(conn: Connection, username: str, password: str) -> Specialist | None:
    """The active specialist with this username and password, or None (same time either way)."""
    from hub.passwords import verify_password

    row = conn.execute(
        select(t.specialists).where(func.lower(t.specialists.c.username) == username.strip().lower())
    ).first()
    if row is None:
        verify_password(_dummy_hash(), password)
        return None
    if not verify_password(row.password_hash, password) or not row.active:
        return None
    return Specialist(id=row.id, username=row.username, name=row.name, specialty=row.specialty)


def create_session(conn: Connection, specialist_id: str, now: datetime) -> tuple[str, str]:
    """Start a session; returns (cookie token, CSRF token). Only the token's hash is stored."""
    token, csrf = new_token(), new_token()
    conn.execute(
        t.console_sessions.insert().values(
            token_hash=hash_token(token),
            specialist_id=specialist_id,
            csrf_token=csrf,
            created_at=now,
            last_seen_at=now,
        )
    )
    return token, csrf


def load_session(conn: Connection, token: str | None, now: datetime, idle: timedelta) -> Session | None:
    """The live session for a cookie token; expired ones are deleted and give None."""
    if not token or len(token) > 200:
        return None
    token_hash = hash_token(token)
    row = conn.execute(
        select(
            t.console_sessions.c.csrf_token,
            t.console_sessions.c.created_at,
            t.console_sessions.c.last_seen_at,
            t.specialists.c.id,
            t.specialists.c.username,
            t.specialists.c.name,
            t.specialists.c.specialty,
            t.specialists.c.active,
        )
        .join(t.specialists, t.specialists.c.id == t.console_sessions.c.specialist_id)
        .where(t.console_sessions.c.token_hash == token_hash)
    ).first()
    if row is None:
        return None
    if not row.active or now - row.last_seen_at > idle or now - row.created_at > ABSOLUTE_LIFETIME:
        end_session(conn, token_hash)
        return None
    if now - row.last_seen_at > TOUCH_EVERY:
        touch_session(conn, token_hash, now)
    specialist = Specialist(id=row.id, username=row.username, name=row.name, specialty=row.specialty)
    return Session(token_hash=token_hash, csrf_token=row.csrf_token, specialist=specialist)


def touch_session(conn: Connection, token_hash: str, now: datetime) -> None:
    conn.execute(
        update(t.console_sessions).where(t.console_sessions.c.token_hash == token_hash).values(last_seen_at=now)
    )


def end_session(conn: Connection, token_hash: str) -> None:
    conn.execute(delete(t.console_sessions).where(t.console_sessions.c.token_hash == token_hash))


def purge_sessions(conn: Connection, now: datetime, idle: timedelta) -> int:
    """Delete sessions that can no longer be used (idle too long or past their lifetime)."""
    result = conn.execute(
        delete(t.console_sessions).where(
            (t.console_sessions.c.last_seen_at < now - idle)
            | (t.console_sessions.c.created_at < now - ABSOLUTE_LIFETIME)
        )
    )
    return result.rowcount or 0


@dataclass(frozen=True)
class LoginThrottle:
    """Failed sign-ins per username and per address; repeated failures lock sign-in for a while.

    After `free_attempts` failures each further failure doubles the lock (1 minute, 2, 4 … up to
    `max_lock`). Unknown usernames are throttled the same way, so the lock says nothing about
    which accounts exist. Failures are forgotten after `forget_after` seconds without one. The
    counts live in the `login_failures` table: every hub process behind one proxy shares them,
    and a restart does not hand an attacker a fresh set of guesses.
    """

    free_attempts: int = 5
    address_attempts: int = 20
    first_lock: float = 60.0
    max_lock: float = 15 * 60.0
    forget_after: float = 60 * 60.0

    def _keys(self, username: str, address: str) -> list[tuple[str, int]]:
        return [(f"user:{username.strip().lower()}"[:200], self.free_attempts), (f"addr:{address}"[:200],
                                                                                 self.address_attempts)]

    def wait_seconds(self, conn: Connection, username: str, address: str, now: datetime | None = None) -> float:
        """Seconds until this username/address may try again (0 when allowed now)."""
        now = now or t.utcnow()
        keys = [k for k, _ in self._keys(username, address)]
        locks = conn.execute(select(t.login_failures.c.locked_until).where(
            t.login_failures.c.key.in_(keys), t.login_failures.c.locked_until.is_not(None))).scalars().all()
        return max([0.0, *((until - now).total_seconds() for until in locks)])

    def failed(self, conn: Connection, username: str, address: str, now: datetime | None = None) -> None:
        now = now or t.utcnow()
        table = t.login_failures
        forgotten = now - timedelta(seconds=self.forget_after)
        # Bounded under a flood of made-up usernames: entries already forgotten go.
        conn.execute(delete(table).where(table.c.last_at < forgotten))
        for key, free in self._keys(username, address):
            insert_ignore(conn, table, {"key": key, "count": 0, "last_at": now, "locked_until": None})
            # FOR UPDATE: two processes counting the same failure at once take turns (PostgreSQL).
            count = conn.execute(select(table.c.count).where(table.c.key == key).with_for_update()).scalar_one()
            count += 1
            lock = None
            if count >= free:
                # The exponent is capped: past max_lock it changes nothing, and 2.0 ** 1024 overflows.
                lock = now + timedelta(seconds=min(self.max_lock, self.first_lock * 2 ** min(count - free, 30)))
            conn.execute(update(table).where(table.c.key == key).values(count=count, last_at=now, locked_until=lock))

    def succeeded(self, conn: Connection, username: str) -> None:
        conn.execute(delete(t.login_failures).where(t.login_failures.c.key == self._keys(username, "")[0][0]))


def lock_message(seconds: float) -> str:
    minutes = max(1, int((seconds + 59) // 60))
    unit = "minute" if minutes == 1 else "minutes"
    return f"Too many failed sign-in attempts. Wait {minutes} {unit} and try again."
