"""The mail outbox: mails are written in the transaction that decides them and sent later by the
background task, so a request never waits for SMTP and a failure loses nothing.

Each mail has a key (e.g. "escalation:<referral>:<step>:<person>"): queuing the same key twice
queues it once, whichever hub process tries. Sending claims a mail for a few minutes with a
conditional UPDATE, so two processes never send the same one at once; a failed try is recorded
with its reason and tried again later, with growing waits.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, Connection, Engine, and_, or_, select, update

from hub import tables as t
from hub.db import insert_ignore
from hub.mail.smtp import MailNotSent, SmtpSettings, send

log = logging.getLogger("hub.mail")

CLAIM = timedelta(minutes=5)
# 1, 2, 4 ... minutes, at most an hour apart; given up after a day and a half of tries.
MAX_ATTEMPTS = 40
BATCH = 50


def retry_wait(attempts: int) -> timedelta:
    return timedelta(minutes=min(60, 2 ** max(0, attempts - 1)))


def enqueue(conn: Connection, key: str, kind: str, to: str, subject: str, body: str, now: datetime) -> bool:
    """Queue a mail unless one with this key exists; True if queued."""
    return insert_ignore(conn, t.mail_outbox, {
        "key": key[:200], "kind": kind, "to_address": to, "subject": subject, "body": body, "created_at": now,
        "next_attempt_at": now, "attempts": 0})


def _due(now: datetime) -> ColumnElement[bool]:
    m = t.mail_outbox.c
    return and_(m.sent_at.is_(None), m.failed_at.is_(None), m.next_attempt_at <= now,
                or_(m.claimed_until.is_(None), m.claimed_until < now))


def deliver_due(engine: Engine, smtp: SmtpSettings | None, now: datetime) -> int:
    """Send the mails that are due; returns how many went. Without SMTP settings nothing is sent
    and everything stays queued."""
    if smtp is None:
        return 0
    m = t.mail_outbox.c
    with engine.connect() as conn:
        ids = conn.execute(select(m.id).where(_due(now)).order_by(m.id).limit(BATCH)).scalars().all()
    sent = 0
    for mail_id in ids:
        with engine.begin() as conn:
            claimed = conn.execute(update(t.mail_outbox).where(m.id == mail_id, _due(now))
                                   .values(claimed_until=now + CLAIM, attempts=m.attempts + 1)).rowcount
            row = conn.execute(select(t.mail_outbox).where(m.id == mail_id)).one() if claimed == 1 else None
        if row is None:
            continue
        try:
            send(smtp, row.to_address, row.subject, row.body)
        except MailNotSent as exc:
            give_up = exc.permanent or row.attempts >= MAX_ATTEMPTS
            log.warning("mail %s to %s not sent (try %s): %s", row.id, row.kind, row.attempts, exc)
            with engine.begin() as conn:
                conn.execute(update(t.mail_outbox).where(m.id == mail_id).values(
                    last_error=str(exc)[:2000], claimed_until=None, next_attempt_at=now + retry_wait(row.attempts),
                    failed_at=now if give_up else None))
            continue
        with engine.begin() as conn:
            conn.execute(update(t.mail_outbox).where(m.id == mail_id).values(sent_at=now, claimed_until=None))
        sent += 1
    return sent
