"""Webcam snapshots for a referral, when this computer has a camera.

The camera is opened through FFmpeg (PyAV) exactly as video consults open it
(sync.call.media.camera_spec: v4l2 on Linux, DirectShow on Windows, AVFoundation on macOS),
so one camera setting in Settings serves both, and no extra Qt module is needed. Frames are
read on a thread of their own (`camera`, one per open preview), which also closes the device:
the UI thread only asks it to stop and never waits for it. The dialog only ever sees the newest
frame. Many clinic PCs have
no camera at all: that is said on the button, never shown as an error.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from dataclasses import dataclass, field

from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QIODevice, QObject, Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

log = logging.getLogger("ui.referral.camera")
PHOTO_SIZE = (1280, 720)   # big enough for a specialist to judge a rash; small enough for a 2G link
PHOTO_FPS = 15

Spec = tuple[str, "str | None", list[dict[str, str]]]  # what FFmpeg opens: target, format, option sets


@dataclass
class CameraState:
    available: bool
    reason: str                       # shown on the button when there is no camera
    spec: Spec | None = None          # how to open the chosen camera
    name: str = ""
    problems: list[str] = field(default_factory=list)


def looking() -> CameraState:
    """What the button says while camera_state() runs (off the UI thread: see find_camera)."""
    return CameraState(False, QCoreApplication.translate("Camera", "Looking for a camera…"))


def no_camera() -> CameraState:
    return CameraState(False, QCoreApplication.translate("Camera", "No camera found"))


def camera_state(preferred_id: str = "") -> CameraState:
    """Is there a camera to use? Asks the system (FFmpeg's device listing on Windows and
    macOS, which can take a second) and loads the call media module: run it off the UI thread."""
    try:
        from sync.call.devices import list_devices
        from sync.call.media import camera_spec
        from sync.call.profile import MediaProfile
    except ImportError:  # the video extra is not installed
        return CameraState(False, QCoreApplication.translate("Camera", "No camera support on this computer"))
    cameras = list_devices().cameras
    if not cameras:
        return no_camera()
    chosen = next((c for c in cameras if c.id == preferred_id), cameras[0])
    profile = MediaProfile("photo", width=PHOTO_SIZE[0], height=PHOTO_SIZE[1], fps=PHOTO_FPS)
    return CameraState(True, "", camera_spec(chosen.id, profile), chosen.name)


def jpeg_bytes(image: QImage, quality: int = 85) -> bytes:
    """A captured frame as JPEG (what the hub and the specialist's browser show directly)."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "JPEG", quality)
    buffer.close()
    return bytes(data.data())


class CameraReader(QObject):
    """Reads frames from the camera on its own thread; `frame` carries the newest as a QImage,
    `closed` says the device has been let go (its light is off)."""

    frame = Signal(QImage)
    failed = Signal(str)
    closed = Signal()

    def __init__(self, spec: Spec, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="camera", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Ask the reading thread to close the camera; returns at once (the UI never waits on a device)."""
        self._stop.set()

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def _say(self, signal: Signal, *args: object) -> None:
        with contextlib.suppress(RuntimeError):  # the dialog (and this object) is gone
            signal.emit(*args)  # type: ignore[attr-defined]

    def _open(self):  # -> av container
        import av

        from sync.call.devices import open_first

        return open_first(self.spec, av.open)

    def _run(self) -> None:
        try:
            container = self._open()
        except OSError as exc:
            log.warning("camera did not open: %s", exc)
            self._say(self.failed, QCoreApplication.translate(
                "Camera", "The camera could not be opened. Check that it is plugged in and that no other program "
                          "(such as a video call) is using it."))
            self._say(self.closed)
            return
        try:
            for frame in container.decode(video=0):
                if self._stop.is_set():
                    break
                rgb = frame.to_ndarray(format="rgb24")
                height, width, _ = rgb.shape
                # QImage over the numpy buffer, copied so the frame's memory can go.
                image = QImage(rgb.data, width, height, 3 * width, QImage.Format.Format_RGB888).copy()
                self._say(self.frame, image)
        except Exception as exc:  # a camera unplugged mid-preview ends the stream with an FFmpeg error
            log.warning("camera stopped: %s", exc)
            if not self._stop.is_set():
                self._say(self.failed, QCoreApplication.translate(
                    "Camera", "The camera stopped sending pictures. Check its cable, then open the camera again."))
        finally:
            container.close()
            self._say(self.closed)


class SnapshotDialog(QDialog):
    """A live preview and a "Take photo" button. `taken` carries the JPEG bytes."""

    taken = Signal(bytes)

    def __init__(self, state: CameraState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        assert state.spec is not None, "open the dialog only when camera_state() found a camera"
        self.setWindowTitle(QCoreApplication.translate("Camera", "Take a photo"))
        self.latest: QImage | None = None
        self.preview = QLabel(QCoreApplication.translate("Camera", "Starting the camera…"))
        self.preview.setObjectName("cameraPreview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumSize(480, 270)
        self.note = QLabel(QCoreApplication.translate("Camera", "Hold the camera steady, with good light on the skin or wound."))
        self.note.setWordWrap(True)
        self.take = QPushButton(QCoreApplication.translate("Camera", "&Take photo"))
        self.take.setDefault(True)
        self.take.setEnabled(False)
        self.take.clicked.connect(self.capture)
        close = QPushButton(QCoreApplication.translate("Camera", "Close"))
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.take)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.note)
        layout.addLayout(buttons)
        self.reader = CameraReader(state.spec, self)
        self.reader.frame.connect(self._show)
        self.reader.failed.connect(self._failed)
        self.reader.start()

    def _show(self, image: QImage) -> None:
        self.latest = image
        self.take.setEnabled(True)
        self.preview.setPixmap(QPixmap.fromImage(image).scaled(
            self.preview.size(), Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.FastTransformation))

    def _failed(self, words: str) -> None:
        self.take.setEnabled(False)
        self.note.setText(words)

    def capture(self) -> None:
        if self.latest is None:
            return
        scaled = self.latest.scaled(PHOTO_SIZE[0], PHOTO_SIZE[0], Qt.AspectRatioMode.KeepAspectRatio,
                                    Qt.TransformationMode.SmoothTransformation)
        self.taken.emit(jpeg_bytes(scaled))
        self.note.setText(QCoreApplication.translate("Camera", "Photo added. Take another or close."))

    def done(self, result: int) -> None:
        self.reader.stop()
        super().done(result)
