"""`telestation selfcheck`: is this station fit to work today? A short report in plain words.

The station's own checks live here (data folder, key file, database key and integrity,
reference lists). Outer layers add theirs: `ui.selfcheck_qt` (the Urdu fonts and the
translations, through Qt) and `sync.selfcheck` (camera and microphone, the hub and the clock).
The entry points hand them in with `add_probe` (ui.main both, sync.cli its own), so this package
imports neither Qt nor network code, and a program installed without one of them still checks the rest.

The desktop app's Help -> Check this station runs the same functions on its DB worker and
network loop (ui/selfcheck_dialog.py).
"""

from __future__ import annotations

import argparse
import logging
import shutil
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from station import disk
from station.errors import DamagedDatabase, DiskFull, DiskTrouble, NotInitialized
from station.texts import Text
from station.version import __version__

if TYPE_CHECKING:
    from station.store import Store

log = logging.getLogger("station.selfcheck")

Status = Literal["ok", "warning", "failed", "skipped"]
LABELS: dict[str, str] = {"ok": "OK", "warning": "NOTE", "failed": "PROBLEM", "skipped": "NOT CHECKED"}
EXIT_FAILED = 1

# Checks the outer layers add. The program's entry point wires them in (`add_probe`, from
# ui.main); the core never loads an outer layer by name.
FONTS_AND_TRANSLATIONS = Text("Fonts and translations")
DEVICES_AND_HUB = Text("Camera, microphone and hub")
# What the app's Help -> Check this station says of what it could not check (in any language).
SIGN_IN_TO_CHECK = Text("sign in to check the database and the hub")
NETWORK_NOT_RUNNING = Text("Not checked: the station's network part is not running.")
SQLITE_PLAIN_HEADER = b"SQLite format 3\x00"
DISK_FULL_BYTES = disk.WORKING_MARGIN  # below this, saving records and backups fails soon
DISK_LOW_BYTES = 1024 * 1024 * 1024

Probe = Callable[[Path, "Store | None"], list["Check"]]


@dataclass(frozen=True)
class Check:
    """One line of the report: what was checked, how it went, in words for the installer."""

    name: str
    status: Status
    words: str

    def line(self) -> str:
        return f"{LABELS[self.status]:<12} {self.name}: {self.words}"


@dataclass
class Report:
    """Every check, in the order they ran."""

    checks: list[Check] = field(default_factory=list)
    data_dir: Path | None = None
    version: str = __version__

    @property
    def problems(self) -> list[Check]:
        return [c for c in self.checks if c.status == "failed"]

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        n = len(self.problems)
        if n == 0:
            notes = sum(c.status == "warning" for c in self.checks)
            return "Everything needed works." + (f" Read the {notes} note{'s' if notes != 1 else ''} above."
                                                  if notes else "")
        return (f"{n} problem{'s' if n != 1 else ''} found: the lines marked PROBLEM say what to do. "
                f"The station may not work properly until {'they are' if n != 1 else 'it is'} fixed.")

    def lines(self) -> list[str]:
        where = f" in {self.data_dir}" if self.data_dir is not None else ""
        return [f"Station check{where} (telestation {self.version})", *(c.line() for c in self.checks),
                self.summary()]

    def text(self) -> str:
        return "\n".join(self.lines())


# -- the station's own checks ---------------------------------------------------------------
def check_data_folder(data_dir: Path) -> Check:
    """The folder exists, this account can write in it, and the disk is not nearly full."""
    name = Text("Data folder")
    folder = Path(data_dir)
    if not folder.is_dir():
        return Check(name, "failed", Text("{folder} does not exist. Set up the station first (the first-run "
                                          "wizard, or 'telestation init').", folder=str(folder)))
    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".selfcheck-"):
            pass
    except OSError as exc:
        return Check(name, "failed", Text("This user account cannot write in {folder} ({reason}). Give it write "
                                          "permission, or run the station as the account that set it up.",
                                          folder=str(folder), reason=exc.strerror or type(exc).__name__))
    free = shutil.disk_usage(folder).free
    if free < DISK_FULL_BYTES:
        return Check(name, "failed", Text("The disk is full: free space on {folder} ({needed} MB needed). Until "
                                          "then saving records and backups fails; nothing saved so far was lost.",
                                          folder=str(folder), needed=disk.needed_mb(folder)))
    if free < DISK_LOW_BYTES:
        return Check(name, "warning", Text("{folder} is writable, but only {free} is free on its disk. "
                                           "Free some space soon.", folder=str(folder), free=_size(free)))
    return Check(name, "ok", Text("{folder} is writable; {free} free.", folder=str(folder), free=_size(free)))


def check_key_file(data_dir: Path) -> Check:
    """The key-slot file is there and readable (it holds every password's copy of the database key)."""
    from station.keyslots import KeySlots

    name = Text("Key file")
    try:
        slots = KeySlots.load(Path(data_dir))
    except (NotInitialized, DamagedDatabase) as exc:
        return Check(name, "failed", exc.message)
    users = len(slots.usernames())
    accounts = Text("1 account") if users == 1 else Text("{count} accounts", count=users)
    if not slots.data.get("recovery"):
        return Check(name, "warning", Text("{accounts} can sign in, but no recovery key is set: a forgotten "
                                           "administrator password could not be reset.", accounts=accounts))
    return Check(name, "ok", Text("{accounts} can sign in; a recovery key is set.", accounts=accounts))


def check_database_file(data_dir: Path, how_to_unlock: str) -> list[Check]:
    """Without a password: the database file is there and encrypted; the rest needs the key."""
    from station.db import DB_FILE

    path = Path(data_dir) / DB_FILE
    try:
        with open(path, "rb") as fh:
            header = fh.read(len(SQLITE_PLAIN_HEADER))
    except OSError:
        return [Check(Text("Database"), "failed", Text("The station database {path} is missing. Restore the data "
                                                       "folder from the latest backup.", path=str(path)))]
    if header == SQLITE_PLAIN_HEADER:
        return [Check(Text("Database"), "failed", Text("{path} is not encrypted: patient records would be readable "
                                                       "by anyone with the file. Ask your supervisor before using "
                                                       "this station.", path=str(path)))]
    return [Check(Text("Database"), "ok", Text("The database file is there and encrypted.")),
            Check(Text("Database key and integrity"), "skipped", Text("Not checked: {how}.", how=how_to_unlock))]


def check_database(store: Store) -> list[Check]:
    """The key opens the database; every page is intact."""
    from station import migrations
    from station.sqlite import DatabaseError

    conn = store.conn
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        station_id = store.meta("station_id")
        version = migrations.current_version(conn)
    except DatabaseError as exc:
        return [Check(Text("Database key"), "failed", Text("The key does not open the database ({reason}). Restore "
                                                           "the data folder from the latest backup.", reason=str(exc)))]
    key = Check(Text("Database key"), "ok", Text("The key opens the database of station {station} (schema version "
                                                 "{version}).", station=station_id, version=version))
    try:
        # cipher_integrity_check checks every page's HMAC (tampering, bad sectors); it lists failures only.
        hmac_errors = [str(r[0]) for r in conn.execute("PRAGMA cipher_integrity_check").fetchall()]
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        quick = [str(r[0]) for r in conn.execute("PRAGMA quick_check").fetchall()]
    except DatabaseError as exc:
        hmac_errors, quick, pages = [str(exc)], [], 0
    problems = hmac_errors + [q for q in quick if q != "ok"]
    if problems:
        shown = "; ".join(problems[:3]) + (f" (and {len(problems) - 3} more)" if len(problems) > 3 else "")
        integrity = Check(Text("Database integrity"), "failed", Text(
            "The database is damaged: {problems}. Make no more changes; restore it from the latest backup.",
            problems=shown))
    else:
        integrity = Check(Text("Database integrity"), "ok", Text("All {pages} pages are intact.", pages=pages))
    return [key, integrity]


def check_reference_data() -> Check:
    """The medicines list, ICD-10 codes and vital ranges the forms use load."""
    from station import reference
    from station.clinical.ranges import vital_ranges

    try:
        medicines, diagnoses, ranges = len(reference.medicines()), len(reference.diagnoses()), len(vital_ranges())
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return Check(Text("Reference lists"), "failed", Text(
            "The medicines, diagnoses or vital-sign lists cannot be read ({reason}). Reinstall the program.",
            reason=f"{type(exc).__name__}: {exc}"))
    if not (medicines and diagnoses and ranges):
        return Check(Text("Reference lists"), "failed", Text("A reference list is empty. Reinstall the program."))
    return Check(Text("Reference lists"), "ok", Text("{medicines} medicines, {diagnoses} diagnoses, {ranges} vital "
                                                     "signs.", medicines=medicines, diagnoses=diagnoses, ranges=ranges))


def station_checks(data_dir: Path, store: Store | None, how_to_unlock: str,
                   open_error: str | None = None) -> list[Check]:
    """Folder, key file, database, reference lists. `store` is the open station, or None;
    `open_error` what opening it said when the database itself was at fault."""
    checks = [check_data_folder(data_dir), check_key_file(data_dir)]
    if open_error is not None:
        checks.append(Check(Text("Database"), "failed", open_error))
    elif store is not None:
        checks += check_database(store)
    elif checks[1].status != "failed":
        checks += check_database_file(data_dir, how_to_unlock)
    checks.append(check_reference_data())
    return checks


# -- checks from outer layers ---------------------------------------------------------------
_probes: dict[str, Probe] = {}


def add_probe(label: str, probe: Probe) -> None:
    """An outer layer's `checks(data_dir, store)`, reported under `label` (added again: replaced)."""
    _probes[label] = probe


def probe_checks(data_dir: Path, store: Store | None,
                 probes: Mapping[str, Probe] | None = None) -> list[Check]:
    """Each outer layer's checks; a layer that is not installed or a crash is reported, never raised."""
    out: list[Check] = []
    for label, probe in (_probes if probes is None else probes).items():
        out += run_probe(label, probe, data_dir, store)
    return out


def run_probe(label: str, probe: Probe, data_dir: Path, store: Store | None) -> list[Check]:
    try:
        return list(probe(data_dir, store))
    except ModuleNotFoundError as exc:  # a one-folder build made without that part
        log.info("self-check %s: module %s is not installed", label, exc.name)
        return [Check(label, "skipped", Text("Not checked: this part is not installed with this program."))]
    except Exception as exc:  # a check that breaks must not hide the others
        log.exception("self-check %s could not run", label)
        return [Check(label, "warning", Text("Could not be checked ({reason}).",
                                             reason=f"{type(exc).__name__}: {exc}"))]


# -- the command ----------------------------------------------------------------------------
def run(data_dir: Path, store: Store | None, how_to_unlock: str = "sign in to check them",
        open_error: str | None = None) -> Report:
    """Every check, in one thread (the command line); the app spreads them over its threads."""
    report = Report(data_dir=Path(data_dir))
    report.checks += station_checks(data_dir, store, how_to_unlock, open_error)
    report.checks += probe_checks(data_dir, store)
    return report


def run_command(args: argparse.Namespace) -> int:
    """`telestation selfcheck [--as USER --password-file F]`: print the report; 1 when something failed."""
    from station.cli import read_secret

    data_dir = Path(args.data_dir)
    store = None
    open_error = None
    how_to_unlock = "add --as USER --password-file FILE to check the database and the hub"
    if args.as_user and (data_dir / "keyslots.json").exists():
        from station.sqlite import DatabaseError
        from station.store import Store

        secret = read_secret(args.password_file, "Password: ")
        try:
            store = Store.open(data_dir, args.as_user, secret)
        except DiskFull:
            # The data folder's line says so: the database is not "damaged" because it cannot be written.
            how_to_unlock = Text("the disk is full; free space, then check again")
        except (DamagedDatabase, DiskTrouble) as exc:
            open_error = exc.message
        except DatabaseError as exc:  # met while signing in, past the checks of Store.open
            explained = disk.explain(exc, data_dir / "station.db", None)
            open_error = explained.message if explained else Text(
                "The station database in {folder} could not be read ({reason}).", folder=str(data_dir),
                reason=str(exc))
    try:
        report = run(data_dir, store, how_to_unlock, open_error)
    finally:
        if store is not None:
            store.close()
    for line in report.lines():
        print(line)
    log.info("selfcheck: %d checks, %d problems", len(report.checks), len(report.problems))
    return 0 if report.ok else EXIT_FAILED


def _size(n: float) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit in ("bytes", "KB") else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} GB"
