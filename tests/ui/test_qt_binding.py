"""The Qt binding keeps Python's reference counts right (a long clinic day must not crash).

PySide6 6.12.0 on Python 3.11 released a reference to None on every call of a C++ method
returning nothing, and to True on every signal emit; after enough clicks the interpreter
aborts ("Fatal Python error: none_dealloc"). 6.11.3 is correct. This test fails on a build
with that fault, whatever version number it carries.
"""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel, QListWidget

CALLS = 2000


class _Emitter(QObject):
    text = Signal(str)


@pytest.mark.parametrize("what", ["a method returning nothing", "a property never set", "a signal emit"])
def test_calls_into_qt_leave_none_true_and_false_alone(qapp, what):
    widget, label, emitter = QListWidget(), QLabel(), _Emitter()
    widget.addItem("x")
    emitter.text.connect(label.setText)
    action = {
        "a method returning nothing": lambda: widget.setCurrentRow(0),
        "a property never set": lambda: label.property("never_set"),
        "a signal emit": lambda: emitter.text.emit("x"),
    }[what]
    before = [sys.getrefcount(x) for x in (None, True, False)]
    for _ in range(CALLS):
        action()
    after = [sys.getrefcount(x) for x in (None, True, False)]
    drift = [a - b for a, b in zip(after, before, strict=True)]
    # A few references may be held legitimately; a leak shows as about -CALLS.
    assert all(d > -CALLS // 10 for d in drift), f"reference counts of None/True/False drifted by {drift}"
