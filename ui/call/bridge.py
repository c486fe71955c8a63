"""From the call session (network loop) to the call window (UI thread).

`on_event` runs on the network loop. Pictures go into one-place mailboxes (ui.call.frames) and
only a "new picture" signal crosses to the UI thread; everything else is a signal too, and the
window connects every one of them queued. The last event of a call carries the session's
summary, read on the loop at that moment, so the record is exactly what the session knew. The
call in progress is reported the same way (`progress`, read on the loop as its state changes and
every `note_every` seconds), so the UI never reads the session across threads.
"""

from __future__ import annotations

import asyncio
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
    began = Signal(object)          # the session, once it exists (the UI calls into it on the loop)
    progress = Signal(object)       # the summary of the call in progress (with its id)

    def __init__(self, parent: QObject | None = None, note_every: float = 15.0) -> None:
        super().__init__(parent)
        self.session: Any = None
        self.note_every = note_every
        self.remote = LatestFrame(self.remote_ready.emit)
        self.local = LatestFrame(self.local_ready.emit)
        self._finished = False
        self._noting: asyncio.Task[None] | None = None

    def watch(self, session: Any) -> None:
        """Network loop: the session is made; report it, and its progress until it ends."""
        self.session = session
        self.began.emit(session)
        self._noting = asyncio.get_running_loop().create_task(self._keep_noting())

    async def _keep_noting(self) -> None:
        while not self._finished:
            await asyncio.sleep(self.note_every)
            self._progress()

    def _progress(self) -> None:
        session = self.session
        if session is None or self._finished or session.started_at is None:
            return  # not begun: nothing a record could be made of
        summary = dict(session.summary())
        summary["id"] = session.call_id
        self.progress.emit(summary)

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
                else:
                    self._progress()
        except Exception:  # a window problem must never break the call itself
            log.exception("a call event could not be shown")

    def finish(self) -> None:
        """Network loop: send the session's summary to the UI, once."""
        if self._finished or self.session is None:
            return
        self._finished = True
        if self._noting is not None:
            self._noting.cancel()
        summary = dict(self.session.summary())
        summary["id"] = self.session.call_id
        self.finished.emit(summary)

