"""The sync engine: push the outbox, pull the hub's replies, upload attachments.

Blocking code (requests and the station's SQLCipher connection), usable headless
(`telestation sync --once`) and from the app's network loop (sync.loop runs it on the thread
that owns its store connection). Every HTTP request runs in the `http` executor (the network
loop's, or one of the engine's own when headless); the store's thread waits for the answers.
No transaction is held across a network call: each step reads, sends, then applies the answer
in one short transaction.

Batches adapt so a request takes about `target_seconds` on the link in use (2G included; see
sync.pacing), and on slow links the next batch uploads while the previous answer travels back.

Order within one sync: files are announced (cheap), records pushed, replies pulled, and only then
the files' bytes sent, so a big or stuck photo never holds back a new patient or the specialist's
advice. One refused item (a change, a file) is kept with its reason; the rest goes on.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent import futures
from dataclasses import dataclass, field

from station import referrals
from station.records import Referral
from station.store import Store
from sync import apply, identity, outbox, status
from sync.blobs import FileProblem, announce_waiting, fetch_voice_notes, file_problems, upload_waiting
from sync.client import Codec, Exchange, HubClient, RequestRejected, SyncError, Timeouts, Unreachable
from sync.pacing import Backoff, BatchSizer
from sync.wire.ids import utc_iso
from sync.wire.protocol import PushResponse

KIB = 1024
log = logging.getLogger("sync.engine")


@dataclass
class EngineConfig:
    """Tuning knobs; the defaults suit links from EDGE to broadband."""

    target_seconds: float = 4.0  # how long one request should take
    start_batch: int = 25
    window: int = 2  # pushes in the air at once: the next one uploads while the last one's answer travels
    max_batch: int = 500  # the hub takes at most 500 changes per push
    max_batch_bytes: int = 4 * 1024 * KIB  # JSON before compression (the hub allows 8 MiB)
    pull_limit: int = 200
    min_chunk: int = 8 * KIB
    max_chunk: int = 1024 * KIB
    codec: Codec = field(default_factory=Codec)
    timeouts: Timeouts = field(default_factory=Timeouts)


__all__ = ["Backoff", "BatchSizer", "EngineConfig", "SyncEngine", "SyncReport"]


@dataclass
class _Flight:
    """A push in the air: its batch, the answer to come, and whether its body has left."""

    batch: list[outbox.Outgoing]
    future: futures.Future[tuple[PushResponse, Exchange]]
    written: _Progress
    launched: float = field(default_factory=time.monotonic)


class _Progress:
    """Set when a push's body has left; also wakes the engine, which waits on any flight's news."""

    def __init__(self, news: threading.Event) -> None:
        self._set = threading.Event()
        self._news = news

    def set(self) -> None:
        self._set.set()
        self._news.set()

    def is_set(self) -> bool:
        return self._set.is_set()


@dataclass
class SyncReport:
    """What one sync did; `error` is set when it stopped early (everything done so far is kept)."""

    pushed: outbox.Tally = field(default_factory=outbox.Tally)
    applied: apply.Applied = field(default_factory=apply.Applied)
    files: int = 0
    voice_notes: int = 0  # the specialist's voice notes fetched after the pull
    file_bytes: int = 0
    requests: int = 0
    bytes_sent: int = 0
    bytes_received: int = 0
    seconds: float = 0.0
    error: SyncError | None = None
    file_problems: list[FileProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error is None

    def lines(self) -> list[str]:
        """What happened, the problem first. "Nothing new" only when the hub was asked and said so:
        a sync that stopped cannot know whether there was anything."""
        p = self.pushed
        sent = p.accepted + p.duplicate + p.rejected
        out = [f"Stopped: {self.error.message}"] if self.error is not None else []
        if sent:
            out.append(f"Sent {sent} change{'s' if sent != 1 else ''} to the hub: {p.accepted} accepted, "
                       f"{p.duplicate} already there, {p.rejected} refused.")
        elif self.error is None:
            out.append("Nothing new to send.")
        if self.files:
            out.append(f"Sent {self.files} photo{'s' if self.files != 1 else ''} or scan"
                       f"{'s' if self.files != 1 else ''} ({self.file_bytes / 1024:.0f} KB).")
        a = self.applied
        if a.total:
            out.append(f"Received from the hub: {a.advice} specialist advice, {a.messages} message"
                       f"{'s' if a.messages != 1 else ''}, {a.statuses} referral update{'s' if a.statuses != 1 else ''}.")
        elif self.error is None and not a.library:
            out.append("Nothing new from the hub.")
        if a.library:
            out.append(f"Teaching library: {a.library} case{'s' if a.library != 1 else ''} added, updated or withdrawn.")
        for reason in p.reasons[:5]:
            out.append(f"Refused by the hub: {reason}")
        for problem in self.file_problems[:5]:
            verb = "refused by the hub" if problem.state == "failed" else "not sent yet"
            out.append(f"Photo or scan {problem.filename} {verb}: {problem.reason}")
        return out


class SyncEngine:
    """Push, upload and pull for one open station (use it from the thread that opened the store)."""

    def __init__(self, store: Store, config: EngineConfig | None = None, *,
                 wall: Callable[[], float] = time.time, http: futures.Executor | None = None) -> None:
        self.store = store
        self.config = config or EngineConfig()
        self.wall = wall
        self.sizer = BatchSizer(self.config, *_learned(store))
        self._client: HubClient | None = None
        self._identity: identity.Identity | None = None
        self._http = http
        self._own_pool: futures.ThreadPoolExecutor | None = None  # headless: no network loop to lend one
        self._news = threading.Event()  # a push's body has left or its answer came
        self._last_landed = 0.0

    # -- wiring ---------------------------------------------------------------------------
    @property
    def client(self) -> HubClient:
        if self._client is None:
            ident = identity.require(self.store)
            offset = float(self.store.meta(status.CLOCK_OFFSET) or "0")
            self._identity = ident
            if self._http is None:
                self._own_pool = futures.ThreadPoolExecutor(max_workers=max(1, self.config.window),
                                                            thread_name_prefix="sync-http")
            self._client = HubClient(ident.hub_url, ident.station_id or "", ident.private_key,
                                     codec=self.config.codec, timeouts=self.config.timeouts, wall=self.wall,
                                     clock_offset=offset, executor=self._http or self._own_pool)
        return self._client

    @property
    def hub_station(self) -> str:
        _ = self.client
        assert self._identity is not None and self._identity.station_id
        return self._identity.station_id

    def close(self) -> None:
        if self._own_pool is not None:
            self._own_pool.shutdown(wait=True)
            self._own_pool = None
        if self._client is not None:
            self._client.close()
            self._client = None

    # -- one full sync ----------------------------------------------------------------------
    def sync_once(self) -> SyncReport:
        """Push every waiting change, pull every reply, upload waiting files. Never raises SyncError."""
        report = SyncReport()
        started = time.monotonic()
        with self.store.atomic():
            self.store.set_meta(status.LAST_ATTEMPT, utc_iso())
        try:
            announce_waiting(self.store, self.client, report)
            self.push(report)
            self.pull(report)
            file_error: SyncError | None = None
            try:
                self.upload_files(report)
            except SyncError as exc:
                if not exc.transient:
                    raise  # e.g. the station was switched off: nothing else will go either
                file_error = exc  # noted on the file; what did go is still pushed below
            if report.files or report.applied.total:
                # Attachment records of the files now on the hub, and referrals moved on by replies.
                self.push(report)
            if file_error is not None:
                raise file_error
        except SyncError as exc:
            report.error = exc
        except identity.NotEnrolled as exc:
            report.error = SyncError(exc.message, "not_enrolled")
            report.error.transient = False
        report.seconds = time.monotonic() - started
        report.file_problems = file_problems(self.store)
        self._remember(report)
        return report

    def _remember(self, report: SyncReport) -> None:
        with self.store.atomic():
            if self._client is not None:
                self.store.set_meta(status.CLOCK_OFFSET, f"{self._client.clock_offset:.3f}")
            if report.error is None:
                self.store.set_meta(status.LAST_SUCCESS, utc_iso())
                self.store.set_meta(status.LAST_ERROR, "")
                self.store.set_meta(status.LAST_ERROR_CODE, "")
            else:
                self.store.set_meta(status.LAST_ERROR, report.error.message)
                self.store.set_meta(status.LAST_ERROR_CODE, report.error.code)
                self.store.set_meta(status.LAST_ERROR_AT, utc_iso())

    def status(self) -> status.SyncStatus:
        return status.read(self.store)

    # -- push -------------------------------------------------------------------------------
    def push(self, report: SyncReport | None = None) -> SyncReport:
        """Send every waiting change in adaptive batches until none is left (or a failure).

        Up to `window` pushes are in the air: the next batch starts uploading as soon as the
        previous one has handed its last byte to the network, so on a long round trip the link
        does not idle while an answer travels back. Answers are applied in order.
        """
        report = report or SyncReport()
        client = self.client
        flights: deque[_Flight] = deque()
        after, exhausted = 0, False
        try:
            while True:
                if not exhausted and len(flights) < self.config.window and all(f.written.is_set() for f in flights):
                    batch = outbox.next_batch(self.store, self.sizer.count, self.config.max_batch_bytes, after)
                    if batch:
                        after = batch[-1].seq
                        flights.append(self._launch(client, batch))
                        continue
                    exhausted = True
                if not flights:
                    return report
                head = flights[0]
                if not exhausted and len(flights) < self.config.window and not head.future.done():
                    # Until the head is answered or some body has fully left (both set _news); a
                    # change after the checks above leaves _news set, so nothing is missed.
                    self._news.wait()
                    self._news.clear()
                    continue
                flights.popleft()
                self._land(client, head, report)
                exhausted = False  # an answer can queue changes (a referral now 'sent'): look again
        finally:
            for flight in flights:  # after a failure: keep what the hub answered meanwhile
                with contextlib.suppress(SyncError):
                    self._land(client, flight, report)
            self._remember_pace()

    def _launch(self, client: HubClient, batch: list[outbox.Outgoing]) -> _Flight:
        body = outbox.wire_body(batch, self.store.station_id, self.hub_station)
        outbox.mark_sent(self.store, batch)
        written = _Progress(self._news)
        future = client.submit(client.push, body, None, written)
        future.add_done_callback(lambda _f: self._news.set())
        return _Flight(batch, future, written)

    def _land(self, client: HubClient, flight: _Flight, report: SyncReport) -> None:
        """Apply the hub's answer to one push (or handle its failure)."""
        try:
            response, exchange = flight.future.result()
        except RequestRejected as exc:
            report.requests += 1
            self._refused(client, flight.batch, exc, report)
            return
        except Unreachable as exc:
            if exc.code == "timeout":
                self.sizer.shrink()
            raise
        # The link's time for this batch: from its launch, or from the previous answer if the two
        # overlapped (both shared the link until then).
        now = time.monotonic()
        seconds = now - max(flight.launched, self._last_landed)
        self._last_landed = now
        report.requests += 1
        report.bytes_sent += exchange.sent
        report.bytes_received += exchange.received
        tally = outbox.record_results(self.store, flight.batch, response.results)
        self._mark_referrals_sent(tally.acked_referrals)
        report.pushed.add(tally)
        self.sizer.observe(len(flight.batch), exchange.sent, seconds)
        log.debug("pushed %d changes in %d bytes, %.2f s on the link (%.2f s in the air); next batch %d",
                  len(flight.batch), exchange.sent, seconds, exchange.seconds, self.sizer.count)

    def _refused(self, client: HubClient, batch: list[outbox.Outgoing], exc: RequestRejected,
                 report: SyncReport) -> None:
        """The hub refused a whole push: find the change at fault by halving; keep it with the reason."""
        if len(batch) == 1:
            outbox.reject(self.store, batch[0], exc.message)
            report.pushed.rejected += 1
            report.pushed.reasons.append(exc.message)
            return
        if exc.status == 413:
            self.sizer.shrink()
        half = len(batch) // 2
        for part in (batch[:half], batch[half:]):
            body = outbox.wire_body(part, self.store.station_id, self.hub_station)
            outbox.mark_sent(self.store, part)
            done: futures.Future[tuple[PushResponse, Exchange]] = futures.Future()
            try:
                done.set_result(client.push(body))
            except SyncError as error:
                done.set_exception(error)
            self._land(client, _Flight(part, done, _Progress(threading.Event())), report)

    def _remember_pace(self) -> None:
        with self.store.atomic():
            self.store.set_meta("sync_batch", str(self.sizer.count))
            self.store.set_meta("sync_bytes_per_change", f"{self.sizer.bytes_per_change:.1f}")
            if self.sizer.throughput:
                self.store.set_meta("sync_throughput", f"{self.sizer.throughput:.1f}")

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
                report.voice_notes += fetch_voice_notes(self.store, client)
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
