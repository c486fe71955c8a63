"""What a specialist sends back: advice and messages, validated, saved once, published to the station.

Each form carries a record id made when the page was shown, so sending the same form twice
(a double click, a browser re-submit) saves and publishes it only once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, Table, select, update
from sqlalchemy.exc import IntegrityError

from hub import feed, specialties
from hub import tables as t
from hub.console import voice
from hub.console.auth import Specialist
from sync.wire.ids import utc_iso, uuid7

LIMITS = {"assessment": 20_000, "recommendations": 20_000, "plan_change": 20_000, "follow_up": 2_000,
          "message": 10_000}
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# Control characters other than tab and newline cannot be shown and some cannot be stored.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


class AlreadySaved(Exception):
    """The same form was sent before; nothing new was written."""


def clean_text(value: Any) -> str:
    text = value if isinstance(value, str) else ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text).strip()


def _check_length(errors: dict[str, str], name: str, label: str, value: str, required: bool) -> None:
    limit = LIMITS[name]
    if required and not value:
        errors[name] = f"{label} is required. Write at least a sentence."
    elif len(value) > limit:
        errors[name] = f"{label} is too long: {len(value):,} characters; at most {limit:,} are allowed."


@dataclass
class AdviceForm:
    advice_id: str = field(default_factory=uuid7)
    assessment: str = ""
    recommendations: str = ""
    plan_changed: str = ""
    plan_change: str = ""
    follow_up: str = ""
    voice_sha256: str = ""  # a recording already uploaded (hub.console.voice), said as well as written
    voice_duration_ms: str = ""

    @classmethod
    def from_form(cls, form: Mapping[str, Any]) -> AdviceForm:
        return cls(
            voice_sha256=str(form.get("voice_sha256") or "").strip().lower()[:64],
            voice_duration_ms=str(form.get("voice_duration_ms") or "").strip()[:7],
            advice_id=str(form.get("advice_id") or "").strip().lower()[:36],
            assessment=clean_text(form.get("assessment")),
            recommendations=clean_text(form.get("recommendations")),
            plan_changed=str(form.get("plan_changed") or "").strip().lower()[:3],
            plan_change=clean_text(form.get("plan_change")),
            follow_up=clean_text(form.get("follow_up")),
        )

    def errors(self) -> dict[str, str]:
        """Problems by field name, each a sentence for the specialist; empty when all is well."""
        errors: dict[str, str] = {}
        _check_length(errors, "assessment", "Assessment", self.assessment, True)
        _check_length(errors, "recommendations", "Recommendations", self.recommendations, True)
        if self.plan_changed not in ("yes", "no"):
            errors["plan_changed"] = "Choose Yes or No: did your advice change the management plan?"
        if self.plan_changed == "yes":
            if not self.plan_change:
                errors["plan_change"] = "Write what changed in the management plan (you answered Yes)."
            else:
                _check_length(errors, "plan_change", "What changed", self.plan_change, True)
        _check_length(errors, "follow_up", "Follow-up", self.follow_up, False)
        if not _UUID.fullmatch(self.advice_id):
            # The hidden id was lost or altered: the form must be shown again with a fresh one.
            errors["form"] = "This form had expired. Your text is kept below: check it and send again."
        return errors


@dataclass
class MessageForm:
    message_id: str = field(default_factory=uuid7)
    body: str = ""
    voice_sha256: str = ""
    voice_duration_ms: str = ""

    @classmethod
    def from_form(cls, form: Mapping[str, Any]) -> MessageForm:
        return cls(message_id=str(form.get("message_id") or "").strip().lower()[:36],
                   body=clean_text(form.get("body")),
                   voice_sha256=str(form.get("voice_sha256") or "").strip().lower()[:64],
                   voice_duration_ms=str(form.get("voice_duration_ms") or "").strip()[:7])

    def errors(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        if not self.body and not self.voice_sha256:
            errors["body"] = "The message is empty. Write what you want to ask or tell the health worker."
        elif len(self.body) > LIMITS["message"]:
            errors["body"] = (f"The message is too long: {len(self.body):,} characters; "
                              f"at most {LIMITS['message']:,} are allowed.")
        if not _UUID.fullmatch(self.message_id):
            errors["form"] = "This form had expired. Your text is kept below: check it and send again."
        return errors


def _referral(conn: Connection, referral_id: str) -> Any:
    return conn.execute(
        select(t.referrals.c.id, t.referrals.c.station_id, t.referrals.c.patient_id, t.referrals.c.status,
               t.referrals.c.opened_at)
        .where(t.referrals.c.id == referral_id)
    ).first()


def mark_opened(conn: Connection, referral_id: str, now: datetime) -> bool:
    """The first time a specialist opens a new referral, tell its station it was received.

    The conditional update makes this happen once even when two specialists open it together.
    """
    ref = _referral(conn, referral_id)
    if ref is None or ref.opened_at is not None:
        return False
    claimed = conn.execute(
        update(t.referrals)
        .where(t.referrals.c.id == referral_id, t.referrals.c.opened_at.is_(None))
        .values(opened_at=now)
    ).rowcount
    if claimed != 1:
        return False
    if ref.status in ("queued", "sent"):
        feed.publish(conn, ref.station_id, "referral_status",
                     {"referral_id": referral_id, "status": "received", "at": utc_iso(now)})
    return True


def save_advice(conn: Connection, referral_id: str, specialist: Specialist, form: AdviceForm,
                contributors: list[str] | None = None) -> int:
    """Store the advice and publish it (with status "answered") to the referral's station.

    `contributors` names the colleagues whose second opinions shaped it (sent with the advice).

    Raises AlreadySaved when this form's advice id was saved before; the caller's transaction then
    holds no new writes. Returns the feed sequence number of the advice.
    """
    ref = _referral(conn, referral_id)
    if ref is None:
        raise LookupError(referral_id)
    existing = conn.execute(select(t.advice.c.referral_id).where(t.advice.c.id == form.advice_id)).first()
    if existing is not None:
        raise AlreadySaved(form.advice_id)
    changed = form.plan_changed == "yes"
    payload = {
        "id": form.advice_id,
        "referral_id": referral_id,
        "patient_id": ref.patient_id,
        "specialist_name": specialist.name,
        "specialty": specialties.answering_as(conn, specialist.id, referral_id) or specialist.specialty or "—",
        "assessment": form.assessment,
        "recommendations": form.recommendations,
        "plan_changed": changed,
        "plan_change": form.plan_change if changed else None,
        "follow_up": form.follow_up or None,
        "contributors": list(contributors or []),
    }
    spoken = voice.voice_from_form(conn, referral_id, vars(form))
    if spoken:
        payload["voice"] = spoken
    return feed.publish(conn, ref.station_id, "advice", payload, specialist_id=specialist.id)


def save_message(conn: Connection, referral_id: str, specialist: Specialist, form: MessageForm) -> int:
    """Store a specialist's message and publish it to the referral's station (once per form)."""
    ref = _referral(conn, referral_id)
    if ref is None:
        raise LookupError(referral_id)
    if conn.execute(select(t.messages.c.id).where(t.messages.c.id == form.message_id)).first() is not None:
        raise AlreadySaved(form.message_id)
    payload: dict[str, Any] = {
        "id": form.message_id,
        "referral_id": referral_id,
        "author_name": specialist.name,
        "author_role": "specialist",
        "body": form.body,
    }
    spoken = voice.voice_from_form(conn, referral_id, vars(form))
    if spoken:
        payload["voice"] = spoken
        # A note alone still has words, for stations and lists that cannot play it.
        payload["body"] = form.body or f"Voice note ({voice.clock_text(spoken['duration_ms'])})"
    return feed.publish(conn, ref.station_id, "message", payload)


def send_once(engine: Engine, save: Callable[[Connection], int], table: Table, record_id: str) -> bool:
    """Run `save` in one transaction; False when the record was already saved (nothing written).

    Two identical forms sent at the same moment both pass the existence check; the loser's insert
    hits the primary key, its whole transaction rolls back, and it reports "already saved".
    """
    try:
        with engine.begin() as conn:
            save(conn)
        return True
    except AlreadySaved:
        return False
    except IntegrityError:
        with engine.connect() as conn:
            if conn.execute(select(table.c.id).where(table.c.id == record_id)).first() is not None:
                return False
        raise
