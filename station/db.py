"""Opening the encrypted station database."""

from __future__ import annotations

from pathlib import Path

from station.errors import DamagedDatabase
from station.sqlite import DatabaseError, dbapi, sqlite_utils

DB_FILE = "station.db"
SQLITE_PLAIN_HEADER = b"SQLite format 3\x00"
PAGE_SIZE = 4096  # SQLCipher 4's default; an encrypted station database is whole pages


def check_file(path: Path) -> None:
    """Refuse, before anything is written into it, a file that cannot be this station's database:
    empty, unencrypted SQLite, or not a whole number of pages."""
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            header = fh.read(len(SQLITE_PLAIN_HEADER))
    except OSError as exc:
        raise DamagedDatabase(f"The station database {path} cannot be read ({exc.strerror}). Check the disk "
                              "and the folder's permissions.") from exc
    advice = "Nothing was written into it. Restore the data folder from the latest backup."
    if size == 0:
        raise DamagedDatabase(f"The station database {path} is empty (0 bytes): it is not this station's "
                              f"database. {advice}")
    if header == SQLITE_PLAIN_HEADER:
        raise DamagedDatabase(f"{path} is an unencrypted SQLite database, not this station's encrypted "
                              f"database. {advice}")
    if size % PAGE_SIZE:
        raise DamagedDatabase(f"The station database {path} is cut short or is not a station database "
                              f"({size} bytes, not whole pages). {advice}")


def connect(path: Path, db_key: bytes, *, check: bool = True) -> dbapi.Connection:
    """Open `path` with a raw 256-bit key and the pragmas clinical data needs.

    The caller has already proven the key against its key slot, so a failure to read here is a
    full or failing disk, a damaged file, or a key file that belongs to another database:
    station.disk tells which.
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
        from station import disk

        raise disk.explain(exc, Path(path), db_key, opening=check) or exc from exc
    return conn


def wrap(conn: dbapi.Connection) -> sqlite_utils.Database:
    return sqlite_utils.Database(conn)


def integrity_errors(conn: dbapi.Connection) -> list[str]:
    """Return the problems `PRAGMA integrity_check` finds (empty when the file is sound)."""
    rows = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
    return [] if rows == ["ok"] else rows
