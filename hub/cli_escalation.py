"""`telehub` commands for escalation and mail: e-mail addresses and backups on accounts, the
on-call rota, and the `serve` options for response-time targets and SMTP."""

from __future__ import annotations

import argparse
import json
import os
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import Engine, update

from hub import audit
from hub import tables as t
from hub.cli_errors import CliError
from hub.escalation import rota
from hub.escalation.targets import DEFAULT_TARGETS, TargetError, describe, parse_targets
from hub.mail.smtp import SmtpSettings

EMAIL = re.compile(r"^[^@\s]{1,64}@[A-Za-z0-9.-]{1,189}\.[A-Za-z]{2,}$")
DATE_HELP = "a day in the hub's time zone, YYYY-MM-DD"


def add_user_actions(actions: Any, common: argparse.ArgumentParser) -> None:
    """`user set-email` and `user set-backup`."""
    email = actions.add_parser("set-email", parents=[common], help="the address the hub mails this person at "
                               "(new urgent referrals, escalations, the daily digest); --none to stop")
    email.add_argument("username")
    email.add_argument("address", nargs="?", help="e.g. sana.mirza@hospital.org.pk")
    email.add_argument("--none", action="store_true", help="remove the address: no mails")
    backup = actions.add_parser("set-backup", parents=[common],
                                help="the specialist a referral this specialist holds escalates to first")
    backup.add_argument("username")
    backup.add_argument("backup", nargs="?", help="the backup's username")
    backup.add_argument("--none", action="store_true", help="no backup: escalations go to the on-call rota")


def add_parsers(commands: Any, common: argparse.ArgumentParser, parser_class: type) -> None:
    """`rota set|list`."""
    parser = commands.add_parser("rota", help="who is on call for each specialty per day")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", parser_class=parser_class, required=True)
    set_ = actions.add_parser("set", parents=[common], help="put a specialist on call for a specialty, a day or more")
    set_.add_argument("--specialty", required=True, metavar="CODE", help="the specialty's code (telehub specialty list)")
    set_.add_argument("--date", required=True, metavar="DAY", help=DATE_HELP)
    set_.add_argument("--to", metavar="DAY", help="the last day (default: --date only)")
    who = set_.add_mutually_exclusive_group(required=True)
    who.add_argument("--username", help="the specialist on call")
    who.add_argument("--nobody", action="store_true", help="clear those days")
    listing = actions.add_parser("list", parents=[common], help="the rota from a day on")
    listing.add_argument("--from", dest="first", metavar="DAY", help=f"{DATE_HELP} (default: today at the hub)")
    listing.add_argument("--days", type=int, default=7, help="how many days (default 7)")
    listing.add_argument("--specialty", metavar="CODE", help="only this specialty")
    listing.add_argument("--json", action="store_true", help="print the rota as JSON")


def add_serve_options(serve: argparse.ArgumentParser) -> None:
    defaults = ", ".join(f"{u} {describe(v)}" for u, v in DEFAULT_TARGETS.items())
    serve.add_argument("--target", action="append", default=[], metavar="URGENCY=DURATION",
                       help=f"response-time target, e.g. urgent=2h (repeatable; default {defaults}; "
                       "$TELEHUB_TARGETS: space-separated)")
    serve.add_argument("--console-url", metavar="URL",
                       help="the console's address as specialists open it, for links in mails "
                       "(default $TELEHUB_CONSOLE_URL, else http://HOST:PORT)")
    serve.add_argument("--smtp-host", metavar="HOST", help="mail server (default $TELEHUB_SMTP_HOST; none: no mail sent)")
    serve.add_argument("--smtp-port", type=int, metavar="PORT", help="default $TELEHUB_SMTP_PORT or 587")
    serve.add_argument("--smtp-no-starttls", action="store_true",
                       help="do not STARTTLS (only for a mail server on this machine)")
    serve.add_argument("--smtp-user", metavar="USER", help="default $TELEHUB_SMTP_USER")
    serve.add_argument("--smtp-password-file", metavar="FILE",
                       help="file whose first line is the SMTP password (default $TELEHUB_SMTP_PASSWORD)")
    serve.add_argument("--smtp-ca-file", metavar="FILE",
                       help="certificate authorities to trust for STARTTLS (default: the system's)")
    serve.add_argument("--mail-from", metavar="ADDRESS", help="sender address (default $TELEHUB_MAIL_FROM)")
    serve.add_argument("--digest-hour", default="7", metavar="HOUR",
                       help="hour of the hub's day the daily digest goes out (0-23, default 7; 'off': no digest)")


def serve_settings(args: argparse.Namespace) -> dict[str, Any]:
    """Settings for escalation and mail from `serve`'s options and TELEHUB_* variables."""
    env = os.environ
    try:
        targets = parse_targets([*env.get("TELEHUB_TARGETS", "").split(), *args.target])
    except TargetError as exc:
        raise CliError(str(exc)) from None
    digest_hour = None if args.digest_hour.strip().lower() == "off" else _hour(args.digest_hour)
    console_url = (args.console_url or env.get("TELEHUB_CONSOLE_URL") or f"http://{args.host}:{args.port}").rstrip("/")
    if not console_url.startswith(("http://", "https://")):
        raise CliError(f"--console-url must start with https:// (or http://), not {console_url!r}")
    smtp = smtp_settings(args)
    if smtp is not None and not _on_this_machine(smtp.host) and _on_this_machine(urlsplit(console_url).hostname):
        # Every mail is a link to the console: one only this machine can open reaches nobody.
        raise CliError("--console-url https://ADDRESS is needed with --smtp-host: the address specialists open "
                       f"the console at, which every mail links to (not {console_url}).")
    # The hub's time zone (rota days, the digest's hour) is `serve --timezone`, shared with the console.
    return {"response_targets": targets, "console_url": console_url,
            "digest_hour": digest_hour, "smtp": smtp}


def _on_this_machine(host: str | None) -> bool:
    return (host or "").strip("[]").lower() in ("", "localhost", "127.0.0.1", "::1", "0.0.0.0", "::")


def _hour(text: str) -> int:
    if not text.strip().isdigit() or not 0 <= int(text) <= 23:
        raise CliError(f"--digest-hour must be an hour from 0 to 23, or off; not {text!r}")
    return int(text)


def smtp_settings(args: argparse.Namespace) -> SmtpSettings | None:
    env = os.environ
    host = args.smtp_host or env.get("TELEHUB_SMTP_HOST")
    if not host:
        return None
    port = args.smtp_port or int(env.get("TELEHUB_SMTP_PORT", "587") or 587)
    if not 0 < port < 65536:
        raise CliError(f"--smtp-port must be between 1 and 65535, not {port}")
    password = env.get("TELEHUB_SMTP_PASSWORD")
    if args.smtp_password_file:
        try:
            lines = Path(args.smtp_password_file).read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise CliError(f"cannot read --smtp-password-file {args.smtp_password_file}: {exc.strerror}") from None
        password = lines[0] if lines else ""
    user = args.smtp_user or env.get("TELEHUB_SMTP_USER")
    if user and not password:
        raise CliError("--smtp-user needs a password: --smtp-password-file FILE or $TELEHUB_SMTP_PASSWORD")
    if args.smtp_no_starttls and user and not _on_this_machine(host):
        raise CliError(f"--smtp-no-starttls is only for a mail server on this machine: to {host} the SMTP "
                       "password would travel unencrypted. Leave STARTTLS on.")
    sender = args.mail_from or env.get("TELEHUB_MAIL_FROM")
    if not sender or not EMAIL.match(sender):
        raise CliError("--mail-from ADDRESS is needed with --smtp-host (e.g. telehub@hospital.org.pk)")
    if args.smtp_ca_file and not Path(args.smtp_ca_file).is_file():
        raise CliError(f"--smtp-ca-file {args.smtp_ca_file} does not exist")
    return SmtpSettings(host=host, port=port, starttls=not args.smtp_no_starttls, username=user or None,
                        password=password, from_address=sender, ca_file=args.smtp_ca_file)


def _day(text: str, flag: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise CliError(f"{flag} {text!r} is not a date: write YYYY-MM-DD, e.g. 2026-12-07") from None


def run_user_action(engine: Engine, args: argparse.Namespace) -> None:
    value = None if args.none else (args.address if args.action == "set-email" else args.backup)
    if value is None and not args.none:
        what = "an address" if args.action == "set-email" else "the backup's username"
        raise CliError(f"give {what}, or --none")
    with engine.begin() as conn:
        if args.action == "set-email":
            if value is not None and not EMAIL.match(value.strip()):
                raise CliError(f"{value!r} is not an e-mail address (e.g. sana.mirza@hospital.org.pk)")
            changed = conn.execute(update(t.specialists).where(t.specialists.c.username == args.username.strip())
                                   .values(email=value.strip() if value else None)).rowcount
            if not changed:
                raise CliError(f"there is no account called {args.username!r} (see `telehub user list`)")
            audit.record(conn, audit.COMMAND_LINE, "email_set", target=args.username, detail="removed" if not value else "")
            print(f"{args.username}: " + (f"mails go to {value.strip()}." if value else "no mails from now on."))
            return
        try:
            name, backup = rota.set_backup(conn, args.username, value)
        except rota.RotaError as exc:
            raise CliError(str(exc)) from None
        audit.record(conn, audit.COMMAND_LINE, "backup_set", target=args.username, detail=value or "none")
    print(f"{name}: " + (f"referrals they hold escalate first to {backup}." if backup
                         else "no backup; escalations go to the on-call specialist, then the coordinators."))


def run_rota(engine: Engine, args: argparse.Namespace, today: date) -> None:
    try:
        if args.action == "set":
            first = _day(args.date, "--date")
            last = _day(args.to, "--to") if args.to else first
            with engine.begin() as conn:
                days = rota.set_on_call(conn, args.specialty.strip(), first, last,
                                        None if args.nobody else args.username, t.utcnow())
                audit.record(conn, audit.COMMAND_LINE, "rota_set", target=args.specialty.strip(),
                             detail=f"{first}..{last}: {'nobody' if args.nobody else args.username}")
            who = "nobody" if args.nobody else args.username
            print(f"{args.specialty}: {who} on call for {days} day{'s' if days != 1 else ''} ({first} to {last}).")
            return
        first = _day(args.first, "--from") if args.first else today
        if not 1 <= args.days <= 366:
            raise CliError(f"--days must be between 1 and 366, not {args.days}")
        with engine.connect() as conn:
            rows = rota.rota_rows(conn, first, first + timedelta(days=args.days - 1), args.specialty)
    except rota.RotaError as exc:
        raise CliError(str(exc)) from None
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    for row in rows:
        print(f"{row['day']}  {row['specialty']:<28} {row['name']} ({row['username']})")
    if not rows:
        print(f"Nobody is on call from {first} for {args.days} days: set it with `telehub rota set`.")

