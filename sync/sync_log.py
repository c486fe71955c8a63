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
    counts = store.outbox_counts()
    where = "WHERE o.state = 'rejected'" if only_refused else ""
    # A photo held back or refused shows its file's reason on its attachment record.
    rows = [OutboxRow(*r) for r in conn.execute(
        "SELECT o.created_at, o.entity, o.record_id, o.state, o.attempts, coalesce(o.reason, "
        "(SELECT b.last_error FROM sync_blobs b WHERE o.entity = 'attachment' AND o.state != 'acked' "
        f"AND b.sha256 = json_extract(o.payload, '$.sha256'))) FROM outbox o {where} "
        "ORDER BY o.seq DESC LIMIT ?", (limit,)).fetchall()]
    return SyncLog(counts, rows, store.meta("sync_last_error"))
