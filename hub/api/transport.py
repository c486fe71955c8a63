"""How API requests are read: size limits, decompression and station signatures.

Every API route uses one of the route classes below. They read the body before FastAPI parses
it, so an oversized body is refused without being held in memory, a signature is checked on the
bytes as sent (before any decompression, so strangers cannot make the hub inflate bombs), and a
failure never reaches the database.
"""

from __future__ import annotations

import io
import json
import time
import zlib
from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any, ClassVar

import zstandard
from fastapi import Request, Response
from fastapi.routing import APIRoute
from sqlalchemy import delete, select
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect

from hub import tables as t
from hub.api.errors import ApiError
from hub.db import insert_ignore
from sync.wire.signing import SignatureError, verify_request

# After refusing an oversized body, keep reading (and dropping) this much more so the client
# gets the 413 answer instead of a reset connection while it is still sending.
DRAIN_LIMIT = 64 * 1024 * 1024
NONCE_PURGE_SECONDS = 60.0
_last_nonce_purge = 0.0


class ApiRoute(APIRoute):
    """An unsigned API route: body limited, JSON bodies may be gzip or zstd compressed."""

    signed: ClassVar[bool] = False
    raw_body: ClassVar[bool] = False  # blob chunks: octet-stream, no decompression

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        signed, raw = self.signed, self.raw_body
        has_json_body = self.body_field is not None

        async def read_then_handle(request: Request) -> Response:
            settings = request.app.state.settings
            limit = settings.max_blob_chunk_bytes if raw else settings.max_request_bytes
            body = await read_body(request, limit)
            if signed:
                request.state.station_id = await run_in_threadpool(authenticate, request, body)
            if not raw:
                body = decompress(body, request.headers.get("content-encoding"), settings.max_decompressed_bytes)
                if has_json_body:
                    check_json_content_type(request)
                    if body:
                        # Parsed here so every JSON problem gets a plain 400 (FastAPI reuses it).
                        request._json = parse_json(body)
            # FastAPI takes the body from here: it now sees the decompressed bytes.
            request._body = body
            return await handler(request)

        return read_then_handle


class SignedRoute(ApiRoute):
    """A route only an enrolled station can call: the request must carry its signature."""

    signed = True


class SignedBlobRoute(SignedRoute):
    """A signed route whose body is a raw chunk of an attachment."""

    raw_body = True


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, or 413 if it is larger than `limit` bytes."""
    declared = request.headers.get("content-length")
    too_big = False
    if declared is not None:
        if not (declared.isascii() and declared.isdigit()):
            raise ApiError(400, "bad_content_length", "The Content-Length header must be a number.")
        too_big = int(declared) > limit
    chunks: list[bytes] = []
    size = 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                too_big = True
            if too_big:
                if size > limit + DRAIN_LIMIT:
                    break
                continue
            chunks.append(chunk)
    except ClientDisconnect:
        # The link dropped mid-body (every day on 2G): nothing was applied; the station sends it again.
        raise ApiError(400, "incomplete_body", "The request body was cut off before it ended; send it again.") from None
    if too_big:
        raise ApiError(
            413, "body_too_large", f"The request body is larger than the limit of {limit:,} bytes; send less at once."
        )
    return b"".join(chunks)


def decompress(body: bytes, encoding: str | None, limit: int) -> bytes:
    """Undo Content-Encoding gzip or zstd, refusing output larger than `limit` (413)."""
    encoding = (encoding or "identity").strip().lower()
    too_big = ApiError(
        413,
        "body_too_large",
        f"The request body is larger than {limit:,} bytes once decompressed; send fewer changes at once.",
    )
    if encoding == "identity" or not body:
        if len(body) > limit:  # an uncompressed body is its own decompressed size
            raise too_big
        return body
    if encoding == "gzip":
        inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
        try:
            out = inflater.decompress(body, limit + 1)
        except zlib.error:
            raise ApiError(400, "bad_compression", "The body is not valid gzip data.") from None
        if len(out) > limit:
            raise too_big
        if not inflater.eof or inflater.unused_data:
            raise ApiError(400, "bad_compression", "The gzip body is truncated or has extra bytes after it.")
        return out
    if encoding == "zstd":
        try:
            reader = zstandard.ZstdDecompressor().stream_reader(io.BytesIO(body))
            parts: list[bytes] = []
            size = 0
            while size <= limit:
                piece = reader.read(min(1 << 20, limit + 1 - size))
                if not piece:
                    break
                parts.append(piece)
                size += len(piece)
        except zstandard.ZstdError:
            raise ApiError(400, "bad_compression", "The body is not valid zstd data.") from None
        if size > limit:
            raise too_big
        return b"".join(parts)
    raise ApiError(
        415, "unsupported_encoding", f"Content-Encoding {encoding!r} is not supported; use gzip, zstd or none."
    )


# No field of the protocol needs more: counts, sizes and cursors fit in 19 digits.
MAX_NUMBER_CHARS = 40


class _NumberTooLong(ValueError):
    pass


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not allowed in JSON")


def _parse_int(text: str) -> int:
    if len(text) > MAX_NUMBER_CHARS:
        raise _NumberTooLong(f"a number in it is {len(text):,} characters long; numbers may have at most "
                             f"{MAX_NUMBER_CHARS} digits")
    return int(text)


def _parse_float(text: str) -> float:
    if len(text) > MAX_NUMBER_CHARS:
        raise _NumberTooLong(f"a number in it is {len(text):,} characters long; numbers may have at most "
                             f"{MAX_NUMBER_CHARS} characters")
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise _NumberTooLong(f"the number {text} is too large")
    return value


def parse_json(body: bytes) -> Any:
    """Parse a JSON body strictly (UTF-8, no NaN/Infinity), or 400 saying what is wrong."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ApiError(400, "malformed_json", f"The request body is not UTF-8 text (byte {exc.start}).") from None
    try:
        return json.loads(text, parse_constant=_refuse_constant, parse_int=_parse_int, parse_float=_parse_float)
    except json.JSONDecodeError as exc:
        raise ApiError(
            400, "malformed_json", f"The request body is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}."
        ) from None
    except _NumberTooLong as exc:
        raise ApiError(400, "number_too_long", f"The request body cannot be read: {exc}.") from None
    except ValueError as exc:
        raise ApiError(400, "malformed_json", f"The request body is not valid JSON: {exc}.") from None
    except RecursionError:
        raise ApiError(400, "malformed_json", "The request body's JSON is nested too deeply.") from None


def check_json_content_type(request: Request) -> None:
    kind = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if kind != "application/json":
        raise ApiError(415, "unsupported_media_type", "Send the body as JSON with Content-Type: application/json.")


def authenticate(request: Request, body: bytes) -> str:
    """Verify the station signature on `body` (as sent); the station id, or 401 with the reason."""
    engine = request.app.state.engine
    settings = request.app.state.settings
    path = request.scope.get("raw_path") or request.scope["path"].encode("utf-8")
    query = request.scope.get("query_string", b"")
    target = path.decode("latin-1") + ("?" + query.decode("latin-1") if query else "")

    def lookup(station_id: str) -> str | None:
        with engine.connect() as conn:
            row = conn.execute(
                select(t.stations.c.public_key, t.stations.c.revoked_at).where(t.stations.c.id == station_id)
            ).first()
        if row is None or row.public_key is None:
            return None
        if row.revoked_at is not None:
            raise SignatureError(
                "station_revoked", "This station was switched off at the hub; ask the hub administrator."
            )
        return row.public_key

    def check_nonce(station_id: str, nonce: str, _created: int) -> bool:
        with engine.begin() as conn:
            _purge_old_nonces(conn, settings.signature_window_seconds)
            return insert_ignore(
                conn, t.seen_nonces, {"station_id": station_id, "nonce": nonce, "seen_at": t.utcnow()}
            )

    try:
        return verify_request(
            request.method,
            target,
            request.headers,
            body,
            lookup,
            now=time.time(),
            check_nonce=check_nonce,
            window_seconds=settings.signature_window_seconds,
        )
    except SignatureError as exc:
        raise ApiError(401, exc.reason, exc.message) from None


def _purge_old_nonces(conn: Any, window_seconds: int) -> None:
    # A nonce only needs remembering while its signature is fresh enough to be accepted.
    global _last_nonce_purge
    now = time.monotonic()
    if now - _last_nonce_purge < NONCE_PURGE_SECONDS:
        return
    _last_nonce_purge = now
    cutoff = t.utcnow() - timedelta(seconds=2 * window_seconds)
    conn.execute(delete(t.seen_nonces).where(t.seen_nonces.c.seen_at < cutoff))


def station_id(request: Request) -> str:
    """Dependency: the id of the station that signed this request."""
    return request.state.station_id
