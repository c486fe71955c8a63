"""Errors are told in plain words; the details for support are one click away, never on screen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from station.errors import DamagedDatabase, WrongPassword
from ui.errors import ErrorDialog, plain_message


def _raised(exc: BaseException) -> BaseException:
    try:
        raise exc
    except BaseException as caught:  # the test wants the traceback attached
        return caught


@pytest.mark.parametrize("exc,says", [
    (WrongPassword("Wrong username or password. Check both and try again."), "Wrong username or password"),
    (DamagedDatabase("The station database is damaged. Restore it from the latest backup."), "Restore it"),
    (ConnectionError("[Errno 111] Connection refused"), "could not be reached"),
    (KeyError("patient_id"), "did not expect"),
])
def test_each_error_is_one_sentence_for_the_health_worker(qtbot, exc, says):
    dialog = ErrorDialog(None, _raised(exc))
    qtbot.addWidget(dialog)
    assert says in dialog.text()
    assert "Traceback" not in dialog.text() and "Errno" not in dialog.text()
    assert says in plain_message(exc)


def test_copy_details_puts_the_traceback_on_the_clipboard_and_keeps_the_box_open(qtbot):
    dialog = ErrorDialog(None, _raised(KeyError("patient_id")))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    copied = QGuiApplication.clipboard().text()
    assert "Traceback" in copied and "KeyError" in copied and "PySide6" in copied
    assert dialog.isVisible()
    assert dialog.copy_button.text() == "Copied"
