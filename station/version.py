"""The program's version: pyproject.toml's, or the one written into the bundle when it was built.

`telestation --version` prints it; selfcheck reports and the sync User-Agent may quote it.
"""

from __future__ import annotations

import sys
import tomllib
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUNDLE_FILE = "VERSION"  # written by build.spec beside the bundled code
UNKNOWN = "0+unknown"


def read_version() -> str:
    """The bundle's VERSION file when frozen, else pyproject.toml in a checkout, else the installed metadata."""
    frozen = getattr(sys, "_MEIPASS", None)
    candidates = [Path(frozen) / BUNDLE_FILE] if frozen else []
    for path in candidates:
        try:
            text = path.read_text("utf-8").strip()
        except OSError:
            continue
        if text:
            return text
    pyproject = ROOT / "pyproject.toml"
    if not frozen and pyproject.exists():
        try:
            return str(tomllib.loads(pyproject.read_text("utf-8"))["project"]["version"])
        except (OSError, KeyError, tomllib.TOMLDecodeError):
            pass
    try:
        return metadata.version("telestation")
    except metadata.PackageNotFoundError:
        return UNKNOWN


__version__ = read_version()
