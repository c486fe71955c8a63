"""A banner across the main window while the disk is full.

A full disk is not a one-off error: every save fails until someone frees space. So after the
first DiskFull (from any database task) the banner stays, re-checks the free space every few
seconds, and goes away by itself once there is room again.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import QLabel, QMainWindow, QSizePolicy, QToolBar

from station import disk
from station.errors import DiskFull
from station.texts import Text, render
from ui.ops import DbWorker

CHECK_MS = 5000
STATION_CONTEXT = "station"


class DiskFullBanner(QToolBar):
    """Shows the DiskFull sentence until `needed_bytes` are free on its folder again."""

    def __init__(self, parent: QMainWindow | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("diskFullBanner")
        self.setMovable(False)
        self.setFloatable(False)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.label.setStyleSheet("QLabel { background: #b3261e; color: white; padding: 8px; font-weight: bold; }")
        self.addWidget(self.label)
        self.folder: Path | None = None
        self.needed = 0
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_MS)
        self.timer.timeout.connect(self.check)
        self.setVisible(False)

    def show_full(self, error: DiskFull) -> None:
        self.folder = Path(error.folder) if error.folder else None
        self.needed = error.needed_bytes
        message = error.message
        if isinstance(message, Text) and "folder" in message.values:
            # A path inside right-to-left text keeps its own order only when isolated (NOTES.md).
            message = Text(message.template, **{**message.values, "folder": f"\u2066{message.values['folder']}\u2069"})
        self.label.setText(render(message, lambda t: QCoreApplication.translate(STATION_CONTEXT, t)))
        self.setVisible(True)
        self.timer.start()

    def check(self) -> None:
        """Hide once the space is there again (re-shown by the next DiskFull if it is not enough)."""
        if self.folder is None:
            return
        free = disk.free_bytes(self.folder)
        if free is not None and free >= self.needed:
            self.timer.stop()
            self.setVisible(False)


def install(window: QMainWindow, ops: DbWorker) -> DiskFullBanner:
    banner = DiskFullBanner(window)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, banner)
    ops.disk_full.connect(banner.show_full)
    return banner
