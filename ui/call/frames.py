"""Video frames from the network loop to the screen, newest only.

The call session hands over numpy RGB arrays on the network loop. Each becomes a QImage there
(off the UI thread) and is put in a one-place slot; the UI is told by a queued signal only when
the slot was empty. If the UI falls behind, a newer frame simply replaces the one not yet shown:
a late picture is worth nothing in a call, and a queue of them would only grow.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import numpy as np
from PySide6.QtGui import QImage


def to_qimage(frame: np.ndarray) -> QImage:
    """An HxWx3 uint8 RGB array as a QImage that owns its pixels."""
    if frame.ndim != 3 or frame.shape[2] != 3 or frame.dtype != np.uint8:
        raise ValueError(f"expected an HxWx3 uint8 RGB frame, got {frame.shape} {frame.dtype}")
    frame = np.ascontiguousarray(frame)
    height, width = frame.shape[:2]
    image = QImage(frame.data, width, height, 3 * width, QImage.Format.Format_RGB888)
    return image.copy()  # the array's buffer is not ours to keep


class LatestFrame:
    """A one-place mailbox between the network loop and the UI thread."""

    def __init__(self, notify: Callable[[], None]) -> None:
        self._notify = notify  # emits a queued signal; called at most once per frame taken
        self._lock = threading.Lock()
        self._image: QImage | None = None
        self._posted = False
        self.received = 0
        self.dropped = 0

    def put(self, frame: np.ndarray) -> None:
        """Network loop: offer a frame (replaces one the UI has not taken yet)."""
        image = to_qimage(frame)
        with self._lock:
            self.received += 1
            if self._image is not None:
                self.dropped += 1
            self._image = image
            post, self._posted = not self._posted, True
        if post:
            self._notify()

    def take(self) -> QImage | None:
        """UI thread: the newest frame, or None if it was already taken."""
        with self._lock:
            image, self._image = self._image, None
            self._posted = False
        return image
