"""The look: Fusion (the same on Windows and Linux, right-to-left included) and a few accents.

No application-wide style sheet: Qt then routes every widget through its style-sheet engine,
which tripled the time to build the screens after sign-in. Accents are palettes applied when a
widget is polished, chosen by a dynamic property:

- `primary` (QPushButton): the one main action of a screen;
- `banner` = "danger" | "warning" | "info" | "ok" (QLabel): a coloured notice;
- `fieldError` (QLabel): the message under a field.
After changing such a property on a visible widget call `repolish(widget)`.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QLabel, QListWidget, QProxyStyle, QPushButton, QStyleFactory, QWidget

ACCENT = "#1f6f5c"
BANNERS = {"danger": ("#fde2e1", "#7a1410"), "warning": ("#fff4d6", "#6b4e00"),
           "info": ("#e3f0fb", "#0d3d66"), "ok": ("#e2f4ea", "#14532d")}
ERROR_INK = "#a11a12"


class StationStyle(QProxyStyle):
    """Fusion plus the accents above."""

    def __init__(self) -> None:
        super().__init__(QStyleFactory.create("Fusion"))

    def polish(self, target):  # type: ignore[override]  # one name, three C++ overloads
        if isinstance(target, QWidget):
            _accent(target)
        return super().polish(target)


def prop(widget: QWidget, name: str) -> object:
    """A dynamic property, or None. (PySide6 6.12's QObject.property() on a property that was never
    set releases a reference to None it does not own; enough such calls crash the interpreter.)"""
    if name.encode() not in [bytes(n) for n in widget.dynamicPropertyNames()]:
        return None
    return widget.property(name)


def _accent(widget: QWidget) -> None:
    if isinstance(widget, QPushButton):
        if prop(widget, "primary"):
            palette = widget.palette()
            palette.setColor(QPalette.ColorRole.Button, QColor(ACCENT))
            palette.setColor(QPalette.ColorRole.ButtonText, QColor("white"))
            widget.setPalette(palette)
        return
    if isinstance(widget, QLabel):
        banner = prop(widget, "banner")
        if banner in BANNERS:
            background, ink = BANNERS[banner]
            palette = widget.palette()
            palette.setColor(QPalette.ColorRole.Window, QColor(background))
            palette.setColor(QPalette.ColorRole.WindowText, QColor(ink))
            widget.setPalette(palette)
            widget.setAutoFillBackground(True)
            widget.setMargin(8)
        elif prop(widget, "fieldError"):
            palette = widget.palette()
            palette.setColor(QPalette.ColorRole.WindowText, QColor(ERROR_INK))
            widget.setPalette(palette)
        return
    if isinstance(widget, QListWidget) and widget.objectName() == "nav":
        palette = widget.palette()
        palette.setColor(QPalette.ColorRole.Base, QColor("#eef2f1"))
        palette.setColor(QPalette.ColorRole.Highlight, QColor(ACCENT))
        palette.setColor(QPalette.ColorRole.HighlightedText, QColor("white"))
        widget.setPalette(palette)
        return
    if widget.objectName() == "syncBar":
        palette = widget.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor("#e9edf0"))
        widget.setPalette(palette)
        widget.setAutoFillBackground(True)


def repolish(widget: QWidget) -> None:
    """Apply the accents again after a property changed."""
    widget.style().unpolish(widget)
    widget.style().polish(widget)
    widget.update()
