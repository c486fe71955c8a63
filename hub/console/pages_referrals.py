"""Inbox and referral pages: read a case, answer it, talk with the station, see its photos."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse, RedirectResponse

from hub import assignment, audit
from hub import tables as t
from hub.console import (
    answer,
    calls,
    guard,
    holding,
    inbox,
    mentoring,
    opinions,
    pages_library,
    referral,
    unread,
)
from hub.console.guard import FormFields
from hub.console.web import ConsolePageError, ConsoleRoute, render
from hub.escalation.pages import escalation_context

router = APIRouter(route_class=ConsoleRoute)

_ID = re.compile(r"[0-9A-Za-z-]{1,64}")
_SHA256 = re.compile(r"[0-9a-f]{64}")

NOTICES = {
    "advice": "Your advice was saved. The station receives it at its next sync.",
    "message": "Your message was saved. The station receives it at its next sync.",
    "repeat": "That form had already been sent; nothing was sent twice.",
    "proposal": "Your proposed call time was saved. The station receives it at its next sync.",
    "proposal-cancelled": "The proposed call time is cancelled. The station stops showing it at its next sync.",
    **holding.NOTICES,
    "invited": "Your colleagues were asked for their opinion. It shows in their inbox.",
    "opinion": "Your opinion was saved. The specialists on this case can read it; the station does not see it.",
    "agenda": "The case is on the conference's agenda. The station sees when at its next sync.",
}


@router.get("/")
def home(request: Request) -> Response:
    target = "/inbox" if guard.current_session(request) else "/login"
    return RedirectResponse(target, status_code=303)


@router.get("/inbox")
def inbox_page(request: Request) -> Response:
    session = guard.require_session(request)
    filters = inbox.parse_filters(request.query_params, session.specialist)
    now = guard.now()
    with guard.engine(request).connect() as conn:
        news = unread.unread_referrals(conn, session.specialist.id,
                                       inbox.filter_conditions(conn, filters, session.specialist.id))
        rows, truncated = inbox.inbox_rows(conn, filters, now, viewer_id=session.specialist.id, first=news)
        options = inbox.filter_options(conn, session.specialist)
        attention = inbox.attention_count(conn) if session.specialist.is_coordinator else 0
        invitations = opinions.waiting_for(conn, session.specialist.id)
    for row in rows:
        row["unread"] = news.get(row["id"])
    return render(request, "inbox.html", {
        "nav": "inbox", "invitations": invitations, "rows": rows, "truncated": truncated, "filters": filters,
        "updated_at": now, "attention_count": attention,
        "unread_rows": sum(1 for row in rows if row["unread"]), "unread_items": sum(u.count for u in news.values()),
        **options,
    })


@router.get("/console/unread")
def unread_count(request: Request) -> Response:
    """How many referrals have news this person has not read, for every page's title (JSON).

    A background poll: it never keeps the session alive (an unattended screen still signs out)."""
    session = guard.current_session(request, background=True)
    if session is None:
        return JSONResponse({"error": "signed_out", "message": "Sign in again to see what is new.",
                             "reason": getattr(request.state, "session_ended", "")}, status_code=401)
    with guard.engine(request).connect() as conn:
        count = unread.count_for(conn, session.specialist)
    return JSONResponse({"unread_referrals": count}, headers={"Cache-Control": "no-store"})


def _referral_id(referral_id: str) -> str:
    if not _ID.fullmatch(referral_id):
        raise ConsolePageError(404)
    return referral_id


def _referral_page(request: Request, referral_id: str, *, advice_form: answer.AdviceForm | None = None,
                   advice_errors: dict[str, str] | None = None, message_form: answer.MessageForm | None = None,
                   message_errors: dict[str, str] | None = None, notice: str = "",
                   status_code: int = 200, extra: dict[str, Any] | None = None) -> Response:
    now = guard.now()
    with guard.engine(request).begin() as conn:
        # Opening a new referral tells its station it was received (once).
        answer.mark_opened(conn, referral_id, now)
        data = referral.load_referral(conn, referral_id, now)
        video = calls.referral_context(conn, referral_id, getattr(request.state, "specialist", None), now)
        escalated = escalation_context(conn, referral_id, request.app.state.settings)
        held = holding.holding_view(conn, referral_id, getattr(request.state, "specialist", None))
        news = _read_news(conn, request, referral_id, data["ref"]["received_at"]) if data is not None else {}
        cases = mentoring.referral_context(conn, referral_id, getattr(request.state, "specialist", None))
        teaching = pages_library.referral_context(conn, referral_id)
    if data is None:
        raise ConsolePageError(404, "There is no referral at this address. It may not have reached the hub yet.")
    context: dict[str, Any] = {
        **data,
        "nav": "inbox",
        "notice": notice,
        "advice_form": advice_form or answer.AdviceForm(),
        "advice_errors": advice_errors or {},
        "message_form": message_form or answer.MessageForm(),
        "message_errors": message_errors or {},
        "limits": answer.LIMITS,
        **video,
        **escalated,
        **cases,
        "invite_errors": {},
        "opinion_error": "",
        **teaching,
        "proposal_form": calls.proposals.ProposalForm(),
        "proposal_errors": {},
        **held,
        **news,
        **(extra or {}),
    }
    return render(request, "referral.html", context, status_code=status_code)


def referral_page_response(request: Request, referral_id: str, *, status_code: int = 200,
                           extra: dict[str, Any] | None = None) -> Response:
    """The referral page (e.g. again with an error from one of its forms)."""
    return _referral_page(request, _referral_id(referral_id), status_code=status_code, extra=extra)


def _read_news(conn: Any, request: Request, referral_id: str, received_at: Any) -> dict[str, Any]:
    """What the station sent since this person last opened the referral; now read by them."""
    specialist = request.state.specialist
    since = unread.last_read(conn, specialist.id, referral_id)
    news = unread.news_since(conn, referral_id, since)
    # Read up to the newest news shown (or, with none yet, the referral itself): news committed
    # while this page was being made stays unread.
    upto = unread.latest_news_at(conn, referral_id) or received_at
    unread.mark_read(conn, specialist.id, referral_id, upto)
    return {"news": news, "read_before": since}


@router.get("/referrals/{referral_id}")
def referral_page(request: Request, referral_id: str, sent: str = "") -> Response:
    guard.require_session(request)
    return _referral_page(request, _referral_id(referral_id), notice=NOTICES.get(sent, ""))


@router.post("/referrals/{referral_id}/advice")
def send_advice(request: Request, referral_id: str, form: FormFields) -> Response:
    session = guard.require_specialist(request)
    guard.require_csrf(request, session, form.get("csrf_token"))
    referral_id = _referral_id(referral_id)
    advice = answer.AdviceForm.from_form(form)
    errors = advice.errors()
    if errors:
        if "form" in errors:
            advice.advice_id = answer.AdviceForm().advice_id
        return _referral_page(request, referral_id, advice_form=advice, advice_errors=errors, status_code=422)
    _require_referral(request, referral_id)
    try:
        saved = answer.send_once(
            guard.engine(request),
            lambda conn: _audited(conn, request, "advice_sent", referral_id,
                                  _answer_and_hold(conn, request, referral_id, session, advice)),
            t.advice, advice.advice_id,
        )
    except ValueError as exc:  # the recording named by the form is not on the hub
        advice.voice_sha256 = ""
        return _referral_page(request, referral_id, advice_form=advice, advice_errors={"voice": str(exc)},
                              status_code=422)
    return RedirectResponse(f"/referrals/{quote(referral_id)}?sent={'advice' if saved else 'repeat'}#advice",
                            status_code=303)


@router.post("/referrals/{referral_id}/messages")
def send_message(request: Request, referral_id: str, form: FormFields) -> Response:
    session = guard.require_specialist(request)
    guard.require_csrf(request, session, form.get("csrf_token"))
    referral_id = _referral_id(referral_id)
    message = answer.MessageForm.from_form(form)
    errors = message.errors()
    if errors:
        if "form" in errors:
            message.message_id = answer.MessageForm().message_id
            errors.setdefault("body", errors["form"])
        return _referral_page(request, referral_id, message_form=message, message_errors=errors, status_code=422)
    _require_referral(request, referral_id)
    try:
        saved = answer.send_once(
            guard.engine(request),
            lambda conn: _audited(conn, request, "message_sent", referral_id,
                                  answer.save_message(conn, referral_id, session.specialist, message)),
            t.messages, message.message_id,
        )
    except ValueError as exc:
        message.voice_sha256 = ""
        return _referral_page(request, referral_id, message_form=message, message_errors={"voice": str(exc)},
                              status_code=422)
    return RedirectResponse(f"/referrals/{quote(referral_id)}?sent={'message' if saved else 'repeat'}#messages",
                            status_code=303)


def _answer_and_hold(conn: Any, request: Request, referral_id: str, session: Any, advice: answer.AdviceForm) -> int:
    """Save the advice; a specialist answering a referral nobody holds becomes its holder."""
    result = answer.save_advice(conn, referral_id, session.specialist, advice,
                                opinions.contributor_names(conn, referral_id, session.specialist.id))
    assignment.take_if_free(conn, referral_id, session.specialist.id, session.specialist.username,
                            guard.address(request))
    return result


def _audited(conn: Any, request: Request, action: str, referral_id: str, result: int) -> int:
    audit.record(conn, request.state.specialist.username, action, target=f"referral {referral_id}",
                 address=guard.address(request))
    return result


def _require_referral(request: Request, referral_id: str) -> None:
    with guard.engine(request).connect() as conn:
        found = conn.execute(
            t.referrals.select().with_only_columns(t.referrals.c.id).where(t.referrals.c.id == referral_id)
        ).first()
    if found is None:
        raise ConsolePageError(404, "There is no referral at this address, so nothing was sent.")


def _content_disposition(kind: str, filename: str) -> str:
    ascii_name = re.sub(r"[^A-Za-z0-9._-]", "_", filename)[:100] or "file"
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename[:200], safe='')}"


@router.get("/referrals/{referral_id}/attachments/{sha256}")
def attachment(request: Request, referral_id: str, sha256: str) -> Response:
    """A photo or file of a referral, only for signed-in specialists, never run as a page."""
    guard.require_session(request)
    if not _SHA256.fullmatch(sha256):
        raise ConsolePageError(404)
    with guard.engine(request).connect() as conn:
        found = referral.attachment_bytes(conn, _referral_id(referral_id), sha256)
    if found is None:
        raise ConsolePageError(404, "This file is not on the hub yet, or it does not belong to this referral.")
    data, media_type, filename = found
    inline = media_type in referral.IMAGE_TYPES
    response = Response(data, media_type=media_type if inline else "application/octet-stream")
    response.headers["Content-Disposition"] = _content_disposition("inline" if inline else "attachment", filename)
    # A file from a station is data, never a page: no scripts, no sniffing, not cached.
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    return response
