"""`telestation`: the station's command line (setup, users, import, demo data, audit).

Passwords come only from a file or an interactive prompt, never from the command line.
An error is one clear line on stderr and a non-zero exit; nothing is half-written.
"""

from __future__ import annotations

if __name__ == "__main__":  # Ctrl-C while the program is still loading: a line, not a traceback
    import _signal

    def _stopped_while_loading(_signum: int, _frame: object) -> None:
        import sys

        sys.stderr.write("telestation: stopped (Ctrl-C).\n")
        raise SystemExit(130)

    _signal.signal(_signal.SIGINT, _stopped_while_loading)

import argparse
import getpass
import logging
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from station.errors import StationError, ValidationError

log = logging.getLogger("station.cli")
EXIT_STOPPED = 130
EXIT_UNEXPECTED = 70


def default_data_dir() -> Path:
    env = os.environ.get("TELESTATION_DATA_DIR")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_data_dir("telestation", appauthor=False))


def read_secret(path: str | None, prompt: str, confirm: bool = False) -> str:
    """A password from a file (first line) or typed at a prompt."""
    if path:
        try:
            text = Path(path).read_text("utf-8")
        except OSError as exc:
            raise ValidationError("password-file", f"Cannot read the password file {path}: {exc.strerror}.") from None
        secret = text.splitlines()[0] if text.splitlines() else ""
        if not secret:
            raise ValidationError("password-file", f"The password file {path} is empty.")
        return secret
    if not sys.stdin.isatty():
        raise ValidationError("password-file", "No password given: use --password-file, or run this in a terminal "
                              "to type it.")
    secret = getpass.getpass(prompt)
    if confirm and getpass.getpass("Type it again: ") != secret:
        raise ValidationError("password", "The two passwords are not the same.")
    return secret


def add_common(p: argparse.ArgumentParser, user: bool = True) -> None:
    """--data-dir, and (for commands that open the station) --as and --password-file."""
    p.add_argument("--data-dir", type=Path, default=None, help="station data folder (default: per-user data folder)")
    if user:
        p.add_argument("--as", dest="as_user", required=True, help="your username")
        p.add_argument("--password-file", help="file whose first line is your password (else you are asked)")


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["allow_abbrev"] = False
        super().__init__(*args, **kwargs)


AddCommands = Callable[[Any], None]
Handler = Callable[[argparse.Namespace], int]


def build_parser(add_commands: AddCommands | None = None) -> argparse.ArgumentParser:
    """The parser; `add_commands(subparsers)` lets outer layers (sync, ui) add their commands."""
    # No abbreviations: "--password secret" must be refused, not taken as "--password-file secret".
    parser = argparse.ArgumentParser(prog="telestation", description="Clinic telemedicine station.",
                                     allow_abbrev=False)
    from station.version import __version__

    parser.add_argument("--version", action="version", version=f"telestation {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("init", help="set up a new station and print its recovery key once")
    add_common(p, user=False)
    p.add_argument("--clinic", required=True, help="clinic name")
    p.add_argument("--district", default="", help="district the clinic is in")
    p.add_argument("--admin", required=True, help="administrator username")
    p.add_argument("--full-name", default="", help="administrator's full name")
    p.add_argument("--password-file", help="file whose first line is the admin password (else you are asked)")
    p.add_argument("--recovery-key-file", metavar="OUT", help="write the recovery key to this new file instead of "
                   "showing it and asking for confirmation (for scripts)")

    users = sub.add_parser("user", help="manage accounts").add_subparsers(dest="user_command", metavar="ACTION")
    p = users.add_parser("add", help="add an account (admins only)")
    add_common(p)
    p.add_argument("--username", required=True)
    p.add_argument("--role", required=True, choices=("admin", "clinician", "health_worker"))
    p.add_argument("--full-name", default="")
    p.add_argument("--pin", action="store_true", help="health workers: the new secret is a PIN of 6+ digits")
    p.add_argument("--new-password-file", help="file with the new account's password or PIN (else you are asked)")
    p = users.add_parser("remove", help="switch an account off and delete its key (admins only)")
    add_common(p)
    p.add_argument("--username", required=True)

    p = sub.add_parser("import-patients", help="import a patient register from CSV")
    add_common(p)
    p.add_argument("--csv", required=True, type=Path)
    p.add_argument("--skip-invalid", action="store_true", help="save the valid rows even if some are bad")

    p = sub.add_parser("demo-data", help="fill the station with realistic synthetic clinic data")
    add_common(p)
    p.add_argument("--patients", type=int, default=200)
    p.add_argument("--encounters", type=int, default=400)
    p.add_argument("--seed", type=int, default=1)

    p = sub.add_parser("search", help="find patients by name, MRN, CNIC or phone")
    add_common(p)
    p.add_argument("query")

    audit = sub.add_parser("audit", help="the audit log").add_subparsers(dest="audit_command", metavar="ACTION")
    p = audit.add_parser("verify", help="check the audit chain; names the first broken entry")
    add_common(p)

    p = sub.add_parser("passwd", help="change your own password or PIN")
    add_common(p)
    p.add_argument("--new-password-file")

    p = sub.add_parser("recover", help="set a new admin password with the recovery key")
    add_common(p, user=False)
    p.add_argument("--recovery-key-file", required=True)
    p.add_argument("--new-password-file")

    p = sub.add_parser("backup", help="write an encrypted backup of the whole station to a file (admins only)")
    add_common(p)
    p.add_argument("--out", required=True, type=Path, metavar="FILE",
                   help="backup file to write, e.g. on a USB stick (a folder: a dated file in it)")

    p = sub.add_parser("restore", help="replace this station's records with a backup (admins of the backup only)")
    add_common(p)
    p.add_argument("--backup", required=True, type=Path, metavar="FILE", help="the backup file (.tsbackup)")
    p.add_argument("--yes", action="store_true", help="do not ask before replacing (for scripts)")

    p = sub.add_parser("selfcheck", help="check the database, fonts, translations, camera and hub; "
                       "exit 1 on a problem")
    add_common(p, user=False)
    p.add_argument("--as", dest="as_user", help="your username: also checks the database key and the hub")
    p.add_argument("--password-file", help="file whose first line is your password (else you are asked)")
    if add_commands:
        add_commands(sub)
    return parser


def main(argv: list[str] | None = None, add_commands: AddCommands | None = None,
         handlers: dict[str, Handler] | None = None) -> int:
    """Run a command. Outer layers pass their own commands (`add_commands`) and `handlers`."""
    try:
        import signal

        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGINT, signal.default_int_handler)  # from now on, KeyboardInterrupt
        return _main(argv, add_commands, handlers)
    except KeyboardInterrupt:  # while starting up, before a command ran
        return stopped()


def _main(argv: list[str] | None, add_commands: AddCommands | None, handlers: dict[str, Handler] | None) -> int:
    parser = build_parser(add_commands)
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    from station import commands

    args.data_dir = args.data_dir or default_data_dir()
    try:
        from station import logs

        if args.data_dir.exists() or args.command in ("init", "restore"):
            logs.setup(args.data_dir)
        handler = (handlers or {}).get(args.command)
        return handler(args) if handler else commands.run(args)
    except StationError as exc:
        log.info("command %s failed: %s", args.command, type(exc).__name__)
        print(f"telestation: {exc.message}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return stopped()
    except Exception as exc:
        return unexpected(exc, args)


def stopped() -> int:
    print("telestation: stopped (Ctrl-C). What was saved before stays saved; nothing was half-saved.",
          file=sys.stderr)
    return EXIT_STOPPED


def unexpected(exc: Exception, args: argparse.Namespace) -> int:
    """An error no command turned into a sentence: still told by its real cause when it has one."""
    from station import disk

    data_dir = Path(args.data_dir)
    if any(isinstance(e, KeyboardInterrupt) for e in disk.chain(exc)):
        return stopped()  # a Ctrl-C that made a database call fail on its way out
    if disk.is_out_of_space(exc, data_dir):
        full = disk.disk_full(disk.where_full(exc, data_dir))
        print(f"telestation: {full.message}", file=sys.stderr)
        return full.exit_code
    if disk.is_disk_error(exc):
        trouble = disk.explain(exc, data_dir / "station.db", None)
        if trouble is not None:
            print(f"telestation: {trouble.message}", file=sys.stderr)
            return trouble.exit_code
    log.exception("unexpected failure in %s", args.command)
    print("telestation: something went wrong that the program did not expect. Nothing was half-saved. "
          f"Details for support are in {data_dir / 'logs'}.", file=sys.stderr)
    return EXIT_UNEXPECTED


if __name__ == "__main__":
    sys.exit(main())
