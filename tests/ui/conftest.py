"""Fixtures for the desktop app tests: a station on disk, the running app, signing in, typing Urdu.

Widgets are real and run offscreen (QT_QPA_PLATFORM=offscreen, set in tests/conftest.py).
Each test gets its own data folder and its own DB worker; the language is reset afterwards.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from station import users
from station.store import Store
from tests.conftest import ADMIN_PASSWORD, FAST_KDF
from ui import i18n, prefs
from ui.app import StationApp, create_qapp

HEALTH_WORKER = ("sadia", "Sadia Bibi", "health_worker", "481937")


@pytest.fixture
def station_dir(tmp_path: Path) -> Path:
    """A set-up station: admin (password ADMIN_PASSWORD) and a health worker with a PIN."""
    folder = tmp_path / "station"
    store, _recovery = Store.create(folder, "Basic Health Unit Jhok", "Thatta", "admin", ADMIN_PASSWORD,
                                    full_name="Dr Amina Soomro", kdf=FAST_KDF)
    username, name, role, pin = HEALTH_WORKER
    users.add(store, username, role, pin, full_name=name, credential="pin", kdf=FAST_KDF)
    store.close()
    return folder


@pytest.fixture
def make_app(qtbot, station_dir: Path) -> Iterator[Callable[..., StationApp]]:
    """Start the app on `station_dir` (or another folder) in a language; shut down afterwards."""
    started: list[StationApp] = []

    def start(language: str = "en", data_dir: Path | None = None, idle_minutes: float = 10,
              with_network: bool = True) -> StationApp:
        folder = data_dir or station_dir
        folder.mkdir(parents=True, exist_ok=True)
        saved = prefs.load(folder)
        saved.language, saved.idle_lock_minutes = language, idle_minutes
        prefs.save(folder, saved)
        app = StationApp(folder, create_qapp(), with_network=with_network)
        app.kdf = FAST_KDF
        started.append(app)
        app.start()
        return app

    yield start
    for app in started:
        app.shutdown()
        for widget in (app.window, app.wizard):
            if widget is not None:
                widget.close()
    i18n.install(QApplication.instance(), "en")  # type: ignore[arg-type]


def wait_idle(qtbot, app: StationApp, timeout: int = 10_000) -> None:
    """Let queued DB work finish and its results reach the widgets."""
    assert app.ops.wait_idle(timeout / 1000)
    qtbot.waitUntil(lambda: app.ops._pending == 0, timeout=timeout)
    qtbot.wait(20)


def sign_in(qtbot, app: StationApp, username: str = "admin", password: str = ADMIN_PASSWORD) -> None:
    window = app.window
    assert window is not None
    login = window.login
    login.username.clear()
    qtbot.keyClicks(login.username, username)
    login.password.clear()
    qtbot.keyClicks(login.password, password)
    qtbot.mouseClick(login.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.locked, timeout=10_000)
    wait_idle(qtbot, app)


def type_text(widget: QWidget, text: str) -> None:
    """Type like a person: ASCII through key clicks, other scripts per character as text events.

    (QTest.keyClicks with a non-ASCII character aborts the whole process.)
    """
    widget.setFocus()
    for ch in text:
        if ch.isascii():
            QTest.keyClicks(widget, ch)
        else:
            QTest.sendKeyEvent(QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier)


def commit_text(widget: QWidget, text: str) -> None:
    """Text arriving from an input method (an Urdu keyboard) in one commit."""
    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def shot(widget: QWidget, artifacts: Path, name: str) -> Path:
    path = artifacts / f"{name}.png"
    widget.grab().save(str(path))
    return path
