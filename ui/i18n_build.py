"""Build the .qm translation catalogs from the .ts sources (lrelease).

`make translations` runs this; the app also calls `ensure_built` at start-up, so a checkout
without built catalogs (they are not committed) still starts in Urdu.

    python -m ui.i18n_build            # compile every ui/translations/*.ts
    python -m ui.i18n_build --update   # first refresh the .ts from the sources (lupdate)
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

log = logging.getLogger("ui.i18n_build")
UI_DIR = Path(__file__).resolve().parent
TRANSLATIONS = UI_DIR / "translations"
BASENAME = "telestation"
LANGUAGES = ("ur",)  # English is the source language


def ts_path(language: str) -> Path:
    return TRANSLATIONS / f"{BASENAME}_{language}.ts"


def qm_path(language: str) -> Path:
    return TRANSLATIONS / f"{BASENAME}_{language}.qm"


def _tool(name: str) -> str | None:
    """pyside6-<name> beside this interpreter (the virtualenv), else on PATH."""
    here = Path(sys.executable).parent / f"pyside6-{name}"
    if here.exists():
        return str(here)
    return shutil.which(f"pyside6-{name}") or shutil.which(name)


def is_stale(language: str) -> bool:
    ts, qm = ts_path(language), qm_path(language)
    return ts.exists() and (not qm.exists() or qm.stat().st_mtime < ts.stat().st_mtime)


def build(language: str) -> Path:
    """Compile one catalog. Written to a temp file and renamed, so a reader never sees half a file."""
    ts, qm = ts_path(language), qm_path(language)
    tool = _tool("lrelease")
    if tool is None:
        raise RuntimeError("lrelease was not found; install pyside6-essentials into the virtualenv")
    fd, tmp = tempfile.mkstemp(suffix=".qm", dir=qm.parent)
    os.close(fd)
    try:
        subprocess.run([tool, "-silent", str(ts), "-qm", tmp], check=True, capture_output=True)
        os.replace(tmp, qm)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return qm


def ensure_built(language: str) -> Path | None:
    """The .qm for `language`, rebuilt first if missing or older than its .ts; None if unavailable."""
    qm = qm_path(language)
    if is_stale(language):
        try:
            build(language)
        except (OSError, RuntimeError, subprocess.CalledProcessError) as exc:
            # A read-only install keeps working with the catalog it shipped with.
            log.warning("could not rebuild %s: %s", qm.name, exc)
    return qm if qm.exists() else None


def source_files() -> list[Path]:
    return sorted(p for p in UI_DIR.rglob("*.py") if "translations" not in p.parts)


def update(language: str) -> None:
    """Refresh the .ts from every string marked with tr()/translate() in ui/ (lupdate)."""
    tool = _tool("lupdate")
    if tool is None:
        raise RuntimeError("lupdate was not found")
    subprocess.run([tool, "-silent", "-no-obsolete", *map(str, source_files()), "-ts", str(ts_path(language))],
                   check=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the station's translation catalogs.")
    parser.add_argument("--update", action="store_true", help="run lupdate on ui/ first")
    args = parser.parse_args(argv)
    for language in LANGUAGES:
        if args.update:
            update(language)
        print(f"built {build(language)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
