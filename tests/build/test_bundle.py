"""The installed station works: the one-folder bundle built by build.spec, run as an installer runs it.

The bundle is built with PyInstaller into a temporary folder (or dist/telestation is reused when
it is newer than every source file), then the BUILT program is started headless: the desktop
app shows its first window; on the command line it sets up a station in a temporary folder,
checks it, imports a patient register, enrolls with a local hub and syncs, each exiting 0.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import time
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from hub import tables as t
from tests.support.server import RunningHub, run_hub

ROOT = Path(__file__).resolve().parents[2]
EXE_NAME = "telestation.exe" if sys.platform == "win32" else "telestation"
INTERNAL = "_internal"
PASSWORD = "installer password 1"
# Above today's ~300 MB on Linux: growing past this means something big came in by mistake
# (QtWebEngine alone would add ~280 MB).
SIZE_BUDGET = 400 * 1024 * 1024
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]


def _inputs() -> Iterator[Path]:
    """Every file the bundle is made from."""
    for package in ("station", "sync", "ui"):
        yield from (ROOT / package).rglob("*.py")
    yield from (p for p in (ROOT / "resources").rglob("*") if p.is_file())
    yield from (ROOT / "ui" / "translations").glob("*.ts")
    yield ROOT / "build.spec"
    yield ROOT / "pyproject.toml"


def _fresh(exe: Path) -> bool:
    return exe.is_file() and exe.stat().st_mtime > max(p.stat().st_mtime for p in _inputs())


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built program: dist/telestation when fresh, else a new build in a temporary folder."""
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        pytest.skip("PyInstaller is not installed, so the station bundle cannot be built or tested: "
                    "install it with pip install -e '.[build]' (make test does)")
    reused = ROOT / "dist" / "telestation" / EXE_NAME
    if _fresh(reused):
        return reused
    folder = tmp_path_factory.mktemp("bundle")
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN", "--distpath",
         str(folder / "dist"), "--workpath", str(folder / "work"), str(ROOT / "build.spec")],
        cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, f"PyInstaller failed:\n{result.stdout[-3000:]}\n{result.stderr[-6000:]}"
    print(f"built the bundle in {time.monotonic() - started:.0f} s")
    exe = folder / "dist" / "telestation" / EXE_NAME
    assert exe.is_file(), f"no {EXE_NAME} in {folder / 'dist' / 'telestation'}"
    return exe


def run(exe: Path, *args: str, home: Path, expect: int = 0) -> subprocess.CompletedProcess[str]:
    """The built program with a clean environment: it must need nothing from this checkout."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home), "LANG": "C.UTF-8",
           "QT_QPA_PLATFORM": "offscreen", "TMPDIR": str(home)}
    if sys.platform == "win32":
        env |= {k: os.environ[k] for k in ("SYSTEMROOT", "APPDATA", "LOCALAPPDATA", "USERPROFILE") if k in os.environ}
    result = subprocess.run([str(exe), *args], capture_output=True, text=True, env=env, cwd=home, timeout=180)
    assert result.returncode == expect, (f"telestation {' '.join(args[:1])} exited {result.returncode}\n"
                                         f"{result.stdout}\n{result.stderr}")
    return result


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningHub]:
    folder = tmp_path_factory.mktemp("bundle-hub")
    with run_hub(f"sqlite:///{folder / 'hub.sqlite3'}", cookie_secure=False) as running:
        yield running


def test_the_built_program_says_its_version(bundle: Path, tmp_path: Path) -> None:
    out = run(bundle, "--version", home=tmp_path)
    assert out.stdout.strip() == f"telestation {VERSION}"


def test_the_bundle_carries_its_resources_but_not_the_hub_or_unused_qt(bundle: Path) -> None:
    from PyInstaller.archive.readers import CArchiveReader

    folder = bundle.parent / INTERNAL
    for needed in ("resources/fonts/NotoNaskhArabic-Regular.ttf", "resources/fonts/NotoNastaliqUrdu-Regular.ttf",
                   "resources/essential_medicines.json", "resources/icd10.csv", "resources/vital_ranges.json",
                   "resources/icon/telestation.png", "ui/translations/telestation_ur.qm", "VERSION"):
        assert (folder / needed).is_file(), f"{needed} is missing from the bundle"
    modules = set(CArchiveReader(str(bundle)).open_embedded_archive("PYZ.pyz").toc)
    for wanted in ("ui.app", "ui.home", "ui.admin.backup", "ui.selfcheck_dialog", "station.selfcheck",
                   "sync.selfcheck", "sync.engine"):
        assert wanted in modules, f"{wanted} is not in the bundle (found by name at run time: list it in build.spec)"
    unwanted = sorted(m for m in modules if m.split(".")[0] in ("hub", "fastapi", "uvicorn", "sqlalchemy", "tests",
                                                                  "pytest", "playwright", "PyInstaller"))
    assert not unwanted, f"the station bundle carries server or test code: {unwanted[:10]}"
    files = [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]  # links point inside
    qt_extras = sorted(p.name for p in files if any(part in p.name for part in (
        "Qt6WebEngine", "Qt6Qml", "Qt6Quick", "Qt63D", "Qt6Pdf", "QtWebEngine", "QtQml", "QtQuick")))
    assert not qt_extras, f"unused Qt modules in the bundle: {qt_extras[:10]}"
    size = sum(p.stat().st_size for p in files) + bundle.stat().st_size
    print(f"bundle: {size / 1e6:.0f} MB in {len(files) + 1} files")
    assert size < SIZE_BUDGET, f"the bundle is {size / 1e6:.0f} MB"


@pytest.mark.parametrize("set_up", [False, True], ids=["first run: the setup wizard", "sign-in window"])
def test_the_desktop_app_starts_headless_and_shows_its_window(bundle: Path, tmp_path: Path, set_up: bool) -> None:
    data = tmp_path / "station"
    if set_up:
        (tmp_path / "pw").write_text(PASSWORD + "\n")
        run(bundle, "init", "--data-dir", str(data), "--clinic", "BHU Jhok", "--admin", "admin",
            "--password-file", str(tmp_path / "pw"), "--recovery-key-file", str(tmp_path / "recovery.txt"),
            home=tmp_path)
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen",
           "QT_LOGGING_RULES": "qt.widgets.painting.debug=true"}
    started = time.monotonic()
    app = subprocess.Popen([str(bundle), "--data-dir", str(data)], stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, text=True, env=env, cwd=tmp_path)
    painted, seen = None, []
    try:
        assert app.stderr is not None
        for line in app.stderr:
            seen.append(line)
            if "Flushing" in line:  # Qt drew the first frame of a top-level window
                painted = line
                break
            if time.monotonic() - started > 60:
                break
    finally:
        app.terminate()
        app.wait(timeout=20)
    assert painted is not None, "no window was shown:\n" + "".join(seen[-30:])
    window = "SetupWizard" if not set_up else "MainWindow"
    assert window in painted, painted
    print(f"first window after {time.monotonic() - started:.2f} s")


def test_an_installer_sets_up_checks_imports_and_syncs_with_the_built_program(
        bundle: Path, hub: RunningHub, tmp_path: Path) -> None:
    data = tmp_path / "station"
    pw = tmp_path / "admin.pw"
    pw.write_text(PASSWORD + "\n")
    me = ["--data-dir", str(data), "--as", "admin", "--password-file", str(pw)]

    out = run(bundle, "init", "--data-dir", str(data), "--clinic", "BHU Jhok", "--district", "Thatta",
              "--admin", "admin", "--password-file", str(pw), "--recovery-key-file", str(tmp_path / "recovery.txt"),
              home=tmp_path)
    assert "recovery key is in" in out.stdout and (tmp_path / "recovery.txt").read_text().count("-") == 4

    check = run(bundle, "selfcheck", *me, home=tmp_path)
    for name in ("Database key", "Database integrity", "Reference lists", "Urdu fonts", "Urdu translation"):
        assert any(line.startswith("OK ") and f" {name}: " in line for line in check.stdout.splitlines()), check.stdout

    register = tmp_path / "register.csv"
    with register.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["mrn", "name", "name_ur", "father_name", "father_name_ur", "sex", "date_of_birth", "age",
                         "cnic", "phone", "village", "district"])
        writer.writerow(["", "Zainab Bibi", "زینب بی بی", "Allah Ditta", "", "female", "", "24", "41304-2345678-2",
                         "0300-2345678", "Jhok Sharif", "Thatta"])
        writer.writerow(["", "Muhammad Aslam", "محمد اسلم", "Ghulam Rasool", "", "male", "1971-03-02", "",
                         "", "", "Gharo", "Thatta"])
        writer.writerow(["", "Rukhsana", "", "Karim Bux", "", "female", "", "3", "", "", "Mirpur Sakro", "Thatta"])
    out = run(bundle, "import-patients", *me, "--csv", str(register), home=tmp_path)
    assert "Imported 3 patient(s)" in out.stdout
    found = run(bundle, "search", *me, "زینب", home=tmp_path)
    assert "Zainab Bibi" in found.stdout

    new = hub.new_station("BHU Jhok", "Thatta")
    out = run(bundle, "enroll", *me, "--hub", hub.base_url, "--code", new.code, home=tmp_path)
    assert new.station_id in out.stdout
    out = run(bundle, "sync", *me, "--once", home=tmp_path)
    assert "accepted" in out.stdout
    with hub.engine.connect() as conn:
        patients = conn.execute(select(func.count()).select_from(t.records).where(
            t.records.c.station_id == new.station_id, t.records.c.entity == "patient")).scalar_one()
    assert patients == 3, "the imported register reached the hub"

    check = run(bundle, "selfcheck", *me, home=tmp_path)
    assert any(line.startswith("OK ") and " Hub: " in line for line in check.stdout.splitlines()), check.stdout
