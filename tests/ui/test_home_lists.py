"""Home lists everyone registered today, seen or still waiting; Referrals puts emergencies first, in red."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from station import referrals
from tests.ui.clinic_support import ASLAM, ZAINAB, consulted, register, run, seen, settle, signed_in_worker
from ui.home import HomePage
from ui.referral.listing import EMERGENCY_BACKGROUND, ReferralsPage


@pytest.fixture
def ops(qtbot, station_dir: Path):
    with signed_in_worker(qtbot, station_dir) as worker:
        yield worker


def test_a_patient_registered_and_not_yet_seen_is_on_todays_register(qtbot, ops):
    aslam = run(qtbot, ops, lambda s: register(s, ASLAM))
    run(qtbot, ops, lambda s: consulted(s, aslam, sign=False))
    zainab = run(qtbot, ops, lambda s: register(s, ZAINAB))
    home = HomePage(ops)
    qtbot.addWidget(home)
    home.show()
    settle(qtbot, ops)
    rows = {seen(home.today.item(r, 2).text()): home.today.item(r, 4).text() for r in range(home.today.rowCount())}
    assert rows == {"Muhammad Aslam — محمد اسلم": "draft, not signed yet",
                    "Zainab Bibi": "registered, waiting to be seen"}
    assert "2" in home.today_heading.text()
    row = next(r for r in range(home.today.rowCount()) if "Zainab" in home.today.item(r, 2).text())
    with qtbot.waitSignal(home.navigate) as opened:
        home.today.cellActivated.emit(row, 0)
    assert opened.args == ["chart", (zainab.id,)]
    # Once seen, she is listed once, with her consultation.
    run(qtbot, ops, lambda s: consulted(s, zainab, sign=False, complaint="Diarrhoea since yesterday"))
    qtbot.waitUntil(lambda: any("Diarrhoea" in (home.today.item(r, 3).text() or "")
                                for r in range(home.today.rowCount())), timeout=5000)
    assert home.today.rowCount() == 2


def test_referrals_are_sorted_by_urgency_and_a_waiting_emergency_stands_out(qtbot, ops):
    def make(store):
        made = []
        for fields, urgency in ((ASLAM, "routine"), (ZAINAB, "emergency"), ({**ZAINAB, "name": "Bashir Ahmed",
                                                                              "sex": "male"}, "urgent")):
            patient = register(store, fields)
            made.append(referrals.create(store, patient.id, "pulmonology", urgency, "What next?"))
        return made
    run(qtbot, ops, make)
    listing = ReferralsPage(ops)
    qtbot.addWidget(listing)
    listing.resize(1000, 500)
    listing.show()
    settle(qtbot, ops)
    assert [listing.table.item(r, 3).text() for r in range(3)] == ["emergency", "urgent", "routine"]
    first = listing.table.item(0, 1)
    assert first.background().color() == EMERGENCY_BACKGROUND and first.font().bold()
    assert listing.table.item(1, 1).background().style() == Qt.BrushStyle.NoBrush
