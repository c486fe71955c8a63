"""Urdu screens read right: numbers that must not move keep their order as typed, Nastaliq
headings keep their dots, and no English is left in dialogs, summaries, the audit log or doses."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QTextLayout, QTextOption
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QAbstractButton, QApplication, QFileDialog, QLabel

from station import reference
from tests.ui.bidi_support import MARKS, label_reads, paragraph_direction, visual_text
from tests.ui.clinic_support import ASLAM, consulted, referred, register
from tests.ui.conftest import sign_in, type_text, wait_idle
from tests.ui.test_screenshots import _real
from ui import i18n
from ui.bidi import keep_numbers, ltr
from ui.consultation.pickers import PrescriptionRow
from ui.referral.detail import STEP_ARROW, StatusSteps

NUMBER_RUN = re.compile(r"\d[\d\-/:.]*\d")


def _store_call(qtbot, app, fn):
    box = {}
    app.ops.submit(fn, lambda result: box.setdefault("result", result))
    wait_idle(qtbot, app)
    return box["result"]


def _runs_read_as_written(label: QLabel) -> list[str]:
    """Every number with separators in the label, as read off the screen when it differs."""
    wrong = []
    plain = label.text().translate({ord(m): None for m in MARKS})
    for run in NUMBER_RUN.findall(plain):
        seen = label_reads(label, run)
        if seen != run:
            wrong.append(f"{run!r} reads {seen!r}")
    return wrong


def test_cnic_phone_and_mrn_in_the_urdu_chart_read_left_to_right_as_typed(qtbot, make_app):
    app = make_app("ur")
    sign_in(qtbot, app)
    patient = _store_call(qtbot, app, lambda store: register(store, ASLAM))
    app.window.show_page("chart", patient.id)
    wait_idle(qtbot, app)
    facts = _real(app.window.pages["chart"]).facts
    assert facts.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert label_reads(facts, "41304-1234567-1") == "41304-1234567-1"
    assert label_reads(facts, patient.phone) == patient.phone
    assert label_reads(facts, patient.mrn) == patient.mrn
    # Each line runs right to left although it starts with "MRN" or the village in Latin letters
    # (Qt takes a line's direction from its first letter).
    assert [paragraph_direction(line) for line in facts.text().split("\n")] == [Qt.LayoutDirection.RightToLeft] * 2


def test_without_isolation_qt_would_reverse_the_cnic(qtbot, make_app):
    """The check above can fail: the same line without the helper reads backwards."""
    make_app("ur")
    font, rtl = i18n.text_font(10), Qt.LayoutDirection.RightToLeft
    assert visual_text("شناختی کارڈ 42201-1234567-1", font, rtl, "42201-1234567-1") == "1-1234567-42201"
    assert visual_text(f"شناختی کارڈ {ltr('42201-1234567-1')}", font, rtl, "42201-1234567-1") == "42201-1234567-1"


def test_dates_in_an_urdu_registration_message_read_as_typed(qtbot, make_app):
    app = make_app("ur")
    sign_in(qtbot, app)
    app.window.show_page("register", "")
    page = _real(app.window.pages["register"])
    type_text(page.edits["date_of_birth"], "2019-13-45")
    qtbot.keyClick(page.edits["date_of_birth"], Qt.Key.Key_Return)  # on to the next box, as a person does
    qtbot.waitUntil(lambda: bool(page.errors.message("date_of_birth")), timeout=5000)
    error = page.findChild(QLabel, "error_date_of_birth")
    assert NUMBER_RUN.search(error.text().translate({ord(m): None for m in MARKS}))
    assert not _runs_read_as_written(error)


def test_times_in_the_urdu_sync_log_read_date_then_time(qtbot, make_app):
    app = make_app("ur")
    sign_in(qtbot, app)
    _store_call(qtbot, app, lambda store: register(store, ASLAM))
    app.window.show_page("admin")
    page = _real(app.window.pages["admin"])
    page.tabs.setCurrentWidget(page.sync_log)
    qtbot.waitUntil(lambda: page.sync_log.table.rowCount() > 0, timeout=5000)
    cell = page.sync_log.table.item(0, 0).text()
    written = cell.translate({ord(m): None for m in MARKS})
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", written)
    shown = visual_text(cell, page.sync_log.table.font(), Qt.LayoutDirection.RightToLeft, written)
    assert shown == written.replace(" ", "")


def test_a_dose_guide_stays_whole_and_its_label_is_urdu(qtbot, make_app):
    make_app("ur")
    paracetamol = next(m for m in reference.medicines() if m.adult_dose.startswith("500 mg-1 g"))
    row = PrescriptionRow(paracetamol)
    qtbot.addWidget(row)
    first = row.guide.text().split("\n")[0]
    assert not re.search("[A-Za-z]", first.split("\u2066")[0]), "the label before the dose is Urdu"
    dose = paracetamol.adult_dose
    assert label_reads(row.guide, dose) == dose.replace(" ", "")
    assert keep_numbers("مثلاً 2019-03-25") == f"مثلاً {ltr('2019-03-25')}"


def test_nastaliq_heading_keeps_the_dots_of_beh(qtbot, make_app, artifacts):
    make_app("ur")
    label = i18n.make_heading("زینب بی بی", 1)
    qtbot.addWidget(label)
    label.resize(400, label.sizeHint().height())
    label.show()
    path = Path(artifacts) / "nastaliq_zainab_bibi_ur.png"
    label.grab().save(str(path))
    assert label.font().family() == i18n.NASTALIQ
    layout = QTextLayout("بی", label.font())
    option = QTextOption()
    option.setTextDirection(Qt.LayoutDirection.RightToLeft)
    layout.setTextOption(option)
    layout.beginLayout()
    line = layout.createLine()
    layout.endLayout()
    run = layout.glyphRuns()[0]
    ys = [p.y() for p in run.positions()]
    baseline = line.ascent()
    # Joined as written, the beh rises to meet the yeh (a cursive attachment); drawn on the baseline
    # it sat inside the yeh and its dot fell below the line: "بی" looked like "ں".
    beh_y = ys[0]
    assert baseline - beh_y > label.font().pixelSize() * 0.2 if label.font().pixelSize() > 0 else baseline - beh_y > 5
    # And every glyph, dots included, is drawn inside the label.
    raw = run.rawFont()
    box = QRectF()
    for glyph, pos in zip(run.glyphIndexes(), run.positions(), strict=True):
        box = box.united(raw.boundingRect(glyph).translated(pos))
    assert box.height() <= label.contentsRect().height() + label.contentsMargins().top() * 2


def _latin_words(widgets) -> list[str]:
    found = []
    for widget in widgets:
        if not widget.isVisible():
            continue
        text = widget.text().replace("&", "").strip("\u200f") if isinstance(widget, QAbstractButton | QLabel) else ""
        if re.search(r"[A-Za-z]{3,}", text) and not re.fullmatch(r"[\w./\\: -]*\.(pdf|json)|/.*|PDF.*", text):
            found.append(f"{type(widget).__name__}: {text!r}")
    return found


def test_qt_file_and_print_dialogs_speak_urdu(qtbot, make_app, tmp_path):
    make_app("ur")
    dialog = QFileDialog(None, "محفوظ کریں", str(tmp_path), "PDF (*.pdf)")
    dialog.setOptions(i18n.file_dialog_options())
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    qtbot.addWidget(dialog)
    dialog.show()
    QApplication.processEvents()
    assert dialog.testOption(QFileDialog.Option.DontUseNativeDialog)
    assert not _latin_words([*dialog.findChildren(QLabel), *dialog.findChildren(QAbstractButton)])
    dialog.close()
    printer = QPrinter()
    printing = QPrintDialog(printer)
    qtbot.addWidget(printing)
    printing.show()
    QApplication.processEvents()
    assert not _latin_words([*printing.findChildren(QLabel), *printing.findChildren(QAbstractButton)])
    printing.close()


def test_the_referral_case_summary_and_the_audit_log_are_in_urdu(qtbot, make_app):
    app = make_app("ur")
    sign_in(qtbot, app)

    def scene(store):
        patient = register(store, ASLAM)
        encounter = consulted(store, patient, {"temperature": 38.9, "respiratory_rate": 28})
        return referred(store, patient, encounter)

    referral = _store_call(qtbot, app, scene)
    app.window.show_page("referral", referral.id)
    wait_idle(qtbot, app)
    page = _real(app.window.pages["referral"])
    qtbot.waitUntil(lambda: bool(page.summary.text()), timeout=5000)
    text = page.summary.text()
    for english in ("Complaint:", "Vitals:", "male", "years", "Temperature", "Respiratory rate"):
        assert english not in text
    assert "Cough and fever for 5 days" in text  # the health worker's own words stay as written
    assert label_reads(page.summary, "38.9 °C") == "38.9°C"

    app.window.show_page("admin")
    admin = _real(app.window.pages["admin"])
    admin.tabs.setCurrentWidget(admin.audit)
    model = admin.audit.model
    qtbot.waitUntil(lambda: model.rowCount() > 0, timeout=5000)
    actions = {model.index(r, 3).data() for r in range(model.rowCount())}
    assert actions and not [a for a in actions if re.search("[A-Za-z]", a)], actions


@pytest.mark.parametrize("language", ["en", "ur"])
def test_referral_step_arrows_point_the_way_the_steps_go(qtbot, make_app, language):
    make_app(language)
    steps = StatusSteps()
    qtbot.addWidget(steps)
    steps.set_status("sent")
    steps.resize(900, 60)
    steps.show()
    QApplication.processEvents()
    arrow = steps.findChild(QLabel, "arrow_sent")
    queued, sent = steps.labels["queued"], steps.labels["sent"]
    forward = sent.x() > queued.x()  # the next step lies this way
    assert forward == (language == "en")
    # The glyph drawn for the arrow: "›" points right, and in a right-to-left line Qt draws its mirror "‹".
    def glyph(text: str, direction: Qt.LayoutDirection) -> int:
        layout = QTextLayout(text, arrow.font())
        option = QTextOption()
        option.setTextDirection(direction)
        layout.setTextOption(option)
        layout.beginLayout()
        layout.createLine()
        layout.endLayout()
        return layout.glyphRuns()[0].glyphIndexes()[0]
    drawn = glyph(arrow.text(), arrow.layoutDirection())
    pointing_right = glyph("›", Qt.LayoutDirection.LeftToRight)
    pointing_left = glyph("‹", Qt.LayoutDirection.LeftToRight)
    assert arrow.text() == STEP_ARROW
    assert drawn == (pointing_right if forward else pointing_left)
