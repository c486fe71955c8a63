"""The domain, sync and hub packages never import Qt or the desktop UI (DESIGN.md: Layout)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = {"PySide6", "ui", "shiboken6"}


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text("utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
    return found


def _files(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("package", ["station", "sync", "hub"])
def test_core_packages_never_import_qt_or_ui(package: str) -> None:
    bad = [f"{path.relative_to(ROOT)}:{line} imports {name}"
           for path in _files(package) for line, name in _imports(path)
           if name.split(".")[0] in FORBIDDEN]
    assert not bad, "\n".join(bad)


def test_hub_never_imports_the_station() -> None:
    bad = [f"{path.relative_to(ROOT)}:{line} imports {name}"
           for path in _files("hub") for line, name in _imports(path)
           if name.split(".")[0] == "station" or (name.startswith("sync") and not name.startswith("sync.wire"))]
    assert not bad, "\n".join(bad)


def test_the_checker_sees_a_forbidden_import(tmp_path: Path) -> None:
    sample = tmp_path / "x.py"
    sample.write_text("import os\nfrom PySide6.QtWidgets import QWidget\nfrom ui import app\n")
    assert [n for _, n in _imports(sample)] == ["os", "PySide6.QtWidgets", "ui"]
