"""A consultation is saved as a draft, signed, corrected, printed; a refused save loses nothing."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt

from station.records import Encounter, VitalsSet
from tests.ui.clinic_support import ASLAM, consulted, register, run, seen, settle, signed_in_worker
from tests.ui.conftest import shot, type_text
from ui.consultation.page import ConsultationPage
from ui.errors import open_dialogs


@pytest.fixture
def ops(qtbot, station_dir: Path):
    with signed_in_worker(qtbot, station_dir) as worker:
        yield worker


@pytest.fixture
def aslam(qtbot, ops):
    return run(qtbot, ops, lambda s: register(s, ASLAM))


@pytest.fixture
def page(qtbot, ops, aslam) -> ConsultationPage:
    widget = ConsultationPage(ops)
    qtbot.addWidget(widget)
    widget.resize(1000, 900)
    widget.show()
    widget.open_with(aslam.id)
    settle(qtbot, ops)
    return widget


def encounters(qtbot, ops) -> list[Encounter]:
    return run(qtbot, ops, lambda s: s.find(Encounter, order_by="created_at"))


def write_notes(page: ConsultationPage, complaint: str = "Cough and fever for 5 days") -> None:
    type_text(page.notes["complaint"], complaint)
    type_text(page.notes["assessment"], "Chest infection")


def pick(page, search, typed: str) -> None:
    type_text(search.edit, typed)
    qtbot_key_return(search.edit)


def qtbot_key_return(widget) -> None:
    from PySide6.QtTest import QTest

    QTest.keyClick(widget, Qt.Key.Key_Return)


def test_a_new_consultation_is_saved_as_a_draft_with_its_vitals(qtbot, ops, page, aslam):
    assert "not saved yet" in page.state.text()
    write_notes(page)
    type_text(page.vitals.edits["systolic_bp"], "130")
    type_text(page.vitals.edits["diastolic_bp"], "85")
    type_text(page.vitals.edits["temperature"], "38.2")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    settle(qtbot, ops)
    [saved] = encounters(qtbot, ops)
    assert (saved.patient_id, saved.status, saved.complaint) == (aslam.id, "draft", "Cough and fever for 5 days")
    vitals = run(qtbot, ops, lambda s: s.find(VitalsSet, "encounter_id = ?", [saved.id]))
    assert len(vitals) == 1 and len(vitals[0].observations) == 3
    assert "Draft saved" in page.state.text()
    assert not page.is_dirty()

    # Saving again without touching the vitals records no second set.
    type_text(page.notes["plan"], "Paracetamol, fluids")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    settle(qtbot, ops)
    assert len(run(qtbot, ops, lambda s: s.find(VitalsSet))) == 1
    assert encounters(qtbot, ops)[0].plan == "Paracetamol, fluids"


def test_changed_vitals_are_saved_as_a_new_set_that_supersedes_the_old(qtbot, ops, page):
    write_notes(page)
    type_text(page.vitals.edits["heart_rate"], "110")
    page.save()
    settle(qtbot, ops)
    page.vitals.edits["heart_rate"].clear()
    type_text(page.vitals.edits["heart_rate"], "96")
    page.save()
    settle(qtbot, ops)
    first, second = run(qtbot, ops, lambda s: s.find(VitalsSet, order_by="taken_at"))
    assert second.supersedes == first.id


def test_an_impossible_vital_stops_the_save_and_keeps_everything_typed(qtbot, ops, page, artifacts):
    write_notes(page)
    type_text(page.vitals.edits["temperature"], "101")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    settle(qtbot, ops)
    assert encounters(qtbot, ops) == []
    assert "looks like °F" in page.vitals.errors.message("temperature")
    assert page.vitals.edits["temperature"].hasFocus()
    assert page.notes["complaint"].toPlainText() == "Cough and fever for 5 days"
    assert "Nothing was saved" in page.state.text()
    shot(page, artifacts, "consultation_refused_en")


def test_signing_without_a_complaint_keeps_the_draft_and_names_the_field(qtbot, ops, page):
    type_text(page.notes["history"], "Cough for 5 days")
    qtbot.mouseClick(page.sign_button, Qt.MouseButton.LeftButton)
    settle(qtbot, ops)
    [saved] = encounters(qtbot, ops)
    assert saved.status == "draft" and saved.history == "Cough for 5 days"
    assert "main complaint" in page.errors.message("complaint")
    assert page.notes["complaint"].hasFocus()
    assert "not signed" in page.state.text()


def test_a_signed_consultation_is_read_only_and_a_correction_keeps_the_original(qtbot, ops, page, aslam):
    write_notes(page)
    pick(page, page.diagnoses.search, "J18.9")
    assert page.diagnoses.codes() == ["J18.9"]
    qtbot.mouseClick(page.sign_button, Qt.MouseButton.LeftButton)
    settle(qtbot, ops)
    [signed] = encounters(qtbot, ops)
    assert signed.status == "signed" and signed.diagnoses == [{"code": "J18.9", "title": "Pneumonia, unspecified"}]
    assert page.notes["complaint"].isReadOnly()
    assert not page.save_button.isVisible() and page.correct_button.isVisible()
    assert "Signed by admin" in seen(page.state.text())

    qtbot.mouseClick(page.correct_button, Qt.MouseButton.LeftButton)
    settle(qtbot, ops)
    original, correction = encounters(qtbot, ops)
    assert correction.supersedes == original.id and original.status == "signed"
    assert not page.notes["complaint"].isReadOnly()
    assert page.encounter.id == correction.id
    assert "Correction" in page.state.text()


def test_medicines_are_chosen_from_the_list_with_dose_frequency_and_days(qtbot, ops, page):
    write_notes(page)
    pick(page, page.prescriptions.search, "amoxicillin 250 mg/5")
    [row] = page.prescriptions.rows
    assert row.dose.text() == ""  # a powder for suspension: the dose is the health worker's to write
    type_text(row.dose, "5 ml")
    row.frequency.setCurrentIndex(row.frequency.findData("TDS"))
    row.days.setValue(5)
    page.save()
    settle(qtbot, ops)
    [rx] = encounters(qtbot, ops)[0].prescriptions
    assert (rx["name"], rx["dose"], rx["frequency"], rx["duration_days"]) == ("Amoxicillin", "5 ml", "TDS", 5)


def test_a_medicine_without_a_dose_is_refused_beside_that_medicine(qtbot, ops, page):
    write_notes(page)
    pick(page, page.prescriptions.search, "paracetamol")
    row = page.prescriptions.rows[0]
    row.dose.clear()
    page.save()
    settle(qtbot, ops)
    assert encounters(qtbot, ops) == []
    assert "enter the dose" in row.error.text()
    assert row.dose.hasFocus()


@pytest.mark.parametrize(("typed", "says"), [("yesterday", "YYYY-MM-DD"),
                                             ((date.today() - timedelta(days=2)).isoformat(), "in the past")])
def test_a_wrong_follow_up_date_is_refused(qtbot, ops, page, typed, says):
    write_notes(page)
    type_text(page.follow_up.edit, typed)
    page.save()
    settle(qtbot, ops)
    assert says in page.errors.message("follow_up_date")
    assert encounters(qtbot, ops) == []


def test_quick_follow_up_buttons_fill_the_date(qtbot, ops, page):
    qtbot.mouseClick(page.follow_up.quick_days[1], Qt.MouseButton.LeftButton)
    assert page.follow_up.edit.text() == (date.today() + timedelta(days=7)).isoformat()


def test_leaving_with_unsaved_work_keeps_it_for_when_the_consultation_is_opened_again(qtbot, ops, page, aslam):
    other = run(qtbot, ops, lambda s: register(s, {**ASLAM, "name": "Qurban Ali", "name_ur": None,
                                                   "cnic": None, "phone": None}))
    write_notes(page, "Headache")
    type_text(page.vitals.edits["heart_rate"], "88")
    page.open_with(other.id)
    settle(qtbot, ops)
    assert page.notes["complaint"].toPlainText() == ""
    page.open_with(aslam.id)
    settle(qtbot, ops)
    assert page.notes["complaint"].toPlainText() == "Headache"
    assert page.vitals.edits["heart_rate"].text() == "88"
    assert page.is_dirty()
    assert encounters(qtbot, ops) == []


def test_a_saved_consultation_opens_with_its_notes_and_vitals(qtbot, ops, page, aslam):
    saved = run(qtbot, ops, lambda s: consulted(s, aslam, {"heart_rate": 104, "spo2": 93}, sign=False))
    page.open_with(aslam.id, saved.id)
    settle(qtbot, ops)
    assert page.notes["complaint"].toPlainText() == "Cough and fever for 5 days"
    assert page.vitals.edits["heart_rate"].text() == "104"
    assert page.vitals.consciousness.currentData() == "alert"
    assert not page.is_dirty()


def test_the_summary_for_the_patient_is_saved_as_a_pdf(qtbot, ops, page, tmp_path):
    write_notes(page)
    pick(page, page.prescriptions.search, "paracetamol 500")
    type_text(page.notes["plan"], "Rest and fluids")
    qtbot.mouseClick(page.sign_button, Qt.MouseButton.LeftButton)
    settle(qtbot, ops)
    path = page.save_pdf(tmp_path / "summary.pdf")
    assert path is not None
    data = path.read_bytes()
    assert data.startswith(b"%PDF-") and len(data) > 2000
    from ui.consultation.summary import summary_html

    text = seen(summary_html(page.summary_data()))
    for expected in ("Muhammad Aslam", "Cough and fever for 5 days", "Paracetamol", "Rest and fluids",
                     "Signed by Dr Amina Soomro"):
        assert expected in text


def test_refer_saves_first_then_asks_for_the_referral_form_with_the_suggestion(qtbot, ops, page, aslam):
    write_notes(page)
    page.vitals.consciousness.setCurrentIndex(page.vitals.consciousness.findData("pain"))
    type_text(page.vitals.edits["respiratory_rate"], "28")
    page.vitals.check()
    with qtbot.waitSignal(page.navigate, timeout=5000) as asked:
        qtbot.mouseClick(page.refer_button, Qt.MouseButton.LeftButton)
    [saved] = encounters(qtbot, ops)
    key, (patient_id, encounter_id, suggestion) = asked.args
    assert (key, patient_id, encounter_id) == ("refer", aslam.id, saved.id)
    assert suggestion.urgency == "urgent"
    assert not [d for d in open_dialogs() if shiboken6.isValid(d) and d.parent() is page]
