"""Telling a full disk, a failing disk and a damaged database apart.

SQLite reports a full disk as SQLITE_FULL, but SQLCipher and the operating system may also
answer a write on a full disk with a plain I/O error, and a damaged page with the same words
as a wrong key. Advice built on the wrong cause does harm: "restore the latest backup" on a
full disk throws away every record since that backup. So damage is claimed only after a
read-only check of the file finds it; a full disk is named with the folder and the space to
free; anything else is an I/O problem with the database intact.
"""

from __future__ import annotations

import errno
import math
import shutil
from pathlib import Path

from station.errors import DamagedDatabase, DiskFull, DiskTrouble, StationError
from station.texts import Text

MB = 1024 * 1024
# Below this much free space saving records, the write-ahead log and backups start to fail.
WORKING_MARGIN = 100 * MB
OUT_OF_SPACE_ERRNOS = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_CANTOPEN, SQLITE_FULL, SQLITE_NOTADB = 10, 11, 14, 13, 26
DISK_CODES = {SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_CANTOPEN, SQLITE_FULL, SQLITE_NOTADB}


def free_bytes(folder: Path) -> int | None:
    """Free space on the disk holding `folder` (its nearest existing parent), or None."""
    path = Path(folder)
    for candidate in (path, *path.parents):
        try:
            return shutil.disk_usage(candidate).free
        except OSError:
            continue
    return None


def chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and all(current is not s for s in seen):
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def sqlite_code(exc: BaseException) -> int | None:
    """The primary SQLite result code of an sqlite error (extended codes folded), or None."""
    code = getattr(exc, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def is_out_of_space(exc: BaseException, folder: Path | None = None) -> bool:
    """ENOSPC, SQLITE_FULL, or an I/O error on a disk that has (almost) no space left."""
    for error in chain(exc):
        if isinstance(error, DiskFull):
            return True
        if isinstance(error, OSError) and error.errno in OUT_OF_SPACE_ERRNOS:
            return True
        code = sqlite_code(error)
        if code == SQLITE_FULL:
            return True
        if code in (SQLITE_IOERR, SQLITE_CANTOPEN) and folder is not None:
            free = free_bytes(folder)
            if free is not None and free < MB:
                return True
    return False


def where_full(exc: BaseException, default: Path) -> Path:
    """The folder an out-of-space error was about: the file's folder when the error names one."""
    for error in chain(exc):
        if isinstance(error, DiskFull) and error.folder:
            return Path(error.folder)
        name = getattr(error, "filename", None)
        if isinstance(error, OSError) and name:
            folder = Path(name).parent
            while not folder.exists() and folder != folder.parent:  # a temporary folder already removed
                folder = folder.parent
            return folder
    return default


def is_disk_error(exc: BaseException) -> bool:
    """An sqlite error about the file or the disk (not a constraint, a busy lock or a bug)."""
    return any(sqlite_code(e) in DISK_CODES for e in chain(exc))


def needed_mb(folder: Path, needed: int = WORKING_MARGIN) -> int:
    """How many megabytes to free so that `needed` bytes are free on the disk of `folder`."""
    free = free_bytes(folder) or 0
    return max(1, math.ceil((needed - free) / MB))


def disk_full(folder: Path, needed: int = WORKING_MARGIN) -> DiskFull:
    """The one sentence a full disk is told with, wherever it happens."""
    mb = needed_mb(folder, needed)
    return DiskFull(Text("The disk is full: free space on {folder} ({needed} MB needed); nothing was lost.",
                         folder=str(folder), needed=mb), folder=str(folder), needed_bytes=needed)


def integrity_problems(path: Path, db_key: bytes) -> list[str]:
    """Check every page of the database with its key (reads only); [] when it is sound."""
    from station.sqlite import DatabaseError, dbapi

    try:
        conn = dbapi.connect(str(path), isolation_level=None)
    except DatabaseError as exc:
        return [f"cannot be opened: {exc}"]
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = \"x'{db_key.hex()}'\"")
        hmac = [str(r[0]) for r in conn.execute("PRAGMA cipher_integrity_check").fetchall()]
        try:
            quick = [str(r[0]) for r in conn.execute("PRAGMA quick_check").fetchall()]
        except DatabaseError as exc:  # page 1 unreadable: the HMAC list says which pages
            quick = [str(exc)]
        return hmac + [q for q in quick if q != "ok"]
    except DatabaseError as exc:
        if is_out_of_space(exc, Path(path).parent) or sqlite_code(exc) in (SQLITE_IOERR, SQLITE_CANTOPEN):
            raise
        return [str(exc)]
    finally:
        conn.close()


def explain(exc: BaseException, path: Path, db_key: bytes | None, opening: bool = False) -> StationError | None:
    """What an sqlite or OS error while using the database at `path` means for the person.

    None when it is not about the disk or the file (the caller re-raises it as it is).
    `opening`: the error came at the first read with a key a slot just unwrapped.
    """
    from station.errors import KeyFileDamaged

    folder = Path(path).parent
    if is_out_of_space(exc, folder):
        return disk_full(folder)
    if not (is_disk_error(exc) or isinstance(exc, OSError)):
        return None
    problems: list[str] | None = None
    if db_key:
        try:
            problems = integrity_problems(path, db_key)
        except Exception as again:  # the check itself could not read the disk
            if is_out_of_space(again, folder):
                return disk_full(folder)
    if problems and opening and len(problems) >= max(2, _pages(path)):
        # Not one page opens with this key: the key file and the database are not a pair.
        return KeyFileDamaged(
            f"The key file does not belong to the database {path}: the password is right for keyslots.json, "
            "but the key it holds opens no page of station.db. Put back this station's keyslots.json (or its "
            "station.db) from a backup, or use the recovery key ('telestation recover').")
    if problems:
        return DamagedDatabase(
            f"The station database {path} is damaged ({problems[0]}). Make no more changes; restore it "
            "from the latest backup, or ask your supervisor if you have none.")
    if problems == []:
        return DiskTrouble(
            f"The station database {path} could not be read or written ({exc}), but a check found "
            "every page intact: nothing was lost. Try again; if it happens again, check the disk "
            "(cable, USB stick, disk health) and run 'telestation selfcheck'.")
    return DiskTrouble(
        f"The station database {path} could not be read or written ({exc}). This is not known to be "
        "damage: check the disk (cable, USB stick, space), then run 'telestation selfcheck --as ADMIN' "
        "to check every page before restoring anything.")


def _pages(path: Path) -> int:
    try:
        return Path(path).stat().st_size // 4096
    except OSError:
        return 0
