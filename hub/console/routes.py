"""The specialist console's router: sign-in, inbox, referral pages, programme dashboard.

`hub.app.create_app` includes `router` after the API, so the final catch-all only sees addresses
nothing else claimed and answers them with a friendly page (or the API's JSON shape under /api/).
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request, Response

from hub.console import (
    calls,
    conference,
    holding,
    pages_audit,
    pages_auth,
    pages_conferences,
    pages_dashboard,
    pages_library,
    pages_opinions,
    pages_referrals,
    voice,
)
from hub.console.web import ConsolePageError, ConsoleRoute

router = APIRouter(route_class=ConsoleRoute)
router.include_router(pages_auth.router)
router.include_router(pages_referrals.router)
router.include_router(pages_dashboard.router)
router.include_router(pages_audit.router)
router.include_router(calls.router)
router.include_router(holding.router)
router.include_router(pages_opinions.router)
router.include_router(pages_conferences.router)
router.include_router(pages_library.router)
router.include_router(voice.router)
router.include_router(conference.router)


@router.get("/{path:path}", include_in_schema=False)
def not_found(request: Request, path: str) -> Response:
    from hub.api.errors import api_methods, error_response, other_methods

    # An address that exists for other methods (GET on a POST-only one) is a wrong method: 405.
    if request.url.path.startswith("/api/"):
        if allowed := api_methods(request):
            return error_response(405, "method_not_allowed", f"{request.method} is not allowed on "
                                  f"{request.url.path}; use {' or '.join(allowed)}.", {"Allow": ", ".join(allowed)})
        return error_response(404, "not_found", f"There is no API endpoint at {request.url.path}.")
    if allowed := other_methods(request):
        raise HTTPException(405, headers={"Allow": ", ".join(allowed)})
    raise ConsolePageError(404)


__all__ = ["router"]
