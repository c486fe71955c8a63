"""A full disk is told as a full disk: with the folder and the space to free, never as damage,
and nothing saved before it is lost. The disks are small tmpfs mounts (root only)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from station import backup, patients
from station.db import integrity_errors
from station.errors import DiskFull, LockedOut, WrongPassword
from station.keyslots import KeySlots
from station.store import Store
from tests.conftest import ADMIN_PASSWORD, FAST_KDF
from tests.support.small_disk import fill, small_disk

ROOT = Path(__file__).resolve().parents[2]
FULL = re.compile(r"The disk is full: free space on (\S+) \((\d+) MB needed\); nothing was lost\.")


def telestation(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "station.cli", *args], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120, stdin=subprocess.DEVNULL)


@pytest.fixture
def disk(tmp_path: Path):
    with small_disk(tmp_path / "disk", 24) as where:
        yield where


@pytest.fixture
def station(disk: Path) -> Path:
    folder = disk / "station"
    Store.create(folder, "BHU Jhok", "Thatta", "admin", ADMIN_PASSWORD, kdf=FAST_KDF)[0].close()
    (disk / "pw").write_text(ADMIN_PASSWORD + "\n")
    return folder


def _register(store: Store, i: int) -> str:
    return patients.register(store, {"name": f"Patient {i}", "father_name": "Aslam", "sex": "female",
                                      "estimated_age_years": 30, "village": "Jhok", "district": "Thatta"},
                             confirmed_new=True).id


def test_saving_on_a_full_disk_is_a_full_disk_and_nothing_saved_is_lost(station: Path, disk: Path) -> None:
    store = Store.open(station, "admin", ADMIN_PASSWORD)
    saved = [_register(store, i) for i in range(5)]
    filler = fill(disk)
    with pytest.raises(DiskFull) as raised:
        for i in range(5, 5000):  # the write-ahead log may still have room for a few
            saved.append(_register(store, i))
    match = FULL.search(raised.value.message)
    assert match and match.group(1) == str(station), raised.value.message
    assert int(match.group(2)) >= 1
    assert raised.value.exit_code == 9
    filler.unlink()
    saved.append(_register(store, 9999))  # space freed: the same open station saves again
    store.close()
    with Store.open(station, "admin", ADMIN_PASSWORD) as store:
        assert integrity_errors(store.conn) == []
        ids = {r[0] for r in store.conn.execute("SELECT id FROM patients")}
        assert set(saved) <= ids


def test_every_command_on_a_full_disk_says_so_in_one_line_with_its_own_exit_code(station: Path, disk: Path) -> None:
    me = ["--data-dir", str(station), "--as", "admin", "--password-file", str(disk / "pw")]
    with Store.open(station, "admin", ADMIN_PASSWORD) as store:
        for i in range(3):
            _register(store, i)
    fill(disk)
    for command in (["search", *me, "Patient"], ["demo-data", *me, "--patients", "50", "--encounters", "50"],
                    ["user", "add", *me, "--username", "nasreen", "--role", "clinician",
                     "--new-password-file", str(disk / "pw")]):
        out = telestation(*command)
        assert out.returncode == 9, (command[0], out.stderr)
        assert out.stderr.count("\n") == 1 and FULL.search(out.stderr), out.stderr
        assert "damaged" not in out.stderr.lower() and "Traceback" not in out.stderr
    check = telestation("selfcheck", *me)
    assert check.returncode == 1
    assert "The disk is full: free space on" in check.stdout
    assert "damaged" not in check.stdout.lower(), check.stdout
    (disk / "filler.bin").unlink()
    found = telestation("search", *me, "Patient")
    assert found.returncode == 0 and found.stdout.count("Patient") == 3, found.stdout + found.stderr
    with Store.open(station, "admin", ADMIN_PASSWORD) as store:
        assert store.conn.execute("SELECT count(*) FROM users WHERE username = 'nasreen'").fetchone()[0] == 0


def test_a_wrong_password_on_a_full_disk_is_one_line_and_still_counted(station: Path, disk: Path) -> None:
    (disk / "wrong").write_text("not the password\n")
    fill(disk)
    out = telestation("search", "--data-dir", str(station), "--as", "admin", "--password-file", str(disk / "wrong"), "x")
    assert out.returncode == 4
    assert out.stderr == "telestation: Wrong username or password. Check both and try again.\n"
    # In one process (the app) the count lives on while the disk cannot take it.
    for _ in range(3):
        with pytest.raises(WrongPassword):
            Store.open(station, "admin", "not the password")
    with pytest.raises(LockedOut):
        Store.open(station, "admin", "not the password")
    assert KeySlots.load(station).data["failures"]["admin"]["count"] >= 3


def test_a_backup_to_a_full_usb_stick_names_the_stick(station: Path, tmp_path: Path) -> None:
    with Store.open(station, "admin", ADMIN_PASSWORD) as store:
        for i in range(20):
            _register(store, i)
    for leave in (0, 200_000):  # full, and nearly full (the copy starts, then does not fit)
        with small_disk(tmp_path / f"usb{leave}", 2) as usb:
            fill(usb, leave)
            out = telestation("backup", "--data-dir", str(station), "--as", "admin", "--password-file",
                              str(station.parent / "pw"), "--out", str(usb))
            assert out.returncode == 9, out.stderr
            match = FULL.search(out.stderr)
            assert match and match.group(1) == str(usb), out.stderr
            assert "damaged" not in out.stderr.lower()
            assert [p.name for p in usb.iterdir()] == ["filler.bin"]  # no half file left behind


def test_a_backup_that_fills_the_stick_while_writing_names_the_stick(station: Path, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The space check up front can be beaten by another program writing meanwhile."""
    with Store.open(station, "admin", ADMIN_PASSWORD) as store:
        for i in range(200):
            _register(store, i)
        with small_disk(tmp_path / "usb", 1) as usb:
            monkeypatch.setattr(backup.disk, "free_bytes", lambda folder: 10**9)  # the check sees room
            with pytest.raises(DiskFull) as raised:
                backup.create_backup(store, usb / "b.tsbackup")
            assert str(usb) in raised.value.message
            assert list(usb.iterdir()) == []
