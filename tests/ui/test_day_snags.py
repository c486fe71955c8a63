"""Small snags of a health worker's day, fixed through the real widgets: the sidebar, a refused
signature finding its field, forms that do not jump, the lock and sign-in screens, plurals,
switching off an account, typing a new password twice, and the medicine list in view."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QWidget

from station import commands
from station.cli import main as cli_main
from station.records import User
from tests.conftest import ADMIN_PASSWORD
from tests.ui.clinic_support import ASLAM, ZAINAB, register
from tests.ui.conftest import sign_in, type_text, wait_idle
from tests.ui.test_screenshots import _real, clipped


def _store_call(qtbot, app, fn):
    box = {}
    app.ops.submit(fn, lambda result: box.setdefault("result", result))
    wait_idle(qtbot, app)
    return box["result"]


def _in_view(widget: QWidget, area) -> bool:
    """Wholly inside the scroll area's visible part."""
    top_left = widget.mapTo(area.viewport(), QPoint(0, 0))
    return area.viewport().rect().contains(QRect(top_left, widget.size()))


def test_the_sidebar_opens_the_highlighted_page_again_after_a_sub_page(qtbot, make_app):
    app = make_app()
    sign_in(qtbot, app)
    patient = _store_call(qtbot, app, lambda store: register(store, ASLAM))
    window = app.window
    nav = window.shell.nav
    row = next(r for r in range(nav.count()) if nav.item(r).data(Qt.ItemDataRole.UserRole) == "patients")
    rect = nav.visualItemRect(nav.item(row))
    qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current_page() == "patients"
    window.show_page("chart", patient.id)  # opened from the search results
    assert window.current_page() == "chart"
    qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current_page() == "patients"


def _consultation(qtbot, app, patient_id):
    app.window.resize(1280, 650)
    app.window.show_page("consultation", patient_id)
    wait_idle(qtbot, app)
    page = _real(app.window.pages["consultation"])
    qtbot.waitUntil(lambda: page.loaded is not None, timeout=5000)
    return page


def test_a_refused_signature_scrolls_to_the_field_in_red_and_a_new_consultation_starts_at_the_top(qtbot,
                                                                                                   make_app):
    app = make_app()
    sign_in(qtbot, app)
    aslam, zainab = _store_call(qtbot, app, lambda store: (register(store, ASLAM), register(store, ZAINAB)))
    page = _consultation(qtbot, app, aslam.id)
    type_text(page.notes["complaint"], "Cough for a week")
    bar = page.scroll.verticalScrollBar()
    bar.setValue(bar.maximum())  # at the medicines and plan, where Sign was pressed
    assert bar.maximum() > 0 and not _in_view(page.notes["assessment"], page.scroll)
    qtbot.mouseClick(page.sign_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, app)
    qtbot.waitUntil(lambda: bool(page.errors.message("assessment")), timeout=5000)
    qtbot.waitUntil(lambda: _in_view(page.notes["assessment"], page.scroll), timeout=2000)
    assert page.notes["assessment"].hasFocus()
    qtbot.wait(150)  # the scrolling to the field in red has settled
    bar.setValue(bar.maximum())
    app.window.show_page("consultation", zainab.id)
    wait_idle(qtbot, app)
    qtbot.waitUntil(lambda: page.loaded.patient.id == zainab.id, timeout=5000)
    assert bar.value() == 0


def test_a_form_keeps_its_place_when_a_mistake_is_corrected(qtbot, make_app):
    app = make_app()
    sign_in(qtbot, app)
    app.window.show_page("register", "")
    page = _real(app.window.pages["register"])
    QApplication.processEvents()
    below = page.edits["cnic"]
    type_text(page.edits["name"], "A")
    qtbot.keyClick(page.edits["name"], Qt.Key.Key_Return)  # on to the next box: "enter 2 to 100 letters"
    qtbot.waitUntil(lambda: bool(page.errors.message("name")), timeout=5000)
    QApplication.processEvents()
    with_error = below.mapTo(page, QPoint(0, 0)).y()
    type_text(page.edits["name"], "slam")  # the person fixes it: the message goes
    assert page.errors.message("name") == ""
    QApplication.processEvents()
    assert below.mapTo(page, QPoint(0, 0)).y() == with_error
    page.clear()  # the form emptied for the next patient gives the space back
    qtbot.waitUntil(lambda: below.mapTo(page, QPoint(0, 0)).y() < with_error, timeout=2000)


def test_the_lock_screen_shows_its_message_and_a_wrong_password_whole(qtbot, make_app, artifacts):
    for language in ("en", "ur"):
        app = make_app(language)
        app.window.resize(1366, 698)
        sign_in(qtbot, app)
        app.lock()
        login = app.window.login
        login.password.setText("not the password")
        qtbot.mouseClick(login.button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda login=login: bool(login.error.text()), timeout=10_000)
        QApplication.processEvents()
        app.window.grab().save(str(Path(artifacts) / f"locked_wrong_password_{language}.png"))
        assert login.notice.isVisible() and login.error.isVisible()
        problems = [p for p in clipped(app.window) if "label" in p]
        assert not problems, problems
        app.shutdown()
        app.window.close()


def test_a_station_made_on_the_command_line_greets_its_clinic_and_offers_urdu(qtbot, make_app, tmp_path):
    folder = tmp_path / "cli-station"
    secret = tmp_path / "admin.txt"
    secret.write_text(ADMIN_PASSWORD + "\n")
    assert cli_main(["init", "--data-dir", str(folder), "--clinic", "BHU Gharo", "--district", "Thatta",
                     "--admin", "admin", "--password-file", str(secret),
                     "--recovery-key-file", str(tmp_path / "recovery.txt")]) == 0
    assert commands  # the command line the installers use
    app = make_app("en", data_dir=folder)
    login = app.window.login
    assert login.clinic.text() == "BHU Gharo" and login.clinic.isVisible()
    assert login.language.isVisible()
    login.language.setCurrentIndex(login.language.findData("ur"))
    login.language.activated.emit(login.language.currentIndex())
    qtbot.waitUntil(lambda: app.window.login is not login, timeout=5000)
    urdu = app.window.login
    assert urdu.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert urdu.button.text() != "Sign in" and urdu.clinic.text() == "BHU Gharo"
    sign_in(qtbot, app)
    assert app.window.shell.lock_button.text() == "مقفل کریں"


def test_small_words_and_account_safety_in_administration(qtbot, make_app, monkeypatch):
    app = make_app()
    sign_in(qtbot, app)
    app.window.show_page("admin")
    page = _real(app.window.pages["admin"])
    page.settings.idle.setValue(1)
    assert page.settings.idle.text().endswith("1 minute")
    page.settings.idle.setValue(5)
    assert page.settings.idle.text().endswith("5 minutes")

    # Switching off your own account is refused before anything is asked.
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a) or QMessageBox.StandardButton.Yes)
    users = page.users
    qtbot.waitUntil(lambda: users.table.rowCount() >= 2, timeout=5000)
    row = next(r for r in range(users.table.rowCount()) if users.table.item(r, 0).text() == "admin")
    users.table.selectRow(row)
    users.switch_off()
    notice = users.findChild(QMessageBox, "switchOffRefused")
    assert notice is not None and "your own account" in notice.text()
    assert not asked
    notice.close()

    # A new account's password is typed twice; a slip is caught before anything is saved.
    dialog = users.add_user()
    qtbot.keyClicks(dialog.username, "nasreen")
    qtbot.keyClicks(dialog.full_name, "Nasreen Akhtar")
    qtbot.keyClicks(dialog.secret, "a long password")
    qtbot.keyClicks(dialog.confirm, "a long pasword")
    save = next(b for b in dialog.findChildren(QPushButton) if b.text() == dialog.tr("Save"))
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, app)
    assert "not the same" in dialog.error.text() and dialog.isVisible()
    names = _store_call(qtbot, app, lambda store: [u.username for u in store.find(User)])
    assert "nasreen" not in names
    qtbot.keyClicks(dialog.confirm, "a long password")
    with qtbot.waitSignal(dialog.finished, timeout=10_000):
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    names = _store_call(qtbot, app, lambda store: [u.username for u in store.find(User)])
    assert "nasreen" in names


def test_the_medicine_list_opens_in_view_at_the_foot_of_the_form(qtbot, make_app):
    app = make_app()
    sign_in(qtbot, app)
    aslam = _store_call(qtbot, app, lambda store: register(store, ASLAM))
    page = _consultation(qtbot, app, aslam.id)
    search = page.prescriptions.search
    bar = page.scroll.verticalScrollBar()
    bar.setValue(0)
    page.scroll.ensureWidgetVisible(search.edit, 0, 0)  # the box just visible at the foot of the screen
    search.edit.setFocus()
    type_text(search.edit, "amox")

    qtbot.waitUntil(lambda: search.results.isVisible(), timeout=2000)
    qtbot.waitUntil(lambda: _in_view(search.results, page.scroll), timeout=2000)
    assert _in_view(search.edit, page.scroll)
