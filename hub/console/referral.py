"""Everything the referral page shows, gathered from the hub's tables and the stations' records."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select

from hub import tables as t
from hub.console import formatting as fmt
from hub.console import vitals
from hub.console.clinic_clock import clinic_time_doubt

IMAGE_TYPES = frozenset({"image/jpeg", "image/png", "image/webp", "image/gif"})
# A correction chain longer than this is not followed further.
MAX_CORRECTIONS = 20


def _json(raw: str | None) -> dict[str, Any]:
    try:
        data = json.loads(raw) if raw else {}
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def record(conn: Connection, entity: str, record_id: str | None) -> dict[str, Any] | None:
    if not record_id:
        return None
    raw = conn.execute(
        select(t.records.c.payload).where(t.records.c.entity == entity, t.records.c.id == record_id)
    ).scalar()
    return _json(raw) if raw is not None else None


def records_mentioning(conn: Connection, entity: str, station_id: str, needle: str) -> list[dict[str, Any]]:
    """Records of one station whose JSON mentions `needle` (an id); callers check the field itself.

    Payloads are JSON text on both SQLite and PostgreSQL, so a LIKE on the unique id narrows the
    rows portably before the exact check in Python.
    """
    rows = conn.execute(
        select(t.records.c.payload).where(
            t.records.c.entity == entity,
            t.records.c.station_id == station_id,
            t.records.c.payload.contains(needle, autoescape=True),
        )
    ).scalars()
    return [_json(raw) for raw in rows]


def current_version(conn: Connection, entity: str, station_id: str, first: dict[str, Any]) -> dict[str, Any]:
    """Follow `supersedes` corrections from a record to its latest correction."""
    current = first
    for _ in range(MAX_CORRECTIONS):
        newer = [
            r for r in records_mentioning(conn, entity, station_id, current.get("id", ""))
            if r.get("supersedes") == current.get("id")
        ]
        if not newer:
            break
        current = max(newer, key=lambda r: str(r.get("updated_at", "")))
    return current


def patient_view(p: dict[str, Any] | None, today: Any) -> dict[str, Any]:
    p = p or {}
    place = ", ".join(x for x in (p.get("village"), p.get("district")) if x)
    return {
        "name": p.get("name") or "Patient record not yet received",
        "name_ur": p.get("name_ur"),
        "father_name": p.get("father_name"),
        "father_name_ur": p.get("father_name_ur"),
        "relation": p.get("relation"),
        "mrn": p.get("mrn"),
        "age": fmt.age_text(p.get("date_of_birth"), p.get("estimated_age_years"), today) if p else "age unknown",
        "sex": fmt.sex_label(p.get("sex")),
        "place": place,
        "phone": p.get("phone"),
    }


def encounter_view(e: dict[str, Any] | None) -> dict[str, Any] | None:
    if not e:
        return None
    return {
        "started_at": e.get("started_at"),
        "signed_by": e.get("signed_by"),
        "sections": [
            ("Complaint", e.get("complaint")),
            ("History", e.get("history")),
            ("Examination", e.get("examination")),
            ("Assessment", e.get("assessment")),
            ("Plan", e.get("plan")),
        ],
        "diagnoses": [d for d in e.get("diagnoses") or [] if isinstance(d, dict)],
        "prescriptions": [p for p in e.get("prescriptions") or [] if isinstance(p, dict)],
        "follow_up_date": e.get("follow_up_date"),
    }


def attachments_view(conn: Connection, referral_id: str, station_id: str, hashes: list[str]) -> list[dict[str, Any]]:
    out = []
    for sha in hashes:
        if not isinstance(sha, str):
            continue
        # Only the referring station's own upload: another station's copy never shows on this patient.
        blob = conn.execute(
            select(t.blobs.c.complete, t.blobs.c.media_type)
            .where(t.blobs.c.station_id == station_id, t.blobs.c.sha256 == sha)
        ).first()
        meta = next(
            (a for a in records_mentioning(conn, "attachment", station_id, sha) if a.get("sha256") == sha), {}
        )
        media_type = (blob.media_type if blob else None) or meta.get("media_type") or "application/octet-stream"
        out.append({
            "sha256": sha,
            "url": f"/referrals/{referral_id}/attachments/{sha}",
            "filename": meta.get("filename") or f"file {sha[:8]}",
            "media_type": media_type,
            "is_image": media_type in IMAGE_TYPES,
            "available": bool(blob and blob.complete),
            "voice": _voice_attachment(conn, referral_id, station_id, sha, media_type, bool(blob and blob.complete)),
        })
    return out


def load_referral(conn: Connection, referral_id: str, now: datetime) -> dict[str, Any] | None:
    """The whole referral page's data, or None when the hub has no such referral."""
    ref = conn.execute(
        select(t.referrals, t.stations.c.name.label("station_name"), t.stations.c.district,
               t.stations.c.enrolled_at.label("station_enrolled_at"))
        .select_from(t.referrals.outerjoin(t.stations, t.stations.c.id == t.referrals.c.station_id))
        .where(t.referrals.c.id == referral_id)
    ).first()
    if ref is None or ref.status == "draft":
        return None
    ref_record = record(conn, "referral", referral_id) or {}
    encounter = record(conn, "encounter", ref.encounter_id)
    if encounter is not None:
        encounter = current_version(conn, "encounter", ref.station_id, encounter)
    vitals_sets = [
        v for v in records_mentioning(conn, "vitals_set", ref.station_id, ref.patient_id)
        if v.get("patient_id") == ref.patient_id
    ]
    message_rows = conn.execute(
        select(t.messages).where(t.messages.c.referral_id == referral_id).order_by(t.messages.c.received_at, t.messages.c.id)
    ).all()
    advice_rows = conn.execute(
        select(t.advice).where(t.advice.c.referral_id == referral_id).order_by(t.advice.c.created_at)
    ).all()
    answered = ref.first_answer_at
    return {
        "ref": {
            "id": ref.id,
            "station_id": ref.station_id,
            "patient_id": ref.patient_id,
            "urgency": ref.urgency,
            "status": ref.status,
            "specialty": ref.specialty,
            "question": ref.question,
            "summary": ref_record.get("summary"),
            "consent": consent_view(ref_record.get("consent")),
            "created_at": ref.created_at,
            "received_at": ref.received_at,
            "clinic_time_doubt": clinic_time_doubt(ref.created_at, ref.received_at, ref.station_enrolled_at),
            "opened_at": ref.opened_at,
            "reopened_at": ref.reopened_at,
            "waiting": f"follow-up waiting {fmt.format_duration(now - ref.reopened_at)}" if ref.reopened_at
            else f"answered in {fmt.format_duration(answered - ref.received_at)}"
            if answered else f"waiting {fmt.format_duration(now - ref.received_at)}",
            "station_name": ref.station_name or "Unknown station",
            "district": ref.district or "",
        },
        "patient": patient_view(record(conn, "patient", ref.patient_id), now.date()),
        "encounter": encounter_view(encounter),
        "vitals": vitals.referral_vitals(vitals_sets, ref.encounter_id, ref.created_at),
        "photos": attachments_view(conn, referral_id, ref.station_id, list(ref_record.get("attachments") or [])),
        "messages": [
            {"author_name": m.author_name, "author_role": m.author_role, "body": m.body,
             "created_at": m.received_at, "clinic_time": m.created_at if m.author_role == "station" else None,
             "clinic_time_doubt": clinic_time_doubt(m.created_at, m.received_at, ref.station_enrolled_at)
             if m.author_role == "station" else None,
             "voice": _voice_view(referral_id, _json(m.voice) if m.voice else None)}
            for m in message_rows
        ],
        "advice_list": [{**_json(a.payload), "created_at": a.created_at,
                         "voice_note": _voice_view(referral_id, _json(a.payload).get("voice"))} for a in advice_rows],
    }


def attachment_bytes(conn: Connection, referral_id: str, sha256: str) -> tuple[bytes, str, str] | None:
    """(content, media type, file name) of a complete attachment listed on this referral, else None.

    The bytes are the referring station's own upload of that file, never another station's.
    """
    ref_record = record(conn, "referral", referral_id)
    if not ref_record or sha256 not in (ref_record.get("attachments") or []):
        return None
    station_id = conn.execute(select(t.referrals.c.station_id).where(t.referrals.c.id == referral_id)).scalar()
    if station_id is None:
        return None
    blob = conn.execute(
        select(t.blobs).where(t.blobs.c.station_id == station_id, t.blobs.c.sha256 == sha256)
    ).first()
    if blob is None or not blob.complete:
        return None
    chunks = conn.execute(
        select(t.blob_chunks.c.data)
        .where(t.blob_chunks.c.station_id == station_id, t.blob_chunks.c.sha256 == sha256)
        .order_by(t.blob_chunks.c.offset)
    ).scalars()
    data = b"".join(chunks)
    meta = next(
        (a for a in records_mentioning(conn, "attachment", station_id, sha256) if a.get("sha256") == sha256),
        {},
    )
    return data, blob.media_type, str(meta.get("filename") or f"{sha256[:12]}")


def _voice_view(referral_id: str, ref: dict[str, Any] | None) -> dict[str, Any] | None:
    from hub.console.voice import note_view

    return note_view(referral_id, ref)


def _voice_attachment(conn: Connection, referral_id: str, station_id: str, sha: str, media_type: str,
                      complete: bool) -> dict[str, Any] | None:
    """A voice note recorded on the station's referral form, shown as a player (None: not sound)."""
    if not media_type.startswith("audio/"):
        return None
    from hub.console.voice import attachment_duration, note_view

    ms = attachment_duration(conn, station_id, sha) if complete else 0
    return note_view(referral_id, {"sha256": sha, "media_type": media_type, "duration_ms": ms})


def consent_view(consent: dict[str, Any] | None) -> str:
    """Who agreed at the clinic that the case may be shared (stations before consent send none)."""
    if not consent:
        return "Not recorded by the station (sent before the station asked for consent)."
    who = str(consent.get("name") or "")
    if consent.get("by") == "caregiver":
        who += f" ({consent.get('relation') or 'caregiver'})"
    else:
        who += " (the patient)"
    return f"Given by {who}, recorded by {consent.get('recorded_by') or 'the station'}."
