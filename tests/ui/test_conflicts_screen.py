"""Sync conflicts a person must settle get a screen: both values, who changed each and when; the choice is
saved as a change of the patient (so it syncs) and audited."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from station import patients
from station.records import Patient
from station.store import Store
from sync import conflicts
from tests.ui.clinic_support import ASLAM, register, seen
from tests.ui.conftest import HEALTH_WORKER, shot, sign_in, wait_idle
from ui import i18n


@pytest.fixture
def conflicted(station_dir: Path) -> Patient:
    """Sadia changed Aslam's phone; the admin, working from the older copy, changed it another way."""
    username, _name, _role, pin = HEALTH_WORKER
    with Store.open(station_dir, "admin", "correct horse battery") as admin:
        patient = register(admin, ASLAM)
        with Store.open(station_dir, username, pin) as sadia:
            patients.update(sadia, patient.id, {"phone": "03451112223"}, expected_version=patient.version)
        _saved, [found] = conflicts.save_patient(admin, patient.id, {"phone": "03339998887"},
                                                 base_version=patient.version)
        assert found.local_by == "sadia" and found.remote_by == "admin"
    return patient


def open_conflicts_page(qtbot, app):
    bar = app.window.shell.sync_bar
    qtbot.waitUntil(lambda: bar.conflicts_button.isVisible(), timeout=10_000)
    assert bar.conflicts_button.text().endswith("(1)")
    qtbot.mouseClick(bar.conflicts_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, app)
    page = app.window.pages["conflicts"]
    qtbot.waitUntil(lambda: len(page.cards) == 1, timeout=10_000)
    return page


def test_both_values_are_shown_with_who_changed_them_and_the_choice_is_saved_and_audited(
        qtbot, make_app, conflicted):
    app = make_app(with_network=False)
    sign_in(qtbot, app)
    page = open_conflicts_page(qtbot, app)
    card = page.cards[0]
    texts = {name: seen(card.findChild(type(page.status), name).text())
             for name in ("value_local", "value_remote", "who_local", "who_remote")}
    assert texts["value_local"] == "03451112223" and texts["value_remote"] == "03339998887"
    assert texts["who_local"].startswith("changed by sadia on ")
    assert texts["who_remote"].startswith("changed by admin on ")
    assert "Muhammad Aslam · MRN 000001: phone number" in seen(card.findChildren(type(page.status))[0].text())

    qtbot.mouseClick(card.buttons["remote"], Qt.MouseButton.LeftButton)
    wait_idle(qtbot, app)
    qtbot.waitUntil(lambda: page.cards == [], timeout=10_000)
    box: dict[str, object] = {}
    app.ops.submit(lambda s: (s.get(Patient, conflicted.id).phone,
                              s.conn.execute("SELECT detail FROM audit WHERE action = 'sync.conflict.resolve'")
                              .fetchone()[0],
                              s.conn.execute("SELECT count(*) FROM outbox WHERE record_id = ? AND state = 'pending'",
                                             (conflicted.id,)).fetchone()[0]),
                   lambda r: box.setdefault("r", r))
    wait_idle(qtbot, app)
    phone, detail, waiting = box["r"]  # type: ignore[misc]
    assert phone == "03339998887" and '"choice": "remote"' in detail and waiting >= 1
    qtbot.waitUntil(lambda: not app.window.shell.sync_bar.conflicts_button.isVisible(), timeout=10_000)


@pytest.mark.parametrize("language", ["en", "ur"])
def test_the_conflicts_screen_in_both_languages(qtbot, make_app, conflicted, language, artifacts):
    app = make_app(language=language, with_network=False)
    app.window.resize(1366, 768)
    sign_in(qtbot, app)
    page = open_conflicts_page(qtbot, app)
    qtbot.wait(50)
    shot(app.window, artifacts, f"conflicts_{language}")
    if language == "ur":
        assert page.cards[0].buttons["local"].text() != "Keep this value"
    i18n.install(QApplication.instance(), "en")
