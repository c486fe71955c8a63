"""A teaching case's words are shown as written: text that looks like markup (a hostile hub, or a
specialist who typed "<no fever>") is never read as rich text, which would hide words or load images."""

from __future__ import annotations

from PySide6.QtCore import Qt

from ui.learning import _words_label


def test_the_specialists_words_are_plain_text(qtbot) -> None:
    label = _words_label("<img src='file:///etc/passwd'><b>Always</b> check glucose <no fever>")
    qtbot.addWidget(label)
    assert label.textFormat() == Qt.TextFormat.PlainText
