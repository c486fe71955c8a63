"""Push and pull: how a station's records reach the hub and the hub's replies reach it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from hub import station_feed
from hub.api.errors import ApiError, responses
from hub.api.transport import SignedRoute, station_id
from hub.db import reading
from hub.feed import read_feed
from hub.ingest import CrossStationError, apply_batch
from sync.wire.protocol import (
    DEFAULT_PULL_LIMIT,
    FIRST_HUB_ENTITIES,
    MAX_PULL_LIMIT,
    PullResponse,
    PushRequest,
    PushResponse,
)

router = APIRouter(prefix="/sync", tags=["sync"], route_class=SignedRoute)

Station = Annotated[str, Depends(station_id)]


@router.post("/push", response_model=PushResponse, responses=responses(400, 401, 403, 413, 415, 422))
def push(body: PushRequest, request: Request, station: Station) -> PushResponse:
    """Apply a batch of 1 to 500 changes; each gets accepted, duplicate or rejected (with a reason).

    Sending the same batch again changes nothing (its changes come back as duplicates). A batch
    that touches another station's records is refused whole with 403.
    """
    try:
        results = apply_batch(request.app.state.engine, station, body.changes)
    except CrossStationError as exc:
        raise ApiError(403, "other_station", f"Refused: {exc}. Nothing in this batch was applied.") from None
    return PushResponse(results=results)


@router.get("/pull", response_model=PullResponse, responses=responses(400, 401, 413, 422))
def pull(
    request: Request,
    station: Station,
    cursor: Annotated[int, Query(ge=0, le=2**62, description="The cursor from the previous pull; 0 at first.")] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PULL_LIMIT, description="At most this many changes.")] = (
        DEFAULT_PULL_LIMIT
    ),
    reads: Annotated[str, Query(max_length=500, description=(
        "The hub entities newer than advice, message, referral_status and call_proposal that this "
        "station reads, comma-separated (specialty, referral_holder). A station that names none is "
        "sent none of them; one naming an entity for the first time is first sent its current state."
    ))] = "",
) -> PullResponse:
    """Changes addressed to this station after `cursor`, oldest first."""
    engine = request.app.state.engine
    wanted = station_feed.parse_reads(reads)
    with reading(engine) as conn:
        known = station_feed.readable(conn, station) - FIRST_HUB_ENTITIES
    if wanted != known:
        with engine.begin() as conn:
            station_feed.declare(conn, station, wanted)
    with reading(engine) as conn:
        changes, new_cursor, more = read_feed(conn, station, cursor, limit,
                                              readable=FIRST_HUB_ENTITIES | wanted)
    return PullResponse(changes=changes, cursor=new_cursor, more=more)
