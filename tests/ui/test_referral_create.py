"""Referring a case: urgency suggested from the vitals, the question checked, photos attached, queued offline."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage

from station.clinical.urgency import UrgencySuggestion
from station.records import Attachment, Referral
from tests.ui.clinic_support import (
    ASLAM,
    consulted,
    patient_consents,
    register,
    run,
    settle,
    signed_in_worker,
)
from tests.ui.conftest import type_text
from ui.referral.camera import CameraState, jpeg_bytes
from ui.referral.create import ReferralForm

QUESTION = "Fever and low oxygen despite amoxicillin for 3 days: change antibiotic or send to hospital?"


@pytest.fixture
def ops(qtbot, station_dir: Path):
    with signed_in_worker(qtbot, station_dir) as worker:
        yield worker


@pytest.fixture
def form(qtbot, ops) -> ReferralForm:
    widget = ReferralForm(ops)
    qtbot.addWidget(widget)
    widget.resize(900, 900)
    widget.show()
    return widget


@pytest.fixture
def case(qtbot, ops):
    """A sick adult: NEWS2 well above 7 from the vitals taken in the consultation."""
    def make(store):
        patient = register(store, ASLAM)
        encounter = consulted(store, patient, {"respiratory_rate": 28, "spo2": 89, "systolic_bp": 88,
                                               "diastolic_bp": 50, "heart_rate": 128, "temperature": 39.4})
        return patient, encounter
    return run(qtbot, ops, make)


def fill(form: ReferralForm, specialty: str = "pulmonology", question: str = QUESTION) -> None:
    if specialty:
        form.specialty.setCurrentIndex(form.specialty.findData(specialty))
    type_text(form.question, question)
    patient_consents(form)


def referrals(qtbot, ops) -> list[Referral]:
    return run(qtbot, ops, lambda s: s.find(Referral))


def photo_file(folder: Path, name: str = "rash.jpg") -> Path:
    image = QImage(640, 480, QImage.Format.Format_RGB32)
    image.fill(QColor("#c87f6a"))
    path = folder / name
    path.write_bytes(jpeg_bytes(image))
    return path


def test_the_urgency_is_suggested_from_the_consultations_vitals(qtbot, ops, form, case):
    patient, encounter = case
    form.open_with(patient.id, encounter.id)
    settle(qtbot, ops)
    assert form.suggested.isVisible() and form.suggested.colour == "red"
    assert "emergency" in form.suggested.title.text()
    assert "NEWS2" in form.suggested.detail.text()
    assert form.chosen_urgency() == "emergency"


def test_a_suggestion_passed_from_the_consultation_is_used(qtbot, ops, form, case):
    patient, encounter = case
    form.open_with(patient.id, encounter.id, UrgencySuggestion("urgent", ["IMCI: pneumonia."]))
    settle(qtbot, ops)
    assert form.chosen_urgency() == "urgent"
    assert "IMCI: pneumonia" in form.suggested.detail.text()


def test_choosing_less_urgency_than_suggested_is_allowed_but_remarked(qtbot, ops, form, case):
    patient, encounter = case
    form.open_with(patient.id, encounter.id)
    settle(qtbot, ops)
    form.urgency_buttons["routine"].setChecked(True)
    assert "lower urgency" in form.urgency_note.text()


def test_sending_queues_the_referral_for_the_next_sync_and_opens_its_page(qtbot, ops, form, case):
    patient, encounter = case
    form.open_with(patient.id, encounter.id)
    settle(qtbot, ops)
    fill(form)
    with qtbot.waitSignal(form.navigate, timeout=5000) as opened:
        qtbot.mouseClick(form.send_button, Qt.MouseButton.LeftButton)
    [referral] = referrals(qtbot, ops)
    assert opened.args == ["referral", (referral.id,)]
    assert (referral.status, referral.specialty, referral.urgency, referral.encounter_id) == \
        ("queued", "pulmonology", "emergency", encounter.id)
    assert "Complaint: Cough and fever" in referral.summary
    pending = run(qtbot, ops, lambda s: s.conn.execute(
        "SELECT count(*) FROM outbox WHERE entity = 'referral' AND state = 'pending'").fetchone()[0])
    assert pending == 1
    assert form.question.toPlainText() == ""  # ready for the next one


@pytest.mark.parametrize(("specialty", "question", "field", "says"), [
    ("", QUESTION, "specialty", "Specialty: choose one of"),
    ("pulmonology", "help", "question", "write 10 to 2000 characters"),
])
def test_a_missing_choice_or_too_short_question_is_refused_and_kept(qtbot, ops, form, case, specialty, question,
                                                                    field, says):
    patient, encounter = case
    form.open_with(patient.id, encounter.id)
    settle(qtbot, ops)
    fill(form, specialty, question)
    qtbot.mouseClick(form.send_button, Qt.MouseButton.LeftButton)
    settle(qtbot, ops)
    assert referrals(qtbot, ops) == []
    assert says in form.errors.message(field)
    assert form.question.toPlainText() == question
    assert "Nothing was sent" in form.status.text()


def test_a_photo_from_a_file_is_shown_and_travels_with_the_referral(qtbot, ops, form, case, tmp_path):
    patient, encounter = case
    form.open_with(patient.id, encounter.id)
    settle(qtbot, ops)
    form.add_photo_file(photo_file(tmp_path))
    settle(qtbot, ops)
    assert form.photo_list.count() == 1 and not form.photo_list.item(0).icon().isNull()
    assert run(qtbot, ops, lambda s: s.find(Attachment)) == []  # nothing stored before sending
    fill(form)
    with qtbot.waitSignal(form.navigate, timeout=5000):
        form.submit()
    [referral] = referrals(qtbot, ops)
    [stored] = run(qtbot, ops, lambda s: s.find(Attachment))
    assert referral.attachments == [stored.sha256]
    assert (stored.filename, stored.media_type) == ("rash.jpg", "image/jpeg")


@pytest.mark.parametrize(("name", "content", "says"), [
    ("notes.txt", b"hello", "is not a JPEG, PNG or PDF"),
    ("fake.jpg", b"GIF89a....", "is not a real JPEG"),
])
def test_a_file_that_is_not_a_photo_is_refused_beside_the_photos(qtbot, ops, form, case, tmp_path, name, content,
                                                                 says):
    patient, encounter = case
    form.open_with(patient.id, encounter.id)
    settle(qtbot, ops)
    path = tmp_path / name
    path.write_bytes(content)
    form.add_photo_file(path)
    settle(qtbot, ops)
    assert says in form.errors.message("attachments")
    assert form.photos == []


def opened(qtbot, ops, form, patient_id):
    """The form opened for a patient, its look for a camera (off the UI thread) finished."""
    form.open_with(patient_id)
    settle(qtbot, ops)
    qtbot.waitUntil(lambda: not form.looking_for_camera, timeout=10_000)


def test_without_a_camera_the_button_says_so(qtbot, ops, form, case):
    patient, _ = case
    form.open_with(patient.id)
    assert not form.camera_button.isEnabled() and "Looking" in form.camera_button.text()
    qtbot.waitUntil(lambda: not form.looking_for_camera, timeout=10_000)
    if form.camera_state.available:
        pytest.skip("this machine has a camera")
    assert not form.camera_button.isEnabled()
    assert "camera" in form.camera_button.text().lower()


# FFmpeg's test pattern stands in for a webcam (there is none here): the dialog opens it through
# the same FFmpeg device path a real camera takes (v4l2 / DirectShow / AVFoundation).
TEST_PATTERN = CameraState(True, "", ("testsrc=size=1280x720:rate=15", "lavfi", [{}]), "test pattern")


def test_a_webcam_snapshot_is_added_to_the_referral_as_a_jpeg(qtbot, ops, form, case, artifacts):
    patient, _ = case
    opened(qtbot, ops, form, patient.id)
    form._show_camera(TEST_PATTERN)
    assert form.camera_button.isEnabled()
    qtbot.mouseClick(form.camera_button, Qt.MouseButton.LeftButton)
    dialog = form.snapshot_dialog
    qtbot.waitUntil(lambda: dialog.take.isEnabled(), timeout=10_000)
    qtbot.waitUntil(lambda: not dialog.preview.pixmap().isNull(), timeout=5_000)
    dialog.grab().save(str(artifacts / "referral_camera_en.png"))
    for _ in range(2):
        qtbot.mouseClick(dialog.take, Qt.MouseButton.LeftButton)
        settle(qtbot, ops)
    qtbot.waitUntil(lambda: len(form.photos) == 2, timeout=5_000)
    assert [p.filename for p in form.photos] == ["camera-1.jpg", "camera-2.jpg"]
    assert all(p.media_type == "image/jpeg" for p in form.photos)
    with qtbot.waitSignal(dialog.reader.closed, timeout=10_000):  # the UI asks; the camera thread lets go
        dialog.reject()
    qtbot.waitUntil(lambda: not dialog.reader.running, timeout=5_000)


def test_a_camera_that_will_not_open_is_explained_in_the_dialog(qtbot, ops, form, case):
    patient, _ = case
    opened(qtbot, ops, form, patient.id)
    form._show_camera(CameraState(True, "", ("/dev/no-such-camera", "video4linux2", [{}]), "gone"))
    qtbot.mouseClick(form.camera_button, Qt.MouseButton.LeftButton)
    dialog = form.snapshot_dialog
    qtbot.waitUntil(lambda: "could not be opened" in dialog.note.text(), timeout=10_000)
    assert not dialog.take.isEnabled()
    dialog.reject()


def test_a_draft_is_kept_unsent(qtbot, ops, form, case):
    patient, _ = case
    form.open_with(patient.id)
    settle(qtbot, ops)
    fill(form)
    form.urgency_buttons["soon"].setChecked(True)
    with qtbot.waitSignal(form.navigate, timeout=5000):
        qtbot.mouseClick(form.draft_button, Qt.MouseButton.LeftButton)
    [referral] = referrals(qtbot, ops)
    assert (referral.status, referral.urgency) == ("draft", "soon")
