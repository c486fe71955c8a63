"""What the station tells people about sync: only what the hub has confirmed counts as sent.

Counts come straight from the outbox; times and the last error from `meta` keys the engine
writes after each attempt. Every sentence is written for a health worker.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from station.store import Store
from station.texts import Text
from sync import apply, blobs, conflicts, identity
from sync.client import clock_warning, describe_span

LAST_SUCCESS = "sync_last_success"  # also read by the desktop app's sync bar
LAST_ATTEMPT = "sync_last_attempt"
LAST_ERROR = "sync_last_error"
LAST_ERROR_AT = "sync_last_error_at"
LAST_ERROR_CODE = "sync_last_error_code"
CLOCK_OFFSET = "sync_clock_offset"  # seconds to add to this computer's clock to get the hub's


@dataclass(frozen=True)
class RejectedChange:
    entity: str
    record_id: str
    version: int
    reason: str
    created_at: str


@dataclass(frozen=True)
class SyncStatus:
    """A snapshot of sync as people should see it."""

    enrolled: bool
    hub_url: str | None
    pending: int  # not yet sent
    sent: int  # sent, the hub's answer not received yet
    acknowledged: int
    rejected: int
    last_success: str | None
    last_attempt: str | None
    last_error: str | None
    last_error_at: str | None
    clock_offset: float | None
    open_conflicts: int
    held: int
    files_waiting: int

    @property
    def waiting(self) -> int:
        return self.pending + self.sent

    @property
    def clock_warning(self) -> str | None:
        return clock_warning(self.clock_offset)

    @property
    def synced(self) -> bool:
        """True only when the hub has acknowledged everything (nothing refused) and the last attempt worked."""
        return self.enrolled and self.waiting == 0 and self.files_waiting == 0 and self.rejected == 0 \
            and self.last_error is None and self.last_success is not None

    def headline(self, now: datetime | None = None) -> str:
        if not self.enrolled:
            return "Not connected to a hub yet: records are kept on this computer."
        if self.synced:
            return f"Everything is on the hub (last sync {ago(self.last_success, now)})."
        if self.rejected and not self.waiting and not self.files_waiting and self.last_success:
            return (f"Everything else is on the hub, but {self.rejected} change{_s(self.rejected)} "
                    f"{'were' if self.rejected != 1 else 'was'} refused by the hub.")
        if self.waiting or self.files_waiting:
            parts = []
            if self.waiting:
                parts.append(f"{self.waiting} change{_s(self.waiting)}")
            if self.files_waiting:
                parts.append(f"{self.files_waiting} photo{_s(self.files_waiting)} or scan{_s(self.files_waiting)}")
            return f"{' and '.join(parts)} waiting to be sent to the hub."
        return "Nothing waiting to be sent."

    def lines(self, now: datetime | None = None) -> list[str]:
        """The status as short sentences, most important first."""
        out = [self.headline(now)]
        if self.enrolled:
            out.append(f"Waiting to send: {self.pending}. Sent, waiting for the hub to confirm: {self.sent}. "
                       f"Confirmed by the hub: {self.acknowledged}. Refused by the hub: {self.rejected}.")
            out.append(f"Last successful sync: {ago(self.last_success, now) if self.last_success else 'never'}.")
        if self.last_error:
            out.append(f"Last problem ({ago(self.last_error_at, now)}): {self.last_error}")
        if self.rejected:
            out.append(f"{self.rejected} change{_s(self.rejected)} refused by the hub are kept on this computer; "
                       "see the list of refused changes.")
        if self.open_conflicts:
            out.append(f"{self.open_conflicts} conflicting change{_s(self.open_conflicts)} need someone to "
                       "choose the right value.")
        if self.held:
            out.append(f"{self.held} repl{'ies' if self.held != 1 else 'y'} from the hub wait for a referral "
                       "this computer does not have; they are kept.")
        warning = self.clock_warning
        if warning:
            out.append(warning)
        return out


def read(store: Store) -> SyncStatus:
    """The current status, from the database alone (no network)."""
    ident = identity.load(store)
    counts = store.outbox_counts()
    offset = store.meta(CLOCK_OFFSET)
    files = store.conn.execute(
        "SELECT count(DISTINCT json_extract(payload, '$.sha256')) FROM outbox o WHERE entity = 'attachment' "
        "AND state IN ('pending', 'sent') AND NOT EXISTS (SELECT 1 FROM sync_blobs b "
        "WHERE b.sha256 = json_extract(o.payload, '$.sha256') AND b.state = 'done')").fetchone()[0]
    return SyncStatus(
        enrolled=bool(ident and ident.enrolled), hub_url=ident.hub_url if ident else None,
        pending=counts["pending"], sent=counts["sent"], acknowledged=counts["acked"], rejected=counts["rejected"],
        last_success=store.meta(LAST_SUCCESS), last_attempt=store.meta(LAST_ATTEMPT),
        last_error=store.meta(LAST_ERROR) or None, last_error_at=store.meta(LAST_ERROR_AT),
        clock_offset=float(offset) if offset else None,
        open_conflicts=conflicts.open_count(store), held=apply.held_count(store),
        files_waiting=int(files))


@dataclass(frozen=True)
class Glance:
    """The few figures the always-visible sync bar needs, cheap enough to read after every commit."""

    enrolled: bool
    waiting: int
    rejected: int
    last_success: str | None
    open_conflicts: int


def glance(store: Store) -> Glance:
    counts = store.outbox_counts()
    # Before any whole sync succeeded, the last acknowledgement is when records last reached the hub.
    last = store.meta(LAST_SUCCESS) or store.conn.execute(
        "SELECT max(acked_at) FROM outbox WHERE state = 'acked'").fetchone()[0]
    return Glance(enrolled=identity.is_enrolled(store), waiting=counts["pending"] + counts["sent"],
                  rejected=counts["rejected"], last_success=last,
                  open_conflicts=conflicts.open_count(store))


def rejected_changes(store: Store) -> list[RejectedChange]:
    """Every change the hub refused, with its reason (newest first)."""
    rows = store.conn.execute(
        "SELECT entity, record_id, version, reason, created_at FROM outbox WHERE state = 'rejected' "
        "ORDER BY seq DESC").fetchall()
    return [RejectedChange(r[0], r[1], int(r[2]), r[3] or "", r[4]) for r in rows]


def referral_problems(store: Store, referral_id: str) -> list[str]:
    """Why a referral, or a photo it names, has not reached the hub (sentences; empty when none)."""
    out: list[str] = []
    row = store.conn.execute(
        "SELECT reason FROM outbox WHERE entity = 'referral' AND record_id = ? AND state = 'rejected' "
        "ORDER BY seq DESC LIMIT 1", (referral_id,)).fetchone()
    if row is not None:
        out.append(Text("The hub refused this referral: {reason}", reason=row[0] or ""))
    for problem in blobs.file_problems(store, referral_id):
        if problem.state == "failed":
            out.append(Text("Photo {name} was refused by the hub: {reason}", name=problem.filename,
                            reason=problem.reason))
        else:
            out.append(Text("Photo {name} has not reached the hub yet: {reason} It is tried again at every sync.",
                            name=problem.filename, reason=problem.reason))
    return out


def ago(iso: str | None, now: datetime | None = None) -> str:
    """'just now', '5 minutes ago', '3 days ago' for an ISO-8601 UTC time."""
    if not iso:
        return "never"
    try:
        then = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return iso
    seconds = ((now or datetime.now(UTC)) - then).total_seconds()
    if seconds < 60:
        return "just now"
    return f"{describe_span(seconds)} ago"


def _s(n: int) -> str:
    return "" if n == 1 else "s"
