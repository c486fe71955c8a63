"""Case conferences: scheduled by a coordinator, cases put on the agenda, outcomes recorded by the chair.

Each agenda item is also a `conference_agenda` record in its station's feed (same id, a new version
at every change), so the health worker knows when the case comes up. The chair's outcome for a case
is published as the advice on that referral, naming the conference and who was present.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import Connection, func, select, update

from hub import feed
from hub import tables as t
from hub.console.answer import clean_text
from hub.console.auth import Specialist
from hub.console.opinions import labelled, specialties_of
from sync.wire.ids import utc_iso, uuid7

DEFAULT_TIME_ZONE = "Asia/Karachi"
TEXT_LIMIT = 20_000
MEMBER_PREFIX = "member_"
PRESENT_PREFIX = "present_"


class NotAllowedHere(Exception):
    """The person may not make this change; the message says who may."""


class ConferenceError(Exception):
    """Refused; the message is a sentence for the person at the console."""


def zone_name(settings: Any) -> str:
    """The hub's time zone: the configured one when the hub has that setting, else Pakistan's."""
    for attribute in ("time_zone", "timezone"):
        value = getattr(settings, attribute, None)
        if isinstance(value, str) and value:
            return value
    return DEFAULT_TIME_ZONE


def local(moment: datetime, zone: str) -> datetime:
    try:
        return moment.astimezone(ZoneInfo(zone))
    except ZoneInfoNotFoundError:
        return moment


def when_local(moment: datetime, zone: str) -> str:
    """'Tue 8 Dec 2026, 15:00 (Asia/Karachi)': conferences are read in the hub's own zone."""
    there = local(moment, zone)
    return f"{there:%a} {there.day} {there:%b %Y, %H:%M} ({zone})"


def _checked(form: Mapping[str, Any], prefix: str) -> list[str]:
    return [name[len(prefix):] for name, value in form.items() if name.startswith(prefix) and value][:200]


@dataclass
class ScheduleForm:
    title: str = ""
    series: str = ""
    day: str = ""
    at: str = ""
    chair: str = ""
    members: list[str] = field(default_factory=list)

    @classmethod
    def from_form(cls, form: Mapping[str, Any]) -> ScheduleForm:
        return cls(title=clean_text(form.get("title")), series=clean_text(form.get("series")),
                   day=clean_text(form.get("day")), at=clean_text(form.get("at")),
                   chair=clean_text(form.get("chair")), members=_checked(form, MEMBER_PREFIX))

    def errors(self, specialists: Mapping[str, str], zone: str) -> dict[str, str]:
        errors: dict[str, str] = {}
        if not self.title:
            errors["title"] = "Give the conference a title, e.g. 'Paediatric tumour board, December'."
        elif len(self.title) > 200:
            errors["title"] = "The title is too long: at most 200 characters."
        if len(self.series) > 200:
            errors["series"] = "The series name is too long: at most 200 characters."
        try:
            date.fromisoformat(self.day)
        except ValueError:
            errors["day"] = "Date: give the day as YYYY-MM-DD, e.g. 2026-12-09."
        try:
            time.fromisoformat(self.at)
        except ValueError:
            errors["at"] = f"Time: give the time as HH:MM in {zone}, e.g. 15:00."
        if self.chair not in specialists:
            errors["chair"] = "Choose who chairs the conference."
        if any(m not in specialists for m in self.members):
            errors["members"] = "A specialist ticked is no longer on the list. Reload the page and tick again."
        return errors

    def starts_at(self, zone: str) -> datetime:
        moment = datetime.combine(date.fromisoformat(self.day), time.fromisoformat(self.at))
        return moment.replace(tzinfo=ZoneInfo(zone))


def specialists(conn: Connection) -> dict[str, str]:
    rows = conn.execute(
        select(t.specialists.c.id, t.specialists.c.name, t.specialists.c.specialty)
        .where(t.specialists.c.active.is_(True), t.specialists.c.role == "specialist")
        .order_by(t.specialists.c.name)
    ).all()
    return labelled(conn, list(rows))


def schedule(conn: Connection, form: ScheduleForm, coordinator: Specialist, zone: str, now: datetime) -> str:
    conference_id = uuid7()
    conn.execute(t.conferences.insert().values(
        id=conference_id, title=form.title, series=form.series or form.title, starts_at=form.starts_at(zone),
        time_zone=zone, chair_id=form.chair, created_by=coordinator.id, created_at=now, status="scheduled"))
    for member in dict.fromkeys([form.chair, *form.members]):
        conn.execute(t.conference_members.insert().values(conference_id=conference_id, specialist_id=member,
                                                          attended=False))
    return conference_id


def get(conn: Connection, conference_id: str) -> Any:
    chair = t.specialists.alias("chair")
    return conn.execute(
        select(t.conferences, chair.c.name.label("chair_name"))
        .join(chair, chair.c.id == t.conferences.c.chair_id)
        .where(t.conferences.c.id == conference_id)
    ).mappings().first()


def listing(conn: Connection) -> list[dict[str, Any]]:
    """Every conference, the latest first, with its number of cases."""
    chair = t.specialists.alias("chair")
    cases = (select(func.count()).where(t.conference_items.c.conference_id == t.conferences.c.id,
                                        t.conference_items.c.status != "removed").scalar_subquery())
    rows = conn.execute(
        select(t.conferences, chair.c.name.label("chair_name"), cases.label("cases"))
        .join(chair, chair.c.id == t.conferences.c.chair_id)
        .order_by(t.conferences.c.starts_at.desc())
    ).mappings().all()
    return [dict(r) for r in rows]


def open_conferences(conn: Connection) -> list[dict[str, Any]]:
    rows = conn.execute(select(t.conferences).where(t.conferences.c.status != "closed")
                        .order_by(t.conferences.c.starts_at)).mappings().all()
    return [dict(r) for r in rows]


def members(conn: Connection, conference_id: str) -> list[dict[str, Any]]:
    rows = conn.execute(
        select(t.conference_members.c.specialist_id, t.conference_members.c.attended, t.specialists.c.name,
               t.specialists.c.specialty)
        .join(t.specialists, t.specialists.c.id == t.conference_members.c.specialist_id)
        .where(t.conference_members.c.conference_id == conference_id)
        .order_by(t.specialists.c.name)
    ).mappings().all()
    listed = specialties_of(conn)
    return [{**dict(r), "specialty": listed.get(r.specialist_id) or r.specialty} for r in rows]


def _notice(conn: Connection, item: Any, conference: Any, status: str, version: int) -> None:
    ref = conn.execute(select(t.referrals.c.station_id, t.referrals.c.patient_id)
                       .where(t.referrals.c.id == item.referral_id)).first()
    if ref is None:
        return
    feed.publish(conn, ref.station_id, "conference_agenda", {
        "id": item.id, "referral_id": item.referral_id, "patient_id": ref.patient_id,
        "conference_id": conference.id, "title": conference.title, "starts_at": utc_iso(conference.starts_at),
        "time_zone": conference.time_zone, "status": status, "version": version,
    })


def republish_agenda(conn: Connection, station_id: str) -> None:
    """Send a station that has just begun to read agenda notices the current state of its cases."""
    rows = conn.execute(
        select(t.conference_items, t.conferences.c.status.label("conference_status"))
        .join(t.conferences, t.conferences.c.id == t.conference_items.c.conference_id)
        .join(t.referrals, t.referrals.c.id == t.conference_items.c.referral_id)
        .where(t.referrals.c.station_id == station_id, t.conference_items.c.status != "removed")
    ).all()
    for item in rows:
        version = item.notice_version + 1
        conn.execute(update(t.conference_items).where(t.conference_items.c.id == item.id)
                     .values(notice_version=version))
        _notice(conn, item, get(conn, item.conference_id), item.status, version)


def add_case(conn: Connection, conference_id: str, referral_id: str, by: Specialist, now: datetime) -> bool:
    """Put a referral on the agenda (any signed-in person may propose one). False if already on it."""
    conference = get(conn, conference_id)
    if conference is None:
        raise ConferenceError("There is no such conference.")
    if conference.status == "closed":
        raise ConferenceError("This conference has ended; choose another one.")
    if conn.execute(select(t.referrals.c.id).where(t.referrals.c.id == referral_id)).first() is None:
        raise ConferenceError("There is no such referral on the hub.")
    existing = conn.execute(select(t.conference_items).where(
        t.conference_items.c.conference_id == conference_id, t.conference_items.c.referral_id == referral_id)).first()
    position = int(conn.execute(select(func.coalesce(func.max(t.conference_items.c.position), 0))
                                .where(t.conference_items.c.conference_id == conference_id)).scalar() or 0) + 1
    if existing is not None:
        if existing.status != "removed":
            return False
        version = existing.notice_version + 1
        conn.execute(update(t.conference_items).where(t.conference_items.c.id == existing.id).values(
            status="scheduled", position=position, notice_version=version, proposed_by=by.id, proposed_at=now))
        item = conn.execute(select(t.conference_items).where(t.conference_items.c.id == existing.id)).first()
    else:
        version = 1
        item_id = uuid7()
        conn.execute(t.conference_items.insert().values(
            id=item_id, conference_id=conference_id, referral_id=referral_id, position=position,
            proposed_by=by.id, proposed_at=now, status="scheduled", notice_version=version))
        item = conn.execute(select(t.conference_items).where(t.conference_items.c.id == item_id)).first()
    _notice(conn, item, conference, "scheduled", version)
    return True


def may_remove(conference: Any, proposed_by: str, by: Specialist) -> bool:
    """Who takes a case off the agenda: a coordinator, the chair, or whoever put it on."""
    return by.is_coordinator or conference.chair_id == by.id or proposed_by == by.id


def remove_case(conn: Connection, conference_id: str, item_id: str, by: Specialist) -> None:
    conference = get(conn, conference_id)
    item = conn.execute(select(t.conference_items).where(
        t.conference_items.c.id == item_id, t.conference_items.c.conference_id == conference_id)).first()
    if conference is None or item is None:
        raise ConferenceError("That case is not on this conference's agenda.")
    if not may_remove(conference, item.proposed_by, by):
        raise NotAllowedHere("Only a coordinator, the chair or whoever put the case on the agenda takes it off.")
    if item.status == "discussed":
        raise ConferenceError("This case was discussed already; its outcome was sent and stays on the record.")
    if item.status == "removed":
        return
    version = item.notice_version + 1
    conn.execute(update(t.conference_items).where(t.conference_items.c.id == item_id)
                 .values(status="removed", notice_version=version))
    _notice(conn, item, conference, "removed", version)


def _initials(name: str) -> str:
    return "".join(part[0].upper() + "." for part in name.split() if part[:1].isalpha())


def agenda(conn: Connection, conference_id: str) -> list[dict[str, Any]]:
    """The cases on the agenda in order, identified by MRN and initials only."""
    rows = conn.execute(
        select(t.conference_items, t.referrals.c.specialty, t.referrals.c.urgency, t.referrals.c.question,
               t.referrals.c.patient_id, t.stations.c.name.label("station_name"))
        .join(t.referrals, t.referrals.c.id == t.conference_items.c.referral_id)
        .outerjoin(t.stations, t.stations.c.id == t.referrals.c.station_id)
        .where(t.conference_items.c.conference_id == conference_id, t.conference_items.c.status != "removed")
        .order_by(t.conference_items.c.position)
    ).mappings().all()
    names = dict(conn.execute(select(t.specialists.c.id, t.specialists.c.name)).all())
    out = []
    for number, row in enumerate(rows, start=1):
        raw = conn.execute(select(t.records.c.payload).where(t.records.c.entity == "patient",
                                                              t.records.c.id == row.patient_id)).scalar()
        patient = json.loads(raw) if raw else {}
        present = json.loads(row.present) if row.present else []
        out.append({**dict(row), "number": number, "mrn": patient.get("mrn") or "—",
                    "initials": _initials(str(patient.get("name") or "")) or "—",
                    "present_names": [names.get(p, "?") for p in present], "present_ids": present})
    return out


@dataclass
class OutcomeForm:
    consensus_plan: str = ""
    plan_changed: str = ""
    plan_change: str = ""
    present: list[str] = field(default_factory=list)

    @classmethod
    def from_form(cls, form: Mapping[str, Any]) -> OutcomeForm:
        return cls(consensus_plan=clean_text(form.get("consensus_plan")),
                   plan_changed=str(form.get("plan_changed") or "").strip().lower()[:3],
                   plan_change=clean_text(form.get("plan_change")), present=_checked(form, PRESENT_PREFIX))

    def errors(self, member_ids: set[str]) -> dict[str, str]:
        errors: dict[str, str] = {}
        if not self.consensus_plan:
            errors["consensus_plan"] = "Write the plan the conference agreed on."
        elif len(self.consensus_plan) > TEXT_LIMIT:
            errors["consensus_plan"] = f"The plan is too long: at most {TEXT_LIMIT:,} characters."
        if self.plan_changed not in ("yes", "no"):
            errors["plan_changed"] = "Choose Yes or No: did the conference change the management plan?"
        elif self.plan_changed == "yes" and not self.plan_change:
            errors["plan_change"] = "Write what changed in the management plan (you answered Yes)."
        elif len(self.plan_change) > TEXT_LIMIT:
            errors["plan_change"] = f"What changed is too long: at most {TEXT_LIMIT:,} characters."
        if not self.present:
            errors["present"] = "Tick who was present for this case."
        elif any(p not in member_ids for p in self.present):
            errors["present"] = "Someone ticked is not invited to this conference. Reload the page."
        return errors


def record_outcome(conn: Connection, conference_id: str, item_id: str, chair: Specialist, form: OutcomeForm,
                   now: datetime) -> None:
    """Save the chair's outcome for one case and publish it to the station as the advice."""
    conference = get(conn, conference_id)
    if conference is None:
        raise ConferenceError("There is no such conference.")
    if conference.chair_id != chair.id:
        raise ConferenceError("Only the chair records outcomes.")
    item = conn.execute(select(t.conference_items).where(
        t.conference_items.c.id == item_id, t.conference_items.c.conference_id == conference_id)).first()
    if item is None or item.status == "removed":
        raise ConferenceError("That case is not on this conference's agenda.")
    if item.status == "discussed":
        raise ConferenceError("The outcome of this case was recorded and sent already.")
    ref = conn.execute(select(t.referrals).where(t.referrals.c.id == item.referral_id)).first()
    if ref is None:
        raise ConferenceError("The referral of this case is not on the hub.")
    names = dict(conn.execute(select(t.specialists.c.id, t.specialists.c.name)
                              .where(t.specialists.c.id.in_(form.present))).all())
    changed = form.plan_changed == "yes"
    advice_id = uuid7()
    # Claimed in one conditional UPDATE before anything is sent: of two submissions at once (a double
    # click, two tabs) only one finds the case still waiting; the other sends nothing.
    claimed = conn.execute(update(t.conference_items).where(
        t.conference_items.c.id == item_id, t.conference_items.c.status == item.status).values(
        status="discussed", consensus_plan=form.consensus_plan, plan_changed=changed,
        plan_change=form.plan_change if changed else None, present=json.dumps(form.present), discussed_at=now,
        advice_id=advice_id, notice_version=item.notice_version + 1)).rowcount
    if claimed != 1:
        raise ConferenceError("The outcome of this case was recorded and sent already.")
    moment = local(conference.starts_at, conference.time_zone)
    feed.publish(conn, ref.station_id, "advice", {
        "id": advice_id, "referral_id": ref.id, "patient_id": ref.patient_id,
        "specialist_name": chair.name, "specialty": ref.specialty,
        "assessment": f"Discussed at the case conference \"{conference.title}\" on {moment.day} {moment:%b %Y}.",
        "recommendations": form.consensus_plan, "plan_changed": changed,
        "plan_change": form.plan_change if changed else None, "follow_up": None,
        "contributors": [names[p] for p in form.present if p in names],
        "conference_title": conference.title,
    }, specialist_id=chair.id)
    conn.execute(update(t.conference_members).where(
        t.conference_members.c.conference_id == conference_id,
        t.conference_members.c.specialist_id.in_(form.present)).values(attended=True))
    if conference.status == "scheduled":
        conn.execute(update(t.conferences).where(t.conferences.c.id == conference_id).values(status="running"))
    _notice(conn, item, conference, "discussed", item.notice_version + 1)


def close(conn: Connection, conference_id: str, chair: Specialist) -> None:
    conference = get(conn, conference_id)
    if conference is None or conference.chair_id != chair.id:
        raise ConferenceError("Only the chair ends the conference.")
    conn.execute(update(t.conferences).where(t.conferences.c.id == conference_id).values(status="closed"))
    # Cases left undiscussed stay on the minutes as such; their stations stop expecting the call.
    waiting = conn.execute(select(t.conference_items).where(t.conference_items.c.conference_id == conference_id,
                                                            t.conference_items.c.status == "scheduled")).all()
    for item in waiting:
        version = item.notice_version + 1
        conn.execute(update(t.conference_items).where(t.conference_items.c.id == item.id)
                     .values(notice_version=version))
        _notice(conn, item, conference, "removed", version)


def for_referral(conn: Connection, referral_id: str) -> list[dict[str, Any]]:
    """The conferences a referral is on (not removed), soonest first."""
    rows = conn.execute(
        select(t.conference_items.c.id.label("item_id"), t.conference_items.c.status.label("item_status"),
               t.conferences.c.id, t.conferences.c.title, t.conferences.c.starts_at, t.conferences.c.time_zone)
        .join(t.conferences, t.conferences.c.id == t.conference_items.c.conference_id)
        .where(t.conference_items.c.referral_id == referral_id, t.conference_items.c.status != "removed")
        .order_by(t.conferences.c.starts_at)
    ).mappings().all()
    return [{**dict(r), "when": when_local(r.starts_at, r.time_zone)} for r in rows]


def candidate_referrals(conn: Connection, conference_id: str, limit: int = 300) -> list[dict[str, Any]]:
    """Referrals that could go on the agenda (not closed, not on it), newest first, by MRN and initials."""
    on = select(t.conference_items.c.referral_id).where(t.conference_items.c.conference_id == conference_id,
                                                         t.conference_items.c.status != "removed")
    rows = conn.execute(
        select(t.referrals.c.id, t.referrals.c.specialty, t.referrals.c.patient_id,
               t.stations.c.name.label("station_name"))
        .outerjoin(t.stations, t.stations.c.id == t.referrals.c.station_id)
        .where(t.referrals.c.status != "closed", t.referrals.c.id.not_in(on))
        .order_by(t.referrals.c.received_at.desc()).limit(limit)
    ).mappings().all()
    out = []
    for row in rows:
        raw = conn.execute(select(t.records.c.payload).where(t.records.c.entity == "patient",
                                                              t.records.c.id == row.patient_id)).scalar()
        patient = json.loads(raw) if raw else {}
        out.append({"id": row.id, "label": f"MRN {patient.get('mrn') or '—'} · "
                    f"{_initials(str(patient.get('name') or '')) or '—'} · {row.specialty.replace('_', ' ')} · "
                    f"{row.station_name or 'unknown station'}"})
    return out
