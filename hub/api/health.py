"""Unsigned liveness and clock endpoints."""

from __future__ import annotations

import time

from fastapi import APIRouter, Request
from sqlalchemy import text

from hub.api.errors import ApiError, responses
from sync.wire.ids import utc_iso
from sync.wire.protocol import HealthResponse, TimeResponse

router = APIRouter(tags=["hub"])


@router.get("/health", response_model=HealthResponse, responses=responses(400, 503))
def health(request: Request) -> HealthResponse:
    """The hub is up and its database answers."""
    try:
        with request.app.state.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:
        raise ApiError(503, "database_unavailable", "The hub's database is not answering.") from exc
    return HealthResponse(status="ok", database="ok")


@router.get("/time", response_model=TimeResponse)
def hub_time() -> TimeResponse:
    """The hub's clock, so a station can tell how far its own clock is off."""
    ms = time.time_ns() // 1_000_000
    return TimeResponse(hub_time=utc_iso(), epoch_ms=ms)
