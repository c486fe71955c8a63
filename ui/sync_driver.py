"""The sync engine inside the app: its service runs on the network loop, its store on its own thread.

- The service (sync.loop.SyncService) opens a second connection to the station with the key of
  the signed-in session (one connection per thread), and closes it when the station locks.
- What the sync thread commits (advice pulled from the hub...) is announced through the DB
  worker's `changes_applied`, so every view refreshes the same way as after its own writes.
- What the screens commit wakes the service ("changes made", debounced by the service).
- Its reports feed the sync bar: online/offline, syncing, last problem, last success.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from station.errors import DiskFull
from station.store import ChangeSet, Store
from sync import identity
from sync.client import enroll as enroll_request
from sync.loop import SyncService

log = logging.getLogger("ui.sync_driver")
FROM_SYNC = "sync"  # ChangeSet.source of changes the sync thread applied


def _open_second(data_dir: Path, slots: Any, db_key: bytes, username: str) -> Store:
    """Another connection to the already-unlocked station, for the sync thread."""
    return Store._open_with_key(data_dir, slots, db_key, username)


class SyncDriver(QObject):
    """Starts, stops and pokes the background sync for the signed-in session."""

    report = Signal(object)    # sync.engine.SyncReport, on the UI thread
    status = Signal(object)    # sync.status.SyncStatus, on the UI thread

    def __init__(self, app: Any, interval: float = 300.0) -> None:
        super().__init__()
        self.app = app
        self.ops = app.ops
        self.interval = interval
        self.service: SyncService | None = None
        self.enrolled_url: str | None = None
        self.report.connect(self._on_report)
        self.status.connect(self._on_status)
        self.ops.changes_applied.connect(self._local_changes)
        self._state = QTimer(self)
        self._state.setInterval(300)
        self._state.timeout.connect(self._poll_state)
        self._last_state = ""

    # -- lifecycle ------------------------------------------------------------------------
    def start(self) -> None:
        """Start syncing if this station is enrolled (reads identity on the DB worker first)."""
        if self.service is not None:
            return

        def read(store: Store) -> tuple[Any, ...] | None:
            ident = identity.load(store)
            if ident is None or not ident.enrolled:
                return None
            return ident.hub_url, store.data_dir, store.slots, store.db_key, store.user.username

        self.ops.submit(read, self._launch, lambda _e: None, parent=self)

    def _launch(self, found: tuple[Any, ...] | None) -> None:
        if found is None or self.service is not None or self.app.net is None or not self.ops.is_open:
            return
        hub_url, data_dir, slots, db_key, username = found
        self.enrolled_url = hub_url

        def open_store() -> Store:
            store = _open_second(data_dir, slots, db_key, username)
            store.on_changes.append(self._remote_changes)
            return store

        self.service = SyncService(open_store, interval=self.interval, on_report=self.report.emit,
                                   on_status=self.status.emit)
        self.app.status.update_live(None, True, None)
        self.app.net.run_coroutine(self.service.run(), on_error=self._service_failed)
        self._state.start()
        settings = getattr(self.app.admin_page, "settings", None)
        if settings is not None:
            settings.show_hub(hub_url)

    def stop(self) -> None:
        """Stop the service; its store (and key) are closed on its own thread."""
        self._state.stop()
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
        changes.source = FROM_SYNC  # type: ignore[attr-defined]
        self.ops.changes_applied.emit(changes)

    def _local_changes(self, changes: ChangeSet) -> None:
        if self.service is not None and getattr(changes, "source", None) != FROM_SYNC:
            self.service.changes_made()

    def _on_report(self, report: Any) -> None:
        error = report.error
        if isinstance(getattr(error, "cause", None), DiskFull):
            self.ops.disk_full.emit(error.cause)  # the same banner as a save that did not fit
        online = error is None or not (getattr(error, "code", "") in ("unreachable", "timeout")
                                       or type(error).__name__ == "Unreachable")
        self.app.status.update_live(online, False, None if error is None else error.message)
        # Acknowledgements change outbox rows only (no record changes): re-read the counts.
        self.app.status.refresh()

    def _on_status(self, current: Any) -> None:
        self.app.status.update_live(self.app.status.figures.online, False, current.last_error,
                                    current.last_success)

    def _poll_state(self) -> None:
        service = self.service
        if service is None:
            return
        state = service.state
        if state != self._last_state:
            self._last_state = state
            if state == "syncing":
                figures = self.app.status.figures
                self.app.status.update_live(figures.online, True, figures.last_error)

    def _service_failed(self, exc: BaseException) -> None:
        log.warning("sync service stopped: %s", type(exc).__name__)
        self.service = None
        self._state.stop()
        from ui.errors import plain_message

        self.app.status.update_live(False, False, plain_message(exc))
