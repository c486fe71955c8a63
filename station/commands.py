"""What each `telestation` command does (the parser lives in station.cli)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from station import audit, importer, patients, users
from station.cli import read_secret
from station.errors import DamagedDatabase, ValidationError
from station.store import Store


def _open(args: argparse.Namespace) -> Store:
    return Store.open(args.data_dir, args.as_user, read_secret(args.password_file, "Password: "))


def run(args: argparse.Namespace) -> int:
    handler = {
        "init": cmd_init, "user": cmd_user, "import-patients": cmd_import, "demo-data": cmd_demo,
        "search": cmd_search, "audit": cmd_audit, "passwd": cmd_passwd, "recover": cmd_recover,
        "selfcheck": cmd_selfcheck, "backup": cmd_backup, "restore": cmd_restore,
    }[args.command]
    return handler(args)


def cmd_init(args: argparse.Namespace) -> int:
    from station import setup

    setup.refuse_existing(Path(args.data_dir))
    out = Path(args.recovery_key_file) if args.recovery_key_file else None
    if out is not None and out.exists():
        raise ValidationError("recovery-key-file", f"{out} already exists: choose a new file for the recovery key "
                              "(an old key must not be overwritten).")
    if out is None and not sys.stdin.isatty():
        raise ValidationError("recovery-key-file", "The recovery key must be shown to someone who writes it down: run "
                              "this in a terminal, or (for scripts) add --recovery-key-file FILE to save it to a file.")
    password = read_secret(args.password_file, "New admin password: ", confirm=True)
    try:
        store, _recovery = Store.create(args.data_dir, args.clinic, args.district, args.admin, password,
                                        full_name=args.full_name,
                                        confirm=lambda key: save_recovery_key(out, key) if out else confirm_written(key))
    except BaseException:
        if out is not None and not (Path(args.data_dir) / "keyslots.json").exists():
            out.unlink(missing_ok=True)  # the key of a station that was not made
        raise
    store.close()
    print(f"Station '{args.clinic}' is ready in {args.data_dir}.")
    return 0


def save_recovery_key(path: Path, key: str) -> None:
    """Write the recovery key to a new file, durably, before the station is put in place."""
    try:
        with open(path, "x", encoding="utf-8") as fh:
            fh.write(key + "\n")
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as exc:
        from station import disk

        if disk.is_out_of_space(exc):
            raise disk.disk_full(path.parent, disk.MB) from exc
        raise ValidationError("recovery-key-file", f"The recovery key could not be written to {path} "
                              f"({exc.strerror}); no station was set up.") from exc
    print(f"The recovery key is in {path}. Print it or write it down, keep it locked away, and delete the file.")


def confirm_written(key: str) -> None:
    """Show the recovery key and wait until the person types its last group back."""
    print("Recovery key (write it down and keep it locked away; it is shown only this once):")
    print(f"  {key}")
    last = key.rsplit("-", 1)[-1]
    while True:
        try:
            typed = input("When it is written down, type its last five characters to finish setting up: ")
        except EOFError:
            raise ValidationError("recovery-key-file", "The recovery key was not confirmed; no station was set up. "
                                  "Run init again.") from None
        if typed.strip().upper() == last:
            return
        print("That is not the end of the recovery key. Check what you wrote down and try again.")


def cmd_user(args: argparse.Namespace) -> int:
    if args.user_command is None:
        raise ValidationError("action", "Say what to do: 'telestation user add' or 'telestation user remove'.")
    with _open(args) as store:
        if args.user_command == "add":
            kind = "pin" if args.pin else "password"
            secret = read_secret(args.new_password_file, f"New {kind} for {args.username}: ", confirm=True)
            users.add(store, args.username, args.role, secret, full_name=args.full_name, credential=kind)
            print(f"Added {args.role.replace('_', ' ')} '{args.username}'.")
        else:
            users.deactivate(store, args.username)
            print(f"Switched off '{args.username}'; their password no longer opens this station.")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    with _open(args) as store:
        report = importer.import_csv(store, args.csv, skip_invalid=args.skip_invalid,
                                     district=store.meta("district") or "")
    report.finish(args.skip_invalid, "csv", f"{{n}} row(s) of {args.csv.name} have problems (listed above); "
                  "nothing was imported. Fix them, or use --skip-invalid to import the valid rows.", "row(s) skipped")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from station import demo

    for name in ("patients", "encounters"):
        if getattr(args, name) < 0:
            raise ValidationError(name, f"--{name}: give a number of 0 or more.")
    with _open(args) as store:
        counts = demo.fill(store, args.patients, args.encounters, args.seed)
    print(f"Added {counts['patients']} patients, {counts['encounters']} consultations, "
          f"{counts['referrals']} referrals.")
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    with _open(args) as store:
        found = patients.find(store, args.query)
        for p in found:
            print(f"{p.mrn}  {p.name} ({p.name_ur or '-'}), {patients.relation_phrase(p)}, {p.sex}, "
                  f"{patients.age_phrase(p)}, {p.village}, {p.district}")
        if not found:
            print("No patient found.")
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    if args.audit_command != "verify":
        raise ValidationError("action", "Say what to do: 'telestation audit verify'.")
    with _open(args) as store:
        checked, broken = audit.verify(store.conn)
    if broken:
        raise DamagedDatabase(f"The audit log has been tampered with. {broken.describe()}. "
                              f"({checked} entries before it are intact.)")
    print(f"Audit log intact: {checked} entries checked.")
    return 0


def cmd_passwd(args: argparse.Namespace) -> int:
    with _open(args) as store:
        secret = read_secret(args.new_password_file, "New password: ", confirm=True)
        users.change_secret(store, store.user.username, secret)
    print("Your password has been changed.")
    return 0


def cmd_recover(args: argparse.Namespace) -> int:
    key = read_secret(args.recovery_key_file, "Recovery key: ")
    with Store.open_with_recovery_key(Path(args.data_dir), key) as store:
        secret = read_secret(args.new_password_file, f"New password for {store.user.username}: ", confirm=True)
        users.change_secret(store, store.user.username, secret)
        store.audit("user.recovered", "user", store.user.id)
        print(f"New password set for administrator '{store.user.username}'.")
    return 0


def cmd_selfcheck(args: argparse.Namespace) -> int:
    from station import selfcheck

    return selfcheck.run_command(args)


def cmd_backup(args: argparse.Namespace) -> int:
    from station import backup

    with _open(args) as store:
        target = Path(args.out)
        if target.is_dir():
            target = target / backup.suggested_name(store.meta("clinic") or "")
        written = backup.create_backup(store, target)
    print(f"Backup written to {written} ({written.stat().st_size:,} bytes). Keep it somewhere safe, away "
          "from this computer; it is encrypted, and opens with the passwords of this station's accounts.")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from station import backup

    manifest = backup.read_manifest(args.backup)
    if backup.station_in_use(Path(args.data_dir)):
        raise ValidationError("data-dir", f"The station in {args.data_dir} is open in the app or another command. "
                              "Close it first: a restore under a running app would lose what it saves next.")
    password = read_secret(args.password_file, "Password (as in the backup): ")
    if not args.yes:
        if not sys.stdin.isatty():
            raise ValidationError("yes", "Restoring replaces this station's records: add --yes to confirm "
                                  "when running without a terminal.")
        answer = input(f"Replace the records in {args.data_dir} with the backup of "
                       f"'{manifest.get('clinic')}' made {manifest.get('created_at')}? Type yes: ")
        if answer.strip().lower() != "yes":
            print("Nothing was changed.")
            return 1
    store = backup.restore_backup(Path(args.data_dir), args.backup, args.as_user, password)
    store.close()
    print(f"Restored the backup of '{manifest.get('clinic')}' made {manifest.get('created_at')}. The records "
          f"it replaced are kept beside it in {args.data_dir} (station.db.before-restore-…).")
    return 0
