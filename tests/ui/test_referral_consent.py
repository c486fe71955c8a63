"""Consent before anything leaves the clinic, and an emergency that cannot reach a hub is told at once."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from station.records import Referral
from tests.ui.clinic_support import ASLAM, consulted, register, run, seen, settle, signed_in_worker
from tests.ui.conftest import shot, type_text
from ui import i18n
from ui.referral.create import ReferralForm
from ui.syncbar import SyncFigures

QUESTION = "Fever and low oxygen despite amoxicillin for 3 days: change antibiotic or send to hospital?"


@pytest.fixture
def ops(qtbot, station_dir: Path):
    with signed_in_worker(qtbot, station_dir) as worker:
        yield worker


@pytest.fixture
def case(qtbot, ops):
    def make(store):
        patient = register(store, ASLAM)
        return patient, consulted(store, patient, {"respiratory_rate": 28, "spo2": 89, "heart_rate": 128})
    return run(qtbot, ops, make)


def open_form(qtbot, ops, case, figures: SyncFigures | None = None) -> ReferralForm:
    form = ReferralForm(ops)
    form.link_state = lambda: figures
    qtbot.addWidget(form)
    form.resize(1366 - 190, 700)
    form.show()
    form.open_with(case[0].id, case[1].id)
    settle(qtbot, ops)
    form.specialty.setCurrentIndex(form.specialty.findData("pulmonology"))
    type_text(form.question, QUESTION)
    return form


def outbox_rows(qtbot, ops, record_id: str) -> int:
    return run(qtbot, ops, lambda s: s.conn.execute("SELECT count(*) FROM outbox WHERE record_id = ?",
                                                    (record_id,)).fetchone()[0])


def test_sending_needs_to_know_who_consented_and_a_caregiver_is_named_with_relation(qtbot, ops, case):
    form = open_form(qtbot, ops, case)
    qtbot.mouseClick(form.send_button, Qt.MouseButton.LeftButton)
    settle(qtbot, ops)
    assert run(qtbot, ops, lambda s: s.find(Referral)) == []
    assert form.consent.by_error.isVisible()
    assert "consent" in form.status.text().lower()

    form.consent.by["caregiver"].setChecked(True)
    type_text(form.consent.name, "Rashida Bibi")
    form.consent.agree.setChecked(True)
    qtbot.mouseClick(form.send_button, Qt.MouseButton.LeftButton)
    settle(qtbot, ops)
    assert form.findChild(type(form.status), "error_consent_relation").isVisible()  # relation missing
    form.consent.relation.setCurrentIndex(form.consent.relation.findData("wife"))
    with qtbot.waitSignal(form.navigate, timeout=5000):
        qtbot.mouseClick(form.send_button, Qt.MouseButton.LeftButton)
    [referral] = run(qtbot, ops, lambda s: s.find(Referral))
    assert referral.status == "queued"
    assert {k: referral.consent[k] for k in ("by", "name", "relation", "given", "recorded_by")} == {
        "by": "caregiver", "name": "Rashida Bibi", "relation": "wife", "given": True, "recorded_by": "admin"}
    assert outbox_rows(qtbot, ops, referral.id) == 1
    [detail] = run(qtbot, ops, lambda s: [r[0] for r in s.conn.execute(
        "SELECT detail FROM audit WHERE action = 'referral.consent'")])
    assert '"relation": "wife"' in detail


def test_refusal_keeps_the_referral_on_this_computer_and_says_so(qtbot, ops, case):
    from PySide6.QtGui import QColor, QImage

    from station import consent
    from ui.referral.camera import jpeg_bytes

    form = open_form(qtbot, ops, case)
    image = QImage(320, 240, QImage.Format.Format_RGB32)
    image.fill(QColor("#c87f6a"))
    form.add_photo_bytes(jpeg_bytes(image), "rash.jpg")
    form.consent.by["patient"].setChecked(True)
    assert form.consent.name.text() == "Muhammad Aslam"
    form.consent.refuse.setChecked(True)
    assert form.send_button.text() == "Keep on this computer" and not form.draft_button.isVisible()
    qtbot.mouseClick(form.send_button, Qt.MouseButton.LeftButton)
    settle(qtbot, ops)
    [referral] = run(qtbot, ops, lambda s: s.find(Referral))
    assert referral.status == "draft" and referral.consent["given"] is False
    assert outbox_rows(qtbot, ops, referral.id) == 0  # nothing of it waits to leave, not even its photo
    photos = run(qtbot, ops, lambda s: s.conn.execute(
        "SELECT count(*) FROM outbox WHERE entity = 'attachment'").fetchone()[0])
    assert len(referral.attachments) == 1 and photos == 0
    notice = form.window().findChild(QMessageBox, "consentRefusedNotice")
    assert notice is not None and "stays on this computer" in notice.text()
    # The family changes its mind: the referral and its photo may leave now.
    agreed = consent.clean("patient", "Muhammad Aslam", "", True, "admin")
    run(qtbot, ops, lambda s: consent.record(s, referral.id, agreed))
    assert outbox_rows(qtbot, ops, referral.id) == 1
    assert run(qtbot, ops, lambda s: s.conn.execute(
        "SELECT count(*) FROM outbox WHERE entity = 'attachment'").fetchone()[0]) == 1


@pytest.mark.parametrize("figures, words", [
    (SyncFigures(enrolled=False), "not connected to a hub"),
    (SyncFigures(enrolled=True, online=False, last_error="No network connection."), "cannot be reached"),
])
def test_an_emergency_that_cannot_reach_a_hub_is_told_at_once(qtbot, ops, case, figures, words):
    form = open_form(qtbot, ops, case, figures)
    assert form.chosen_urgency() == "emergency"  # suggested from the vitals
    assert words in form.urgency_note.text() and "phone the specialist" in form.urgency_note.text()
    form.consent.by["patient"].setChecked(True)
    form.consent.agree.setChecked(True)
    qtbot.mouseClick(form.send_button, Qt.MouseButton.LeftButton)
    settle(qtbot, ops)
    box = form.window().findChild(QMessageBox, "emergencyUnreachable")
    assert box is not None and words in box.text() and "phone the specialist" in box.text()


def test_an_emergency_on_a_station_that_reaches_its_hub_is_not_held_up(qtbot, ops, case):
    form = open_form(qtbot, ops, case, SyncFigures(enrolled=True, online=True))
    assert "phone" not in form.urgency_note.text()
    form.consent.by["patient"].setChecked(True)
    form.consent.agree.setChecked(True)
    qtbot.mouseClick(form.send_button, Qt.MouseButton.LeftButton)
    settle(qtbot, ops)
    assert form.window().findChild(QMessageBox, "emergencyUnreachable") is None


@pytest.mark.parametrize("language", ["en", "ur"])
def test_the_consent_box_in_both_languages(qtbot, ops, case, language, artifacts):
    from PySide6.QtWidgets import QApplication

    i18n.install(QApplication.instance(), language)
    try:
        form = open_form(qtbot, ops, case)
        form.consent.by["caregiver"].setChecked(True)
        form.consent.agree.setChecked(True)
        form.resize(1366 - 190, 768 - 120)
        scroll = form.findChild(type(form.findChild(__import__("PySide6.QtWidgets").QtWidgets.QScrollArea)))
        scroll.ensureWidgetVisible(form.consent)
        qtbot.wait(50)
        shot(form, artifacts, f"referral_consent_{language}")
        if language == "ur":
            assert form.consent.agree.text() != "Agrees to share"
            assert seen(form.consent.by["caregiver"].text()) != "A caregiver"
    finally:
        i18n.install(QApplication.instance(), "en")


def test_a_video_consult_of_a_referral_made_without_consent_asks_once_first(qtbot, make_app, monkeypatch):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from tests.ui.clinic_support import referred
    from tests.ui.conftest import sign_in, wait_idle
    from ui.call.launcher import CallStart, find_launcher
    from ui.referral.consent import ConsentDialog

    app = make_app(with_network=False)
    sign_in(qtbot, app)
    box: dict[str, object] = {}
    app.ops.submit(lambda s: (lambda p: (p, referred(s, p, with_consent=False)))(register(s, ASLAM)),
                   lambda r: box.setdefault("made", r))
    wait_idle(qtbot, app)
    patient, referral = box["made"]  # type: ignore[misc]
    launcher = find_launcher(app.window)
    opened: list[CallStart] = []
    monkeypatch.setattr(launcher, "_open_call", opened.append)

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ConsentDialog):
            QTimer.singleShot(20, answer)
            return
        dialog.box.by["caregiver"].setChecked(True)
        type_text(dialog.box.name, "Rashida Bibi")
        dialog.box.relation.setCurrentIndex(dialog.box.relation.findData("wife"))
        dialog.box.agree.setChecked(True)
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    QTimer.singleShot(0, answer)
    launcher._open(CallStart(referral, patient, "", "", None, 0.0))
    wait_idle(qtbot, app)
    qtbot.waitUntil(lambda: bool(opened), timeout=5000)
    assert opened[0].referral.consent["name"] == "Rashida Bibi"
    app.ops.submit(lambda s: s.get(Referral, referral.id), lambda r: box.__setitem__("stored", r))
    wait_idle(qtbot, app)
    stored = box["stored"]
    assert stored.consent["relation"] == "wife" and stored.version == referral.version + 1
    # Asked once: the next call goes straight through.
    launcher._open(CallStart(stored, patient, "", "", None, 0.0))
    assert len(opened) == 2
