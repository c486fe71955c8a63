"""Case conference pages: the list and scheduling, one conference's agenda, the chair's view, the minutes."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse

from hub import audit
from hub.console import conferences as conf
from hub.console import guard
from hub.console.guard import FormFields
from hub.console.web import ConsolePageError, ConsoleRoute, render

router = APIRouter(route_class=ConsoleRoute)

_ID = re.compile(r"[0-9A-Za-z-]{1,64}")
NOTICES = {
    "scheduled": "The conference is scheduled. Put cases on its agenda below.",
    "added": "The case is on the agenda. Its station sees when at its next sync.",
    "already": "That case was on the agenda already.",
    "removed": "The case is off the agenda. Its station is told at its next sync.",
    "outcome": "The outcome was saved and sent to the station as the advice on that referral.",
    "closed": "The conference is closed. The minutes are ready to print.",
}


def _id(value: str) -> str:
    if not _ID.fullmatch(value):
        raise ConsolePageError(404)
    return value


def _zone(request: Request) -> str:
    return conf.zone_name(getattr(request.app.state, "settings", None))


@router.get("/conferences")
def conference_list(request: Request, sent: str = "") -> Response:
    guard.require_session(request)
    return _list_page(request, conf.ScheduleForm(), {}, NOTICES.get(sent, ""))


def _list_page(request: Request, form: conf.ScheduleForm, errors: dict[str, str], notice: str,
               status_code: int = 200) -> Response:
    zone = _zone(request)
    with guard.engine(request).connect() as conn:
        rows = conf.listing(conn)
        people = conf.specialists(conn)
    for row in rows:
        row["when"] = conf.when_local(row["starts_at"], row["time_zone"])
    return render(request, "conferences.html", {
        "nav": "conferences", "conferences": rows, "people": people, "form": form, "errors": errors,
        "zone": zone, "notice": notice}, status_code=status_code)


@router.post("/conferences")
def schedule(request: Request, form: FormFields) -> Response:
    session = guard.require_coordinator(request)
    guard.require_csrf(request, session, form.get("csrf_token"))
    zone = _zone(request)
    entry = conf.ScheduleForm.from_form(form)
    with guard.engine(request).begin() as conn:
        errors = entry.errors(conf.specialists(conn), zone)
        if not errors:
            conference_id = conf.schedule(conn, entry, session.specialist, zone, guard.now())
            audit.record(conn, session.specialist.username, "conference_scheduled", target=f"conference {conference_id}",
                         detail=entry.title, address=guard.address(request))
    if errors:
        return _list_page(request, entry, errors, "", status_code=422)
    return RedirectResponse(f"/conferences/{conference_id}?sent=scheduled", status_code=303)


def _conference(conn: Any, conference_id: str) -> Any:
    found = conf.get(conn, _id(conference_id))
    if found is None:
        raise ConsolePageError(404, "There is no conference at this address.")
    return found


@router.get("/conferences/{conference_id}")
def conference_page(request: Request, conference_id: str, sent: str = "", error: str = "") -> Response:
    session = guard.require_session(request)
    with guard.engine(request).connect() as conn:
        found = _conference(conn, conference_id)
        items = conf.agenda(conn, found.id)
        for item in items:
            item["removable"] = conf.may_remove(found, item["proposed_by"], session.specialist)
        context = {"conference": found, "when": conf.when_local(found.starts_at, found.time_zone),
                   "agenda": items, "members": conf.members(conn, found.id),
                   "candidates": conf.candidate_referrals(conn, found.id)}
    return render(request, "conference.html", {**context, "nav": "conferences", "notice": NOTICES.get(sent, ""),
                                               "error": error})


@router.post("/conferences/{conference_id}/cases")
def add_case(request: Request, conference_id: str, form: FormFields) -> Response:
    session = guard.require_session(request)
    guard.require_csrf(request, session, form.get("csrf_token"))
    conference_id = _id(conference_id)
    referral_id = _id(str(form.get("referral_id") or "x"))
    back_to_referral = form.get("back") == "referral"
    try:
        with guard.engine(request).begin() as conn:
            added = conf.add_case(conn, conference_id, referral_id, session.specialist, guard.now())
            audit.record(conn, session.specialist.username, "conference_case_added",
                         target=f"referral {referral_id}", detail=f"conference {conference_id}",
                         address=guard.address(request))
    except conf.ConferenceError as exc:
        raise ConsolePageError(409, str(exc)) from None
    if back_to_referral:
        return RedirectResponse(f"/referrals/{quote(referral_id)}?sent=agenda#conferences", status_code=303)
    return RedirectResponse(f"/conferences/{conference_id}?sent={'added' if added else 'already'}#agenda",
                            status_code=303)


@router.post("/conferences/{conference_id}/cases/{item_id}/remove")
def remove_case(request: Request, conference_id: str, item_id: str, form: FormFields) -> Response:
    session = guard.require_session(request)
    guard.require_csrf(request, session, form.get("csrf_token"))
    try:
        with guard.engine(request).begin() as conn:
            conf.remove_case(conn, _id(conference_id), _id(item_id), session.specialist)
            audit.record(conn, session.specialist.username, "conference_case_removed",
                         target=f"conference {conference_id}", address=guard.address(request))
    except conf.NotAllowedHere as exc:
        raise ConsolePageError(403, str(exc)) from None
    except conf.ConferenceError as exc:
        raise ConsolePageError(409, str(exc)) from None
    return RedirectResponse(f"/conferences/{conference_id}?sent=removed#agenda", status_code=303)


@router.get("/conferences/{conference_id}/chair")
def chair_view(request: Request, conference_id: str, case: int = 1, sent: str = "") -> Response:
    session = guard.require_session(request)
    return _chair_page(request, session, conference_id, case, conf.OutcomeForm(), {}, NOTICES.get(sent, ""))


def _chair_page(request: Request, session: Any, conference_id: str, case: int, form: conf.OutcomeForm,
                errors: dict[str, str], notice: str, status_code: int = 200) -> Response:
    with guard.engine(request).connect() as conn:
        found = _conference(conn, conference_id)
        if found.chair_id != session.specialist.id:
            raise ConsolePageError(403, f"Only the chair ({found.chair_name}) runs the conference from this page. "
                                   "Follow the agenda on the conference page.")
        items = conf.agenda(conn, found.id)
        people = conf.members(conn, found.id)
    current = items[min(max(case, 1), len(items)) - 1] if items else None
    if current is not None and not form.present and not errors:
        form.present = [p["specialist_id"] for p in people]
    return render(request, "conference_chair.html", {
        "nav": "conferences", "conference": found, "when": conf.when_local(found.starts_at, found.time_zone),
        "agenda": items, "current": current, "members": people, "form": form, "errors": errors,
        "notice": notice}, status_code=status_code)


@router.post("/conferences/{conference_id}/cases/{item_id}/outcome")
def record_outcome(request: Request, conference_id: str, item_id: str, form: FormFields) -> Response:
    session = guard.require_specialist(request)
    guard.require_csrf(request, session, form.get("csrf_token"))
    conference_id, item_id = _id(conference_id), _id(item_id)
    outcome = conf.OutcomeForm.from_form(form)
    case = int(form.get("case") or 1) if str(form.get("case") or "1").isdigit() else 1
    with guard.engine(request).begin() as conn:
        members = {m["specialist_id"] for m in conf.members(conn, conference_id)}
        errors = outcome.errors(members)
        if not errors:
            try:
                conf.record_outcome(conn, conference_id, item_id, session.specialist, outcome, guard.now())
            except conf.ConferenceError as exc:
                raise ConsolePageError(409, str(exc)) from None
            audit.record(conn, session.specialist.username, "conference_outcome", target=f"conference {conference_id}",
                         detail=f"case {case}", address=guard.address(request))
    if errors:
        return _chair_page(request, session, conference_id, case, outcome, errors, "", status_code=422)
    return RedirectResponse(f"/conferences/{conference_id}/chair?case={case + 1}&sent=outcome", status_code=303)


@router.post("/conferences/{conference_id}/close")
def close(request: Request, conference_id: str, form: FormFields) -> Response:
    session = guard.require_specialist(request)
    guard.require_csrf(request, session, form.get("csrf_token"))
    try:
        with guard.engine(request).begin() as conn:
            conf.close(conn, _id(conference_id), session.specialist)
    except conf.ConferenceError as exc:
        raise ConsolePageError(403, str(exc)) from None
    return RedirectResponse(f"/conferences/{conference_id}?sent=closed", status_code=303)


@router.get("/conferences/{conference_id}/minutes")
def minutes(request: Request, conference_id: str) -> Response:
    guard.require_session(request)
    with guard.engine(request).connect() as conn:
        found = _conference(conn, conference_id)
        context = {"conference": found, "when": conf.when_local(found.starts_at, found.time_zone),
                   "agenda": conf.agenda(conn, found.id), "members": conf.members(conn, found.id)}
    return render(request, "conference_minutes.html", {**context, "nav": "conferences"})

