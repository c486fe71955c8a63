"""What the sync log screen shows: every change sent or waiting, and what the hub answered."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

LIMIT = 500


@dataclass
class OutboxRow:
    created_at: str
    entity: str
    record_id: str
    state: str
    attempts: int
    reason: str | None


@dataclass
class SyncLog:
    counts: dict[str, int]        # state -> number of changes
    rows: list[OutboxRow]         # newest first
    last_error: str | None


def read(store: Any, only_refused: bool = False, limit: int = LIMIT) -> SyncLog:
    """The newest `limit` changes (only those the hub refused when `only_refused`) and the totals."""
    conn = store.conn
    counts = dict(conn.execute("SELECT state, count(*) FROM outbox GROUP BY state").fetchall())
    where = "WHERE state = 'rejected'" if only_refused else ""
    rows = [OutboxRow(*r) for r in conn.execute(
        f"SELECT created_at, entity, record_id, state, attempts, reason FROM outbox {where} "
        "ORDER BY seq DESC LIMIT ?", (limit,)).fetchall()]
    return SyncLog(counts, rows, store.meta("sync_last_error"))
