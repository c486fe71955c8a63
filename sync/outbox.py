"""Reading and marking the station's outbox (the changes waiting for the hub).

States: pending (not yet sent), sent (sent, the hub's answer not yet received), acked (the hub
answered accepted or duplicate, or a newer version of the same record was acknowledged),
rejected (the hub refused it; the reason is kept and shown, the row is never deleted).

Only the newest waiting version of each record travels: the hub keeps the latest copy of a
record, so an older version still waiting is carried by the newer one and acknowledged with it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from station.store import Store
from sync.wire.ids import utc_iso
from sync.wire.protocol import PushResult

WAITING = ("pending", "sent")


@dataclass(frozen=True)
class Outgoing:
    """One outbox row as it will travel."""

    seq: int
    change_id: str
    entity: str
    record_id: str
    version: int
    hlc: str
    payload: str

    @property
    def size(self) -> int:
        return len(self.payload)

    def data(self) -> dict[str, Any]:
        return json.loads(self.payload)


@dataclass
class Tally:
    """What the hub answered for a set of changes."""

    accepted: int = 0
    duplicate: int = 0
    rejected: int = 0
    superseded: int = 0
    reasons: list[str] = field(default_factory=list)
    acked_referrals: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        self.accepted += other.accepted
        self.duplicate += other.duplicate
        self.rejected += other.rejected
        self.superseded += other.superseded
        self.reasons.extend(other.reasons)
        self.acked_referrals.extend(other.acked_referrals)


_SELECT = """
SELECT o.seq, o.change_id, o.entity, o.record_id, o.version, o.hlc, o.payload
FROM outbox o
WHERE o.state IN ('pending', 'sent') AND o.seq > ?
  AND NOT EXISTS (SELECT 1 FROM outbox n WHERE n.entity = o.entity AND n.record_id = o.record_id
                  AND n.version > o.version AND n.state IN ('pending', 'sent'))
  AND (o.entity != 'attachment' OR EXISTS (
        SELECT 1 FROM sync_blobs b WHERE b.sha256 = json_extract(o.payload, '$.sha256')
        AND b.state IN ('done', 'failed')))
ORDER BY o.seq LIMIT ?
"""


def next_batch(store: Store, limit: int, max_bytes: int, after_seq: int = 0) -> list[Outgoing]:
    """Up to `limit` changes (and about `max_bytes` of JSON) after `after_seq`, newest version per record.

    Attachment records wait until the hub has confirmed the file itself (or its upload failed for
    good, e.g. the file is missing here: then the record goes alone, so the hub knows of it).
    """
    rows = store.conn.execute(_SELECT, (after_seq, max(1, limit))).fetchall()
    batch: list[Outgoing] = []
    total = 0
    for row in rows:
        change = Outgoing(*row)
        if batch and total + change.size > max_bytes:
            break
        batch.append(change)
        total += change.size
    return batch


def waiting_attachments(store: Store) -> list[tuple[str, str, int]]:
    """(sha256, media_type, size) of files whose attachment records wait for the upload."""
    rows = store.conn.execute(
        "SELECT DISTINCT json_extract(o.payload, '$.sha256'), json_extract(o.payload, '$.media_type'), "
        "json_extract(o.payload, '$.size') FROM outbox o WHERE o.entity = 'attachment' "
        "AND o.state IN ('pending', 'sent') AND NOT EXISTS (SELECT 1 FROM sync_blobs b "
        "WHERE b.sha256 = json_extract(o.payload, '$.sha256') AND b.state IN ('done', 'failed')) ORDER BY o.seq"
    ).fetchall()
    return [(r[0], r[1], int(r[2])) for r in rows]


def mark_sent(store: Store, changes: Iterable[Outgoing]) -> None:
    """Record the attempt before the request leaves (a crash then leaves them 'sent', to resend)."""
    now = utc_iso()
    with store.atomic():
        store.conn.executemany(
            "UPDATE outbox SET state = 'sent', attempts = attempts + 1, last_attempt_at = ? "
            "WHERE change_id = ? AND state IN ('pending', 'sent')",
            [(now, c.change_id) for c in changes])


def record_results(store: Store, changes: list[Outgoing], results: list[PushResult]) -> Tally:
    """Apply the hub's answers in one transaction. Changes without an answer stay 'sent'."""
    by_id = {c.change_id: c for c in changes}
    tally = Tally()
    now = utc_iso()
    with store.atomic():
        for result in results:
            change = by_id.get(result.change_id)
            if change is None:
                continue
            if result.status == "rejected":
                reason = result.reason or "The hub refused this change without saying why."
                reject(store, change, reason)
                tally.rejected += 1
                tally.reasons.append(reason)
                continue
            if result.status == "accepted":
                tally.accepted += 1
            else:
                tally.duplicate += 1
            store.conn.execute(
                "UPDATE outbox SET state = 'acked', acked_at = ?, reason = NULL WHERE change_id = ? "
                "AND state != 'acked'", (now, change.change_id))
            tally.superseded += store.conn.execute(
                "UPDATE outbox SET state = 'acked', acked_at = ?, superseded_by = ?, reason = ? "
                "WHERE entity = ? AND record_id = ? AND version < ? AND state IN ('pending', 'sent')",
                (now, change.change_id, f"sent as part of version {change.version}", change.entity,
                 change.record_id, change.version)).rowcount
            if change.entity == "referral":
                tally.acked_referrals.append(change.record_id)
    return tally


def reject(store: Store, change: Outgoing, reason: str) -> None:
    """Keep a refused change with the hub's reason (never deleted; shown to people)."""
    with store.atomic():
        store.conn.execute("UPDATE outbox SET state = 'rejected', reason = ? WHERE change_id = ?",
                           (reason[:2000], change.change_id))
        store.audit("sync.rejected", change.entity, change.record_id,
                    {"change_id": change.change_id, "version": change.version, "reason": reason[:500]})


def wire_body(changes: list[Outgoing], local_station: str, hub_station: str) -> bytes:
    """The push body: changes as the protocol wants them, compact JSON.

    Records name the station by its local id; the hub knows it by the id it gave at enrollment.
    """
    out = []
    for c in changes:
        data = c.data()
        if data.get("station_id") == local_station:
            data["station_id"] = hub_station
        out.append({"change_id": c.change_id, "entity": c.entity, "record_id": c.record_id, "op": "upsert",
                    "hlc": c.hlc, "version": c.version, "data": data})
    return json.dumps({"changes": out}, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
