"""Adding an account and its key slot together, although they live in two files.

`user add` writes the whole new key file to PENDING_FILE first (fsynced), then commits the
account together with the new file's SHA-256 in `meta.keyslots_pending`: that commit is the
moment the account exists. The pending file then replaces keyslots.json. If anything stops
between the two, whoever opens the station next settles it: a pending file named by a commit
is put in place, one without a commit is deleted. So either the account and its slot both
exist or neither does. Both steps run under the database's write lock, so a second process
never settles a file another `user add` is still writing.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from station.files import fsync_dir
from station.keyslots import PENDING_FILE, SLOTS_FILE, KeySlots
from station.sqlite import dbapi

MARKER = "keyslots_pending"


class NotAdded(Exception):
    """The account being signed into was never committed: its slot was only in a pending file."""


def file_digest(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def put_in_place(data_dir: Path) -> None:
    os.replace(data_dir / PENDING_FILE, data_dir / SLOTS_FILE)
    fsync_dir(data_dir)


def settle(conn: dbapi.Connection, data_dir: Path, slots: KeySlots, db_key: bytes, username: str) -> KeySlots:
    """Finish or undo an interrupted `user add`; return the key file as it now is."""
    pending = data_dir / PENDING_FILE
    if not pending.exists() and conn.execute("SELECT 1 FROM meta WHERE key = ?", (MARKER,)).fetchone() is None:
        return slots
    conn.execute("BEGIN IMMEDIATE")
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = ?", (MARKER,)).fetchone()
        if pending.exists():
            if row is not None and file_digest(pending) == row[0]:
                put_in_place(data_dir)
            else:
                pending.unlink()
        conn.execute("DELETE FROM meta WHERE key = ?", (MARKER,))
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    settled = KeySlots.load(data_dir)
    if username not in settled.data["slots"]:
        raise NotAdded(username)
    settled.verify(db_key)
    return settled
