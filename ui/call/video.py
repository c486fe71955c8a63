"""A video picture on screen: the newest frame, scaled to fit without stretching.

Until a frame arrives (or when video is off) it shows a short sentence instead, so a black
box never leaves the health worker wondering whether something is broken.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QPen, QPixmap
from PySide6.QtWidgets import QSizePolicy, QWidget

BACKGROUND = QColor("#1b2126")
INK = QColor("#e8eef2")
FRAME = QColor("#f4f6f7")


class VideoView(QWidget):
    """Paints the latest picture, letterboxed; `message` is shown while there is none."""

    def __init__(self, message: str = "", mirrored: bool = False, framed: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.framed = framed  # a thin light edge, so a small picture over a big one stands apart
        self._pixmap = QPixmap()
        self._message = message
        self.mirrored = mirrored  # the local preview is a mirror, as people expect to see themselves
        self.frames_shown = 0
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    # -- what to show ---------------------------------------------------------------------
    def show_image(self, image: QImage) -> None:
        if self.mirrored:
            image = image.flipped(Qt.Orientation.Horizontal)
        self._pixmap = QPixmap.fromImage(image)
        self.frames_shown += 1
        self.update()

    def clear(self, message: str | None = None) -> None:
        """Back to the sentence (video stopped or paused)."""
        self._pixmap = QPixmap()
        if message is not None:
            self._message = message
        self.update()

    def set_message(self, message: str) -> None:
        self._message = message
        self.update()

    def message(self) -> str:
        return self._message

    def pixmap(self) -> QPixmap:
        return self._pixmap

    def sizeHint(self) -> QSize:
        return QSize(640, 480)

    # -- painting -------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), BACKGROUND)
        if not self._pixmap.isNull():
            size = self._pixmap.size().scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRect(0, 0, size.width(), size.height())
            target.moveCenter(self.rect().center())
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawPixmap(target, self._pixmap)
        elif self._message:
            painter.setPen(INK)
            margin = max(6, self.width() // 20)
            painter.drawText(self.rect().adjusted(margin, margin, -margin, -margin),
                             int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap), self._message)
        if self.framed:
            painter.setPen(QPen(FRAME, 2))
            painter.drawRect(self.rect().adjusted(1, 1, -1, -1))
        painter.end()
