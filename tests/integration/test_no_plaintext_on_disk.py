"""Patient names never reach the disk in the clear: not in the database, its WAL or shared-memory
files, the key file, nor the logs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from station import consultations, patients
from station.store import Store
from tests.conftest import ADMIN_PASSWORD

CANARIES = [f"Qanary{chr(65 + i // 26)}{chr(97 + i % 26)}zeb" for i in range(100)]
URDU_CANARY = "قنارییزیب"


def _needles() -> list[bytes]:
    out = []
    for name in [*CANARIES, URDU_CANARY]:
        for form in {name, name.lower(), name.upper()}:
            out += [form.encode("utf-8"), form.encode("utf-16-le")]
    return out


def _leaks(folder: Path) -> list[str]:
    found = []
    for path in folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            found += [f"{path.name}: {n[:20]!r}" for n in _needles() if n in data]
    return found


def test_canary_names_appear_in_no_file(store: Store, data_dir: Path, tmp_path: Path) -> None:
    for i, name in enumerate(CANARIES):
        p = patients.register(store, {"name": name, "father_name": f"{name} Senior", "sex": "female",
                                      "estimated_age_years": 20 + i % 50, "village": "Canary Goth",
                                      "district": "Thatta", "name_ur": URDU_CANARY if i == 0 else None},
                              confirmed_new=True)
        consultations.start(store, p.id, complaint=f"{name} has fever")
        patients.open_chart(store, p.id)
    assert len(patients.find(store, CANARIES[7])) >= 1
    wal = data_dir / "station.db-wal"
    assert wal.exists() and wal.stat().st_size > 0, "the test must look at a live WAL file"
    assert _leaks(data_dir) == []

    # The command line writes logs; search and a failed import must not put names in them.
    pw = tmp_path / "pw"
    pw.write_text(ADMIN_PASSWORD)
    bad_csv = tmp_path / "bad.csv"
    bad_csv.write_text(f"name,father_name,sex,village\n{CANARIES[3]},X,unknown-sex,V\n")
    for args in (["search", CANARIES[5]], ["import-patients", "--csv", str(bad_csv)]):
        subprocess.run([sys.executable, "-m", "station.cli", *args[:1], "--data-dir", str(data_dir), "--as", "admin",
                        "--password-file", str(pw), *args[1:]], capture_output=True, check=False)
    assert (data_dir / "logs" / "telestation.log").exists()
    store.close()
    assert _leaks(data_dir) == []


def test_the_leak_detector_finds_a_plaintext_name(tmp_path: Path) -> None:
    (tmp_path / "x.log").write_text(f"opened chart of {CANARIES[42]}")
    assert _leaks(tmp_path)
