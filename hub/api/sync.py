"""Push and pull: how a station's records reach the hub and the hub's replies reach it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from hub.api.errors import ApiError, responses
from hub.api.transport import SignedRoute, station_id
from hub.db import reading
from hub.feed import read_feed
from hub.ingest import CrossStationError, apply_batch
from hub.library import cases as library
from hub.tables import utcnow
from sync.wire.protocol import (
    DEFAULT_PULL_LIMIT,
    MAX_PULL_LIMIT,
    OPT_IN_ENTITIES,
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
    accept: Annotated[list[str] | None, Query(
        max_length=len(OPT_IN_ENTITIES),
        description="Entities a station of an earlier version could not read, which this station does: "
                    f"any of {', '.join(sorted(OPT_IN_ENTITIES))}. Left out unless named.",
    )] = None,
) -> PullResponse:
    """Changes addressed to this station after `cursor`, oldest first."""
    wanted = frozenset(accept or ())
    unknown = sorted(wanted - OPT_IN_ENTITIES)
    if unknown:
        raise ApiError(422, "invalid_accept", f"accept: {unknown[0]!r} is not an entity to opt in to; "
                       f"allowed: {', '.join(sorted(OPT_IN_ENTITIES))}.")
    if "library_case" in wanted and not library.reads_library(request.app.state.engine, station):
        # The first pull that asks for the library queues every published case for this station.
        with request.app.state.engine.begin() as conn:
            library.start_for_station(conn, station, utcnow())
    with reading(request.app.state.engine) as conn:
        changes, new_cursor, more = read_feed(conn, station, cursor, limit, wanted)
    return PullResponse(changes=changes, cursor=new_cursor, more=more)
