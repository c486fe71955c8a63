"""Errors shown to a health worker: what happened and what to do, with "Copy details" for support.

A StationError already speaks to the person (its `.message`). Anything else is a fault of the
program: the person sees a calm sentence; the traceback goes to the log and to the
clipboard via "Copy details", never onto the screen.
"""

from __future__ import annotations

import logging
import platform
import traceback

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from station.errors import StationError

log = logging.getLogger("ui.errors")


def plain_message(exc: BaseException) -> str:
    """The sentence a person reads."""
    if isinstance(exc, StationError):
        return exc.message
    message = getattr(exc, "message", None)
    if isinstance(message, str) and message and type(exc).__module__.startswith("sync."):
        return message  # sync errors are written for the health worker too
    if isinstance(exc, (ConnectionError, TimeoutError)):
        return QCoreApplication.translate("Errors", "The hub could not be reached. Your work is saved on this computer and will be "
                   "sent when the connection returns.")
    if isinstance(exc, OSError):
        return QCoreApplication.translate("Errors", "The computer could not read or write a file ({reason}). Check that the disk is "
                   "not full and try again.").format(reason=exc.strerror or type(exc).__name__)
    return QCoreApplication.translate("Errors", "Something went wrong that the program did not expect. Your saved work is safe. "
               "Try again; if it happens again, press \"Copy details\" and send them to support.")


def details(exc: BaseException) -> str:
    """What support needs: the error, its traceback, versions. Never patient data by design of the
    messages themselves (errors carry ids and field names)."""
    from PySide6 import __version__ as pyside_version

    lines = [f"{type(exc).__module__}.{type(exc).__name__}: {exc}",
             f"Python {platform.python_version()}, PySide6 {pyside_version}, {platform.platform()}", ""]
    lines += traceback.format_exception(type(exc), exc, exc.__traceback__)
    return "\n".join(line.rstrip("\n") for line in lines)


class ErrorDialog(QMessageBox):
    """A message box with the plain sentence and a "Copy details" button."""

    def __init__(self, parent: QWidget | None, exc: BaseException, title: str | None = None) -> None:
        super().__init__(parent)
        self.exc = exc
        self.setIcon(QMessageBox.Icon.Warning if isinstance(exc, StationError) else QMessageBox.Icon.Critical)
        self.setWindowTitle(title or QCoreApplication.translate("Errors", "Problem"))
        self.setText(plain_message(exc))
        self.copy_button = QPushButton(QCoreApplication.translate("Errors", "Copy details"))
        self.addButton(self.copy_button, QMessageBox.ButtonRole.ActionRole)
        # ActionRole buttons close the box by default; keep it open so OK still works after copying.
        self.copy_button.clicked.disconnect()
        self.copy_button.clicked.connect(self.copy_details)
        self.addButton(QMessageBox.StandardButton.Ok)

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(details(self.exc))
        self.copy_button.setText(QCoreApplication.translate("Errors", "Copied"))


_open_dialogs: list[ErrorDialog] = []


def show_error(parent: QWidget | None, exc: BaseException, title: str | None = None) -> ErrorDialog:
    """Show `exc` in plain words (non-blocking). Returns the dialog (tests read its text)."""
    if not isinstance(exc, StationError):
        log.error("unexpected error shown to the user", exc_info=(type(exc), exc, exc.__traceback__))
    dialog = ErrorDialog(parent, exc, title)
    _open_dialogs.append(dialog)
    dialog.finished.connect(lambda _r: _open_dialogs.remove(dialog) if dialog in _open_dialogs else None)
    # A dialog deleted with its parent never finishes: forget it then too, so no dead object is kept.
    dialog.destroyed.connect(lambda *_: _open_dialogs.remove(dialog) if dialog in _open_dialogs else None)
    dialog.open()
    return dialog


def open_dialogs() -> list[ErrorDialog]:
    """Error dialogs currently shown (tests check that nothing unexpected went wrong)."""
    return list(_open_dialogs)
