"""Nothing typed is lost: leaving, closing or locking with an unsaved consultation asks and keeps a draft,
which the next sign-in offers back ("Continue the consultation for Zainab started 10:42")."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from station import drafts
from station.records import Encounter, Patient
from station.store import Store
from tests.conftest import ADMIN_PASSWORD
from tests.ui.clinic_support import ZAINAB, register, seen
from tests.ui.conftest import sign_in, type_text, wait_idle


def answer_question(qtbot, button_name: str, seen_text: list[str], shot_to: Path | None = None) -> None:
    """Click a button of the next question box as soon as it shows (it is modal)."""
    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, click)
            return
        seen_text.append(box.text())
        if shot_to is not None:
            box.grab().save(str(shot_to))
        box.findChild(QPushButton, button_name).click()
    QTimer.singleShot(0, click)


def in_store(app, fn: Callable[[Store], object]) -> object:
    box: dict[str, object] = {}
    app.ops.submit(fn, lambda r: box.setdefault("r", r), lambda e: box.setdefault("e", e))
    assert app.ops.wait_idle(10)
    QApplication.processEvents()
    for _ in range(50):
        if box:
            break
        QApplication.processEvents()
    if "e" in box:
        raise box["e"]  # type: ignore[misc]
    return box["r"]


def open_new_consultation(qtbot, app) -> tuple[Patient, object]:
    patient = in_store(app, lambda s: register(s, ZAINAB))
    app.window.show_page("consultation", patient.id)
    wait_idle(qtbot, app)
    page = app.window.pages["consultation"].page
    qtbot.waitUntil(lambda: page.loaded is not None, timeout=10_000)
    return patient, page


def nav_row(window, key: str) -> int:
    return next(r for r in range(window.shell.nav.count())
                if window.shell.nav.item(r).data(Qt.ItemDataRole.UserRole) == key)


def test_leaving_through_the_sidebar_asks_and_staying_keeps_the_page(qtbot, make_app):
    app = make_app()
    sign_in(qtbot, app)
    patient, page = open_new_consultation(qtbot, app)
    type_text(page.notes["complaint"], "Fever since two days")
    asked: list[str] = []
    answer_question(qtbot, "stayOnPage", asked)
    app.window.shell.nav.setCurrentRow(nav_row(app.window, "home"))
    assert asked and "Zainab Bibi" in seen(asked[0])
    assert app.window.current_page() == "consultation"
    assert page.notes["complaint"].toPlainText() == "Fever since two days"

    answer_question(qtbot, "keepDraftAndGo", asked)
    app.window.shell.nav.setCurrentRow(nav_row(app.window, "home"))
    wait_idle(qtbot, app)
    assert app.window.current_page() == "home"
    kept = in_store(app, lambda s: drafts.waiting(s))
    assert [(d.kind, d.patient_id, d.state["notes"]["complaint"]) for d in kept] == [
        ("consultation", patient.id, "Fever since two days")]
    # Never sent to the hub: nothing of it is in the outbox, no consultation record exists.
    assert in_store(app, lambda s: s.find(Encounter)) == []
    assert in_store(app, lambda s: s.conn.execute(
        "SELECT count(*) FROM outbox WHERE entity = 'encounter'").fetchone()[0]) == 0
    home = app.window.pages["home"]
    qtbot.waitUntil(lambda: home.resume.isVisible(), timeout=5_000)


def test_closing_the_window_asks_keeps_the_draft_and_the_next_sign_in_offers_it(qtbot, make_app, station_dir,
                                                                               artifacts):
    app = make_app()
    sign_in(qtbot, app)
    patient, page = open_new_consultation(qtbot, app)
    type_text(page.notes["complaint"], "Cough at night")
    type_text(page.vitals.edits["temperature"], "38.4")
    asked: list[str] = []

    answer_question(qtbot, "stayOnPage", asked)
    assert app.window.close() is False  # "Stay": the window stays open, nothing lost
    assert app.window.isVisible()

    answer_question(qtbot, "keepDraftAndGo", asked, artifacts / "drafts_close_question_en.png")
    assert app.window.close() is True
    assert len(asked) == 2 and "not saved yet" in asked[1]
    app.shutdown()

    # Next time: the home page offers it; Continue brings back every word and the temperature.
    with Store.open(station_dir, "admin", ADMIN_PASSWORD) as store:
        [kept] = drafts.waiting(store)
        assert kept.state["notes"]["complaint"] == "Cough at night"
    again = make_app()
    sign_in(qtbot, again)
    home = again.window.pages["home"]
    qtbot.waitUntil(lambda: home.resume.isVisible(), timeout=10_000)
    offer = seen(home.resume.findChild(type(home.answers_banner), "resumeText").text())
    assert offer.startswith("Continue the consultation for Zainab Bibi started ")
    again.window.resize(1366, 768)
    qtbot.wait(50)
    again.window.grab().save(str(artifacts / "drafts_offered_en.png"))
    go, _drop = home.resume.buttons[kept.id]
    qtbot.mouseClick(go, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, again)
    page = again.window.pages["consultation"].page
    qtbot.waitUntil(lambda: page.notes["complaint"].toPlainText() == "Cough at night", timeout=10_000)
    assert page.vitals.edits["temperature"].text() == "38.4"
    assert "is back" in page.state.text()

    # Saving makes it a real consultation and the kept copy goes.
    type_text(page.notes["assessment"], "Viral illness")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, again)
    assert in_store(again, lambda s: drafts.waiting(s)) == []
    [saved] = in_store(again, lambda s: s.find(Encounter))
    assert saved.complaint == "Cough at night" and saved.patient_id == patient.id


def test_locking_keeps_what_is_typed_in_a_registration(qtbot, make_app):
    app = make_app()
    sign_in(qtbot, app)
    app.window.show_page("register", "")
    wait_idle(qtbot, app)
    form = app.window.pages["register"].page
    type_text(form.edits["name"], "Ghulam Fatima")
    type_text(form.edits["phone"], "0301-7654321")
    qtbot.mouseClick(app.window.shell.lock_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, app)
    assert app.window.locked
    sign_in(qtbot, app)
    home = app.window.pages["home"]
    qtbot.waitUntil(lambda: "Ghulam Fatima" in seen(" ".join(
        w.text() for w in home.resume.findChildren(type(home.answers_banner), "resumeText"))), timeout=10_000)
    with_store = in_store(app, lambda s: drafts.waiting(s))
    assert [(d.kind, d.state["name"], d.state["phone"]) for d in with_store] == [
        ("registration", "Ghulam Fatima", "0301-7654321")]
    # A fresh registration form brings it back; Cancel throws it away.
    form.clear()
    app.window.show_page("register", "")
    wait_idle(qtbot, app)
    qtbot.waitUntil(lambda: form.edits["name"].text() == "Ghulam Fatima", timeout=5_000)
    qtbot.mouseClick(form.cancel_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, app)
    assert in_store(app, lambda s: drafts.waiting(s)) == []


def test_a_correction_typed_but_not_saved_comes_back_with_its_reason(qtbot, make_app):
    from tests.ui.clinic_support import consulted
    from tests.ui.test_consultation_save import reason_dialog

    app = make_app()
    sign_in(qtbot, app)
    patient = in_store(app, lambda s: register(s, ZAINAB))
    signed = in_store(app, lambda s: consulted(s, patient))
    app.window.show_page("consultation", patient.id, signed.id)
    wait_idle(qtbot, app)
    page = app.window.pages["consultation"].page
    qtbot.waitUntil(lambda: page.encounter is not None and page.encounter.id == signed.id, timeout=10_000)
    reason_dialog(qtbot, "Plan written for another patient")
    qtbot.mouseClick(page.correct_button, Qt.MouseButton.LeftButton)
    type_text(page.notes["plan"], "ORS after each loose stool")
    asked: list[str] = []
    answer_question(qtbot, "keepDraftAndGo", asked)
    assert app.window.close() is True
    app.shutdown()
    again = make_app()
    sign_in(qtbot, again)
    again.window.show_page("consultation", patient.id, signed.id)
    wait_idle(qtbot, again)
    page = again.window.pages["consultation"].page
    qtbot.waitUntil(lambda: "ORS after each loose stool" in page.notes["plan"].toPlainText(), timeout=10_000)
    assert not page.notes["plan"].isReadOnly() and page.discard_button.isVisible()
    assert "Plan written for another patient" in seen(page.state.text())
    # Nothing was recorded yet: only the signed consultation exists; saving makes the correction.
    assert [e.id for e in in_store(again, lambda s: s.find(Encounter))] == [signed.id]
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, again)
    corrections = in_store(again, lambda s: s.find(Encounter, "supersedes = ?", [signed.id]))
    assert [c.correction_reason for c in corrections] == ["Plan written for another patient"]
    assert in_store(again, lambda s: drafts.waiting(s)) == []
