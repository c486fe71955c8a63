"""`telehub specialty ...`: the list of specialties stations refer to, and which ones a specialist answers.

The list reaches every station with its next pull. Specialties are switched off, never deleted:
referrals made to them keep their name.
"""

from __future__ import annotations

import argparse
import json
import re
from typing import Any

from sqlalchemy import Connection, Engine, delete, select, update

from hub import audit, specialties
from hub import tables as t
from hub.cli_errors import CliError

# PMDC registration numbers: digits, a hyphen and the letter of the registering office (12345-P).
REGISTRATION = re.compile(r"^[0-9]{1,7}-[A-Z]$")


def add_parsers(commands: Any, common: argparse.ArgumentParser, parser_class: type) -> None:
    specialty = commands.add_parser("specialty", help="the specialties stations refer to: add, list, rename")
    actions = specialty.add_subparsers(dest="action", metavar="ACTION", parser_class=parser_class, required=True)
    add = actions.add_parser("add", parents=[common], help="add a specialty; stations offer it after their next sync")
    add.add_argument("name", help="its English name, e.g. 'Neonatology (newborns)'")
    add.add_argument("--urdu", default="", metavar="NAME", help="its Urdu name, shown on Urdu stations, e.g. 'نوزائیدہ بچے'")
    add.add_argument("--code", metavar="CODE", help="its stable code (default: from the English name, e.g. neonatology)")
    listing = actions.add_parser("list", parents=[common], help="list specialties with their codes and specialists")
    listing.add_argument("--json", action="store_true", help="print the list as JSON")
    rename = actions.add_parser("rename", parents=[common], help="change a specialty's English and/or Urdu name "
                                "(its code, which referrals carry, stays)")
    rename.add_argument("code", help="the specialty's code (see `telehub specialty list`)")
    rename.add_argument("name", nargs="?", help="the new English name")
    rename.add_argument("--urdu", metavar="NAME", help="the new Urdu name")
    for name, text in (("disable", "stop offering a specialty on stations' referral forms (referrals keep it)"),
                       ("enable", "offer a switched-off specialty again")):
        action = actions.add_parser(name, parents=[common], help=text)
        action.add_argument("code")


def run(engine: Engine, args: argparse.Namespace) -> None:
    try:
        if args.action == "list":
            with engine.connect() as conn:
                print_list(specialties.list_specialties(conn), args.json)
            return
        with engine.begin() as conn:
            if args.action == "add":
                row = specialties.add(conn, args.name, args.urdu, args.code)
                audit.record(conn, audit.COMMAND_LINE, "specialty_added", target=row.code,
                             detail=f"{row.name} / {row.name_ur}".strip(" /"))
                print(f"Specialty added: {row.name} (code {row.code}); stations offer it after their next sync.")
                if not row.name_ur:
                    print(f"It has no Urdu name yet: Urdu stations show the English one. Add it with "
                          f"`telehub specialty rename {row.code} --urdu NAME`.")
            elif args.action == "rename":
                before, after = specialties.change(conn, args.code, name=args.name, name_ur=args.urdu)
                audit.record(conn, audit.COMMAND_LINE, "specialty_changed", target=after.code,
                             detail=f"{before.name} / {before.name_ur} → {after.name} / {after.name_ur}")
                print(f"Specialty {after.code} is now: {after.name}"
                      f"{' / ' + after.name_ur if after.name_ur else ''}; stations show it after their next sync.")
            else:
                on = args.action == "enable"
                current = specialties.get(conn, args.code.strip())
                if current is not None and current.active == on:
                    raise CliError(f"the specialty {current.code} is already switched {'on' if on else 'off'}")
                _, after = specialties.change(conn, args.code, active=on)
                audit.record(conn, audit.COMMAND_LINE, "specialty_changed", target=after.code,
                             detail="switched on" if on else "switched off")
                print(f"{after.name} is switched {'on' if on else 'off'}: stations "
                      f"{'offer it again' if on else 'stop offering it'} after their next sync.")
    except specialties.SpecialtyError as exc:
        raise CliError(str(exc)) from None


def print_list(rows: list[specialties.SpecialtyRow], as_json: bool) -> None:
    if as_json:
        print(json.dumps([r.as_json() for r in rows], indent=2, ensure_ascii=False))
        return
    for r in rows:
        who = f"{r.members} specialist{'s' if r.members != 1 else ''}" if r.members else "NOBODY answers it"
        state = "" if r.active else "  (switched off)"
        print(f"{r.code:<28} {r.name}  |  {r.name_ur or '(no Urdu name)'}  |  {who}{state}")
    if not rows:
        print("No specialties yet: add one with `telehub specialty add NAME --urdu NAME`.")


# -- specialists' specialties and registration numbers (used by `telehub user`) ------------------------

def parse_specialties(values: list[str] | None) -> list[str]:
    """`--specialty` values, repeatable and comma-separated, in the order given, without repeats."""
    found: list[str] = []
    for value in values or []:
        for part in value.split(","):
            if part.strip() and part.strip() not in found:
                found.append(part.strip())
    return found


def resolve_all(conn: Connection, texts: list[str]) -> list[specialties.SpecialtyRow]:
    try:
        rows = [specialties.find(conn, text) for text in texts]
    except specialties.SpecialtyError as exc:
        raise CliError(f"--specialty: {exc}") from None
    unique = {r.code: r for r in rows}
    return list(unique.values())


def set_memberships(conn: Connection, specialist_id: str, rows: list[specialties.SpecialtyRow]) -> None:
    """Make `rows` exactly the specialties of the account (their names also written on the account,
    which the console's header and the advice of a case outside them show)."""
    conn.execute(delete(t.specialist_specialties).where(t.specialist_specialties.c.specialist_id == specialist_id))
    now = t.utcnow()
    for row in rows:
        conn.execute(t.specialist_specialties.insert().values(specialist_id=specialist_id, specialty_code=row.code,
                                                              added_at=now))
    conn.execute(update(t.specialists).where(t.specialists.c.id == specialist_id)
                 .values(specialty=", ".join(r.name for r in rows)[:100]))


def names_of(conn: Connection, specialist_id: str) -> list[str]:
    return [r.name for r in conn.execute(
        select(t.specialties.c.name)
        .join(t.specialist_specialties, t.specialist_specialties.c.specialty_code == t.specialties.c.code)
        .where(t.specialist_specialties.c.specialist_id == specialist_id).order_by(t.specialties.c.name))]


def clean_registration(value: str | None) -> str | None:
    """A PMDC registration number as stored (upper case), None when not given, or a CliError."""
    if value is None or not value.strip():
        return None
    number = value.strip().upper().replace(" ", "")
    if not REGISTRATION.match(number):
        raise CliError(f"--registration must be a PMDC registration number: 1 to 7 digits, a hyphen and the "
                       f"letter of the registering office, e.g. 12345-P (not {value.strip()!r})")
    return number


def registration_taken(conn: Connection, number: str, except_id: str | None = None) -> str | None:
    row = conn.execute(select(t.specialists.c.id, t.specialists.c.username)
                       .where(t.specialists.c.registration_number == number)).first()
    return None if row is None or row.id == except_id else str(row.username)
