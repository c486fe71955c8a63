"""The audit page: coordinators see who did what at the hub, filtered and a page at a time."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Request, Response

from hub import audit
from hub.console import guard
from hub.console.web import ConsoleRoute, render
from hub.db import reading

router = APIRouter(route_class=ConsoleRoute)


@router.get("/audit")
def audit_page(request: Request) -> Response:
    guard.require_coordinator(request)
    wanted = audit.parse_filter(request.query_params)
    with reading(guard.engine(request)) as conn:
        result = audit.read_page(conn, wanted)

    def page_url(page: int) -> str:
        query = {k: v for k, v in (("actor", wanted.actor), ("action", wanted.action)) if v}
        return "/audit?" + urlencode({**query, "page": page})

    return render(request, "audit.html", {
        "nav": "audit", "wanted": wanted, "result": result, "page_url": page_url,
        "action_options": [("", "Everything"), *audit.ACTIONS.items()],
    })
