"""Every main screen, drawn in English and in Urdu, saved to tests/artifacts/ and checked.

Besides the PNGs (for a person to look at), each screen is checked for what a person would
see as broken: a character no bundled or system font can draw (an empty box), a label or
button too small for its text (clipped), and in Urdu a layout that is not right-to-left.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QTableWidget,
    QTabWidget,
    QWidget,
    QWizard,
)

from station import consultations, demo
from station.store import Store
from tests.conftest import ADMIN_PASSWORD
from tests.ui.clinic_support import ASLAM, advice_arrives, consulted, referred, register
from tests.ui.conftest import sign_in, type_text, wait_idle
from ui.errors import ErrorDialog
from ui.i18n import NASKH, NASTALIQ

INVISIBLE = {"\u200c", "\u200d", "\u200e", "\u200f", "\u2066", "\u2067", "\u2068", "\u2069", "\u00a0", "\ufeff"}


def _texts(widget: QWidget) -> list[str]:
    if isinstance(widget, QLabel):
        return [widget.text()] if widget.textFormat() != Qt.TextFormat.RichText else []
    if isinstance(widget, QAbstractButton):
        return [widget.text().replace("&", "")]
    if isinstance(widget, QLineEdit):
        return [widget.text(), widget.placeholderText()]
    if isinstance(widget, QComboBox):
        return [widget.itemText(i) for i in range(widget.count())]
    if isinstance(widget, QTableWidget):
        out = [widget.horizontalHeaderItem(c).text() for c in range(widget.columnCount())
               if widget.horizontalHeaderItem(c) is not None]
        for r in range(min(widget.rowCount(), 30)):
            out += [widget.item(r, c).text() for c in range(widget.columnCount()) if widget.item(r, c)]
        return out
    if isinstance(widget, QListWidget):
        return [widget.item(i).text() for i in range(widget.count())]
    if isinstance(widget, QTabWidget):
        return [widget.tabText(i).replace("&", "") for i in range(widget.count())]
    return []


def missing_glyphs(root: QWidget) -> list[str]:
    """Characters shown on `root` that neither the widget's font nor the bundled fonts can draw."""
    fallbacks = [QFontMetrics(QFont(family)) for family in (NASKH, NASTALIQ, QFont().defaultFamily())]
    problems = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible():
            continue
        own = QFontMetrics(widget.font())
        for text in _texts(widget):
            for ch in set(text):
                if ch.isspace() or ch in INVISIBLE or ord(ch) < 32:
                    continue
                if not own.inFontUcs4(ord(ch)) and not any(fm.inFontUcs4(ord(ch)) for fm in fallbacks):
                    problems.append(f"{type(widget).__name__} {widget.objectName()!r}: no glyph for "
                                    f"U+{ord(ch):04X} in {text[:40]!r}")
    return problems


def _shown(label: QLabel) -> str:
    """The label's text as drawn: a mnemonic '&' (label with a buddy) is an underline, not a letter."""
    text = label.text()
    if label.buddy() is not None:
        text = text.replace("&&", "\0").replace("&", "").replace("\0", "&")
    return text


def clipped(root: QWidget) -> list[str]:
    """Labels and buttons whose text does not fit the space they were given."""
    problems = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible() or widget.width() <= 1:
            continue
        fm = QFontMetrics(widget.font())
        if isinstance(widget, QLabel) and widget.text() and widget.textFormat() != Qt.TextFormat.RichText \
                and widget.pixmap().isNull():
            box = widget.contentsRect()
            margin = widget.margin() * 2
            shown = _shown(widget)
            if widget.wordWrap():
                need = widget.heightForWidth(widget.width())
                if need > widget.height() + 1:
                    problems.append(f"label {shown[:50]!r} needs {need}px of height, has {widget.height()}")
            else:
                lines = shown.split("\n")
                wide = max(fm.horizontalAdvance(line) for line in lines) + margin
                if wide > box.width() + 2 and not widget.hasScaledContents():
                    problems.append(f"label {shown[:50]!r} needs {wide}px, has {box.width()}")
                if fm.height() * len(lines) > box.height() + 2:
                    problems.append(f"label {shown[:50]!r} is cut at the top or bottom")
        elif isinstance(widget, QAbstractButton) and widget.text() and type(widget).__name__ == "QPushButton":
            wide = fm.horizontalAdvance(widget.text().replace("&", "")) + 8
            if wide > widget.width():
                problems.append(f"button {widget.text()!r} needs {wide}px, has {widget.width()}")
    return problems


class Camera:
    """Saves each screen and collects what is wrong with it."""

    def __init__(self, qtbot, app, artifacts: Path, language: str) -> None:
        self.qtbot, self.app, self.artifacts, self.language = qtbot, app, artifacts, language
        self.problems: list[str] = []
        self.saved: list[Path] = []

    def take(self, widget: QWidget, name: str) -> None:
        wait_idle(self.qtbot, self.app)
        self.qtbot.wait(60)
        path = self.artifacts / f"screen_{name}_{self.language}.png"
        assert widget.grab().save(str(path))
        self.saved.append(path)
        self.problems += [f"{name}: {p}" for p in missing_glyphs(widget) + clipped(widget)]
        if self.language == "ur" and widget.layoutDirection() != Qt.LayoutDirection.RightToLeft:
            self.problems.append(f"{name}: not right-to-left")


def _scene(folder: Path) -> dict[str, str]:
    """A clinic mid-morning: registered patients, consultations, one referral answered, one waiting."""
    with Store.open(folder, "admin", ADMIN_PASSWORD) as store:
        demo.fill(store, 40, 40, seed=5)
        aslam = register(store, ASLAM)
        for day, (rr, spo2, temp) in enumerate([(18, 97, 37.1), (22, 95, 38.0), (26, 92, 38.9)]):
            encounter = consulted(store, aslam, {"respiratory_rate": rr, "spo2": spo2, "temperature": temp,
                                                 "heart_rate": 90 + day * 12, "systolic_bp": 120 - day * 10,
                                                 "diastolic_bp": 80 - day * 6, "weight": 61 - day})
        answered = referred(store, aslam, encounter)
        advice_arrives(store, answered)
        waiting = referred(store, aslam, encounter)
        draft = consultations.start(store, aslam.id, complaint="Breathless at night",
                                    assessment="Worsening pneumonia")
        consultations.record_vitals(store, aslam.id, {"respiratory_rate": 28, "spo2": 89, "systolic_bp": 88,
                                                      "diastolic_bp": 54, "heart_rate": 126, "temperature": 39.6},
                                    encounter_id=draft.id, consciousness="confusion")
        return {"patient": aslam.id, "encounter": draft.id, "answered": answered.id, "waiting": waiting.id}


def _real(page: QWidget) -> QWidget:
    """The page itself, when the window holds a stand-in that builds it on first use."""
    return page.page if type(page).__name__ == "LazyPage" else page


@pytest.mark.parametrize("language", ["en", "ur"])
def test_every_main_screen_is_drawn_whole_in_english_and_urdu(qtbot, make_app, station_dir, tmp_path, artifacts,
                                                             language):
    ids = _scene(station_dir)
    app = make_app(language)
    window = app.window
    window.resize(1280, 800)
    camera = Camera(qtbot, app, artifacts, language)
    camera.take(window, "login")
    sign_in(qtbot, app)

    window.show_page("home")
    camera.take(window, "home")
    window.show_page("patients")
    type_text(window.pages["patients"].query, "aslam" if language == "en" else "اسلم")
    qtbot.wait(400)
    camera.take(window, "patient_search")
    window.show_page("register", "")
    camera.take(window, "register")
    window.show_page("chart", ids["patient"])
    camera.take(window, "chart")
    window.show_page("consultation", ids["patient"], ids["encounter"])
    page = _real(window.pages["consultation"])
    wait_idle(qtbot, app)
    page.scroll.ensureWidgetVisible(page.vitals.news2_banner)
    camera.take(window, "consultation")
    window.show_page("refer", ids["patient"], ids["encounter"])
    camera.take(window, "refer")
    window.show_page("referral", ids["answered"])
    camera.take(window, "referral_advice")
    window.show_page("referrals")
    camera.take(window, "referrals")
    window.show_page("admin")
    tabs = window.pages["admin"].tabs
    for index in range(tabs.count()):
        tabs.setCurrentIndex(index)
        camera.take(window, f"admin_{index}_{tabs.widget(index).__class__.__name__.lower()}")

    dialog = ErrorDialog(window, RuntimeError("disk on fire"))
    dialog.show()
    camera.take(dialog, "error_dialog")
    dialog.close()

    app.lock()
    camera.take(window, "locked")

    fresh = make_app(language, data_dir=tmp_path / "fresh")
    wizard = fresh.wizard
    assert isinstance(wizard, QWizard)
    wizard.resize(760, 560)
    camera.take(wizard, "wizard_language")
    wizard.next()
    wizard.clinic_page.clinic.setText("Basic Health Unit Jhok Sharif")
    wizard.clinic_page.district.setText("Thatta")
    camera.take(wizard, "wizard_clinic")
    wizard.next()
    page = wizard.admin_page
    page.password.setText("a long admin password")
    page.confirm.setText("a long admin password")
    camera.take(wizard, "wizard_admin")
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.recovery_page, timeout=15_000)
    camera.take(wizard, "wizard_recovery_key")
    wizard.recovery_page.written.setChecked(True)
    wizard.next()
    camera.take(wizard, "wizard_hub")

    assert len(camera.saved) >= 20
    assert not camera.problems, "\n".join(camera.problems)
    if language == "ur":
        # Right-to-left for real: the navigation is drawn on the right of the pages.
        nav, stack = window.shell.nav, window.shell.stack
        assert nav.mapTo(window, QPoint(0, 0)).x() > stack.mapTo(window, QPoint(0, 0)).x()
    assert all(shiboken6.isValid(w) for w in (window, wizard))
