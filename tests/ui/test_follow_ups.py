"""Follow-ups that come back: Home lists visits due and overdue with the number to call and what came of
the call; a patient who missed a follow-up is marked in search results and on the chart."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from station import followups
from tests.ui.clinic_support import ASLAM, ZAINAB, consulted, register, run, seen, settle, signed_in_worker
from tests.ui.conftest import shot
from ui import i18n
from ui.home import HomePage
from ui.patients.chart import PatientChartPage
from ui.patients.search import PatientSearchPage

TODAY = date.today()


@pytest.fixture
def ops(qtbot, station_dir: Path):
    with signed_in_worker(qtbot, station_dir) as worker:
        yield worker


def asked_to_return(store, fields, days_from_today: int, **extra):
    """A signed consultation whose follow-up date is `days_from_today` (a past date is set afterwards,
    as if the consultation had been written days ago)."""
    patient = register(store, {**fields, **extra})
    encounter = consulted(store, patient, follow_up_date=(TODAY + timedelta(days=max(days_from_today, 0))).isoformat())
    if days_from_today < 0:
        store.conn.execute("UPDATE encounters SET follow_up_date = ?, started_at = ? WHERE id = ?",
                           ((TODAY + timedelta(days=days_from_today)).isoformat(),
                            (TODAY + timedelta(days=days_from_today - 7)).isoformat() + "T09:00:00.000Z",
                            encounter.id))
    return patient, encounter


@pytest.fixture
def scene(qtbot, ops):
    def make(store):
        late = asked_to_return(store, ASLAM, -3)
        today = asked_to_return(store, ZAINAB, 0, phone="0333-7654321")
        later = asked_to_return(store, {**ZAINAB, "name": "Bashir Ahmed", "sex": "male"}, 5, phone="")
        return late, today, later
    return run(qtbot, ops, make)


def home_page(qtbot, ops) -> HomePage:
    home = HomePage(ops)
    qtbot.addWidget(home)
    home.resize(1366 - 190, 768 - 110)
    home.show()
    settle(qtbot, ops)
    return home


def test_home_lists_visits_due_and_overdue_with_the_phone_and_records_the_call(qtbot, ops, scene):
    (_aslam, aslam_visit), _zainab, _later = scene
    home = home_page(qtbot, ops)
    panel = home.follow_ups
    assert panel.isVisible()
    rows = [[seen(panel.table.item(r, c).text()) for c in range(4)] for r in range(panel.table.rowCount())]
    assert [r[1].split(" · ")[0] for r in rows] == ["Muhammad Aslam", "Zainab Bibi"]  # overdue first
    assert "3 days late" in rows[0][0] and rows[1][0] == "today"
    assert rows[0][2] == "03001234567" and rows[1][2] == "03337654321"
    assert rows[0][3] == "not called yet"
    assert "overdue: 1" in panel.heading.text()

    assert not panel.buttons["called"].isEnabled()  # nothing chosen yet
    panel.table.selectRow(0)
    qtbot.mouseClick(panel.buttons["not_reachable"], Qt.MouseButton.LeftButton)
    settle(qtbot, ops)
    qtbot.waitUntil(lambda: "not reachable" in panel.table.item(0, 3).text(), timeout=5000)
    panel.table.selectRow(0)
    qtbot.mouseClick(panel.buttons["came"], Qt.MouseButton.LeftButton)
    settle(qtbot, ops)
    qtbot.waitUntil(lambda: panel.table.rowCount() == 1, timeout=5000)  # came: no longer due
    assert "Zainab" in panel.table.item(0, 1).text()
    actions = run(qtbot, ops, lambda s: [r[0] for r in s.conn.execute(
        "SELECT action FROM audit WHERE record_id = ? AND action LIKE 'follow_up.%' ORDER BY seq", (aslam_visit.id,))])
    assert actions == ["follow_up.not_reachable", "follow_up.came"]


def test_a_patient_who_missed_a_follow_up_is_marked_in_search_and_on_the_chart(qtbot, ops, scene):
    (aslam, _visit), (zainab, _zv), _later = scene
    search = PatientSearchPage(ops)
    qtbot.addWidget(search)
    search.show()
    settle(qtbot, ops)
    search.search("a")
    settle(qtbot, ops)
    marked = {search.results()[r].name: seen(search.table.item(r, 1).text()) for r in range(search.table.rowCount())}
    assert "missed follow-up of" in marked["Muhammad Aslam"]
    assert "missed" not in marked["Zainab Bibi"]  # due today is not missed yet

    chart = PatientChartPage(ops)
    qtbot.addWidget(chart)
    chart.show()
    chart.open_with(aslam.id)
    settle(qtbot, ops)
    assert chart.follow_up_note.isVisible() and "missed follow-up of" in seen(chart.follow_up_note.text())
    chart.open_with(zainab.id)
    settle(qtbot, ops)
    assert not chart.follow_up_note.isVisible()
    # A new visit is the patient coming back: the mark goes.
    run(qtbot, ops, lambda s: consulted(s, aslam, sign=False))
    chart.open_with(aslam.id)
    settle(qtbot, ops)
    assert not chart.follow_up_note.isVisible()
    assert run(qtbot, ops, lambda s: followups.missed(s, [aslam.id])) == {}


@pytest.mark.parametrize("language", ["en", "ur"])
def test_follow_ups_on_home_in_both_languages(qtbot, ops, scene, language, artifacts):
    i18n.install(QApplication.instance(), language)
    try:
        home = home_page(qtbot, ops)
        home.follow_ups.table.selectRow(0)
        qtbot.wait(50)
        shot(home, artifacts, f"home_follow_ups_{language}")
        if language == "ur":
            assert home.follow_ups.buttons["came"].text() != "Came"
    finally:
        i18n.install(QApplication.instance(), "en")
