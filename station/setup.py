"""Setting up a station whole or not at all.

The database and the key file are written into a temporary folder beside the data folder,
and only when both are complete (and the recovery key has been shown and confirmed) is that
folder renamed into place. A kill or Ctrl-C at any moment leaves either no station (and a
hidden leftover that the next `init` removes) or a complete one, never a folder where every
command says "run init first" and `init` says "a station already exists".
"""

from __future__ import annotations

import os
import secrets
import shutil
import time
from collections.abc import Callable
from pathlib import Path

from station.db import DB_FILE
from station.errors import AlreadyInitialized, ValidationError
from station.files import fsync_dir
from station.keyslots import SLOTS_FILE, KdfParams, KeySlots, new_recovery_key

# What a data folder may already hold before a station is set up in it: the log of this very
# command and the app's language choice. Anything else means the folder is someone else's.
MAY_PRECEDE = {"logs", "preferences.json"}
LEFTOVER_AGE_S = 3600.0  # where a process cannot be asked whether it is alive (Windows)

Build = Callable[[Path, str, str, str, str, bytes], str]


def temp_prefix(data_dir: Path) -> str:
    return f".{data_dir.name}.init-"


def station_exists(data_dir: Path) -> bool:
    return (data_dir / SLOTS_FILE).exists() or (data_dir / DB_FILE).exists()


def refuse_existing(data_dir: Path) -> None:
    if (data_dir / SLOTS_FILE).exists():
        raise AlreadyInitialized(f"A station already exists in {data_dir}. Choose an empty folder.")
    if (data_dir / DB_FILE).exists():
        raise AlreadyInitialized(
            f"{data_dir} holds a station database without its key file (keyslots.json). Nothing was changed: "
            "put keyslots.json back from a backup, or choose an empty folder for a new station.")
    if data_dir.is_dir():
        others = sorted(p.name for p in data_dir.iterdir() if p.name not in MAY_PRECEDE)
        if others:
            raise ValidationError("data-dir", f"The folder {data_dir} is not empty (it holds {others[0]}"
                                  f"{' and more' if len(others) > 1 else ''}). Choose an empty folder or a new "
                                  "one for the station.")


def _alive(pid: int) -> bool:
    if os.name == "nt":
        return True  # decided by age instead
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_leftovers(data_dir: Path) -> list[Path]:
    """Remove what interrupted set-ups of `data_dir` left beside it; return what was removed."""
    removed: list[Path] = []
    parent = data_dir.parent
    if not parent.is_dir():
        return removed
    for leftover in parent.glob(temp_prefix(data_dir) + "*"):
        pid_text = leftover.name[len(temp_prefix(data_dir)):].split("-")[0]
        pid = int(pid_text) if pid_text.isdigit() else 0
        if pid == os.getpid():
            continue
        try:
            old = time.time() - leftover.stat().st_mtime > LEFTOVER_AGE_S
        except OSError:
            continue
        if not _alive(pid) or (os.name == "nt" and old):
            shutil.rmtree(leftover, ignore_errors=True)
            removed.append(leftover)
    return removed


def build_database(folder: Path, clinic: str, district: str, admin: str, full_name: str, db_key: bytes) -> str:
    """The database of a new station, written into `folder` (the temporary folder); its id."""
    from station import migrations
    from station.db import connect
    from station.records import User
    from station.store import SEALED_META, Store
    from sync.wire.ids import uuid7

    station_id = uuid7()
    conn = connect(folder / DB_FILE, db_key, check=False)
    try:
        migrations.migrate(conn)
        admin_user = User(username=admin, full_name=full_name or admin, role="admin")
        store = Store(folder, conn, KeySlots.create(folder, station_id, db_key), admin_user, db_key,
                      station_id=station_id)
        with store.atomic():
            store.set_meta("station_id", station_id)
            store.set_meta("clinic", clinic)
            store.set_meta("district", district)
            store.set_meta("mrn_next", "1")
            store.set_meta(SEALED_META, "1")
            store.insert(admin_user)
            store.audit("station.create", "station", station_id)
    finally:
        conn.close()
    return station_id


def create_station(data_dir: Path, clinic: str, district: str, admin: str, password: str,
                   full_name: str, kdf: KdfParams | None, confirm: Callable[[str], None] | None,
                   build: Build = build_database) -> tuple[bytes, str]:
    """Build a station beside `data_dir` and rename it into place; return its key and recovery key.

    `build(folder, clinic, district, admin, full_name, db_key)` writes the database and returns
    the new station's id;
    `confirm(recovery_key)` is called before the rename and may raise to give up (nothing is made).
    """
    from station import users

    refuse_existing(data_dir)
    users.check_username(admin)
    users.check_secret(password, "admin", "password")
    clean_leftovers(data_dir)
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    temp = data_dir.parent / f"{temp_prefix(data_dir)}{os.getpid()}-{secrets.token_hex(4)}"
    temp.mkdir()
    try:
        db_key = secrets.token_bytes(32)
        recovery = new_recovery_key()
        station_id = build(temp, clinic, district, admin, full_name, db_key)
        slots = KeySlots.create(temp, station_id, db_key)
        # The clinic's name rides along (sealed, not secret) so the sign-in page can greet it
        # before anyone has unlocked the database.
        slots.data["clinic"] = clinic
        slots.add_user(admin, password, db_key, kdf)
        slots.set_recovery(recovery, db_key)
        slots.save()
        fsync_dir(temp)
        if confirm is not None:
            confirm(recovery)
        move_into_place(temp, data_dir)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    return db_key, recovery


def move_into_place(temp: Path, data_dir: Path) -> None:
    """Rename the finished station folder to `data_dir` in one step."""
    from station import logs

    refuse_existing(data_dir)  # another set-up may have finished meanwhile
    reopen_log = logs.release(data_dir)
    try:
        _rename_into_place(temp, data_dir)
    finally:
        if reopen_log:
            logs.setup(data_dir)


def _rename_into_place(temp: Path, data_dir: Path) -> None:
    if data_dir.is_dir():
        # The log of this command (and the app's language choice) travel into the new folder, so
        # the one rename below replaces an empty folder.
        for entry in list(data_dir.iterdir()):
            if not (temp / entry.name).exists():
                os.rename(entry, temp / entry.name)
        if os.name == "nt":
            data_dir.rmdir()
    os.rename(temp, data_dir)
    fsync_dir(data_dir.parent)
