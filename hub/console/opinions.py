"""Second opinions: the specialist holding a referral asks colleagues (any specialty) what they think.

Opinions stay at the hub: the specialists on the case read them, the station never does. The
advice the holder sends names every colleague whose opinion was written before it ("contributors").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, or_, select, update

from hub import tables as t
from hub.console.answer import clean_text
from hub.console.auth import Specialist
from hub.escalation import invitations

OPINION_LIMIT = 20_000
NOTE_LIMIT = 2_000
INVITE_PREFIX = "invite_"


class NotAllowed(Exception):
    """The person may not do this; the message says why, for them."""


def holder_id(conn: Connection, referral_id: str) -> str | None:
    """Who holds the referral (assignment), when the hub records holders; else None."""
    column = t.referrals.c.get("holder_id")
    if column is None:
        return None
    value = conn.execute(select(column).where(t.referrals.c.id == referral_id)).scalar()
    return str(value) if value else None


def may_invite(conn: Connection, referral_id: str, specialist: Specialist) -> bool:
    """The holder invites; a referral nobody holds yet may be opened up by any specialist."""
    if not specialist.answers_referrals:
        return False
    holder = holder_id(conn, referral_id)
    return holder is None or holder == specialist.id


def on_case(conn: Connection, referral_id: str, specialist: Specialist) -> bool:
    """Specialists on the case: the holder, whoever invited or was invited, whoever answered it."""
    if holder_id(conn, referral_id) == specialist.id:
        return True
    asked = conn.execute(
        select(t.opinion_requests.c.id).where(
            t.opinion_requests.c.referral_id == referral_id,
            (t.opinion_requests.c.invited_id == specialist.id) | (t.opinion_requests.c.invited_by == specialist.id),
        ).limit(1)
    ).first()
    if asked is not None:
        return True
    answered = conn.execute(
        select(t.advice.c.id).where(t.advice.c.referral_id == referral_id,
                                    t.advice.c.specialist_id == specialist.id).limit(1)
    ).first()
    return answered is not None


@dataclass
class InviteForm:
    invited: list[str] = field(default_factory=list)
    note: str = ""

    @classmethod
    def from_form(cls, form: Mapping[str, Any]) -> InviteForm:
        invited = [name[len(INVITE_PREFIX):] for name, value in form.items()
                   if name.startswith(INVITE_PREFIX) and value]
        return cls(invited=invited[:50], note=clean_text(form.get("note")))

    def errors(self, colleagues: Mapping[str, str]) -> dict[str, str]:
        errors: dict[str, str] = {}
        if not self.invited:
            errors["invited"] = "Tick at least one colleague to ask for an opinion."
        elif any(i not in colleagues for i in self.invited):
            errors["invited"] = "A colleague ticked is no longer on the list. Reload the page and tick again."
        if len(self.note) > NOTE_LIMIT:
            errors["note"] = f"The note is too long: {len(self.note):,} characters; at most {NOTE_LIMIT:,}."
        return errors


def specialties_of(conn: Connection) -> dict[str, str]:
    """Each specialist's specialties as one text ('Neurology, Paediatrics'), from the hub's list."""
    names: dict[str, list[str]] = {}
    rows = conn.execute(
        select(t.specialist_specialties.c.specialist_id, t.specialties.c.name)
        .join(t.specialties, t.specialties.c.code == t.specialist_specialties.c.specialty_code)
        .order_by(t.specialties.c.name)
    ).all()
    for row in rows:
        names.setdefault(row.specialist_id, []).append(row.name)
    return {k: ", ".join(v) for k, v in names.items()}


def labelled(conn: Connection, rows: list[Any]) -> dict[str, str]:
    """id -> "Name · Specialty" for rows with id, name and specialty (the older single field)."""
    listed = specialties_of(conn)
    out = {}
    for r in rows:
        specialty = listed.get(r.id) or (r.specialty or "").replace("_", " ")
        out[r.id] = f"{r.name} · {specialty}" if specialty else r.name
    return out


def colleagues(conn: Connection, exclude: str) -> dict[str, str]:
    """Specialists who can be asked (switched on, any specialty): id -> 'Name · Specialty'."""
    rows = conn.execute(
        select(t.specialists.c.id, t.specialists.c.name, t.specialists.c.specialty)
        .where(t.specialists.c.active.is_(True), t.specialists.c.role == "specialist", t.specialists.c.id != exclude)
        .order_by(t.specialists.c.name)
    ).all()
    return labelled(conn, list(rows))


def invite(conn: Connection, referral_id: str, inviter: Specialist, form: InviteForm, now: datetime,
           console_url: str) -> int:
    """Ask the ticked colleagues, each with a mail (as for referrals); one already asked is not asked
    twice. Returns how many were new."""
    new = 0
    for specialist_id in dict.fromkeys(form.invited):
        if specialist_id != inviter.id:
            new += invitations.ask(conn, referral_id, specialist_id, inviter.id, form.note, now,
                                   console_url) is not None
    return new


def write_opinion(conn: Connection, referral_id: str, specialist: Specialist, text: str, now: datetime) -> None:
    """Save the invited colleague's opinion (it may be revised until advice is sent after it)."""
    if not text:
        raise ValueError("The opinion is empty. Write what you think of the case.")
    if len(text) > OPINION_LIMIT:
        raise ValueError(f"The opinion is too long: {len(text):,} characters; at most {OPINION_LIMIT:,}.")
    o = t.opinion_requests.c
    # Advice sent after the opinion was written was decided with it (and names its author): from then
    # on the opinion stays as it was read. A first opinion written after the advice is still taken.
    advised_since = select(t.advice.c.id).where(t.advice.c.referral_id == referral_id,
                                                t.advice.c.created_at >= o.answered_at).exists()
    changed = conn.execute(
        update(t.opinion_requests)
        .where(o.referral_id == referral_id, o.invited_id == specialist.id,
               or_(o.answered_at.is_(None), ~advised_since))
        .values(opinion=text, answered_at=now)
    ).rowcount
    if changed == 1:
        return
    asked = conn.execute(select(o.id).where(o.referral_id == referral_id, o.invited_id == specialist.id)).first()
    if asked is None:
        raise NotAllowed("You were not asked for an opinion on this referral.")
    raise ValueError("The advice was sent with your opinion as it stood, so it can no longer be changed. "
                     "Write a message on the referral if you have more to add.")


def for_referral(conn: Connection, referral_id: str) -> list[dict[str, Any]]:
    """Every invitation on a referral, oldest first, with who asked whom, the opinion if written and
    the escalation if it was left unanswered (`escalated_name`, `waited` before it)."""
    invited, inviter = t.specialists.alias("invited"), t.specialists.alias("inviter")
    escalated = t.specialists.alias("escalated")
    rows = conn.execute(
        select(t.opinion_requests, invited.c.name.label("invited_name"),
               invited.c.specialty.label("invited_specialty"), inviter.c.name.label("inviter_name"),
               escalated.c.name.label("escalated_name"))
        .join(invited, invited.c.id == t.opinion_requests.c.invited_id)
        .join(inviter, inviter.c.id == t.opinion_requests.c.invited_by)
        .outerjoin(escalated, escalated.c.id == t.opinion_requests.c.escalated_to)
        .where(t.opinion_requests.c.referral_id == referral_id)
        .order_by(t.opinion_requests.c.created_at, t.opinion_requests.c.id)
    ).mappings().all()
    listed = specialties_of(conn)
    return [{**dict(r), "invited_specialty": listed.get(r.invited_id) or r.invited_specialty,
             "waited": r.escalated_at - r.created_at if r.escalated_at else None} for r in rows]


def contributor_names(conn: Connection, referral_id: str, author_id: str) -> list[str]:
    """Colleagues whose written opinion shaped the advice the author is sending."""
    rows = conn.execute(
        select(t.specialists.c.name)
        .join(t.opinion_requests, t.opinion_requests.c.invited_id == t.specialists.c.id)
        .where(t.opinion_requests.c.referral_id == referral_id, t.opinion_requests.c.answered_at.is_not(None),
               t.opinion_requests.c.invited_id != author_id)
        .order_by(t.opinion_requests.c.answered_at)
    ).scalars()
    return list(dict.fromkeys(rows))


def waiting_for(conn: Connection, specialist_id: str) -> list[dict[str, Any]]:
    """Invitations to this specialist not yet answered, for the inbox (oldest first)."""
    inviter = t.specialists.alias("inviter")
    rows = conn.execute(
        select(t.opinion_requests.c.referral_id, t.opinion_requests.c.note, t.opinion_requests.c.created_at,
               inviter.c.name.label("inviter_name"), t.referrals.c.specialty, t.referrals.c.urgency,
               t.referrals.c.question)
        .join(inviter, inviter.c.id == t.opinion_requests.c.invited_by)
        .join(t.referrals, t.referrals.c.id == t.opinion_requests.c.referral_id)
        .where(t.opinion_requests.c.invited_id == specialist_id, t.opinion_requests.c.answered_at.is_(None))
        .order_by(t.opinion_requests.c.created_at)
    ).mappings().all()
    return [dict(r) for r in rows]
