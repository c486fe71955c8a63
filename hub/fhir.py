"""HL7 FHIR R4 export from the hub: a referral's case, and bulk export for national reporting.

Who may read:
- anyone signed in to the console (the session cookie): any referral's case;
- a coordinator signed in to the console: any station's bulk export (specialists get 403);
- a station, with a signed request (as for sync): its own referrals and its own export only (403
  for another station's).
Anything else gets 401. The records themselves are mapped by `sync.wire.fhir`.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from fastapi.responses import StreamingResponse
from sqlalchemy import Connection, select

from hub import audit
from hub import tables as t
from hub.api.errors import ApiError, responses
from hub.api.transport import ApiRoute, authenticate
from hub.console import guard
from hub.console.auth import Specialist
from hub.db import reading
from sync.wire import fhir
from sync.wire.ids import utc_iso

log = logging.getLogger("hub.fhir")

router = APIRouter(prefix="/fhir", tags=["fhir"], route_class=ApiRoute)

FHIR_JSON = "application/fhir+json"
FHIR_NDJSON = "application/fhir+ndjson"
MAX_EXPORT_DAYS = 366
UUID_PATTERN = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
STATION_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"
# When a record happened, for the export's date range (the time inside the record, not its arrival).
WHEN = {"patient": "created_at", "encounter": "started_at", "vitals_set": "taken_at", "referral": "created_at"}


@dataclass(frozen=True)
class Reader:
    """Who is asking: a signed station or a signed-in specialist."""

    station_id: str | None = None
    specialist: Specialist | None = None

    def describe(self) -> str:
        if self.specialist is not None:
            return f"specialist {self.specialist.username}"
        return f"station {self.station_id}"


def reader(request: Request) -> Reader:
    """Dependency: a station's signature if the request carries one, else the console session."""
    if "signature" in request.headers or "signature-input" in request.headers:
        return Reader(station_id=authenticate(request, getattr(request, "_body", b"")))
    session = guard.current_session(request)
    if session is None:
        raise ApiError(401, "unauthenticated", "Sign in to the specialist console, or sign the request with the "
                       "station's key, to read patient records.")
    return Reader(specialist=session.specialist)


Caller = Annotated[Reader, Depends(reader)]
_fhir_content: dict[int | str, dict[str, Any]] = {200: {"content": {FHIR_JSON: {"schema": {"type": "object"}}}, "description": "A FHIR R4 Bundle."}}


def _fhir_response(body: dict[str, Any]) -> Response:
    data = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return Response(data, media_type=FHIR_JSON, headers={"Cache-Control": "no-store"})


@router.get("/referrals/{referral_id}", response_class=Response, responses={**_fhir_content,
            **responses(400, 401, 403, 404, 409, 422)})
def referral_case(
    request: Request,
    caller: Caller,
    referral_id: Annotated[str, Path(pattern=UUID_PATTERN, description="The referral's id (a lowercase UUID).")],
) -> Response:
    """A referral's case as a FHIR R4 collection Bundle: the patient, the consultation (with its
    diagnoses and prescriptions), the patient's vital signs, the referral, advice and messages.

    Access: a specialist signed in to the console (session cookie), or the station that made the
    referral (a signed request, as for sync; another station gets 403)."""
    with reading(request.app.state.engine) as conn:
        ref = conn.execute(select(t.referrals).where(t.referrals.c.id == referral_id)).first()
        if ref is None or ref.status == "draft":
            raise ApiError(404, "not_found", "The hub has no referral with this id.")
        if caller.station_id is not None and caller.station_id != ref.station_id:
            raise ApiError(403, "other_station", "This referral belongs to another station.")
        records = case_records(conn, ref)
        names = station_names(conn, [ref.station_id])
    if not records["patient"]:
        raise ApiError(409, "patient_not_received", "The patient's record has not reached the hub yet; "
                       "try again after the station's next sync.")
    log.info("FHIR case of referral %s read by %s", referral_id, caller.describe())
    _audit(request, caller, "fhir_case_read", f"referral {referral_id}")
    return _fhir_response(fhir.bundle(records, bundle_id=referral_id, timestamp=utc_iso(),
                                      station_names=names))


@router.get("/export", response_class=Response, responses={
    200: {"content": {FHIR_JSON: {"schema": {"type": "object"}}, FHIR_NDJSON: {"schema": {"type": "string"}}},
          "description": "A FHIR R4 collection Bundle, or NDJSON with one resource per line."},
    **responses(400, 401, 403, 404, 422)})
def bulk_export(
    request: Request,
    caller: Caller,
    station: Annotated[str, Query(pattern=STATION_PATTERN, description="The station's id.")],
    since: Annotated[date, Query(description="First day (UTC) to include, YYYY-MM-DD.")],
    until: Annotated[date, Query(description="Last day (UTC) to include, YYYY-MM-DD.")],
    output: Annotated[Literal["json", "ndjson"], Query(alias="_format", description=(
        "json: one Bundle (application/fhir+json); ndjson: FHIR bulk-data NDJSON, one resource a line."))] = "json",
) -> Response:
    """Every record one station made between two dates (inclusive), for national reporting.

    A record is in range by its clinical time: a consultation's start, when vitals were taken,
    when a referral, advice or message was made, when a patient was registered. Patients that
    in-range records refer to are always included; other records they refer to (e.g. an earlier
    consultation behind an in-range referral) are referred to by identifier. Corrected records appear in their latest
    version. At most 366 days at once.

    Access: a coordinator signed in to the console (specialists get 403), or the station itself
    for its own records (signed). Every export is kept in the hub's audit.
    """
    if until < since:
        raise ApiError(422, "invalid_request", "until: must be the same day as since or later.")
    if (until - since).days >= MAX_EXPORT_DAYS:
        raise ApiError(422, "invalid_request", f"until: export at most {MAX_EXPORT_DAYS} days at once; "
                       "split the period.")
    if caller.station_id is not None and caller.station_id != station:
        raise ApiError(403, "other_station", "A station may export only its own records.")
    if caller.specialist is not None and not caller.specialist.is_coordinator:
        raise ApiError(403, "coordinators_only", "Bulk export is for programme coordinators; ask the hub "
                       "administrator if your work needs it.")
    with reading(request.app.state.engine) as conn:
        if conn.execute(select(t.stations.c.id).where(t.stations.c.id == station)).first() is None:
            raise ApiError(404, "not_found", f"The hub has no station {station!r}.")
        records, referral_patients = export_records(conn, station, since.isoformat(), until.isoformat())
        names = station_names(conn, [station])
    log.info("FHIR export of station %s %s..%s read by %s", station, since, until, caller.describe())
    _audit(request, caller, "fhir_export", f"station {station}", f"{since}..{until}")
    result = fhir.bundle(records, timestamp=utc_iso(), station_names=names, referral_patients=referral_patients)
    if output == "ndjson":
        return StreamingResponse(fhir.ndjson(fhir.resources_of(result)), media_type=FHIR_NDJSON,
                                 headers={"Cache-Control": "no-store"})
    return _fhir_response(result)


def _audit(request: Request, caller: Reader, action: str, target: str, detail: str = "") -> None:
    actor = caller.specialist.username if caller.specialist else f"station {caller.station_id}"
    with request.app.state.engine.begin() as conn:
        audit.record(conn, actor, action, target=target, detail=detail, address=guard.address(request))


# -- reading the hub's tables ------------------------------------------------------------------

def _payload(raw: str | None) -> dict[str, Any] | None:
    try:
        data = json.loads(raw) if raw else None
    except ValueError:
        return None
    return data if isinstance(data, dict) and isinstance(data.get("id"), str) else None


def _records(conn: Connection, entity: str, station_id: str, mentioning: str | None = None) -> list[dict[str, Any]]:
    """One station's records of one entity; `mentioning` narrows to payloads containing that id."""
    query = select(t.records.c.payload).where(t.records.c.entity == entity, t.records.c.station_id == station_id)
    if mentioning is not None:
        query = query.where(t.records.c.payload.contains(mentioning, autoescape=True))
    return [p for p in map(_payload, conn.execute(query).scalars()) if p is not None]


def _record(conn: Connection, entity: str, record_id: str | None) -> dict[str, Any] | None:
    if not record_id:
        return None
    raw = conn.execute(select(t.records.c.payload).where(t.records.c.entity == entity,
                                                         t.records.c.id == record_id)).scalar()
    return _payload(raw)


def station_names(conn: Connection, ids: list[str]) -> dict[str, str]:
    rows = conn.execute(select(t.stations.c.id, t.stations.c.name).where(t.stations.c.id.in_(ids)))
    return {row.id: row.name for row in rows}


def _messages(conn: Connection, where: Any) -> list[dict[str, Any]]:
    """Messages both ways: the station's own record when the hub has it, else the console's row."""
    rows = conn.execute(select(t.messages).where(where).order_by(t.messages.c.received_at, t.messages.c.id)).all()
    ids = [row.id for row in rows]
    pushed = {}
    if ids:
        raws = conn.execute(select(t.records.c.payload).where(t.records.c.entity == "message",
                                                              t.records.c.id.in_(ids))).scalars()
        pushed = {p["id"]: p for p in map(_payload, raws) if p is not None}
    return [pushed.get(row.id) or {
        "id": row.id, "station_id": row.station_id, "referral_id": row.referral_id, "author_name": row.author_name,
        "author_role": row.author_role, "body": row.body, "created_at": utc_iso(row.created_at),
        **({"voice": json.loads(row.voice)} if row.voice else {}),
    } for row in rows]


def _advice(conn: Connection, where: Any) -> list[dict[str, Any]]:
    raws = conn.execute(select(t.advice.c.payload).where(where).order_by(t.advice.c.created_at)).scalars()
    return [p for p in map(_payload, raws) if p is not None]


def case_records(conn: Connection, ref: Any) -> dict[str, list[dict[str, Any]]]:
    """The records of a referral's case, as `sync.wire.fhir.bundle` takes them."""
    patient = _record(conn, "patient", ref.patient_id)
    referral = _record(conn, "referral", ref.id)
    of_patient = {entity: [r for r in _records(conn, entity, ref.station_id, ref.patient_id)
                           if r.get("patient_id") == ref.patient_id] for entity in ("encounter", "vitals_set")}
    # The consultation with its corrections: the bundle keeps the latest version.
    _, current = fhir.latest(of_patient["encounter"])
    target = current.get(ref.encounter_id or "")
    return {
        "patient": [patient] if patient else [],
        "encounter": [e for e in of_patient["encounter"] if target and current.get(e["id"]) == target],
        "vitals_set": of_patient["vitals_set"],
        "referral": [referral] if referral else [],
        "advice": _advice(conn, t.advice.c.referral_id == ref.id),
        "message": _messages(conn, t.messages.c.referral_id == ref.id),
        "attachment": [a for a in _records(conn, "attachment", ref.station_id, ref.patient_id)
                       if a.get("patient_id") == ref.patient_id and str(a.get("media_type")).startswith("audio/")
                       and a.get("sha256") in ((referral or {}).get("attachments") or [])],
    }


def _in_range(value: Any, since: str, until: str) -> bool:
    return isinstance(value, str) and since <= value[:10] <= until


def export_records(conn: Connection, station_id: str, since: str,
                   until: str) -> tuple[dict[str, list[dict[str, Any]]], dict[str, str]]:
    """One station's records made between two days (YYYY-MM-DD, inclusive), with their patients,
    and the patient of every referral an in-range message or advice is about."""
    out: dict[str, list[dict[str, Any]]] = {}
    for entity in ("encounter", "vitals_set", "referral"):
        current, _ = fhir.latest(_records(conn, entity, station_id))
        out[entity] = [dict(r) for r in current if _in_range(r.get(WHEN[entity]), since, until)]
    # Advice and messages are stored with UTC timestamps: pick the range's whole days.
    out["advice"] = [a for a in _advice(conn, t.advice.c.station_id == station_id)
                     if _in_range(a.get("created_at"), since, until)]
    out["message"] = [m for m in _messages(conn, t.messages.c.station_id == station_id)
                      if _in_range(m.get("created_at"), since, until)]
    referral_patients: dict[str, str] = {r["id"]: r["patient_id"] for r in out["referral"]}
    for referral_id in {m["referral_id"] for m in out["message"] if m.get("referral_id")} - set(referral_patients):
        # A message in range about an older referral still names its patient.
        row = conn.execute(select(t.referrals.c.patient_id).where(t.referrals.c.id == referral_id)).first()
        if row is not None:
            referral_patients[referral_id] = row.patient_id
    referred = {r.get("patient_id") for e in ("encounter", "vitals_set", "referral", "advice") for r in out[e]}
    referred |= set(referral_patients.values())
    out["patient"] = [p for p in _records(conn, "patient", station_id)
                      if p["id"] in referred or _in_range(p.get("created_at"), since, until)]
    return out, referral_patients
