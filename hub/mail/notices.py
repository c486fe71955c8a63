"""Mails the background task decides: a new emergency or urgent referral to its specialty, and the
daily digest of what waits. Each is queued once, whichever hub process gets there first."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, select, update

from hub import tables as t
from hub.db import insert_ignore
from hub.escalation import rota
from hub.mail import compose, outbox

NOTIFY_URGENCIES = ("emergency", "urgent")
WAITING = ("queued", "sent", "received")


def notify_new_referrals(engine: Engine, now: datetime, console_url: str) -> int:
    """Queue a mail to each specialist of the specialty for every new emergency or urgent referral
    (to the coordinators when nobody active answers that specialty)."""
    r = t.referrals.c
    with engine.connect() as conn:
        ids = conn.execute(select(r.id).where(r.notified_at.is_(None), r.urgency.in_(NOTIFY_URGENCIES))
                           .order_by(r.received_at)).scalars().all()
    queued = 0
    for referral_id in ids:
        with engine.begin() as conn:
            claimed = conn.execute(update(t.referrals).where(r.id == referral_id, r.notified_at.is_(None))
                                   .values(notified_at=now)).rowcount
            if claimed != 1:
                continue
            ref = conn.execute(select(t.referrals).where(r.id == referral_id)).one()
            subject, body = compose.new_referral(ref, rota.mail_specialty(conn, ref),
                                                 rota.station_name(conn, ref.station_id), console_url)
            # Nobody active in its specialty: the coordinators must route it.
            for person in rota.specialists_of(conn, ref.specialty_code) or rota.coordinators(conn):
                if person.email:
                    queued += outbox.enqueue(conn, f"new:{referral_id}:{person.id}", "new_referral", person.email,
                                             subject, body, now)
    return queued


def send_digest(engine: Engine, now: datetime, zone: str, hour: int, targets: Mapping[str, timedelta],
                console_url: str) -> int:
    """Once per hub day, from `hour` on: each specialist (their specialties) and coordinator (all)
    with an address gets counts of what waits. Returns the mails queued (0 when already done)."""
    local = now.astimezone(ZoneInfo(zone))
    if local.hour < hour:
        return 0
    day = local.date()
    with engine.begin() as conn:
        if not insert_ignore(conn, t.digest_runs, {"day": day, "at": now}):
            return 0
        r, s = t.referrals.c, t.specialists.c
        waiting = conn.execute(select(r.specialty_code, r.specialty, r.urgency, r.received_at)
                               .where(r.first_answer_at.is_(None), r.status.in_(WAITING))).all()
        counts: Counter[tuple[str | None, str, str]] = Counter()
        late: Counter[tuple[str | None, str, str]] = Counter()
        names: dict[str | None, str] = {}
        for row in waiting:
            key = (row.specialty_code, row.urgency, "")
            if row.specialty_code not in names:
                names[row.specialty_code] = rota.mail_specialty(conn, row)
            counts[key] += 1
            target = targets.get(row.urgency)
            if target is not None and now - row.received_at > target:
                late[key] += 1
        members: dict[str, set[str]] = {}
        for sid, code in conn.execute(select(t.specialist_specialties.c.specialist_id,
                                             t.specialist_specialties.c.specialty_code)):
            members.setdefault(sid, set()).add(code)
        people = conn.execute(select(s.id, s.name, s.role, s.email)
                              .where(s.active.is_(True), s.email.is_not(None), s.email != "")).all()
        queued = 0
        for person in people:
            mine = [k for k in counts if person.role == "coordinator" or k[0] in members.get(person.id, set())]
            rows = [{"specialty": names.get(k[0]) or "unknown specialty", "urgency": k[1], "waiting": counts[k],
                     "past_target": late[k]}
                    for k in sorted(mine, key=lambda k: (names.get(k[0]) or "", t.URGENCY_RANK.get(k[1], 9)))]
            subject, body = compose.digest(person.name, day.isoformat(), rows, console_url)
            queued += outbox.enqueue(conn, f"digest:{day.isoformat()}:{person.id}", "digest", person.email,
                                     subject, body, now)
    return queued
