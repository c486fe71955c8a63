"""Self-check of what Qt must load: the bundled Urdu fonts and the translation catalogs.

Used by `telestation selfcheck` (wired in by ui.main.wire_selfcheck; it makes a private
offscreen QGuiApplication when none is running) and by Help -> Check this station (on the UI
thread: Qt's font database belongs to it).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtGui import QFontDatabase, QGuiApplication, QRawFont

from station.selfcheck import Check
from ui import i18n, i18n_build

if TYPE_CHECKING:
    from station.store import Store

# Letters the default fonts lack (ہ, ے) and other Urdu-only ones: each bundled font must draw them all.
URDU_LETTERS = "ہےںڈٹڑگک"
FONTS = ((i18n.FONT_FILES[0], i18n.NASKH), (i18n.FONT_FILES[1], i18n.NASTALIQ))
LANGUAGE_NAMES = {"ur": "Urdu"}
_private_app: QGuiApplication | None = None  # kept alive for the process (the command line)


def ensure_gui() -> QCoreApplication:
    """The running application, or a private offscreen one (the command line shows no window)."""
    global _private_app
    app = QCoreApplication.instance()
    if app is None:
        _private_app = QGuiApplication([sys.argv[0] if sys.argv else "telestation", "-platform", "offscreen"])
        app = _private_app
    return app


def font_checks(fonts_dir: Path | None = None) -> list[Check]:
    """Each bundled font file loads in Qt's font engine and draws the Urdu letters."""
    folder = fonts_dir or i18n.FONTS_DIR
    problems: list[str] = []
    for file_name, family in FONTS:
        path = folder / file_name
        if not path.is_file():
            problems.append(f"{file_name} is missing from {folder}")
            continue
        raw = QRawFont(str(path), 14.0)
        if not raw.isValid():
            problems.append(f"{file_name} cannot be loaded (damaged file)")
            continue
        missing = [ch for ch in URDU_LETTERS if not raw.supportsCharacter(ord(ch))]
        if missing:
            problems.append(f"{file_name} cannot draw {' '.join(missing)}")
        elif raw.familyName() != family:
            problems.append(f"{file_name} is {raw.familyName()!r}, not {family!r}")
    if problems:
        return [Check("Urdu fonts", "failed", "; ".join(problems) + ". Urdu text would show empty boxes: "
                                               "reinstall the program.")]
    if fonts_dir is None and {i18n.NASKH, i18n.NASTALIQ} - set(QFontDatabase.families()):
        i18n.load_fonts()  # the command line: register them as the app does, and see that it works
        missing_families = {i18n.NASKH, i18n.NASTALIQ} - set(QFontDatabase.families())
        if missing_families:
            return [Check("Urdu fonts", "failed", f"{', '.join(sorted(missing_families))} could not be registered "
                                                   "with Qt: reinstall the program.")]
    return [Check("Urdu fonts", "ok", f"{i18n.NASKH} and {i18n.NASTALIQ} load and draw Urdu letters.")]


def translation_checks(languages: tuple[str, ...] = i18n_build.LANGUAGES) -> list[Check]:
    """Each language's catalog (.qm) is present and Qt loads it."""
    out: list[Check] = []
    for language in languages:
        label = f"{LANGUAGE_NAMES.get(language, language)} translation"
        qm = i18n_build.ensure_built(language)
        if qm is None:
            out.append(Check(label, "failed", f"{i18n_build.qm_path(language).name} is missing: the screens would "
                                              "show English only. Reinstall the program."))
            continue
        translator = QTranslator()
        if not translator.load(str(qm)) or translator.isEmpty():
            out.append(Check(label, "failed", f"{qm.name} cannot be loaded (damaged file): the screens would "
                                              "show English only. Reinstall the program."))
            continue
        out.append(Check(label, "ok", f"{qm.name} loads."))
    return out


def checks(data_dir: Path, store: Store | None) -> list[Check]:
    """station.selfcheck's hook."""
    ensure_gui()
    return [*font_checks(), *translation_checks()]
