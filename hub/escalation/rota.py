"""Backups and the on-call rota: who a waiting referral goes to when its holder does not answer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, and_, delete, select, update

from hub import tables as t
from hub.db import insert_ignore


class RotaError(ValueError):
    """A rota or backup change that cannot be made; the message says why and what to do."""


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    email: str | None


def hub_day(moment: datetime, zone: str) -> date:
    """The calendar day at the hub (rota days are the hub's days, not UTC's)."""
    return moment.astimezone(ZoneInfo(zone)).date()


def _person(conn: Connection, specialist_id: str | None) -> Person | None:
    if not specialist_id:
        return None
    s = t.specialists.c
    row = conn.execute(select(s.id, s.name, s.email).where(s.id == specialist_id, s.active.is_(True))).first()
    return Person(row.id, row.name, row.email) if row else None


def backup_of(conn: Connection, specialist_id: str | None) -> Person | None:
    """The active backup of an active specialist, if one is set."""
    if not specialist_id:
        return None
    row = conn.execute(select(t.specialists.c.backup_id).where(t.specialists.c.id == specialist_id)).first()
    return _person(conn, row.backup_id) if row else None


def on_call(conn: Connection, specialty_code: str | None, day: date) -> Person | None:
    """Who is on call for the specialty on that day (when still active)."""
    if not specialty_code:
        return None
    row = conn.execute(select(t.on_call.c.specialist_id).where(
        t.on_call.c.specialty_code == specialty_code, t.on_call.c.day == day)).first()
    return _person(conn, row.specialist_id) if row else None


def specialty_name(conn: Connection, ref: Any) -> str:
    """The hub's name of a referral's specialty (its own text when the hub has no such specialty)."""
    if ref.specialty_code:
        name = conn.execute(select(t.specialties.c.name).where(t.specialties.c.code == ref.specialty_code)).scalar()
        if name:
            return str(name)
    return str(ref.specialty or "an unknown specialty")


UNLISTED_SPECIALTY = "a specialty not on the hub's list"


def mail_specialty(conn: Connection, ref: Any) -> str:
    """The specialty as a mail may say it: the hub's own name only. A specialty the hub does not
    list is the station's free text, which may hold anything a health worker typed (a name)."""
    if ref.specialty_code:
        name = conn.execute(select(t.specialties.c.name).where(t.specialties.c.code == ref.specialty_code)).scalar()
        if name:
            return str(name)
    return UNLISTED_SPECIALTY


def station_name(conn: Connection, station_id: str) -> str:
    return str(conn.execute(select(t.stations.c.name).where(t.stations.c.id == station_id)).scalar() or "a station")


def coordinators(conn: Connection) -> list[Person]:
    s = t.specialists.c
    rows = conn.execute(select(s.id, s.name, s.email).where(s.role == "coordinator", s.active.is_(True))
                        .order_by(s.username)).all()
    return [Person(r.id, r.name, r.email) for r in rows]


def specialists_of(conn: Connection, specialty_code: str | None) -> list[Person]:
    """Active specialists who answer for a specialty."""
    if not specialty_code:
        return []
    s, m = t.specialists.c, t.specialist_specialties.c
    rows = conn.execute(
        select(s.id, s.name, s.email)
        .select_from(t.specialists.join(t.specialist_specialties, m.specialist_id == s.id))
        .where(m.specialty_code == specialty_code, s.active.is_(True), s.role == "specialist")
        .order_by(s.username)
    ).all()
    return [Person(r.id, r.name, r.email) for r in rows]


def _account(conn: Connection, username: str) -> Any:
    s = t.specialists.c
    row = conn.execute(select(s.id, s.username, s.name, s.role, s.active).where(s.username == username.strip())).first()
    if row is None:
        raise RotaError(f"there is no account called {username!r} (see `telehub user list`)")
    return row


def set_backup(conn: Connection, username: str, backup_username: str | None) -> tuple[str, str | None]:
    """Set (or with None, clear) a specialist's backup; returns (name, backup's name or None)."""
    who = _account(conn, username)
    if who.role != "specialist":
        raise RotaError(f"{username} is a coordinator: only specialists hold referrals and have backups")
    backup_id = backup_name = None
    if backup_username is not None:
        backup = _account(conn, backup_username)
        if backup.id == who.id:
            raise RotaError("a specialist cannot be their own backup: name another specialist")
        if backup.role != "specialist" or not backup.active:
            raise RotaError(f"{backup_username} cannot be a backup: only an active specialist account can")
        backup_id, backup_name = backup.id, backup.name
    conn.execute(update(t.specialists).where(t.specialists.c.id == who.id).values(backup_id=backup_id))
    return who.name, backup_name


def set_on_call(conn: Connection, specialty_code: str, first: date, last: date, username: str | None,
                now: datetime) -> int:
    """Put `username` on call for the specialty on every day from `first` to `last` (None: nobody);
    returns the number of days set."""
    if last < first:
        raise RotaError(f"--to {last} is before --date {first}")
    if (last - first).days > 366:
        raise RotaError("a rota is set at most a year (367 days) at a time")
    found = conn.execute(select(t.specialties.c.code).where(t.specialties.c.code == specialty_code)).first()
    if found is None:
        raise RotaError(f"there is no specialty {specialty_code!r} (see `telehub specialty list`)")
    specialist_id = None
    if username is not None:
        who = _account(conn, username)
        if who.role != "specialist" or not who.active:
            raise RotaError(f"{username} cannot be on call: only an active specialist account can")
        member = conn.execute(select(t.specialist_specialties.c.specialist_id).where(and_(
            t.specialist_specialties.c.specialist_id == who.id,
            t.specialist_specialties.c.specialty_code == specialty_code))).first()
        if member is None:
            raise RotaError(f"{username} is not in {specialty_code}: add the specialty to the account first")
        specialist_id = who.id
    day, days = first, 0
    while day <= last:
        conn.execute(delete(t.on_call).where(t.on_call.c.specialty_code == specialty_code, t.on_call.c.day == day))
        if specialist_id:
            insert_ignore(conn, t.on_call, {"specialty_code": specialty_code, "day": day,
                                            "specialist_id": specialist_id, "set_at": now})
        day += timedelta(days=1)
        days += 1
    return days


def rota_rows(conn: Connection, first: date, last: date, specialty_code: str | None = None) -> list[dict[str, Any]]:
    o, s = t.on_call.c, t.specialists.c
    query = (select(o.specialty_code, o.day, s.username, s.name)
             .select_from(t.on_call.join(t.specialists, s.id == o.specialist_id))
             .where(o.day >= first, o.day <= last).order_by(o.day, o.specialty_code))
    if specialty_code:
        query = query.where(o.specialty_code == specialty_code)
    return [{"day": r.day.isoformat(), "specialty": r.specialty_code, "username": r.username, "name": r.name}
            for r in conn.execute(query)]
