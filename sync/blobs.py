"""Uploading attachments (photos, scans) in chunks that resume from the hub's offset.

The hub keeps one upload per (station, file): nothing another station sends can block ours. A
sync first announces every waiting file (a HEAD, and an empty PATCH that opens the upload), so the
hub accepts the records that name it; then records travel; then the bytes, chunk by chunk, sized
for a few seconds on the current link. A file counts as sent only when the hub has all of it and
has checked its sha256. One file the hub refuses, or one that will not go through, is kept with
its reason (sync log, the referral that names it) and never holds back the rest of the sync.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from station.errors import ValidationError
from station.store import Store
from sync import outbox
from sync.client import HubClient, RequestRejected, SyncError
from sync.wire.ids import utc_iso
from sync.wire.voice import MAX_BYTES as MAX_VOICE_BYTES

if TYPE_CHECKING:
    from sync.engine import SyncReport
    from sync.pacing import BatchSizer

MAX_RESTARTS = 2


@dataclass(frozen=True)
class FileProblem:
    """A file the hub refused (state 'failed') or that did not go through yet ('pending')."""

    sha256: str
    filename: str
    state: str
    reason: str
    attempts: int


def announce_waiting(store: Store, client: HubClient, report: SyncReport) -> None:
    """Open an upload at the hub for every waiting file, so records naming it are accepted.

    Link failures propagate (SyncError): nothing else could travel either.
    """
    reopen_borrowed(store)
    started = {row[0] for row in store.conn.execute("SELECT sha256 FROM sync_blobs WHERE uploaded > 0")}
    for sha256, media_type, _size in outbox.waiting_attachments(store) + _owed(store):
        if sha256 in started:
            continue  # the hub has bytes of it from this station: no round trip on a slow link
        size = _local_size(store, sha256)
        if size is None:
            _fail(store, sha256, "the file is no longer stored on this computer")
            continue
        try:
            offset, known_length = client.blob_offset(sha256)
            report.requests += 1
            if known_length is None:
                client.upload_chunk(sha256, 0, size, b"", media_type or "application/octet-stream")
                report.requests += 1
        except RequestRejected as exc:
            _refused(store, sha256, exc)
            continue
        if known_length is not None and known_length != size:
            _fail(store, sha256, f"the hub expects {known_length} bytes for this file but it has {size} here")
            continue
        _set(store, sha256, uploaded=offset if known_length is not None else 0)


def upload_waiting(store: Store, client: HubClient, sizer: BatchSizer, report: SyncReport) -> None:
    """Upload every file that waiting attachment records refer to (and any file still owed).

    A refused file is kept as failed with the hub's reason and the others go on. A link failure
    is noted on the file it hit, then raised (SyncError): the rest waits for a better link.
    """
    for sha256, media_type, _size in outbox.waiting_attachments(store) + _owed(store):
        try:
            sent = upload(store, client, sizer, sha256, media_type or "application/octet-stream", report)
        except SyncError as exc:
            _set(store, sha256, last_error=exc.message)
            raise
        if sent:
            report.files += 1


def reopen_borrowed(store: Store) -> None:
    """Files once counted as sent because another station had uploaded the same bytes: send them.

    Hubs used to keep one upload per file for all stations and refused the second station's
    upload (403); that station then marked its file done without sending it. The hub now needs
    each station's own copy before its records may name the file.
    """
    with store.atomic():
        store.conn.execute("UPDATE sync_blobs SET state = 'pending', uploaded = 0, done_at = NULL, "
                           "last_error = NULL WHERE state = 'done' AND last_error IS NOT NULL")


def _owed(store: Store) -> list[tuple[str, str, int]]:
    """Files the hub still needs whose attachment records have already gone (see reopen_borrowed)."""
    waiting = {row[0] for row in outbox.waiting_attachments(store)}
    rows = store.conn.execute(
        "SELECT b.sha256, (SELECT a.media_type FROM attachments a WHERE a.sha256 = b.sha256 LIMIT 1) "
        "FROM sync_blobs b WHERE b.state = 'pending' ORDER BY b.sha256").fetchall()
    return [(r[0], r[1] or "application/octet-stream", 0) for r in rows if r[0] not in waiting]


def _local_size(store: Store, sha256: str) -> int | None:
    row = store.conn.execute("SELECT length(data) FROM blobs WHERE sha256 = ?", (sha256,)).fetchone()
    return None if row is None else int(row[0])


def _read(store: Store, sha256: str, offset: int, size: int) -> bytes:
    row = store.conn.execute("SELECT substr(data, ?, ?) FROM blobs WHERE sha256 = ?",
                             (offset + 1, size, sha256)).fetchone()
    return bytes(row[0]) if row and row[0] is not None else b""


def _set(store: Store, sha256: str, **values: Any) -> None:
    with store.atomic():
        store.conn.execute("INSERT INTO sync_blobs (sha256, state) VALUES (?, 'pending') "
                           "ON CONFLICT (sha256) DO NOTHING", (sha256,))
        sets = ", ".join(f"{k} = ?" for k in values)
        store.conn.execute(f"UPDATE sync_blobs SET {sets} WHERE sha256 = ?", (*values.values(), sha256))


def _fail(store: Store, sha256: str, reason: str) -> None:
    _set(store, sha256, state="failed", last_error=reason)
    store.audit("sync.file_failed", "attachment", sha256, {"reason": reason})


def upload(store: Store, client: HubClient, sizer: BatchSizer, sha256: str, media_type: str,
           report: SyncReport) -> bool:
    """Send one file; True once the hub has confirmed all of it (SyncError on a link failure)."""
    size = _local_size(store, sha256)
    if size is None:
        _fail(store, sha256, "the file is no longer stored on this computer")
        return False
    _set(store, sha256, attempts=_attempts(store, sha256) + 1)
    restarts = 0
    try:
        offset, known_length = client.blob_offset(sha256)
    except RequestRejected as exc:
        return _refused(store, sha256, exc)
    report.requests += 1
    if known_length is not None and known_length != size:
        _fail(store, sha256, f"the hub expects {known_length} bytes for this file but it has {size} here")
        return False
    while offset < size or (size == 0 and known_length is None):
        chunk = _read(store, sha256, offset, sizer.chunk)
        started = time.monotonic()
        try:
            new_offset = client.upload_chunk(sha256, offset, size, chunk, media_type)
        except RequestRejected as exc:
            if exc.code == "digest_mismatch" and restarts < MAX_RESTARTS:
                restarts += 1  # the hub dropped the upload: send it again from the start
                offset = 0
                continue
            return _refused(store, sha256, exc)
        report.requests += 1
        report.bytes_sent += len(chunk)
        sizer.observe_chunk(len(chunk), time.monotonic() - started)
        if new_offset > offset:
            report.file_bytes += new_offset - offset
        offset = new_offset
        _set(store, sha256, uploaded=offset)
        if size == 0:
            break
    _set(store, sha256, state="done", uploaded=size, done_at=utc_iso(), last_error=None)
    return True


def _refused(store: Store, sha256: str, exc: RequestRejected) -> bool:
    """The hub refused this file for good: keep its reason; the rest of the sync goes on."""
    _fail(store, sha256, exc.message)
    return False


def _attempts(store: Store, sha256: str) -> int:
    row = store.conn.execute("SELECT attempts FROM sync_blobs WHERE sha256 = ?", (sha256,)).fetchone()
    return int(row[0]) if row else 0


def file_problems(store: Store, referral_id: str | None = None) -> list[FileProblem]:
    """Files the hub refused or that have not gone through yet although tried, with the reason.

    For one referral (the files it names) or for the whole station.
    """
    rows = store.conn.execute(
        "SELECT b.sha256, b.state, b.last_error, b.attempts, "
        "(SELECT a.filename FROM attachments a WHERE a.sha256 = b.sha256 LIMIT 1) "
        "FROM sync_blobs b WHERE b.last_error IS NOT NULL AND b.state != 'done' ORDER BY b.sha256").fetchall()
    problems = [FileProblem(r[0], r[4] or r[0][:12], r[1], r[2], int(r[3])) for r in rows]
    if referral_id is None:
        return problems
    named = store.conn.execute("SELECT attachments FROM referrals WHERE id = ?", (referral_id,)).fetchone()
    wanted = set(_json_list(named[0])) if named else set()
    return [p for p in problems if p.sha256 in wanted]


def _json_list(text: str | None) -> list[str]:
    try:
        value = json.loads(text or "[]")
    except ValueError:
        return []
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def fetch_voice_notes(store: Store, client: HubClient) -> int:
    """Fetch the sound of every voice note the specialist sent that is not here yet; how many came.

    A note the hub refuses or sends damaged is tried again at the next sync; the advice or message
    it belongs to is already shown (its words), with the note marked as still on its way.
    """
    from station import voice

    fetched = 0
    for sha256 in voice.missing(store):
        try:
            data = client.download_blob(sha256, MAX_VOICE_BYTES)
            voice.keep_received(store, sha256, data)
        except RequestRejected as exc:
            store.audit("sync.voice_note_failed", "attachment", sha256, {"reason": exc.message})
            continue
        except ValidationError as exc:
            store.audit("sync.voice_note_failed", "attachment", sha256, {"reason": exc.message})
            continue
        fetched += 1
    return fetched
