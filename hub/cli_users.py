"""`telehub user ...`: the accounts of people at the hub (specialists and coordinators).

Accounts are switched off, never deleted, so the audit keeps naming who did what. Switching an
account off or resetting its password ends its sessions at once: an open tab is signed out at its
next click. Every change is kept in the audit with the actor "telehub (command line)".
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select, update
from sqlalchemy.exc import IntegrityError

from hub import attempts, audit
from hub import cli_specialties as specs
from hub import tables as t
from hub.cli_errors import CliError
from hub.console.auth import LoginThrottle, end_account_sessions
from hub.passwords import hash_password
from sync.wire.ids import uuid7

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,99}$")
MIN_PASSWORD = 10


def read_password(path: str) -> str:
    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise CliError(f"cannot read the password file {path}: {exc.strerror}") from None
    password = text.splitlines()[0] if text.splitlines() else ""
    if len(password) < MIN_PASSWORD:
        raise CliError(f"the password in {path} must be at least {MIN_PASSWORD} characters long")
    return password


def add_parsers(commands: Any, common: argparse.ArgumentParser, parser_class: type) -> None:
    """`user` with its actions, and `specialist add` (the same as `user add --role specialist`)."""
    user = commands.add_parser("user", help="accounts of specialists and coordinators: add, list, switch off, ...")
    actions = user.add_subparsers(dest="action", metavar="ACTION", parser_class=parser_class, required=True)
    add = actions.add_parser("add", parents=[common], help="add a person who can sign in to the console")
    _add_arguments(add, role_choice=True)
    listing = actions.add_parser("list", parents=[common], help="list accounts with their role and state")
    listing.add_argument("--json", action="store_true", help="print the list as JSON")
    for name, text in (("disable", "switch an account off: its sessions end at once, sign-in is refused"),
                       ("enable", "switch an account back on (it signs in again with its password)")):
        action = actions.add_parser(name, parents=[common], help=text)
        action.add_argument("username")
    reset = actions.add_parser("reset-password", parents=[common],
                               help="give an account a new password; its sessions end at once")
    reset.add_argument("username")
    reset.add_argument("--password-file", required=True, metavar="FILE",
                       help="file whose first line is the new password ('-' reads standard input)")
    role = actions.add_parser("set-role", parents=[common], help="make an account a specialist or a coordinator")
    role.add_argument("username")
    role.add_argument("role", choices=t.ROLES)
    member = actions.add_parser("set-specialties", parents=[common],
                                help="the specialties a specialist answers (replaces the ones they had)")
    member.add_argument("username")
    member.add_argument("specialty", nargs="+", help="codes or names from `telehub specialty list`")
    registration = actions.add_parser("set-registration", parents=[common],
                                      help="a specialist's PMDC registration number, shown to stations with their name")
    registration.add_argument("username")
    registration.add_argument("number", help="e.g. 12345-P")

    specialist = commands.add_parser("specialist", help="add specialists who answer referrals "
                                     "(the same as `telehub user add --role specialist`)")
    spec_actions = specialist.add_subparsers(dest="action", metavar="ACTION", parser_class=parser_class,
                                             required=True)
    _add_arguments(spec_actions.add_parser("add", parents=[common], help="add a specialist who can sign in"),
                   role_choice=False)


def _add_arguments(parser: argparse.ArgumentParser, role_choice: bool) -> None:
    parser.add_argument("--username", required=True, help="login name: lowercase letters, digits, . _ -")
    parser.add_argument("--name", required=True, help="full name shown to stations, e.g. 'Dr Sana Baloch'")
    parser.add_argument("--specialty", action="append", required=not role_choice, metavar="SPECIALTY",
                        help="a specialty they answer, by code or name from `telehub specialty list`, e.g. "
                        "paediatrics; repeat it or separate with commas for several (needed for specialists)")
    parser.add_argument("--registration", metavar="NUMBER",
                        help="PMDC registration number, e.g. 12345-P (stations show it with the name)")
    if role_choice:
        parser.add_argument("--role", choices=t.ROLES, default="specialist",
                            help="specialist (answers referrals) or coordinator (dashboard, bulk export, "
                            "audit); default specialist")
    parser.add_argument("--password-file", required=True, metavar="FILE",
                        help="file whose first line is the password ('-' reads standard input)")


def run(engine: Engine, args: argparse.Namespace) -> None:
    if args.command == "specialist" or args.action == "add":
        add_user(engine, args, getattr(args, "role", "specialist"))
    elif args.action == "list":
        list_users(engine, args.json)
    elif args.action in ("disable", "enable"):
        set_active(engine, args.username, args.action == "enable")
    elif args.action == "reset-password":
        password_hash = hash_password(read_password(args.password_file))
        with engine.begin() as conn:
            row = _find(conn, args.username)
            conn.execute(update(t.specialists).where(t.specialists.c.id == row.id).values(password_hash=password_hash))
            ended = end_account_sessions(conn, row.id)
            attempts.forget(conn, LoginThrottle.user_key(row.username))
            audit.record(conn, audit.COMMAND_LINE, "password_reset", target=row.username)
        print(f"New password set for {row.username}; {_sessions(ended)} ended.")
    elif args.action == "set-role":
        with engine.begin() as conn:
            row = _find(conn, args.username)
            if row.role == args.role:
                raise CliError(f"{row.username} is already a {args.role}")
            if args.role == "specialist" and not specs.names_of(conn, row.id):
                raise CliError(f"{row.username} has no specialty; give them one first with "
                               f"`telehub user set-specialties {row.username} SPECIALTY`")
            conn.execute(update(t.specialists).where(t.specialists.c.id == row.id).values(role=args.role))
            audit.record(conn, audit.COMMAND_LINE, "role_changed", target=row.username,
                         detail=f"{row.role} → {args.role}")
        print(f"{row.username} is now a {args.role}; it applies from their next click in the console.")
    elif args.action == "set-specialties":
        with engine.begin() as conn:
            row = _find(conn, args.username)
            chosen = specs.resolve_all(conn, specs.parse_specialties(args.specialty))
            before = specs.names_of(conn, row.id)
            specs.set_memberships(conn, row.id, chosen)
            after = specs.names_of(conn, row.id)
            audit.record(conn, audit.COMMAND_LINE, "specialties_changed", target=row.username,
                         detail=f"{', '.join(before) or 'none'} → {', '.join(after)}")
        print(f"{row.username} answers referrals of: {', '.join(after)} (from their next inbox).")
    elif args.action == "set-registration":
        with engine.begin() as conn:
            row = _find(conn, args.username)
            number = specs.clean_registration(args.number)
            taken = specs.registration_taken(conn, number or "", except_id=row.id)
            if taken:
                raise CliError(f"the registration number {number} is already on the account {taken!r}")
            conn.execute(update(t.specialists).where(t.specialists.c.id == row.id).values(registration_number=number))
            audit.record(conn, audit.COMMAND_LINE, "registration_set", target=row.username,
                         detail=f"{row.registration_number or 'none'} → {number}")
        print(f"{row.username}'s PMDC registration number is {number}; stations see it with the referrals they hold.")


def add_user(engine: Engine, args: argparse.Namespace, role: str) -> None:
    username = args.username.strip().lower()
    if not USERNAME.match(username):
        raise CliError("--username must be 2 to 100 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit")
    name = args.name.strip()
    if not name or len(name) > 200:
        raise CliError("--name must be 1 to 200 characters")
    wanted = specs.parse_specialties(args.specialty)
    if role == "specialist" and not wanted:
        raise CliError("--specialty is needed for a specialist, e.g. --specialty paediatrics (see "
                       "`telehub specialty list`)")
    registration = specs.clean_registration(args.registration)
    password_hash = hash_password(read_password(args.password_file))
    account_id = uuid7()
    try:
        with engine.begin() as conn:
            if conn.execute(select(t.specialists.c.id).where(t.specialists.c.username == username)).first():
                raise CliError(f"an account with username {username!r} already exists")
            chosen = specs.resolve_all(conn, wanted)
            if registration and specs.registration_taken(conn, registration):
                raise CliError(f"the registration number {registration} is already on the account "
                               f"{specs.registration_taken(conn, registration)!r}")
            conn.execute(t.specialists.insert().values(
                id=account_id, username=username, name=name, specialty="", role=role,
                registration_number=registration, password_hash=password_hash, active=True, created_at=t.utcnow(),
            ))
            specs.set_memberships(conn, account_id, chosen)
            audit.record(conn, audit.COMMAND_LINE, "account_added", target=username, detail=role)
    except IntegrityError:
        raise CliError(f"an account with username {username!r} already exists") from None
    specialty = ", ".join(r.name for r in chosen)
    if role == "specialist":
        print(f"Specialist added: {name} ({specialty}), username {username}")
    else:
        print(f"Coordinator added: {name}, username {username}")


def set_active(engine: Engine, username: str, active: bool) -> None:
    with engine.begin() as conn:
        row = _find(conn, username)
        if row.active == active:
            raise CliError(f"{row.username} is already switched {'on' if active else 'off'}")
        conn.execute(update(t.specialists).where(t.specialists.c.id == row.id).values(active=active))
        ended = 0 if active else end_account_sessions(conn, row.id)
        audit.record(conn, audit.COMMAND_LINE, "account_enabled" if active else "account_disabled", target=row.username)
    if active:
        print(f"{row.username} is switched on again and can sign in with their password.")
    else:
        print(f"{row.username} is switched off: sign-in is refused and {_sessions(ended)} ended.")


def list_users(engine: Engine, as_json: bool) -> None:
    with engine.connect() as conn:
        rows = conn.execute(select(t.specialists).order_by(t.specialists.c.username)).all()
        last = dict(conn.execute(select(t.audit_events.c.actor, func.max(t.audit_events.c.at))
                                 .where(t.audit_events.c.action == "sign_in").group_by(t.audit_events.c.actor)).all())
        names = {r.id: specs.names_of(conn, r.id) for r in rows}
    items = [{"username": r.username, "name": r.name, "specialty": r.specialty, "specialties": names[r.id],
              "registration_number": r.registration_number, "role": r.role,
              "active": bool(r.active), "created_at": r.created_at.isoformat(),
              "last_sign_in": last[r.username].isoformat() if last.get(r.username) else None}
             for r in rows]
    if as_json:
        print(json.dumps(items, indent=2, ensure_ascii=False))
        return
    for item in items:
        state = "active" if item["active"] else "switched off"
        what = ", ".join([item["role"], *item["specialties"]])
        if item["registration_number"]:
            what += f", PMDC {item['registration_number']}"
        print(f"{item['username']:<20} {item['name']} ({what})  {state}  last sign-in: {item['last_sign_in'] or 'never'}")
    if not items:
        print("No accounts yet: add one with `telehub user add --username U --name N --role R --password-file F`.")


def _find(conn: Any, username: str) -> Any:
    row = conn.execute(select(t.specialists).where(t.specialists.c.username == username.strip().lower())).first()
    if row is None:
        raise CliError(f"there is no account with username {username!r} (see `telehub user list`)")
    return row


def _sessions(count: int) -> str:
    return f"{count} open session{'s' if count != 1 else ''}"
