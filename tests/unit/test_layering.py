"""The layers of the README's design section, checked by following imports transitively.

ui -> sync -> station, hub -> sync.wire; sync.wire imports nothing else of the project. Only ui/
imports Qt; station/ imports no network code. Imports inside functions count, and so does loading a
module by name (importlib, __import__): outer layers are wired in from outside, never loaded by name.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROJECT = ("station", "sync", "hub", "ui")
QT = {"PySide6", "shiboken6"}
NETWORK = {"requests", "urllib3", "aiortc", "aioice", "av", "websockets", "httpx", "aiohttp", "sounddevice"}
DYNAMIC = {"import_module", "__import__", "find_spec", "spec_from_file_location", "run_module", "run_path",
           "iter_modules", "walk_packages", "exec", "eval"}


def _where(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _all_modules() -> dict[str, Path]:
    return {_module_name(p): p for package in PROJECT for p in sorted((ROOT / package).rglob("*.py"))}


MODULES = _all_modules()


def _resolve(current: str, is_package: bool, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    base = current.split(".") if is_package else current.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def _project_target(name: str) -> str | None:
    """The project module an import names (a package's __init__ when it names a package)."""
    while name:
        if name in MODULES:
            return name
        name = name.rpartition(".")[0]
    return None


def parse_imports(path: Path, name: str) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """(every imported name with its line, every call that loads a module by name)."""
    tree = ast.parse(path.read_text("utf-8"), filename=str(path))
    is_package = path.name == "__init__.py"
    found: list[tuple[int, str]] = []
    dynamic: list[tuple[int, str]] = []
    # `from importlib import import_module as load` makes `load(...)` a loading by name too.
    loaders = DYNAMIC | {alias.asname for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                         for alias in node.names if alias.name in DYNAMIC and alias.asname}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            module = _resolve(name, is_package, node)
            found.append((node.lineno, module))
            # `from sync import selfcheck` imports the module sync.selfcheck
            found += [(node.lineno, f"{module}.{alias.name}") for alias in node.names
                      if f"{module}.{alias.name}" in MODULES]
        elif isinstance(node, ast.Call):
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            if called in loaders:
                arg = node.args[0] if node.args else None
                shown = arg.value if isinstance(arg, ast.Constant) else ast.unparse(arg) if arg else ""
                dynamic.append((node.lineno, f"{called}({shown!r})"))
    return found, dynamic


@cache
def direct(name: str) -> tuple[tuple[int, str], ...]:
    found, _ = parse_imports(MODULES[name], name)
    return tuple(found)


@cache
def closure(name: str) -> dict[str, str]:
    """Every module `name` loads, project or third-party, with the chain of imports that gets there."""
    seen: dict[str, str] = {}
    todo = [(name, name)]
    while todo:
        current, chain = todo.pop()
        for line, imported in direct(current):
            target = _project_target(imported)
            key = target or imported.split(".")[0]
            if key in seen:
                continue
            via = f"{chain} -> {imported} ({_where(MODULES[current])}:{line})"
            seen[key] = via
            if target is not None:
                todo.append((target, f"{chain} -> {target}"))
    return seen


def _allowed(module: str) -> tuple[str, ...]:
    if module.startswith("sync.wire"):
        return ("sync.wire",)
    if module.startswith("hub"):
        return ("hub", "sync.wire")
    if module.startswith("station"):
        return ("station", "sync.wire")
    if module.startswith("sync"):
        return ("sync", "station")
    return PROJECT


def _inside(module: str, prefixes: tuple[str, ...]) -> bool:
    # `sync` alone (the package's empty __init__) is what importing sync.wire runs first.
    return any(module == p or module.startswith(p + ".") for p in prefixes) or module == "sync"


def crossings(module: str) -> list[str]:
    allowed = _allowed(module)
    bad = []
    for key, via in closure(module).items():
        if (key in MODULES and not _inside(key, allowed)) or (key in QT and not module.startswith("ui")) or (key in NETWORK and module.startswith(("station", "sync.wire"))):
            bad.append(via)
    return bad


LAYERS = ["sync.wire", "hub", "station", "sync"]


def layer_modules(package: str) -> list[str]:
    """The modules of one layer (sync's without sync.wire, which is a layer of its own)."""
    return [name for name in MODULES if _inside(name, (package,)) and name != "sync"
            and (package != "sync" or not name.startswith("sync.wire"))]


@pytest.mark.parametrize("package", LAYERS)
def test_no_layer_reaches_outward_through_any_chain_of_imports(package: str) -> None:
    bad = sorted({line for name in layer_modules(package) for line in crossings(name)})
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("package", LAYERS)
def test_every_module_of_a_layer_is_checked(package: str) -> None:
    on_disk = {name for name in MODULES if name.split(".")[0] == package.split(".")[0] and name != "sync"}
    if package == "sync":
        on_disk = {name for name in on_disk if not name.startswith("sync.wire")}
    elif package == "sync.wire":
        on_disk = {name for name in on_disk if name.startswith("sync.wire")}
    assert on_disk and set(layer_modules(package)) == on_disk


@pytest.mark.parametrize("package", ["station", "sync", "hub"])
def test_core_layers_never_load_modules_by_name(package: str) -> None:
    bad = [f"{_where(MODULES[name])}:{line} {call}"
           for name in MODULES if name.split(".")[0] == package
           for line, call in parse_imports(MODULES[name], name)[1]]
    assert not bad, "\n".join(bad)


def test_the_sync_package_itself_imports_nothing() -> None:
    assert direct("sync") == ()


def test_the_checker_follows_chains_and_sees_loading_by_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = {"station.a": tmp_path / "a.py", "station.b": tmp_path / "b.py", "ui.c": tmp_path / "c.py",
            "station.d": tmp_path / "d.py"}
    fake["station.a"].write_text("def f():\n    from station import b\n")
    fake["station.b"].write_text("from .. import ui\nfrom ui.c import thing\n")
    fake["ui.c"].write_text("from PySide6.QtWidgets import QWidget\n")
    fake["station.d"].write_text("import importlib\nimportlib.import_module('ui.c')\n__import__('ui')\n"
                                 "from importlib import import_module as load\nload('sync.selfcheck')\n"
                                 "import runpy\nrunpy.run_module('ui.main')\nexec('import ui')\n")
    monkeypatch.setattr(__import__("tests.unit.test_layering", fromlist=["x"]), "MODULES", {**MODULES, **fake})
    closure.cache_clear()
    direct.cache_clear()
    try:
        bad = crossings("station.a")
        assert any("ui.c" in line for line in bad), bad
        # sync may use the rest of sync and station, never ui.
        fake["sync.e"] = tmp_path / "e.py"
        fake["sync.e"].write_text("from sync import status\nfrom station import store\nimport ui.c\n")
        monkeypatch.setattr(__import__("tests.unit.test_layering", fromlist=["x"]), "MODULES", {**MODULES, **fake})
        direct.cache_clear()
        closure.cache_clear()
        assert [line.split(" (")[0] for line in crossings("sync.e")] == ["sync.e -> ui.c", "sync.e -> ui.c -> PySide6.QtWidgets"]
        assert any("PySide6" in line for line in bad), bad
        _, dynamic = parse_imports(fake["station.d"], "station.d")
        assert [call for _, call in dynamic] == ["import_module('ui.c')", "__import__('ui')", "load('sync.selfcheck')",
                                                 "run_module('ui.main')", "exec('import ui')"]
    finally:
        closure.cache_clear()
        direct.cache_clear()


def test_every_import_of_the_project_names_a_module_that_exists() -> None:
    # An import inside a function only fails when that function runs: catch a moved module here.
    bad = [f"{_where(MODULES[name])}:{line} imports {imported}"
           for name in MODULES for line, imported in direct(name)
           if imported.split(".")[0] in PROJECT and imported not in MODULES]
    assert not bad, "\n".join(bad)
