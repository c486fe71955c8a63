"""Video consults: the record of each call, and the call times specialists propose.

A call is recorded once, when it has ended, from the call's own summary (who started it, when it
connected and ended, how long it lasted, the worst quality seen). Like every record it is written
with its outbox change and audit entry in one transaction, so it reaches the hub with the next
sync. After that it never changes: the database refuses updates (migration v4).

Call proposals come from the hub (a specialist's "Propose a time"); the newest version of each
wins, and a cancelled one is no longer shown as upcoming.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar

from station.errors import Conflict, NotFound, ValidationError
from station.records import Record, Referral
from station.store import Store

OUTCOMES = ("completed", "missed", "failed", "cancelled")
ENDED_BY = ("station", "specialist", "network")
QUALITIES = ("good", "weak", "audio_only")
PROPOSAL_STATES = ("proposed", "cancelled")
# A proposed time stays on the "upcoming" list this long after it has passed: the specialist
# may be a little late, and the health worker should still see whom they are waiting for.
UPCOMING_GRACE = timedelta(hours=1)
MAX_DURATION_SECONDS = 24 * 3600
IN_PROGRESS_KEY = "call_in_progress"  # station.call_journal's entry in the meta table


@dataclass
class Call(Record):
    """One video consult the station started (the `call` entity)."""

    table: ClassVar[str] = "calls"
    entity: ClassVar[str] = "call"
    referral_id: str = ""
    patient_id: str = ""
    started_at: str = ""
    connected_at: str | None = None
    ended_at: str | None = None
    duration_seconds: int | None = None
    ended_by: str | None = None
    outcome: str = "failed"
    audio_only: bool = False
    quality: str | None = None
    started_by: str = ""


@dataclass
class CallProposal(Record):
    """A time a specialist proposed for a video consult (the `call_proposal` entity, from the hub)."""

    table: ClassVar[str] = "call_proposals"
    entity: ClassVar[str] = "call_proposal"
    referral_id: str = ""
    patient_id: str = ""
    specialist_name: str = ""
    specialty: str = ""
    proposed_for: str = ""
    note: str | None = None
    status: str = "proposed"


_CALL_FIELDS = frozenset(f.name for f in dataclasses.fields(Call)) - {
    "station_id", "created_at", "updated_at", "version"}


def timestamp(value: Any, field: str) -> str:
    """An ISO-8601 UTC timestamp in the station's form (milliseconds, Z); ValidationError otherwise."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value.strip())
        except ValueError:
            raise ValidationError(field, f"{_label(field)}: give a date and time such as 2024-05-01T09:30:00Z, "
                                  f"not {value!r}.") from None
    else:
        raise ValidationError(field, f"{_label(field)}: give a date and time such as 2024-05-01T09:30:00Z.")
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValidationError(field, f"{_label(field)}: the time must say its time zone (end with Z for UTC).")
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _label(field: str) -> str:
    return field.replace("_", " ").capitalize()


def _choice(value: Any, field: str, allowed: tuple[str, ...], optional: bool) -> str | None:
    if value is None and optional:
        return None
    if value not in allowed:
        extra = " or nothing" if optional else ""
        raise ValidationError(field, f"{_label(field)}: choose one of {', '.join(allowed)}{extra}, not {value!r}.")
    return str(value)


def _parse(value: str) -> datetime:
    return datetime.fromisoformat(value)


def check_call(fields: dict[str, Any]) -> dict[str, Any]:
    """Clean a call summary into Call fields; ValidationError naming the first wrong field."""
    out: dict[str, Any] = {k: v for k, v in fields.items() if k in _CALL_FIELDS}
    if fields.get("call_id") and not fields.get("id"):
        out["id"] = fields["call_id"]  # the session names its id as the hub does
    for name in ("referral_id", "started_at", "outcome"):
        if not out.get(name):
            raise ValidationError(name, f"{_label(name)} is required to record a call.")
    out["outcome"] = _choice(out["outcome"], "outcome", OUTCOMES, optional=False)
    out["ended_by"] = _choice(out.get("ended_by"), "ended_by", ENDED_BY, optional=True)
    out["quality"] = _choice(out.get("quality"), "quality", QUALITIES, optional=True)
    if not isinstance(out.get("audio_only", False), bool):
        raise ValidationError("audio_only", "Audio only: true or false.")
    out["audio_only"] = bool(out.get("audio_only", False))
    out["started_at"] = timestamp(out["started_at"], "started_at")
    for name in ("connected_at", "ended_at"):
        out[name] = timestamp(out[name], name) if out.get(name) is not None else None
    started = _parse(out["started_at"])
    if out["connected_at"] and _parse(out["connected_at"]) < started:
        raise ValidationError("connected_at", "Connected at: cannot be before the call started.")
    if out["ended_at"] and _parse(out["ended_at"]) < _parse(out["connected_at"] or out["started_at"]):
        raise ValidationError("ended_at", "Ended at: cannot be before the call started or connected.")
    if out["outcome"] == "completed" and not out["connected_at"]:
        raise ValidationError("connected_at", "Connected at: a completed call must say when it connected.")
    duration = out.get("duration_seconds")
    if duration is None and out["connected_at"] and out["ended_at"]:
        duration = (_parse(out["ended_at"]) - _parse(out["connected_at"])).total_seconds()
    if duration is not None:
        if isinstance(duration, bool) or not isinstance(duration, int | float) or \
                not 0 <= duration <= MAX_DURATION_SECONDS:
            raise ValidationError("duration_seconds", f"Duration: a number of seconds from 0 to "
                                  f"{MAX_DURATION_SECONDS}, not {duration!r}.")
        duration = round(duration)
    out["duration_seconds"] = duration
    return out


def record(store: Store, summary: dict[str, Any], *, started_by: str | None = None) -> Call:
    """Save an ended call from its summary (the `call` fields; `id` or `call_id` names it).

    The patient comes from the referral and `started_by` is the signed-in user (or, for a call
    recovered after a crash, whoever started it). Recording the same call again with the same
    facts returns the saved record; different facts are refused, because an ended call is never
    changed. The call's entry in the journal of calls in progress (station.call_journal) goes in
    the same transaction.
    """
    fields = check_call(summary)
    rows = store.find(Referral, "id = ?", [fields["referral_id"]])
    if not rows:
        raise NotFound(f"The referral {fields['referral_id']} of this call is not on this station.")
    referral = rows[0]
    if fields.get("patient_id") and fields["patient_id"] != referral.patient_id:
        raise ValidationError("patient_id", "Patient: the call's patient is not the patient of its referral.")
    fields["patient_id"] = referral.patient_id
    fields["started_by"] = started_by or store.user.username
    with store.atomic():
        if fields.get("id"):
            store.conn.execute("DELETE FROM meta WHERE key = ? AND json_extract(value, '$.id') = ?",
                               (IN_PROGRESS_KEY, fields["id"]))
            existing = store.find(Call, "id = ?", [fields["id"]])
            if existing:
                return _same_call(existing[0], fields)
        return store.insert(Call(**fields))


def _same_call(existing: Call, fields: dict[str, Any]) -> Call:
    differs = [k for k, v in fields.items() if k not in ("id", "started_by") and getattr(existing, k) != v]
    if differs:
        raise Conflict("This call was already recorded when it ended, and a call record is never changed "
                       f"(different: {', '.join(sorted(differs))}).")
    return existing


def for_referral(store: Store, referral_id: str) -> list[Call]:
    """The calls made about one referral, most recent first."""
    return store.find(Call, "referral_id = ?", [referral_id], order_by="started_at DESC")


def for_patient(store: Store, patient_id: str) -> list[Call]:
    """Every call about one patient, most recent first."""
    return store.find(Call, "patient_id = ?", [patient_id], order_by="started_at DESC")


# -- proposals (hub -> station) ---------------------------------------------------------------
def receive_proposal(store: Store, proposal: CallProposal) -> bool:
    """Apply a proposal pulled from the hub. True if stored; False if ours is as new or newer.

    Raises NotFound if its referral is not on this station (the sync engine holds it until it is).
    """
    if not store.find(Referral, "id = ?", [proposal.referral_id]):
        raise NotFound(f"referral {proposal.referral_id} is not on this station")
    _choice(proposal.status, "status", PROPOSAL_STATES, optional=False)
    proposal.proposed_for = timestamp(proposal.proposed_for, "proposed_for")
    if not proposal.specialist_name.strip():
        raise ValidationError("specialist_name", "Specialist name is required on a proposed call.")
    with store.atomic():
        rows = store.find(CallProposal, "id = ?", [proposal.id])
        if rows and (rows[0].version, rows[0].updated_at) >= (proposal.version, proposal.updated_at):
            return False
        store.put_remote(proposal)
    return True


def upcoming(store: Store, now: datetime | None = None) -> list[CallProposal]:
    """Proposed calls still ahead (or just past), soonest first; cancelled ones are left out."""
    cutoff = timestamp((now or datetime.now(UTC)) - UPCOMING_GRACE, "now")
    return store.find(CallProposal, "status = 'proposed' AND proposed_for >= ?", [cutoff],
                      order_by="proposed_for, id")


def proposals_for_referral(store: Store, referral_id: str) -> list[CallProposal]:
    """Every proposal about one referral, cancelled ones included, soonest first."""
    return store.find(CallProposal, "referral_id = ?", [referral_id], order_by="proposed_for, id")
