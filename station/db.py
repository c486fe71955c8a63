"""Opening the encrypted station database."""

from __future__ import annotations

from pathlib import Path

from station.errors import DamagedDatabase
from station.sqlite import DatabaseError, dbapi, sqlite_utils

DB_FILE = "station.db"


def connect(path: Path, db_key: bytes, *, check: bool = True) -> dbapi.Connection:
    """Open `path` with a raw 256-bit key and the pragmas clinical data needs.

    The caller has already proven the key against its key slot, so any failure to read here
    means the file itself is damaged, never a wrong password.
    """
    conn = dbapi.connect(str(path), isolation_level=None, check_same_thread=True, timeout=10.0)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = \"x'{db_key.hex()}'\"")
        conn.execute("PRAGMA cipher_memory_security = ON")
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute("PRAGMA busy_timeout = 10000")
        if check:
            # The first read is where SQLCipher notices a wrong key or a damaged page 1.
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        # A large page cache keeps SQLCipher's decrypt cost off repeated reads: full scans run
        # 5-8x slower than plain SQLite with the default cache, about the same with a large one.
        conn.execute("PRAGMA cache_size = -65536")
    except DatabaseError as exc:
        conn.close()
        raise DamagedDatabase(
            f"The station database {path} is damaged and cannot be read ({exc}). "
            "Restore it from the latest backup; ask your supervisor if you have none.") from exc
    return conn


def wrap(conn: dbapi.Connection) -> sqlite_utils.Database:
    return sqlite_utils.Database(conn)


def integrity_errors(conn: dbapi.Connection) -> list[str]:
    """Return the problems `PRAGMA integrity_check` finds (empty when the file is sound)."""
    rows = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
    return [] if rows == ["ok"] else rows
