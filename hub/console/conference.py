"""Calls through the SFU in the console: join (Janus access for this specialist), presence
(who is in the call, every few seconds) and leave. JSON for the conference page's script."""

from __future__ import annotations

import contextlib
from datetime import timedelta
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from sqlalchemy import update
from starlette.concurrency import run_in_threadpool

from hub import tables as t
from hub.calls import participants, sfu, store
from hub.console import auth, guard
from hub.console.web import ConsoleRoute

router = APIRouter(route_class=ConsoleRoute)
STALE_SECONDS = participants.STALE_SECONDS


def _answer(body: dict[str, Any], status: int = 200) -> JSONResponse:
    return JSONResponse(body, status_code=status, headers={"Cache-Control": "no-store"})


def _session(request: Request) -> tuple[auth.Session | None, JSONResponse | None]:
    session = guard.current_session(request, background=True)
    if session is None:
        return None, _answer({"error": "signed_out", "message": "Sign in again to join the call."}, 401)
    if not session.specialist.answers_referrals:
        return None, _answer({"error": "forbidden", "message": "Only specialists join video calls."}, 403)
    token = request.headers.get("x-csrf-token")
    if not guard.same_origin(request) or not auth.same_secret(session.csrf_token, token):
        return None, _answer({"error": "csrf", "message": "Reload the page and join again."}, 403)
    return session, None


def _people(conn: Any, call_id: str) -> list[dict[str, Any]]:
    return [{"name": p["name"], "role": p["role"], "present": p["present"], "seconds": p["seconds"]}
            for p in participants.participants(conn, call_id)]


@router.post("/console/calls/{call_id}/conference/join")
async def join(request: Request, call_id: str) -> Response:
    """Enter a live call that runs through the SFU: this specialist's Janus token and room entry."""
    session, refused = await run_in_threadpool(_session, request)
    if refused is not None or session is None:
        return refused or _answer({}, 401)
    settings = request.app.state.settings
    janus = sfu.from_settings(settings)
    specialist = session.specialist
    not_live = _answer({"error": "not_live", "message": "This call has ended or does not run through the "
                        "conference server."}, 409)

    def look() -> store.Call | None:
        with guard.engine(request).begin() as conn:
            store.expire_calls(conn, guard.now(), float(settings.call_ring_seconds),
                               float(settings.call_gone_seconds), call_id=call_id[:64])
            return store.get_call(conn, call_id[:64])

    def enter() -> bool:
        with guard.engine(request).begin() as conn:
            return store.join_conference(conn, call_id[:64], specialist.id, specialist.name, guard.now())

    call = await run_in_threadpool(look)
    if call is None or call.final or call.sfu_room is None or janus is None:
        return not_live
    # Admitted by Janus first: a specialist who could not get in neither answers the call nor
    # shows in its minutes.
    try:
        access = await run_in_threadpool(janus.admit, call.sfu_room, sfu.specialist_who(specialist.id),
                                         f"specialist:{specialist.name}")
    except sfu.SfuError as exc:
        return _answer({"error": "sfu_unavailable", "message": f"{exc} Reload the page to try again."}, 503)
    if not await run_in_threadpool(enter):
        with contextlib.suppress(sfu.SfuError):
            await run_in_threadpool(janus.revoke, call.sfu_room, sfu.specialist_who(specialist.id))
        return not_live
    return _answer({"access": access.as_dict()})


@router.post("/console/calls/{call_id}/conference/presence")
async def presence(request: Request, call_id: str) -> Response:
    """This page is still in the call; answers the call's state and who is in it."""
    session, refused = await run_in_threadpool(_session, request)
    if refused is not None or session is None:
        return refused or _answer({}, 401)
    settings = request.app.state.settings

    def report() -> tuple[dict[str, Any], int | None, int | None, list[str]]:
        with guard.engine(request).begin() as conn:
            now = guard.now()
            cid = call_id[:64]
            if participants.seen(conn, cid, session.specialist.id, now):
                conn.execute(update(t.calls).where(t.calls.c.id == cid, t.calls.c.status.in_(store.LIVE))
                             .values(specialist_seen_at=now))
            gone = participants.leave_stale(conn, cid, now - timedelta(seconds=STALE_SECONDS))
            store.expire_calls(conn, now, float(settings.call_ring_seconds), float(settings.call_gone_seconds),
                               call_id=cid)
            call = store.get_call(conn, cid)
            room = call.sfu_room if call is not None else None
            ended_room = room if call is not None and call.final else None
            return {"status": call.status if call else "ended", "people": _people(conn, cid)}, ended_room, room, gone

    answer, ended_room, room, gone = await run_in_threadpool(report)
    janus = sfu.from_settings(settings)
    if ended_room is not None and janus is not None:
        # A call that ended without the station saying so (its link died): its rooms close here.
        with contextlib.suppress(sfu.SfuError):
            await run_in_threadpool(janus.destroy_rooms, ended_room)
    elif room is not None and janus is not None:
        for specialist_id in gone:  # pages that stopped reporting lose their way back in
            with contextlib.suppress(sfu.SfuError):
                await run_in_threadpool(janus.revoke, room, sfu.specialist_who(specialist_id))
    return _answer(answer)


@router.post("/console/calls/{call_id}/conference/leave")
async def leave(request: Request, call_id: str) -> Response:
    """This specialist left the call (the call goes on while the station and others stay)."""
    session, refused = await run_in_threadpool(_session, request)
    if refused is not None or session is None:
        return refused or _answer({}, 401)

    def go() -> int | None:
        with guard.engine(request).begin() as conn:
            participants.leave(conn, call_id[:64], participants.SPECIALIST, session.specialist.id, guard.now())
            call = store.get_call(conn, call_id[:64])
            return call.sfu_room if call is not None and not call.final else None

    room = await run_in_threadpool(go)
    janus = sfu.from_settings(request.app.state.settings)
    if room is not None and janus is not None:
        # The room token handed out on joining stops working: coming back means joining again.
        with contextlib.suppress(sfu.SfuError):
            await run_in_threadpool(janus.revoke, room, sfu.specialist_who(session.specialist.id))
    return _answer({"left": True})
