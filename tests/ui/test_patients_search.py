"""A health worker finds a patient by typing: any common spelling, Urdu script, MRN, CNIC or phone."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests.ui.clinic_support import ASLAM, register, run, settle, signed_in_worker
from tests.ui.conftest import commit_text, type_text
from ui.patients.search import PatientSearchPage


@pytest.fixture
def ops(qtbot, station_dir: Path):
    with signed_in_worker(qtbot, station_dir) as worker:
        yield worker


@pytest.fixture
def page(qtbot, ops) -> PatientSearchPage:
    widget = PatientSearchPage(ops)
    qtbot.addWidget(widget)
    widget.resize(1000, 600)
    widget.show()
    settle(qtbot, ops)
    return widget


@pytest.fixture
def aslam(qtbot, ops):
    patient = run(qtbot, ops, lambda s: register(s, ASLAM))
    run(qtbot, ops, lambda s: register(s, {**ASLAM, "name": "Fatima Bibi", "name_ur": None, "sex": "female",
                                           "phone": None, "cnic": None, "father_name": "Muhammad Aslam"}))
    return patient


def _names(page: PatientSearchPage) -> list[str]:
    return [p.name for p in page.results()]


@pytest.mark.parametrize("typed", ["mohammad aslam", "Muhammed Aslam", "md aslam", "000001",
                                   "4130412345671", "41304-1234567-1", "0300 1234567", "+92 300 1234567"])
def test_typing_any_common_spelling_or_number_finds_the_patient(qtbot, ops, page, aslam, typed):
    type_text(page.query, typed)
    qtbot.waitUntil(lambda: not page._timer.isActive(), timeout=5000)
    settle(qtbot, ops)
    assert _names(page)[0] == "Muhammad Aslam"
    assert page.table.item(0, 0).text() == aslam.mrn


def test_urdu_script_typed_with_an_urdu_keyboard_finds_the_patient(qtbot, ops, page, aslam):
    commit_text(page.query, "محمد اسلم")
    page.query.textEdited.emit(page.query.text())
    qtbot.waitUntil(lambda: not page._timer.isActive(), timeout=5000)
    settle(qtbot, ops)
    # Then Fatima, whose father Muhammad Aslam is written in Latin letters (as "aslam" finds her too).
    assert _names(page) == ["Muhammad Aslam", "Fatima Bibi"]


def test_own_name_ranks_before_a_fathers_name(qtbot, ops, page, aslam):
    page.search("aslam")
    settle(qtbot, ops)
    assert _names(page) == ["Muhammad Aslam", "Fatima Bibi"]


def test_nobody_found_says_what_to_try_next(qtbot, ops, page, aslam):
    page.search("Qurban")
    settle(qtbot, ops)
    assert page.table.rowCount() == 0
    assert "No patient found" in page.status.text()
    assert "register a new patient" in page.status.text()


def test_an_empty_box_lists_the_most_recent_patients(qtbot, ops, page, aslam):
    page.search("")
    settle(qtbot, ops)
    assert set(_names(page)) == {"Muhammad Aslam", "Fatima Bibi"}


def test_enter_opens_the_first_patient_and_the_down_arrow_moves_into_the_list(qtbot, ops, page, aslam):
    page.search("aslam")
    settle(qtbot, ops)
    with qtbot.waitSignal(page.navigate) as opened:
        qtbot.keyClick(page.query, Qt.Key.Key_Return)
    assert opened.args == ["chart", (aslam.id,)]

    page.query.setFocus()
    qtbot.keyClick(page.query, Qt.Key.Key_Down)
    assert page.table.hasFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    with qtbot.waitSignal(page.navigate) as opened:
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert opened.args[0] == "chart"
    assert opened.args[1] == (page.results()[1].id,)


def test_register_new_starts_the_form_with_what_was_typed(qtbot, ops, page):
    type_text(page.query, "Qurban Ali")
    with qtbot.waitSignal(page.navigate) as asked:
        qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    assert asked.args == ["register", ("Qurban Ali",)]


def test_only_the_latest_search_is_shown_while_typing_fast(qtbot, ops, page, aslam):
    # Three searches leave before any result comes back; the screen must end on the last one.
    page.search("fatima")
    page.search("zzzz")
    page.search("aslam")
    settle(qtbot, ops)
    assert _names(page) == ["Muhammad Aslam", "Fatima Bibi"]


def test_a_patient_registered_elsewhere_appears_without_searching_again(qtbot, ops, page):
    page.search("Qurban")
    settle(qtbot, ops)
    assert page.table.rowCount() == 0
    run(qtbot, ops, lambda s: register(s, {**ASLAM, "name": "Qurban Ali", "name_ur": None, "phone": None,
                                           "cnic": None}))
    qtbot.waitUntil(lambda: _names(page) == ["Qurban Ali"], timeout=5000)


def _typed(qtbot, ops, page, text: str) -> list[str]:
    page.query.clear()
    if text.isascii():
        type_text(page.query, text)
    else:
        commit_text(page.query, text)
        page.query.textEdited.emit(page.query.text())
    qtbot.waitUntil(lambda: not page._timer.isActive(), timeout=5000)
    settle(qtbot, ops)
    return _names(page)


def test_search_crosses_scripts_forgives_a_missing_letter_and_finds_an_mrn_without_zeros(qtbot, ops, page):
    zainab = run(qtbot, ops, lambda s: register(s, {**ASLAM, "name": "Zaneb", "name_ur": "زینب", "sex": "female",
                                                    "phone": None, "cnic": None, "father_name": "Allah Ditta"}))
    run(qtbot, ops, lambda s: register(s, {**ASLAM, "name": "Aslam", "name_ur": None, "phone": None, "cnic": None,
                                           "father_name": "Noor Din"}))
    run(qtbot, ops, lambda s: register(s, {**ASLAM, "name": "Rukhsana", "name_ur": None, "phone": None,
                                           "cnic": None, "father_name": "Noor Din", "sex": "female"}))
    assert _typed(qtbot, ops, page, "zainab") == ["Zaneb"]          # found by its Urdu spelling
    assert _typed(qtbot, ops, page, "اسلم") == ["Aslam"]             # Urdu typed, Latin registered
    assert _typed(qtbot, ops, page, "aslm") == ["Aslam"]             # a letter missing
    assert _typed(qtbot, ops, page, str(int(zainab.mrn)))[0] == "Zaneb"
    assert page.table.item(0, 0).text() == zainab.mrn


def test_missed_follow_ups_that_cannot_be_read_are_said_on_the_status_line(qtbot, ops, page, aslam, monkeypatch,
                                                                            caplog):
    from station.errors import DamagedDatabase
    from ui.patients import search

    def damaged(_store, _ids):
        raise DamagedDatabase("The station database is damaged. Restore it from the latest backup.")

    monkeypatch.setattr(search.followups, "missed", damaged)
    with caplog.at_level("WARNING", logger="ui.patients.search"):
        type_text(page.query, "aslam")
        qtbot.waitUntil(lambda: "could not be marked" in page.status.text(), timeout=10_000)
    assert _names(page)[0] == "Muhammad Aslam", "the results are still shown"
    assert "Restore it from the latest backup" in page.status.text()
    assert any("missed follow-ups could not be read: DamagedDatabase" in r.getMessage() for r in caplog.records)
