"""Settings: language, idle lock, camera, and the hub this station syncs with."""

from __future__ import annotations

import glob
import sys
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ui.i18n import LANGUAGES, make_heading


def cameras() -> list[tuple[str, str]]:
    """(id, name) of the cameras this computer has. Qt Multimedia is not bundled (size), so on
    Linux the video devices are listed directly; elsewhere the system default is offered."""
    if sys.platform.startswith("linux"):
        found = []
        for dev in sorted(glob.glob("/dev/video*")):
            try:
                with open(f"/sys/class/video4linux/{dev.rsplit('/', 1)[1]}/name", encoding="utf-8") as fh:
                    name = fh.read().strip()
            except OSError:
                name = dev
            found.append((dev, name))
        return found
    return [("default", "default")]


class SettingsTab(QWidget):
    """Changes apply at once; `app` is the running StationApp."""

    enroll_requested = Signal(str, str)  # hub url, code

    def __init__(self, app: Any, is_admin: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        layout = QVBoxLayout(self)
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
        self.idle.setSuffix(" " + self.tr("minutes"))
        self.idle.setValue(round(app.prefs.idle_lock_minutes))
        self.idle.editingFinished.connect(lambda: app.set_idle_minutes(self.idle.value()))
        form.addRow(self.tr("Lock the station after"), self.idle)

        self.camera = QComboBox()
        self.camera.setObjectName("camera")
        found = cameras()
        if not found:
            self.camera.addItem(self.tr("No camera found on this computer"), "")
        for dev, name in found:
            self.camera.addItem(name, dev)
        if app.prefs.camera:
            index = self.camera.findData(app.prefs.camera)
            if index >= 0:
                self.camera.setCurrentIndex(index)
        self.camera.activated.connect(self._camera)
        form.addRow(self.tr("Camera for photos and calls"), self.camera)
        layout.addLayout(form)

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
        for w in (self.idle, self.camera, self.hub_url, self.code, self.enroll_button):
            w.setEnabled(is_admin)
        if not is_admin:
            note = QLabel(self.tr("Only an administrator can change the lock time, camera and hub."))
            note.setWordWrap(True)
            layout.insertWidget(2, note)
        self.show_hub(None)

    def _language(self, _index: int) -> None:
        code = self.language.currentData()
        if code != self.app.prefs.language:
            self.app.set_language(code)

    def _camera(self, _index: int) -> None:
        from ui import prefs

        self.app.prefs.camera = self.camera.currentData() or ""
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
