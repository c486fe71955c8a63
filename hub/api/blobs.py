"""Attachments (photos, scans), content-addressed by sha256 and uploaded in resumable chunks.

tus-like: HEAD says how many bytes the hub has (Upload-Offset); PATCH appends a chunk at that
offset; when the last byte arrives the sha256 is checked and a mismatch discards the upload.

Every upload belongs to the station that sends it: the hub keeps one upload per (station, sha256),
so two clinics attaching the same leaflet photo each upload their own copy, and nothing a station
sends or asks reveals or blocks what another station did with the same file.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Path, Request, Response
from sqlalchemy import Connection, Row, delete, select, update

from hub import tables as t
from hub.api.errors import ApiError, responses
from hub.api.transport import SignedBlobRoute, SignedRoute, station_id
from hub.db import insert_ignore, reading

router = APIRouter(prefix="/blobs", tags=["blobs"], route_class=SignedRoute)
chunk_router = APIRouter(prefix="/blobs", tags=["blobs"], route_class=SignedBlobRoute)

Sha = Annotated[str, Path(pattern=r"^[0-9a-f]{64}$", description="SHA-256 of the whole file, lowercase hex.")]
Station = Annotated[str, Depends(station_id)]
CHUNK_TYPE = "application/offset+octet-stream"
_MEDIA_TYPE = re.compile(r"^[a-z0-9.+-]+/[a-z0-9.+-]+$")

_offset_headers = {
    "Upload-Offset": {"description": "Bytes the hub has received so far.", "schema": {"type": "integer"}},
}


def _own_blob(conn: Connection, sha256: str, station: str) -> Row[Any] | None:
    return conn.execute(select(t.blobs).where(_key(station, sha256))).first()


def _key(station: str, sha256: str) -> Any:
    return (t.blobs.c.station_id == station) & (t.blobs.c.sha256 == sha256)


def _chunk_key(station: str, sha256: str) -> Any:
    return (t.blob_chunks.c.station_id == station) & (t.blob_chunks.c.sha256 == sha256)


@router.head(
    "/{sha256}",
    status_code=200,
    response_class=Response,
    responses={
        200: {"description": "This station's upload of the file (offset 0 if it has sent none).",
              "headers": _offset_headers},
        **responses(400, 401, 422),
    },
)
def blob_offset(sha256: Sha, request: Request, station: Station) -> Response:
    """How many bytes of this file the hub has from this station (0 if none): resume from there.

    Other stations' uploads of the same file are never counted or mentioned.
    """
    with reading(request.app.state.engine) as conn:
        row = _own_blob(conn, sha256, station)
    headers = {"Upload-Offset": "0", "Cache-Control": "no-store"}
    if row is not None:
        headers["Upload-Offset"] = str(row.received)
        headers["Upload-Length"] = str(row.length)
    return Response(status_code=200, headers=headers)


@router.get(
    "/{sha256}",
    response_class=Response,
    responses={
        200: {"content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}},
        **responses(400, 401, 404, 409, 422),
    },
)
def download_blob(sha256: Sha, request: Request, station: Station) -> Response:
    """The attachment's bytes, for the station that uploaded it (404 for any other station)."""
    with reading(request.app.state.engine) as conn:
        row = _own_blob(conn, sha256, station)
        if row is None:
            raise ApiError(404, "not_found", "This station has not uploaded a file with this sha256.")
        if not row.complete:
            raise ApiError(
                409,
                "incomplete",
                f"This attachment is still uploading ({row.received} of {row.length} bytes).",
            )
        data = b"".join(iter_blob(conn, station, sha256))
    return Response(data, media_type=row.media_type)


@chunk_router.patch(
    "/{sha256}",
    status_code=204,
    response_class=Response,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {CHUNK_TYPE: {"schema": {"type": "string", "format": "binary"}}},
        }
    },
    responses={
        204: {"description": "Chunk stored.", "headers": _offset_headers},
        **responses(400, 401, 409, 413, 415, 422),
    },
)
def upload_chunk(
    sha256: Sha,
    request: Request,
    station: Station,
    upload_offset: Annotated[int, Header(ge=0, le=2**31 - 1, description="Where this chunk starts.")],
    upload_length: Annotated[int, Header(ge=0, le=2**31 - 1, description="Size of the whole file.")],
    content_type: Annotated[str, Header(description=f"Must be {CHUNK_TYPE}.")],
    upload_media_type: Annotated[str | None, Header(max_length=127, description="e.g. image/jpeg")] = None,
) -> Response:
    """Append a chunk at `Upload-Offset`; 409 with the right offset if it is not where the hub is."""
    settings = request.app.state.settings
    if content_type.split(";", 1)[0].strip().lower() != CHUNK_TYPE:
        raise ApiError(415, "unsupported_media_type", f"Send chunks with Content-Type: {CHUNK_TYPE}.")
    if upload_length > settings.max_blob_bytes:
        raise ApiError(
            413, "blob_too_large", f"Attachments may be at most {settings.max_blob_bytes:,} bytes."
        )
    media_type = (upload_media_type or "application/octet-stream").strip().lower()
    if not _MEDIA_TYPE.match(media_type):
        raise ApiError(422, "invalid_request", "Upload-Media-Type must be a media type such as image/jpeg.")
    chunk: bytes = request._body
    if upload_offset + len(chunk) > upload_length:
        raise ApiError(413, "beyond_length", "This chunk goes past the Upload-Length of the file.")
    with request.app.state.engine.begin() as conn:
        # Two first chunks racing (a retry while the first is still running) must not fail.
        insert_ignore(conn, t.blobs, {
            "station_id": station, "sha256": sha256, "length": upload_length, "received": 0,
            "complete": False, "media_type": media_type, "created_at": t.utcnow(),
        })
        locked = select(t.blobs).where(_key(station, sha256))
        if conn.dialect.name == "postgresql":  # serialize concurrent chunks of one upload
            locked = locked.with_for_update()
        row = conn.execute(locked).one()
        if row.length != upload_length:
            raise ApiError(
                409,
                "length_mismatch",
                f"Upload-Length differs from the {row.length} bytes announced before.",
                {"Upload-Offset": str(row.received)},
            )
        received = row.received
        if upload_offset != received:
            raise ApiError(
                409,
                "wrong_offset",
                f"The hub has {received} bytes of this file; send from offset {received}.",
                {"Upload-Offset": str(received)},
            )
        if chunk:
            conn.execute(t.blob_chunks.insert().values(
                station_id=station, sha256=sha256, offset=upload_offset, data=chunk))
            received += len(chunk)
            conn.execute(update(t.blobs).where(_key(station, sha256)).values(received=received))
        if received == upload_length and not row.complete:
            digest = hashlib.sha256()
            for piece in iter_blob(conn, station, sha256):
                digest.update(piece)
            if digest.hexdigest() != sha256:
                conn.execute(delete(t.blob_chunks).where(_chunk_key(station, sha256)))
                conn.execute(delete(t.blobs).where(_key(station, sha256)))
                mismatch = True
            else:
                conn.execute(update(t.blobs).where(_key(station, sha256)).values(complete=True))
                mismatch = False
        else:
            mismatch = False
    if mismatch:
        raise ApiError(
            422,
            "digest_mismatch",
            "The uploaded bytes do not match the sha256 in the URL; "
            "the upload was discarded: send the file again from offset 0.",
            {"Upload-Offset": "0"},
        )
    return Response(status_code=204, headers={"Upload-Offset": str(received)})


def iter_blob(conn: Connection, station: str, sha256: str) -> Iterator[bytes]:
    """The stored chunks of one station's upload, in order (for the API and the console)."""
    rows = conn.execute(
        select(t.blob_chunks.c.data).where(_chunk_key(station, sha256)).order_by(t.blob_chunks.c.offset)
    )
    for row in rows:
        yield row.data
