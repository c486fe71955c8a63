"""The printed consultation summary: one page when it fits, no heading left alone at a page's
foot, a draft unmistakable, who signed it by name, and Urdu pages that run right to left."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtPrintSupport import QPrinter

from station import consultations
from station.records import Encounter, User, VitalsSet
from tests.ui.bidi_support import visual_text
from tests.ui.clinic_support import ASLAM, register, seen
from tests.ui.conftest import sign_in, wait_idle
from ui.consultation.summary import (
    SummaryData,
    _first_line_top,
    keep_headings_with_text,
    save_pdf,
    summary_document,
)
from ui.printing import a4_printer

PDFTOPPM = shutil.which("pdftoppm")
needs_poppler = pytest.mark.skipif(PDFTOPPM is None, reason="pdftoppm missing: apt-get install poppler-utils")


def _consultation(store, sign: bool, long: bool = False):
    patient = register(store, ASLAM)
    words = "Cough for five days, worse at night, with fever and chills. " * (34 if long else 1)
    enc = consultations.start(store, patient.id, complaint=words.strip(), assessment="Pneumonia.",
                              plan="Amoxicillin for 5 days. Come back at once if breathing gets harder.",
                              diagnoses=[{"code": "J18.9", "title": "Pneumonia, unspecified"}],
                              prescriptions=[{"medicine_id": "amoxicillin-250-cap", "dose": "1 capsule",
                                              "frequency": "TDS", "duration_days": 5, "notes": "after food"}],
                              follow_up_date=None)
    consultations.record_vitals(store, patient.id, {"temperature": "38.9", "respiratory_rate": "28", "spo2": "94"},
                                encounter_id=enc.id)
    if sign:
        enc = consultations.sign(store, enc.id, store.get(Encounter, enc.id).version)
    vitals = store.find(VitalsSet, "encounter_id = ?", [enc.id])[0]
    name = store.find(User, "username = ?", [store.user.username])[0].full_name
    return SummaryData("Basic Health Unit Jhok", patient, store.get(Encounter, enc.id), vitals, name)


@pytest.fixture
def summary(qtbot, make_app):
    def make(language: str, sign: bool, long: bool = False) -> SummaryData:
        app = make_app(language)
        sign_in(qtbot, app)
        box = {}
        app.ops.submit(lambda store: _consultation(store, sign, long), lambda data: box.setdefault("data", data))
        wait_idle(qtbot, app)
        return box["data"]
    return make


def _pngs(pdf: Path, out: Path) -> list[Path]:
    subprocess.run([PDFTOPPM, "-r", "60", "-png", str(pdf), str(out)], check=True, capture_output=True)
    return sorted(out.parent.glob(out.name + "*.png"))


@needs_poppler
@pytest.mark.parametrize("language", ["en", "ur"])
def test_a_signed_summary_fits_one_page_and_names_the_clinician(qtbot, summary, tmp_path, artifacts, language):
    data = summary(language, sign=True)
    pdf = save_pdf(data, tmp_path / "summary.pdf")
    pages = _pngs(pdf, artifacts / f"summary_signed_{language}")
    assert len(pages) == 1
    text = seen(summary_document(data).toPlainText())
    assert "Dr Amina Soomro" in text


@needs_poppler
def test_a_draft_is_marked_on_every_page_and_says_who_wrote_it(qtbot, summary, tmp_path, artifacts):
    data = summary("en", sign=False, long=True)
    pdf = save_pdf(data, tmp_path / "draft.pdf")
    pages = _pngs(pdf, artifacts / "summary_draft_en")
    assert len(pages) >= 2
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    assert "DRAFT: NOT SIGNED" in text
    assert "Draft written by Dr Amina Soomro" in text
    for number in range(1, len(pages) + 1):
        # The watermark, drawn slanted, comes out of the PDF one letter a line.
        page = subprocess.run(["pdftotext", "-f", str(number), "-l", str(number), str(pdf), "-"], check=True,
                              capture_output=True, text=True).stdout
        letters = "".join(line.strip() for line in page.splitlines() if len(line.strip()) == 1 and line.strip().isalpha())
        assert "DRAFT" in (letters, letters[::-1]), f"page {number} has no watermark"


def test_no_heading_is_left_alone_at_the_foot_of_a_page(qtbot, summary):
    data = summary("en", sign=True, long=True)
    printer = a4_printer(QPrinter.OutputFormat.PdfFormat, margin_mm=15)
    page = printer.pageRect(QPrinter.Unit.DevicePixel)
    for cut in range(0, 40):
        # Page heights that put each heading in turn at the very foot of a page.
        doc = summary_document(data)
        doc.documentLayout().setPaintDevice(printer)
        doc.setPageSize(page.size() * (0.30 + cut * 0.01))
        keep_headings_with_text(doc)
        _assert_headings_kept(doc)


def _assert_headings_kept(doc: QTextDocument) -> None:
    layout, height = doc.documentLayout(), doc.pageSize().height()
    block = doc.begin()
    while block.isValid():
        following = block.next()
        if block.blockFormat().headingLevel() > 0 and following.isValid():
            top = layout.blockBoundingRect(block).top()
            after = layout.blockBoundingRect(following).top() + _first_line_top(following)
            assert int(top // height) == int(after // height), f"{block.text()!r} is alone at a page's foot"
        block = following


def test_in_urdu_every_paragraph_and_bullet_runs_right_to_left_and_numbers_keep_their_order(qtbot, summary):
    data = summary("ur", sign=True)
    doc = summary_document(data)
    block, directions = doc.begin(), set()
    while block.isValid():
        directions.add(block.blockFormat().layoutDirection())
        if "38.9" in block.text():
            assert visual_text(block.text(), doc.defaultFont(), Qt.LayoutDirection.RightToLeft, "38.9 °C") == "38.9°C"
        if "capsule" in block.text():
            assert visual_text(block.text(), doc.defaultFont(), Qt.LayoutDirection.RightToLeft, "1 capsule") \
                == "1capsule"
        if "after food" in block.text() or "Pneumonia." in block.text():
            # An English note stays English: its full stop after its last word, not before the first.
            whole = seen(block.text())
            assert visual_text(block.text(), doc.defaultFont(), Qt.LayoutDirection.RightToLeft, whole) \
                == whole.replace(" ", "")
        block = block.next()
    assert directions == {Qt.LayoutDirection.RightToLeft}
