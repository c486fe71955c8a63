"""Enrollment: a new station trades its one-time code for the hub accepting its key."""

from __future__ import annotations

from fastapi import APIRouter, Request

from hub.api.errors import ApiError, responses
from hub.api.transport import ApiRoute
from hub.stations import EnrollmentError, enroll
from sync.wire.ids import utc_iso
from sync.wire.protocol import EnrollRequest, EnrollResponse

router = APIRouter(tags=["enrollment"], route_class=ApiRoute)


@router.post(
    "/enroll",
    response_model=EnrollResponse,
    responses=responses(400, 401, 403, 409, 410, 413, 415, 422, 429),
)
def enroll_station(body: EnrollRequest, request: Request) -> EnrollResponse:
    """Register the station's Ed25519 public key with the code from `telehub station add`.

    Every wrong code gets the same answer (401 `wrong_code`). Attempts are limited per address
    (10, then 429 with growing waits); a code itself is never blocked, so guessing from elsewhere
    cannot lock a clinic out. Codes expire after 72 h and work once.
    """
    engine = request.app.state.engine
    failure: EnrollmentError | None = None
    address = request.client.host if request.client else "unknown"
    with engine.begin() as conn:
        try:
            station_id = enroll(conn, body.code, body.public_key, address)
        except EnrollmentError as exc:
            failure = exc  # commit anyway: a wrong guess must use up an attempt
    if failure is not None:
        raise ApiError(failure.status, failure.code, failure.message)
    return EnrollResponse(station_id=station_id, hub_time=utc_iso())
