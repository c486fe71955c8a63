"""Case conference notices from the hub: a referral is on a conference's agenda, and when.

The hub sends one `conference_agenda` record per agenda item and a newer version when the item
moves, is taken off the agenda, or has been discussed (its outcome arrives as the advice). The
newest version wins; the health worker sees the scheduled ones on Home and on the referral.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from typing import ClassVar

from station.calls import timestamp
from station.errors import NotFound, ValidationError
from station.records import Record, Referral
from station.store import Store

STATES = ("scheduled", "removed", "discussed")
# A conference runs for a while: its cases stay listed this long after it started.
SHOWN_AFTER_START = timedelta(hours=6)
PAKISTAN = timezone(timedelta(hours=5), "PKT")


@dataclass
class AgendaNotice(Record):
    """A referral's place on a case conference's agenda (the `conference_agenda` entity, from the hub)."""

    table: ClassVar[str] = "conference_agenda"
    entity: ClassVar[str] = "conference_agenda"
    referral_id: str = ""
    patient_id: str = ""
    conference_id: str = ""
    title: str = ""
    starts_at: str = ""
    time_zone: str = "Asia/Karachi"
    status: str = "scheduled"

    def zone(self) -> tzinfo:
        """The conference's time zone (the hub's), Pakistan's fixed offset when this PC lacks it."""
        try:
            from zoneinfo import ZoneInfo

            return ZoneInfo(self.time_zone)
        except Exception:  # no tz database (Windows without tzdata) or an unknown name
            return PAKISTAN

    def local_start(self) -> datetime:
        return datetime.fromisoformat(self.starts_at.replace("Z", "+00:00")).astimezone(self.zone())


def receive(store: Store, notice: AgendaNotice) -> bool:
    """Apply a notice pulled from the hub. True if stored; False if ours is as new or newer.

    Raises NotFound if its referral is not on this station (the sync engine holds it until it is).
    """
    if not store.find(Referral, "id = ?", [notice.referral_id]):
        raise NotFound(f"referral {notice.referral_id} is not on this station")
    if notice.status not in STATES:
        raise ValidationError("status", f"Status: one of {', '.join(STATES)}, not {notice.status!r}.")
    notice.starts_at = timestamp(notice.starts_at, "starts_at")
    if not notice.title.strip():
        raise ValidationError("title", "Title is required on a conference notice.")
    with store.atomic():
        rows = store.find(AgendaNotice, "id = ?", [notice.id])
        if rows and (rows[0].version, rows[0].updated_at) >= (notice.version, notice.updated_at):
            return False
        store.put_remote(notice)
    return True


def upcoming(store: Store, now: datetime | None = None) -> list[AgendaNotice]:
    """Cases of this station on an agenda still ahead (or under way), soonest first."""
    cutoff = timestamp((now or datetime.now(UTC)) - SHOWN_AFTER_START, "now")
    return store.find(AgendaNotice, "status = 'scheduled' AND starts_at >= ?", [cutoff], order_by="starts_at, id")


def for_referral(store: Store, referral_id: str) -> list[AgendaNotice]:
    """Every notice about one referral (removed ones included), soonest first."""
    return store.find(AgendaNotice, "referral_id = ?", [referral_id], order_by="starts_at, id")
