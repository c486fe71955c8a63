"""Signing in, the Lock button and the idle lock: a locked station holds no database key."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.conftest import ADMIN_PASSWORD
from tests.ui.conftest import HEALTH_WORKER, sign_in, wait_idle


def test_a_health_worker_signs_in_with_a_pin_and_sees_the_home_page(qtbot, make_app):
    app = make_app()
    sign_in(qtbot, app, HEALTH_WORKER[0], HEALTH_WORKER[3])
    assert app.window.current_page() == "home"
    assert app.window.shell.user.text() == HEALTH_WORKER[1]
    assert app.window.shell.clinic.text() == "Basic Health Unit Jhok"


@pytest.mark.parametrize("username,password", [("admin", "not the password"), ("nobody", ADMIN_PASSWORD)])
def test_a_wrong_password_is_refused_in_plain_words(qtbot, make_app, username, password):
    app = make_app()
    login = app.window.login
    login.username.setText(username)
    login.password.setText(password)
    qtbot.mouseClick(login.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(login.error.text()), timeout=10_000)
    assert "do not match" in login.error.text()
    assert app.window.locked and app.ops.store is None
    assert login.password.text() == ""


def test_an_empty_field_is_named_before_anything_is_tried(qtbot, make_app):
    app = make_app()
    login = app.window.login
    login.username.clear()
    qtbot.mouseClick(login.button, Qt.MouseButton.LeftButton)
    assert login.error.text().startswith("Username")
    login.username.setText("admin")
    qtbot.mouseClick(login.button, Qt.MouseButton.LeftButton)
    assert login.error.text().startswith("Password")


def test_the_lock_button_closes_the_database_and_the_same_person_continues_where_they_were(qtbot, make_app):
    app = make_app()
    sign_in(qtbot, app)
    app.window.show_page("admin")
    pages_before = dict(app.window.pages)
    qtbot.mouseClick(app.window.shell.lock_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, app)
    assert app.window.locked
    assert app.ops.store is None, "the store (and its key) must be closed while locked"
    assert app.window.login.username.text() == "admin"
    assert "locked" in app.window.login.notice.text()
    sign_in(qtbot, app)
    assert app.window.current_page() == "admin"
    assert app.window.pages == pages_before


@pytest.mark.parametrize("minutes", [0.02, 0.04])
def test_the_station_locks_itself_after_the_idle_time(qtbot, make_app, minutes):
    app = make_app(idle_minutes=minutes)
    sign_in(qtbot, app)
    assert not app.window.locked
    qtbot.waitUntil(lambda: app.window.locked, timeout=int(minutes * 60_000) + 3000)
    wait_idle(qtbot, app)
    assert app.ops.store is None
    assert "nobody used it" in app.window.login.notice.text()


def test_typing_keeps_the_station_unlocked(qtbot, make_app):
    app = make_app(idle_minutes=0.03)  # 1.8 s
    sign_in(qtbot, app)
    edit = app.window.login.username  # any widget: input anywhere counts
    for _ in range(6):
        qtbot.wait(500)
        qtbot.keyClick(edit, Qt.Key.Key_Shift)
        assert not app.window.locked


def test_after_a_lock_another_person_gets_their_own_screens(qtbot, make_app):
    app = make_app()
    sign_in(qtbot, app)
    assert app.window.pages["admin"].users is not None
    app.lock()
    wait_idle(qtbot, app)
    sign_in(qtbot, app, HEALTH_WORKER[0], HEALTH_WORKER[3])
    assert app.window.pages["admin"].users is None, "a health worker must not see the user list"
    assert app.window.shell.user.text() == HEALTH_WORKER[1]


def test_locking_closes_an_open_form_so_nothing_stays_on_screen(qtbot, make_app):
    app = make_app()
    sign_in(qtbot, app)
    app.window.show_page("admin")
    dialog = app.window.pages["admin"].users.add_user()
    dialog.full_name.setText("Nasreen Akhtar")
    assert dialog.isVisible()
    qtbot.mouseClick(app.window.shell.lock_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, app)
    assert not dialog.isVisible()
    assert app.window.locked
