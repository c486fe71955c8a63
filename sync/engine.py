"""The sync engine: push the outbox, upload attachments, pull the hub's replies.

Blocking code (requests and the station's SQLCipher connection), usable headless
(`telestation sync --once`) and from the app's network thread (sync.loop runs it in the worker
thread that owns its store connection). No transaction is held across a network call: each
step reads, sends, then applies the answer in one short transaction.

Batches adapt so a request takes about `target_seconds` on the link in use (2G included):
the engine measures bytes per change after compression and the link's throughput, grows the
batch at most twofold per request, and halves it when a request times out or is too large.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from station import referrals
from station.clock import utc_now
from station.records import Referral
from station.store import Store
from sync import apply, identity, outbox, status
from sync.blobs import upload_waiting
from sync.client import Codec, HubClient, RequestRejected, SyncError, Timeouts, Unreachable

KIB = 1024


@dataclass
class EngineConfig:
    """Tuning knobs; the defaults suit links from EDGE to broadband."""

    target_seconds: float = 4.0  # how long one request should take
    start_batch: int = 25
    max_batch: int = 500  # the hub takes at most 500 changes per push
    max_batch_bytes: int = 4 * 1024 * KIB  # JSON before compression (the hub allows 8 MiB)
    pull_limit: int = 200
    min_chunk: int = 8 * KIB
    max_chunk: int = 1024 * KIB
    codec: Codec = field(default_factory=Codec)
    timeouts: Timeouts = field(default_factory=Timeouts)


class BatchSizer:
    """How many changes (and attachment bytes) to send per request, learned from the link."""

    def __init__(self, config: EngineConfig, count: int | None = None, bytes_per_change: float | None = None,
                 throughput: float | None = None) -> None:
        self.config = config
        self.count = max(1, min(config.max_batch, count or config.start_batch))
        self.bytes_per_change = bytes_per_change or 400.0
        self.throughput = throughput  # bytes per second, as seen by whole requests

    def observe(self, changes: int, sent: int, seconds: float) -> None:
        """A push of `changes` took `seconds` with `sent` bytes on the wire."""
        if changes <= 0:
            return
        self.bytes_per_change = 0.7 * self.bytes_per_change + 0.3 * (sent / changes)
        self._rate(sent, seconds)
        ideal = self.throughput * self.config.target_seconds / max(self.bytes_per_change, 1.0)  # type: ignore[operator]
        # Grow gently (at most twofold: the estimate includes round trips), never below one change.
        self.count = int(max(1, min(self.config.max_batch, ideal, max(self.count * 2, 2))))

    def observe_bytes(self, sent: int, seconds: float) -> None:
        self._rate(sent, seconds)

    def _rate(self, sent: int, seconds: float) -> None:
        rate = sent / max(seconds, 0.05)
        self.throughput = rate if self.throughput is None else 0.7 * self.throughput + 0.3 * rate

    def shrink(self) -> None:
        """A request timed out or was too large: halve."""
        self.count = max(1, self.count // 2)
        if self.throughput is not None:
            self.throughput /= 2

    def chunk_bytes(self) -> int:
        """Attachment chunk size for about `target_seconds` per request."""
        if self.throughput is None:
            return 4 * self.config.min_chunk
        ideal = int(self.throughput * self.config.target_seconds)
        return max(self.config.min_chunk, min(self.config.max_chunk, ideal))


class Backoff:
    """Exponential backoff with jitter: base·2ⁿ capped, a random point in its upper half."""

    def __init__(self, base: float = 5.0, cap: float = 600.0, rng: random.Random | None = None) -> None:
        self.base, self.cap = base, cap
        self.failures = 0
        self.rng = rng or random.Random()

    def next_delay(self) -> float:
        self.failures += 1
        ceiling = min(self.cap, self.base * 2 ** min(self.failures - 1, 30))
        return self.rng.uniform(ceiling / 2, ceiling)

    def reset(self) -> None:
        self.failures = 0


@dataclass
class SyncReport:
    """What one sync did; `error` is set when it stopped early (everything done so far is kept)."""

    pushed: outbox.Tally = field(default_factory=outbox.Tally)
    applied: apply.Applied = field(default_factory=apply.Applied)
    files: int = 0
    file_bytes: int = 0
    requests: int = 0
    bytes_sent: int = 0
    bytes_received: int = 0
    seconds: float = 0.0
    error: SyncError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    def lines(self) -> list[str]:
        p = self.pushed
        sent = p.accepted + p.duplicate + p.rejected
        out = []
        if sent:
            out.append(f"Sent {sent} change{'s' if sent != 1 else ''} to the hub: {p.accepted} accepted, "
                       f"{p.duplicate} already there, {p.rejected} refused.")
        else:
            out.append("Nothing new to send.")
        if self.files:
            out.append(f"Sent {self.files} photo{'s' if self.files != 1 else ''} or scan"
                       f"{'s' if self.files != 1 else ''} ({self.file_bytes / 1024:.0f} KB).")
        a = self.applied
        if a.total:
            out.append(f"Received from the hub: {a.advice} specialist advice, {a.messages} message"
                       f"{'s' if a.messages != 1 else ''}, {a.statuses} referral update{'s' if a.statuses != 1 else ''}.")
        else:
            out.append("Nothing new from the hub.")
        for reason in p.reasons[:5]:
            out.append(f"Refused by the hub: {reason}")
        if self.error is not None:
            out.append(f"Stopped: {self.error.message}")
        return out


class SyncEngine:
    """Push, upload and pull for one open station (use it from the thread that opened the store)."""

    def __init__(self, store: Store, config: EngineConfig | None = None, *,
                 wall: Callable[[], float] = time.time) -> None:
        self.store = store
        self.config = config or EngineConfig()
        self.wall = wall
        self.sizer = BatchSizer(self.config, *_learned(store))
        self._client: HubClient | None = None
        self._identity: identity.Identity | None = None

    # -- wiring ---------------------------------------------------------------------------
    @property
    def client(self) -> HubClient:
        if self._client is None:
            ident = identity.require(self.store)
            offset = float(self.store.meta(status.CLOCK_OFFSET) or "0")
            self._identity = ident
            self._client = HubClient(ident.hub_url, ident.station_id or "", ident.private_key,
                                     codec=self.config.codec, timeouts=self.config.timeouts, wall=self.wall,
                                     clock_offset=offset)
        return self._client

    @property
    def hub_station(self) -> str:
        _ = self.client
        assert self._identity is not None and self._identity.station_id
        return self._identity.station_id

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    # -- one full sync ----------------------------------------------------------------------
    def sync_once(self) -> SyncReport:
        """Upload waiting files, push every waiting change, pull every reply. Never raises SyncError."""
        report = SyncReport()
        started = time.monotonic()
        with self.store.atomic():
            self.store.set_meta(status.LAST_ATTEMPT, utc_now())
        try:
            self.upload_files(report)
            self.push(report)
            self.pull(report)
            if report.applied.total:
                self.push(report)  # applying replies moved referrals on: tell the hub too
        except SyncError as exc:
            report.error = exc
        except identity.NotEnrolled as exc:
            report.error = SyncError(exc.message, "not_enrolled")
            report.error.transient = False
        report.seconds = time.monotonic() - started
        self._remember(report)
        return report

    def _remember(self, report: SyncReport) -> None:
        with self.store.atomic():
            if self._client is not None:
                self.store.set_meta(status.CLOCK_OFFSET, f"{self._client.clock_offset:.3f}")
            self.store.set_meta("sync_batch", str(self.sizer.count))
            self.store.set_meta("sync_bytes_per_change", f"{self.sizer.bytes_per_change:.1f}")
            if self.sizer.throughput:
                self.store.set_meta("sync_throughput", f"{self.sizer.throughput:.1f}")
            if report.error is None:
                self.store.set_meta(status.LAST_SUCCESS, utc_now())
                self.store.set_meta(status.LAST_ERROR, "")
                self.store.set_meta(status.LAST_ERROR_CODE, "")
            else:
                self.store.set_meta(status.LAST_ERROR, report.error.message)
                self.store.set_meta(status.LAST_ERROR_CODE, report.error.code)
                self.store.set_meta(status.LAST_ERROR_AT, utc_now())

    def status(self) -> status.SyncStatus:
        return status.read(self.store)

    # -- push -------------------------------------------------------------------------------
    def push(self, report: SyncReport | None = None) -> SyncReport:
        """Send every waiting change in adaptive batches until none is left (or a failure)."""
        report = report or SyncReport()
        client = self.client
        after = 0
        while True:
            batch = outbox.next_batch(self.store, self.sizer.count, self.config.max_batch_bytes, after)
            if not batch:
                return report
            after = batch[-1].seq
            self._push_batch(client, batch, report)

    def _push_batch(self, client: HubClient, batch: list[outbox.Outgoing], report: SyncReport) -> None:
        body = outbox.wire_body(batch, self.store.station_id, self.hub_station)
        outbox.mark_sent(self.store, batch)
        try:
            response = client.push(body)
        except RequestRejected as exc:
            self._count(report, client)
            if len(batch) > 1:
                # One bad change must not hold back the rest: find it by halving.
                if exc.status == 413:
                    self.sizer.shrink()
                half = len(batch) // 2
                self._push_batch(client, batch[:half], report)
                self._push_batch(client, batch[half:], report)
                return
            outbox.reject(self.store, batch[0], exc.message)
            report.pushed.rejected += 1
            report.pushed.reasons.append(exc.message)
            return
        except Unreachable as exc:
            if exc.code == "timeout":
                self.sizer.shrink()
            raise
        self._count(report, client)
        tally = outbox.record_results(self.store, batch, response.results)
        self._mark_referrals_sent(tally.acked_referrals)
        report.pushed.add(tally)
        self.sizer.observe(len(batch), client.last.sent, client.last.seconds)

    def _count(self, report: SyncReport, client: HubClient) -> None:
        report.requests += 1
        report.bytes_sent += client.last.sent
        report.bytes_received += client.last.received

    def _mark_referrals_sent(self, referral_ids: list[str]) -> None:
        """The hub has the referral: a queued referral is now 'sent' (and shown so)."""
        if not referral_ids:
            return
        with self.store.atomic():
            for rid in dict.fromkeys(referral_ids):
                rows = self.store.find(Referral, "id = ? AND status = 'queued'", [rid])
                if rows:
                    referrals.advance(self.store, rid, "sent")

    # -- attachments --------------------------------------------------------------------------
    def upload_files(self, report: SyncReport | None = None) -> SyncReport:
        """Upload every file an attachment record waits for, resuming from the hub's offset."""
        report = report or SyncReport()
        upload_waiting(self.store, self.client, self.sizer, report)
        return report

    # -- pull -------------------------------------------------------------------------------
    def pull(self, report: SyncReport | None = None) -> SyncReport:
        """Fetch and apply every change the hub has for this station, page by page."""
        report = report or SyncReport()
        client = self.client
        cursor = apply.cursor(self.store)
        while True:
            page = client.pull(cursor, self.config.pull_limit)
            self._count(report, client)
            applied = apply.apply_page(self.store, page.changes, page.cursor, self.store.station_id,
                                       self.hub_station)
            report.applied.add(applied)
            cursor = max(cursor, page.cursor)
            if not page.more or not page.changes:
                return report


def _learned(store: Store) -> tuple[int | None, float | None, float | None]:
    """Batch size, bytes per change and throughput learned by earlier runs."""
    def number(key: str) -> float | None:
        value = store.meta(key)
        try:
            return float(value) if value else None
        except ValueError:
            return None

    count = number("sync_batch")
    return (int(count) if count else None, number("sync_bytes_per_change"), number("sync_throughput"))
