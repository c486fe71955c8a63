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

    # Correct asks why first; cancelling records nothing.
    reason_dialog(qtbot, None)
    qtbot.mouseClick(page.correct_button, Qt.MouseButton.LeftButton)
    assert len(encounters(qtbot, ops)) == 1 and page.notes["complaint"].isReadOnly()

    # With a reason the fields open, still nothing queued until it is saved, and it can be discarded.
    reason_dialog(qtbot, "Diagnosis entered for the wrong patient")
    qtbot.mouseClick(page.correct_button, Qt.MouseButton.LeftButton)
    assert not page.notes["complaint"].isReadOnly() and page.discard_button.isVisible()
    assert "Reason: Diagnosis entered for the wrong patient" in seen(page.state.text())
    settle(qtbot, ops)
    assert len(encounters(qtbot, ops)) == 1
    qtbot.mouseClick(page.discard_button, Qt.MouseButton.LeftButton)
    assert page.notes["complaint"].isReadOnly() and page.correct_button.isVisible()

    reason_dialog(qtbot, "Diagnosis entered for the wrong patient")
    qtbot.mouseClick(page.correct_button, Qt.MouseButton.LeftButton)
    type_text(page.notes["plan"], "Review tomorrow")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    settle(qtbot, ops)
    original, correction = encounters(qtbot, ops)
    assert correction.supersedes == original.id and original.status == "signed"
    assert correction.correction_reason == "Diagnosis entered for the wrong patient"
    assert not page.notes["complaint"].isReadOnly()
    assert page.encounter.id == correction.id
    assert "Correction" in page.state.text()

    # A saved correction that never left the station can still be thrown away.
    assert page.discard_button.isVisible()
    qtbot.mouseClick(page.discard_button, Qt.MouseButton.LeftButton)
    settle(qtbot, ops)
    assert [e.id for e in encounters(qtbot, ops)] == [original.id]
    assert page.encounter.id == original.id and page.notes["complaint"].isReadOnly()
    pending = run(qtbot, ops, lambda s: s.conn.execute(
        "SELECT count(*) FROM outbox WHERE record_id = ?", (correction.id,)).fetchone()[0])
    assert pending == 0


def reason_dialog(qtbot, reason: str | None) -> None:
    """Answer the correction's reason dialog when it opens (it is modal)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from ui.consultation.correction import CorrectionReasonDialog

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, CorrectionReasonDialog):
            QTimer.singleShot(20, answer)
            return
        if reason is None:
            dialog.reject()
            return
        assert not dialog.ok.isEnabled()  # no reason, no correction
        type_text(dialog.reason, reason)
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    QTimer.singleShot(0, answer)


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
                     "Signed by Dr Amina Soomro"):  # the clinician's name, not the account's
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


def test_the_pdf_button_saves_a_private_file_and_the_audit_log_says_so(qtbot, ops, page, tmp_path, monkeypatch):
    import os
    import stat

    from PySide6.QtWidgets import QFileDialog

    write_notes(page)
    qtbot.mouseClick(page.sign_button, Qt.MouseButton.LeftButton)
    settle(qtbot, ops)
    target = tmp_path / "shared" / "summary.pdf"
    target.parent.mkdir()
    target.write_bytes(b"an older file anyone could read")
    os.chmod(target, 0o644)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "PDF files (*.pdf)"))
    qtbot.mouseClick(page.pdf_button, Qt.MouseButton.LeftButton)
    settle(qtbot, ops)
    assert target.read_bytes().startswith(b"%PDF-")
    if os.name == "posix":
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in target.parent.iterdir()] == ["summary.pdf"]  # no temporary file left
    rows = run(qtbot, ops, lambda s: s.conn.execute(
        "SELECT action, entity, record_id, detail FROM audit ORDER BY seq DESC LIMIT 1").fetchall())
    action, entity, record_id, detail = rows[0]
    assert (action, entity, record_id) == ("encounter.summary_pdf", "encounter", page.encounter.id)
    assert "summary.pdf" not in detail


def _offered(page, typed: str) -> list[str]:
    page.diagnoses.search.edit.clear()
    type_text(page.diagnoses.search.edit, typed)
    results = page.diagnoses.search.results
    return [results.item(i).text().split()[0] for i in range(results.count())]


def test_the_diagnosis_list_offers_only_what_fits_the_patients_age_and_sex(qtbot, ops, page, aslam):
    # Muhammad Aslam, a man of 54: no congenital pneumonia, no pregnancy, no female genital tract.
    assert "J18.9" in _offered(page, "pneumonia")
    assert "P23.9" not in _offered(page, "pneumonia")
    assert not [code for code in _offered(page, "O") if code.startswith("O")]
    newborn = run(qtbot, ops, lambda s: register(s, {**ASLAM, "name": "Baby of Nasreen", "name_ur": "",
                                                      "estimated_age_years": "", "cnic": "", "phone": "",
                                                      "date_of_birth": (date.today() - timedelta(days=10)).isoformat()}))
    page.open_with(newborn.id)
    settle(qtbot, ops)
    assert "P23.9" in _offered(page, "pneumonia")


def test_the_childrens_dose_note_is_shown_for_children_only(qtbot, ops, page, aslam):
    pick(page, page.prescriptions.search, "amoxicillin 500")
    row = page.prescriptions.rows[-1]
    assert "Usual adult dose" in row.guide.text() and "suspension" not in row.guide.text()
    child = run(qtbot, ops, lambda s: register(s, {**ASLAM, "name": "Bilal", "name_ur": "", "cnic": "", "phone": "",
                                                    "estimated_age_years": "6"}))
    page.open_with(child.id)
    settle(qtbot, ops)
    pick(page, page.prescriptions.search, "amoxicillin 500")
    assert "Use the suspension" in page.prescriptions.rows[-1].guide.text()
