"""Registering a patient: each problem shown beside its field, nothing typed lost, the duplicate warning."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt

from station.records import Patient
from tests.ui.clinic_support import ASLAM, register, run, settle, signed_in_worker
from tests.ui.conftest import commit_text, shot, type_text
from ui.patients.register import RegistrationPage, field_problem, form_problems


@pytest.fixture
def ops(qtbot, station_dir: Path):
    with signed_in_worker(qtbot, station_dir) as worker:
        yield worker


@pytest.fixture
def page(qtbot, ops) -> RegistrationPage:
    widget = RegistrationPage(ops)
    qtbot.addWidget(widget)
    widget.resize(1000, 800)
    widget.show()
    settle(qtbot, ops)
    return widget


def fill(page: RegistrationPage, fields: dict[str, str]) -> None:
    for key, value in fields.items():
        if key == "sex":
            page.sex_buttons[value].setChecked(True)
        elif value:
            page.edits[key].clear()
            type_text(page.edits[key], value)


def count_patients(qtbot, ops) -> int:
    return run(qtbot, ops, lambda s: len(s.find(Patient)))


GOOD = {"name": "Qurban Ali", "father_name": "Allah Ditta", "sex": "male", "estimated_age_years": "40",
        "village": "Gharo"}


def test_the_district_starts_as_the_stations_own(page):
    assert page.edits["district"].text() == "Thatta"


def test_a_complete_form_registers_and_opens_the_chart(qtbot, ops, page):
    fill(page, GOOD)
    with qtbot.waitSignal(page.navigate, timeout=5000) as opened:
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    patient = run(qtbot, ops, lambda s: s.find(Patient)[0])
    assert opened.args == ["chart", (patient.id,)]
    assert (patient.name, patient.father_name, patient.estimated_age_years, patient.district) == \
        ("Qurban Ali", "Allah Ditta", 40, "Thatta")
    assert page.edits["name"].text() == ""  # ready for the next patient


@pytest.mark.parametrize(("field", "typed", "says"), [
    ("name", "A", "Name: enter 2 to 100 letters"),
    ("cnic", "12345", "has 5 digits"),
    ("phone", "0300-12345", "a mobile number has 11"),
    ("date_of_birth", "31/02/2019", "DD/MM/YYYY"),
    ("village", "0300 1234567", "looks like a phone number"),
    ("estimated_age_years", "150", "Age: enter whole years from 0 to 120"),
    ("name_ur", "Aslam", "write it in Urdu script"),
])
def test_a_wrong_field_is_refused_with_its_rule_beside_it_and_nothing_is_lost(qtbot, ops, page, field, typed,
                                                                              says):
    values = {**GOOD, field: typed}
    if field == "date_of_birth":
        values.pop("estimated_age_years")
    fill(page, values)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    settle(qtbot, ops)
    assert says in page.errors.message(field)
    assert page.edits[field].hasFocus()
    assert page.edits[field].text() == typed
    assert page.edits["name"].text() == values["name"]
    assert count_patients(qtbot, ops) == 0
    assert "Nothing was saved" in page.status.text()


def test_every_problem_is_shown_at_once_not_one_by_one(qtbot, ops, page):
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    for field in ("name", "father_name", "sex", "date_of_birth", "village"):
        assert page.errors.message(field), field
    assert page.edits["name"].hasFocus()


def test_a_field_is_checked_when_the_person_leaves_it_and_cleared_when_corrected(qtbot, page):
    type_text(page.edits["cnic"], "1234")
    page.edits["cnic"].editingFinished.emit()
    assert "not valid" in page.errors.message("cnic")
    type_text(page.edits["cnic"], "5-1234567-1")
    assert page.errors.message("cnic") == ""
    page.edits["cnic"].editingFinished.emit()
    assert page.errors.message("cnic") == ""


def test_urdu_names_typed_with_an_urdu_keyboard_are_kept(qtbot, ops, page):
    fill(page, GOOD)
    commit_text(page.edits["name_ur"], "قربان علی")
    type_text(page.edits["father_name_ur"], "اللہ دتہ")
    with qtbot.waitSignal(page.navigate, timeout=5000):
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    patient = run(qtbot, ops, lambda s: s.find(Patient)[0])
    assert (patient.name_ur, patient.father_name_ur) == ("قربان علی", "اللہ دتہ")


def test_a_possible_duplicate_is_shown_and_its_chart_can_be_opened(qtbot, ops, page):
    aslam = run(qtbot, ops, lambda s: register(s, ASLAM))
    fill(page, {**GOOD, "name": "Mohammad Aslam", "father_name": "Ghulam Rasool", "estimated_age_years": "55"})
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    settle(qtbot, ops)
    assert page.duplicates.isVisible()
    assert "may already be registered" in page.duplicates.title.text()
    button = page.findChild(type(page.save_button), f"openDuplicate_{aslam.mrn}")
    assert button is not None
    with qtbot.waitSignal(page.navigate) as opened:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert opened.args == ["chart", (aslam.id,)]
    assert count_patients(qtbot, ops) == 1


def test_a_different_person_with_a_similar_name_can_still_be_registered(qtbot, ops, page):
    run(qtbot, ops, lambda s: register(s, ASLAM))
    fill(page, {**GOOD, "name": "Muhammad Aslam", "father_name": "Ghulam Rasool", "estimated_age_years": "53"})
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    settle(qtbot, ops)
    assert page.duplicates.isVisible()
    with qtbot.waitSignal(page.navigate, timeout=5000):
        qtbot.mouseClick(page.different_button, Qt.MouseButton.LeftButton)
    assert count_patients(qtbot, ops) == 2


def test_the_same_cnic_is_named_as_the_reason(qtbot, ops, page):
    run(qtbot, ops, lambda s: register(s, ASLAM))
    fill(page, {**GOOD, "cnic": "4130412345671"})
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    settle(qtbot, ops)
    assert "same CNIC" in " ".join(label.text() for label in page.duplicates.findChildren(type(page.status)))


def test_a_second_patient_with_the_same_cnic_needs_a_reason_which_is_audited(qtbot, ops, page):
    aslam = run(qtbot, ops, lambda s: register(s, ASLAM))
    fill(page, {**GOOD, "cnic": "4130412345671"})
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    settle(qtbot, ops)
    # One click is not enough: the reason box shows and "different person" waits for a reason.
    assert page.cnic_reason.isVisible() and not page.different_button.isEnabled()
    type_text(page.cnic_reason, "ok")
    assert not page.different_button.isEnabled()
    type_text(page.cnic_reason, " - son registered on his father's card")
    assert page.different_button.isEnabled()
    with qtbot.waitSignal(page.navigate, timeout=5000):
        qtbot.mouseClick(page.different_button, Qt.MouseButton.LeftButton)
    assert count_patients(qtbot, ops) == 2
    [(detail, record_id)] = run(qtbot, ops, lambda s: s.conn.execute(
        "SELECT detail, record_id FROM audit WHERE action = 'patient.same_cnic'").fetchall())
    assert "son registered on his father's card" in detail and aslam.mrn in detail and record_id != aslam.id


def test_the_station_refuses_a_same_cnic_registration_without_a_reason(qtbot, ops):
    from station import patients

    run(qtbot, ops, lambda s: register(s, ASLAM))
    with pytest.raises(patients.SameCnicNeedsReason, match="MRN 000001"):
        run(qtbot, ops, lambda s: patients.register(s, {**ASLAM, "name": "Bilal Aslam"}, confirmed_new=True))


def test_editing_details_saves_the_change_to_the_same_patient(qtbot, ops, page):
    aslam = run(qtbot, ops, lambda s: register(s, ASLAM))
    page.open_with("", aslam.id)
    settle(qtbot, ops)
    assert page.edits["name"].text() == "Muhammad Aslam"
    assert page.sex_buttons["male"].isChecked()
    page.edits["phone"].clear()
    type_text(page.edits["phone"], "0333-7654321")
    with qtbot.waitSignal(page.navigate, timeout=5000) as opened:
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert opened.args == ["chart", (aslam.id,)]
    again = run(qtbot, ops, lambda s: s.get(Patient, aslam.id))
    assert (again.phone, again.version) == ("03337654321", 2)


def test_a_change_made_meanwhile_elsewhere_is_not_overwritten(qtbot, ops, page):
    aslam = run(qtbot, ops, lambda s: register(s, ASLAM))
    page.open_with("", aslam.id)
    settle(qtbot, ops)
    from station import patients

    run(qtbot, ops, lambda s: patients.update(s, aslam.id, {"village": "Keti Bandar"}, aslam.version))
    page.edits["phone"].clear()
    type_text(page.edits["phone"], "0333-7654321")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    settle(qtbot, ops)
    from ui.errors import open_dialogs

    dialogs = open_dialogs()
    assert dialogs and "changed by someone else" in dialogs[-1].text()
    assert page.edits["phone"].text() == "0333-7654321"  # still there to save again after reopening
    for dialog in dialogs:
        dialog.close()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(st.sampled_from(["name", "father_name", "village", "district", "cnic", "phone",
                                        "date_of_birth", "estimated_age_years", "name_ur", "sex"]),
                       st.text(max_size=20)))
def test_the_form_reports_exactly_when_the_station_would_refuse(fields):
    from station import patients
    from station.errors import ValidationError

    try:
        patients.clean(fields)
        refused = None
    except ValidationError as exc:
        refused = exc.field
    problems = form_problems(fields)
    if refused is None:
        assert problems == []
    else:
        assert problems, f"the station refuses {refused} but the form saw nothing"
        # The field the station names is among those the form marks.
        fields_marked = {p.field for p in problems}
        assert refused in fields_marked or ({refused} | fields_marked) <= {"date_of_birth", "estimated_age_years"}
    for problem in problems:
        assert field_problem(problem.field, fields) is not None


@pytest.fixture
def urdu():
    from ui import i18n
    from ui.app import create_qapp

    app = create_qapp()
    i18n.install(app, "ur")
    yield
    i18n.install(app, "en")


def test_in_urdu_the_form_runs_right_to_left_and_keeps_an_urdu_name(qtbot, ops, urdu, artifacts):
    page = RegistrationPage(ops)
    qtbot.addWidget(page)
    page.resize(1000, 800)
    page.show()
    settle(qtbot, ops)
    assert page.isRightToLeft()
    name_x = page.edits["name"].mapTo(page, page.edits["name"].rect().topLeft()).x()
    urdu_x = page.edits["name_ur"].mapTo(page, page.edits["name_ur"].rect().topLeft()).x()
    assert name_x > urdu_x  # the first field is on the right
    fill(page, {**GOOD, "cnic": "123"})
    type_text(page.edits["name_ur"], "قربان علی")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    settle(qtbot, ops)
    # The rule beside the field is in the interface language; the station's own words stay in the tooltip.
    assert page.errors.message("cnic") == page._rules()["cnic"]()
    assert "has 3 digits" in page.findChild(type(page.status), "error_cnic").toolTip()
    shot(page, artifacts, "patients_register_ur")
    page.edits["cnic"].clear()
    with qtbot.waitSignal(page.navigate, timeout=5000):
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert run(qtbot, ops, lambda s: s.find(Patient)[0]).name_ur == "قربان علی"


def test_enter_moves_to_the_next_box_and_saves_from_the_last(qtbot, ops, page):
    page.edits["name"].setFocus()
    qtbot.keyClick(page.edits["name"], Qt.Key.Key_Return)
    assert page.edits["name_ur"].hasFocus()
    assert not page.errors.any_shown()
    fill(page, GOOD)
    page.edits["district"].setFocus()
    with qtbot.waitSignal(page.navigate, timeout=5000):
        qtbot.keyClick(page.edits["district"], Qt.Key.Key_Return)
    assert count_patients(qtbot, ops) == 1


def _save_and_get(qtbot, ops, page) -> Patient:
    with qtbot.waitSignal(page.navigate, timeout=5000) as opened:
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    patient_id = opened.args[1][0]
    return run(qtbot, ops, lambda s: s.get(Patient, patient_id))


def test_a_date_of_birth_typed_day_first_is_accepted(qtbot, ops, page):
    fill(page, {**GOOD, "estimated_age_years": "", "date_of_birth": "25/03/2019"})
    patient = _save_and_get(qtbot, ops, page)
    assert patient.date_of_birth == "2019-03-25"


def test_the_date_of_birth_is_picked_from_a_calendar(qtbot, ops, page):
    from PySide6.QtCore import QDate

    fill(page, {**GOOD, "estimated_age_years": ""})
    edit = page.edits["date_of_birth"]
    action = next(a for a in edit.actions() if a.objectName() == "pick_date")
    action.trigger()  # the calendar icon inside the box
    picker = page.date_picker
    qtbot.waitUntil(picker.isVisible, timeout=3000)
    day = QDate(2024, 9, 5)
    picker.calendar.setSelectedDate(day)
    picker.calendar.clicked.emit(day)  # a click on the day
    assert not picker.isVisible()
    assert edit.text() == "05/09/2024"
    patient = _save_and_get(qtbot, ops, page)
    assert patient.date_of_birth == "2024-09-05"


def test_a_wife_is_shown_as_the_wife_of_her_husband(qtbot, ops, page):
    from ui.patients.display import relation_text, short_line

    fill(page, {**GOOD, "name": "Nasreen Bibi", "father_name": "Allah Ditta", "sex": "female"})
    qtbot.mouseClick(page.relation.buttons["husband"], Qt.MouseButton.LeftButton)
    patient = _save_and_get(qtbot, ops, page)
    assert patient.relation == "husband"
    assert relation_text(patient) == "wife of \u2068Allah Ditta\u2069"
    assert "wife of" in short_line(patient) and "child of" not in short_line(patient)
    page.edit(patient)
    assert page.relation.buttons["husband"].isChecked()


def test_a_two_year_old_shows_years_and_months(qtbot, ops, page):
    from datetime import date

    from ui.patients.display import age_text

    today = date.today()
    month, year = today.month - 3, today.year - 2
    if month <= 0:
        month, year = month + 12, year - 1
    born = date(year, month, 1)  # two years and three months ago
    fill(page, {**GOOD, "estimated_age_years": "", "date_of_birth": born.strftime("%d/%m/%Y")})
    patient = _save_and_get(qtbot, ops, page)
    assert age_text(patient, today) == "2 years 3 months"
