"""Console sign-in: password check, sessions (stored hashed), CSRF tokens, idle timeout, lockout.

Only what a person does keeps a session alive: page views and forms, and the keep-alive sent while
they type. Background polls (ringing calls, the inbox refreshing itself) read the session without
moving its idle clock, so an unattended screen signs out on time.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, delete, func, select, update

from hub import attempts
from hub import tables as t

SESSION_COOKIE = "telehub_session"
LOGIN_CSRF_COOKIE = "telehub_login_csrf"
DEFAULT_IDLE_MINUTES = 30
# Even an active session ends after a working day; the specialist signs in again.
ABSOLUTE_LIFETIME = timedelta(hours=12)
# Writing last_seen_at on every page view is wasteful; a little slack is harmless.
TOUCH_EVERY = timedelta(seconds=60)
# Background requests from the console's own scripts say so with this header.
BACKGROUND_HEADER = "x-telehub-background"
ENDED_IDLE = "idle"
ENDED_ACCOUNT = "account"

WRONG_LOGIN = "Wrong username or password. Check both and try again."


@dataclass(frozen=True)
class Specialist:
    """A person signed in to the console (a specialist or a coordinator)."""

    id: str
    username: str
    name: str
    specialty: str
    role: str = "specialist"

    @property
    def is_coordinator(self) -> bool:
        return self.role == "coordinator"

    @property
    def answers_referrals(self) -> bool:
        return self.role == "specialist"


@dataclass(frozen=True)
class Session:
    token_hash: str
    csrf_token: str
    specialist: Specialist
    remaining_seconds: float = 0.0


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
    return Specialist(id=row.id, username=row.username, name=row.name, specialty=row.specialty, role=row.role)


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


def load_session(conn: Connection, token: str | None, now: datetime, idle: timedelta,
                 *, touch: bool = True) -> Session | None:
    """The live session for a cookie token; ended ones are deleted and give None."""
    return check_session(conn, token, now, idle, touch=touch)[0]


def check_session(conn: Connection, token: str | None, now: datetime, idle: timedelta,
                  *, touch: bool = True) -> tuple[Session | None, str]:
    """(session, "") when live; (None, why) otherwise: "idle" (or past its lifetime), "account"
    (switched off or reset at the hub), "" when there is no such session. `touch` is for
    requests a person made; background polls pass False and leave the idle clock alone."""
    if not token or len(token) > 200:
        return None, ""
    token_hash = hash_token(token)
    row = conn.execute(
        select(
            t.console_sessions.c.csrf_token,
            t.console_sessions.c.created_at,
            t.console_sessions.c.last_seen_at,
            t.console_sessions.c.ended_reason,
            t.specialists.c.id,
            t.specialists.c.username,
            t.specialists.c.name,
            t.specialists.c.specialty,
            t.specialists.c.role,
            t.specialists.c.active,
        )
        .join(t.specialists, t.specialists.c.id == t.console_sessions.c.specialist_id)
        .where(t.console_sessions.c.token_hash == token_hash)
    ).first()
    if row is None:
        return None, ""
    if not row.active or row.ended_reason:
        end_session(conn, token_hash)
        return None, ENDED_ACCOUNT
    if now - row.last_seen_at > idle or now - row.created_at > ABSOLUTE_LIFETIME:
        end_session(conn, token_hash)
        return None, ENDED_IDLE
    last_seen = row.last_seen_at
    if touch and now - last_seen > min(TOUCH_EVERY, idle / 10):
        touch_session(conn, token_hash, now)
        last_seen = now
    remaining = min(idle - (now - last_seen), ABSOLUTE_LIFETIME - (now - row.created_at)).total_seconds()
    specialist = Specialist(id=row.id, username=row.username, name=row.name, specialty=row.specialty,
                            role=row.role)
    return Session(token_hash=token_hash, csrf_token=row.csrf_token, specialist=specialist,
                   remaining_seconds=max(0.0, remaining)), ""


def end_account_sessions(conn: Connection, specialist_id: str) -> int:
    """Sign out every open tab of an account: each is told so at its next request."""
    result = conn.execute(update(t.console_sessions).where(t.console_sessions.c.specialist_id == specialist_id)
                          .values(ended_reason=ENDED_ACCOUNT))
    return result.rowcount or 0


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
    """Sign-in attempts per username and per address; used-up allowances lock sign-in for a while.

    After `free_attempts` attempts each further one doubles the lock (1 minute, 2, 4 … up to
    `max_lock`). Attempts are counted before the password is checked, atomically (hub.attempts),
    so wrong passwords sent all at once are not all checked. Unknown usernames are throttled the
    same way, so the lock says nothing about which accounts exist. A successful sign-in forgets
    the username's count and gives its attempt back to the address. The counts live in the
    `login_failures` table: every hub process behind one proxy shares them, and a restart does
    not hand an attacker a fresh set of guesses.
    """

    free_attempts: int = 5
    address_attempts: int = 20
    first_lock: float = 60.0
    max_lock: float = 15 * 60.0
    forget_after: float = 60 * 60.0

    @staticmethod
    def user_key(username: str) -> str:
        return f"user:{username.strip().lower()}"[:200]

    @staticmethod
    def address_key(address: str) -> str:
        return f"addr:{address}"[:200]

    def _allowance(self, allowed: int) -> attempts.Allowance:
        return attempts.Allowance(allowed, self.first_lock, self.max_lock, self.forget_after)

    def wait_seconds(self, conn: Connection, username: str, address: str, now: datetime | None = None) -> float:
        """Seconds until this username/address may try again (0 when allowed now)."""
        return attempts.wait_seconds(conn, [self.user_key(username), self.address_key(address)], now or t.utcnow())

    def begin_attempt(self, conn: Connection, username: str, address: str, now: datetime | None = None) -> float:
        """Count a sign-in attempt before its password is checked: 0 when it may be checked,
        else the seconds to wait (and then nothing was counted)."""
        now = now or t.utcnow()
        user = self.user_key(username)
        wait = attempts.take(conn, user, self._allowance(self.free_attempts), now)
        if wait:
            return wait
        wait = attempts.take(conn, self.address_key(address), self._allowance(self.address_attempts), now)
        if wait:
            attempts.release(conn, user)
        return wait

    def succeeded(self, conn: Connection, username: str, address: str) -> None:
        attempts.forget(conn, self.user_key(username))
        attempts.release(conn, self.address_key(address))


def lock_message(seconds: float) -> str:
    minutes = max(1, int((seconds + 59) // 60))
    unit = "minute" if minutes == 1 else "minutes"
    return f"Too many failed sign-in attempts. Wait {minutes} {unit} and try again."
