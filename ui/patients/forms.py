"""Form building blocks shared by the clinical screens: a field with its error beside it.

A health worker must see, next to the field, what was wrong and what is allowed. The
message comes from the station's own checks (station.* errors name the field); when the
interface is not in English and no translation of that exact message exists, a short
translated rule for the field is shown instead and the original stays in the tooltip.
"""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QCoreApplication, QLocale, QPoint, Qt, QTimer
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QFrame,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from station.texts import Text, render
from ui.bidi import keep_numbers, plain
from ui.i18n import heading_font, make_heading

FIELD_HEIGHT = 36  # px: big enough for Naskh with its tall ascenders, and for tired eyes
ERROR_INK = "#a11a12"
QUIET_INK = "#5f6b76"
STATION_CONTEXT = "station"  # translation context for messages written by station/


def station_text(message: str, fallback: str = "") -> str:
    """A message from station/ in the interface language.

    A station.texts.Text is translated from its template, its values filled in (and translated
    when they are sentences too). Any other message uses a translation of the exact message
    when one exists; otherwise, when the interface is not English, the translated `fallback`
    rule for the field.
    """
    if isinstance(message, Text):
        return render(message, lambda template: QCoreApplication.translate(STATION_CONTEXT, template))
    translated = QCoreApplication.translate(STATION_CONTEXT, message)
    if translated != message or not fallback:
        return translated
    if QLocale().language() in (QLocale.Language.English, QLocale.Language.C):
        return message
    return fallback


def heading(text: str, level: int = 2, wrap: bool = True) -> QLabel:
    """A section heading (Nastaliq in Urdu, with room for its overhang)."""
    return make_heading(text, level, wrap=wrap)


def big_line_edit(placeholder: str = "", name: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setMinimumHeight(FIELD_HEIGHT)
    edit.setPlaceholderText(placeholder)
    edit.setClearButtonEnabled(False)
    if name:
        edit.setObjectName(name)
    return edit


def text_box(placeholder: str = "", lines: int = 3, name: str = "") -> QPlainTextEdit:
    """A multi-line box where Tab moves on (a health worker tabs through the form)."""
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setPlaceholderText(placeholder)
    line = box.fontMetrics().lineSpacing()
    box.setMinimumHeight(line * lines + 16)
    box.setMaximumHeight(line * (lines + 2) + 16)  # it scrolls beyond that; the form stays compact
    box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    if name:
        box.setObjectName(name)
    return box


class ErrorLabel(QLabel):
    """Red text under a field; hidden until its first message.

    Once shown, clearing it keeps its height (empty): a form that shrank the moment a mistake
    was corrected moved the next button up under the person's click. The space is given back
    by `release()`, when the form is filled anew.
    """

    def __init__(self, name: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("fieldError", True)
        tint(self, ink=ERROR_INK)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setVisible(False)
        if name:
            self.setObjectName(f"error_{name}")

    def show_message(self, text: str, original: str = "") -> None:
        self.setToolTip(original if text and original and original != text else "")
        if text:
            self.setMinimumHeight(0)
            self.setText(keep_numbers(text))
            self.setVisible(True)
            return
        if not self.isHidden() and self.text():
            height = self.height() if self.height() > 1 else self.sizeHint().height()
            self.setMinimumHeight(height)
        self.setText("")

    def clear_message(self) -> None:
        self.show_message("")

    def message(self) -> str:
        """The message shown, without its direction marks ("" when none)."""
        return plain(self.text()) if not self.isHidden() else ""

    def release(self) -> None:
        """Give back the space kept by a cleared message."""
        self.setMinimumHeight(0)
        if not self.text():
            self.setVisible(False)


class Field(QWidget):
    """A label, an input and the error under it, laid out top to bottom (flips with RTL)."""

    def __init__(self, label: str, editor: QWidget, name: str, hint: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.editor = editor
        self.label = QLabel(label)
        self.label.setBuddy(editor)
        self.hint = QLabel(keep_numbers(hint))
        self.hint.setWordWrap(True)
        tint(self.hint, ink=QUIET_INK)
        self.hint.setVisible(bool(hint))
        self.error = ErrorLabel(name)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.label)
        layout.addWidget(editor)
        layout.addWidget(self.hint)
        layout.addWidget(self.error)


class FormErrors:
    """Which field shows which error; clears them all before a new check."""

    def __init__(self) -> None:
        self._labels: dict[str, ErrorLabel] = {}
        self._editors: dict[str, QWidget] = {}
        self._rules: dict[str, Callable[[], str]] = {}

    def add(self, name: str, label: ErrorLabel, editor: QWidget | None = None,
            rule: Callable[[], str] | None = None) -> None:
        """Register a field; `rule` gives the translated 'what is allowed' text for it."""
        self._labels[name] = label
        if editor is not None:
            self._editors[name] = editor
        if rule is not None:
            self._rules[name] = rule

    def add_field(self, field: Field, rule: Callable[[], str] | None = None) -> None:
        self.add(field.name, field.error, field.editor, rule)

    def alias(self, name: str, target: str) -> None:
        """Errors about `name` are shown at `target` (e.g. age errors beside date of birth)."""
        self._labels[name] = self._labels[target]
        self._editors[name] = self._editors.get(target)  # type: ignore[assignment]
        if target in self._rules:
            self._rules[name] = self._rules[target]

    def show(self, name: str, message: str, focus: bool = True) -> bool:
        """Show a station message at its field. False when no such field is on the form."""
        label = self._labels.get(name)
        if label is None:
            return False
        rule = self._rules.get(name)
        label.show_message(station_text(message, rule() if rule else ""), message)
        editor = self._editors.get(name)
        if focus and editor is not None and editor.isEnabled():
            reveal(editor, label)
        return True

    def clear(self, name: str | None = None) -> None:
        """Empty the messages (their space is kept while the person works on the form)."""
        for key, label in self._labels.items():
            if name is None or key == name:
                label.clear_message()

    def reset(self) -> None:
        """Empty every message and give back its space (a new record is shown in the form)."""
        for label in self._labels.values():
            label.clear_message()
            label.release()

    def message(self, name: str) -> str:
        label = self._labels.get(name)
        return label.message() if label is not None else ""

    def any_shown(self) -> bool:
        return any(label.message() for label in self._labels.values())


# The same calm palette as the app's banner labels (ui.i18n.style_sheet).
BANNER_COLOURS = {
    "red": ("#fde2e1", "#7a1410"),
    "pink": ("#fde2e1", "#7a1410"),
    "amber": ("#fff4d6", "#6b4e00"),
    "yellow": ("#fff4d6", "#6b4e00"),
    "green": ("#e2f4ea", "#14532d"),
    "info": ("#e3f0fb", "#0d3d66"),
}


class Banner(QFrame):
    """A coloured box with a title and a line of detail (NEWS2, IMCI, duplicates, results)."""

    def __init__(self, name: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if name:
            self.setObjectName(name)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setFont(heading_font(3))
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 8)
        layout.addWidget(self.title)
        layout.addWidget(self.detail)
        self.colour = ""
        self.setVisible(False)

    def show_banner(self, colour: str, title: str, detail: str = "") -> None:
        background, ink = BANNER_COLOURS.get(colour, BANNER_COLOURS["info"])
        self.colour = colour
        tint(self, background=background)
        for label in self.findChildren(QLabel):
            tint(label, ink=ink)
        self.title.setText(title)
        self.detail.setText(detail)
        self.detail.setVisible(bool(detail))
        self.setVisible(True)

    def hide_banner(self) -> None:
        self.colour = ""
        self.setVisible(False)


def tint(widget: QWidget, background: str | None = None, ink: str | None = None) -> None:
    """Colour a widget through its palette. (A style sheet would push it and its children through
    Qt's slow style-sheet engine and lose the app style's accents; see ui/style.py.)"""
    palette = widget.palette()
    if background is not None:
        palette.setColor(QPalette.ColorRole.Window, QColor(background))
        widget.setAutoFillBackground(True)
    if ink is not None:
        palette.setColor(QPalette.ColorRole.WindowText, QColor(ink))
        palette.setColor(QPalette.ColorRole.Text, QColor(ink))
    widget.setPalette(palette)


class Coalesce:
    """Run `fn` at most once per `interval_ms` however many "changes applied" arrive: a sync pull of
    hundreds of records costs one refresh, not hundreds."""

    def __init__(self, parent: QWidget, fn: Callable[[], None], interval_ms: int = 250) -> None:
        self._timer = QTimer(parent)
        self._timer.setSingleShot(True)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(fn)

    def __call__(self) -> None:
        if not self._timer.isActive():
            self._timer.start()


def reveal(editor: QWidget, *also: QWidget) -> None:
    """Focus `editor` and scroll it (and `also`, e.g. its error message) into view: a field
    "marked in red" below the fold is found without searching."""
    editor.setFocus(Qt.FocusReason.OtherFocusReason)
    scroll_into_view(*also, editor)


def scroll_into_view(*widgets: QWidget) -> None:
    """Scroll every scroll area holding these widgets so each is in view; the last one wins
    when they do not all fit."""
    def scroll() -> None:
        for widget in widgets:
            if not shiboken6.isValid(widget) or widget.isHidden():
                continue
            target = widget
            area = _scroll_area_of(target)
            while area is not None:
                # The whole widget, not ensureWidgetVisible's idea of it (for a list that is only
                # its current row, already in view above the rest).
                top = target.mapTo(area.widget(), QPoint(0, 0))
                area.ensureVisible(top.x(), top.y() + target.height(), 0, 20)
                area.ensureVisible(top.x(), top.y(), 0, 20)
                target, area = area, _scroll_area_of(area)

    scroll()
    # Again once what was just shown has been laid out: a list shown below a box grows the form
    # through several layouts, each settling on a later turn of the event loop.
    QTimer.singleShot(0, scroll)
    QTimer.singleShot(80, scroll)


def _scroll_area_of(widget: QWidget) -> QScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea) and parent.widget() is not None and parent.widget().isAncestorOf(widget):
            return parent
        parent = parent.parentWidget()
    return None


def scroll_body(owner: QWidget) -> QVBoxLayout:
    """Give `owner` a body that scrolls when the screen is short (a 1280x720 laptop) and return the
    body's layout: a page's smallest height no longer pushes the window off the screen."""
    outer = QVBoxLayout(owner)
    outer.setContentsMargins(0, 0, 0, 0)
    body = QWidget()
    body.setObjectName("scrollBody")
    area = QScrollArea()
    area.setObjectName("pageScroll")
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(body)
    outer.addWidget(area)
    return QVBoxLayout(body)


def set_button_height(*buttons: QAbstractButton) -> None:
    for button in buttons:
        button.setMinimumHeight(FIELD_HEIGHT)
