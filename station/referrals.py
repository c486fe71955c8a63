"""Referrals to a specialist, the advice that comes back, and the message thread."""

from __future__ import annotations

from typing import Any

from station import specialties
from station.clinical.ranges import format_number, vital_range
from station.clinical.vitals import from_observations
from station.errors import Conflict, ValidationError
from station.records import URGENCIES, Advice, Attachment, Encounter, Message, Patient, Referral, VitalsSet
from station.store import Store
from sync.wire.ids import utc_iso

# The names stations stored before the hub managed the list (station.specialties reads them as codes).
SPECIALTIES = (
    "general medicine", "paediatrics", "obstetrics and gynaecology", "dermatology", "cardiology",
    "pulmonology", "infectious diseases", "endocrinology", "neurology", "psychiatry", "ophthalmology",
    "ENT", "general surgery", "orthopaedics", "nephrology", "nutrition", "emergency medicine")
# Forward-only lifecycle; the hub may skip "received" when the answer comes first.
NEXT = {"draft": {"queued"}, "queued": {"sent"}, "sent": {"received", "answered"},
        "received": {"answered"}, "answered": {"closed"}, "closed": set()}
MAX_QUESTION = 2000


def _summary(store: Store, patient: Patient, encounter: Encounter | None) -> str:
    from station.patients import age_years

    age = age_years(patient)
    lines = [f"{patient.sex}, {age if age is not None else 'unknown'} years, {patient.district}"]
    if encounter:
        for label, value in (("Complaint", encounter.complaint), ("History", encounter.history),
                             ("Examination", encounter.examination), ("Assessment", encounter.assessment)):
            if value:
                lines.append(f"{label}: {value}")
        if encounter.diagnoses:
            lines.append("Diagnoses: " + ", ".join(f"{d['code']} {d['title']}" for d in encounter.diagnoses))
    vitals = store.find(VitalsSet, "patient_id = ?", [patient.id], order_by="taken_at DESC", limit=1)
    if vitals:
        values = from_observations(vitals[0].observations)
        readable = [f"{vital_range(k).label} {vital_range(k).with_unit(format_number(v))}" for k, v in values.items()]
        lines.append("Vitals: " + ", ".join(readable))
    return "\n".join(lines)


def create(store: Store, patient_id: str, specialty: str, urgency: str, question: str,
           encounter_id: str | None = None, attachments: list[str] | None = None,
           queue: bool = True, consent: dict[str, Any] | None = None) -> Referral:
    """Refer a case. Queued at once (it leaves with the next sync), or kept as a draft.

    `consent` (station.consent.clean) says who agreed to share it; a refusal keeps it a local draft."""
    patient = store.get(Patient, patient_id)
    encounter = store.get(Encounter, encounter_id) if encounter_id else None
    choice = specialties.find(store, specialty)
    if choice is None:
        offered = ", ".join(c.name for c in specialties.offered(store))
        raise ValidationError("specialty", f"Specialty: choose one of {offered}.")
    specialty = choice.code
    if urgency not in URGENCIES:
        raise ValidationError("urgency", f"Urgency: choose one of {', '.join(URGENCIES)}.")
    question = question.strip()
    if not 10 <= len(question) <= MAX_QUESTION:
        raise ValidationError("question", f"Question for the specialist: write 10 to {MAX_QUESTION} characters "
                              "saying what you need to know.")
    for sha in attachments or []:
        if not store.conn.execute("SELECT 1 FROM blobs WHERE sha256 = ?", (sha,)).fetchone():
            raise ValidationError("attachments", "Photos: one of the photos is no longer stored; add it again.")
    refused = consent is not None and not consent.get("given")
    with store.atomic():
        referral = store.insert(Referral(
            patient_id=patient_id, encounter_id=encounter_id, specialty=specialty, urgency=urgency,
            question=question, status="queued" if queue and not refused else "draft",
            created_by=store.user.username, attachments=list(attachments or []),
            summary=_summary(store, patient, encounter), consent=consent))
        if consent is not None:
            store.audit("referral.consent", "referral", referral.id,
                        {"by": consent["by"], "relation": consent["relation"], "given": consent["given"]})
        if not referral.travels():
            hold_photos(store, referral)
    return referral


def hold_photos(store: Store, referral: Referral) -> None:
    """A referral that stays on the station keeps its photos here too: their changes leave the outbox."""
    if not referral.attachments:
        return
    marks = ",".join("?" * len(referral.attachments))
    store.conn.execute(
        f"DELETE FROM outbox WHERE entity = 'attachment' AND state = 'pending' "
        f"AND json_extract(payload, '$.patient_id') = ? AND json_extract(payload, '$.sha256') IN ({marks})",
        (referral.patient_id, *referral.attachments))


def release_photos(store: Store, referral: Referral) -> None:
    """Once a referral may leave (consent given, draft sent), its held photos are queued again."""
    if not referral.attachments:
        return
    marks = ",".join("?" * len(referral.attachments))
    for photo in store.find(Attachment, f"patient_id = ? AND sha256 IN ({marks})",
                            [referral.patient_id, *referral.attachments]):
        if not store.conn.execute("SELECT 1 FROM outbox WHERE entity = 'attachment' AND record_id = ? LIMIT 1",
                                  (photo.id,)).fetchone():
            store.update(photo)


def advance(store: Store, referral_id: str, status: str) -> Referral:
    """Move a referral forward in its lifecycle (never backwards)."""
    referral = store.get(Referral, referral_id)
    if status == referral.status:
        return referral
    if status not in NEXT[referral.status] and not _later(status, referral.status):
        raise Conflict(f"A referral that is '{referral.status}' cannot become '{status}'.")
    if not _later(status, referral.status):
        return referral
    referral.status = status
    with store.atomic():
        referral = store.update(referral)
        if referral.travels():
            release_photos(store, referral)
    return referral


def _later(a: str, b: str) -> bool:
    order = list(NEXT)
    return order.index(a) > order.index(b)


def receive_advice(store: Store, advice: Advice) -> None:
    """Apply advice pulled from the hub: stored, and the referral marked answered."""
    with store.atomic():
        store.put_remote(advice)
        referral = store.get(Referral, advice.referral_id)
        if _later("answered", referral.status):
            referral.status = "answered"
            store.update(referral)


def acknowledge(store: Store, advice_id: str) -> Advice:
    """The health worker has read the advice: recorded, and the referral closed."""
    advice = store.get(Advice, advice_id)
    if advice.acknowledged_at:
        return advice
    with store.atomic():
        store.update_local(advice, acknowledged_by=store.user.username, acknowledged_at=utc_iso())
        store.audit("advice.acknowledge", "advice", advice.id)
        advance(store, advice.referral_id, "closed")
    return advice


def send_message(store: Store, referral_id: str, body: str) -> Message:
    store.get(Referral, referral_id)
    body = body.strip()
    if not 1 <= len(body) <= 4000:
        raise ValidationError("body", "Message: write 1 to 4000 characters.")
    return store.insert(Message(referral_id=referral_id, author_name=store.user.full_name,
                                author_role="station", body=body, read_at=utc_iso()))


def waiting(store: Store) -> list[Referral]:
    """Referrals still waiting for a specialist's answer."""
    return store.find(Referral, "status IN ('queued', 'sent', 'received')", order_by="created_at")


def unread_advice(store: Store) -> list[Advice]:
    return store.find(Advice, "acknowledged_at IS NULL", order_by="created_at")
