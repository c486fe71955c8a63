"""Settings: language, idle lock, camera, microphone and speaker, and the hub this station syncs with."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from ui.call.devices import DeviceLister, microphone_name, speaker_name
from ui.i18n import LANGUAGES, make_heading
from ui.patients.forms import scroll_body


class SettingsTab(QWidget):
    """Changes apply at once; `app` is the running StationApp."""

    enroll_requested = Signal(str, str)  # hub url, code

    def __init__(self, app: Any, is_admin: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        layout = scroll_body(self)
        layout.addWidget(make_heading(self.tr("Settings"), 2))
        form = QFormLayout()
        self.language = QComboBox()
        self.language.setObjectName("language")
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(list(LANGUAGES).index(app.prefs.language))
        self.language.activated.connect(self._language)
        form.addRow(self.tr("Language"), self.language)

        self.idle = QSpinBox()
        self.idle.setObjectName("idle_minutes")
        self.idle.setRange(1, 240)
        self.idle.valueChanged.connect(self._idle_suffix)
        self.idle.setValue(round(app.prefs.idle_lock_minutes))
        self._idle_suffix(self.idle.value())
        self.idle.editingFinished.connect(lambda: app.set_idle_minutes(self.idle.value()))
        form.addRow(self.tr("Lock the station after"), self.idle)

        # Cameras, microphones and speakers come from the same listings the video consult opens them by.
        self.is_admin = is_admin
        self.camera = QComboBox()
        self.camera.setObjectName("camera")
        self.camera.activated.connect(self._camera)
        form.addRow(self.tr("Camera for photos and calls"), self.camera)
        self.microphone = QComboBox()
        self.microphone.setObjectName("microphone")
        self.microphone.activated.connect(self._microphone)
        form.addRow(self.tr("Microphone for calls"), self.microphone)
        self.speaker = QComboBox()
        self.speaker.setObjectName("speaker")
        self.speaker.activated.connect(self._speaker)
        form.addRow(self.tr("Speaker or headset for calls"), self.speaker)
        self.devices_note = QLabel()
        self.devices_note.setObjectName("devicesNote")
        self.devices_note.setWordWrap(True)
        self.look_again = QPushButton(self.tr("Look for the camera, microphone and speaker again"))
        self.look_again.setObjectName("lookAgain")
        self.look_again.clicked.connect(self.find_devices)
        layout.addLayout(form)
        layout.addWidget(self.devices_note)
        layout.addWidget(self.look_again, 0, Qt.AlignmentFlag.AlignLeading)
        self._lister = DeviceLister(self)
        self._lister.found.connect(self.show_devices)

        layout.addSpacing(14)
        layout.addWidget(make_heading(self.tr("Hub"), 2))
        self.hub_state = QLabel()
        self.hub_state.setWordWrap(True)
        layout.addWidget(self.hub_state)
        hub_form = QFormLayout()
        self.hub_url = QLineEdit(app.prefs.hub_url)
        self.hub_url.setObjectName("hub_url")
        self.hub_url.setPlaceholderText("https://hub.example.org")
        self.code = QLineEdit()
        self.code.setObjectName("enrollment_code")
        hub_form.addRow(self.tr("Hub address"), self.hub_url)
        hub_form.addRow(self.tr("Enrollment code"), self.code)
        layout.addLayout(hub_form)
        self.enroll_button = QPushButton(self.tr("Connect this station to the hub"))
        self.enroll_button.clicked.connect(self._enroll)
        self.hub_error = QLabel()
        self.hub_error.setWordWrap(True)
        self.hub_error.setProperty("fieldError", True)
        layout.addWidget(self.enroll_button)
        layout.addWidget(self.hub_error)
        layout.addStretch(1)
        for w in (self.idle, self.hub_url, self.code, self.enroll_button, self.look_again):
            w.setEnabled(is_admin)
        if not is_admin:
            note = QLabel(self.tr("Only an administrator can change the lock time, camera, microphone, speaker "
                                  "and hub."))
            note.setObjectName("adminOnlyNote")
            note.setWordWrap(True)
            layout.insertWidget(2, note)
        self.show_hub(None)
        self.find_devices()

    def _idle_suffix(self, minutes: int) -> None:
        self.idle.setSuffix(" " + (self.tr("minute") if minutes == 1 else self.tr("minutes")))

    def _language(self, _index: int) -> None:
        code = self.language.currentData()
        if code != self.app.prefs.language:
            self.app.set_language(code)

    # -- camera, microphone and speaker -----------------------------------------------------
    def find_devices(self) -> None:
        """List the cameras, microphones and speakers (off the UI thread); `show_devices` fills the choices."""
        for combo in (self.camera, self.microphone, self.speaker):
            combo.clear()
            combo.addItem(self.tr("Looking…"), "")
            combo.setEnabled(False)
        self.devices_note.clear()
        self._lister.look()

    def show_devices(self, devices: Any) -> None:
        """Fill the choices from a sync.call.devices.Devices; an empty list says so plainly."""
        prefs = self.app.prefs
        chosen = {"camera": prefs.camera, "microphone": prefs.microphone, "speaker": prefs.speaker}
        named = {"camera": lambda _id, name: name, "microphone": microphone_name, "speaker": speaker_name}
        none_found = {"camera": self.tr("No camera found"), "microphone": self.tr("No microphone found"),
                      "speaker": self.tr("No speaker found")}
        notes = []
        for combo, items, key in ((self.camera, devices.cameras, "camera"),
                                  (self.microphone, devices.microphones, "microphone"),
                                  (self.speaker, devices.speakers, "speaker")):
            combo.clear()
            for device in items:
                combo.addItem(named[key](device.id, device.name), device.id)
            combo.setEnabled(self.is_admin and bool(items))
            if not items:
                combo.addItem(none_found[key], "")
            index = combo.findData(chosen[key]) if chosen[key] else -1
            combo.setCurrentIndex(max(index, 0))
        if not devices.cameras:
            notes.append(self.tr("No camera found on this computer: video consults will be voice only. "
                                 "Connect a camera, then press the button below."))
        if not devices.microphones:
            notes.append(self.tr("No microphone found: in a video consult the specialist would not hear you. "
                                 "Connect a headset or microphone, then press the button below."))
        if not devices.speakers:
            notes.append(self.tr("No speaker or headset found: in a video consult you would not hear the "
                                 "specialist. Connect a speaker or headset, then press the button below."))
        self.devices_note.setText("\n".join(notes))
        self.devices_note.setProperty("banner", "warning" if notes else "")
        self.devices_note.setVisible(bool(notes))
        from ui.style import repolish

        repolish(self.devices_note)

    def _camera(self, _index: int) -> None:
        self._save_device("camera", self.camera.currentData() or "")

    def _microphone(self, _index: int) -> None:
        self._save_device("microphone", self.microphone.currentData() or "")

    def _speaker(self, _index: int) -> None:
        self._save_device("speaker", self.speaker.currentData() or "")

    def _save_device(self, key: str, value: str) -> None:
        from ui import prefs

        setattr(self.app.prefs, key, value)
        prefs.save(self.app.data_dir, self.app.prefs)

    def _enroll(self) -> None:
        url, code = self.hub_url.text().strip(), self.code.text().strip()
        if not url.startswith(("http://", "https://")):
            self.hub_error.setText(self.tr("Hub address: it starts with https:// (for example "
                                           "https://hub.example.org)."))
            return
        if not code:
            self.hub_error.setText(self.tr("Enrollment code: type the one-time code from the hub's administrator."))
            return
        self.hub_error.clear()
        self.enroll_button.setEnabled(False)
        self.enroll_requested.emit(url, code)

    def enroll_finished(self, error: str | None) -> None:
        self.enroll_button.setEnabled(True)
        if error:
            self.hub_error.setText(error)
        else:
            self.code.clear()
            self.show_hub(self.hub_url.text().strip())

    def show_hub(self, enrolled_url: str | None) -> None:
        if enrolled_url:
            self.hub_state.setText(self.tr("This station is connected to %1.").replace("%1", enrolled_url))
        else:
            self.hub_state.setText(self.tr("This station is not connected to a hub yet. Its work is kept here "
                                           "until it is."))
