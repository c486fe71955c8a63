"""Database work off the UI thread: one worker thread that owns the station's connection.

Every read or write from a screen is a one-liner, in Anki's shape:

    QueryOp(self, lambda store: patients.find(store, text)).success(self.show_results).run()
    CollectionOp(self, lambda store: patients.register(store, fields)).success(self.saved).run()

The function runs on the worker with the open `Store`; `success`/`failure` run on the UI
thread (queued signals). A QueryOp only reads: it runs inside `Store.read_only()`, where any
write fails (station.store.WriteInQuery, or SQLite's own refusal under `PRAGMA query_only`). A failure nobody handles is shown once, in plain words. After a
write commits, `DbWorker.changes_applied` carries the store's ChangeSet so each view
refreshes only what it cares about (no view polls the database).
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QWidget

from station.errors import DiskFull, StationError

if TYPE_CHECKING:
    # The store (SQLCipher, sqlite-utils, and numpy through it) loads on the worker at sign-in,
    # not before the sign-in window is shown.
    from station.store import ChangeSet, Store

log = logging.getLogger("ui.ops")
T = TypeVar("T")
Success = Callable[[Any], None]
Failure = Callable[[BaseException], None]


class Locked(StationError):
    """A screen asked for data while the station is locked."""


@dataclass
class _Task:
    fn: Callable[[Store | None], Any]
    success: Success | None
    failure: Failure | None
    parent: QObject | None
    needs_store: bool = True
    read_only: bool = False


class DbWorker(QObject):
    """The single database thread. Opening the store there binds its connection to it."""

    changes_applied = Signal(object)   # ChangeSet, after any commit (screens or sync)
    opened = Signal(object)            # the signed-in station.records.User
    closed = Signal()                  # the store was closed (lock or sign-out)
    busy_changed = Signal(bool)
    disk_full = Signal(object)         # station.errors.DiskFull from any task (ui.disk_banner shows it)
    _finished = Signal(object, object, object)  # task, result, error (worker → UI thread)

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data_dir = Path(data_dir)
        self.store: Store | None = None
        self.user = None
        self._queue: queue.Queue[_Task | None] = queue.Queue()
        self._pending = 0
        self._finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._thread = threading.Thread(target=self._run, name="db-worker", daemon=True)
        self._thread.start()

    # -- running work ---------------------------------------------------------------------
    def submit(self, fn: Callable[[Store], Any], success: Success | None = None,
               failure: Failure | None = None, parent: QObject | None = None,
               needs_store: bool = True, read_only: bool = False) -> None:
        """Queue `fn(store)`; callbacks come back on the UI thread (skipped if parent was deleted).
        `read_only`: `fn` may only read (any write raises)."""
        self._pending += 1
        if self._pending == 1:
            self.busy_changed.emit(True)
        self._queue.put(_Task(fn, success, failure, parent, needs_store, read_only))

    def _run(self) -> None:
        while True:
            task = self._queue.get()
            if task is None:
                return
            try:
                if task.needs_store and self.store is None:
                    raise Locked("The station is locked. Sign in again to continue.")
                if task.read_only and self.store is not None:
                    with self.store.read_only():
                        result, error = task.fn(self.store), None
                else:
                    result, error = task.fn(self.store), None
            except BaseException as exc:  # every failure goes back to the UI
                result, error = None, exc
                if not isinstance(exc, StationError):
                    log.exception("database task failed")
            self._finished.emit(task, result, error)

    def _deliver(self, task: _Task, result: Any, error: BaseException | None) -> None:
        self._pending -= 1
        if self._pending == 0:
            self.busy_changed.emit(False)
        if isinstance(error, DiskFull):
            self.disk_full.emit(error)
        if task.parent is not None and not shiboken6.isValid(task.parent):
            return  # the screen that asked has gone; nothing to show
        if error is None:
            if task.success:
                task.success(result)
            return
        if task.failure:
            task.failure(error)
        else:
            from ui.errors import show_error

            show_error(task.parent if isinstance(task.parent, QWidget) else None, error)

    # -- opening and locking --------------------------------------------------------------
    def open(self, username: str, password: str, success: Success | None = None,
             failure: Failure | None = None, parent: QObject | None = None) -> None:
        """Sign in: Store.open runs on the worker (Argon2 takes a moment) and stays bound to it."""
        def work(_: Store | None) -> Any:
            from station.store import Store

            self._close_store()
            store = Store.open(self.data_dir, username, password)
            self._attach(store)
            return store.user

        def done(user: Any) -> None:
            self.user = user
            self.opened.emit(user)
            if success:
                success(user)

        self.submit(work, done, failure, parent, needs_store=False)

    def adopt(self, make: Callable[[], Store], success: Success | None = None,
              failure: Failure | None = None) -> None:
        """Use a store made on the worker by `make` (e.g. Store.create in the setup wizard)."""
        def work(_: Store | None) -> Any:
            self._close_store()
            store = make()
            self._attach(store)
            return store

        def done(store: Store) -> None:
            self.user = store.user
            self.opened.emit(store.user)
            if success:
                success(store)

        self.submit(work, done, failure, needs_store=False)

    def lock(self, done: Callable[[], None] | None = None) -> None:
        """Close the store: its connection and our copy of the database key leave memory."""
        def work(_: Store | None) -> None:
            self._close_store()

        def after(_: Any) -> None:
            self.user = None
            self.closed.emit()
            if done:
                done()

        self.submit(work, after, needs_store=False)

    def _attach(self, store: Store) -> None:
        # Called on the worker thread: the listener emits a signal, Qt queues it to the UI thread.
        store.on_changes.append(self.changes_applied.emit)
        self.store = store

    def _close_store(self) -> None:
        if self.store is not None:
            self.store.on_changes.clear()
            self.store.close()
            self.store = None

    @property
    def is_open(self) -> bool:
        return self.user is not None

    def shutdown(self, timeout: float = 5.0) -> None:
        """Close the store and stop the thread (at application exit)."""
        self.submit(lambda _s: self._close_store(), needs_store=False)
        self._queue.put(None)
        self._thread.join(timeout)

    def preload(self) -> None:
        """Import the storage code on the worker while the person types their password."""
        def load(_: Store | None) -> None:
            import station.store  # noqa: F401

        self.submit(load, needs_store=False)

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Block until queued work has run (tests and shutdown only; never from a screen)."""
        done = threading.Event()
        self._queue.put(_Task(lambda _s: done.set(), None, None, None, needs_store=False))
        self._pending += 1
        return done.wait(timeout)


_default: DbWorker | None = None


def set_default_worker(worker: DbWorker | None) -> None:
    """The app's worker, used by ops created without an explicit one."""
    global _default
    _default = worker


def default_worker() -> DbWorker:
    if _default is None:
        raise RuntimeError("the database worker has not been started")
    return _default


class _Op(Generic[T]):
    """Shared shape of QueryOp and CollectionOp."""

    read_only = False

    def __init__(self, parent: QObject | None, op: Callable[[Store], T], worker: DbWorker | None = None) -> None:
        self._parent = parent
        self._op = op
        self._worker = worker
        self._success: Callable[[T], None] | None = None
        self._failure: Failure | None = None

    def success(self, fn: Callable[[T], None]) -> _Op[T]:
        self._success = fn
        return self

    def failure(self, fn: Failure) -> _Op[T]:
        self._failure = fn
        return self

    def run(self) -> None:
        worker = self._worker or _worker_for(self._parent)
        worker.submit(self._op, self._success, self._failure, self._parent, read_only=self.read_only)


class QueryOp(_Op[T]):
    """A read: runs on the DB worker, result to `.success()` on the UI thread. It cannot write:
    a write inside fails with station.store.WriteInQuery (or SQLite's read-only refusal)."""

    read_only = True


class CollectionOp(_Op[T]):
    """A write: like QueryOp; once it commits, `changes_applied` tells every view what changed."""


def _worker_for(parent: QObject | None) -> DbWorker:
    # A screen may carry its own worker (`ops` attribute) - tests build screens that way.
    obj = parent
    while obj is not None:
        worker = getattr(obj, "ops", None)
        if isinstance(worker, DbWorker):
            return worker
        obj = obj.parent()
    return default_worker()


def cares(changes: ChangeSet, *tables: str) -> bool:
    """True when a ChangeSet touched any of `tables` (views use it to skip needless refreshes)."""
    return bool(changes.tables() & set(tables))
