"""Video consults, station side: start a call, read its state, get ICE servers, and signal.

HTTP routes are signed like sync requests. The signaling WebSocket
`/api/v1/calls/{call_id}/signal` is signed too: its handshake GET carries the station's
signature headers (method GET, that path, the digest of an empty body). Refusals close the
socket with 4400 (a bad `after`), 4401 (signature), 4403 (another station's call) or 4404
(unknown call), after an {"type": "error", "detail": ...} message saying why.
"""

from __future__ import annotations

import contextlib
import re
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request, Response, WebSocket
from fastapi.responses import JSONResponse
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool

from hub import tables as t
from hub.api.errors import ApiError, responses
from hub.api.transport import SignedRoute, authenticate, station_id
from hub.calls import relay, sfu, store
from hub.calls.ice import ice_servers, transport_policy
from hub.tables import utcnow
from sync.wire.ids import utc_iso
from sync.wire.protocol import (
    CallErrorBody,
    CallStartRequest,
    CallStartResponse,
    CallStatusResponse,
    IceServersResponse,
)

router = APIRouter(prefix="/calls", tags=["calls"], route_class=SignedRoute)
ws_router = APIRouter(prefix="/calls")

Station = Annotated[str, Depends(station_id)]
CallId = Annotated[str, Path(max_length=64, pattern=r"^[0-9A-Za-z-]{1,64}$", description="The call id.")]
_CALL_ID = re.compile(r"[0-9A-Za-z-]{1,64}")


def signal_path(call_id: str) -> str:
    return f"/api/v1/calls/{call_id}/signal"


def call_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries: refusals specific to calls carry `code`/`detail` too."""
    out = responses(*statuses)
    texts = {403: "The referral or call belongs to another station.", 404: "The hub has no call with this id.",
             409: "`referral_not_synced`: the hub has not received the referral yet (sync first); "
                  "`call_id_reused`: this call id belongs to another referral.",
             503: "`sfu_unavailable`: the hub runs calls through its SFU (Janus) and cannot reach it; "
                  "or the database is unavailable."}
    for status, text in texts.items():
        if status in out:
            out[status] = {"model": CallErrorBody, "description": text}
    return out


def call_error(status: int, code: str, message: str) -> JSONResponse:
    # The hub's usual error shape, plus `code`/`detail` as the call contract names them.
    return JSONResponse({"error": code, "message": message, "code": code, "detail": message}, status_code=status)


def _timeouts(request: Request | WebSocket) -> tuple[float, float]:
    settings = request.app.state.settings
    return float(settings.call_ring_seconds), float(settings.call_gone_seconds)


def _expire_and_get(request: Request, call_id: str) -> store.Call | None:
    ring, gone = _timeouts(request)
    with request.app.state.engine.begin() as conn:
        store.expire_calls(conn, utcnow(), ring, gone, call_id=call_id)
        return store.get_call(conn, call_id)


def _close_rooms(janus: sfu.Janus | None, room: int | None) -> None:
    if janus is not None and room is not None:
        with contextlib.suppress(sfu.SfuError):
            janus.destroy_rooms(room)


@router.get("/ice-servers", response_model=IceServersResponse, response_model_exclude_none=True,
            responses=responses(400, 401))
def get_ice_servers(request: Request, station: Station) -> IceServersResponse:
    """STUN/TURN servers for this station (TURN credentials valid 24 h); empty when none are configured."""
    return IceServersResponse.model_validate({"ice_servers": ice_servers(request.app.state.settings, station)})


@router.post(
    "",
    status_code=201,
    response_model=CallStartResponse,
    response_model_exclude_none=True,
    responses={200: {"model": CallStartResponse, "description": "This call id was started before."},
               **call_responses(400, 401, 403, 409, 413, 415, 422, 503)},
)
def start(body: CallStartRequest, request: Request, response: Response, station: Station) -> Any:
    """Ring the specialists for a referral. Sending the same call id again answers 200 with its state.

    409 `referral_not_synced` when the hub has not received the referral yet (sync first);
    403 when the referral belongs to another station.

    Then open the WebSocket at `signal_path`, its handshake GET signed like any request (empty
    body). JSON text frames: send `{"type": "offer", "sdp"}` (full SDP, ICE gathered) at once,
    `{"type": "quality", "level": "good"|"weak"|"audio_only"}` when the link changes and
    `{"type": "bye", "reason": "hung_up"|"error"|"audio_only_failed"}` to end; receive the
    specialist's `answer`, `quality`, `bye` and `{"type": "link", "rtt", "loss", "fps", "kbps"}`
    (the browser's own link figures, each a number or null), and the hub's `{"type": "state", "status",
    "specialist_name"?, "ended_by"?}` and `{"type": "error", "detail"}`. Each message but `error`
    carries `seq`. A side may send 20 messages at once, then one a second; more are answered with
    an `error` and not relayed (a `bye` always goes through). Reopening a dropped socket with
    `?after=SEQ` (signed as part of the path)
    delivers what the specialist sent while it was away. A call nobody joins within 120 s is
    `missed`; a side whose socket stays closed for 30 s ends it. Refusals close the socket with
    4400 (a bad `after`), 4401 (signature), 4403 (another station's call) or 4404 (unknown call).
    """
    engine = request.app.state.engine
    janus = sfu.from_settings(request.app.state.settings)
    room: int | None = None
    made: int | None = None  # rooms made for this request, closed again unless the call keeps them
    try:
        if janus is not None:
            with engine.begin() as conn:
                known = store.get_call(conn, body.call_id)
                if known is None:
                    # A refused start must not leave rooms behind in Janus: check before making any.
                    store.callable_referral(conn, station, body.referral_id)
            # Rooms are made before the call is stored (no transaction waits on Janus).
            if known is None:
                room = made = sfu.new_room_id()
                janus.create_rooms(room, f"call {body.call_id}")
            else:
                room = known.sfu_room
        with engine.begin() as conn:
            call, created = store.start_call(conn, station, body.call_id, body.referral_id, utcnow(), room)
            station_name = conn.execute(select(t.stations.c.name).where(t.stations.c.id == station)).scalar()
        if made is not None and call.sfu_room != made:
            _close_rooms(janus, made)  # the same call id started twice at once: the other request's rooms serve
        made = None
        conference = janus.admit(call.sfu_room, "station", f"station:{station_name or 'Station'}") \
            if janus and call.sfu_room else None
    except store.CallError as exc:
        _close_rooms(janus, made)
        return call_error(exc.status, exc.code, exc.message)
    except sfu.SfuError as exc:
        _close_rooms(janus, made)
        return call_error(503, "sfu_unavailable", f"{exc} Try again in a minute; if it persists, tell the hub's "
                          "administrator.")
    if not created:
        response.status_code = 200
    return CallStartResponse.model_validate({
        "call_id": call.id,
        "status": call.status,
        "ice_servers": ice_servers(request.app.state.settings, station),
        "signal_path": signal_path(call.id),
        "conference": conference.as_dict() if conference else None,
        "ice_transport_policy": transport_policy(request.app.state.settings),
    })


@router.get("/{call_id}", response_model=CallStatusResponse, responses=call_responses(400, 401, 403, 404, 422))
def status(call_id: CallId, request: Request, station: Station) -> Any:
    """The call as the hub sees it: ringing, active (with the specialist's name), ended or missed."""
    call = _expire_and_get(request, call_id)
    if call is None:
        return call_error(404, "unknown_call", "The hub has no call with this id.")
    if call.station_id != station:
        return call_error(403, "other_station", "This call belongs to another station.")
    return CallStatusResponse(
        call_id=call.id,
        referral_id=call.referral_id,
        status=call.status,  # type: ignore[arg-type]
        specialist_name=call.specialist_name,
        ended_by=call.ended_by,  # type: ignore[arg-type]
        created_at=utc_iso(call.created_at),
        answered_at=utc_iso(call.answered_at) if call.answered_at else None,
        ended_at=utc_iso(call.ended_at) if call.ended_at else None,
    )


class _Handshake:
    """The WebSocket handshake seen as the signed GET request it is, for the shared verifier."""

    method = "GET"

    def __init__(self, ws: WebSocket) -> None:
        self.app = ws.app
        self.scope = ws.scope
        self.headers = ws.headers


@ws_router.websocket("/{call_id}/signal")
async def station_signal(websocket: WebSocket, call_id: str) -> None:
    """The station's signaling socket for one of its calls (see the module description)."""
    try:
        station = await run_in_threadpool(authenticate, _Handshake(websocket), b"")  # type: ignore[arg-type]
    except ApiError as exc:
        await relay.refuse(websocket, relay.CLOSE_UNAUTHORIZED, exc.message)
        return
    engine = websocket.app.state.engine
    call = None
    if _CALL_ID.fullmatch(call_id):
        call = await relay.in_thread(relay.read, engine, lambda conn: store.get_call(conn, call_id))
    if call is None:
        await relay.refuse(websocket, relay.CLOSE_NOT_FOUND, "The hub has no call with this id.")
        return
    if call.station_id != station:
        await relay.refuse(websocket, relay.CLOSE_FORBIDDEN, "This call belongs to another station.")
        return
    after = websocket.query_params.get("after")
    if after is not None and not (after.isascii() and after.isdigit() and len(after) <= 18):
        await relay.refuse(websocket, relay.CLOSE_BAD_REQUEST,
                           "after: give the seq of the last message received, a whole number of 0 or more.")
        return
    peer = relay.Peer(store.STATION, call_id, resume_after=int(after) if after is not None else None)
    await relay.relay(websocket, engine, websocket.app.state.settings, peer)
