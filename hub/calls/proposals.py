"""A specialist proposes a time for a video consult; the station gets it at its next pull.

The form carries a proposal id made when the page was shown, so sending it twice publishes it
once (like advice and messages).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, select

from hub import feed
from hub import tables as t
from hub.console.answer import AlreadySaved, clean_text
from hub.console.auth import Specialist
from hub.console.formatting import display_zone, time_zone
from sync.wire.ids import utc_iso, uuid7

# Forms shown before every page used the hub's zone named their zone by these abbreviations.
OLD_ZONE_NAMES = {"PKT": "Asia/Karachi", "UTC": "UTC"}
NOTE_LIMIT = 2000
MAX_DAYS_AHEAD = 90
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TIME = re.compile(r"[0-9]{2}:[0-9]{2}")


@dataclass
class ProposalForm:
    proposal_id: str = field(default_factory=uuid7)
    date: str = ""  # YYYY-MM-DD, in `zone`
    time: str = ""  # HH:MM, in `zone`
    # The hub's zone when the form was shown (a hidden field): the date and time are read in it.
    zone: str = field(default_factory=lambda: display_zone().key)
    note: str = ""

    @classmethod
    def from_form(cls, form: Mapping[str, Any]) -> ProposalForm:
        return cls(
            proposal_id=str(form.get("proposal_id") or "").strip().lower()[:36],
            date=str(form.get("date") or "").strip()[:10],
            time=str(form.get("time") or "").strip()[:5],
            zone=_zone_name(str(form.get("zone") or display_zone().key)),
            note=clean_text(form.get("note")),
        )

    def when(self) -> datetime | None:
        """The proposed moment in UTC, or None when date, time or zone are not valid."""
        zone = _zone(self.zone)
        if zone is None or not _DATE.fullmatch(self.date) or not _TIME.fullmatch(self.time):
            return None
        try:
            local = datetime.fromisoformat(f"{self.date}T{self.time}:00")
        except ValueError:
            return None
        return local.replace(tzinfo=zone).astimezone(UTC)

    def errors(self, now: datetime) -> dict[str, str]:
        """Problems by field name, each a sentence for the specialist; empty when all is well."""
        errors: dict[str, str] = {}
        if _zone(self.zone) is None:
            errors["zone"] = (f"The time zone {self.zone[:64]!r} is not known to the hub. Reload the page: "
                              f"times are in {display_zone().key}.")
        if not _DATE.fullmatch(self.date):
            errors["date"] = "Enter the date as YYYY-MM-DD, e.g. 2026-03-14."
        if not _TIME.fullmatch(self.time):
            errors["time"] = "Enter the time as HH:MM on a 24-hour clock, e.g. 14:30."
        moment = self.when()
        if not errors and moment is None:
            errors["date"] = "This date or time does not exist. Check the day and month."
        elif moment is not None and moment < now:
            errors["date"] = "This time has already passed. Choose a time later than now."
        elif moment is not None and moment > now + timedelta(days=MAX_DAYS_AHEAD):
            errors["date"] = f"Choose a time within the next {MAX_DAYS_AHEAD} days."
        if len(self.note) > NOTE_LIMIT:
            errors["note"] = f"The note is too long: {len(self.note):,} characters; at most {NOTE_LIMIT:,} are allowed."
        if not _UUID.fullmatch(self.proposal_id):
            errors["form"] = "This form had expired. Check what you entered and send it again."
        return errors


def _zone_name(value: str) -> str:
    value = value.strip()[:64]
    return OLD_ZONE_NAMES.get(value.upper(), value)


def _zone(name: str) -> ZoneInfo | None:
    try:
        return time_zone(name)
    except ValueError:
        return None


def save_proposal(conn: Connection, referral_id: str, specialist: Specialist, form: ProposalForm) -> int:
    """Store the proposal and publish it to the referral's station; the feed sequence number.

    Raises AlreadySaved when this form was saved before, LookupError for an unknown referral.
    """
    ref = conn.execute(
        select(t.referrals.c.station_id, t.referrals.c.patient_id).where(t.referrals.c.id == referral_id)
    ).first()
    if ref is None:
        raise LookupError(referral_id)
    if conn.execute(select(t.call_proposals.c.id).where(t.call_proposals.c.id == form.proposal_id)).first():
        raise AlreadySaved(form.proposal_id)
    moment = form.when()
    assert moment is not None  # checked by errors()
    conn.execute(t.call_proposals.insert().values(
        id=form.proposal_id, referral_id=referral_id, station_id=ref.station_id, specialist_id=specialist.id,
        specialist_name=specialist.name, proposed_for=moment, note=form.note or None, status="proposed",
        created_at=t.utcnow(),
    ))
    payload = {
        "id": form.proposal_id,
        "referral_id": referral_id,
        "patient_id": ref.patient_id,
        "specialist_name": specialist.name,
        "specialty": specialist.specialty,
        "proposed_for": utc_iso(moment),
        "note": form.note or None,
        "status": "proposed",
    }
    return feed.publish(conn, ref.station_id, "call_proposal", payload, specialist_id=specialist.id)


def cancel_proposal(conn: Connection, referral_id: str, proposal_id: str, specialist: Specialist) -> int | None:
    """Withdraw a proposed time: the station gets version 2 of the proposal, "cancelled", and stops
    showing it as upcoming. The feed sequence number, or None when it was already cancelled.

    Raises LookupError for a proposal not on this referral, PermissionError when another
    specialist proposed it (they made the appointment; only they withdraw it).
    """
    row = conn.execute(
        select(t.call_proposals, t.referrals.c.patient_id)
        .join(t.referrals, t.referrals.c.id == t.call_proposals.c.referral_id)
        .where(t.call_proposals.c.id == proposal_id, t.call_proposals.c.referral_id == referral_id)
    ).first()
    if row is None:
        raise LookupError(proposal_id)
    if row.specialist_id != specialist.id:
        raise PermissionError(proposal_id)
    # Only the change from "proposed" counts: two cancels at once publish one cancellation.
    changed = conn.execute(t.call_proposals.update().where(
        t.call_proposals.c.id == proposal_id, t.call_proposals.c.status == "proposed").values(status="cancelled"))
    if changed.rowcount == 0:
        return None
    payload = {
        "id": proposal_id,
        "referral_id": referral_id,
        "patient_id": row.patient_id,
        "specialist_name": row.specialist_name,
        "specialty": specialist.specialty,
        "proposed_for": utc_iso(row.proposed_for),
        "note": row.note,
        "status": "cancelled",
        "created_at": utc_iso(row.created_at),
        "version": 2,  # a proposal changes once: from proposed to cancelled
    }
    return feed.publish(conn, row.station_id, "call_proposal", payload, specialist_id=specialist.id)


def proposals_for_referral(conn: Connection, referral_id: str) -> list[dict[str, Any]]:
    rows = conn.execute(
        select(t.call_proposals).where(t.call_proposals.c.referral_id == referral_id)
        .order_by(t.call_proposals.c.proposed_for)
    ).all()
    return [
        {"id": r.id, "proposed_for": r.proposed_for,
         "specialist_name": r.specialist_name, "specialist_id": r.specialist_id, "note": r.note, "status": r.status}
        for r in rows
    ]
