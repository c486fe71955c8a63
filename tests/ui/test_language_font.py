"""Switching the language back and forth leaves the text the size and font it started with."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from ui import i18n
from ui.app import create_qapp


def test_switching_languages_does_not_grow_the_text_or_keep_the_urdu_font():
    app = create_qapp()
    i18n.install(app, "en")
    english = QApplication.font()
    for _ in range(4):
        i18n.install(app, "ur")
        urdu = QApplication.font()
        i18n.install(app, "en")
    assert QApplication.font().pointSizeF() == english.pointSizeF()
    assert QApplication.font().families() == english.families()
    assert urdu.families()[0] == i18n.NASKH
    assert urdu.pointSizeF() == english.pointSizeF() + 1.5
