"""The teaching library in the console: mark a case, rewrite a held copy, review, publish, search.

Specialists mark answered referrals and rewrite copies the check held; coordinators review,
publish, send back and withdraw; everyone signed in searches the published library. Nothing here
logs or audits a case's text: the audit names the case and the referral only.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse

from hub import audit
from hub.console import guard
from hub.console.answer import clean_text
from hub.console.guard import FormFields
from hub.console.referral import record
from hub.console.web import ConsolePageError, ConsoleRoute, render
from hub.db import reading
from hub.library import cases, photos

router = APIRouter(route_class=ConsoleRoute)

NOTICES = {
    "marked": "The teaching case was made. It now waits for a coordinator's review.",
    "held": "The teaching case was made but is held: the check found identifiers in its text. Rewrite the "
            "parts shown below, then send it for review again.",
    "edited": "Your rewrite passed the check. The case now waits for a coordinator's review.",
    "still-held": "The check still finds identifiers in the text: see the reasons below.",
    "published": "The case is in the library. Stations receive it at their next sync.",
    "returned": "The case was sent back to the specialist with your note.",
    "withdrawn": "The case was withdrawn. Stations remove it at their next sync.",
}


_ID = re.compile(r"[0-9A-Za-z-]{1,64}")


def _checked_id(value: str) -> str:
    if not _ID.fullmatch(value):
        raise ConsolePageError(404)
    return value


def _load(request: Request, case_id: str) -> dict[str, Any]:
    with reading(guard.engine(request)) as conn:
        case = cases.get(conn, _checked_id(case_id))
    if case is None:
        raise ConsolePageError(404, "There is no teaching case at this address.")
    return case


def _audit(conn: Any, request: Request, action: str, case: dict[str, Any] | str, detail: str = "") -> None:
    case_id = case if isinstance(case, str) else case["id"]
    audit.record(conn, request.state.specialist.username, action, target=f"teaching case {case_id}",
                 detail=detail, address=guard.address(request))


def referral_context(conn: Any, referral_id: str) -> dict[str, Any]:
    """What the referral page shows about the library: the case made from it, or the form to make one."""
    case = cases.for_referral(conn, referral_id)
    source = None if case else cases.load_source(conn, referral_id)
    photo_rows = []
    if source is not None:
        from hub.console.referral import attachments_view

        ref_record = record(conn, "referral", referral_id) or {}
        photo_rows = [p for p in attachments_view(conn, referral_id, source.referral.station_id,
                                                  list(ref_record.get("attachments") or []))
                      if p["sha256"] in source.photos and p["media_type"] in photos.LIBRARY_PHOTO_TYPES]
    return {"teaching_case": case, "teaching_possible": source is not None, "teaching_photos": photo_rows,
            "teaching_has_messages": bool(source and source.messages), "learning_limit": cases.LIMITS["learning_point"]}


@router.post("/referrals/{referral_id}/teaching")
def mark(request: Request, referral_id: str, form: FormFields) -> Response:
    session = guard.require_specialist(request)
    guard.require_csrf(request, session, form.get("csrf_token"))
    referral_id = _checked_id(referral_id)
    point = clean_text(form.get("learning_point"))
    if not point:
        raise ConsolePageError(422, "Write the learning point: what should a health worker take from this case? "
                                    "Go back; nothing was saved.")
    if len(point) > cases.LIMITS["learning_point"]:
        raise ConsolePageError(422, f"The learning point is too long ({len(point):,} characters; at most "
                                    f"{cases.LIMITS['learning_point']:,}). Go back and shorten it.")
    ticked = [name.removeprefix("photo_") for name, value in form.items() if name.startswith("photo_") and value == "yes"]
    try:
        with guard.engine(request).begin() as conn:
            case_id, found = cases.mark(conn, referral_id, session.specialist, point,
                                        form.get("include_messages") == "yes", ticked, guard.now())
            _audit(conn, request, "library_marked", case_id, f"referral {referral_id}; "
                   + (f"held: {found} finding(s)" if found else "waiting for review"))
    except cases.NotAllowed as exc:
        raise ConsolePageError(409, str(exc)) from None
    return RedirectResponse(f"/library/cases/{quote(case_id)}?sent={'held' if found else 'marked'}", status_code=303)


@router.get("/library")
def library_page(request: Request, q: str = "", specialty: str = "", icd: str = "") -> Response:
    guard.require_session(request)
    q, specialty, icd = q.strip()[:200], specialty.strip()[:100], icd.strip()[:10]
    with reading(guard.engine(request)) as conn:
        found = cases.search(conn, q, specialty, icd)
        options = cases.specialties(conn)
        waiting = len(cases.waiting(conn)) if request.state.specialist.is_coordinator else 0
    return render(request, "library.html", {"nav": "library", "cases": found, "q": q, "specialty": specialty,
                                            "icd": icd, "specialty_options": options, "waiting": waiting})


@router.get("/library/review")
def review_page(request: Request) -> Response:
    guard.require_coordinator(request)
    with reading(guard.engine(request)) as conn:
        rows = [cases.shown(conn, case) for case in cases.waiting(conn)]
    return render(request, "library_review.html", {"nav": "library", "rows": rows, "labels": cases.TEXT_FIELDS})


@router.get("/library/cases/{case_id}")
def case_page(request: Request, case_id: str, sent: str = "") -> Response:
    session = guard.require_session(request)
    case = _load(request, case_id)
    if case["status"] != "published" and not (session.specialist.is_coordinator or session.specialist.role == "specialist"):
        raise ConsolePageError(404)
    editing = session.specialist.role == "specialist" and case["status"] in ("held", "returned")
    with reading(guard.engine(request)) as conn:
        # A coordinator sees a held copy with the identifiers blacked out; the specialist rewriting
        # it sees the text as written, which is the referral's own (open to them anyway).
        view = case if editing else cases.shown(conn, case)
    return render(request, "library_case.html", {
        "nav": "library", "case": view, "labels": cases.TEXT_FIELDS, "notice": NOTICES.get(sent, ""),
        "editing": editing, "limits": cases.LIMITS,
        "photo_urls": [f"/library/cases/{case['id']}/photos/{sha}" for sha in case["photos"]],
    })


@router.post("/library/cases/{case_id}/edit")
def edit(request: Request, case_id: str, form: FormFields) -> Response:
    session = guard.require_specialist(request)
    guard.require_csrf(request, session, form.get("csrf_token"))
    case = _load(request, case_id)
    texts = {name: clean_text(form.get(name)) for name in cases.TEXT_FIELDS}
    for name, text in texts.items():
        if len(text) > cases.LIMITS[name]:
            raise ConsolePageError(422, f"{cases.TEXT_FIELDS[name]} is too long ({len(text):,} characters; at most "
                                        f"{cases.LIMITS[name]:,}). Go back and shorten it.")
    for name in ("question", "assessment", "recommendations", "learning_point"):
        if not texts[name]:
            raise ConsolePageError(422, f"{cases.TEXT_FIELDS[name]} cannot be empty in a teaching case. Go back "
                                        "and write it without the patient's identifiers.")
    try:
        with guard.engine(request).begin() as conn:
            found = cases.edit(conn, case["id"], texts, form.get("include_messages") == "yes")
            _audit(conn, request, "library_edited", case, f"held: {found} finding(s)" if found else "waiting for review")
    except cases.NotAllowed as exc:
        raise ConsolePageError(409, str(exc)) from None
    return RedirectResponse(f"/library/cases/{quote(case['id'])}?sent={'still-held' if found else 'edited'}",
                            status_code=303)


def _coordinator_action(request: Request, case_id: str, form: dict[str, str], action: str) -> Response:
    session = guard.require_coordinator(request)
    guard.require_csrf(request, session, form.get("csrf_token"))
    case = _load(request, case_id)
    note = clean_text(form.get("note"))
    if action == "returned" and not note:
        raise ConsolePageError(422, "Write a note for the specialist: what should change before it can be published?")
    if len(note) > cases.LIMITS["note"]:
        raise ConsolePageError(422, f"The note is too long: at most {cases.LIMITS['note']:,} characters.")
    try:
        with guard.engine(request).begin() as conn:
            if action == "published":
                reached = cases.publish(conn, case["id"], session.specialist, guard.now())
                _audit(conn, request, "library_published", case, f"sent to {reached} station(s)")
            elif action == "returned":
                cases.send_back(conn, case["id"], session.specialist, note, guard.now())
                _audit(conn, request, "library_returned", case)
            else:
                reached = cases.withdraw(conn, case["id"], session.specialist, guard.now())
                _audit(conn, request, "library_withdrawn", case, f"sent to {reached} station(s)")
    except cases.NotAllowed as exc:
        raise ConsolePageError(409, str(exc)) from None
    return RedirectResponse(f"/library/cases/{quote(case['id'])}?sent={action}", status_code=303)


@router.post("/library/cases/{case_id}/publish")
def publish(request: Request, case_id: str, form: FormFields) -> Response:
    return _coordinator_action(request, case_id, form, "published")


@router.post("/library/cases/{case_id}/return")
def send_back(request: Request, case_id: str, form: FormFields) -> Response:
    return _coordinator_action(request, case_id, form, "returned")


@router.post("/library/cases/{case_id}/withdraw")
def withdraw(request: Request, case_id: str, form: FormFields) -> Response:
    return _coordinator_action(request, case_id, form, "withdrawn")


@router.get("/library/cases/{case_id}/photos/{sha256}")
def photo(request: Request, case_id: str, sha256: str) -> Response:
    """A ticked photo of a case, without its metadata (EXIF position, dates, comments)."""
    session = guard.require_session(request)
    case = _load(request, case_id)
    if sha256 not in case["photos"] or (case["status"] != "published" and session.specialist.role not in (
            "coordinator", "specialist")):
        raise ConsolePageError(404)
    from hub.console.referral import attachment_bytes

    with reading(guard.engine(request)) as conn:
        found = attachment_bytes(conn, case["referral_id"], sha256)
    if found is None:
        raise ConsolePageError(404, "This photo is not on the hub.")
    data, media_type, _ = found
    try:
        clean = photos.without_metadata(data, media_type)
    except photos.UnreadablePhoto:
        raise ConsolePageError(404, "This photo cannot be shown in the library.") from None
    response = Response(clean, media_type=media_type)
    response.headers["Content-Disposition"] = f'inline; filename="teaching-{sha256[:8]}"'
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    return response
