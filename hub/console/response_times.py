"""Response-time figures for the dashboard: per urgency, the share answered within its target,
median and 90th-percentile time to first advice; escalations per month; what waits now by specialty.

Everything is measured from when the hub received the referral (`referrals.received_at`), never
the clinic's clock, and computed in Python from plain rows so SQLite and PostgreSQL agree.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, select

from hub import tables as t
from hub.escalation.rota import specialty_name
from hub.escalation.targets import URGENCIES, describe

WAITING = ("queued", "sent", "received")


def percentile(values: list[float], share: float) -> float | None:
    """Nearest-rank percentile (the value at or below which `share` of the values lie)."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def by_urgency(conn: Connection, start: datetime | None, now: datetime,
               targets: Mapping[str, timedelta]) -> list[dict[str, Any]]:
    """Per urgency, referrals received since `start`: how many, how many were due (answered, or
    past their target), the share of those answered within the target, median and p90 answer time."""
    r = t.referrals.c
    query = select(r.urgency, r.received_at, r.first_answer_at).where(r.status != "draft")
    if start is not None:
        query = query.where(r.received_at >= start)
    times: dict[str, list[float]] = defaultdict(list)
    received: Counter[str] = Counter()
    due: Counter[str] = Counter()
    in_time: Counter[str] = Counter()
    for row in conn.execute(query):
        target = targets.get(row.urgency)
        received[row.urgency] += 1
        if row.first_answer_at is not None:
            waited = row.first_answer_at - row.received_at
            times[row.urgency].append(waited.total_seconds())
            due[row.urgency] += 1
            in_time[row.urgency] += target is not None and waited <= target
        elif target is not None and now - row.received_at > target:
            due[row.urgency] += 1
    out = []
    for urgency in URGENCIES:
        median = statistics.median(times[urgency]) if times[urgency] else None
        p90 = percentile(times[urgency], 0.9)
        target = targets.get(urgency)
        out.append({
            "urgency": urgency, "target": describe(target) if target else "—", "received": received[urgency],
            "answered": len(times[urgency]), "due": due[urgency], "in_time": in_time[urgency],
            "share": in_time[urgency] / due[urgency] if due[urgency] else None,
            "median": timedelta(seconds=median) if median is not None else None,
            "p90": timedelta(seconds=p90) if p90 is not None else None,
        })
    return out


def escalations_per_month(conn: Connection, start: datetime | None) -> list[dict[str, Any]]:
    """Escalation steps per month (UTC) they happened, split by whom they went to."""
    e = t.escalations.c
    query = select(e.at, e.reason)
    if start is not None:
        query = query.where(e.at >= start)
    months: dict[str, Counter[str]] = defaultdict(Counter)
    for row in conn.execute(query):
        months[f"{row.at.year:04d}-{row.at.month:02d}"][row.reason] += 1
    return [{"month": datetime(int(k[:4]), int(k[5:]), 1).strftime("%b %Y"), "backup": c["backup"],
             "on_call": c["on_call"], "coordinators": c["coordinators"], "total": sum(c.values())}
            for k, c in sorted(months.items())]


def waiting_by_specialty(conn: Connection, now: datetime, targets: Mapping[str, timedelta]) -> list[dict[str, Any]]:
    """Referrals waiting for advice now, per specialty and urgency, with how many are past target."""
    r = t.referrals.c
    rows = conn.execute(select(r.specialty, r.specialty_code, r.urgency, r.received_at)
                        .where(r.first_answer_at.is_(None), r.status.in_(WAITING))).all()
    names: dict[tuple[str | None, str], str] = {}
    table: dict[tuple[str | None, str], dict[str, Any]] = {}
    for row in rows:
        key = (row.specialty_code, row.specialty if row.specialty_code is None else "")
        if key not in names:
            names[key] = specialty_name(conn, row)
            table[key] = {"specialty": names[key], "total": 0, "past_target": 0, "oldest": timedelta(0),
                          **{u: 0 for u in URGENCIES}}
        entry = table[key]
        entry[row.urgency] = entry.get(row.urgency, 0) + 1
        entry["total"] += 1
        waited = now - row.received_at
        entry["oldest"] = max(entry["oldest"], waited)
        target = targets.get(row.urgency)
        if target is not None and waited > target:
            entry["past_target"] += 1
    return sorted(table.values(), key=lambda e: (-e["past_target"], -e["total"], e["specialty"].lower()))


def response_context(conn: Connection, start: datetime | None, now: datetime,
                     targets: Mapping[str, timedelta]) -> dict[str, Any]:
    return {"response_by_urgency": by_urgency(conn, start, now, targets),
            "escalation_months": escalations_per_month(conn, start),
            "waiting_by_specialty": waiting_by_specialty(conn, now, targets)}
