"""Following a referral: its status, the specialist's advice read and acknowledged, the message thread."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from station import referrals as station_referrals
from station.records import Advice, Message, Referral
from tests.ui.clinic_support import (
    ASLAM,
    advice_arrives,
    consulted,
    referred,
    register,
    run,
    seen,
    settle,
    signed_in_worker,
    specialist_writes,
)
from tests.ui.conftest import shot, type_text
from ui.referral.detail import ReferralPage
from ui.referral.listing import ReferralsPage


@pytest.fixture
def ops(qtbot, station_dir: Path):
    with signed_in_worker(qtbot, station_dir) as worker:
        yield worker


@pytest.fixture
def referral(qtbot, ops) -> Referral:
    def make(store):
        patient = register(store, ASLAM)
        return referred(store, patient, consulted(store, patient, {"heart_rate": 110}))
    return run(qtbot, ops, make)


@pytest.fixture
def page(qtbot, ops, referral) -> ReferralPage:
    widget = ReferralPage(ops)
    qtbot.addWidget(widget)
    widget.resize(900, 1000)
    widget.show()
    widget.open_with(referral.id)
    settle(qtbot, ops)
    return widget


def test_a_queued_referral_says_it_waits_for_the_next_sync(qtbot, page):
    assert page.steps.current == "queued"
    assert "Waiting to be sent" in page.state.text()
    assert not page.steps.labels["draft"].isVisible()
    assert "pulmonology (lungs)" in page.title.text().lower()  # the name from the specialty list
    assert page.question.text().startswith("Fever and low oxygen")
    assert page.no_advice.isVisible() and not page.advice.isVisible()


def test_status_moves_on_screen_as_sync_reports_it(qtbot, ops, page, referral):
    run(qtbot, ops, lambda s: station_referrals.advance(s, referral.id, "sent"))
    qtbot.waitUntil(lambda: page.steps.current == "sent", timeout=5000)
    assert page.steps.labels["queued"].text().startswith("✓")
    run(qtbot, ops, lambda s: station_referrals.advance(s, referral.id, "received"))
    qtbot.waitUntil(lambda: page.steps.current == "received", timeout=5000)


def test_advice_arrives_is_shown_and_acknowledged_which_closes_the_referral(qtbot, ops, page, referral, artifacts):
    run(qtbot, ops, lambda s: advice_arrives(s, referral))
    qtbot.waitUntil(lambda: page.advice.isVisible(), timeout=5000)
    assert page.steps.current == "answered"
    assert "Dr Farah Naz" in seen(page.advice.title.text())
    text = page.advice_body.text()
    assert "co-amoxiclav" in text and "The treatment plan must change" in text and "48 hours" in text
    assert page.advice.colour == "amber"  # a changed plan stands out
    shot(page, artifacts, "referral_advice_en")
    qtbot.mouseClick(page.ack_button, Qt.MouseButton.LeftButton)
    settle(qtbot, ops)
    [advice] = run(qtbot, ops, lambda s: s.find(Advice))
    assert advice.acknowledged_by == "admin" and advice.acknowledged_at
    assert run(qtbot, ops, lambda s: s.get(Referral, referral.id)).status == "closed"
    qtbot.waitUntil(lambda: page.steps.current == "closed", timeout=5000)
    assert not page.ack_button.isVisible()
    assert "Read by admin" in seen(page.ack_note.text())


def test_messages_from_both_sides_form_one_thread(qtbot, ops, page, referral):
    run(qtbot, ops, lambda s: specialist_writes(s, referral, "Please also check his blood sugar."))
    qtbot.waitUntil(lambda: not page.no_messages.isVisible(), timeout=5000)
    type_text(page.compose, "Random sugar is 210 mg/dl.")
    qtbot.mouseClick(page.send_message_button, Qt.MouseButton.LeftButton)
    settle(qtbot, ops)
    messages = run(qtbot, ops, lambda s: s.find(Message, order_by="created_at"))
    assert [(m.author_role, m.body) for m in messages] == [
        ("specialist", "Please also check his blood sugar."), ("station", "Random sugar is 210 mg/dl.")]
    assert page.compose.toPlainText() == ""
    assert page.thread.count() == 2


def test_an_empty_message_is_refused_beside_the_box(qtbot, ops, page):
    qtbot.mouseClick(page.send_message_button, Qt.MouseButton.LeftButton)
    settle(qtbot, ops)
    assert "Message: write 1 to 4000 characters" in page.errors.message("body")
    assert run(qtbot, ops, lambda s: s.find(Message)) == []


def test_a_draft_can_be_sent_later(qtbot, ops):
    def make(store):
        patient = register(store, ASLAM)
        return station_referrals.create(store, patient.id, "dermatology", "routine",
                                        "Itchy rash on both hands for a month.", queue=False)
    draft = run(qtbot, ops, make)
    page = ReferralPage(ops)
    qtbot.addWidget(page)
    page.show()
    page.open_with(draft.id)
    settle(qtbot, ops)
    assert page.steps.current == "draft" and page.send_now.isVisible()
    assert "not recorded" in page.consent_line.text()
    # Kept without consent: sending asks who consented first; a refusal keeps it here.
    answer_consent(qtbot, given=False)
    qtbot.mouseClick(page.send_now, Qt.MouseButton.LeftButton)
    settle(qtbot, ops)
    assert run(qtbot, ops, lambda s: s.get(Referral, draft.id)).status == "draft"
    qtbot.waitUntil(lambda: "refused" in page.consent_line.text(), timeout=5000)
    answer_consent(qtbot, given=True)
    qtbot.mouseClick(page.send_now, Qt.MouseButton.LeftButton)
    settle(qtbot, ops)
    sent = run(qtbot, ops, lambda s: s.get(Referral, draft.id))
    assert sent.status == "queued" and sent.consent["given"]
    assert run(qtbot, ops, lambda s: s.conn.execute("SELECT count(*) FROM outbox WHERE record_id = ?",
                                                    (draft.id,)).fetchone()[0]) >= 1
    qtbot.waitUntil(lambda: not page.send_now.isVisible(), timeout=5000)
    assert "given by Muhammad Aslam" in seen(page.consent_line.text())


def answer_consent(qtbot, given: bool) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from ui.referral.consent import ConsentDialog

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ConsentDialog):
            QTimer.singleShot(20, answer)
            return
        dialog.box.by["patient"].setChecked(True)
        (dialog.box.agree if given else dialog.box.refuse).setChecked(True)
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    QTimer.singleShot(0, answer)


def test_the_referrals_list_shows_unread_advice_and_filters(qtbot, ops, referral):
    listing = ReferralsPage(ops)
    qtbot.addWidget(listing)
    listing.show()
    settle(qtbot, ops)
    assert listing.table.rowCount() == 1
    assert "Waiting to be sent" in listing.table.item(0, 4).text()
    run(qtbot, ops, lambda s: advice_arrives(s, referral))
    qtbot.waitUntil(lambda: listing.table.item(0, 4).text().startswith("●"), timeout=5000)
    listing.filter.setCurrentIndex(listing.filter.findData("waiting"))
    settle(qtbot, ops)
    assert listing.table.rowCount() == 0
    listing.filter.setCurrentIndex(listing.filter.findData("answered"))
    settle(qtbot, ops)
    assert listing.table.rowCount() == 1
    with qtbot.waitSignal(listing.navigate) as opened:
        listing.table.setCurrentCell(0, 0)
        qtbot.keyClick(listing.table, Qt.Key.Key_Return)
    assert opened.args == ["referral", (referral.id,)]


def test_in_urdu_the_steps_run_right_to_left(qtbot, ops, referral, artifacts):
    from ui import i18n
    from ui.app import create_qapp

    app = create_qapp()
    i18n.install(app, "ur")
    try:
        run(qtbot, ops, lambda s: advice_arrives(s, referral))
        run(qtbot, ops, lambda s: specialist_writes(s, referral, "Please also check his blood sugar."))
        page = ReferralPage(ops)
        qtbot.addWidget(page)
        page.resize(900, 1000)
        page.show()
        page.open_with(referral.id)
        settle(qtbot, ops)
        queued = page.steps.labels["queued"].mapTo(page, page.steps.labels["queued"].rect().topLeft()).x()
        closed = page.steps.labels["closed"].mapTo(page, page.steps.labels["closed"].rect().topLeft()).x()
        assert queued > closed
        # "›" is mirrored in a right-to-left line: drawn as "‹", pointing the way the steps go.
        assert page.findChild(type(page.state), "arrow_sent").text() == "›"
        shot(page, artifacts, "referral_advice_ur")
    finally:
        i18n.install(app, "en")


def _photo_refused(store, referral: Referral) -> str:
    """A photo on the referral that the hub refused, as the sync engine records it."""
    from station import attachments

    photo = attachments.attach(store, referral.patient_id, b"\xff\xd8\xff" + b"\x00" * 2000, "image/jpeg",
                               "wound.jpg", referral_id=referral.id)
    with store.atomic():
        store.conn.execute("INSERT INTO sync_blobs (sha256, state, last_error) VALUES (?, 'failed', ?)",
                           (photo.sha256, "Attachments may be at most 1,000 bytes."))
        store.conn.execute("UPDATE referrals SET attachments = ? WHERE id = ?", (f'["{photo.sha256}"]', referral.id))
    return photo.sha256


def test_a_photo_the_hub_refused_is_shown_on_its_referral_with_the_reason(qtbot, ops, page, referral, artifacts):
    from PySide6.QtWidgets import QApplication

    from ui import i18n

    assert not page.sync_problems.isVisible()
    run(qtbot, ops, lambda s: _photo_refused(s, referral))
    page.refresh()
    qtbot.waitUntil(lambda: page.sync_problems.isVisible(), timeout=5000)
    text = page.sync_problems.text()
    assert "wound.jpg" in text and "refused by the hub" in text and "at most 1,000 bytes" in text
    page.resize(1366, 768)
    shot(page, artifacts, "referral_photo_refused_en")
    app = QApplication.instance()
    i18n.install(app, "ur")
    try:
        page.refresh()
        qtbot.waitUntil(lambda: "wound.jpg" in page.sync_problems.text()
                        and "refused by the hub" not in page.sync_problems.text(), timeout=5000)
        shot(page, artifacts, "referral_photo_refused_ur")
    finally:
        i18n.install(app, "en")
