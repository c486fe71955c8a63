"""The `telestation` command line, run as an installer or a supervisor would run it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from station.store import Store

ROOT = Path(__file__).resolve().parents[2]


def telestation(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "station.cli", *args], capture_output=True, text=True,
                          input=stdin, env=env, timeout=120)


@pytest.fixture
def station(tmp_path: Path) -> dict[str, str]:
    pw = tmp_path / "admin.pw"
    pw.write_text("admin password 1\n")
    folder = tmp_path / "data"
    out = telestation("init", "--data-dir", str(folder), "--clinic", "BHU Jhok", "--district", "Thatta",
                      "--admin", "amina", "--password-file", str(pw), "--recovery-key-file", str(tmp_path / "rk.txt"))
    assert out.returncode == 0, out.stderr
    key = re.search(r"\b([A-Z2-9]{5}(?:-[A-Z2-9]{5}){4})\b", (tmp_path / "rk.txt").read_text())
    assert key and key.group(1) not in out.stdout, out.stdout
    return {"dir": str(folder), "pw": str(pw), "recovery": key.group(1), "tmp": str(tmp_path)}


def _as(station: dict[str, str], user: str = "amina", pw: str | None = None) -> list[str]:
    return ["--data-dir", station["dir"], "--as", user, "--password-file", pw or station["pw"]]


def test_init_prints_the_recovery_key_once_and_refuses_a_second_init(station: dict[str, str]) -> None:
    again = telestation("init", "--data-dir", station["dir"], "--clinic", "X", "--admin", "b",
                        "--password-file", station["pw"])
    assert again.returncode != 0
    assert again.stderr.count("\n") == 1 and "already exists" in again.stderr


def test_a_wrong_password_is_one_clear_line_and_a_nonzero_exit(station: dict[str, str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.pw"
    bad.write_text("not it\n")
    out = telestation("audit", "verify", *_as(station, pw=str(bad)))
    assert out.returncode == 4
    assert out.stderr.strip() == "telestation: Wrong username or password. Check both and try again."
    assert "Traceback" not in out.stderr


def test_passwords_are_never_taken_from_the_command_line() -> None:
    out = telestation("init", "--data-dir", "/tmp/x", "--clinic", "X", "--admin", "a", "--password", "secret")
    assert out.returncode == 2 and "unrecognized arguments" in out.stderr


def test_a_health_worker_is_added_with_a_pin_and_can_search(station: dict[str, str], tmp_path: Path) -> None:
    pin = tmp_path / "pin"
    pin.write_text("583920\n")
    out = telestation("user", "add", *_as(station), "--username", "nasreen", "--role", "health_worker",
                      "--pin", "--new-password-file", str(pin))
    assert out.returncode == 0, out.stderr
    out = telestation("search", *_as(station, "nasreen", str(pin)), "anyone")
    assert out.returncode == 0 and "No patient found" in out.stdout


def test_an_import_with_a_bad_row_names_the_line_and_saves_nothing(station: dict[str, str], tmp_path: Path) -> None:
    csv = tmp_path / "register.csv"
    csv.write_text("name,father_name,sex,age,cnic,phone,village\n"
                   "Muhammad Aslam,Ghulam Rasool,m,54,41304-1234567-1,03001234567,Jhok\n"
                   "Fatima Bibi,Muhammad Aslam,f,48,,,Jhok\n"
                   "Zainab,Qasim,female,7,12345,,Jhok\n", encoding="utf-8")
    out = telestation("import-patients", *_as(station), "--csv", str(csv))
    assert out.returncode == 2
    assert "line 4: CNIC" in out.stdout and "nothing was imported" in out.stderr
    with Store.open(Path(station["dir"]), "amina", "admin password 1") as store:
        assert store.conn.execute("SELECT count(*) FROM patients").fetchone()[0] == 0
    out = telestation("import-patients", *_as(station), "--csv", str(csv), "--skip-invalid")
    assert out.returncode == 0 and "Imported 2 patient(s); 1 row(s) skipped" in out.stdout


def test_demo_data_then_audit_verify_then_tampering_is_named(station: dict[str, str]) -> None:
    out = telestation("demo-data", *_as(station), "--patients", "30", "--encounters", "40", "--seed", "3")
    assert out.returncode == 0, out.stderr
    assert "Added 30 patients, 40 consultations" in out.stdout
    out = telestation("audit", "verify", *_as(station))
    assert out.returncode == 0 and "Audit log intact" in out.stdout
    with Store.open(Path(station["dir"]), "amina", "admin password 1") as store:
        store.conn.execute("UPDATE audit SET username = 'mallory' WHERE seq = 5")
    out = telestation("audit", "verify", *_as(station))
    assert out.returncode != 0 and "Audit entry 5" in out.stderr


def test_passwd_and_recover(station: dict[str, str], tmp_path: Path) -> None:
    new = tmp_path / "new.pw"
    new.write_text("second password 2\n")
    assert telestation("passwd", *_as(station), "--new-password-file", str(new)).returncode == 0
    assert telestation("audit", "verify", *_as(station, pw=str(new))).returncode == 0
    key = tmp_path / "recovery.txt"
    key.write_text(station["recovery"] + "\n")
    third = tmp_path / "third.pw"
    third.write_text("third password 3\n")
    out = telestation("recover", "--data-dir", station["dir"], "--recovery-key-file", str(key),
                      "--new-password-file", str(third))
    assert out.returncode == 0, out.stderr
    assert telestation("audit", "verify", *_as(station, pw=str(third))).returncode == 0
    assert telestation("audit", "verify", *_as(station, pw=str(new))).returncode == 4


def test_a_backup_from_the_command_line_restores_here_and_on_a_new_computer(
        station: dict[str, str], tmp_path: Path) -> None:
    assert telestation("demo-data", *_as(station), "--patients", "12", "--encounters", "10", "--seed", "5").returncode == 0
    usb = tmp_path / "usb"
    usb.mkdir()
    out = telestation("backup", *_as(station), "--out", str(usb))
    assert out.returncode == 0, out.stderr
    [made] = list(usb.iterdir())
    assert made.name.startswith("bhu-jhok-") and made.suffix == ".tsbackup" and str(made) in out.stdout
    csv = tmp_path / "later.csv"
    csv.write_text("name,father_name,sex,age,village\nLater Patient,Someone Else,f,30,Jhok\n", encoding="utf-8")
    assert telestation("import-patients", *_as(station), "--csv", str(csv)).returncode == 0

    # A new computer: an empty folder, restored straight from the stick.
    new_pc = {**station, "dir": str(tmp_path / "new-pc")}
    out = telestation("restore", *_as(new_pc), "--backup", str(made), "--yes")
    assert out.returncode == 0, out.stderr
    assert "Restored the backup of 'BHU Jhok'" in out.stdout
    assert telestation("audit", "verify", *_as(new_pc)).returncode == 0
    assert "No patient found" in telestation("search", *_as(new_pc), "Later Patient").stdout
    # Here: what came after the backup goes; the database it replaced is kept beside it.
    assert telestation("restore", *_as(station), "--backup", str(made), "--yes").returncode == 0
    assert "No patient found" in telestation("search", *_as(station), "Later Patient").stdout
    assert any(p.name.startswith("station.db.before-restore-") for p in Path(station["dir"]).iterdir())


def test_backup_and_restore_refuse_clearly_and_change_nothing(station: dict[str, str], tmp_path: Path) -> None:
    pin = tmp_path / "pin"
    pin.write_text("583920\n")
    assert telestation("user", "add", *_as(station), "--username", "nasreen", "--role", "health_worker",
                       "--pin", "--new-password-file", str(pin)).returncode == 0
    target = tmp_path / "station.tsbackup"
    refused = telestation("backup", *_as(station, "nasreen", str(pin)), "--out", str(target))
    assert refused.returncode == 6 and "Only an admin can do this" in refused.stderr and not target.exists()
    assert telestation("backup", *_as(station), "--out", str(target)).returncode == 0
    before = sorted(p.name for p in Path(station["dir"]).iterdir())

    bad = tmp_path / "bad.pw"
    bad.write_text("not it\n")
    wrong = telestation("restore", *_as(station, pw=str(bad)), "--backup", str(target), "--yes")
    assert wrong.returncode == 4 and "Wrong username or password" in wrong.stderr
    worker = telestation("restore", *_as(station, "nasreen", str(pin)), "--backup", str(target), "--yes")
    assert worker.returncode == 6 and "Only an administrator" in worker.stderr
    unconfirmed = telestation("restore", *_as(station), "--backup", str(target))
    assert unconfirmed.returncode == 2 and "--yes" in unconfirmed.stderr
    with Store.open(Path(station["dir"]), "amina", "admin password 1"):  # the app has the station open
        in_use = telestation("restore", *_as(station), "--backup", str(target), "--yes")
    assert in_use.returncode == 2 and "open in the app" in in_use.stderr
    missing = telestation("restore", *_as(station), "--backup", str(tmp_path / "typo.tsbackup"), "--yes")
    assert missing.returncode == 2 and "There is no backup file at" in missing.stderr
    not_a_backup = tmp_path / "notes.tsbackup"
    not_a_backup.write_text("shopping list\n")
    out = telestation("restore", *_as(station), "--backup", str(not_a_backup), "--yes")
    assert out.returncode == 2 and "is not a station backup" in out.stderr
    for result in (refused, wrong, worker, unconfirmed, in_use, missing, out):
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert sorted(p.name for p in Path(station["dir"]).iterdir() if not p.name.startswith("station.db-")) == [
        n for n in before if not n.startswith("station.db-")]


def test_every_command_is_documented_in_the_readme() -> None:
    from station.cli import build_parser

    readme = (ROOT / "README.md").read_text("utf-8")
    commands = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    missing = [name for name in commands if f"telestation {name}" not in readme]
    assert not missing, f"README does not mention: {missing}"


def test_search_says_wife_of_or_son_of_and_a_small_childs_months(station: dict[str, str]) -> None:
    from datetime import date, timedelta

    from station import patients

    born = (date.today() - timedelta(days=3 * 365 + 70)).isoformat()
    with Store.open(Path(station["dir"]), "amina", "admin password 1") as store:
        patients.register(store, {"name": "Nasreen Bibi", "father_name": "Allah Ditta", "relation": "husband",
                                  "sex": "female", "estimated_age_years": 30, "village": "Gharo",
                                  "district": "Thatta"}, confirmed_new=True)
        patients.register(store, {"name": "Bilal Nasreen", "father_name": "Allah Ditta", "relation": "father",
                                  "sex": "male", "date_of_birth": born, "village": "Gharo", "district": "Thatta"},
                          confirmed_new=True)
    out = telestation("search", *_as(station), "nasreen")
    assert out.returncode == 0, out.stderr
    assert "wife of Allah Ditta" in out.stdout and "s/o-w/o" not in out.stdout
    assert "son of Allah Ditta" in out.stdout and "3 years 2 months" in out.stdout


def test_every_exit_code_is_in_the_readmes_table() -> None:
    from station import cli, errors, selfcheck
    from sync import cli as sync_cli

    readme = (ROOT / "README.md").read_text("utf-8")
    table = readme[readme.index("#### Exit codes and what the messages mean"):]
    codes = {cls.exit_code for cls in vars(errors).values()
             if isinstance(cls, type) and issubclass(cls, errors.StationError)}
    codes |= {cli.EXIT_STOPPED, cli.EXIT_UNEXPECTED, selfcheck.EXIT_FAILED, sync_cli.EXIT_UNREACHABLE}
    missing = sorted(code for code in codes if f"\n| {code} |" not in table)
    assert not missing, f"exit codes missing from the README's table: {missing}"
