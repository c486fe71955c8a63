"""Encrypted backups of the station, and restoring one (the screen is ui/admin/backup.py; the
commands `telestation backup` and `telestation restore`).

A backup is one file (a zip, stored not compressed: encrypted pages do not compress) holding
- `station.db`: a copy made with SQLite's online backup API into a database encrypted with
  the same key, so it never exists unencrypted, not even in a temporary file;
- `keyslots.json`: the key slots that unwrap that key (each user's password, the recovery key);
- `manifest.json`: station id, clinic, time, schema version; no patient data.
Restoring checks the password against the backup's own slots and the copy's integrity before
anything on disk is replaced; the database it replaces is kept beside it.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import threading
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from station import disk
from station.db import DB_FILE, connect, integrity_errors
from station.errors import DamagedDatabase, DiskFull, PermissionDenied, StationError, ValidationError
from station.files import atomic_write, fsync_dir
from station.keyslots import SLOTS_FILE, KeySlots
from station.sqlite import DatabaseError
from station.store import Store

MANIFEST = "manifest.json"
FORMAT = "telestation-backup/1"
PAGES_PER_STEP = 64


class Cancelled(StationError):
    """The person pressed Cancel; nothing was written."""


@dataclass
class Progress:
    """Shared between the worker doing the copy and the screen polling it on a timer."""

    done: int = 0
    total: int = 0
    cancel: threading.Event | None = None

    def __post_init__(self) -> None:
        self.cancel = self.cancel or threading.Event()

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 0.0


def suggested_name(clinic: str, when: datetime | None = None) -> str:
    when = when or datetime.now()
    safe = "".join(c if c.isalnum() else "-" for c in clinic.lower()).strip("-")[:40] or "station"
    return f"{safe}-{when:%Y-%m-%d-%H%M}.tsbackup"


def create_backup(store: Store, target: Path, progress: Progress | None = None,
                  sleep: float = 0.0) -> Path:
    """Copy the open station into the backup file `target` (written atomically; admins only)."""
    store.require_role("admin")
    progress = progress or Progress()
    target = Path(target)
    if target.exists() and target.is_dir():
        raise ValidationError("file", f"Backup file: {target} is a folder; choose a file name.")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _destination_problem(exc, target, store, 0) from exc
    page_size = int(store.conn.execute("PRAGMA page_size").fetchone()[0])
    needed = 2 * page_size * int(store.conn.execute("PRAGMA page_count").fetchone()[0]) + disk.MB  # copy + file
    free = disk.free_bytes(target.parent)
    if free is not None and free < needed:
        raise disk.disk_full(target.parent, needed)
    try:
        work = Path(tempfile.mkdtemp(prefix=".backup-", dir=target.parent))
    except OSError as exc:
        raise _destination_problem(exc, target, store, needed) from exc
    try:
        _write(store, target, work, progress, sleep)
        store.audit("backup.create", "station", store.station_id, {"file": target.name})
        progress.done = progress.total
        return target
    except (Cancelled, DiskFull):
        raise
    except (OSError, DatabaseError, StationError) as exc:
        raise _destination_problem(exc, target, store, needed) from exc
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _write(store: Store, target: Path, work: Path, progress: Progress, sleep: float) -> None:
    copy = connect(work / DB_FILE, store.db_key, check=False)
    try:
        def step(_status: int, remaining: int, total: int) -> None:
            progress.total, progress.done = total, total - remaining
            if progress.cancel is not None and progress.cancel.is_set():
                raise Cancelled("The backup was cancelled; no file was written.")

        store.conn.backup(copy, pages=PAGES_PER_STEP, progress=step, sleep=sleep)
        if progress.cancel is not None and progress.cancel.is_set():
            raise Cancelled("The backup was cancelled; no file was written.")
        # One self-contained file: fold the WAL into the database before zipping it.
        copy.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        copy.execute("PRAGMA journal_mode = DELETE")
    finally:
        copy.close()
    manifest = {"format": FORMAT, "station_id": store.station_id, "clinic": store.meta("clinic") or "",
                "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "schema": store.conn.execute("PRAGMA user_version").fetchone()[0]}
    def produce(tmp: Path) -> None:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_STORED) as zf:
            zf.writestr(MANIFEST, json.dumps(manifest, indent=1))
            zf.write(store.slots.path, SLOTS_FILE)
            zf.write(work / DB_FILE, DB_FILE)

    atomic_write(target, produce)


def _destination_problem(exc: BaseException, target: Path, store: Store, needed: int) -> StationError:
    """A failed backup told by what failed: the destination (full, missing, read-only) by its name;
    the station's own database only when a check of it finds damage."""
    if disk.is_out_of_space(exc, target.parent):
        return disk.disk_full(target.parent, needed or disk.MB)
    if disk.sqlite_code(exc) in (disk.SQLITE_CORRUPT, disk.SQLITE_NOTADB) or isinstance(exc, DamagedDatabase):
        own = disk.integrity_problems(store.data_dir / DB_FILE, store.db_key)
        if own:
            return DamagedDatabase(f"The backup stopped because this station's database is damaged ({own[0]}). "
                                   "Make no more changes and ask your supervisor; older backups are still good.")
    reason = getattr(exc, "strerror", None) or getattr(exc, "message", None) or str(exc)
    return ValidationError("file", f"The backup could not be written to {target.parent} ({reason}). Check that "
                           "the disk or USB stick is plugged in, has space and is not write-protected; nothing on "
                           "the station was changed.")


def read_manifest(path: Path) -> dict[str, object]:
    if not Path(path).is_file():
        raise ValidationError("file", f"There is no backup file at {path}. Check the name and the folder.")
    try:
        with zipfile.ZipFile(path) as zf:
            manifest = json.loads(zf.read(MANIFEST))
            names = set(zf.namelist())
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ValidationError("file", f"{Path(path).name} is not a station backup, or it is damaged.") from exc
    if manifest.get("format") != FORMAT or not {DB_FILE, SLOTS_FILE} <= names:
        raise ValidationError("file", f"{Path(path).name} is not a station backup this program can read.")
    return dict(manifest)


def station_in_use(data_dir: Path) -> bool:
    """Is the station's database open in another program (the app, a sync)? POSIX only.

    Every SQLite connection in WAL mode holds a shared lock on byte 128 of the `-shm` file while it
    is open (SQLite's "dead man switch"); an exclusive lock on it can be had only when none is.
    On Windows an open database cannot be replaced at all, which restore_backup reports.
    """
    try:
        import fcntl
    except ImportError:
        return False
    shm = Path(data_dir) / f"{DB_FILE}-shm"
    try:
        with open(shm, "rb+") as fh:
            try:
                fcntl.lockf(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB, 1, 128)
            except OSError:
                return True
            fcntl.lockf(fh.fileno(), fcntl.LOCK_UN, 1, 128)
    except FileNotFoundError:
        return False
    return False


def restore_backup(data_dir: Path, backup: Path, username: str, password: str) -> Store:
    """Replace the station in `data_dir` with `backup`; return it open as `username`.

    The caller has closed its own store first. The replaced database is kept as
    `station.db.before-restore-<time>` beside the new one.
    """
    data_dir, backup = Path(data_dir), Path(backup)
    read_manifest(backup)
    data_dir.mkdir(parents=True, exist_ok=True)  # a new computer, after the old one's disk failed
    staging = Path(tempfile.mkdtemp(prefix=".restore-", dir=data_dir))
    try:
        with zipfile.ZipFile(backup) as zf:
            zf.extract(DB_FILE, staging)
            zf.extract(SLOTS_FILE, staging)
        # Proves the password against the backup's own slots (WrongPassword otherwise).
        db_key = KeySlots.load(staging).unlock(username, password)
        conn = connect(staging / DB_FILE, db_key)
        try:
            problems = integrity_errors(conn)
            row = conn.execute("SELECT role, active FROM users WHERE username = ?", (username,)).fetchone()
        finally:
            conn.close()
        if not problems and (row is None or row[0] != "admin" or not row[1]):
            raise PermissionDenied(f"Only an administrator of the station in {backup.name} can restore it; "
                                   f"'{username}' is not one there.")
        if problems:
            raise DamagedDatabase(f"The backup {backup.name} is damaged ({problems[0]}); choose another one.")
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")  # two restores a second apart keep both
        current = data_dir / DB_FILE
        try:
            if current.exists():
                for suffix in ("", "-wal"):
                    if (data_dir / f"{DB_FILE}{suffix}").exists():
                        os.replace(data_dir / f"{DB_FILE}{suffix}",
                                   data_dir / f"{DB_FILE}.before-restore-{stamp}{suffix}")
                slots = data_dir / SLOTS_FILE
                if slots.exists():
                    shutil.copy2(slots, data_dir / f"{SLOTS_FILE}.before-restore-{stamp}")
            (data_dir / f"{DB_FILE}-shm").unlink(missing_ok=True)
            os.replace(staging / DB_FILE, current)
            os.replace(staging / SLOTS_FILE, data_dir / SLOTS_FILE)
            fsync_dir(data_dir)
        except OSError as exc:
            raise ValidationError("data-dir", f"The station in {data_dir} could not be replaced ({exc.strerror}): "
                                  "close the station app and any sync running on it, then try again.") from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    store = Store.open(data_dir, username, password)
    store.audit("backup.restore", "station", store.station_id, {"file": Path(backup).name})
    return store


ProgressFn = Callable[[Progress], None]
