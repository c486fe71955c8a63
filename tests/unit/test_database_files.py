"""A database file that cannot be this station's (empty, unencrypted, cut short, another station's)
is reported as what it is, and nothing is ever written into it."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from station.db import DB_FILE
from station.errors import DamagedDatabase, KeyFileDamaged
from station.store import Store
from tests.conftest import ADMIN_PASSWORD, FAST_KDF


@pytest.fixture
def station(data_dir: Path) -> Path:
    Store.create(data_dir, "BHU Jhok", "Thatta", "admin", ADMIN_PASSWORD, kdf=FAST_KDF)[0].close()
    return data_dir


def _plain_sqlite(path: Path) -> None:
    path.unlink()
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (text)")
    conn.execute("INSERT INTO notes VALUES ('someone else''s file')")
    conn.commit()
    conn.close()


FILES = {
    "empty (0 bytes)": (lambda p: p.write_bytes(b""), DamagedDatabase, r"is empty \(0 bytes\)"),
    "an unencrypted SQLite database": (_plain_sqlite, DamagedDatabase, "unencrypted SQLite database"),
    "cut short": (lambda p: p.write_bytes(p.read_bytes()[:5000]), DamagedDatabase, "cut short"),
    "random bytes": (lambda p: p.write_bytes(os.urandom(8 * 4096)), KeyFileDamaged, "does not belong"),
}


@pytest.mark.parametrize("kind", list(FILES), ids=list(FILES))
def test_a_file_that_is_not_this_stations_database_is_reported_and_left_as_it_was(station: Path, kind: str) -> None:
    make, error, words = FILES[kind]
    path = station / DB_FILE
    make(path)
    before = path.read_bytes()
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    with pytest.raises(error, match=words) as raised:
        Store.open(station, "admin", ADMIN_PASSWORD)
    assert "Traceback" not in raised.value.message
    assert path.read_bytes() == before, "the file was written into"
    assert not Path(f"{path}-wal").exists() or Path(f"{path}-wal").stat().st_size == 0
