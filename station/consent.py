"""Consent before anything leaves the clinic (Sindh Telemedicine and Telehealth Act 2021).

A referral, and the video consults and voice notes that belong to it, share the patient's data
with a specialist outside the clinic. The health worker records once per referral who agreed:
the patient, or a caregiver named with their relation. A refusal is recorded too, and keeps the
referral on the station: it is never put in the outbox (see `Referral.travels`).
"""

from __future__ import annotations

from typing import Any

from station import referrals
from station.errors import ValidationError
from station.records import Referral
from station.store import Store
from sync.wire.ids import utc_iso

GIVERS = ("patient", "caregiver")
RELATIONS = ("mother", "father", "husband", "wife", "son", "daughter", "brother", "sister", "grandparent",
             "guardian", "other relative")


def clean(by: str, name: str, relation: str, given: bool, recorded_by: str) -> dict[str, Any]:
    """The consent as stored and sent: who agreed (or refused), when, recorded by whom."""
    if by not in GIVERS:
        raise ValidationError("consent_by", "Consent: choose who was asked, the patient or a caregiver.")
    name = " ".join(str(name or "").split())
    relation = " ".join(str(relation or "").split()).lower()
    if not 2 <= len(name) <= 100:
        raise ValidationError("consent_name", "Consent: write the name of the person who was asked "
                              "(2 to 100 letters).")
    if by == "caregiver":
        if not 2 <= len(relation) <= 50:
            raise ValidationError("consent_relation", "Consent: write how the caregiver is related to the "
                                  "patient (e.g. mother, husband).")
    else:
        relation = "self"
    return {"by": by, "name": name, "relation": relation, "given": bool(given), "recorded_by": recorded_by,
            "recorded_at": utc_iso()}


def given(referral: Referral) -> bool:
    return bool(referral.consent and referral.consent.get("given"))


def record(store: Store, referral_id: str, consent: dict[str, Any]) -> Referral:
    """Add consent to a referral made without it (e.g. asked before a video consult)."""
    referral = store.get(Referral, referral_id)
    with store.atomic():
        referral.consent = consent
        referral = store.update(referral)
        if referral.travels():
            referrals.release_photos(store, referral)
        store.audit("referral.consent", "referral", referral.id,
                    {"by": consent["by"], "relation": consent["relation"], "given": consent["given"]})
    return referral
