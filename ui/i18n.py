"""Languages, bundled fonts and layout direction.

English is the source language; Urdu comes from ui/translations/telestation_ur.ts (built to
.qm by ui/i18n_build.py). Urdu turns the whole layout right-to-left. Noto Naskh Arabic is
the text font for inputs and tables (Nastaliq overhangs its box and clips in line edits);
Noto Nastaliq Urdu is used for headings, with room above and below. The bundled Nastaliq is a
copy with its anchors fixed for Qt's shaping and its own family name (resources/fonts/fix_anchors.py):
the original dropped the dots of ب in "بی".
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QWidget

log = logging.getLogger("ui.i18n")

ROOT = Path(__file__).resolve().parent.parent
FONTS_DIR = ROOT / "resources" / "fonts"
TRANSLATIONS_DIR = Path(__file__).resolve().parent / "translations"
LANGUAGES = {"en": "English", "ur": "اردو"}
NASKH = "Noto Naskh Arabic"
NASTALIQ = "Noto Nastaliq Urdu Station"  # the bundled copy, fixed: resources/fonts/fix_anchors.py
FONT_FILES = ("NotoNaskhArabic-Regular.ttf", "NotoNastaliqUrdu-Regular.ttf")

_translators: list[QTranslator] = []
_current = "en"
_fonts_loaded = False
_base_font: QFont | None = None  # the platform's font, as it was before any language was installed


def load_fonts() -> list[str]:
    """Register the bundled Regular fonts (fontconfig would otherwise pick Bold Nastaliq)."""
    global _fonts_loaded
    families: list[str] = []
    for name in FONT_FILES:
        path = FONTS_DIR / name
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            log.warning("could not load font %s", path)
            continue
        families += QFontDatabase.applicationFontFamilies(font_id)
    _fonts_loaded = True
    return families



def current_language() -> str:
    return _current


def is_rtl() -> bool:
    return _current == "ur"


def install(app: QApplication, language: str) -> None:
    """Switch the running application to `language` ("en" or "ur"): translator, font, direction."""
    global _current, _base_font
    if language not in LANGUAGES:
        language = "en"
    if not _fonts_loaded:
        load_fonts()
    for tr in _translators:
        QCoreApplication.removeTranslator(tr)
    _translators.clear()
    if language != "en":
        from ui import i18n_build

        qm = i18n_build.ensure_built(language)
        for path in (qm, _qt_catalog(language)):
            if path is None:
                continue
            tr = QTranslator(app)
            if tr.load(str(path)):
                QCoreApplication.installTranslator(tr)
                _translators.append(tr)
            else:
                log.warning("could not load translations %s", path)
    _current = language
    QLocale.setDefault(QLocale(QLocale.Language.Urdu, QLocale.Country.Pakistan) if language == "ur"
                       else QLocale(QLocale.Language.English, QLocale.Country.Pakistan))
    app.setLayoutDirection(Qt.LayoutDirection.RightToLeft if language == "ur"
                           else Qt.LayoutDirection.LeftToRight)
    if _base_font is None:
        _base_font = QFont(app.font())
    # From the platform's font every time: switching languages back and forth must not grow the
    # text or leave English screens in the Urdu font.
    app.setFont(text_font(_base_font.pointSizeF()))


def _qt_catalog(language: str) -> Path | None:
    """Qt's own strings (standard buttons, file dialogs) when Qt ships them for the language."""
    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    path = folder / f"qtbase_{language}.qm"
    return path if path.exists() else None


def text_font(point_size: float = 10.0) -> QFont:
    """Body text: the platform font for Latin, Naskh for Urdu script (also inside English screens,
    where patients' Urdu names appear)."""
    font = QFont()
    latin = _base_font.family() if _base_font is not None else font.family()
    families = [NASKH] if _current == "ur" else [latin, NASKH]
    font.setFamilies(families)
    if point_size > 0:
        font.setPointSizeF(point_size + (1.5 if _current == "ur" else 0))
    return font


def heading_font(level: int = 1) -> QFont:
    font = QFont()
    size = {1: 17.0, 2: 13.5, 3: 11.5}.get(level, 11.5)
    if _current == "ur":
        font.setFamilies([NASTALIQ, NASKH])
    else:
        font.setFamilies([_base_font.family() if _base_font is not None else QFont().family(), NASKH])
        font.setBold(True)
    font.setPointSizeF(size)
    return font


def make_heading(text: str, level: int = 1, parent: QWidget | None = None, wrap: bool = True) -> QLabel:
    """A heading label: Nastaliq in Urdu, with vertical room so its overhang is not clipped.

    wrap=False for a name: a wrapping label's size hint is a guess at a pleasing shape, and a
    short name beside other widgets can be given too little width and broken over two lines.
    """
    label = QLabel(text, parent)
    label.setProperty("heading", level)
    label.setFont(heading_font(level))
    label.setWordWrap(wrap)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if _current == "ur":
        # Nastaliq's tall ascenders/descenders reach outside the line box.
        pad = {1: 10, 2: 8}.get(level, 6)
        label.setContentsMargins(0, pad, 0, pad)
    return label


def leading() -> Qt.AlignmentFlag:
    """The side a line starts on, fixed: Latin text (a clinic's name) then still sits right in Urdu."""
    if _current == "ur":
        return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter
    return Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


def direction() -> Qt.LayoutDirection:
    return Qt.LayoutDirection.RightToLeft if _current == "ur" else Qt.LayoutDirection.LeftToRight


def file_dialog_options() -> QFileDialog.Option:
    """Qt's own file dialog in Urdu (its words are in our catalog; the system's dialog would be in
    the system's language, English on most clinic PCs)."""
    if _current == "ur":
        return QFileDialog.Option.DontUseNativeDialog
    return QFileDialog.Option(0)
