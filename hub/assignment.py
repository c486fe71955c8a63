"""Who holds (answers) a referral: taken by a specialist, assigned or reassigned by a coordinator.

Every change is audited and sent to the referral's station (name and PMDC registration number),
inside the caller's transaction. A take only succeeds on a referral nobody holds, checked in the
UPDATE itself, so two specialists pressing "I'm answering this" at once cannot both hold it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select, update

from hub import audit
from hub import tables as t
from hub.station_feed import publish_holder


class AssignmentError(ValueError):
    """A change of holder that cannot be made, said for the person who tried it."""


@dataclass(frozen=True)
class Holder:
    id: str
    name: str
    username: str
    registration_number: str | None


def holder_of(conn: Connection, referral_id: str) -> Holder | None:
    row = conn.execute(
        select(t.specialists.c.id, t.specialists.c.name, t.specialists.c.username,
               t.specialists.c.registration_number)
        .select_from(t.referrals.join(t.specialists, t.specialists.c.id == t.referrals.c.holder_id))
        .where(t.referrals.c.id == referral_id)
    ).first()
    return None if row is None else Holder(row.id, row.name, row.username, row.registration_number)


def _referral(conn: Connection, referral_id: str) -> Any:
    row = conn.execute(select(t.referrals.c.id, t.referrals.c.holder_id).where(t.referrals.c.id == referral_id)).first()
    if row is None:
        raise AssignmentError("There is no referral at this address.")
    return row


def take(conn: Connection, referral_id: str, specialist_id: str, username: str, address: str = "") -> None:
    """The specialist answers this referral from now on; refused if someone else holds it."""
    _referral(conn, referral_id)
    now = t.utcnow()
    taken = conn.execute(
        update(t.referrals)
        .where(t.referrals.c.id == referral_id, t.referrals.c.holder_id.is_(None))
        .values(holder_id=specialist_id, held_at=now)
    ).rowcount
    if not taken:
        holder = holder_of(conn, referral_id)
        if holder is not None and holder.id == specialist_id:
            raise AssignmentError("You are already answering this referral.")
        who = holder.name if holder else "another specialist"
        raise AssignmentError(f"{who} is already answering this referral. A coordinator can reassign it.")
    audit.record(conn, username, "referral_taken", target=f"referral {referral_id}", address=address, at=now)
    publish_holder(conn, referral_id)


def take_if_free(conn: Connection, referral_id: str, specialist_id: str, username: str, address: str = "") -> bool:
    """Take a referral nobody holds (a specialist answering it becomes its holder); False if held."""
    try:
        take(conn, referral_id, specialist_id, username, address)
    except AssignmentError:
        return False
    return True


def assign(conn: Connection, referral_id: str, specialist_id: str, actor: str, address: str = "") -> Holder:
    """A coordinator gives the referral to an active specialist (from nobody or from someone else)."""
    current = _referral(conn, referral_id)
    target = conn.execute(select(t.specialists).where(t.specialists.c.id == specialist_id)).first()
    if target is None or target.role != "specialist":
        raise AssignmentError("Choose a specialist from the list to assign this referral to.")
    if not target.active:
        raise AssignmentError(f"{target.name}'s account is switched off; choose another specialist.")
    if current.holder_id == specialist_id:
        raise AssignmentError(f"{target.name} is already answering this referral.")
    before = holder_of(conn, referral_id)
    now = t.utcnow()
    conn.execute(update(t.referrals).where(t.referrals.c.id == referral_id)
                 .values(holder_id=specialist_id, held_at=now))
    detail = f"{before.username} → {target.username}" if before else f"→ {target.username}"
    audit.record(conn, actor, "referral_assigned" if before is None else "referral_reassigned",
                 target=f"referral {referral_id}", detail=detail, address=address, at=now)
    publish_holder(conn, referral_id)
    return Holder(target.id, target.name, target.username, target.registration_number)


def release(conn: Connection, referral_id: str, actor_id: str, actor: str, is_coordinator: bool,
            address: str = "") -> None:
    """Give a referral back to its specialty: by its holder, or by a coordinator."""
    _referral(conn, referral_id)
    before = holder_of(conn, referral_id)
    if before is None:
        raise AssignmentError("Nobody is answering this referral, so there is nothing to give back.")
    if before.id != actor_id and not is_coordinator:
        raise AssignmentError(f"{before.name} is answering this referral; only they or a coordinator can give "
                              "it back.")
    # Only from the holder read above: a reassignment made meanwhile stays.
    released = conn.execute(update(t.referrals).where(t.referrals.c.id == referral_id,
                                                      t.referrals.c.holder_id == before.id)
                            .values(holder_id=None, held_at=None)).rowcount
    if released != 1:
        raise AssignmentError("The referral was reassigned meanwhile, so it was not given back. Reload the page "
                              "to see who answers it now.")
    audit.record(conn, actor, "referral_released", target=f"referral {referral_id}",
                 detail=f"{before.username} →", address=address)
    publish_holder(conn, referral_id)


def assignable(conn: Connection, specialty_code: str | None) -> list[dict[str, Any]]:
    """Active specialists a coordinator may assign to: those of the referral's specialty first."""
    members = set()
    if specialty_code:
        members = {r[0] for r in conn.execute(select(t.specialist_specialties.c.specialist_id)
                                              .where(t.specialist_specialties.c.specialty_code == specialty_code))}
    rows = conn.execute(select(t.specialists.c.id, t.specialists.c.name, t.specialists.c.username)
                        .where(t.specialists.c.active.is_(True), t.specialists.c.role == "specialist")
                        .order_by(t.specialists.c.name)).all()
    found = [{"id": r.id, "name": r.name, "username": r.username, "in_specialty": r.id in members} for r in rows]
    return sorted(found, key=lambda r: (not r["in_specialty"], r["name"].lower()))
