"""The specialist's inbox: referrals filtered and ordered most urgent, then longest waiting, first."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, and_, func, or_, select

from hub import specialties
from hub import tables as t
from hub.console import formatting as fmt
from hub.console.auth import Specialist

INBOX_LIMIT = 300
ALL = ""
MINE = "mine"  # the specialist's specialties and what they hold
ATTENTION = "attention"  # referrals nobody can answer: no active specialist in their specialty
WAITING = "waiting"
ANY_STATUS = "all"


@dataclass(frozen=True)
class InboxFilters:
    specialty: str = ALL
    urgency: str = ALL
    status: str = WAITING
    station: str = ALL


def parse_filters(params: Mapping[str, str], specialist: Specialist) -> InboxFilters:
    """Filters from the query string. A missing specialty means a specialist's own referrals (their
    specialties and what they hold), a coordinator's every one; an empty one means every specialty.
    Values that are not offered fall back to the default."""
    specialty = params.get("specialty")
    if specialty is None:
        specialty = MINE if specialist.answers_referrals else ALL
    specialty = specialty.strip()[:100]
    urgency = params.get("urgency", ALL)
    urgency = urgency if urgency in fmt.URGENCIES else ALL
    status = params.get("status", WAITING)
    status = status if status in (WAITING, ANY_STATUS, *fmt.STATUSES) else WAITING
    station = params.get("station", ALL).strip()[:64]
    return InboxFilters(specialty=specialty, urgency=urgency, status=status, station=station)


def patient_payload(raw: str | None) -> dict[str, Any]:
    if not raw:
        return {}
    try:
        data = json.loads(raw)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def shorten(text: str, limit: int = 140) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def specialty_column(column: Any) -> Any:
    """SQL for formatting.specialty_key of a column (same on SQLite and PostgreSQL)."""
    return func.lower(func.trim(func.replace(func.replace(column, "_", " "), "-", " ")))


def nobody_answers(r: Any) -> Any:
    """SQL: nobody holds the referral and no active specialist is in its specialty (or it has none)."""
    member = (select(t.specialist_specialties.c.specialist_id)
              .join(t.specialists, t.specialists.c.id == t.specialist_specialties.c.specialist_id)
              .where(t.specialist_specialties.c.specialty_code == r.c.specialty_code,
                     t.specialists.c.active.is_(True), t.specialists.c.role == "specialist"))
    return and_(r.c.holder_id.is_(None), ~member.exists())


def attention_count(conn: Connection) -> int:
    """Waiting referrals that only a coordinator can route (see nobody_answers)."""
    r = t.referrals
    return int(conn.execute(select(func.count()).select_from(r).where(
        r.c.status.in_(fmt.WAITING_STATUSES), nobody_answers(r))).scalar_one())


def inbox_rows(
    conn: Connection, filters: InboxFilters, now: datetime, limit: int = INBOX_LIMIT, viewer_id: str = ""
) -> tuple[list[dict[str, Any]], bool]:
    """Rows for the inbox table and whether more matched than `limit` (`viewer_id`: whose "mine")."""
    r = t.referrals
    patient = t.records.alias("patient")
    holder = t.specialists.alias("holder")
    attention = nobody_answers(r)
    query = (
        select(
            r.c.id, r.c.specialty, r.c.urgency, r.c.status, r.c.question, r.c.created_at,
            r.c.received_at, r.c.first_answer_at, t.stations.c.name.label("station_name"),
            t.stations.c.district, patient.c.payload.label("patient_payload"),
            r.c.holder_id, holder.c.name.label("holder_name"), t.specialties.c.name.label("specialty_name"),
            attention.label("attention"),
        )
        .select_from(
            r.outerjoin(t.stations, t.stations.c.id == r.c.station_id).outerjoin(
                patient, and_(patient.c.entity == "patient", patient.c.id == r.c.patient_id)
            ).outerjoin(holder, holder.c.id == r.c.holder_id)
            .outerjoin(t.specialties, t.specialties.c.code == r.c.specialty_code)
        )
        .where(r.c.status != "draft")
        # The hub's receive time, not the clinic's clock: a PC stamping 2031 must not sort last.
        .order_by(r.c.urgency_rank, r.c.received_at, r.c.id)
        .limit(limit + 1)
    )
    if filters.specialty == MINE:
        mine = select(t.specialist_specialties.c.specialty_code).where(
            t.specialist_specialties.c.specialist_id == viewer_id)
        query = query.where(or_(r.c.specialty_code.in_(mine), r.c.holder_id == viewer_id))
    elif filters.specialty == ATTENTION:
        query = query.where(attention)
    elif filters.specialty:
        code = specialties.resolve(conn, filters.specialty)
        query = query.where(r.c.specialty_code == code if code else
                            specialty_column(r.c.specialty) == fmt.specialty_key(filters.specialty))
    if filters.urgency:
        query = query.where(r.c.urgency == filters.urgency)
    if filters.status == WAITING:
        query = query.where(r.c.status.in_(fmt.WAITING_STATUSES))
    elif filters.status != ANY_STATUS:
        query = query.where(r.c.status == filters.status)
    if filters.station:
        query = query.where(r.c.station_id == filters.station)
    found = conn.execute(query).all()
    rows = []
    for row in found[:limit]:
        p = patient_payload(row.patient_payload)
        answered = row.first_answer_at
        waiting = (
            f"answered in {fmt.format_duration(answered - row.received_at)}"
            if answered is not None
            else fmt.format_duration(now - row.received_at)
        )
        rows.append({
            "id": row.id,
            "specialty": row.specialty_name or fmt.specialty_label(row.specialty),
            "holder_name": row.holder_name,
            "held_by_me": bool(viewer_id) and row.holder_id == viewer_id,
            "attention": bool(row.attention),
            "urgency": row.urgency,
            "status": row.status,
            "question": shorten(row.question),
            "created_at": row.created_at,
            "received_at": row.received_at,
            "waiting": waiting,
            "station_name": row.station_name or "Unknown station",
            "district": row.district or "",
            "patient_name": p.get("name") or "Patient record not yet received",
            "name_ur": p.get("name_ur"),
            "age": fmt.age_text(p.get("date_of_birth"), p.get("estimated_age_years"), now.date())
            if p else "age unknown",
            "sex": fmt.sex_label(p.get("sex")),
        })
    return rows, len(found) > limit


def filter_options(conn: Connection, specialist: Specialist) -> dict[str, list[tuple[str, str]]]:
    """Choices for the inbox filter menus."""
    named = [(row.code, row.name + ("" if row.active else " (switched off)"))
             for row in specialties.list_specialties(conn)]
    first = [(MINE, "My specialties")] if specialist.answers_referrals else []
    specialty_options = [*first, (ALL, "All specialties"),
                         (ATTENTION, "Nobody answers its specialty (coordinators)"), *named]
    stations = conn.execute(select(t.stations.c.id, t.stations.c.name).order_by(t.stations.c.name)).all()
    return {
        "specialty_options": specialty_options,
        "urgency_options": [(ALL, "Any urgency")] + [(u, fmt.urgency_label(u)) for u in fmt.URGENCIES],
        "status_options": [(WAITING, "Waiting for an answer"), (ANY_STATUS, "Any status")]
        + [(s, fmt.status_label(s)) for s in fmt.STATUSES],
        "station_options": [(ALL, "All stations")] + [(s.id, s.name) for s in stations],
    }
