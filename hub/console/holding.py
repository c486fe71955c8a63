"""Who answers a referral, on its page: "I'm answering this", assign and reassign (coordinators),
give back. Every change is audited and reaches the station with its next pull."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse
from sqlalchemy import Connection, select

from hub import assignment
from hub import tables as t
from hub.console import guard
from hub.console.auth import Specialist
from hub.console.guard import FormFields
from hub.console.inbox import nobody_answers
from hub.console.web import ConsoleRoute

router = APIRouter(route_class=ConsoleRoute)

NOTICES = {
    "taken": "You are answering this referral now. Its station sees your name and registration number at its "
             "next sync.",
    "assigned": "The referral is assigned. The specialist sees it in their inbox; the station sees who answers it "
                "at its next sync.",
    "released": "The referral is back with its specialty: any of its specialists can take it.",
}


def holding_view(conn: Connection, referral_id: str, viewer: Specialist | None) -> dict[str, Any]:
    """The "Answering" panel of the referral page: who holds it, and what the viewer may do."""
    r = t.referrals
    row = conn.execute(select(r.c.holder_id, r.c.held_at, r.c.specialty_code, r.c.specialty,
                              nobody_answers(r).label("attention"), t.specialties.c.name.label("specialty_name"))
                       .select_from(r.outerjoin(t.specialties, t.specialties.c.code == r.c.specialty_code))
                       .where(r.c.id == referral_id)).first()
    if row is None or viewer is None:
        return {"holding": None, "holding_error": ""}
    holder = assignment.holder_of(conn, referral_id)
    coordinator = viewer.is_coordinator
    return {"holding": {
        "holder": holder,
        "held_at": row.held_at,
        "mine": holder is not None and holder.id == viewer.id,
        "attention": bool(row.attention),
        "specialty_name": row.specialty_name or row.specialty,
        "can_take": viewer.answers_referrals and holder is None,
        "can_release": holder is not None and (holder.id == viewer.id or coordinator),
        "can_assign": coordinator,
        "choices": assignment.assignable(conn, row.specialty_code) if coordinator else [],
    }, "holding_error": ""}


def _done(referral_id: str, what: str) -> Response:
    return RedirectResponse(f"/referrals/{quote(referral_id)}?sent={what}#holder", status_code=303)


def _refused(request: Request, referral_id: str, exc: assignment.AssignmentError) -> Response:
    from hub.console.pages_referrals import referral_page_response

    return referral_page_response(request, referral_id, status_code=409, extra={"holding_error": str(exc)})


@router.post("/referrals/{referral_id}/take")
def take(request: Request, referral_id: str, form: FormFields) -> Response:
    session = guard.require_specialist(request)
    guard.require_csrf(request, session, form.get("csrf_token"))
    try:
        with guard.engine(request).begin() as conn:
            assignment.take(conn, referral_id, session.specialist.id, session.specialist.username,
                            guard.address(request))
    except assignment.AssignmentError as exc:
        return _refused(request, referral_id, exc)
    return _done(referral_id, "taken")


@router.post("/referrals/{referral_id}/assign")
def assign(request: Request, referral_id: str, form: FormFields) -> Response:
    session = guard.require_coordinator(request)
    guard.require_csrf(request, session, form.get("csrf_token"))
    try:
        with guard.engine(request).begin() as conn:
            assignment.assign(conn, referral_id, str(form.get("specialist_id") or "")[:64],
                              session.specialist.username, guard.address(request))
    except assignment.AssignmentError as exc:
        return _refused(request, referral_id, exc)
    return _done(referral_id, "assigned")


@router.post("/referrals/{referral_id}/release")
def release(request: Request, referral_id: str, form: FormFields) -> Response:
    session = guard.require_session(request)
    guard.require_csrf(request, session, form.get("csrf_token"))
    try:
        with guard.engine(request).begin() as conn:
            assignment.release(conn, referral_id, session.specialist.id, session.specialist.username,
                               session.specialist.is_coordinator, guard.address(request))
    except assignment.AssignmentError as exc:
        return _refused(request, referral_id, exc)
    return _done(referral_id, "released")
