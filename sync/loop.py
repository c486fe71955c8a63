"""Running sync in the background: an asyncio network loop and the service that schedules the engine.

- `NetworkLoop`: the one network loop class: an asyncio loop on its own thread and the one named
  executor (`<name>-blocking`) where blocking network calls run. `telestation sync` uses it as
  is; the desktop app wraps it in a thin Qt adapter (ui/netloop.py) that turns results and
  errors into Qt signals. Sync and video calls share it.
- `SyncService`: decides when to sync. It syncs at start, then every `interval` while all is
  well; after a failure it backs off with jitter; "Sync now" (`sync_now`), the network coming
  back (`network_up`, also noticed by checking for a route to the hub) and new records
  (`changes_made`, debounced) wake it at once. The engine and its store connection live on one
  thread of their own (`sync-store`: SQLCipher connections belong to the thread that opened
  them); every HTTP request the engine makes runs in the loop's executor, and the loop itself
  only waits, so it stays free for video and signaling. Progress goes out through callbacks
  (`on_state`, `on_report`, `on_status`), called on the loop thread.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import logging
import socket
import threading
import time
import weakref
from collections.abc import Callable, Coroutine
from functools import partial
from typing import Any, TypeVar
from urllib.parse import urlsplit

from station.errors import DiskFull, StationError
from station.store import Store
from sync import identity
from sync.client import SyncError
from sync.engine import Backoff, EngineConfig, SyncEngine, SyncReport
from sync.status import SyncStatus

log = logging.getLogger("sync.loop")
T = TypeVar("T")
BLOCKING_WORKERS = 4  # two pushes in the air, a route check, and one more (enrollment, a camera opening)


class NetworkLoop:
    """The network loop: an asyncio event loop on a daemon thread, and the one executor its blocking
    work runs in (HTTP through requests, route checks, opening devices). The executor is also the
    loop's default, so `loop.run_in_executor(None, ...)` lands there too."""


    def __init__(self, name: str = "net-loop", blocking_workers: int = BLOCKING_WORKERS) -> None:
        self.name = name
        self.loop = asyncio.new_event_loop()
        self.blocking = concurrent.futures.ThreadPoolExecutor(max_workers=blocking_workers,
                                                              thread_name_prefix=f"{name}-blocking")
        self.loop.set_default_executor(self.blocking)
        _BY_LOOP[self.loop] = self
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    @classmethod
    def of(cls, loop: asyncio.AbstractEventLoop) -> NetworkLoop | None:
        """The NetworkLoop running `loop` (None for a loop made elsewhere, e.g. asyncio.run)."""
        return _BY_LOOP.get(loop)

    def start(self) -> NetworkLoop:
        self._thread.start()
        return self

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.loop.run_forever()
        # Let cancelled tasks finish their cleanup before the loop closes.
        pending = asyncio.all_tasks(self.loop)
        for task in pending:
            task.cancel()
        if pending:
            self.loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        self.loop.close()
        # Blocking calls still running end on their own timeouts; nothing new starts.
        self.blocking.shutdown(wait=False, cancel_futures=True)

    def submit(self, coro: Coroutine[Any, Any, T]) -> concurrent.futures.Future[T]:
        """Run `coro` on the loop from any thread."""
        return asyncio.run_coroutine_threadsafe(coro, self.loop)

    async def run_blocking(self, fn: Callable[..., T], *args: Any) -> T:
        """On the loop: run blocking `fn(*args)` in the loop's executor and wait for it."""
        return await self.loop.run_in_executor(self.blocking, fn, *args)

    def call_soon(self, fn: Callable[..., Any], *args: Any) -> None:
        """Run a plain function on the loop thread."""
        self.loop.call_soon_threadsafe(fn, *args)

    def stop(self, timeout: float = 10.0) -> None:
        if self.loop.is_running():
            with contextlib.suppress(RuntimeError):  # closed meanwhile
                self.loop.call_soon_threadsafe(self.loop.stop)
        if self._thread.is_alive():
            self._thread.join(timeout)


_BY_LOOP: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, NetworkLoop] = weakref.WeakKeyDictionary()


def route_available(host: str, port: int) -> bool:
    """Whether this computer has a route to `host` (no packet is sent: a UDP connect only looks it up)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_DGRAM)
    except OSError:
        return False
    for family, kind, proto, _name, address in infos:
        with socket.socket(family, kind, proto) as probe:
            try:
                probe.connect(address)
                return True
            except OSError:
                continue
    return False


class SyncService:
    """Keeps a station in sync in the background. Thread-safe triggers: sync_now, network_up, changes_made."""

    def __init__(self, open_store: Callable[[], Store], *, config: EngineConfig | None = None,
                 interval: float = 300.0, backoff: Backoff | None = None, debounce: float = 2.0,
                 watch_every: float = 5.0, on_report: Callable[[SyncReport], None] | None = None,
                 on_status: Callable[[SyncStatus], None] | None = None,
                 on_state: Callable[[str], None] | None = None,
                 wall: Callable[[], float] = time.time,
                 http: concurrent.futures.Executor | None = None) -> None:
        self.open_store = open_store
        self.config = config
        self.interval = interval
        self.backoff = backoff or Backoff()
        self.debounce = debounce
        self.watch_every = watch_every
        self.on_report = on_report
        self.on_status = on_status
        self.on_state = on_state
        self.wall = wall
        self.http = http  # where HTTP runs; None: the executor of the NetworkLoop that runs the service
        self.state = "starting"  # starting | syncing | waiting | stopped
        self.next_attempt: float | None = None  # monotonic time of the next planned sync
        self.last_report: SyncReport | None = None
        self._executor = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="sync-store")
        self._loop: asyncio.AbstractEventLoop | None = None
        self._wake: asyncio.Event | None = None
        self._stopping = False
        self._engine: SyncEngine | None = None
        self._debounce_handle: asyncio.TimerHandle | None = None
        self._ready = threading.Event()
        self._hub: tuple[str, int] | None = None  # (host, port) of the hub, for the network watch

    # -- triggers (any thread) ----------------------------------------------------------------
    def sync_now(self) -> None:
        """A person pressed "Sync now": try at once, forgetting the backoff."""
        self._from_any_thread(self._trigger, True)

    def network_up(self) -> None:
        """The network came back: try at once."""
        self._from_any_thread(self._trigger, True)

    def changes_made(self) -> None:
        """New records were saved: sync soon (bursts are gathered into one sync)."""
        self._from_any_thread(self._debounced)

    def stop(self) -> None:
        self._stopping = True
        self._from_any_thread(self._trigger, False)

    @property
    def wake_pending(self) -> bool:
        """Whether a trigger will start a sync soon (read it on the loop)."""
        return self._debounce_handle is not None or (self._wake is not None and self._wake.is_set())

    def wait_ready(self, timeout: float = 30.0) -> bool:
        """Block until the service has opened its store (for tests and headless callers)."""
        return self._ready.wait(timeout)

    def _from_any_thread(self, fn: Callable[..., None], *args: Any) -> None:
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        with contextlib.suppress(RuntimeError):  # the loop is shutting down
            loop.call_soon_threadsafe(fn, *args)

    def _trigger(self, reset: bool) -> None:
        if reset:
            self.backoff.reset()
        if self._wake is not None:
            self._wake.set()

    def _debounced(self) -> None:
        if self._debounce_handle is not None or self._loop is None:
            return

        def fire() -> None:
            self._debounce_handle = None
            self._trigger(False)

        self._debounce_handle = self._loop.call_later(self.debounce, fire)

    # -- work in the store's thread -------------------------------------------------------------
    async def call(self, fn: Callable[[SyncEngine], T]) -> T:
        """Run `fn(engine)` in the worker thread that owns the store (e.g. to read the status)."""
        loop = asyncio.get_running_loop()

        def run() -> T:
            if self._engine is None:
                raise RuntimeError("the sync service is not running")
            return fn(self._engine)

        return await loop.run_in_executor(self._executor, run)

    def _open(self) -> SyncEngine:
        engine = SyncEngine(self.open_store(), self.config, wall=self.wall, http=self.http)
        ident = identity.load(engine.store)
        if ident is not None:
            parts = urlsplit(ident.hub_url)
            self._hub = (parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80))
        return engine

    def _close(self) -> None:
        if self._engine is not None:
            self._engine.close()
            self._engine.store.close()
            self._engine = None

    # -- the schedule ---------------------------------------------------------------------------
    async def run(self) -> None:
        """Sync until `stop()`. Errors are reported, never raised (except while opening the store)."""
        loop = asyncio.get_running_loop()
        self._loop = loop
        if self.http is None:
            net = NetworkLoop.of(loop)
            self.http = net.blocking if net is not None else None
        self._wake = asyncio.Event()
        self._engine = await loop.run_in_executor(self._executor, self._open)
        self._ready.set()
        watcher = loop.create_task(self._watch_network())
        delay = 0.0
        try:
            while not self._stopping:
                if delay > 0:
                    self._set_state("waiting")
                    self.next_attempt = time.monotonic() + delay
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._wake.wait(), delay)
                if self._stopping:
                    break
                self._wake.clear()
                self.next_attempt = None
                self._set_state("syncing")
                try:
                    report = await loop.run_in_executor(self._executor, self._engine.sync_once)
                    current = await loop.run_in_executor(self._executor, self._engine.status)
                except StationError as exc:  # the station's own trouble (a full disk), told in its words
                    log.warning("sync stopped: %s", type(exc).__name__)
                    error = SyncError(exc.message, "disk_full" if isinstance(exc, DiskFull) else "station")
                    error.cause = exc  # type: ignore[attr-defined]
                    report, current = SyncReport(error=error), None
                except Exception:
                    log.exception("sync failed unexpectedly")
                    report = SyncReport(error=SyncError(
                        "Sync stopped because of an unexpected problem; it will try again. "
                        "Details for support are in the log.", "internal"))
                    current = None
                self.last_report = report
                self._emit(report, current)
                delay = self._next_delay(report)
        finally:
            watcher.cancel()
            self._set_state("stopped")
            await loop.run_in_executor(self._executor, self._close)
            self._executor.shutdown(wait=False)

    def _next_delay(self, report: SyncReport) -> float:
        if report.error is None:
            self.backoff.reset()
            return self.interval
        delay = self.backoff.next_delay()
        # A refusal that waiting cannot cure (e.g. a revoked station) is retried rarely.
        return delay if report.error.transient else max(delay, self.interval)

    def _set_state(self, state: str) -> None:
        if state == self.state:
            return
        self.state = state
        if self.on_state is not None:
            try:
                self.on_state(state)
            except Exception:
                log.exception("sync state callback failed")

    def _emit(self, report: SyncReport, current: SyncStatus | None) -> None:
        calls: list[Callable[[], None]] = []
        if self.on_report is not None:
            calls.append(partial(self.on_report, report))
        if self.on_status is not None and current is not None:
            calls.append(partial(self.on_status, current))
        for call in calls:
            try:
                call()
            except Exception:
                log.exception("sync callback failed")

    async def _watch_network(self) -> None:
        """Poll for a route to the hub: when one appears after none, or while the last sync failed for
        want of one, sync at once (the backoff may have planned a long wait)."""
        if self._hub is None or self.watch_every <= 0:
            return
        loop = asyncio.get_running_loop()
        host, port = self._hub
        reachable: bool | None = None
        while True:
            now = await loop.run_in_executor(None, route_available, host, port)
            if now != reachable:
                log.debug("route to %s: %s", host, "found" if now else "none")
            last = self.last_report
            stuck = last is not None and last.error is not None and last.error.code == "no_network"
            if now and (reachable is False or stuck) and self.state == "waiting":
                log.info("network back: syncing now")
                self.network_up()
            reachable = now
            await asyncio.sleep(self.watch_every)
