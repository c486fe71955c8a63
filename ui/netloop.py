"""The Qt side of the network loop: a thin adapter over sync.loop.NetworkLoop.

The loop itself (an asyncio thread and its one executor for blocking calls) is sync's, shared by
sync and video calls. This adapter is the one way the UI calls in: `run_coroutine(coro)` starts a
coroutine with `run_coroutine_threadsafe`, and its result or exception comes back on the UI thread
through a queued signal; an exception nobody asked for is re-emitted as `error` instead of
vanishing in a future nobody reads (Electrum's shape). Code on the loop calls out only by emitting
Qt signals, which Qt queues to the UI thread.
"""

from __future__ import annotations

import concurrent.futures
import logging
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Qt, Signal

from sync.loop import NetworkLoop

log = logging.getLogger("ui.netloop")
T = TypeVar("T")


class NetLoop(QObject):
    """The app's network loop (started here), seen from the UI thread."""

    error = Signal(object)             # an exception raised by a coroutine started from the UI
    _result = Signal(object, object)   # callback, its argument → UI thread

    def __init__(self, parent: QObject | None = None, name: str = "net-loop") -> None:
        super().__init__(parent)
        self.network = NetworkLoop(name).start()
        self.loop = self.network.loop
        self.blocking = self.network.blocking
        self._result.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def run_coroutine(self, coro: Coroutine[Any, Any, T],
                      on_done: Callable[[T], None] | None = None,
                      on_error: Callable[[BaseException], None] | None = None) -> concurrent.futures.Future[T]:
        """Start `coro` on the loop. `on_done`/`on_error` run on the UI thread; unhandled errors
        go to the `error` signal."""
        future = self.network.submit(coro)

        def finished(f: concurrent.futures.Future[T]) -> None:
            if f.cancelled():
                return
            exc = f.exception()
            if exc is not None:
                if on_error is None:
                    log.info("network task failed: %s", type(exc).__name__)
                    self.error.emit(exc)
                else:
                    self._result.emit(on_error, exc)
            elif on_done is not None:
                self._result.emit(on_done, f.result())

        future.add_done_callback(finished)
        return future

    def _deliver(self, callback: Callable[[Any], None], value: Any) -> None:
        callback(value)

    def call_soon(self, fn: Callable[..., Any], *args: Any) -> None:
        """Run a plain function on the loop thread."""
        self.network.call_soon(fn, *args)

    def stop(self, timeout: float = 5.0) -> None:
        self.network.stop(timeout)
