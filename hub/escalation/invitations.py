"""Second-opinion invitations follow the referrals' rules: a mail to each colleague asked, and one
escalation of an invitation left unanswered past the referral urgency's response-time target
(counted from the invitation) while the advice has not been sent.

The escalation asks the invitee's backup too (with a mail) when they have one who is not already on
the case; otherwise it mails the specialist who asked, who decides. Several hub processes run this
at once: each escalation is claimed with one conditional UPDATE (`escalated_at` from NULL, with the
opinion still unwritten and no advice since the invitation), so exactly one transaction takes it,
and only that one asks the backup and queues the mail, in the same transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Connection, Engine, exists, select, update

from hub import tables as t
from hub.db import insert_ignore
from hub.escalation import rota
from hub.mail import compose, outbox
from sync.wire.ids import uuid7

log = logging.getLogger("hub.escalation")

ESCALATIONS = ("backup", "inviter")


@dataclass(frozen=True)
class InvitationStep:
    invitation_id: str
    referral_id: str
    escalation: str  # "backup" | "inviter"
    to_name: str
    waited: timedelta


def _name(conn: Connection, specialist_id: str) -> str:
    return str(conn.execute(select(t.specialists.c.name).where(t.specialists.c.id == specialist_id)).scalar() or "")


def _email(conn: Connection, specialist_id: str) -> str | None:
    value = conn.execute(select(t.specialists.c.email).where(t.specialists.c.id == specialist_id)).scalar()
    return str(value) if value else None


def ask(conn: Connection, referral_id: str, invited_id: str, invited_by: str, note: str, now: datetime,
        console_url: str, in_place_of: tuple[str, timedelta] | None = None) -> str | None:
    """Invite a colleague and queue their mail (when they have an address), in the caller's
    transaction. Returns the invitation's id, or None when they were already asked.
    `in_place_of`: (name, waited) of the colleague whose backup is asked."""
    invitation_id = uuid7()
    if not insert_ignore(conn, t.opinion_requests, {
            "id": invitation_id, "referral_id": referral_id, "invited_id": invited_id, "invited_by": invited_by,
            "note": note, "created_at": now}):
        return None
    address = _email(conn, invited_id)
    if address:
        ref = conn.execute(select(t.referrals).where(t.referrals.c.id == referral_id)).one()
        subject, body = compose.opinion_invitation(
            ref, rota.mail_specialty(conn, ref), rota.station_name(conn, ref.station_id), _name(conn, invited_by),
            console_url, in_place_of=in_place_of[0] if in_place_of else None,
            waited=in_place_of[1] if in_place_of else None)
        outbox.enqueue(conn, f"opinion:{invitation_id}", "opinion", address, subject, body, now)
    return invitation_id


def _still_waiting() -> ColumnElement[bool]:
    """No opinion written and no advice sent on the referral since the invitation."""
    o, a = t.opinion_requests.c, t.advice.c
    advised = exists().where(a.referral_id == o.referral_id, a.created_at >= o.created_at)
    return o.answered_at.is_(None) & ~advised


def run_once(engine: Engine, targets: Mapping[str, timedelta], now: datetime,
             console_url: str) -> list[InvitationStep]:
    """Escalate every invitation that is due at `now`; returns the escalations this process took."""
    o, r = t.opinion_requests.c, t.referrals.c
    with engine.connect() as conn:
        candidates = conn.execute(
            select(o.id, o.created_at, r.urgency)
            .join(t.referrals, r.id == o.referral_id)
            .where(o.escalated_at.is_(None), _still_waiting())
            .order_by(o.created_at)
        ).all()
    taken = []
    for row in candidates:
        target = targets.get(row.urgency)
        if target is None or now < row.created_at + target:
            continue
        with engine.begin() as conn:
            done = _take(conn, row.id, now, target, console_url)
        if done is not None:
            taken.append(done)
            log.info("opinion invitation %s escalated (%s)", done.invitation_id, done.escalation)
    return taken


def _take(conn: Connection, invitation_id: str, now: datetime, target: timedelta,
          console_url: str) -> InvitationStep | None:
    o = t.opinion_requests.c
    claimed = conn.execute(
        update(t.opinion_requests)
        .where(o.id == invitation_id, o.escalated_at.is_(None), _still_waiting())
        .values(escalated_at=now)
    ).rowcount
    if claimed != 1:
        return None  # another process took it, or the opinion or the advice came meanwhile
    row = conn.execute(select(t.opinion_requests).where(o.id == invitation_id)).one()
    waited = now - row.created_at
    invitee = _name(conn, row.invited_id)
    backup = rota.backup_of(conn, row.invited_id)
    if backup is not None and not _on_case(conn, row, backup.id) and ask(
            conn, row.referral_id, backup.id, row.invited_by, row.note, now, console_url, (invitee, waited)):
        escalation, to_id, to_name = "backup", backup.id, backup.name
    else:
        escalation, to_id, to_name = "inviter", row.invited_by, _name(conn, row.invited_by)
        _tell_inviter(conn, row, invitee, waited, target, now, console_url)
    conn.execute(update(t.opinion_requests).where(o.id == invitation_id)
                 .values(escalated_to=to_id, escalation=escalation))
    return InvitationStep(invitation_id, row.referral_id, escalation, to_name, waited)


def _on_case(conn: Connection, invitation: Any, specialist_id: str) -> bool:
    """The holder, the one who asked, or a colleague already asked on this referral."""
    if specialist_id == invitation.invited_by:
        return True
    holder = conn.execute(select(t.referrals.c.holder_id).where(t.referrals.c.id == invitation.referral_id)).scalar()
    if holder == specialist_id:
        return True
    o = t.opinion_requests.c
    asked = conn.execute(select(o.id).where(o.referral_id == invitation.referral_id,
                                            o.invited_id == specialist_id)).first()
    return asked is not None


def _tell_inviter(conn: Connection, invitation: Any, invitee: str, waited: timedelta, target: timedelta,
                  now: datetime, console_url: str) -> None:
    address = _email(conn, invitation.invited_by)
    if not address:
        return
    ref = conn.execute(select(t.referrals).where(t.referrals.c.id == invitation.referral_id)).one()
    subject, body = compose.opinion_unanswered(ref, rota.mail_specialty(conn, ref),
                                               rota.station_name(conn, ref.station_id), invitee, waited, target,
                                               console_url)
    outbox.enqueue(conn, f"opinion-unanswered:{invitation.id}", "opinion_unanswered", address, subject, body, now)
