"""The sync status that is always visible: online/offline, pending count, last synced, "Sync now".

The figures come from `SyncWatcher`, which reads the outbox through the DB worker when records
change and takes the live state from the sync engine when one runs. "Synced" is said only
after the hub acknowledged (the outbox row is marked acked), never when a request was sent.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from ui.ops import DbWorker, Locked

if TYPE_CHECKING:
    from station.store import ChangeSet, Store

log = logging.getLogger("ui.syncbar")


@dataclass
class SyncFigures:
    """What the bar shows."""

    enrolled: bool = False         # connected to a hub (enrollment done)
    online: bool | None = None     # None: not known yet (no attempt since sign-in)
    pending: int = 0
    rejected: int = 0
    last_synced: str | None = None  # ISO time of the last acknowledged push/pull
    last_error: str | None = None
    running: bool = False
    conflicts: int = 0  # changes made in two places, waiting for a person to choose


def read_outbox(store: Store) -> SyncFigures:
    """Counts straight from the outbox (the truth about what the hub has acknowledged)."""
    from sync import status as sync_status  # here: the sign-in window comes up before sync code loads

    now = sync_status.glance(store)
    return SyncFigures(enrolled=now.enrolled, pending=now.waiting, rejected=now.rejected,
                       last_synced=now.last_success, conflicts=now.open_conflicts)


class SyncWatcher(QObject):
    """Collects the figures; `changed` fires on the UI thread with a SyncFigures."""

    changed = Signal(object)
    sync_requested = Signal()
    stopped = Signal(str)  # sync could not start, or its service stopped: why, in the interface language

    def __init__(self, ops: DbWorker, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.figures = SyncFigures()
        self._dirty = False
        # Bursts of changes (a sync pull applies hundreds) are coalesced into one read per tick.
        self._tick = QTimer(self)
        self._tick.setInterval(400)
        self._tick.timeout.connect(self._refresh_if_dirty)
        self._tick.start()
        ops.changes_applied.connect(self._on_changes)
        ops.opened.connect(lambda _u: self.refresh())

    def _on_changes(self, _changes: ChangeSet) -> None:
        self._dirty = True

    def _refresh_if_dirty(self) -> None:
        if self._dirty:
            self._dirty = False
            self.refresh()

    def refresh(self) -> None:
        if not self.ops.is_open and self.ops.store is None:
            return
        self.ops.submit(read_outbox, self._merge, self._not_read, parent=self)

    def _not_read(self, exc: BaseException) -> None:
        """The counts could not be read: say so on the bar rather than show old figures as true."""
        if isinstance(exc, Locked):
            log.info("sync figures not read: the station locked first")
            return  # the bar is read again at sign-in
        log.warning("the sync figures could not be read: %s", type(exc).__name__)
        from ui.errors import plain_message

        self.figures.last_error = QCoreApplication.translate("SyncBar", "The sync figures could not be read: %1").replace("%1", plain_message(exc))
        self.changed.emit(self.figures)

    def _merge(self, figures: SyncFigures) -> None:
        # Live engine state (online, running, last error) is kept; counts come from the outbox.
        self.figures.pending, self.figures.rejected = figures.pending, figures.rejected
        self.figures.enrolled = figures.enrolled
        self.figures.conflicts = figures.conflicts
        self.figures.last_synced = figures.last_synced or self.figures.last_synced
        self.changed.emit(self.figures)

    def update_live(self, online: bool | None, running: bool, last_error: str | None = None,
                    last_synced: str | None = None) -> None:
        """Called (on the UI thread) with the engine's own view of the link."""
        self.figures.online, self.figures.running = online, running
        self.figures.last_error = last_error
        if last_synced:
            self.figures.last_synced = last_synced
        self.changed.emit(self.figures)
        self._dirty = True

    def failed(self, words: str, online: bool | None = None) -> None:
        """Sync is not running because of `words`: kept as the last error and said on the bar."""
        self.update_live(online, False, words)
        self.stopped.emit(words)


def _when(iso: str | None) -> str | None:
    if not iso:
        return None
    try:
        moment = datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone()
    except ValueError:
        return None
    if moment.date() == datetime.now().astimezone().date():
        return moment.strftime("%H:%M")
    return moment.strftime("%d %b %H:%M")


class SyncBar(QFrame):
    """The strip at the bottom of the main window."""

    def __init__(self, status: SyncWatcher, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncBar")
        self.status = status
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 4, 10, 4)
        self.link = QLabel()
        self.pending = QLabel()
        self.last = QLabel()
        self.error = QLabel()
        self.error.setProperty("fieldError", True)
        # A long reason (in Urdu above all) wraps instead of widening the window past the screen.
        self.error.setWordWrap(True)
        self.sync_now = QPushButton(self.tr("Sync now"))
        self.sync_now.setObjectName("syncNow")
        self.sync_now.clicked.connect(self._asked)
        # What became of the last "Sync now": trying, done, or failed and why.
        self.feedback = QLabel()
        self.feedback.setObjectName("syncFeedback")
        self.feedback.setWordWrap(True)
        self._trying = False
        self._saw_running = False
        self._give_up = QTimer(self)
        self._give_up.setSingleShot(True)
        self._give_up.setInterval(90_000)
        self._give_up.timeout.connect(self._no_answer)
        for w in (self.link, self.pending, self.last):
            layout.addWidget(w)
            layout.addSpacing(14)
        layout.addWidget(self.error, 1)
        layout.addWidget(self.feedback, 1)
        self.conflicts_button = QPushButton()
        self.conflicts_button.setObjectName("settleConflicts")
        self.conflicts_button.hide()
        layout.addWidget(self.conflicts_button, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self.sync_now, 0, Qt.AlignmentFlag.AlignVCenter)
        status.changed.connect(self.show_figures)
        status.stopped.connect(self._stopped)
        self.show_figures(status.figures)

    def show_figures(self, f: SyncFigures) -> None:
        if not f.enrolled:
            self.link.setText(self.tr("● Not connected to a hub"))
        elif f.running:
            self.link.setText(self.tr("● Syncing…"))
        elif f.online is None:
            self.link.setText(self.tr("● Connecting…"))
        elif f.online:
            self.link.setText(self.tr("● Online"))
        else:
            self.link.setText(self.tr("● Offline"))
        colour = {None: "#6b7280", True: "#15803d", False: "#b45309"}[f.online if f.enrolled else None]
        self.link.setStyleSheet(f"color: {colour};")
        if f.pending:
            self.pending.setText(self.tr("Waiting to be sent: %n", "", f.pending))
        else:
            self.pending.setText(self.tr("Everything sent"))
        if f.rejected:
            self.pending.setText(self.pending.text() + " · " +
                                 self.tr("refused by the hub: %n (see the Sync log)", "", f.rejected))
        when = _when(f.last_synced)
        self.last.setText(self.tr("Last synced: %1").replace("%1", when) if when
                          else self.tr("Never synced"))
        self.sync_now.setEnabled(not f.running)
        self.conflicts_button.setText(self.tr("Choose the right value (%1)").replace("%1", str(f.conflicts)))
        self.conflicts_button.setVisible(f.conflicts > 0)
        if self._trying:
            if f.running:
                self._saw_running = True
            elif self._saw_running:
                self._finished(f)
        # The last problem, unless the answer to "Sync now" already says it.
        self.error.setText("" if f.last_error and f.last_error in self.feedback.text() else (f.last_error or ""))

    def _asked(self) -> None:
        f = self.status.figures
        if not f.enrolled:
            self._trying = False
            self.feedback.setText(self.tr("Not connected to a hub: nothing can be sent from here. An administrator "
                                          "connects the station in Administration, Settings."))
            return
        self._trying, self._saw_running = True, False
        self.feedback.setText(self.tr("Trying to reach the hub…"))
        self._give_up.start()
        self.status.sync_requested.emit()

    def _finished(self, f: SyncFigures) -> None:
        self._trying = False
        self._give_up.stop()
        now = datetime.now().astimezone().strftime("%H:%M")
        if f.last_error:
            self.feedback.setText(self.tr("Sync failed at %1: %2").replace("%1", now).replace("%2", f.last_error))
        elif f.pending:
            self.feedback.setText(self.tr("Sync done at %1; still waiting to be sent: %2.").replace(
                "%1", now).replace("%2", str(f.pending)))
        else:
            self.feedback.setText(self.tr("Sync done at %1: everything is on the hub.").replace("%1", now))

    def _stopped(self, words: str) -> None:
        # Said whatever the line showed before (even "Not connected to a hub"): sync will not run.
        self._trying = False
        self._give_up.stop()
        now = datetime.now().astimezone().strftime("%H:%M")
        self.feedback.setText(self.tr("Sync failed at %1: %2").replace("%1", now).replace("%2", words))
        self.error.clear()

    def _no_answer(self) -> None:
        if self._trying:
            self._trying = False
            self.feedback.setText(self.tr("No answer from the hub yet; the station keeps trying in the background."))
