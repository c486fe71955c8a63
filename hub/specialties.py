"""The specialties the hub manages: the list, its changes, and reading a referral's free text as one.

Every change is published to the stations that read specialties (see hub.station_feed), inside
the caller's transaction, so a station's referral form offers exactly the hub's list.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, and_, func, select, update

from hub import tables as t
from hub.station_feed import publish_specialty
from sync.wire.specialties import DEFAULT_SPECIALTIES, default_code, is_code, slug

MAX_NAME = 100


class SpecialtyError(ValueError):
    """A specialty change that cannot be made; the message names the field and what is allowed."""


@dataclass(frozen=True)
class SpecialtyRow:
    code: str
    name: str
    name_ur: str
    active: bool
    members: int = 0  # active specialists in it

    def as_json(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, "name_ur": self.name_ur, "active": self.active,
                "active_specialists": self.members}


def ensure_defaults(conn: Connection) -> None:
    """Give a hub with no specialties at all the built-in list (a new or emptied database)."""
    if conn.execute(select(func.count()).select_from(t.specialties)).scalar_one():
        return
    now = t.utcnow()
    conn.execute(t.specialties.insert(), [
        {"code": d.code, "name": d.name, "name_ur": d.name_ur, "active": True, "created_at": now, "updated_at": now}
        for d in DEFAULT_SPECIALTIES])


def list_specialties(conn: Connection, include_inactive: bool = True) -> list[SpecialtyRow]:
    """The list in name order, each with how many active specialists answer for it."""
    members = (select(t.specialist_specialties.c.specialty_code, func.count().label("n"))
               .join(t.specialists, t.specialists.c.id == t.specialist_specialties.c.specialist_id)
               .where(t.specialists.c.active.is_(True), t.specialists.c.role == "specialist")
               .group_by(t.specialist_specialties.c.specialty_code).subquery())
    query = (select(t.specialties, func.coalesce(members.c.n, 0).label("members"))
             .outerjoin(members, members.c.specialty_code == t.specialties.c.code)
             .order_by(func.lower(t.specialties.c.name)))
    if not include_inactive:
        query = query.where(t.specialties.c.active.is_(True))
    return [SpecialtyRow(r.code, r.name, r.name_ur, bool(r.active), int(r.members)) for r in conn.execute(query)]


def get(conn: Connection, code: str) -> SpecialtyRow | None:
    row = conn.execute(select(t.specialties).where(t.specialties.c.code == code)).first()
    return None if row is None else SpecialtyRow(row.code, row.name, row.name_ur, bool(row.active))


def resolve(conn: Connection, text: str) -> str | None:
    """The code of the hub specialty `text` names (its code, its name or a spelling of either), or None."""
    value = (text or "").strip()
    if not value:
        return None
    candidates = [value] if is_code(value) else []
    candidates += [default_code(value), slug(value)]
    for code in candidates:
        if code and conn.execute(select(t.specialties.c.code).where(t.specialties.c.code == code)).first():
            return code
    row = conn.execute(select(t.specialties.c.code).where(
        func.lower(t.specialties.c.name) == value.lower())).first()
    if row:
        return str(row.code)
    # A hub name with a bracketed gloss ("Paediatrics (children)") is matched without it too.
    wanted = default_code(value)
    for row in conn.execute(select(t.specialties.c.code, t.specialties.c.name)):
        if wanted and default_code(row.name) == wanted:
            return str(row.code)
    return None


def find(conn: Connection, text: str) -> SpecialtyRow:
    """The specialty `text` names, or a SpecialtyError listing the codes there are."""
    code = resolve(conn, text)
    if code is None:
        codes = ", ".join(r.code for r in list_specialties(conn))
        raise SpecialtyError(f"there is no specialty {text.strip()!r} on the hub's list; use one of: {codes} "
                             "(or add it with `telehub specialty add`)")
    found = get(conn, code)
    assert found is not None
    return found


def answering_as(conn: Connection, specialist_id: str, referral_id: str) -> str | None:
    """The name of the referral's specialty when the specialist is in it (their advice says so), else None."""
    return conn.execute(
        select(t.specialties.c.name)
        .join(t.referrals, t.referrals.c.specialty_code == t.specialties.c.code)
        .join(t.specialist_specialties, and_(t.specialist_specialties.c.specialty_code == t.specialties.c.code,
                                             t.specialist_specialties.c.specialist_id == specialist_id))
        .where(t.referrals.c.id == referral_id)
    ).scalar()


def _clean_name(value: str, field: str) -> str:
    name = " ".join((value or "").split())
    if not name or len(name) > MAX_NAME or any(ch < " " for ch in name):
        raise SpecialtyError(f"{field} must be 1 to {MAX_NAME} characters on one line")
    return name


def _name_taken(conn: Connection, name: str, except_code: str | None = None) -> str | None:
    row = conn.execute(select(t.specialties.c.code).where(func.lower(t.specialties.c.name) == name.lower())).first()
    return None if row is None or row.code == except_code else str(row.code)


def add(conn: Connection, name: str, name_ur: str = "", code: str | None = None) -> SpecialtyRow:
    """Add a specialty (its code from its name unless given); published to the stations."""
    name = _clean_name(name, "the name")
    name_ur = _clean_name(name_ur, "--urdu") if name_ur.strip() else ""
    code = (code or "").strip() or default_code(name)
    if not is_code(code):
        raise SpecialtyError(f"--code must be 2 to 40 lowercase letters, digits or '_', starting with a letter, "
                             f"not {code!r}")
    existing = get(conn, code)
    if existing is not None:
        raise SpecialtyError(f"the specialty {existing.name!r} already has the code {code!r}; rename it with "
                             f"`telehub specialty rename {code} ...`, or give this one another --code")
    taken = _name_taken(conn, name)
    if taken:
        raise SpecialtyError(f"the name {name!r} is already used by the specialty {taken!r}")
    now = t.utcnow()
    conn.execute(t.specialties.insert().values(code=code, name=name, name_ur=name_ur, active=True,
                                               created_at=now, updated_at=now))
    row = SpecialtyRow(code, name, name_ur, True)
    _publish(conn, row)
    return row


def change(conn: Connection, code: str, name: str | None = None, name_ur: str | None = None,
           active: bool | None = None) -> tuple[SpecialtyRow, SpecialtyRow]:
    """Rename a specialty (English and/or Urdu) or switch it on/off: (before, after)."""
    before = get(conn, code.strip())
    if before is None:
        raise SpecialtyError(f"there is no specialty with the code {code.strip()!r} (see `telehub specialty list`)")
    values: dict[str, Any] = {}
    if name is not None:
        values["name"] = _clean_name(name, "the new name")
        taken = _name_taken(conn, values["name"], except_code=before.code)
        if taken:
            raise SpecialtyError(f"the name {values['name']!r} is already used by the specialty {taken!r}")
    if name_ur is not None:
        values["name_ur"] = _clean_name(name_ur, "--urdu") if name_ur.strip() else ""
    if active is not None:
        values["active"] = active
    if not values:
        raise SpecialtyError("say what to change: a new name, --urdu NAME, --off or --on")
    conn.execute(update(t.specialties).where(t.specialties.c.code == before.code)
                 .values(**values, updated_at=t.utcnow()))
    after = get(conn, before.code)
    assert after is not None
    _publish(conn, after)
    return before, after


def _publish(conn: Connection, row: SpecialtyRow) -> None:
    publish_specialty(conn, row.code, row.name, row.name_ur, row.active)
