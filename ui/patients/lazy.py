"""Pages built the first time they are needed, not all at sign-in.

Signing in should show the home page at once; each clinical page costs tens of
milliseconds to import and build, so the main window gets a light stand-in that builds
the real page on first show or first `open_with`, then forwards to it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget


class LazyPage(QWidget):
    """Stands in for the page `factory()` makes; attribute reads go to that page (built on demand)."""

    navigate = Signal(str, object)

    def __init__(self, factory: Callable[[], QWidget], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._factory = factory
        self._page: QWidget | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

    @property
    def page(self) -> QWidget:
        """The real page, built now if it was not yet."""
        if self._page is None:
            page = self._factory()
            self._page = page
            self.layout().addWidget(page)
            signal = getattr(page, "navigate", None)
            if signal is not None:
                signal.connect(self.navigate)
        return self._page

    @property
    def built(self) -> bool:
        return self._page is not None

    def open_with(self, *args: Any) -> None:
        self.page.open_with(*args)  # type: ignore[attr-defined]

    def showEvent(self, event: QShowEvent) -> None:
        _ = self.page
        super().showEvent(event)

    def __getattr__(self, name: str) -> Any:
        # Only called for names this stand-in does not have itself.
        if name.startswith("_"):
            raise AttributeError(f"LazyPage has no attribute {name!r} (private names are not forwarded)")
        return getattr(self.page, name)
