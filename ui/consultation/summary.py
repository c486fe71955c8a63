"""A one-page summary of a consultation for the patient to take home: print or save as PDF.

Headings are in the interface language; what the health worker wrote is printed as written.
Under Urdu the page runs right to left (Qt's text engine keeps English words and numbers in
their own direction inside it).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QPainter,
    QTextBlock,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QWidget

from station.clinical.ranges import format_number
from station.clinical.vitals import from_observations
from station.files import atomic_write
from station.records import Encounter, Patient, VitalsSet
from ui.bidi import isolate, ltr, measure
from ui.consultation.pickers import frequency_text
from ui.consultation.vital_words import vital_labels, vital_units
from ui.i18n import NASKH, is_rtl
from ui.patients.display import age_text, full_name, local_date, local_datetime, relation_text, sex_text
from ui.printing import a4_printer


@dataclass
class SummaryData:
    clinic: str
    patient: Patient
    encounter: Encounter
    vitals: VitalsSet | None
    clinician: str = ""  # the full name of who signed it (or wrote the draft)


def _e(text: str | None) -> str:
    return html.escape(text or "").replace("\n", "<br>")


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


def _words() -> dict[str, str]:
    """The summary's headings in the interface language (literal, so lupdate finds them)."""
    return {
        "title": QCoreApplication.translate("ConsultationSummary", "Consultation summary"),
        "mrn": QCoreApplication.translate("ConsultationSummary", "MRN %1"),
        "date": QCoreApplication.translate("ConsultationSummary", "Date: %1"),
        "complaint": QCoreApplication.translate("ConsultationSummary", "Complaint"),
        "vitals": QCoreApplication.translate("ConsultationSummary", "Vital signs"),
        "assessment": QCoreApplication.translate("ConsultationSummary", "Assessment"),
        "diagnosis": QCoreApplication.translate("ConsultationSummary", "Diagnosis"),
        "medicines": QCoreApplication.translate("ConsultationSummary", "Medicines"),
        "medicine": QCoreApplication.translate("ConsultationSummary", "Medicine"),
        "dose": QCoreApplication.translate("ConsultationSummary", "Dose"),
        "how_often": QCoreApplication.translate("ConsultationSummary", "How often"),
        "days": QCoreApplication.translate("ConsultationSummary", "Days"),
        "notes": QCoreApplication.translate("ConsultationSummary", "Notes"),
        "plan": QCoreApplication.translate("ConsultationSummary", "Plan and advice"),
        "come_back": QCoreApplication.translate("ConsultationSummary", "Come back on"),
        "signed": QCoreApplication.translate("ConsultationSummary", "Signed by %1 on %2"),
        "draft": QCoreApplication.translate("ConsultationSummary", "Draft written by %1, not signed yet"),
        "draft_banner": QCoreApplication.translate("ConsultationSummary", "DRAFT: NOT SIGNED"),
        "draft_detail": QCoreApplication.translate("ConsultationSummary",
                                                   "Not a final record: the consultation may still change."),
        "watermark": QCoreApplication.translate("ConsultationSummary", "DRAFT"),
    }


def summary_html(data: SummaryData) -> str:
    """The summary as HTML (QTextDocument's subset)."""
    p, enc, w = data.patient, data.encounter, _words()
    rtl = is_rtl()
    direction = "rtl" if rtl else "ltr"
    align = "right" if rtl else "left"

    def written(text: str | None) -> str:
        # What the health worker typed keeps its own direction (an English note's full stop stays at
        # its end) while the paragraph runs the page's way.
        return _e(isolate(text)) if text else ""

    parts = [f'<html><body dir="{direction}" style="font-family: \'{NASKH}\', sans-serif; font-size: 10.5pt;">']
    if enc.status != "signed":
        parts.append(f'<table width="100%" cellpadding="6" cellspacing="0" bgcolor="#fde2e1">'
                     f'<tr><td align="center" style="color: #7a1410; font-size: 13pt;"><b>{_e(w["draft_banner"])}</b>'
                     f'<br>{_e(w["draft_detail"])}</td></tr></table>')
    parts += [f'<p style="font-size: 9pt; color: #555;">{_e(isolate(data.clinic))}</p>',
              f"<h2>{_e(w['title'])}</h2>",
              f"<p><b>{_e(full_name(p))}</b><br>"
              f"{_e(w['mrn'].replace('%1', ltr(p.mrn)))} · {_e(sex_text(p.sex))} · {_e(age_text(p))}<br>"
              f"{_e(_capitalized(relation_text(p)))} · {_e(isolate(p.village))}, "
              f"{_e(isolate(p.district))}<br>"
              f"{_e(w['date'].replace('%1', local_datetime(enc.started_at)))}</p>"]

    def section(title: str, body: str) -> None:
        if body:
            parts.append(f"<h3>{_e(title)}</h3>{body}")

    section(w["complaint"], f"<p>{written(enc.complaint)}</p>" if enc.complaint else "")
    if data.vitals is not None:
        values = from_observations(data.vitals.observations)
        labels, units = vital_labels(), vital_units()
        shown = [f"{_e(labels[k])}: {_e(measure(format_number(v), units[k]))}" for k, v in values.items()]
        section(w["vitals"], f"<p>{'<br>'.join(shown)}</p>" if shown else "")
    section(w["assessment"], f"<p>{written(enc.assessment)}</p>" if enc.assessment else "")
    if enc.diagnoses:
        items = "".join(f"<li>{_e(ltr(d['code']))} {_e(isolate(d['title']))}</li>" for d in enc.diagnoses)
        section(w["diagnosis"], f"<ul>{items}</ul>")
    if enc.prescriptions:
        head = "".join(f'<th align="{align}">{_e(w[h])}</th>'
                       for h in ("medicine", "dose", "how_often", "days", "notes"))
        rows = "".join(
            f"<tr><td>{_e(isolate(' '.join(x for x in (rx['name'], rx.get('strength')) if x)))}</td>"
            f"<td>{_e(ltr(rx['dose']))}</td>"
            f"<td>{_e(frequency_text(rx['frequency']))}</td><td>{_e(ltr(str(rx['duration_days'])))}</td>"
            f"<td>{written(rx.get('notes'))}</td></tr>" for rx in enc.prescriptions)
        section(w["medicines"], f'<table border="1" cellspacing="0" cellpadding="4" width="100%">'
                                f"<tr>{head}</tr>{rows}</table>")
    section(w["plan"], f"<p>{written(enc.plan)}</p>" if enc.plan else "")
    if enc.follow_up_date:
        section(w["come_back"], f"<p><b>{_e(local_date(enc.follow_up_date))}</b></p>")
    who = isolate(data.clinician or enc.signed_by or enc.created_by or "")
    if enc.status == "signed":
        footer = w["signed"].replace("%1", who).replace("%2", local_datetime(enc.signed_at))
    else:
        footer = w["draft"].replace("%1", who)
    parts.append(f'<p style="font-size: 10pt;">{_e(footer)}</p></body></html>')
    return "".join(parts)


def summary_document(data: SummaryData) -> QTextDocument:
    doc = QTextDocument()
    doc.setHtml(summary_html(data))
    if is_rtl():
        # Every paragraph, list item and table cell runs right to left (the bullet and the Urdu full
        # stop on the right); the health worker's own words sit inside as isolates.
        block = doc.begin()
        while block.isValid():
            fmt = block.blockFormat()
            fmt.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
            QTextCursor(block).setBlockFormat(fmt)
            block = block.next()
    return doc


def keep_headings_with_text(doc: QTextDocument) -> int:
    """Move a heading left alone at the foot of a page to the next page (laid out already, with
    its page size set). Returns how many were moved."""
    layout = doc.documentLayout()
    height = doc.pageSize().height()
    moved = 0
    for _round in range(20):  # each move can push later headings; a few rounds settle it
        block = doc.begin()
        changed = False
        while block.isValid():
            following = block.next()
            if block.blockFormat().headingLevel() > 0 and following.isValid():
                page = int(layout.blockBoundingRect(block).top() // height)
                next_line = layout.blockBoundingRect(following).top() + _first_line_top(following)
                if int(next_line // height) > page:
                    fmt = block.blockFormat()
                    fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
                    QTextCursor(block).setBlockFormat(fmt)
                    moved += 1
                    changed = True
                    break
            block = following
        if not changed:
            break
    return moved


def _first_line_top(block: QTextBlock) -> float:
    lines = block.layout()
    return lines.lineAt(0).y() if lines is not None and lines.lineCount() else 0.0


def render(data: SummaryData, printer: QPrinter) -> int:
    """Lay the summary out on the printer's pages and draw them; a draft carries a watermark on
    every page. Returns the number of pages."""
    doc = summary_document(data)
    doc.documentLayout().setPaintDevice(printer)
    page = printer.pageRect(QPrinter.Unit.DevicePixel)
    doc.setPageSize(QSizeF(page.width(), page.height()))
    keep_headings_with_text(doc)
    pages = doc.pageCount()
    watermark = _words()["watermark"] if data.encounter.status != "signed" else ""
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("the printer or PDF file could not be opened for writing")
    try:
        for index in range(pages):
            if index:
                printer.newPage()
            painter.save()
            painter.translate(0, -index * page.height())
            doc.drawContents(painter, QRectF(0, index * page.height(), page.width(), page.height()))
            painter.restore()
            if watermark:
                _draw_watermark(painter, page.width(), page.height(), watermark)
    finally:
        painter.end()
    return pages


def _draw_watermark(painter: QPainter, width: float, height: float, text: str) -> None:
    painter.save()
    font = QFont()
    font.setFamilies([NASKH])
    font.setPixelSize(int(min(width, height) / 5))
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(QColor(200, 30, 20, 45))
    painter.translate(width / 2, height / 2)
    painter.rotate(-35)
    painter.drawText(QRectF(-width, -height / 4, 2 * width, height / 2), Qt.AlignmentFlag.AlignCenter, text)
    painter.restore()


def save_pdf(data: SummaryData, path: Path) -> Path:
    """Write the summary as a PDF file readable only by the person saving it (0600 on POSIX)."""
    def produce(target: Path) -> None:
        printer = a4_printer(QPrinter.OutputFormat.PdfFormat, margin_mm=15)
        printer.setOutputFileName(str(target))
        render(data, printer)

    return atomic_write(path, produce)


def print_summary(parent: QWidget | None, data: SummaryData) -> bool:
    """Choose a printer and print. False when the person cancelled."""
    printer = a4_printer(QPrinter.OutputFormat.NativeFormat, margin_mm=15)
    dialog = QPrintDialog(printer, parent)
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    render(data, printer)
    return True
