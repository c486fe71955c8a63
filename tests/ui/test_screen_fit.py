"""Every page, in English and Urdu, fits a 1366x768 and a 1280x720 laptop screen: the window's
smallest size fits what a maximised window gets, and every button of the page, the sync strip
included, is inside the window (a page body scrolls; its action buttons stay in view)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

from tests.ui.conftest import sign_in, wait_idle
from tests.ui.test_screenshots import _real, _scene

# What a maximised window has on each screen: the taskbar (40 px) and the title bar (30 px) taken off.
SCREENS = {"1366x768": (1366, 768 - 70), "1280x720": (1280, 720 - 70)}


def _pages(window, ids):
    """Each page of the window with what it opens on."""
    yield "home", ()
    yield "patients", ()
    yield "register", ("",)
    yield "chart", (ids["patient"],)
    yield "consultation", (ids["patient"], ids["encounter"])
    yield "refer", (ids["patient"], ids["encounter"])
    yield "referral", (ids["answered"],)
    yield "referrals", ()
    yield "admin", ()


def _outside(window: QWidget, page: QWidget) -> list[str]:
    """Buttons of the page (and the sync strip) that are not wholly inside the window."""
    inside = QRect(QPoint(0, 0), window.size())
    problems = []
    scrolled = set()
    from PySide6.QtWidgets import QAbstractScrollArea

    for area in page.findChildren(QAbstractScrollArea):
        scrolled.add(area.viewport())
    for button in [*page.findChildren(QAbstractButton), *window.shell.sync_bar.findChildren(QAbstractButton)]:
        if not button.isVisibleTo(window) or any(v.isAncestorOf(button) for v in scrolled):
            continue  # inside a scrolling body: reached by scrolling, not by a bigger screen
        box = QRect(button.mapTo(window, QPoint(0, 0)), button.size())
        if not inside.contains(box):
            problems.append(f"{button.objectName() or button.text()!r} at {box.getRect()}")
    bar = window.shell.sync_bar
    box = QRect(bar.mapTo(window, QPoint(0, 0)), bar.size())
    if not bar.isVisible() or not inside.contains(box):
        problems.append(f"the sync strip at {box.getRect()}")
    return problems


@pytest.mark.parametrize("language", ["en", "ur"])
def test_every_page_fits_a_small_laptop_screen_with_its_buttons_in_view(qtbot, make_app, station_dir, artifacts,
                                                                        language):
    ids = _scene(station_dir)
    app = make_app(language)
    window = app.window
    sign_in(qtbot, app)
    problems = []
    for key, args in _pages(window, ids):
        window.show_page(key, *args)
        wait_idle(qtbot, app, timeout=30_000)
        page = _real(window.pages[key])
        tabs = getattr(page, "tabs", None)
        for index in range(tabs.count() if tabs is not None else 1):
            if tabs is not None:
                tabs.setCurrentIndex(index)
                wait_idle(qtbot, app, timeout=30_000)
            name = key if tabs is None else f"{key}_{tabs.widget(index).__class__.__name__.lower()}"
            for screen, (width, height) in SCREENS.items():
                window.resize(width, height)
                QApplication.processEvents()
                qtbot.wait(30)
                need = window.minimumSizeHint()
                if need.height() > height or need.width() > width:
                    problems.append(f"{screen} {name}: the window needs {need.width()}x{need.height()}")
                if window.height() > height or window.width() > width:
                    problems.append(f"{screen} {name}: the window grew to {window.width()}x{window.height()}")
                problems += [f"{screen} {name}: {p} is outside the window" for p in _outside(window, page)]
                if screen == "1366x768" or key in ("consultation", "admin", "register"):
                    window.grab().save(str(Path(artifacts) / f"fit_{screen}_{name}_{language}.png"))
    assert not problems, "\n".join(problems)
