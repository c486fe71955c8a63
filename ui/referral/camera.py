"""Webcam snapshots for a referral, when this computer has a camera.

Qt's camera support (QtMultimedia) is an optional install (pyside6-addons); many clinic PCs
have no camera at all. Both cases are reported in words on the button, never as an error.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass

from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QIODevice, Qt, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget


@dataclass
class CameraState:
    available: bool
    reason: str       # shown on the button when there is no camera
    device_id: bytes = b""


def camera_state(preferred_id: str = "") -> CameraState:
    """Is there a camera to use? Looks once; cheap enough to call when a form opens."""
    if importlib.util.find_spec("PySide6.QtMultimedia") is None:
        return CameraState(False, QCoreApplication.translate("Camera", "No camera support on this computer"))
    from PySide6.QtMultimedia import QMediaDevices

    devices = QMediaDevices.videoInputs()
    if not devices:
        return CameraState(False, QCoreApplication.translate("Camera", "No camera found"))
    chosen = next((d for d in devices if bytes(d.id().data()).decode(errors="replace") == preferred_id), devices[0])
    return CameraState(True, "", bytes(chosen.id().data()))


def jpeg_bytes(image: QImage, quality: int = 85) -> bytes:
    """A captured frame as JPEG (what the hub and the specialist's browser show directly)."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "JPEG", quality)
    buffer.close()
    return bytes(data.data())


class SnapshotDialog(QDialog):
    """A live preview and a "Take photo" button. `taken` carries the JPEG bytes."""

    taken = Signal(bytes)

    def __init__(self, state: CameraState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtMultimedia import QCamera, QImageCapture, QMediaCaptureSession, QMediaDevices
        from PySide6.QtMultimediaWidgets import QVideoWidget

        self.setWindowTitle(QCoreApplication.translate("Camera", "Take a photo"))
        device = next((d for d in QMediaDevices.videoInputs() if bytes(d.id().data()) == state.device_id),
                      QMediaDevices.defaultVideoInput())
        self.camera = QCamera(device, self)
        self.capture = QImageCapture(self)
        self.session = QMediaCaptureSession(self)
        self.session.setCamera(self.camera)
        self.session.setImageCapture(self.capture)
        self.preview = QVideoWidget()
        self.preview.setMinimumSize(480, 360)
        self.session.setVideoOutput(self.preview)
        self.capture.imageCaptured.connect(self._captured)
        self.capture.errorOccurred.connect(lambda *_a: self.note.setText(
            QCoreApplication.translate("Camera", "The camera could not take the photo. Check that no other program is using it.")))
        self.note = QLabel(QCoreApplication.translate("Camera", "Hold the camera steady, with good light on the skin or wound."))
        self.note.setWordWrap(True)
        take = QPushButton(QCoreApplication.translate("Camera", "&Take photo"))
        take.setDefault(True)
        take.clicked.connect(lambda: self.capture.capture())
        close = QPushButton(QCoreApplication.translate("Camera", "Close"))
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(take)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.note)
        layout.addLayout(buttons)
        self.camera.start()

    def _captured(self, _request_id: int, image: QImage) -> None:
        # Big enough for a specialist to judge a rash; small enough for a 2G link.
        scaled = image.scaled(1280, 1280, Qt.AspectRatioMode.KeepAspectRatio,
                              Qt.TransformationMode.SmoothTransformation)
        self.taken.emit(jpeg_bytes(scaled))
        self.note.setText(QCoreApplication.translate("Camera", "Photo added. Take another or close."))

    def done(self, result: int) -> None:
        self.camera.stop()
        super().done(result)
