"""Starting a video consult from the app, and keeping its record safe.

One `CallLauncher` per running app, reached from the main window (`find_launcher(widget)`). It
belongs to the app, not to a window, and so do its call windows: switching the language rebuilds
the main window, and a call must not end with it. It reads what a call needs on the DB worker
(the referral, the patient, the station's key at the hub), opens the call window, and saves the
call record when the call ends. If the station locks during a call,
the call is hung up and its record waits in memory until someone signs in again: the record of
a call that happened is never lost to a lock.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QWidget

from station.errors import Conflict
from station.records import Patient, Referral
from station.store import Store
from ui.ops import CollectionOp, Locked, QueryOp

log = logging.getLogger("ui.call")
JOURNAL_SECONDS = 15.0  # how much of a call a power cut may cost its record
ON_HUB = ("sent", "received", "answered", "closed")


@dataclass
class CallStart:
    """Everything a call needs, read from the station before it starts."""

    referral: Referral
    patient: Patient
    hub_url: str
    hub_station_id: str
    private_key: Any  # Ed25519PrivateKey
    clock_offset: float
    camera: str = ""
    microphone: str = ""
    speaker: str = ""  # a sync.call.speaker.list_speakers() id; empty: the computer's usual speaker


def load_call_start(store: Store, referral_id: str) -> CallStart:
    from sync import identity, status

    ident = identity.require(store)
    referral = store.get(Referral, referral_id)
    if referral.status not in ON_HUB:
        raise Conflict("Sync first: the specialist cannot see this referral yet.")
    patient = store.get(Patient, referral.patient_id)
    offset = float(store.meta(status.CLOCK_OFFSET) or "0")
    return CallStart(referral, patient, ident.hub_url, ident.station_id or "", ident.private_key, offset)


def find_launcher(widget: QWidget) -> CallLauncher | None:
    """The launcher of the window `widget` is in (None when calls are not available there)."""
    launcher = getattr(widget.window(), "call_launcher", None)
    return launcher if isinstance(launcher, CallLauncher) and shiboken6.isValid(launcher) else None


class CallLauncher(QObject):
    """Opens call windows for the app `app` (a ui.app.StationApp) and saves their records."""

    saved = Signal(object)         # station.calls.Call, once a call's record is stored
    window_opened = Signal(object)  # ui.call.window.CallWindow

    def __init__(self, app: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("callLauncher")
        self.app = app
        self.call_window: Any = None
        self.unsaved: list[dict[str, Any]] = []
        # How the camera and microphone are opened (for the network loop); replaceable, e.g. to
        # try a call with the synthetic picture and tone of sync.call.media.
        self.media_factory: Callable[[CallStart], Any] = open_devices
        # What plays the specialist's voice: None is the speaker chosen in Settings (the computer's
        # usual one when none was chosen). Replaceable, e.g. by sync.call.speaker.Speaker(backends=())
        # to hear nothing.
        self.speaker_factory: Callable[[CallStart], Any] | None = None
        self._recorded: set[str] = set()  # calls whose records this program has saved
        # After each sign-in: first the records kept while locked, then a call a crash interrupted
        # (the DB worker runs them in this order, so a kept record is never recovered twice).
        app.ops.opened.connect(lambda _user: (self._save_unsaved(), self._recover()))
        locked = getattr(app, "locked", None)
        if locked is not None:
            locked.connect(self._locked)

    # -- starting -------------------------------------------------------------------------
    def start(self, referral_id: str) -> None:
        """Open the call window for `referral_id` (or bring forward the call already open)."""
        if self.call_window is not None and self.call_window.in_call:
            self.call_window.show()
            self.call_window.raise_()
            self.call_window.activateWindow()
            return
        QueryOp(self, lambda store: load_call_start(store, referral_id)).success(self._open).run()

    def _open(self, start: CallStart) -> None:
        from station import consent

        if start.referral.consent is None:
            # Made before the station asked for consent: ask once now, before any picture or voice leaves.
            self._ask_consent(start)
            return
        if not consent.given(start.referral):
            from PySide6.QtWidgets import QMessageBox

            box = QMessageBox(QMessageBox.Icon.Information, self.tr("No consent to share"), self.tr(
                "The patient's side did not agree to share this case, so no video consult can be made for it."),
                parent=self.app.window)
            box.setObjectName("noConsentForCall")
            box.open()
            return
        self._open_call(start)

    def _ask_consent(self, start: CallStart) -> None:
        from station import consent
        from ui.referral.consent import ConsentDialog

        username = getattr(self.app.ops.user, "username", "")
        dialog = ConsentDialog(start.patient.name, username, parent=self.app.window)
        if dialog.exec() != ConsentDialog.DialogCode.Accepted or dialog.consent is None:
            return
        agreed = dialog.consent
        rid = start.referral.id

        def recorded(referral: Referral) -> None:
            start.referral = referral
            if consent.given(referral):
                self._open_call(start)
        CollectionOp(self, lambda store: consent.record(store, rid, agreed)).success(recorded).run()

    def _open_call(self, start: CallStart) -> None:
        from ui.call.window import CallWindow

        self.app.start_network()
        if self.app.net is None:
            return
        prefs = self.app.prefs
        start.camera, start.microphone, start.speaker = prefs.camera, prefs.microphone, prefs.speaker
        window = CallWindow(self.app.net, start, media_factory=self.media_factory,
                            started_by=getattr(self.app.ops.user, "username", ""),
                            speaker_factory=self.speaker_factory, note_every=JOURNAL_SECONDS)
        window.finished.connect(lambda summary, w=window: self.save(summary, w))
        window.tick.connect(self._keep_awake)
        # The session reports the call in progress from the network loop (as it changes, and
        # every JOURNAL_SECONDS): a queued signal, never a read of the session from here.
        window.bridge.progress.connect(self._note, Qt.ConnectionType.QueuedConnection)
        if self.call_window is not None:
            self.call_window.deleteLater()  # the last call's window, long over
        self.call_window = window
        window.show()
        window.begin()
        self.window_opened.emit(window)

    # -- records --------------------------------------------------------------------------
    def save(self, summary: dict[str, Any], window: Any = None) -> None:
        """Store a finished call's record (it leaves with the next sync); `window` hears how it went."""
        from station import calls

        def shown() -> Any:
            return window if window is not None and shiboken6.isValid(window) and window.isVisible() else None

        def failed(exc: BaseException) -> None:
            if isinstance(exc, Locked):
                self.unsaved.append(summary)  # saved after the next sign-in
                return
            log.warning("the call record could not be saved: %s", type(exc).__name__)
            if shown() is not None:
                window.record_failed(exc)
            else:
                from ui.errors import show_error

                show_error(None, exc)

        def done(call: Any) -> None:
            self._recorded.add(call.id)
            if shown() is not None:
                window.record_saved(call)
            self.saved.emit(call)

        CollectionOp(self, lambda store: calls.record(store, summary)).success(done).failure(failed).run()

    def _note(self, summary: dict[str, Any]) -> None:
        """As a call changes state and every JOURNAL_SECONDS of it, keep what is known of it in the
        database, so a power cut in the middle still leaves its record (station.call_journal)."""
        from station import call_journal

        if summary.get("id") in self._recorded or any(s.get("id") == summary.get("id") for s in self.unsaved):
            return  # its record is saved or kept: a late note must not bring the call back
        CollectionOp(self, lambda store: call_journal.note(store, summary)).failure(self._not_noted).run()

    @staticmethod
    def _not_noted(exc: BaseException) -> None:
        if not isinstance(exc, Locked):
            log.warning("the call in progress could not be noted: %s", type(exc).__name__)

    def _recover(self) -> None:
        from station import call_journal

        def recovered(call: Any) -> None:
            if call is not None:
                log.info("recorded a call that was interrupted before it ended")
                self.saved.emit(call)

        def failed(exc: BaseException) -> None:
            log.warning("an interrupted call could not be recorded: %s", type(exc).__name__)

        # A call this program is still ending (or has kept to save) is not a crash's: leave it be.
        running = {summary.get("id") for summary in self.unsaved}
        window = self.call_window
        if window is not None and shiboken6.isValid(window) and window.call_id:
            running.add(window.call_id)
        ids = frozenset(i for i in running if i) - self._recorded
        CollectionOp(self, lambda store: call_journal.recover(store, ids)).success(recovered).failure(failed).run()

    def _save_unsaved(self) -> None:
        waiting, self.unsaved = self.unsaved, []
        for summary in waiting:
            self.save(summary)

    def _locked(self) -> None:
        """The station locked: end the call and hide it (it shows the patient's name)."""
        if self.call_window is not None:
            self.call_window.end_for_lock()

    def _keep_awake(self) -> None:
        # Talking is using the station: no idle lock in the middle of a consult.
        idle = getattr(self.app, "idle", None)
        if idle is not None and self.call_window is not None and self.call_window.in_call:
            import time

            idle.last_input = time.monotonic()


def open_devices(start: CallStart) -> Any:
    """The chosen camera and microphone (no camera → voice only), opened for the network loop."""
    from sync.call.media import open_local

    return open_local(start.camera or None, start.microphone or None)


def install(window: QWidget, app: Any) -> CallLauncher:
    """The app's call launcher (made once), reachable from `window`."""
    launcher = getattr(app, "call_launcher", None)
    if not isinstance(launcher, CallLauncher):
        launcher = CallLauncher(app, app if isinstance(app, QObject) else None)
        app.call_launcher = launcher
    window.call_launcher = launcher  # type: ignore[attr-defined]
    return launcher
