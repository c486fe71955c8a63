"""`telestation selfcheck` tells an installer, in plain words, whether this station can work; exit 1 when not."""

from __future__ import annotations

import sqlite3
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from station import selfcheck
from station.db import DB_FILE
from station.selfcheck import Check, Report
from station.store import Store
from sync import selfcheck as sync_check
from sync.call.devices import Device, Devices
from tests.conftest import ADMIN_PASSWORD
from tests.support import sync_station
from tests.support.server import RunningHub, run_hub
from ui import i18n, i18n_build, selfcheck_qt
from ui.main import main as telestation

STATUSES = st.sampled_from(["ok", "warning", "failed", "skipped"])


@pytest.fixture(autouse=True)
def qapp_first() -> None:
    """The test process's QApplication (the command line would make a bare offscreen one; later
    widget tests in this process need the full one)."""
    from ui.app import create_qapp

    create_qapp()


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = telestation(["selfcheck", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def line(out: str, name: str) -> str:
    """The report line of the check called `name`."""
    found = [text for text in out.splitlines() if f" {name}: " in text]
    assert found, f"no line for {name!r} in:\n{out}"
    return found[0]


@pytest.fixture
def station(store: Store, tmp_path: Path) -> tuple[Path, Path]:
    """(data folder, password file) of a set-up station, closed."""
    folder = store.data_dir
    store.close()
    pw = tmp_path / "admin.pw"
    pw.write_text(ADMIN_PASSWORD + "\n")
    return folder, pw


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningHub]:
    folder = tmp_path_factory.mktemp("selfcheck-hub")
    with run_hub(f"sqlite:///{folder / 'hub.sqlite3'}", cookie_secure=False) as running:
        yield running


# -- the report ------------------------------------------------------------------------------
@given(st.lists(STATUSES, max_size=12))
def test_the_report_fails_exactly_when_a_check_failed_and_counts_the_problems(statuses: list[str]) -> None:
    report = Report([Check(f"Check {i}", s, "words") for i, s in enumerate(statuses)])  # type: ignore[arg-type]
    failed = statuses.count("failed")
    assert report.ok == (failed == 0)
    assert len(report.lines()) == len(statuses) + 2
    if failed:
        assert report.summary().startswith(f"{failed} problem{'s' if failed > 1 else ''} found")
    else:
        assert report.summary().startswith("Everything needed works.")
    for check, text in zip(report.checks, report.lines()[1:-1], strict=True):
        assert text.startswith(selfcheck.LABELS[check.status]) and text.endswith(f"{check.name}: words")


# -- the command line ------------------------------------------------------------------------
def test_a_healthy_station_passes_every_check_and_exits_0(station: tuple[Path, Path], capsys) -> None:
    folder, pw = station
    code, out, _err = run_cli(capsys, "--data-dir", str(folder), "--as", "admin", "--password-file", str(pw))
    assert code == 0, out
    for name in ("Data folder", "Key file", "Database key", "Database integrity", "Reference lists",
                 "Urdu fonts", "Urdu translation"):
        assert line(out, name).startswith("OK "), line(out, name)
    assert line(out, "Hub").startswith("NOT CHECKED") and "not connected to a hub yet" in line(out, "Hub")
    assert out.splitlines()[-1].startswith("Everything needed works.")


def test_without_a_password_the_database_is_only_seen_to_be_encrypted(station: tuple[Path, Path], capsys) -> None:
    folder, _pw = station
    code, out, _err = run_cli(capsys, "--data-dir", str(folder))
    assert code == 0, out
    assert line(out, "Database").startswith("OK ") and "encrypted" in line(out, "Database")
    assert line(out, "Database key and integrity").startswith("NOT CHECKED")
    assert "--as USER" in line(out, "Hub")


def test_a_wrong_password_is_refused_with_its_own_exit_code(station: tuple[Path, Path], tmp_path: Path,
                                                            capsys) -> None:
    folder, _pw = station
    wrong = tmp_path / "wrong.pw"
    wrong.write_text("not the password\n")
    code, out, err = run_cli(capsys, "--data-dir", str(folder), "--as", "admin", "--password-file", str(wrong))
    assert code == 4 and "Wrong username or password" in err and out == ""


def test_a_folder_without_a_station_is_a_problem(tmp_path: Path, capsys) -> None:
    code, out, _err = run_cli(capsys, "--data-dir", str(tmp_path / "nothing here"))
    assert code == selfcheck.EXIT_FAILED
    assert line(out, "Data folder").startswith("PROBLEM") and "does not exist" in line(out, "Data folder")
    assert line(out, "Key file").startswith("PROBLEM") and "telestation init" in line(out, "Key file")


def _damage_page(folder: Path, page: int) -> None:
    path = folder / DB_FILE
    data = bytearray(path.read_bytes())
    page_size = 4096
    assert len(data) >= page * page_size, "the database has that page"
    start = (page - 1) * page_size + 200
    data[start:start + 64] = bytes(b ^ 0x5A for b in data[start:start + 64])
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("page", [1, 2, 7, 20, -1])
def test_a_damaged_database_is_named_as_a_problem(station: tuple[Path, Path], capsys, page: int) -> None:
    folder, pw = station
    pages = (folder / DB_FILE).stat().st_size // 4096
    _damage_page(folder, pages if page == -1 else page)
    code, out, _err = run_cli(capsys, "--data-dir", str(folder), "--as", "admin", "--password-file", str(pw))
    assert code == selfcheck.EXIT_FAILED, out
    damaged = [text for text in out.splitlines() if text.startswith("PROBLEM") and "Database" in text]
    assert damaged and "backup" in damaged[0], out
    assert line(out, "Urdu fonts").startswith("OK "), "the other checks still ran"


def test_an_unencrypted_database_file_is_a_problem(station: tuple[Path, Path], capsys) -> None:
    folder, _pw = station
    (folder / DB_FILE).unlink()
    with sqlite3.connect(folder / DB_FILE) as conn:
        conn.execute("CREATE TABLE patients (name TEXT)")
    code, out, _err = run_cli(capsys, "--data-dir", str(folder))
    assert code == selfcheck.EXIT_FAILED
    assert line(out, "Database").startswith("PROBLEM") and "not encrypted" in line(out, "Database")


# -- checks added by the outer layers --------------------------------------------------------
def test_a_layer_that_is_not_installed_is_reported_and_a_broken_check_does_not_hide_the_others(
        station: tuple[Path, Path], monkeypatch) -> None:
    folder, _pw = station
    def video_addon(_folder: Path, _store: object) -> list[Check]:
        import telestation_video_addon  # noqa: F401 - not installed: the check says so

        return []

    monkeypatch.setattr(sync_check, "device_checks", lambda: 1 / 0)
    checks = selfcheck.probe_checks(folder, None, {"Video add-on": video_addon,
                                                   "Camera, microphone and hub": sync_check.checks})
    assert [(c.name, c.status) for c in checks] == [("Video add-on", "skipped"),
                                                     ("Camera, microphone and hub", "warning")]
    assert "not installed" in checks[0].words and "ZeroDivisionError" in checks[1].words


@pytest.mark.parametrize(("cameras", "microphones", "statuses"), [
    ([Device("/dev/video0", "Integrated Webcam")], [Device("plughw:0,0", "HDA Intel PCH")], ("ok", "ok")),
    ([], [Device("plughw:1,0", "USB Headset")], ("warning", "ok")),
    ([], [], ("warning", "warning")),
    ([Device(f"/dev/video{i}", f"Camera {i}") for i in range(5)], [], ("ok", "warning")),
])
def test_cameras_and_microphones_are_counted_and_a_missing_one_is_a_note(
        monkeypatch, cameras: list[Device], microphones: list[Device], statuses: tuple[str, str]) -> None:
    from sync.call import devices

    monkeypatch.setattr(devices, "list_devices", lambda: Devices(cameras, microphones))
    camera, microphone = sync_check.device_checks()
    assert (camera.status, microphone.status) == statuses
    if cameras:
        assert camera.words.startswith(f"{len(cameras)} found") and cameras[0].name in camera.words
    else:
        assert "audio-only" in camera.words


def test_when_devices_cannot_be_listed_the_camera_check_says_so_and_never_crashes(monkeypatch) -> None:
    from sync.call import devices

    def broken() -> Devices:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(devices, "list_devices", broken)
    [check] = sync_check.device_checks()
    assert check.status == "warning" and check.words.startswith("Camera check unavailable")
    monkeypatch.setitem(sys.modules, "sync.call.devices", None)  # built without video consults
    monkeypatch.setitem(sys.modules, "sync.call.media", None)
    [check] = sync_check.device_checks()
    assert check.status == "skipped" and check.words.startswith("Camera check unavailable")


def _font_dir(tmp_path: Path, naskh: bytes | None) -> Path:
    folder = tmp_path / "fonts"
    folder.mkdir()
    nastaliq = i18n.FONTS_DIR / i18n.FONT_FILES[1]
    (folder / i18n.FONT_FILES[1]).write_bytes(nastaliq.read_bytes())
    if naskh is not None:
        (folder / i18n.FONT_FILES[0]).write_bytes(naskh)
    return folder


def _latin_font() -> bytes:
    from PySide6.QtGui import QFontDatabase

    selfcheck_qt.ensure_gui()
    path = next((p for p in (Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),) if p.exists()), None)
    if path is None:
        family = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont).family()
        pytest.skip(f"no Latin-only TrueType file found to stand in for a wrong font ({family})")
    return path.read_bytes()


@pytest.mark.parametrize(("naskh", "words"), [
    (None, "is missing"), (b"\0" * 5000, "cannot be loaded"), ("latin", "cannot draw"),
])
def test_a_missing_damaged_or_wrong_urdu_font_is_a_problem(tmp_path: Path, naskh: object, words: str) -> None:
    selfcheck_qt.ensure_gui()
    content = _latin_font() if naskh == "latin" else naskh
    [check] = selfcheck_qt.font_checks(_font_dir(tmp_path, content))  # type: ignore[arg-type]
    assert check.status == "failed" and words in check.words and "reinstall" in check.words


def test_the_bundled_fonts_pass(tmp_path: Path) -> None:
    selfcheck_qt.ensure_gui()
    naskh = (i18n.FONTS_DIR / i18n.FONT_FILES[0]).read_bytes()
    [check] = selfcheck_qt.font_checks(_font_dir(tmp_path, naskh))
    assert check.status == "ok", check.words


@pytest.mark.parametrize(("qm", "words"), [(None, "is missing"), (b"not a catalog", "cannot be loaded")])
def test_a_missing_or_damaged_translation_is_a_problem(tmp_path: Path, monkeypatch, qm: bytes | None,
                                                       words: str) -> None:
    selfcheck_qt.ensure_gui()
    monkeypatch.setattr(i18n_build, "TRANSLATIONS", tmp_path)  # as installed: no .ts to rebuild from
    if qm is not None:
        i18n_build.qm_path("ur").write_bytes(qm)
    [check] = selfcheck_qt.translation_checks()
    assert check.status == "failed" and words in check.words and "English only" in check.words


# -- the hub and the clock -------------------------------------------------------------------
@pytest.fixture
def enrolled(hub: RunningHub, tmp_path: Path) -> Iterator[tuple[Store, str]]:
    new = hub.new_station("BHU Jhok", "Thatta")
    store = sync_station.create_station(tmp_path / "enrolled", hub.base_url, new.code)
    yield store, new.station_id
    store.close()


@pytest.mark.parametrize(("skew", "status", "words"), [
    (0, "ok", "Within"), (45, "ok", "Within"), (-600, "warning", "10 minutes behind"),
    (3 * 3600, "warning", "3 hours ahead of"), (-400 * 86400, "warning", "1 year behind"),
])
def test_an_enrolled_station_reaches_its_hub_and_learns_how_far_off_its_clock_is(
        enrolled: tuple[Store, str], skew: float, status: str, words: str) -> None:
    store, _id = enrolled
    target = sync_check.hub_target(store)
    assert target is not None
    hub_line, clock = sync_check.hub_checks(target, wall=lambda: time.time() + skew)
    assert hub_line.status == "ok" and "accepts this station" in hub_line.words
    assert clock.status == status and words in clock.words, clock.words


def test_a_revoked_station_is_told_the_hub_refuses_it(hub: RunningHub, enrolled: tuple[Store, str]) -> None:
    from hub import stations

    store, hub_id = enrolled
    with hub.engine.begin() as conn:
        stations.revoke_station(conn, hub_id)
    [hub_line, clock] = sync_check.hub_checks(sync_check.hub_target(store))
    assert hub_line.status == "failed" and "refuses this station" in hub_line.words
    assert "switched off at the hub" in hub_line.words
    assert clock.status == "ok"


def test_a_hub_that_does_not_answer_is_a_problem(enrolled: tuple[Store, str], capsys, tmp_path: Path) -> None:
    store, _id = enrolled
    from sync.client import Timeouts

    target = sync_check.hub_target(store)
    assert target is not None
    gone = sync_check.HubTarget("http://127.0.0.1:9", target.station_id, target.private_key)
    [check] = sync_check.hub_checks(gone, Timeouts(connect=2.0, read=2.0))
    assert check.status == "failed" and check.words.startswith("http://127.0.0.1:9 did not answer")

    pw = tmp_path / "admin.pw"
    pw.write_text(ADMIN_PASSWORD + "\n")
    store.close()
    code, out, _err = run_cli(capsys, "--data-dir", str(store.data_dir), "--as", "admin", "--password-file", str(pw))
    assert code == 0, out
    assert line(out, "Hub").startswith("OK ") and line(out, "Clock").startswith("OK ")


def test_a_station_not_enrolled_says_it_works_offline(store: Store) -> None:
    [check] = sync_check.hub_checks(sync_check.hub_target(store))
    assert check.status == "skipped" and "works offline" in check.words
