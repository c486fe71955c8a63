"""Escalating referrals left without advice past their urgency's target.

Step 1 (at the target): to the holder's backup, else the specialty's on-call specialist of the
hub's day, else the coordinators. Step 2 (at twice the target): to the coordinators. A referral
reached by the coordinators escalates no further.

Several hub processes run this at once. Each step is claimed with one conditional UPDATE
(`escalation_step` moves from the step before to this one): the database lets exactly one
transaction make that change, and only that one records the step, tells the station and queues
the mail, in the same transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, select, update

from hub import feed, station_feed
from hub import tables as t
from hub.escalation import rota
from hub.escalation.rota import Person
from hub.mail import compose, outbox
from sync.wire.ids import utc_iso, uuid7

log = logging.getLogger("hub.escalation")

WAITING = ("queued", "sent", "received")
# escalation_step: 0 none yet, 1 backup or on-call reached, 2 coordinators reached (final).
FINAL_STEP = 2
REASONS = ("backup", "on_call", "coordinators")


@dataclass(frozen=True)
class Step:
    referral_id: str
    step: int
    reason: str
    to_name: str
    waited: timedelta


def due_step(received_at: datetime, done: int, target: timedelta, now: datetime) -> int | None:
    """The step a referral is due for now (1 or 2), or None."""
    if done >= FINAL_STEP:
        return None
    step = done + 1
    return step if now >= received_at + target * step else None


def run_once(engine: Engine, targets: Mapping[str, timedelta], now: datetime, zone: str,
             console_url: str) -> list[Step]:
    """Take every step that is due at `now`; returns the steps this process took."""
    r = t.referrals.c
    with engine.connect() as conn:
        candidates = conn.execute(
            select(r.id, r.urgency, r.received_at, r.escalation_step)
            .where(r.first_answer_at.is_(None), r.status.in_(WAITING), r.escalation_step < FINAL_STEP)
            .order_by(r.urgency_rank, r.received_at)
        ).all()
    taken = []
    for row in candidates:
        target = targets.get(row.urgency)
        if target is None:
            continue
        step = due_step(row.received_at, row.escalation_step, target, now)
        if step is None:
            continue
        with engine.begin() as conn:
            done = _take(conn, row.id, row.escalation_step, step, now, zone, console_url, target)
        if done is not None:
            taken.append(done)
            log.info("referral %s escalated (step %s, %s)", row.id, done.step, done.reason)
    return taken


def _take(conn: Connection, referral_id: str, before: int, step: int, now: datetime, zone: str,
          console_url: str, target: timedelta) -> Step | None:
    r = t.referrals.c
    # Re-read inside the claim's transaction: advice may have arrived since the candidates were listed.
    claimed = conn.execute(
        update(t.referrals)
        .where(r.id == referral_id, r.escalation_step == before, r.first_answer_at.is_(None), r.status.in_(WAITING))
        .values(escalation_step=step)
    ).rowcount
    if claimed != 1:
        return None  # another process took it, or it was answered meanwhile
    ref = conn.execute(select(t.referrals).where(r.id == referral_id)).one()
    reason, people = _recipients(conn, ref, step, now, zone)
    if reason == "coordinators" and step < FINAL_STEP:
        conn.execute(update(t.referrals).where(r.id == referral_id).values(escalation_step=FINAL_STEP))
    to_name = people[0].name if reason != "coordinators" else "the coordinators"
    waited = now - ref.received_at
    escalation_id = uuid7()
    conn.execute(t.escalations.insert().values(
        id=escalation_id, referral_id=referral_id, station_id=ref.station_id, step=step, reason=reason,
        to_specialist_id=people[0].id if reason != "coordinators" else None, to_name=to_name,
        waited_seconds=int(waited.total_seconds()), at=now))
    if "referral_escalation" in station_feed.readable(conn, ref.station_id):
        _publish(conn, ref.station_id, escalation_id, referral_id, step, reason, to_name, waited, now)
    subject, body = compose.escalation(ref, rota.mail_specialty(conn, ref), rota.station_name(conn, ref.station_id),
                                       reason, waited, target, console_url)
    for person in people:
        if person.email:
            outbox.enqueue(conn, f"escalation:{referral_id}:{step}:{person.id}", "escalation", person.email,
                           subject, body, now)
    return Step(referral_id, step, reason, to_name, waited)


def _publish(conn: Connection, station_id: str, escalation_id: str, referral_id: str, step: int, reason: str,
             to_name: str, waited: timedelta, at: datetime) -> None:
    feed.publish(conn, station_id, "referral_escalation", {
        "id": escalation_id, "referral_id": referral_id, "step": step, "reason": reason, "to_name": to_name,
        "waited_minutes": int(waited.total_seconds() // 60), "at": utc_iso(at)})


def publish_all_to(conn: Connection, station_id: str) -> None:
    """Every escalation of the station's referrals, for a station that has just begun to read them."""
    e = t.escalations.c
    for row in conn.execute(select(t.escalations).where(e.station_id == station_id).order_by(e.at, e.step)).all():
        _publish(conn, station_id, row.id, row.referral_id, row.step, row.reason, row.to_name,
                 timedelta(seconds=row.waited_seconds), row.at)


def _recipients(conn: Connection, ref: object, step: int, now: datetime, zone: str) -> tuple[str, list[Person]]:
    holder_id = getattr(ref, "holder_id", None)
    if step == 1:
        backup = rota.backup_of(conn, holder_id)
        if backup is not None:
            return "backup", [backup]
        duty = rota.on_call(conn, getattr(ref, "specialty_code", None), rota.hub_day(now, zone))
        if duty is not None and duty.id != holder_id:
            return "on_call", [duty]
    return "coordinators", rota.coordinators(conn)


def latest_steps(conn: Connection, referral_ids: list[str]) -> dict[str, dict[str, object]]:
    """The newest step of each of these referrals (for the inbox), by referral id."""
    e = t.escalations.c
    latest: dict[str, dict[str, object]] = {}
    for start in range(0, len(referral_ids), 500):
        batch = referral_ids[start:start + 500]
        for row in conn.execute(select(e.referral_id, e.step, e.reason, e.to_name, e.at)
                                .where(e.referral_id.in_(batch)).order_by(e.step)):
            latest[row.referral_id] = {"step": row.step, "reason": row.reason, "to_name": row.to_name, "at": row.at}
    return latest


def escalations_of(conn: Connection, referral_id: str) -> list[dict[str, Any]]:
    """The steps taken on one referral, oldest first (for the referral page)."""
    e = t.escalations.c
    rows = conn.execute(select(t.escalations).where(e.referral_id == referral_id).order_by(e.step)).all()
    return [{"step": row.step, "reason": row.reason, "to_name": row.to_name, "at": row.at,
             "waited": timedelta(seconds=row.waited_seconds)} for row in rows]
