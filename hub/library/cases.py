"""Teaching cases: the de-identified copy of an answered referral, its check, review and publishing.

A specialist marks an answered case and writes its learning point; the hub copies only what may
be shared (see `deid`) and checks the free text. A clean copy waits for a coordinator ("review");
one with an identifier is "held" with the reasons until the specialist rewrites the copy. A
coordinator publishes it (checked once more) or sends it back; a published case goes to every
station that reads the library, through its pull feed, and can be withdrawn the same way.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select, text, update

from hub import feed
from hub import tables as t
from hub.library import deid
from sync.wire.ids import utc_iso, uuid7

# The free-text fields of a copy, in the order a reader meets them, with their labels.
TEXT_FIELDS = {
    "question": "Clinical question",
    "clinical_notes": "Clinical notes",
    "assessment": "Specialist's assessment",
    "recommendations": "Recommendations",
    "plan_change": "What changed in the plan",
    "follow_up": "Follow-up",
    "learning_point": "Learning point",
}
LIMITS = {"question": 10_000, "clinical_notes": 20_000, "assessment": 20_000, "recommendations": 20_000,
          "plan_change": 20_000, "follow_up": 2_000, "learning_point": 5_000, "note": 2_000}
_SECTIONS = (("complaint", "Complaint"), ("history", "History"), ("examination", "Examination"),
             ("assessment", "Assessment"), ("plan", "Plan"))


class NotAllowed(Exception):
    """The action does not fit the case's state; the message says why, for a person."""


@dataclass(frozen=True)
class Source:
    """What the hub holds about the referral: the copy is made from it, the check uses it."""

    referral: Any
    patient: dict[str, Any]
    encounter: dict[str, Any]
    advice: dict[str, Any]
    messages: list[dict[str, str]]
    photos: list[str]
    district: str
    caregiver: str = ""  # who consented at the clinic: their name must not be in the copy either

    @property
    def identifiers(self) -> deid.Identifiers:
        return deid.Identifiers.of_patient(self.patient, self.caregiver)


def load_source(conn: Connection, referral_id: str) -> Source | None:
    """The answered referral and its records, or None when there is no answered referral."""
    from hub.console import referral as pages

    ref = conn.execute(
        select(t.referrals, t.stations.c.district.label("station_district"))
        .select_from(t.referrals.outerjoin(t.stations, t.stations.c.id == t.referrals.c.station_id))
        .where(t.referrals.c.id == referral_id)
    ).first()
    if ref is None:
        return None
    advice = conn.execute(
        select(t.advice.c.payload).where(t.advice.c.referral_id == referral_id)
        .order_by(t.advice.c.created_at.desc()).limit(1)
    ).scalar()
    if advice is None:
        return None
    patient = pages.record(conn, "patient", ref.patient_id) or {}
    encounter = pages.record(conn, "encounter", ref.encounter_id) or {}
    if encounter:
        encounter = pages.current_version(conn, "encounter", ref.station_id, encounter)
    messages = [{"role": m.author_role, "body": m.body} for m in conn.execute(
        select(t.messages.c.author_role, t.messages.c.body).where(t.messages.c.referral_id == referral_id)
        .order_by(t.messages.c.received_at, t.messages.c.id))]
    ref_record = pages.record(conn, "referral", referral_id) or {}
    photos = [p["sha256"] for p in pages.attachments_view(conn, referral_id, ref.station_id,
                                                          list(ref_record.get("attachments") or []))
              if p["is_image"] and p["available"]]
    district = str(patient.get("district") or ref.station_district or "")
    consent = ref_record.get("consent")
    caregiver = str(consent.get("name") or "") if isinstance(consent, dict) else ""
    return Source(ref, patient, encounter, json.loads(advice), messages, photos, district, caregiver)


def clinical_notes(encounter: dict[str, Any]) -> str:
    """The consultation as one text: its sections and the treatment given."""
    lines = [f"{label}: {encounter[key].strip()}" for key, label in _SECTIONS
             if isinstance(encounter.get(key), str) and encounter[key].strip()]
    for p in encounter.get("prescriptions") or []:
        if isinstance(p, dict) and p.get("name"):
            parts = [str(p.get(k)) for k in ("strength", "dose", "frequency") if p.get(k)]
            if p.get("duration_days"):
                parts.append(f"{p['duration_days']} days")
            if p.get("notes"):
                parts.append(str(p["notes"]))
            lines.append(f"Treatment: {p['name']} " + ", ".join(parts))
    return "\n".join(lines)


def _diagnoses(encounter: dict[str, Any]) -> list[dict[str, str]]:
    return [{"code": str(d.get("code")), "title": str(d.get("title") or "")}
            for d in encounter.get("diagnoses") or [] if isinstance(d, dict) and d.get("code")]


def _findings(case: dict[str, Any], ids: deid.Identifiers) -> list[deid.Finding]:
    fields = {name: case.get(name) or "" for name in TEXT_FIELDS}
    for n, message in enumerate(json.loads(case["messages"]) if isinstance(case["messages"], str) else case["messages"]):
        fields[f"message {n + 1}"] = message["body"]
    # A specialty the hub does not list is the station's own text, sent to every station with the copy.
    fields["specialty"] = case.get("specialty") or ""
    fields["diagnoses"] = " ".join(d["title"] for d in (
        json.loads(case["diagnoses"]) if isinstance(case["diagnoses"], str) else case["diagnoses"]))
    return deid.check(fields, ids)


def _search_text(case: dict[str, Any]) -> str:
    diagnoses = json.loads(case["diagnoses"]) if isinstance(case["diagnoses"], str) else case["diagnoses"]
    parts = [case["specialty"], *(f"{d['code']} {d['title']}" for d in diagnoses),
             *(case.get(name) or "" for name in TEXT_FIELDS)]
    return " ".join(" ".join(parts).casefold().split())


def _state(findings: list[deid.Finding]) -> tuple[str, str]:
    return ("held" if findings else "review"), json.dumps(
        [{"field": f.field, "kind": f.kind, "context": f.context} for f in findings], ensure_ascii=False)


def mark(conn: Connection, referral_id: str, specialist: Any, learning_point: str, include_messages: bool,
         photos: list[str], now: datetime) -> tuple[str, int]:
    """Make the de-identified copy of an answered referral: (case id, number of findings)."""
    source = load_source(conn, referral_id)
    if source is None:
        raise NotAllowed("Only an answered referral can become a teaching case: send your advice first.")
    if conn.execute(select(t.teaching_cases.c.id).where(t.teaching_cases.c.referral_id == referral_id)).first():
        raise NotAllowed("This referral is already a teaching case.")
    unknown = set(photos) - set(source.photos)
    if unknown:
        raise NotAllowed("A ticked photo is not one of this referral's photos. Reload the page and tick again.")
    advice = source.advice
    case: dict[str, Any] = {
        "id": uuid7(), "referral_id": referral_id, "version": 1, "specialty": source.referral.specialty,
        "diagnoses": json.dumps(_diagnoses(source.encounter), ensure_ascii=False),
        "age_text": deid.age_text(source.patient.get("date_of_birth"), source.patient.get("estimated_age_years"),
                                  source.referral.received_at.date()),
        "sex": str(source.patient.get("sex") or ""), "district": source.district,
        "question": source.referral.question, "clinical_notes": clinical_notes(source.encounter),
        "assessment": advice.get("assessment") or "", "recommendations": advice.get("recommendations") or "",
        "plan_change": advice.get("plan_change"), "follow_up": advice.get("follow_up"),
        "messages": json.dumps(source.messages if include_messages else [], ensure_ascii=False),
        "learning_point": learning_point, "photos": json.dumps(sorted(photos)),
        "specialist_name": advice.get("specialist_name") or specialist.name,
        "marked_by": specialist.id, "marked_at": now,
    }
    findings = _findings(case, source.identifiers)
    case["status"], case["findings"] = _state(findings)
    case["search_text"] = _search_text(case)
    conn.execute(t.teaching_cases.insert().values(**case))
    return case["id"], len(findings)


def get(conn: Connection, case_id: str) -> dict[str, Any] | None:
    row = conn.execute(select(t.teaching_cases).where(t.teaching_cases.c.id == case_id)).first()
    if row is None:
        return None
    case = dict(row._mapping)
    for key in ("diagnoses", "messages", "photos", "findings"):
        case[key] = json.loads(case[key])
    return case


def for_referral(conn: Connection, referral_id: str) -> dict[str, Any] | None:
    found = conn.execute(select(t.teaching_cases.c.id).where(t.teaching_cases.c.referral_id == referral_id)).scalar()
    return get(conn, found) if found else None


def shown(conn: Connection, case: dict[str, Any]) -> dict[str, Any]:
    """The case as a coordinator may see it: identifiers the check found blacked out in every text
    (a held case, or one sent back before the specialist rewrote it)."""
    if not case["findings"]:
        return case
    source = load_source(conn, case["referral_id"])
    ids = source.identifiers if source else deid.Identifiers()
    out = dict(case)
    for name in TEXT_FIELDS:
        if out.get(name):
            out[name] = deid.mask_text(out[name], ids)
    out["messages"] = [{**m, "body": deid.mask_text(m["body"], ids)} for m in case["messages"]]
    out["diagnoses"] = [{**d, "title": deid.mask_text(d["title"], ids)} for d in case["diagnoses"]]
    return out


def edit(conn: Connection, case_id: str, texts: dict[str, str], include_messages: bool) -> int:
    """The specialist rewrote the copy (held or sent back): check again. Returns the findings."""
    case = get(conn, case_id)
    if case is None:
        raise LookupError(case_id)
    if case["status"] not in ("held", "returned", "review"):
        raise NotAllowed("A published or withdrawn case cannot be changed.")
    source = load_source(conn, case["referral_id"])
    if source is None:
        raise NotAllowed("The referral of this case is no longer answered at the hub.")
    values: dict[str, Any] = {name: texts.get(name, "") for name in TEXT_FIELDS}
    for optional in ("plan_change", "follow_up"):
        values[optional] = values[optional] or None
    values["messages"] = case["messages"] if include_messages else []
    merged = {**case, **values}
    findings = _findings(merged, source.identifiers)
    values["status"], values["findings"] = _state(findings)
    values["messages"] = json.dumps(values["messages"], ensure_ascii=False)
    values["search_text"] = _search_text(merged)
    values["review_note"] = case["review_note"] if findings else None
    conn.execute(update(t.teaching_cases).where(t.teaching_cases.c.id == case_id).values(**values))
    return len(findings)


def send_back(conn: Connection, case_id: str, coordinator: Any, note: str, now: datetime) -> None:
    case = get(conn, case_id)
    if case is None:
        raise LookupError(case_id)
    if case["status"] not in ("held", "review"):
        raise NotAllowed("Only a case waiting for review can be sent back.")
    conn.execute(update(t.teaching_cases).where(t.teaching_cases.c.id == case_id).values(
        status="returned", review_note=note, reviewed_by=coordinator.id, reviewed_at=now))


def publish(conn: Connection, case_id: str, coordinator: Any, now: datetime) -> int:
    """Publish a reviewed case to the library and every station reading it; the stations reached."""
    _lock(conn)
    case = get(conn, case_id)
    if case is None:
        raise LookupError(case_id)
    if case["status"] != "review":
        raise NotAllowed("This case cannot be published: " + (
            "the check found identifiers in its text; it goes back to the specialist to rewrite."
            if case["status"] == "held" else f"it is {case['status']}."))
    source = load_source(conn, case["referral_id"])
    findings = _findings(case, source.identifiers) if source else []
    if findings:  # the patient's record may have changed since the check
        status, encoded = _state(findings)
        conn.execute(update(t.teaching_cases).where(t.teaching_cases.c.id == case_id).values(
            status=status, findings=encoded))
        raise NotAllowed("This case cannot be published: the check now finds identifiers in its text.")
    conn.execute(update(t.teaching_cases).where(t.teaching_cases.c.id == case_id).values(
        status="published", published_at=now, reviewed_by=coordinator.id, reviewed_at=now))
    return _fan_out(conn, {**case, "status": "published", "published_at": now})


def withdraw(conn: Connection, case_id: str, coordinator: Any, now: datetime) -> int:
    _lock(conn)
    case = get(conn, case_id)
    if case is None:
        raise LookupError(case_id)
    if case["status"] != "published":
        raise NotAllowed("Only a published case can be withdrawn.")
    version = case["version"] + 1
    conn.execute(update(t.teaching_cases).where(t.teaching_cases.c.id == case_id).values(
        status="withdrawn", version=version, reviewed_by=coordinator.id, reviewed_at=now))
    return _fan_out(conn, {**case, "status": "withdrawn", "version": version})


def wire_payload(case: dict[str, Any]) -> dict[str, Any]:
    """The record a station receives: only the de-identified copy's fields (a withdrawn one, empty)."""
    published = case["status"] == "published"
    words = {name: (case.get(name) or "") if published else "" for name in TEXT_FIELDS}
    return {
        "id": case["id"], "version": case["version"], "status": case["status"],
        "created_at": utc_iso(case["marked_at"]), "specialty": case["specialty"],
        "diagnoses": case["diagnoses"] if published else [], "age_text": case["age_text"] if published else "",
        "sex": case["sex"] if published else "", "district": case["district"] if published else "",
        **words, "plan_change": words["plan_change"] or None, "follow_up": words["follow_up"] or None,
        "specialist_name": case["specialist_name"] if published else "",
        "published_at": utc_iso(case["published_at"]) if published and case.get("published_at") else None,
    }


def _fan_out(conn: Connection, case: dict[str, Any]) -> int:
    stations = conn.execute(select(t.stations.c.id).where(
        t.stations.c.library_since.is_not(None), t.stations.c.revoked_at.is_(None))).scalars().all()
    for station_id in stations:
        feed.publish(conn, station_id, "library_case", wire_payload(case))
    return len(stations)


def start_for_station(conn: Connection, station_id: str, now: datetime) -> int:
    """The station's first pull that names the library (hub.station_feed.declare): send it every
    published case (once)."""
    _lock(conn)
    started = conn.execute(update(t.stations).where(
        t.stations.c.id == station_id, t.stations.c.library_since.is_(None)).values(library_since=now)).rowcount
    if started != 1:
        return 0
    ids = conn.execute(select(t.teaching_cases.c.id).where(t.teaching_cases.c.status == "published")
                       .order_by(t.teaching_cases.c.published_at)).scalars().all()
    for case_id in ids:
        case = get(conn, case_id)
        assert case is not None
        feed.publish(conn, station_id, "library_case", wire_payload(case))
    return len(ids)


def _lock(conn: Connection) -> None:
    # Publishing reads which stations read the library while a station's first pull adds itself:
    # on PostgreSQL both take this lock so no case misses a station. SQLite writes are serial.
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(hashtext('teaching-library'))"))


def search(conn: Connection, words: str = "", specialty: str = "", icd: str = "", limit: int = 100) -> list[dict[str, Any]]:
    """Published cases matching every word, the specialty and an ICD-10 code (or its start)."""
    query = select(t.teaching_cases.c.id).where(t.teaching_cases.c.status == "published")
    if specialty:
        query = query.where(t.teaching_cases.c.specialty == specialty)
    for word in words.casefold().split()[:10]:
        query = query.where(t.teaching_cases.c.search_text.contains(word, autoescape=True))
    if icd:
        query = query.where(t.teaching_cases.c.diagnoses.contains(f'"code": "{icd.upper()}', autoescape=True))
    ids = conn.execute(query.order_by(t.teaching_cases.c.published_at.desc()).limit(limit)).scalars().all()
    return [case for case in (get(conn, i) for i in ids) if case is not None]


def waiting(conn: Connection) -> list[dict[str, Any]]:
    """Cases for a coordinator: held, waiting for review, or sent back; oldest first."""
    ids = conn.execute(select(t.teaching_cases.c.id).where(
        t.teaching_cases.c.status.in_(("held", "review", "returned"))).order_by(t.teaching_cases.c.marked_at)
    ).scalars().all()
    return [case for case in (get(conn, i) for i in ids) if case is not None]


def specialties(conn: Connection) -> list[str]:
    return list(conn.execute(select(t.teaching_cases.c.specialty).where(t.teaching_cases.c.status == "published")
                             .distinct().order_by(t.teaching_cases.c.specialty)).scalars())
