"""Administration → Audit log: station time, patients by MRN and name, filters, paging as one
scrolls, refreshing when something is done, and the saved summary PDF in it."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QDate, Qt

from station import audit_log, consultations, patients
from station.store import Store
from tests.ui.clinic_support import ASLAM, ZAINAB, register, run, settle, signed_in_worker
from ui.admin.audit_view import AuditTab


def _tab(qtbot, worker) -> AuditTab:
    tab = AuditTab(worker)
    qtbot.addWidget(tab)
    tab.resize(1300, 600)
    tab.show()
    settle(qtbot, worker)
    return tab


def _column(tab: AuditTab, column: int) -> list[str]:
    return [tab.model.index(r, column).data() for r in range(tab.model.rowCount())]


def _many_entries(store: Store, n: int) -> None:
    with store.atomic():
        for i in range(n):
            store.audit("chart.open", "patient", f"p{i}")


def test_times_are_station_time_and_patients_are_named(qtbot, station_dir):
    with signed_in_worker(qtbot, station_dir) as worker:
        aslam = run(qtbot, worker, lambda s: register(s, ASLAM))
        run(qtbot, worker, lambda s: patients.open_chart(s, aslam.id))
        tab = _tab(qtbot, worker)
        top = tab.model.rows[0]
        assert top.action == "chart.open"
        assert _column(tab, 3)[0] == "Opened a chart"
        assert aslam.mrn in _column(tab, 4)[0] and "Muhammad Aslam" in _column(tab, 4)[0]
        recorded = datetime.fromisoformat(top.at.replace("Z", "+00:00"))
        pakistan = (recorded + timedelta(hours=5)).strftime("%Y-%m-%d %H:%M:%S")
        assert _column(tab, 1)[0].strip("\u2068\u2069") == pakistan
        assert "PKT" in tab.summary.text() and "UTC+05:00" in tab.summary.text()


def test_the_filters_narrow_the_log(qtbot, station_dir):
    with signed_in_worker(qtbot, station_dir) as worker:
        aslam = run(qtbot, worker, lambda s: register(s, ASLAM))
        zainab = run(qtbot, worker, lambda s: register(s, ZAINAB))
        run(qtbot, worker, lambda s: patients.open_chart(s, zainab.id))
        encounter = run(qtbot, worker, lambda s: consultations.start(s, aslam.id, complaint="cough"))
        tab = _tab(qtbot, worker)
        everything = tab.model.total
        # By patient: Aslam's registration and his consultation, not Zainab's chart.
        tab.patient_filter.setText(aslam.mrn.lstrip("0"))
        tab.patient_filter.returnPressed.emit()
        settle(qtbot, worker)
        assert {r.record_id for r in tab.model.rows} == {aslam.id, encounter.id}
        assert "Muhammad Aslam" in tab.summary.text()
        tab.patient_filter.clear()
        settle(qtbot, worker)
        assert tab.model.total == everything
        # By action, as offered in the list.
        at = tab.action_filter.findData("chart.open")
        assert tab.action_filter.itemText(at) == "Opened a chart"
        tab.action_filter.setCurrentIndex(at)
        tab.action_filter.activated.emit(at)
        settle(qtbot, worker)
        assert [r.record_id for r in tab.model.rows] == [zainab.id]
        tab.action_filter.setCurrentIndex(0)
        tab.action_filter.activated.emit(0)
        # By user: the health worker did nothing yet.
        run(qtbot, worker, lambda s: s.audit("chart.open", "patient", zainab.id, username="sadia"))
        tab.hide()
        tab.show()  # back to the tab: the log has grown, so it is read again
        qtbot.waitUntil(lambda: tab.user_filter.findData("sadia") > 0, timeout=5000)
        at = tab.user_filter.findData("sadia")
        tab.user_filter.setCurrentIndex(at)
        tab.user_filter.activated.emit(at)
        settle(qtbot, worker)
        assert [r.username for r in tab.model.rows] == ["sadia"]
        tab.user_filter.setCurrentIndex(0)
        tab.user_filter.activated.emit(0)
        # By date: nothing happened yesterday; today everything.
        tab.dates.setChecked(True)
        yesterday = QDate.currentDate().addDays(-1)
        tab.first_day.setDate(yesterday)
        tab.last_day.setDate(yesterday)
        settle(qtbot, worker)
        assert tab.model.total == 0 and tab.summary.text().startswith("Entries: 0")
        tab.last_day.setDate(QDate.currentDate().addDays(1))
        settle(qtbot, worker)
        assert tab.model.total == everything + 1


def test_a_long_log_is_read_a_page_at_a_time_as_one_scrolls(qtbot, station_dir):
    with signed_in_worker(qtbot, station_dir) as worker:
        run(qtbot, worker, lambda s: _many_entries(s, 1000))
        tab = _tab(qtbot, worker)
        assert tab.model.total > 1000
        assert tab.model.rowCount() == audit_log.PAGE
        tab.table.scrollToBottom()
        settle(qtbot, worker)
        assert tab.model.rowCount() == 2 * audit_log.PAGE
        seqs = [r.seq for r in tab.model.rows]
        assert seqs == sorted(seqs, reverse=True) and len(set(seqs)) == len(seqs)


def test_the_log_refreshes_when_something_is_done_and_when_shown_again(qtbot, station_dir):
    with signed_in_worker(qtbot, station_dir) as worker:
        tab = _tab(qtbot, worker)
        before = tab.model.total
        run(qtbot, worker, lambda s: register(s, ZAINAB))  # a write: "changes applied"
        qtbot.waitUntil(lambda: tab.model.total > before, timeout=5000)
        assert tab.model.rows[0].action == "patients.create"
        tab.hide()
        zainab_id = tab.model.rows[0].record_id
        run(qtbot, worker, lambda s: patients.open_chart(s, zainab_id))  # audited, no change announced
        tab.show()
        qtbot.waitUntil(lambda: tab.model.rows[0].action == "chart.open", timeout=5000)


def test_in_urdu_the_log_speaks_urdu_and_keeps_times_and_mrns_in_order(qtbot, station_dir):
    from ui import i18n
    from ui.app import create_qapp

    app = create_qapp()
    i18n.install(app, "ur")
    try:
        with signed_in_worker(qtbot, station_dir) as worker:
            aslam = run(qtbot, worker, lambda s: register(s, ASLAM))
            run(qtbot, worker, lambda s: patients.open_chart(s, aslam.id))
            tab = _tab(qtbot, worker)
            assert tab.isRightToLeft()
            assert _column(tab, 3)[0] == "مریض کا ریکارڈ کھولا"
            assert tab.model.headerData(1, Qt.Orientation.Horizontal) == "وقت"
            time_text = _column(tab, 1)[0]
            assert time_text.startswith("\u2068") and time_text.endswith("\u2069")  # isolated: reads left to right
            assert f"\u2068{aslam.mrn}\u2069" in _column(tab, 4)[0]
            assert tab.first_day.text() == QDate.currentDate().toString("dd/MM/yyyy")
    finally:
        i18n.install(app, "en")
