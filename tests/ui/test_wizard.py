"""First run: the installer sets up the station in the wizard and the recovery key really works."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QWizard

from station.store import Store
from tests.ui.conftest import wait_idle
from ui.printing import write_pdf
from ui.wizard import SetupWizard

PASSWORD = "a long admin password"


def _fill_admin(wizard: SetupWizard, password: str = PASSWORD, confirm: str | None = None) -> None:
    page = wizard.admin_page
    page.username.setText("amina")
    page.full_name.setText("Dr Amina Soomro")
    page.password.setText(password)
    page.confirm.setText(password if confirm is None else confirm)


def _to_admin_page(qtbot, wizard: SetupWizard) -> None:
    wizard.next()  # language
    wizard.clinic_page.clinic.setText("Basic Health Unit Jhok Sharif")
    wizard.clinic_page.district.setText("Thatta")
    wizard.next()
    assert wizard.currentPage() is wizard.admin_page


def test_an_installer_sets_up_a_station_and_lands_signed_in(qtbot, make_app, tmp_path: Path):
    folder = tmp_path / "fresh"
    app = make_app(data_dir=folder)
    wizard = app.wizard
    assert isinstance(wizard, SetupWizard)
    _to_admin_page(qtbot, wizard)
    _fill_admin(wizard)
    wizard.next()  # creates the station on the worker, then moves on by itself
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.recovery_page, timeout=15_000)
    key = wizard.recovery_page.key.text()
    assert len(key.replace("-", "").replace(" ", "")) >= 25
    finish = wizard.button(QWizard.WizardButton.NextButton)
    assert not finish.isEnabled(), "the key must be confirmed as written down before going on"
    wizard.recovery_page.written.setChecked(True)
    assert finish.isEnabled()
    wizard.next()
    assert wizard.currentPage() is wizard.hub_page
    wizard.button(QWizard.WizardButton.FinishButton).click()  # hub left empty: skipped
    qtbot.waitUntil(lambda: app.window is not None and not app.window.locked, timeout=10_000)
    wait_idle(qtbot, app)
    assert app.window.shell.clinic.text() == "Basic Health Unit Jhok Sharif"
    assert app.window.current_page() == "home"
    app.lock()
    wait_idle(qtbot, app)
    # The key shown once opens the station.
    with Store.open_with_recovery_key(folder, key) as store:
        assert store.user.username == "amina"
        assert store.meta("district") == "Thatta"


@pytest.mark.parametrize("password,confirm,expected", [
    ("short", None, "at least 8"),
    (PASSWORD, "something else", "not the same"),
])
def test_a_bad_admin_password_is_explained_and_nothing_is_created(qtbot, make_app, tmp_path, password, confirm,
                                                                   expected):
    folder = tmp_path / "fresh"
    app = make_app(data_dir=folder)
    wizard = app.wizard
    _to_admin_page(qtbot, wizard)
    _fill_admin(wizard, password, confirm)
    wizard.next()
    assert wizard.currentPage() is wizard.admin_page
    assert expected in wizard.admin_page.error.text()
    assert not (folder / "keyslots.json").exists()


def test_the_clinic_name_is_required(qtbot, make_app, tmp_path):
    app = make_app(data_dir=tmp_path / "fresh")
    wizard = app.wizard
    wizard.next()
    wizard.next()
    assert wizard.currentPage() is wizard.clinic_page
    assert wizard.clinic_page.error.text().startswith("Clinic name")


def test_choosing_urdu_turns_the_wizard_right_to_left(qtbot, make_app, tmp_path):
    app = make_app(data_dir=tmp_path / "fresh")
    wizard = app.wizard
    urdu = next(b for b in wizard.page(0).group.buttons() if b.objectName() == "language_ur")
    # Where a person clicks: on the circle and the word, at the start of the line.
    qtbot.mouseClick(urdu, Qt.MouseButton.LeftButton, pos=QPoint(12, urdu.height() // 2))
    assert wizard.layoutDirection() == Qt.LayoutDirection.RightToLeft
    wizard.next()
    assert wizard.clinic_page.title() == "آپ کا مرکز صحت"
    assert wizard.buttonText(QWizard.WizardButton.NextButton) == "آگے"


def test_the_recovery_key_saves_as_a_pdf(tmp_path):
    path = write_pdf(tmp_path / "key.pdf", "Recovery key for BHU Jhok", "ABCDE-FGHJK-MNPQR-STVWX-YZ234")
    data = path.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 1000


def test_an_installer_with_a_code_connects_the_station_to_the_hub_in_the_wizard(qtbot, make_app, tmp_path):
    from tests.support.server import run_hub

    with run_hub(f"sqlite:///{tmp_path / 'hub.sqlite3'}") as hub:
        code = hub.new_station().code
        app = make_app(data_dir=tmp_path / "fresh")
        wizard = app.wizard
        _to_admin_page(qtbot, wizard)
        _fill_admin(wizard)
        wizard.next()
        qtbot.waitUntil(lambda: wizard.currentPage() is wizard.recovery_page, timeout=15_000)
        wizard.recovery_page.written.setChecked(True)
        wizard.next()
        qtbot.keyClicks(wizard.hub_page.url, hub.base_url)
        qtbot.keyClicks(wizard.hub_page.code, code)
        wizard.button(QWizard.WizardButton.FinishButton).click()
        qtbot.waitUntil(lambda: app.window is not None and app.status.figures.enrolled
                        and app.status.figures.online is True, timeout=30_000)
        assert app.window.shell.sync_bar.link.text() == "● Online"


def test_a_wrong_hub_address_is_explained_on_the_hub_page(qtbot, make_app, tmp_path):
    app = make_app(data_dir=tmp_path / "fresh")
    page = app.wizard.hub_page
    page.initializePage()
    page.url.setText("hub.example.org")
    page.code.setText("ABCD-1234")
    assert not page.validatePage()
    assert page.error.text().startswith("Hub address")


@pytest.mark.parametrize("language, words", [
    ("en", ("Made on", "Keep this sheet locked away", "telestation recover")),
    ("ur", ("telestation recover",)),
])
def test_the_recovery_key_pdf_is_private_dated_and_says_what_to_do(qtbot, make_app, tmp_path, monkeypatch,
                                                                   language, words):
    import os
    import stat

    from PySide6.QtCore import QDate, QLocale
    from PySide6.QtWidgets import QFileDialog

    from ui import i18n
    from ui.printing import document

    app = make_app(data_dir=tmp_path / "fresh")
    wizard = app.wizard
    if language == "ur":
        i18n.install(app.qapp, "ur")
    _to_admin_page(qtbot, wizard)
    _fill_admin(wizard)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.recovery_page, timeout=15_000)
    page = wizard.recovery_page
    target = tmp_path / "recovery-key.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "PDF (*.pdf)"))
    qtbot.mouseClick(page.pdf_button, Qt.MouseButton.LeftButton)
    assert target.read_bytes().startswith(b"%PDF")
    if os.name == "posix":
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
    title, key, notes = page._document()
    text = document(title, key, notes=notes).toPlainText()
    assert key in text and "Basic Health Unit Jhok Sharif" in text
    assert QLocale().toString(QDate.currentDate(), "d MMM yyyy") in text
    for word in words:
        assert word in text
    if language == "ur":
        assert "Keep this sheet" not in text and "کمپیوٹر" in text
