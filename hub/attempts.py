"""Counting attempts (sign-ins, enrollment codes) so that a lock cannot be raced.

An attempt is counted *before* the password or code is checked, in one statement that also
refuses it while a lock stands (an upsert: on PostgreSQL it holds the row until commit, on SQLite
the write lock serializes it). Once the allowance is used up, each allowed attempt sets the next
lock as it is counted, so attempts sent at the same moment wait instead of all being checked.
A success gives its attempt back (`release`) or forgets the key (`forget`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, case, delete, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from hub import tables as t


@dataclass(frozen=True)
class Allowance:
    """`allowed` attempts, then a lock of `first_lock` seconds doubling with each further attempt
    up to `max_lock`; everything is forgotten after `forget_after` seconds without an attempt."""

    allowed: int
    first_lock: float = 60.0
    max_lock: float = 15 * 60.0
    forget_after: float = 60 * 60.0

    def lock_for(self, count: int) -> float:
        # The exponent is capped: past max_lock it changes nothing, and 2.0 ** 1024 overflows.
        return min(self.max_lock, self.first_lock * 2 ** min(count - self.allowed, 30))


def take(conn: Connection, key: str, allowance: Allowance, now: datetime) -> float:
    """Count one attempt for `key`; 0 when it may go ahead, else the seconds until it may."""
    table = t.login_failures
    key = key[:200]
    forgotten = now - timedelta(seconds=allowance.forget_after)
    # Bounded under a flood of made-up names: entries already forgotten go.
    conn.execute(delete(table).where(table.c.last_at < forgotten, table.c.key != key))
    insert = (pg_insert if conn.dialect.name == "postgresql" else sqlite_insert)(table)
    statement = insert.values(key=key, count=1, last_at=now, locked_until=None).on_conflict_do_update(
        index_elements=[table.c.key],
        set_={"count": case((table.c.last_at < forgotten, 1), else_=table.c.count + 1), "last_at": now},
        where=or_(table.c.locked_until.is_(None), table.c.locked_until <= now),
    ).returning(table.c.count)
    counted = conn.execute(statement).first()
    if counted is None:
        return wait_seconds(conn, [key], now) or 1.0
    tries = int(counted[0])
    if tries >= allowance.allowed:
        lock = now + timedelta(seconds=allowance.lock_for(tries))
        conn.execute(update(table).where(table.c.key == key).values(locked_until=lock))
    return 0.0


def release(conn: Connection, key: str) -> None:
    """Give back an attempt that succeeded (and the lock it set in passing)."""
    table = t.login_failures
    conn.execute(update(table).where(table.c.key == key[:200], table.c.count > 0)
                 .values(count=table.c.count - 1, locked_until=None))


def forget(conn: Connection, key: str) -> None:
    conn.execute(delete(t.login_failures).where(t.login_failures.c.key == key[:200]))


def wait_seconds(conn: Connection, keys: list[str], now: datetime) -> float:
    """Seconds until every one of `keys` is unlocked (0 when none is locked)."""
    locks = conn.execute(select(t.login_failures.c.locked_until).where(
        t.login_failures.c.key.in_([k[:200] for k in keys]), t.login_failures.c.locked_until.is_not(None),
    )).scalars().all()
    return max([0.0, *((until - now).total_seconds() for until in locks)])
