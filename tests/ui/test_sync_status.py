"""The sync bar tells the truth: offline while the hub is away, "everything sent" only once acknowledged."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from tests.support import server
from tests.ui.clinic_support import ASLAM, register
from tests.ui.conftest import sign_in, wait_idle


def test_the_bar_goes_offline_keeps_the_count_and_catches_up_when_the_hub_returns(qtbot, make_app, tmp_path: Path,
                                                                                   monkeypatch):
    db_url = f"sqlite:///{tmp_path / 'hub.sqlite3'}"
    port = server.free_port()
    monkeypatch.setattr(server, "free_port", lambda: port)  # the hub comes back at the same address
    app = make_app()
    bar = app.window.shell.sync_bar
    sign_in(qtbot, app)
    assert bar.link.text() == "● Not connected to a hub"
    # "Sync now" on a station never connected says so at once, and what to do.
    qtbot.mouseClick(bar.sync_now, Qt.MouseButton.LeftButton)
    assert "Not connected to a hub" in bar.feedback.text() and "Settings" in bar.feedback.text()

    with server.run_hub(db_url) as hub:
        code = hub.new_station().code
        app.enroll(hub.base_url, code)
        qtbot.waitUntil(lambda: bar.link.text() == "● Online", timeout=30_000)
        assert bar.pending.text() == "Everything sent"
        assert bar.last.text().startswith("Last synced: ")

    # The link drops; the health worker keeps working.
    app.ops.submit(lambda s: register(s, ASLAM))
    wait_idle(qtbot, app)
    qtbot.waitUntil(lambda: bar.pending.text() == "Waiting to be sent: 1", timeout=5000)
    qtbot.mouseClick(bar.sync_now, Qt.MouseButton.LeftButton)
    assert bar.feedback.text() == "Trying to reach the hub…"
    qtbot.waitUntil(lambda: bar.link.text() == "● Offline", timeout=60_000)
    assert bar.pending.text() == "Waiting to be sent: 1", "nothing counts as sent without the hub"
    qtbot.waitUntil(lambda: bar.feedback.text().startswith("Sync failed at "), timeout=60_000)
    assert len(bar.feedback.text()) > len("Sync failed at 12:00: "), "the bar says what went wrong"

    with server.run_hub(db_url):
        qtbot.mouseClick(bar.sync_now, Qt.MouseButton.LeftButton)
        assert bar.feedback.text() == "Trying to reach the hub…"
        qtbot.waitUntil(lambda: bar.link.text() == "● Online" and bar.pending.text() == "Everything sent",
                        timeout=60_000)
        assert bar.error.text() == ""
        qtbot.waitUntil(lambda: bar.feedback.text().startswith("Sync done at "), timeout=30_000)


def test_a_sync_that_cannot_start_says_so_on_the_bar_and_in_the_log(qtbot, make_app, monkeypatch, caplog):
    from station.errors import DamagedDatabase
    from ui import sync_driver

    def damaged(_store):
        raise DamagedDatabase("The station database is damaged. Restore it from the latest backup.")

    monkeypatch.setattr(sync_driver.identity, "load", damaged)
    # The bar counts the station as connected to a hub: "Sync now" tries, and the failure to start
    # ends the try with its reason (not "no answer yet" a minute and a half later).
    monkeypatch.setattr(sync_driver.identity, "is_enrolled", lambda _store: True)
    app = make_app()
    bar = app.window.shell.sync_bar
    with caplog.at_level("WARNING", logger="ui.sync_driver"):
        sign_in(qtbot, app)
        wait_idle(qtbot, app)
        qtbot.waitUntil(lambda: bar.link.text() != "● Not connected to a hub", timeout=10_000)
        qtbot.mouseClick(bar.sync_now, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "Sync could not start: " in bar.feedback.text(), timeout=10_000)
    assert bar.feedback.text().startswith("Sync failed at ")
    assert "Restore it from the latest backup" in bar.feedback.text()
    assert bar.sync_now.isEnabled()
    assert any("sync could not start: DamagedDatabase" in r.getMessage() for r in caplog.records)


def test_home_that_cannot_be_read_says_so_on_the_page(qtbot, make_app, monkeypatch, caplog):
    from station.errors import DamagedDatabase
    from ui import home

    app = make_app()
    sign_in(qtbot, app)
    page = app.window.pages["home"]
    wait_idle(qtbot, app)
    assert not page.problem.isVisible()

    def damaged(_store):
        raise DamagedDatabase("The station database is damaged. Restore it from the latest backup.")

    monkeypatch.setattr(home, "load", damaged)
    with caplog.at_level("WARNING", logger="ui.home"):
        page.refresh()
        qtbot.waitUntil(lambda: not page.problem.isHidden(), timeout=10_000)
    assert page.problem.text().startswith("Today's lists could not be brought up to date: ")
    assert any("home page could not be read: DamagedDatabase" in r.getMessage() for r in caplog.records)
    monkeypatch.undo()
    page.refresh()
    qtbot.waitUntil(page.problem.isHidden, timeout=10_000)
