"""Printing and "Save as PDF" of short documents (QtPrintSupport), in the interface's direction.

Both take plain text; lines keep their order, and the page follows the layout direction, so
an Urdu title prints right-to-left while a recovery key or an MRN stays left-to-right.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QMarginsF, QStandardPaths, Qt
from PySide6.QtGui import QPageLayout, QPageSize, QTextDocument, QTextOption
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QFileDialog, QWidget

from station.files import atomic_write
from ui.i18n import NASKH, file_dialog_options, is_rtl


def document(title: str, body: str, body_ltr: bool = True, notes: str = "") -> QTextDocument:
    """A printable document: a heading, a body (`body_ltr` keeps codes left-to-right) and
    `notes` below it in the interface's direction (one paragraph per line)."""
    doc = QTextDocument()
    option = QTextOption()
    option.setTextDirection(Qt.LayoutDirection.RightToLeft if is_rtl() else Qt.LayoutDirection.LeftToRight)
    doc.setDefaultTextOption(option)
    direction = "rtl" if is_rtl() else "ltr"
    body_dir = "ltr" if body_ltr else direction
    body_html = "<br>".join(html.escape(line) for line in body.splitlines())
    doc.setHtml(
        f'<html><body dir="{direction}" style="font-family: \'{NASKH}\', sans-serif;">'
        f'<h2 dir="{direction}">{html.escape(title)}</h2>'
        f'<p dir="{body_dir}" style="font-family: monospace; font-size: 20pt;">{body_html}</p>'
        + "".join(f'<p dir="{direction}" style="font-size: 11pt;">{html.escape(line)}</p>'
                  for line in notes.splitlines() if line.strip())
        + "</body></html>")
    return doc


def a4_printer(mode: QPrinter.OutputFormat = QPrinter.OutputFormat.NativeFormat,
               margin_mm: float = 18) -> QPrinter:
    """The station's one page setup: A4 portrait at high resolution (paper or a PDF file)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(mode)
    printer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                      QMarginsF(margin_mm, margin_mm, margin_mm, margin_mm),
                                      QPageLayout.Unit.Millimeter))
    return printer


def print_text(parent: QWidget | None, title: str, body: str, notes: str = "") -> bool:
    """Ask which printer, then print. False when the person cancelled."""
    printer = a4_printer()
    dialog = QPrintDialog(printer, parent)
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    document(title, body, notes=notes).print_(printer)
    return True


def write_pdf(path: Path, title: str, body: str, notes: str = "") -> Path:
    """Write the document as a PDF readable only by the person saving it (0600 on POSIX)."""
    def produce(target: Path) -> None:
        printer = a4_printer(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(target))
        document(title, body, notes=notes).print_(printer)

    return atomic_write(path, produce)


def save_text_as_pdf(parent: QWidget | None, title: str, body: str, suggested: str,
                     notes: str = "") -> Path | None:
    """Ask where, then write a PDF. None when the person cancelled."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    name, _ = QFileDialog.getSaveFileName(parent, parent.tr("Save as PDF") if parent else "Save as PDF",
                                          str(Path(folder) / suggested), "PDF (*.pdf)", options=file_dialog_options())
    if not name:
        return None
    path = Path(name) if name.lower().endswith(".pdf") else Path(name + ".pdf")
    return write_pdf(path, title, body, notes)
