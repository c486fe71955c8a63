"""The hub's FastAPI application: the station API under /api/v1 and the specialist console."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.staticfiles import StaticFiles
from starlette.responses import Response

from hub import api, fhir
from hub.api import calls as calls_api
from hub.api import docs as api_docs
from hub.api import errors
from hub.api.headers import ApiHeaders
from hub.background import BackgroundTask
from hub.console import formatting
from hub.console import routes as console_routes
from hub.console.web import add_security_headers, error_page
from hub.db import make_engine, migrate
from hub.settings import MIB, Settings
from hub.storable import StorableTextMiddleware

log = logging.getLogger("hub")

STATIC_DIR = Path(__file__).with_name("static")

API_DESCRIPTION = f"""
The API stations use to sync with the hub.

**Signing.** Every endpoint except `health`, `time` and `enroll` must be signed with the
station's Ed25519 key (RFC 9421 shape): `Content-Digest` (sha-256 of the body as sent),
`Signature-Input` covering `"@method" "@path" "@query" "content-digest"` with `created`, `nonce`,
`keyid` (the station id) and `alg="ed25519"`, and `Signature`. A request that is unsigned, wrongly
signed, replayed (same nonce), stale (created more than 300 s from the hub's clock) or from a
revoked station gets **401** with the reason in `error`. A request touching another station's
records gets **403**.

**Limits.** Request bodies: at most {Settings.max_request_bytes // MIB} MiB as sent and
{Settings.max_decompressed_bytes // MIB} MiB after decompression (`Content-Encoding: gzip` or
`zstd`); larger → 413. A push carries 1 to 500 changes. Attachments: chunks of at most
{Settings.max_blob_chunk_bytes // MIB} MiB, files of at most {Settings.max_blob_bytes // MIB} MiB.

**Errors** are always JSON: `{{"error": "<code>", "message": "<sentence naming the problem>"}}`.
"""


def create_app(settings: Settings) -> FastAPI:
    """Build the hub: open (and migrate) the database, mount the API and the console."""
    zone = formatting.time_zone(settings.timezone)  # a wrong name stops the hub before it opens anything
    engine = make_engine(settings.db_url)
    migrate(engine)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Escalation and mail run beside the requests in every hub process (see hub.background).
        task = BackgroundTask(engine, settings) if settings.background else None
        if task is not None:
            task.start()
        try:
            yield
        finally:
            if task is not None:
                task.stop()

    app = FastAPI(
        lifespan=lifespan,
        title="Telehub",
        version="1",
        description=API_DESCRIPTION,
        openapi_url="/api/v1/openapi.json",
        # Served by hub.api.docs from a pinned package, never a CDN.
        docs_url=None,
        redoc_url=None,
    )
    app.state.engine = engine
    app.state.settings = settings
    app.state.zone = zone
    # Push results and pull pages are compressed for stations that ask (Accept-Encoding: gzip):
    # on a 2G link the per-change answers would otherwise cost as much as the changes.
    app.add_middleware(GZipMiddleware, minimum_size=1000)
    app.add_middleware(ApiHeaders)
    errors.install(app)
    # Outermost: a NUL in an address, query or header never reaches a handler or the database.
    app.add_middleware(StorableTextMiddleware, page=_unstorable_text_page)
    app.include_router(api.router, prefix="/api/v1")
    app.include_router(fhir.router, prefix="/api/v1")
    app.include_router(calls_api.router, prefix="/api/v1")
    app.include_router(calls_api.ws_router, prefix="/api/v1")
    app.include_router(api_docs.router, prefix="/api/v1")
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.include_router(console_routes.router, include_in_schema=False)
    return app


def _unstorable_text_page(scope: Any, message: str) -> Response:
    return add_security_headers(error_page(Request(scope), 400, message))
