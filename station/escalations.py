"""Escalation steps of a referral, as the hub reports them (the `referral_escalation` entity).

When nobody answers a referral within its urgency's target, the hub escalates it: to the holder's
backup or the specialty's on-call specialist, then to the coordinators. The station keeps each step
so the health worker sees who now has the case and how long it has waited.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from station.errors import NotFound, ValidationError
from station.records import Record, Referral
from station.store import Store

REASONS = ("backup", "on_call", "coordinators")


@dataclass
class ReferralEscalation(Record):
    table: ClassVar[str] = "referral_escalations"
    entity: ClassVar[str] = "referral_escalation"
    referral_id: str = ""
    step: int = 1
    reason: str = "coordinators"
    to_name: str = ""
    waited_minutes: int = 0
    at: str = ""

    def travels(self) -> bool:
        return False  # written by the hub only


def receive(store: Store, step: ReferralEscalation) -> bool:
    """Keep a step pulled from the hub; False when it is already here (steps never change).

    Raises NotFound if its referral is not on this station (the sync engine holds it until it is).
    """
    if not store.find(Referral, "id = ?", [step.referral_id]):
        raise NotFound(f"referral {step.referral_id} is not on this station")
    if step.reason not in REASONS:
        raise ValidationError("reason", f"Escalation reason must be one of {', '.join(REASONS)}.")
    with store.atomic():
        if store.find(ReferralEscalation, "id = ?", [step.id]):
            return False
        store.put_remote(step)
    return True


def for_referral(store: Store, referral_id: str) -> list[ReferralEscalation]:
    """The steps of one referral, first step first."""
    return store.find(ReferralEscalation, "referral_id = ?", [referral_id], order_by="step, at")
