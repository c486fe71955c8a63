"""The network thread: one asyncio loop beside Qt, where the sync engine (and video) live.

The UI calls in with `run_coroutine(coro)`; an exception there is re-emitted as the
`error` signal instead of vanishing in a future nobody reads (Electrum's shape). Code on
the loop calls out only by emitting Qt signals, which Qt queues to the UI thread.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import threading
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Qt, Signal

log = logging.getLogger("ui.netloop")
T = TypeVar("T")


class NetLoop(QObject):
    """An asyncio event loop running on its own daemon thread."""

    error = Signal(object)             # an exception raised by a coroutine started from the UI
    _result = Signal(object, object, object)  # callback, result, error → UI thread

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.loop = asyncio.new_event_loop()
        self._result.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._thread = threading.Thread(target=self._run, name="net-loop", daemon=True)
        self._thread.start()

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

    def run_coroutine(self, coro: Coroutine[Any, Any, T],
                      on_done: Callable[[T], None] | None = None,
                      on_error: Callable[[BaseException], None] | None = None) -> concurrent.futures.Future[T]:
        """Start `coro` on the loop. `on_done`/`on_error` run on the UI thread; unhandled errors
        go to the `error` signal."""
        future = asyncio.run_coroutine_threadsafe(coro, self.loop)

        def finished(f: concurrent.futures.Future[T]) -> None:
            if f.cancelled():
                return
            exc = f.exception()
            if exc is not None:
                if on_error is None:
                    log.info("network task failed: %s", type(exc).__name__)
                    self.error.emit(exc)
                else:
                    self._result.emit(on_error, exc, None)
            elif on_done is not None:
                self._result.emit(on_done, f.result(), None)

        future.add_done_callback(finished)
        return future

    def _deliver(self, callback: Callable[[Any], None], value: Any, _unused: Any) -> None:
        callback(value)

    def call_soon(self, fn: Callable[..., Any], *args: Any) -> None:
        """Run a plain function on the loop thread."""
        self.loop.call_soon_threadsafe(fn, *args)

    def stop(self, timeout: float = 5.0) -> None:
        if self.loop.is_running():
            self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(timeout)
