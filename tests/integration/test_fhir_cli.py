"""`telestation export` and `telestation import-fhir`, run as a clinic's supervisor would run them."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from station.records import Patient
from station.store import Store
from sync.wire import fhir
from tests.unit.fhir_checks import Clinic, resources, validate_r4

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "admin password 1"
# The `telestation` command as the outer layer composes it (sync.cli), or this feature's own
# composition of the station's command line while sync.cli does not include it yet.
_SYNC_CLI = ROOT / "sync" / "cli.py"
COMMAND = "sync.cli" if _SYNC_CLI.is_file() and "fhir_cli" in _SYNC_CLI.read_text("utf-8") else "sync.fhir_cli"


def telestation(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", COMMAND, *args], capture_output=True, text=True, env=env,
                          timeout=120)


@pytest.fixture(scope="module")
def station(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One station for the module (setting one up costs a real Argon2 key derivation)."""
    tmp = tmp_path_factory.mktemp("fhir-cli")
    pw = tmp / "admin.pw"
    pw.write_text(PASSWORD + "\n")
    out = telestation("init", "--data-dir", str(tmp / "data"), "--clinic", "BHU Jhok", "--district", "Thatta",
                      "--admin", "amina", "--password-file", str(pw), "--recovery-key-file", str(tmp / "recovery.txt"))
    assert out.returncode == 0, out.stderr
    return {"dir": tmp / "data", "pw": pw, "tmp": tmp}


def _as(station: dict[str, Path]) -> list[str]:
    return ["--data-dir", str(station["dir"]), "--as", "amina", "--password-file", str(station["pw"])]


def _register_file(station: dict[str, Path], name: str, *people: dict[str, Any]) -> Path:
    clinic = Clinic("old-system")
    path = station["tmp"] / name
    path.write_text(json.dumps(fhir.bundle({"patient": [clinic.patient(**p) for p in people]}), ensure_ascii=False))
    return path


def _patients(station: dict[str, Path]) -> list[Patient]:
    with Store.open(station["dir"], "amina", PASSWORD) as store:
        return store.find(Patient, order_by="mrn")


def _audit(station: dict[str, Path]) -> list[str]:
    with Store.open(station["dir"], "amina", PASSWORD) as store:
        return [row[0] for row in store.conn.execute("SELECT action FROM audit ORDER BY seq")]


def test_a_register_is_imported_then_a_patient_exported_as_valid_fhir(station: dict[str, Path]) -> None:
    register = _register_file(station, "register.json",
                              {"mrn": "OLD-1"},
                              {"mrn": "OLD-2", "name": "Muhammad Aslam", "name_ur": None, "father_name": "Allah Ditta",
                               "father_name_ur": None, "sex": "male", "cnic": None, "phone": None})
    out = telestation("import-fhir", *_as(station), "--bundle", str(register))
    assert out.returncode == 0, out.stderr
    assert "Imported 2 patient(s); 0 not imported." in out.stdout

    target = station["tmp"] / "exports" / "aslam.json"
    target.parent.mkdir()
    out = telestation("export", *_as(station), "--patient", "OLD-2", "--format", "fhir", "--out", str(target))
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("Exported Muhammad Aslam (MRN OLD-2) to ")
    bundle = json.loads(target.read_text("utf-8"))
    validate_r4(bundle)
    [patient] = resources(bundle, "Patient")
    assert patient["name"][0]["text"] == "Muhammad Aslam"
    assert [p.name for p in _patients(station)][:2] == ["Zainab Bibi", "Muhammad Aslam"]
    assert "patient.export" in _audit(station)
    assert [p.name for p in target.parent.iterdir()] == ["aslam.json"]


def test_a_register_with_a_duplicate_imports_nothing_and_says_why(station: dict[str, Path]) -> None:
    before = len(_patients(station))
    register = _register_file(station, "again.json",
                              {"mrn": "NEW-1", "name": "Sakina", "father_name": "Qadir Bux", "cnic": None,
                               "phone": None},
                              {"mrn": "NEW-2"})  # Zainab again: same CNIC as OLD-1
    out = telestation("import-fhir", *_as(station), "--bundle", str(register))
    assert out.returncode == 2
    assert re.search(r"entry \d \(Zainab Bibi\): may already be registered as MRN OLD-1 \(same CNIC", out.stdout)
    assert out.stderr.strip().startswith("telestation: 1 patient(s) in again.json cannot be imported")
    assert len(_patients(station)) == before

    out = telestation("import-fhir", *_as(station), "--bundle", str(register), "--skip-invalid")
    assert out.returncode == 0, out.stderr
    assert "Imported 1 patient(s); 1 not imported." in out.stdout
    assert len(_patients(station)) == before + 1


@pytest.mark.parametrize(("args", "code", "says"), [
    (["--patient", "NOPE-404"], 7, "No patient with MRN NOPE-404."),
    (["--patient", "OLD-1", "--format", "csv"], 2, "invalid choice: 'csv'"),
])
def test_export_mistakes_are_one_clear_line(station: dict[str, Path], args: list[str], code: int,
                                            says: str) -> None:
    out = telestation("export", *_as(station), *args, "--out", str(station["tmp"] / "x.json"))
    assert out.returncode == code
    assert says in out.stderr and "Traceback" not in out.stderr
    assert not (station["tmp"] / "x.json").exists()


def test_export_needs_to_be_told_where_to_write(station: dict[str, Path]) -> None:
    out = telestation("export", *_as(station), "--patient", "OLD-1")
    assert out.returncode == 2 and "--out" in out.stderr


def test_a_file_that_is_not_fhir_is_refused(station: dict[str, Path]) -> None:
    bad = station["tmp"] / "bad.json"
    bad.write_text("name,father\nZainab,Ghulam\n")
    out = telestation("import-fhir", *_as(station), "--bundle", str(bad))
    assert out.returncode == 2
    assert out.stderr.startswith("telestation: bad.json is not valid JSON")
