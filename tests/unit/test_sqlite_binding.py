"""sqlite-utils runs on SQLCipher, so its error handling sees SQLCipher's exceptions."""

from __future__ import annotations

import sys

import pytest
import sqlcipher3

from station.sqlite import sqlite_utils


def test_sqlite_utils_is_bound_to_sqlcipher() -> None:
    assert sys.modules["pysqlite3"] is sqlcipher3
    assert sys.modules["pysqlite3.dbapi2"] is sqlcipher3.dbapi2
    assert sqlite_utils.db.sqlite3 is sqlcipher3.dbapi2 or sqlite_utils.db.sqlite3 is sqlcipher3


def test_sqlite_utils_catches_sqlcipher_errors(tmp_path) -> None:
    conn = sqlcipher3.dbapi2.connect(str(tmp_path / "x.db"))
    conn.execute("PRAGMA key = \"x'" + "11" * 32 + "'\"")
    db = sqlite_utils.Database(conn)
    db["t"].insert({"id": 1, "v": "a"}, pk="id")
    # sqlite-utils turns the driver's OperationalError for a missing table into NotFoundError only
    # when it caught the right module's exception.
    with pytest.raises(sqlite_utils.db.NotFoundError):
        db["t"].get(99)
    assert db.execute("PRAGMA cipher_version").fetchone()[0].startswith("4.")


def test_the_binding_holds_in_a_fresh_interpreter() -> None:
    import subprocess

    code = ("import station.db, sqlite_utils.utils as u, sqlcipher3; "
            "assert u.sqlite3 is sqlcipher3, u.sqlite3; print('ok')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "ok"
