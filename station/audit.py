"""The audit log: every chart opened and every write, in a hash chain.

Each entry's hash covers its own fields and the previous entry's hash, and the newest hash
is kept in `meta.audit_head`, so an edited, deleted (even the newest) or reordered entry
breaks the chain at the first place it was touched. Entries hold ids and actions, never
patient names.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sync.wire.ids import utc_iso

GENESIS = "0" * 64


def _digest(prev_hash: str, seq: int, at: str, username: str, action: str, entity: str,
            record_id: str, detail: str) -> str:
    body = json.dumps([seq, at, username, action, entity, record_id, detail, prev_hash],
                      ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def append(conn: Any, username: str, action: str, entity: str, record_id: str,
           detail: dict[str, Any]) -> None:
    """Add one entry. Must run inside the caller's transaction."""
    row = conn.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    seq, prev = (row[0] + 1, row[1]) if row else (1, GENESIS)
    at = utc_iso()
    text = json.dumps(detail, ensure_ascii=False, sort_keys=True)
    digest = _digest(prev, seq, at, username, action, entity, record_id, text)
    conn.execute(
        "INSERT INTO audit (seq, at, username, action, entity, record_id, detail, prev_hash, hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", (seq, at, username, action, entity, record_id, text, prev, digest))
    conn.execute("INSERT INTO meta (key, value) VALUES ('audit_head', ?) "
                 "ON CONFLICT (key) DO UPDATE SET value = excluded.value", (f"{seq}:{digest}",))


@dataclass
class Break:
    seq: int
    problem: str

    def describe(self) -> str:
        return f"Audit entry {self.seq}: {self.problem}"


def verify(conn: Any) -> tuple[int, Break | None]:
    """Walk the chain; return (entries checked, first break or None)."""
    prev, expected_seq, checked = GENESIS, 1, 0
    last_seq, last_hash = 0, GENESIS
    cursor = conn.execute(
        "SELECT seq, at, username, action, entity, record_id, detail, prev_hash, hash FROM audit ORDER BY rowid")
    for seq, at, username, action, entity, record_id, detail, prev_hash, digest in cursor:
        if seq != expected_seq:
            problem = (f"entries {expected_seq}–{seq - 1} are missing" if seq > expected_seq
                       else f"is out of order (expected entry {expected_seq} here)")
            return checked, Break(seq if seq > expected_seq else expected_seq, problem)
        if prev_hash != prev:
            return checked, Break(seq, "does not follow the entry before it (entries were removed or reordered)")
        if _digest(prev_hash, seq, at, username, action, entity, record_id, detail) != digest:
            return checked, Break(seq, f"has been altered (recorded {at} by '{username}', action {action})")
        prev, expected_seq, checked = digest, seq + 1, checked + 1
        last_seq, last_hash = seq, digest
    head = conn.execute("SELECT value FROM meta WHERE key = 'audit_head'").fetchone()
    if head is None:
        if checked:
            return checked, Break(last_seq, "the record of the newest entry is missing")
        return checked, None
    head_seq, head_hash = head[0].split(":", 1)
    if int(head_seq) != last_seq or head_hash != last_hash:
        if int(head_seq) > last_seq:
            return checked, Break(last_seq + 1, f"entries {last_seq + 1}–{head_seq} are missing (deleted from the end)")
        return checked, Break(int(head_seq), "the newest entry does not match the chain")
    return checked, None
