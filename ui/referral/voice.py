"""The "Record voice note" control (referral form, message thread) and playing notes.

Recording runs on the recorder's own thread (sync.call.voice_note); this widget polls its level
and elapsed time on a short timer. A finished note stays in memory until the health worker
attaches or sends it; discarding it leaves nothing behind. Playing goes through the speaker or
headset chosen in Settings, like a call's voice.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from sync.wire.voice import MAX_SECONDS

SHORTCUT = "Ctrl+Shift+R"


def _clock(seconds: float) -> str:
    whole = max(0, int(seconds))
    # Digits keep their left-to-right order in an Urdu line.
    return f"\u2066{whole // 60}:{whole % 60:02d}\u2069"


def _default_recorder(mic: str | None) -> Any:
    from sync.call.voice_note import Recorder

    return Recorder(mic or None)


def _microphones() -> list[Any]:
    from sync.call.devices import list_devices

    return list_devices().microphones


def _default_player(data: bytes, speaker: str | None) -> Any:
    from sync.call.voice_note import NotePlayer

    return NotePlayer(data, speaker or None)


class VoiceNoteControl(QWidget):
    """Start / stop (Ctrl+Shift+R), level meter, elapsed time, 3-minute limit, listen, discard, attach.

    `attached` carries the Ogg Opus bytes when the health worker attaches the note.
    """

    attached = Signal(bytes)
    discarded = Signal()

    def __init__(self, attach_text: str, parent: QWidget | None = None, *, mic: str = "", speaker: str = "",
                 recorder: Callable[[str | None], Any] = _default_recorder,
                 player: Callable[[bytes, str | None], Any] = _default_player,
                 microphones: Callable[[], list[Any]] = _microphones) -> None:
        super().__init__(parent)
        self.mic, self.speaker = mic, speaker
        self.make_recorder, self.make_player = recorder, player
        self.microphones = microphones
        self._lister: Any = None
        self.recorder: Any = None
        self.player: Any = None
        self.note: bytes | None = None
        self.limit = MAX_SECONDS
        self.setObjectName("voiceNote")

        self.record_button = QPushButton(self.tr("Record voice note"))
        self.record_button.setObjectName("voiceRecord")
        self.record_button.setToolTip(self.tr("Start or stop recording (%1)").replace("%1", SHORTCUT))
        self.record_button.clicked.connect(self.toggle)
        self.level = QProgressBar()
        self.level.setObjectName("voiceLevel")
        self.level.setRange(0, 100)
        self.level.setTextVisible(False)
        self.level.setFixedWidth(140)
        self.level.setAccessibleName(self.tr("Microphone level"))
        self.elapsed = QLabel()
        self.elapsed.setObjectName("voiceElapsed")
        self.listen_button = QPushButton(self.tr("Listen"))
        self.listen_button.setObjectName("voiceListen")
        self.listen_button.clicked.connect(self.listen)
        self.discard_button = QPushButton(self.tr("Discard"))
        self.discard_button.setObjectName("voiceDiscard")
        self.discard_button.clicked.connect(self.discard)
        self.attach_button = QPushButton(attach_text)
        self.attach_button.setObjectName("voiceAttach")
        self.attach_button.setProperty("primary", True)
        self.attach_button.clicked.connect(self.attach)
        self.status = QLabel()
        self.status.setObjectName("voiceStatus")
        self.status.setWordWrap(True)
        for button in (self.record_button, self.listen_button, self.discard_button, self.attach_button):
            button.setMinimumHeight(32)

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        for w in (self.record_button, self.level, self.elapsed, self.listen_button, self.discard_button,
                  self.attach_button):
            row.addWidget(w)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.status)
        self.timer = QTimer(self)
        self.timer.setInterval(100)
        self.timer.timeout.connect(self._poll)
        shortcut = QShortcut(QKeySequence(SHORTCUT), parent or self, activated=self.toggle)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.shortcut = shortcut
        self._show("idle")

    def look_for_microphone(self) -> None:
        """With no microphone chosen in Settings, say at once when the computer has none (listing runs
        off the UI thread). A chosen one is simply tried when the health worker presses Record."""
        if self.mic:
            return
        if self._lister is None:
            from ui.call.devices import DeviceLister

            self._lister = DeviceLister(self, self.microphones, list)
            self._lister.found.connect(self._microphones_found)
        self._lister.look()

    def _microphones_found(self, found: list[Any]) -> None:
        has_one = bool(found)
        self.record_button.setEnabled(has_one)
        if not has_one and self.state == "idle":
            self.status.setText(self.tr("No microphone was found on this computer, so voice notes cannot be "
                                        "recorded. Everything else here still works: write instead."))
        elif has_one and self.state == "idle" and not self.note:
            self.status.clear()

    # -- state ------------------------------------------------------------------------------------
    def _show(self, state: str) -> None:
        self.state = state
        recording = state in ("opening", "recording")
        self.record_button.setText(self.tr("Stop recording") if recording else self.tr("Record voice note"))
        self.level.setVisible(recording)
        self.elapsed.setVisible(recording or state == "recorded")
        has_note = state == "recorded"
        for button in (self.listen_button, self.attach_button):
            button.setVisible(has_note)
        # Once attached to a form, the note can still be taken off it before the form is sent.
        self.discard_button.setVisible(has_note or state == "attached")
        self.discard_button.setText(self.tr("Remove the voice note") if state == "attached" else self.tr("Discard"))
        if not recording:
            self.level.setValue(0)

    def toggle(self) -> None:
        if self.state in ("opening", "recording"):
            self.stop()
        elif self.isEnabled():
            self.start()

    def start(self) -> None:
        """Start recording from the microphone chosen in Settings (replaces a note not yet attached)."""
        self._stop_playing()
        if self.state == "attached":
            self.discarded.emit()  # recording again replaces the note attached before
        self.note = None
        self.recorder = self.make_recorder(self.mic or None)
        self.recorder.start()
        self.status.setText(self.tr("Recording… speak now. Press Stop (or %1) when you have finished; "
                                    "at most 3 minutes.").replace("%1", "\u2066" + SHORTCUT + "\u2069"))
        self._show("opening")
        self.timer.start()

    def stop(self) -> None:
        recorder, self.recorder = self.recorder, None
        self.timer.stop()
        if recorder is None:
            return
        data = recorder.stop()
        if recorder.state == "failed" or not data:
            self._no_microphone()
            return
        self.note = data
        self.elapsed.setText(_clock(recorder.elapsed))
        self.status.setText(self.tr("Voice note recorded (%1). Listen to it, then attach it or discard it.")
                            .replace("%1", _clock(recorder.elapsed)))
        self._show("recorded")

    def _poll(self) -> None:
        recorder = self.recorder
        if recorder is None:
            return
        if recorder.state == "failed":
            self.recorder = None
            self.timer.stop()
            self._no_microphone()
            return
        if recorder.state == "recording":
            self.state = "recording"
        self.level.setValue(round(min(1.0, recorder.level * 1.5) * 100))
        self.elapsed.setText(_clock(recorder.elapsed) + " / " + _clock(self.limit))
        if recorder.state == "done" or recorder.elapsed >= self.limit:
            self.stop()
            if self.note:
                self.status.setText(self.tr("The 3-minute limit was reached: the note was stopped there. "
                                            "Listen to it, then attach it or discard it."))

    def _no_microphone(self) -> None:
        self._show("idle")
        self.status.setText(self.tr("No microphone could be used, so no voice note can be recorded. "
                                    "Check the microphone in Settings. Everything else here still works: "
                                    "write your question instead."))

    # -- the finished note ------------------------------------------------------------------------
    def listen(self) -> None:
        if self.note:
            self.play(self.note)

    def play(self, data: bytes) -> None:
        """Play a note on the speaker chosen in Settings (stops one already playing)."""
        self._stop_playing()
        self.player = self.make_player(data, self.speaker or None)
        self.player.start()
        QTimer.singleShot(400, self._check_player)

    def _check_player(self) -> None:
        player = self.player
        if player is not None and player.state == "failed":
            self.status.setText(self.tr("No speaker or headset could be used to play the note. "
                                        "Check the speaker in Settings."))

    def _stop_playing(self) -> None:
        if self.player is not None:
            self.player.stop()
            self.player = None

    def discard(self) -> None:
        self._stop_playing()
        self.note = None
        self.status.setText(self.tr("The voice note was discarded."))
        self._show("idle")
        self.discarded.emit()

    def attach(self) -> None:
        if not self.note:
            return
        self._stop_playing()
        data, self.note = self.note, None
        self._show("idle")
        self.attached.emit(data)

    def show_attached(self, text: str) -> None:
        """The note now belongs to the form (it is sent with it); Remove takes it off again."""
        self._show("attached")
        self.status.setText(text)

    def clear(self) -> None:
        if self.recorder is not None:
            self.timer.stop()
            self.recorder.stop()
            self.recorder = None
        self._stop_playing()
        self.note = None
        self.status.clear()
        self._show("idle")
