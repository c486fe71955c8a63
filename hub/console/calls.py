"""Video consults in the console: the call page, calls ringing now, the specialist's signaling
socket, and the "Propose a time" form on the referral page."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import quote, urlsplit

from fastapi import APIRouter, Request, Response, WebSocket
from fastapi.responses import JSONResponse, RedirectResponse
from sqlalchemy import Connection, and_, select

from hub import tables as t
from hub.calls import participants, proposals, relay, store
from hub.calls.ice import ice_servers, transport_policy
from hub.console import answer, auth, guard
from hub.console import formatting as fmt
from hub.console.guard import FormFields
from hub.console.inbox import patient_payload
from hub.console.web import CONTENT_SECURITY_POLICY, ConsolePageError, ConsoleRoute, render

router = APIRouter(route_class=ConsoleRoute)

STATUS_WORDS = {
    store.RINGING: "Ringing",
    store.ACTIVE: "In progress",
    store.ENDED: "Ended",
    store.MISSED: "Missed",
}
ENDED_BY_WORDS = {"station": "by the station", "specialist": "by the specialist", "network": "by a lost connection"}


def _timeouts(request: Request | WebSocket) -> tuple[float, float]:
    settings = request.app.state.settings
    return float(settings.call_ring_seconds), float(settings.call_gone_seconds)


def _id(value: str) -> str:
    if not value or len(value) > 64 or not all(c.isalnum() or c == "-" for c in value):
        raise ConsolePageError(404, "There is no call at this address.")
    return value


def _summaries(conn: Connection, calls: list[store.Call], specialist_id: str, now: datetime) -> list[dict[str, Any]]:
    """What a specialist needs to decide to join: patient, station, specialty, how long it rings."""
    out = []
    for call in calls:
        row = conn.execute(
            select(t.referrals.c.urgency, t.stations.c.name.label("station_name"), t.records.c.payload)
            .select_from(
                t.referrals.outerjoin(t.stations, t.stations.c.id == t.referrals.c.station_id).outerjoin(
                    t.records, and_(t.records.c.entity == "patient", t.records.c.id == t.referrals.c.patient_id)
                )
            )
            .where(t.referrals.c.id == call.referral_id)
        ).first()
        patient = patient_payload(row.payload if row else None)
        out.append({
            "call_id": call.id,
            "referral_id": call.referral_id,
            "status": call.status,
            "mine": call.specialist_id == specialist_id,
            "patient_name": patient.get("name") or "Patient record not yet received",
            "station_name": (row.station_name if row else None) or "Unknown station",
            "specialty": fmt.specialty_label(call.specialty),
            "urgency": row.urgency if row else "routine",
            "ringing_seconds": max(0, int((now - call.created_at).total_seconds())),
            "url": f"/calls/{quote(call.id)}",
        })
    return out


def referral_context(conn: Connection, referral_id: str, specialist: auth.Specialist | None,
                     now: datetime) -> dict[str, Any]:
    """The referral page's video consult card: a call to join, past calls, proposed times."""
    joinable = store.joinable_calls(conn, specialist.id, referral_id) if specialist else []
    history = [
        {"status": STATUS_WORDS.get(c.status, c.status), "created_at": c.created_at,
         "specialist_name": c.specialist_name,
         "duration": fmt.format_duration(c.ended_at - c.answered_at) if c.ended_at and c.answered_at else None,
         "ended_by": ENDED_BY_WORDS.get(c.ended_by or ""),
         # Calls through the SFU list everyone who took part: the conference minutes.
         "conference": c.sfu_room is not None,
         "people": [{**p, "minutes": fmt.format_duration(timedelta(seconds=p["seconds"]))}
                    for p in participants.participants(conn, c.id)] if c.sfu_room is not None else []}
        for c in store.calls_for_referral(conn, referral_id) if c.final
    ]
    return {
        "call_join": _summaries(conn, joinable, specialist.id, now)[0] if joinable and specialist else None,
        "call_history": history,
        "proposals": [{**p, "mine": specialist is not None and p["specialist_id"] == specialist.id}
                      for p in proposals.proposals_for_referral(conn, referral_id)],
        "proposal_limit": proposals.NOTE_LIMIT,
    }


@router.get("/console/calls/ringing")
def ringing(request: Request, referral: str = "") -> Response:
    """Calls this specialist can join now, for the inbox and referral pages' live notice (JSON).

    A background poll: it never keeps the session alive (an unattended screen still signs out)."""
    session = guard.current_session(request, background=True)
    if session is None:
        return JSONResponse({"error": "signed_out", "message": "Sign in again to see calls.",
                             "reason": getattr(request.state, "session_ended", "")}, status_code=401)
    now = guard.now()
    ring, gone = _timeouts(request)
    with guard.engine(request).begin() as conn:
        store.expire_calls(conn, now, ring, gone)
        calls = store.joinable_calls(conn, session.specialist.id, referral[:64] or None)
        found = _summaries(conn, calls, session.specialist.id, now)
    return JSONResponse({"calls": found}, headers={"Cache-Control": "no-store"})


@router.get("/calls/{call_id}")
def call_page(request: Request, call_id: str) -> Response:
    """The call itself: the station's video, the specialist's camera and the call controls."""
    session = guard.require_specialist(request)
    call_id = _id(call_id)
    now = guard.now()
    ring, gone = _timeouts(request)
    with guard.engine(request).begin() as conn:
        store.expire_calls(conn, now, ring, gone, call_id=call_id)
        call = store.get_call(conn, call_id)
        summary = _summaries(conn, [call], session.specialist.id, now)[0] if call else None
    if call is None or summary is None:
        raise ConsolePageError(404, "There is no call at this address. It may have been started on another hub.")
    specialist = session.specialist
    if call.sfu_room is not None:
        return _conference_page(request, call, summary, specialist)
    taken = call.specialist_id not in (None, session.specialist.id)
    return render(request, "call.html", {
        "nav": "inbox",
        "call": call,
        "summary": summary,
        "status_words": STATUS_WORDS.get(call.status, call.status),
        "ended_by": ENDED_BY_WORDS.get(call.ended_by or ""),
        "taken": taken,
        "ice_json": json.dumps(ice_servers(request.app.state.settings, specialist.id)),
        "ice_policy": transport_policy(request.app.state.settings),
        "signal_path": f"/console/calls/{quote(call.id)}/signal",
    })


def _conference_page(request: Request, call: store.Call, summary: dict[str, Any],
                     specialist: auth.Specialist) -> Response:
    """A call through the SFU: the page talks to Janus itself, so its origin joins connect-src."""
    response = render(request, "conference_call.html", {
            "nav": "inbox", "call": call, "summary": summary,
            "status_words": STATUS_WORDS.get(call.status, call.status),
            "ended_by": ENDED_BY_WORDS.get(call.ended_by or ""),
            "ice_json": json.dumps(ice_servers(request.app.state.settings, specialist.id)),
            "ice_policy": transport_policy(request.app.state.settings),
            "join_path": f"/console/calls/{quote(call.id)}/conference/join",
            "presence_path": f"/console/calls/{quote(call.id)}/conference/presence",
            "leave_path": f"/console/calls/{quote(call.id)}/conference/leave",
        })
    sfu_url = urlsplit(str(request.app.state.settings.sfu_url or ""))
    if sfu_url.scheme in ("http", "https") and sfu_url.netloc:
        origin = f"{sfu_url.scheme}://{sfu_url.netloc}"
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY.replace(
            "connect-src 'self'", f"connect-src 'self' {origin}")
    return response


@router.post("/referrals/{referral_id}/call-proposals")
def propose_time(request: Request, referral_id: str, form: FormFields) -> Response:
    """Publish a proposed call time to the referral's station."""
    # Imported here: the referral page module imports this one for its video consult card.
    from hub.console.pages_referrals import _referral_id, _referral_page

    session = guard.require_specialist(request)
    guard.require_csrf(request, session, form.get("csrf_token"))
    referral_id = _referral_id(referral_id)
    proposal = proposals.ProposalForm.from_form(form)
    errors = proposal.errors(guard.now())
    if errors:
        if "form" in errors:
            proposal.proposal_id = proposals.ProposalForm().proposal_id
        return _referral_page(request, referral_id, status_code=422,
                              extra={"proposal_form": proposal, "proposal_errors": errors})
    try:
        saved = answer.send_once(
            guard.engine(request),
            lambda conn: proposals.save_proposal(conn, referral_id, session.specialist, proposal),
            t.call_proposals, proposal.proposal_id,
        )
    except LookupError:
        raise ConsolePageError(404, "There is no referral at this address, so nothing was sent.") from None
    return RedirectResponse(f"/referrals/{quote(referral_id)}?sent={'proposal' if saved else 'repeat'}#video",
                            status_code=303)


@router.post("/referrals/{referral_id}/call-proposals/{proposal_id}/cancel")
def cancel_time(request: Request, referral_id: str, proposal_id: str, form: FormFields) -> Response:
    """Withdraw a time this specialist proposed; the station stops showing it at its next sync."""
    from hub.console.pages_referrals import _referral_id

    session = guard.require_specialist(request)
    guard.require_csrf(request, session, form.get("csrf_token"))
    referral_id = _referral_id(referral_id)
    if not proposal_id or len(proposal_id) > 64 or not all(c.isalnum() or c == "-" for c in proposal_id):
        raise ConsolePageError(404, "There is no such proposed time on this referral, so nothing was cancelled.")
    try:
        with guard.engine(request).begin() as conn:
            sent = proposals.cancel_proposal(conn, referral_id, proposal_id, session.specialist)
    except LookupError:
        raise ConsolePageError(404, "There is no such proposed time on this referral, so nothing was "
                                    "cancelled.") from None
    except PermissionError:
        raise ConsolePageError(403, "Another specialist proposed this time; only they can cancel it. "
                                    "Send a message to the health worker instead.") from None
    notice = "proposal-cancelled" if sent is not None else "repeat"
    return RedirectResponse(f"/referrals/{quote(referral_id)}?sent={notice}#video", status_code=303)


def _same_origin(websocket: WebSocket) -> bool:
    origin = websocket.headers.get("origin")
    if not origin or origin == "null":
        return False
    return urlsplit(origin).netloc.lower() == websocket.headers.get("host", "").lower()


@router.websocket("/console/calls/{call_id}/signal")
async def specialist_signal(websocket: WebSocket, call_id: str) -> None:
    """The specialist's signaling socket: session cookie, and an Origin of this hub (no CSRF)."""
    if not _same_origin(websocket):
        await relay.refuse(websocket, relay.CLOSE_FORBIDDEN, "Open the call from this hub's console.")
        return
    engine = websocket.app.state.engine
    settings = websocket.app.state.settings
    token = websocket.cookies.get(auth.SESSION_COOKIE)

    def load(conn: Connection) -> auth.Session | None:
        return auth.load_session(conn, token, t.utcnow(), auth.idle_timeout(settings))

    session = await relay.in_thread(relay.write, engine, load)
    if session is None:
        await relay.refuse(websocket, relay.CLOSE_UNAUTHORIZED, "You are signed out. Sign in again to join the call.")
        return
    if not session.specialist.answers_referrals:
        await relay.refuse(websocket, relay.CLOSE_FORBIDDEN, "Only specialists join video calls.")
        return
    specialist = session.specialist
    ring, gone = _timeouts(websocket)

    def join(conn: Connection) -> tuple[store.Call | None, bool]:
        now = t.utcnow()
        store.expire_calls(conn, now, ring, gone, call_id=call_id)
        call = store.get_call(conn, call_id)
        if call is None or call.final:
            return call, False
        return call, store.claim(conn, call_id, specialist.id, specialist.name, now)

    call, joined = (None, False)
    if len(call_id) <= 64:
        call, joined = await relay.in_thread(relay.write, engine, join)
    if call is None:
        await relay.refuse(websocket, relay.CLOSE_NOT_FOUND, "There is no call with this id.")
        return
    if call.final:
        # Say how it ended, then close normally: nothing is wrong with the request.
        await relay.relay(websocket, engine, settings, relay.Peer(store.SPECIALIST, call_id))
        return
    if not joined:
        await relay.refuse(websocket, relay.CLOSE_FORBIDDEN, "Another specialist has already joined this call.")
        return
    await relay.relay(websocket, engine, settings, relay.Peer(store.SPECIALIST, call_id, specialist.id))
