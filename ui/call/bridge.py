"""From the call session (network loop) to the call window (UI thread).

`on_event` runs on the network loop. Pictures go into one-place mailboxes (ui.call.frames) and
only a "new picture" signal crosses to the UI thread; everything else is a signal too, and the
window connects every one of them queued. The last event of a call carries the session's
summary, read on the loop at that moment, so the record is exactly what the session knew.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal

from ui.call.frames import LatestFrame

log = logging.getLogger("ui.call.bridge")
FINAL_STATES = ("ended", "failed")


class CallBridge(QObject):
    """Lives on the UI thread; `on_event` may be called from the network loop."""

    state = Signal(str, str)        # state, the session's sentence
    quality = Signal(str)           # this station's link level
    remote_quality = Signal(str)    # the specialist's link level
    finished = Signal(object)       # the session's summary (with the call id), once
    media_ready = Signal(bool, list)  # has a camera, the device problems (in sync.call.media's words)
    notice = Signal(str)            # a sentence from the session for the health worker (e.g. no speaker)
    remote_ready = Signal()
    local_ready = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session: Any = None
        self.remote = LatestFrame(self.remote_ready.emit)
        self.local = LatestFrame(self.local_ready.emit)
        self._finished = False

    def connect_queued(self, signal: Any, slot: Any) -> None:
        """Connect one of the signals above: always queued, whichever thread emits."""
        signal.connect(slot, Qt.ConnectionType.QueuedConnection)

    def on_event(self, event: Any) -> None:
        """Network loop: one CallEvent from the session."""
        try:
            kind = event.kind
            if kind == "remote_frame" and event.frame is not None:
                self.remote.put(event.frame)
            elif kind == "local_frame" and event.frame is not None:
                self.local.put(event.frame)
            elif kind == "quality" and event.level:
                self.quality.emit(event.level)
            elif kind == "remote_quality" and event.level:
                self.remote_quality.emit(event.level)
            elif kind == "notice" and event.words:
                self.notice.emit(event.words)
            elif kind == "state" and event.state:
                self.state.emit(event.state, event.words or "")
                if event.state in FINAL_STATES:
                    self.finish()
        except Exception:  # a window problem must never break the call itself
            log.exception("a call event could not be shown")

    def finish(self) -> None:
        """Network loop: send the session's summary to the UI, once."""
        if self._finished or self.session is None:
            return
        self._finished = True
        summary = dict(self.session.summary())
        summary["id"] = self.session.call_id
        self.finished.emit(summary)

