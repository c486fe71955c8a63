"""The sync engine inside the app: its service runs on the network loop, its store on its own thread.

- The service (sync.loop.SyncService) opens a second connection to the station with the key of
  the signed-in session (`Store.opener()`: one connection per thread) on its own thread, and
  closes it when the station locks.
- What the sync thread commits (advice pulled from the hub...) is announced through the DB
  worker's `changes_applied`, so every view refreshes the same way as after its own writes.
- What the screens commit wakes the service ("changes made", debounced by the service).
- Its reports and state changes come back as Qt signals (queued to the UI thread; nothing here
  polls the service) and feed the sync bar: online/offline, syncing, last problem, last success.
- A failure to start (or of the service itself) is logged and shown on the sync bar.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal

from station.errors import DiskFull
from station.store import ChangeSet, Store
from sync import identity
from sync.client import Unreachable
from sync.client import enroll as enroll_request
from sync.loop import SyncService
from ui.ops import Locked

log = logging.getLogger("ui.sync_driver")
FROM_SYNC = "sync"  # ChangeSet.source of changes the sync thread applied


class SyncDriver(QObject):
    """Starts, stops and pokes the background sync for the signed-in session."""

    report = Signal(object)    # sync.engine.SyncReport, on the UI thread
    status = Signal(object)    # sync.status.SyncStatus, on the UI thread
    state = Signal(str)        # the service's state: starting, syncing, waiting, stopped

    def __init__(self, app: Any, interval: float = 300.0) -> None:
        super().__init__()
        self.app = app
        self.ops = app.ops
        self.interval = interval
        self.service: SyncService | None = None
        self.enrolled_url: str | None = None
        self.report.connect(self._on_report)
        self.status.connect(self._on_status)
        self.state.connect(self._on_state)
        self.ops.changes_applied.connect(self._local_changes)

    # -- lifecycle ------------------------------------------------------------------------
    def start(self) -> None:
        """Start syncing if this station is enrolled (reads identity on the DB worker first)."""
        if self.service is not None:
            return

        def read(store: Store) -> tuple[Any, ...] | None:
            ident = identity.load(store)
            if ident is None or not ident.enrolled:
                return None
            return ident.hub_url, store.opener()

        self.ops.submit(read, self._launch, self._start_failed, parent=self)

    def _launch(self, found: tuple[Any, ...] | None) -> None:
        if found is None or self.service is not None or self.app.net is None or not self.ops.is_open:
            return
        hub_url, opener = found
        self.enrolled_url = hub_url

        def open_store() -> Store:
            store = opener()
            store.on_changes.append(self._remote_changes)
            return store

        self.service = SyncService(open_store, interval=self.interval, on_report=self.report.emit,
                                   on_status=self.status.emit, on_state=self.state.emit,
                                   http=self.app.net.blocking)
        self.app.status.update_live(None, True, None)
        service = self.service
        self.app.net.run_coroutine(service.run(), on_error=lambda exc: self._service_failed(exc, service))
        settings = getattr(self.app.admin_page, "settings", None)
        if settings is not None:
            settings.show_hub(hub_url)

    def stop(self) -> None:
        """Stop the service; its store (and key) are closed on its own thread."""
        if self.service is not None:
            self.service.stop()
            self.service = None

    def sync_now(self) -> None:
        if self.service is not None:
            self.service.sync_now()
            self.app.status.update_live(self.app.status.figures.online, True, None)
        else:
            self.start()
            self.app.status.refresh()

    # -- enrollment -----------------------------------------------------------------------
    def enroll(self, hub_url: str, code: str, done: Any = None) -> None:
        """Make the key (saved first), trade the code at the hub (network loop), record the answer."""
        def finish(error: BaseException | None) -> None:
            if done is not None:
                from ui.errors import plain_message

                done(plain_message(error) if error is not None else None)
            if error is None:
                self.start()

        def prepared(ident: identity.Identity) -> None:
            async def ask() -> Any:
                import asyncio

                loop = asyncio.get_running_loop()
                return await loop.run_in_executor(None, enroll_request, ident.hub_url, code, ident.public_key)

            self.app.net.run_coroutine(ask(), on_done=accepted, on_error=finish)

        def accepted(answer: Any) -> None:
            self.ops.submit(lambda s: identity.record_enrollment(s, answer.station_id), lambda _i: finish(None),
                            finish, parent=self)

        if self.app.net is None:
            return
        self.ops.submit(lambda s: identity.prepare(s, hub_url), prepared, finish, parent=self)

    # -- signals in and out ---------------------------------------------------------------
    def _remote_changes(self, changes: ChangeSet) -> None:
        # On the sync thread: mark and hand over; Qt queues the signal to the UI thread.
        changes.source = FROM_SYNC
        self.ops.changes_applied.emit(changes)

    def _local_changes(self, changes: ChangeSet) -> None:
        if self.service is not None and changes.source != FROM_SYNC:
            self.service.changes_made()

    def _on_report(self, report: Any) -> None:
        error = report.error
        if isinstance(getattr(error, "cause", None), DiskFull):
            self.ops.disk_full.emit(error.cause)  # the same banner as a save that did not fit
        online = error is None or not (isinstance(error, Unreachable)
                                       or getattr(error, "code", "") in ("unreachable", "timeout"))
        self.app.status.update_live(online, False, None if error is None else error.message)
        # Acknowledgements change outbox rows only (no record changes): re-read the counts, and let
        # views showing what the hub answered (sync log, a referral's photos) read it again.
        self.app.status.refresh()
        answered = ChangeSet({("outbox", "")})
        answered.source = FROM_SYNC  # type: ignore[attr-defined]
        self.ops.changes_applied.emit(answered)

    def _on_status(self, current: Any) -> None:
        self.app.status.update_live(self.app.status.figures.online, False, current.last_error,
                                    current.last_success)

    def _on_state(self, state: str) -> None:
        if state == "syncing" and self.service is not None:
            figures = self.app.status.figures
            self.app.status.update_live(figures.online, True, figures.last_error)

    def _start_failed(self, exc: BaseException) -> None:
        """Reading the station's enrollment failed: sync did not start. Said on the sync bar."""
        if isinstance(exc, Locked):
            log.info("sync not started: the station locked first")
            return  # signing in again starts it
        log.warning("sync could not start: %s", type(exc).__name__)
        from ui.errors import plain_message

        words = QCoreApplication.translate("SyncBar", "Sync could not start: %1").replace("%1", plain_message(exc))
        self.app.status.failed(words)

    def _service_failed(self, exc: BaseException, service: SyncService) -> None:
        if service is not self.service:
            # Stopped (a lock) before it failed; the one running now is not to be forgotten or blamed.
            log.info("an earlier sync service stopped: %s", type(exc).__name__)
            return
        log.warning("sync service stopped: %s", type(exc).__name__)
        self.service = None
        from ui.errors import plain_message

        self.app.status.failed(plain_message(exc), online=False)
