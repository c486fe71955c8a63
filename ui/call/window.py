"""The call window: the specialist big, this clinic small in a corner, four big buttons.

It drives a sync.call.session.CallSession on the network loop (never on the UI thread): the
session is made and started there (and handed to this window by a queued signal), the buttons
call into it there, and what it reports comes back through ui.call.bridge as queued signals: the
window never reads the session's state across threads. When the call ends, `finished` carries the
session's summary; the launcher saves it as the call record (which then syncs).
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from ui.call import words
from ui.call.bridge import CallBridge
from ui.call.video import VideoView
from ui.i18n import make_heading
from ui.patients.display import short_line
from ui.referral.words import specialty_text
from ui.style import repolish

log = logging.getLogger("ui.call.window")
BUTTON_HEIGHT = 52
CHIP_COLOURS = {"good": "ok", "weak": "warning", "audio_only": "warning", "reconnecting": "danger"}


class Stage(QWidget):
    """The remote picture filling the space, the local preview over its bottom corner.

    The preview sits on the trailing side (right in English, left in Urdu), like the text's end."""

    def __init__(self, remote: VideoView, local: VideoView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.remote, self.local = remote, local
        remote.setParent(self)
        local.setParent(self)
        local.raise_()
        self.setMinimumSize(QSize(360, 270))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.remote.setGeometry(self.rect())
        width = max(120, self.width() // 4)
        height = width * 3 // 4
        margin = 12
        x = margin if self.isRightToLeft() else self.width() - width - margin
        self.local.setGeometry(x, self.height() - height - margin, width, height)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LayoutDirectionChange:
            self.resizeEvent(QResizeEvent(self.size(), self.size()))


class CallWindow(QWidget):
    """One video consult. `begin()` starts it; `finished(summary)` when it has ended."""

    finished = Signal(object)  # the session's summary, with the call id
    tick = Signal()            # once a second while the window is open

    def __init__(self, net: Any, start: Any, media_factory: Callable[[Any], Any],
                 parent: QWidget | None = None, started_by: str = "",
                 speaker_factory: Callable[[Any], Any] | None = None, note_every: float = 15.0) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.net = net
        self.start = start  # ui.call.launcher.CallStart
        self.media_factory = media_factory
        self.speaker_factory = speaker_factory  # None: the session opens start.speaker itself
        self.notes: list[str] = []  # what the devices are missing, in the interface language
        self.started_by = started_by
        # The CallSession lives on the network loop; the bridge hands it over (queued) once made.
        self.session: Any = None
        self.call_id = ""
        self.state = "preparing"
        self.level = "good"
        self.muted = False
        self.camera_on = True
        self.has_camera = True
        self.connected_at: float | None = None
        self.ended_seconds: float | None = None
        self.summary: dict[str, Any] | None = None
        self._closing = threading.Event()  # read on the loop before the session is made
        self._end_wanted = False  # hung up before the session reached this thread
        self.bridge = CallBridge(self, note_every)
        self._build()
        self._wire()
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._each_second)
        self._timer.start()
        self._show_state("preparing", "")

    # -- building -------------------------------------------------------------------------
    def _build(self) -> None:
        referral, patient = self.start.referral, self.start.patient
        self.setWindowTitle(self.tr("Video consult — %1").replace("%1", patient.name))
        self.setObjectName("callWindow")
        self.resize(960, 720)
        title = self.tr("Video consult: %1").replace("%1", specialty_text(referral.specialty))
        self.title = make_heading(title, 1)
        self.who = QLabel(short_line(patient))
        self.who.setObjectName("callPatient")
        self.who.setWordWrap(True)
        self.status = QLabel()
        self.status.setObjectName("callStatus")
        font = self.status.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.status.setFont(font)
        self.status.setWordWrap(True)
        self.detail = QLabel()
        self.detail.setObjectName("callDetail")
        self.detail.setWordWrap(True)
        self.clock = QLabel()
        self.clock.setObjectName("callClock")
        self.clock.setFont(font)
        self.chip = QLabel()
        self.chip.setObjectName("callQuality")
        self.chip.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.notice = QLabel()
        self.notice.setObjectName("callNotice")
        self.notice.setWordWrap(True)
        self.notice.setProperty("banner", "warning")
        self.notice.hide()
        self.muted_note = QLabel(self.tr("You are muted: the specialist cannot hear you."))
        self.muted_note.setObjectName("mutedNote")
        self.muted_note.setWordWrap(True)
        self.muted_note.setProperty("banner", "danger")
        self.muted_note.hide()
        self.remote = VideoView(self.tr("The specialist's video appears here when they join."))
        self.remote.setObjectName("remoteVideo")
        self.local = VideoView(self.tr("Your camera"), mirrored=True, framed=True)
        self.local.setObjectName("localVideo")
        self.stage = Stage(self.remote, self.local)
        self.stage.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

        self.mute_button = self._button("muteButton", self.tr("Mute"), self.toggle_mute)
        self.camera_button = self._button("cameraButton", self.tr("Camera off"), self.toggle_camera)
        self.audio_button = self._button("audioOnlyButton", self.tr("Audio only"), self.toggle_audio_only)
        self.audio_button.setCheckable(True)
        self.end_button = self._button("endButton", self.tr("End call"), self.end_or_close)
        palette = self.end_button.palette()
        from PySide6.QtGui import QColor, QPalette

        palette.setColor(QPalette.ColorRole.Button, QColor("#b3261e"))
        palette.setColor(QPalette.ColorRole.ButtonText, QColor("white"))
        self.end_button.setPalette(palette)

        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.chip, 0, Qt.AlignmentFlag.AlignTop)
        status_row = QHBoxLayout()
        status_row.addWidget(self.status, 1)
        status_row.addWidget(self.clock, 0, Qt.AlignmentFlag.AlignTop)
        buttons = QHBoxLayout()
        buttons.setSpacing(10)
        for button in (self.mute_button, self.camera_button, self.audio_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.end_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 14)
        layout.addLayout(header)
        layout.addWidget(self.who)
        layout.addLayout(status_row)
        layout.addWidget(self.detail)
        layout.addWidget(self.notice)
        layout.addWidget(self.stage, 1)
        layout.addWidget(self.muted_note)
        layout.addLayout(buttons)

    def _button(self, name: str, text: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setMinimumHeight(BUTTON_HEIGHT)
        button.setMinimumWidth(150)
        font = button.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        button.setFont(font)
        button.clicked.connect(slot)
        return button

    def _wire(self) -> None:
        bridge, queued = self.bridge, self.bridge.connect_queued
        queued(bridge.state, self._show_state)
        queued(bridge.quality, self._show_quality)
        queued(bridge.remote_quality, self._show_remote_quality)
        queued(bridge.finished, self._finished)
        queued(bridge.remote_ready, self._remote_picture)
        queued(bridge.local_ready, self._local_picture)
        queued(bridge.media_ready, self._devices_opened)
        queued(bridge.notice, self._show_notice)
        queued(bridge.began, self._began)

    # -- the call on the network loop -----------------------------------------------------
    @property
    def in_call(self) -> bool:
        return self.summary is None and self.state not in ("ended", "failed")

    def begin(self) -> None:
        """Open the camera and microphone and call, all on the network loop."""
        self.net.run_coroutine(self._run(), on_error=self._could_not_start)

    async def _run(self) -> None:
        from sync.call.session import CallSession
        from sync.client import HubClient

        start = self.start
        # Opening a camera can take a second: off the loop, which carries sync and signaling meanwhile.
        media = await asyncio.get_running_loop().run_in_executor(None, self.media_factory, start)
        if self._closing.is_set():
            media.close()  # the window was closed before the devices opened: no call
            return

        def client() -> HubClient:
            return HubClient(start.hub_url, start.hub_station_id, start.private_key,
                             clock_offset=start.clock_offset)

        speaker = self.speaker_factory(start) if self.speaker_factory is not None else None
        session = CallSession(client, start.referral.id, start.patient.id, media=media,
                              on_event=self.bridge.on_event, started_by=self.started_by,
                              speaker=speaker, speaker_device=start.speaker or None)
        self.bridge.watch(session)
        # What the devices gave is known now; the window hears it while the call is being set up.
        self.bridge.media_ready.emit(media.video is not None, list(media.problems))
        await session.start()

    def _began(self, session: Any) -> None:
        self.session, self.call_id = session, session.call_id
        if self._end_wanted:  # closed or locked while the call was being made: end it now
            self.net.run_coroutine(session.hang_up(), on_error=lambda exc: log.warning("hang up: %s", exc))

    def _devices_opened(self, has_camera: bool, problems: list[str]) -> None:
        self.has_camera = has_camera
        notes = [words.media_problem_text(p) for p in problems]
        if not has_camera:
            self.local.clear(self.tr("No camera — this call is voice only"))
            self.camera_button.setText(self.tr("No camera"))
            self.camera_button.setEnabled(False)
            self.audio_button.setEnabled(False)
            self.audio_button.setChecked(True)
            if not problems:
                notes.append(self.tr("No camera found: this call is voice only. The specialist can still "
                                     "be seen and heard."))
        self._add_notes(notes)

    def _show_notice(self, sentence: str) -> None:
        """Something the session found while the call goes on (e.g. no speaker), in the notice line."""
        self._add_notes([words.media_problem_text(sentence)])

    def _add_notes(self, notes: list[str]) -> None:
        if self.summary is not None:
            return  # the call is over: the notice line now tells about its record
        self.notes = list(dict.fromkeys(self.notes + notes))
        self.notice.setText("\n".join(self.notes))
        self.notice.setVisible(bool(self.notes))

    def _could_not_start(self, exc: BaseException) -> None:
        from ui.errors import plain_message

        log.warning("the call could not start: %s", type(exc).__name__)
        self._show_state("failed", "")
        self.detail.setText(plain_message(exc))
        if self.session is None:
            self.summary = {}  # no call was made: there is nothing to record

    def _in_loop(self, fn: Callable[..., Any], *args: Any) -> None:
        if self.session is not None:
            self.net.call_soon(fn, *args)

    # -- buttons --------------------------------------------------------------------------
    def toggle_mute(self) -> None:
        if self.session is None:
            return
        self.muted = not self.muted
        self._in_loop(self.session.set_muted, self.muted)
        self.mute_button.setText(self.tr("Unmute") if self.muted else self.tr("Mute"))
        self.muted_note.setVisible(self.muted)

    def toggle_camera(self) -> None:
        if self.session is None or not self.has_camera:
            return
        self.camera_on = not self.camera_on
        self._in_loop(self.session.set_camera, self.camera_on)
        self.camera_button.setText(self.tr("Camera off") if self.camera_on else self.tr("Camera on"))
        if not self.camera_on:
            self.local.clear(self.tr("Your camera is off: the specialist cannot see you"))

    def toggle_audio_only(self) -> None:
        if self.session is None or not self.has_camera:
            self.audio_button.setChecked(not self.has_camera)
            return
        on = self.audio_button.isChecked()
        self._in_loop(self.session.set_audio_only, on)
        self.audio_button.setText(self.tr("Video back on") if on else self.tr("Audio only"))

    def end_or_close(self) -> None:
        """End the call; once it has ended the same button closes the window."""
        if not self.in_call:
            self.close()
            return
        self.hang_up()

    def hang_up(self) -> None:
        if self.session is None:
            self._end_wanted = True
            return
        if self.state in ("ending", "ended", "failed"):
            return
        self._show_state("ending", "")
        self.net.run_coroutine(self.session.hang_up(), on_error=lambda exc: log.warning("hang up: %s", exc))

    def end_for_lock(self) -> None:
        """The station locked: end the call and hide the window (it shows the patient's name)."""
        self.hang_up()
        self.hide()

    # -- what the session reports ---------------------------------------------------------
    def _show_state(self, state: str, sentence: str) -> None:
        if self.state in ("ended", "failed") and state not in ("ended", "failed"):
            return
        self.state = state
        if state == "active" and self.connected_at is None:
            self.connected_at = time.monotonic()
            self.remote.set_message(self.tr("Waiting for the specialist's video…"))
        if state in ("ended", "failed"):
            if self.connected_at is not None and self.ended_seconds is None:
                self.ended_seconds = time.monotonic() - self.connected_at
            self._call_over()
        self.status.setText(self._status_line())
        own = words.state_text(state)
        said = words.session_text(sentence)
        # The session's sentence adds what the status line cannot say (who joined, why it ended).
        self.detail.setText(said if said and said != own and said.rstrip(".") != own else "")
        self.detail.setVisible(bool(self.detail.text()))
        self._show_chip()

    def _status_line(self) -> str:
        if self.state in ("ended", "failed"):
            if self.state == "ended" or self.connected_at is not None:
                return words.ended_text(self.ended_seconds, self.connected_at is not None)
            return words.state_text("failed")
        if self.state == "active" and self.level != "good":
            return words.quality_text(self.level)
        return words.state_text(self.state)

    def _show_quality(self, level: str) -> None:
        self.level = level
        if self.state == "active":
            self.status.setText(self._status_line())
        if level == "audio_only":
            self.local.clear(self.tr("Video paused: the link is too weak. Voice continues."))
        self._show_chip()

    def _show_remote_quality(self, level: str) -> None:
        text = words.remote_quality_text(level)
        if level == "audio_only":
            self.remote.clear(self.tr("The specialist's video is paused: their link is weak. "
                                      "Voice continues."))
        self.chip.setToolTip(text)
        if text and self.state == "active":
            self.detail.setText(text)
            self.detail.setVisible(True)

    def _show_chip(self) -> None:
        level = "reconnecting" if self.state == "reconnecting" else self.level
        showing = self.state in ("active", "reconnecting")
        self.chip.setVisible(showing)
        self.chip.setText(words.quality_chip(level))
        self.chip.setProperty("banner", CHIP_COLOURS.get(level, "ok"))
        repolish(self.chip)

    def _remote_picture(self) -> None:
        image = self.bridge.remote.take()
        if image is not None and self.in_call:
            self.remote.show_image(image)

    def _local_picture(self) -> None:
        image = self.bridge.local.take()
        if image is not None and self.in_call and self.camera_on and self.level != "audio_only":
            self.local.show_image(image)

    def _call_over(self) -> None:
        for button in (self.mute_button, self.camera_button, self.audio_button):
            button.setEnabled(False)
        self.end_button.setText(self.tr("Close"))
        self.chip.hide()
        self.mute_button.setText(self.tr("Mute"))
        self.remote.clear(self.tr("The call has ended."))
        self.local.clear("")
        self.local.hide()
        self.muted_note.hide()
        self.clock.clear()

    def _finished(self, summary: dict[str, Any]) -> None:
        self.summary = summary
        if summary.get("outcome") == "missed":
            self.status.setText(words.state_text("missed"))
        elif summary.get("duration_seconds") is not None:
            # The record's own duration, so the window and the saved call say the same.
            self.ended_seconds = summary["duration_seconds"]
            self.status.setText(words.ended_text(self.ended_seconds, True))
        self.finished.emit(summary)

    # -- the record -----------------------------------------------------------------------
    def record_saved(self, _call: Any) -> None:
        self.notice.setProperty("banner", "ok")
        self.notice.setText(self.tr("The call is saved in the patient's record. It reaches the hub with "
                                    "the next sync."))
        self.notice.show()
        repolish(self.notice)

    def record_failed(self, exc: BaseException) -> None:
        from ui.errors import show_error

        show_error(self, exc)

    # -- keeping time ---------------------------------------------------------------------
    def _each_second(self) -> None:
        self.tick.emit()
        if self.connected_at is not None and self.in_call:
            self.clock.setText(words.clock_text(time.monotonic() - self.connected_at))
        elif not self.in_call:
            self.clock.clear()
            self._timer.stop()

    def closeEvent(self, event: QCloseEvent) -> None:
        # Closing the window ends the call; its record is still saved when the session reports the end.
        self._closing.set()
        if self.session is None and self.summary is None:
            self.summary = {}  # closed before the devices opened: no call was made, nothing to record
            self.state = "ended"
        self.hang_up()
        super().closeEvent(event)
