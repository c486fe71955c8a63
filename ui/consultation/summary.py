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
from station.records import Encounter, Patient, VitalsSet
from ui.consultation.pickers import frequency_text
from ui.consultation.vitals_panel import vital_labels, vital_units
from ui.i18n import NASKH, is_rtl
from ui.patients.display import age_text, father_text, full_name, local_date, local_datetime, sex_text


def _t(text: str) -> str:
    return QCoreApplication.translate("ConsultationSummary", text)


@dataclass
class SummaryData:
    clinic: str
    patient: Patient
    encounter: Encounter
    vitals: VitalsSet | None


def _e(text: str | None) -> str:
    return html.escape(text or "").replace("\n", "<br>")


def summary_html(data: SummaryData) -> str:
    """The summary as HTML (QTextDocument's subset)."""
    p, enc = data.patient, data.encounter
    direction = "rtl" if is_rtl() else "ltr"
    align = "right" if is_rtl() else "left"
    parts = [f'<html><body dir="{direction}" style="font-family: \'{NASKH}\', sans-serif; font-size: 11pt;">',
             f'<p style="font-size: 9pt; color: #555;">{_e(data.clinic)}</p>',
             f"<h2>{_e(_t('Consultation summary'))}</h2>",
             f"<p><b>{_e(full_name(p))}</b><br>"
             f"{_e(_t('MRN %1').replace('%1', p.mrn))} · {_e(sex_text(p.sex))} · {_e(age_text(p))}<br>"
             f"{_e(_t('Child of %1').replace('%1', father_text(p)))} · {_e(p.village)}, {_e(p.district)}<br>"
             f"{_e(_t('Date: %1').replace('%1', local_datetime(enc.started_at)))}</p>"]

    def section(title: str, text: str) -> None:
        if text:
            parts.append(f"<h3>{_e(title)}</h3><p>{_e(text)}</p>")

    section(_t("Complaint"), enc.complaint)
    if data.vitals is not None:
        values = from_observations(data.vitals.observations)
        labels, units = vital_labels(), vital_units()
        shown = [f"{_e(labels[k])}: {_e(format_number(v))} {_e(units[k])}" for k, v in values.items()]
        if shown:
            parts.append(f"<h3>{_e(_t('Vital signs'))}</h3><p>{'<br>'.join(shown)}</p>")
    section(_t("Assessment"), enc.assessment)
    if enc.diagnoses:
        items = "".join(f"<li>{_e(d['code'])} {_e(d['title'])}</li>" for d in enc.diagnoses)
        parts.append(f"<h3>{_e(_t('Diagnosis'))}</h3><ul>{items}</ul>")
    if enc.prescriptions:
        head = "".join(f'<th align="{align}">{_e(h)}</th>' for h in (
            _t("Medicine"), _t("Dose"), _t("How often"), _t("Days"), _t("Notes")))
        rows = "".join(
            f"<tr><td>{_e(rx['name'])} {_e(rx.get('strength'))}</td><td>{_e(rx['dose'])}</td>"
            f"<td>{_e(frequency_text(rx['frequency']))}</td><td>{rx['duration_days']}</td>"
            f"<td>{_e(rx.get('notes'))}</td></tr>" for rx in enc.prescriptions)
        parts.append(f"<h3>{_e(_t('Medicines'))}</h3>"
                     f'<table border="1" cellspacing="0" cellpadding="4" width="100%">'
                     f"<tr>{head}</tr>{rows}</table>")
    section(_t("Plan and advice"), enc.plan)
    if enc.follow_up_date:
        parts.append(f"<h3>{_e(_t('Come back on'))}</h3><p><b>{_e(local_date(enc.follow_up_date))}</b></p>")
    if enc.status == "signed":
        footer = _t("Signed by %1 on %2").replace("%1", enc.signed_by or "").replace(
            "%2", local_datetime(enc.signed_at))
    else:
        footer = _t("Draft: not signed yet")
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
    """Write the summary as a PDF file."""
    printer = _printer(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    summary_document(data).print_(printer)
    return path


def print_summary(parent: QWidget | None, data: SummaryData) -> bool:
    """Choose a printer and print. False when the person cancelled."""
    printer = _printer(QPrinter.OutputFormat.NativeFormat)
    dialog = QPrintDialog(printer, parent)
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    summary_document(data).print_(printer)
    return True
