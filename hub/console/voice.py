"""Voice notes in the console: the station's play on the referral page and in the thread, and the
specialist records a reply in the browser that goes to the station with advice or a message.

The browser uploads the recording first (POST .../voice, the raw Opus file); the hub keeps it as
a complete file of the referral's station, so the station fetches it with the same signed blob
download it uses for everything else. The advice or message form then names it by sha256.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from sqlalchemy import Connection, select

from hub import tables as t
from hub.api.blobs import iter_blob
from hub.console import guard
from hub.console.referral import record
from hub.console.web import ConsolePageError, ConsoleRoute
from hub.db import insert_ignore
from sync.wire.voice import MAX_BYTES, MAX_SECONDS, NotVoice, check_voice, clock_text, ogg_opus_seconds

router = APIRouter(route_class=ConsoleRoute)
_SHA256 = re.compile(r"[0-9a-f]{64}")
_ID = re.compile(r"[0-9A-Za-z-]{1,64}")


def _station_of(conn: Connection, referral_id: str) -> str | None:
    return conn.execute(select(t.referrals.c.station_id).where(t.referrals.c.id == referral_id)).scalar()


def _blob(conn: Connection, station_id: str, sha256: str) -> Any:
    return conn.execute(select(t.blobs).where(t.blobs.c.station_id == station_id, t.blobs.c.sha256 == sha256)).first()


def referenced(conn: Connection, referral_id: str) -> set[str]:
    """Every sound this referral names: the form's notes, the thread's, the advice's."""
    shas: set[str] = set()
    ref_record = record(conn, "referral", referral_id) or {}
    shas.update(s for s in ref_record.get("attachments") or [] if isinstance(s, str))
    for (voice,) in conn.execute(select(t.messages.c.voice).where(t.messages.c.referral_id == referral_id,
                                                                  t.messages.c.voice.is_not(None))):
        shas.add(str(json.loads(voice).get("sha256")))
    for (payload,) in conn.execute(select(t.advice.c.payload).where(t.advice.c.referral_id == referral_id)):
        voice = (json.loads(payload or "{}") or {}).get("voice")
        if voice:
            shas.add(str(voice.get("sha256")))
    return shas


def note_view(referral_id: str, ref: dict[str, Any] | None) -> dict[str, Any] | None:
    """What a template needs to show a voice note: its address and how long it is."""
    if not ref or not isinstance(ref.get("sha256"), str):
        return None
    ms = int(ref.get("duration_ms") or 0)
    return {"url": f"/referrals/{referral_id}/voice/{ref['sha256']}", "media_type": ref.get("media_type"),
            "duration_ms": ms, "duration": clock_text(ms) if ms else ""}


def attachment_duration(conn: Connection, station_id: str, sha256: str) -> int:
    """How long a complete Ogg Opus note from a station plays, in ms (0 when it cannot be read)."""
    try:
        return round(ogg_opus_seconds(b"".join(iter_blob(conn, station_id, sha256))) * 1000)
    except NotVoice:
        return 0


def voice_from_form(conn: Connection, referral_id: str, form: dict[str, str]) -> dict[str, Any] | None:
    """The VoiceNoteRef an advice or message form names (field voice_sha256), or None.

    ValueError with a sentence for the specialist when the named recording is not on the hub.
    """
    sha = (form.get("voice_sha256") or "").strip().lower()
    if not sha:
        return None
    station_id = _station_of(conn, referral_id)
    blob = _blob(conn, station_id, sha) if station_id and _SHA256.fullmatch(sha) else None
    if blob is None or not blob.complete or not blob.media_type.startswith("audio/"):
        raise ValueError("The voice recording did not reach the hub. Record it again, or send without it.")
    try:
        duration_ms = int(form.get("voice_duration_ms") or 0)
    except ValueError:
        duration_ms = 0
    if blob.media_type == "audio/ogg":
        duration_ms = attachment_duration(conn, station_id, sha)  # type: ignore[arg-type]
    return {"sha256": sha, "media_type": blob.media_type, "size": int(blob.length),
            "duration_ms": max(0, min(duration_ms, (MAX_SECONDS + 1) * 1000))}


@router.post("/referrals/{referral_id}/voice")
async def upload_voice(request: Request, referral_id: str) -> Response:
    """The specialist's recording (the raw Opus file from MediaRecorder); answers its sha256."""
    session = guard.require_specialist(request)
    guard.require_csrf(request, session, request.headers.get("x-csrf-token"))
    if not _ID.fullmatch(referral_id):
        raise ConsolePageError(404)
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > MAX_BYTES):
        return JSONResponse({"error": f"The recording is too large (at most {MAX_BYTES // 1000} kB)."}, 413)
    body = bytearray()
    async for chunk in request.stream():  # a body sent without a length is capped all the same
        body += chunk
        if len(body) > MAX_BYTES:
            return JSONResponse({"error": f"The recording is too large (at most {MAX_BYTES // 1000} kB)."}, 413)
    data = bytes(body)
    try:
        media_type, _ms = check_voice(data, request.headers.get("content-type"))
    except NotVoice as exc:
        return JSONResponse({"error": f"The recording cannot be used: {exc}. Record it again."}, 422)
    sha = hashlib.sha256(data).hexdigest()
    with guard.engine(request).begin() as conn:
        station_id = _station_of(conn, referral_id)
        if station_id is None:
            raise ConsolePageError(404, "There is no referral at this address.")
        inserted = insert_ignore(conn, t.blobs, {
            "station_id": station_id, "sha256": sha, "length": len(data), "received": len(data),
            "complete": True, "media_type": media_type, "created_at": t.utcnow()})
        if inserted:
            conn.execute(t.blob_chunks.insert().values(station_id=station_id, sha256=sha, offset=0, data=data))
    return JSONResponse({"sha256": sha, "media_type": media_type, "size": len(data)})


@router.get("/referrals/{referral_id}/voice/{sha256}")
def play_voice(request: Request, referral_id: str, sha256: str) -> Response:
    """A voice note of this referral, for <audio> (byte ranges, so the player can seek)."""
    guard.require_session(request)
    if not _SHA256.fullmatch(sha256) or not _ID.fullmatch(referral_id):
        raise ConsolePageError(404)
    with guard.engine(request).connect() as conn:
        station_id = _station_of(conn, referral_id)
        blob = _blob(conn, station_id, sha256) if station_id else None
        if blob is None or not blob.complete or not blob.media_type.startswith("audio/") \
                or sha256 not in referenced(conn, referral_id):
            raise ConsolePageError(404, "This voice note is not on the hub yet, or it is not part of this referral.")
        data = b"".join(iter_blob(conn, station_id, sha256))  # type: ignore[arg-type]
    headers = {"Accept-Ranges": "bytes", "Cache-Control": "private, no-store",
               "Content-Security-Policy": "default-src 'none'; sandbox"}
    match = re.fullmatch(r"bytes=(\d*)-(\d*)", request.headers.get("range", ""))
    if match and (match.group(1) or match.group(2)):
        if match.group(1):
            start = int(match.group(1))
            end = min(int(match.group(2)) if match.group(2) else len(data) - 1, len(data) - 1)
        else:
            start, end = max(0, len(data) - int(match.group(2))), len(data) - 1
        if start >= len(data) or start > end:
            return Response(status_code=416, headers={**headers, "Content-Range": f"bytes */{len(data)}"})
        headers["Content-Range"] = f"bytes {start}-{end}/{len(data)}"
        return Response(data[start:end + 1], status_code=206, media_type=blob.media_type, headers=headers)
    return Response(data, media_type=blob.media_type, headers=headers)
