"""A one-page summary of a consultation for the patient to take home: print or save as PDF.

Headings are in the interface language; what the health worker wrote is printed as written.
Under Urdu the page runs right to left (Qt's text engine keeps English words and numbers in
their own direction inside it).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QWidget

from station.clinical.ranges import format_number
from station.clinical.vitals import from_observations
from station.private_files import write_private
from station.records import Encounter, Patient, VitalsSet
from ui.consultation.pickers import frequency_text
from ui.consultation.vital_words import vital_labels, vital_units
from ui.i18n import NASKH, is_rtl
from ui.patients.display import (
    age_text,
    full_name,
    isolate,
    local_date,
    local_datetime,
    relation_text,
    sex_text,
)


@dataclass
class SummaryData:
    clinic: str
    patient: Patient
    encounter: Encounter
    vitals: VitalsSet | None


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
        "draft": QCoreApplication.translate("ConsultationSummary", "Draft: not signed yet"),
    }


def summary_html(data: SummaryData) -> str:
    """The summary as HTML (QTextDocument's subset)."""
    p, enc, w = data.patient, data.encounter, _words()
    direction = "rtl" if is_rtl() else "ltr"
    align = "right" if is_rtl() else "left"
    parts = [f'<html><body dir="{direction}" style="font-family: \'{NASKH}\', sans-serif; font-size: 11pt;">',
             f'<p style="font-size: 9pt; color: #555;">{_e(data.clinic)}</p>',
             f"<h2>{_e(w['title'])}</h2>",
             f"<p><b>{_e(full_name(p))}</b><br>"
             f"{_e(w['mrn'].replace('%1', p.mrn))} · {_e(sex_text(p.sex))} · {_e(age_text(p))}<br>"
             f"{_e(_capitalized(relation_text(p)))} · {_e(p.village)}, {_e(p.district)}<br>"
             f"{_e(w['date'].replace('%1', local_datetime(enc.started_at)))}</p>"]

    def section(title: str, text: str) -> None:
        if text:
            parts.append(f"<h3>{_e(title)}</h3><p>{_e(text)}</p>")

    section(w["complaint"], enc.complaint)
    if data.vitals is not None:
        values = from_observations(data.vitals.observations)
        labels, units = vital_labels(), vital_units()
        shown = [f"{_e(labels[k])}: {_e(format_number(v))} {_e(units[k])}" for k, v in values.items()]
        if shown:
            parts.append(f"<h3>{_e(w['vitals'])}</h3><p>{'<br>'.join(shown)}</p>")
    section(w["assessment"], enc.assessment)
    if enc.diagnoses:
        items = "".join(f"<li>{_e(d['code'])} {_e(d['title'])}</li>" for d in enc.diagnoses)
        parts.append(f"<h3>{_e(w['diagnosis'])}</h3><ul>{items}</ul>")
    if enc.prescriptions:
        head = "".join(f'<th align="{align}">{_e(w[h])}</th>'
                       for h in ("medicine", "dose", "how_often", "days", "notes"))
        rows = "".join(
            f"<tr><td>{_e(rx['name'])} {_e(rx.get('strength'))}</td><td>{_e(rx['dose'])}</td>"
            f"<td>{_e(frequency_text(rx['frequency']))}</td><td>{rx['duration_days']}</td>"
            f"<td>{_e(rx.get('notes'))}</td></tr>" for rx in enc.prescriptions)
        parts.append(f"<h3>{_e(w['medicines'])}</h3>"
                     f'<table border="1" cellspacing="0" cellpadding="4" width="100%">'
                     f"<tr>{head}</tr>{rows}</table>")
    section(w["plan"], enc.plan)
    if enc.follow_up_date:
        parts.append(f"<h3>{_e(w['come_back'])}</h3><p><b>{_e(local_date(enc.follow_up_date))}</b></p>")
    if enc.status == "signed":
        footer = w["signed"].replace("%1", isolate(enc.signed_by or "")).replace("%2", local_datetime(enc.signed_at))
    else:
        footer = w["draft"]
    parts.append(f'<p style="font-size: 9pt; color: #555;">{_e(footer)}</p></body></html>')
    return "".join(parts)


def summary_document(data: SummaryData) -> QTextDocument:
    doc = QTextDocument()
    doc.setHtml(summary_html(data))
    return doc


def _printer(fmt: QPrinter.OutputFormat) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(fmt)
    printer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                      QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter))
    return printer


def save_pdf(data: SummaryData, path: Path) -> Path:
    """Write the summary as a PDF file readable only by the person saving it (0600 on POSIX)."""
    def produce(target: Path) -> None:
        printer = _printer(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(target))
        summary_document(data).print_(printer)

    return write_private(path, produce)


def print_summary(parent: QWidget | None, data: SummaryData) -> bool:
    """Choose a printer and print. False when the person cancelled."""
    printer = _printer(QPrinter.OutputFormat.NativeFormat)
    dialog = QPrintDialog(printer, parent)
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    summary_document(data).print_(printer)
    return True
