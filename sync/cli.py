"""`telestation enroll` and `telestation sync`: the station's command line plus the sync commands.

    telestation enroll --data-dir DIR --as ADMIN --password-file F --hub URL --code CODE
    telestation sync --data-dir DIR --as USER --password-file F --once     # one push + pull, a summary
    telestation sync --data-dir DIR --as USER --password-file F            # keep syncing until stopped
    telestation sync --data-dir DIR --as USER --password-file F --status   # the status, no network
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from station import selfcheck
from station.cli import add_common, read_secret
from station.cli import main as station_main
from station.errors import ValidationError
from sync import fhir_cli

if TYPE_CHECKING:
    from pathlib import Path

    from station.selfcheck import Check
    from station.store import Store
    from sync.status import SyncStatus

EXIT_UNREACHABLE = 75  # EX_TEMPFAIL: try again later


def add_commands(sub: Any) -> None:
    p = sub.add_parser("enroll", help="connect this station to a hub with the one-time code (admins only)")
    add_common(p)
    p.add_argument("--hub", required=True, help="the hub's address, e.g. https://hub.example.org")
    p.add_argument("--code", required=True, help="the one-time code from the hub administrator")

    p = sub.add_parser("sync", help="send records to the hub and fetch replies")
    add_common(p)
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--once", action="store_true", help="one full push and pull, then print a summary")
    mode.add_argument("--status", action="store_true", help="print the sync status without connecting")
    p.add_argument("--json", action="store_true", help="print the summary or status as JSON")
    p.add_argument("--interval", type=float, default=300.0,
                   help="without --once: seconds between syncs when all is well (default 300)")
    fhir_cli.add_commands(sub)  # export, import-fhir


def _open(args: argparse.Namespace) -> Store:
    from station.store import Store

    return Store.open(args.data_dir, args.as_user, read_secret(args.password_file, "Password: "))


def cmd_enroll(args: argparse.Namespace) -> int:
    from sync import identity
    from sync.client import RequestRejected, Unreachable, enroll

    code = args.code.strip()
    if not code:
        raise ValidationError("code", "--code: give the one-time code from the hub administrator.")
    with _open(args) as store:
        ident = identity.prepare(store, args.hub)
        try:
            answer = enroll(ident.hub_url, code, ident.public_key)
        except Unreachable as exc:
            print(f"telestation: {exc.message}", file=sys.stderr)
            return EXIT_UNREACHABLE
        except RequestRejected as exc:
            print(f"telestation: the hub refused the code: {exc.message}", file=sys.stderr)
            return 2 if exc.status in (401, 409, 410, 422, 429) else 1
        ident = identity.record_enrollment(store, answer.station_id)
        print(f"This station is now enrolled with the hub at {ident.hub_url} (station id {ident.station_id}).")
        print("Run 'telestation sync --once' to send its records now.")
    return 0


def cmd_sync(args: argparse.Namespace) -> int:
    from sync import identity, status

    if args.interval <= 0:
        raise ValidationError("interval", "--interval: give a number of seconds above 0.")
    with _open(args) as store:
        if args.status:
            return _print_status(store, args.json)
        identity.require(store)
        if not args.once:
            store.close()
            return _run_forever(args)
        from sync.engine import SyncEngine

        engine = SyncEngine(store)
        try:
            report = engine.sync_once()
        finally:
            engine.close()
        current = status.read(store)
        if args.json:
            print(json.dumps(_report_json(report, current), ensure_ascii=False))
        else:
            for line in report.lines():
                print(line)
            for line in current.lines()[1:]:
                print(line)
    if report.error is not None:
        return EXIT_UNREACHABLE if report.error.transient else 1
    return 0


def _print_status(store: Store, as_json: bool) -> int:
    from sync import status

    current = status.read(store)
    if as_json:
        print(json.dumps(_status_json(current), ensure_ascii=False))
    else:
        for line in current.lines():
            print(line)
        for change in status.rejected_changes(store)[:20]:
            print(f"  refused: {change.entity.replace('_', ' ')} {change.record_id} (version {change.version}): "
                  f"{change.reason}")
    return 0


def _run_forever(args: argparse.Namespace) -> int:
    from station.store import Store
    from sync.loop import NetworkLoop, SyncService

    password = read_secret(args.password_file, "Password: ")

    def open_store() -> Store:
        return Store.open(args.data_dir, args.as_user, password)

    def show(report: Any) -> None:
        for line in report.lines():
            print(line, flush=True)

    net = NetworkLoop()
    service = SyncService(open_store, interval=args.interval, on_report=show)
    net.start()
    try:
        net.submit(service.run()).result()
    except KeyboardInterrupt:
        print("Stopping sync.", file=sys.stderr)
    finally:
        service.stop()
        net.stop()
    return 0


def _status_json(current: SyncStatus) -> dict[str, Any]:
    return {"enrolled": current.enrolled, "hub": current.hub_url, "pending": current.pending, "sent": current.sent,
            "acknowledged": current.acknowledged, "rejected": current.rejected,
            "last_success": current.last_success, "last_error": current.last_error,
            "clock_offset_seconds": current.clock_offset, "clock_warning": current.clock_warning,
            "open_conflicts": current.open_conflicts, "held": current.held, "files_waiting": current.files_waiting,
            "synced": current.synced}


def _report_json(report: Any, current: SyncStatus) -> dict[str, Any]:
    p, a = report.pushed, report.applied
    return {"ok": report.ok, "accepted": p.accepted, "duplicate": p.duplicate, "rejected": p.rejected,
            "reasons": p.reasons, "advice": a.advice, "messages": a.messages, "statuses": a.statuses,
            "library": a.library, "files": report.files, "file_bytes": report.file_bytes, "requests": report.requests,
            "bytes_sent": report.bytes_sent, "bytes_received": report.bytes_received,
            "seconds": round(report.seconds, 3), "error": report.error.message if report.error else None,
            "status": _status_json(current)}


def _devices_and_hub(data_dir: Path, store: Store | None) -> list[Check]:
    from sync import selfcheck as sync_selfcheck  # when the check runs: device code loads only then

    return sync_selfcheck.checks(data_dir, store)


def main(argv: list[str] | None = None) -> int:
    """`telestation`: every station command, plus enroll and sync."""
    # This command line's own part of `selfcheck` (ui.main adds the fonts' check beside it).
    selfcheck.add_probe(selfcheck.DEVICES_AND_HUB, _devices_and_hub)
    return station_main(argv, add_commands=add_commands, handlers={"enroll": cmd_enroll, "sync": cmd_sync,
                                                                    **fhir_cli.handlers})


if __name__ == "__main__":
    sys.exit(main())
