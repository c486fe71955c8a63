"""Voice notes: kept in the encrypted database like photos, sent with a referral or a message.

A note recorded on the referral form is an attachment of the referral. A note in the thread is a
message whose `voice` names the sound (and an attachment record, so the file is uploaded like a
photo). The specialist's notes arrive with advice and messages; their sound is fetched from the
hub after the pull and stored here with `keep_received`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from station.errors import NotFound, ValidationError
from station.records import Advice, Attachment, Message, Patient, Referral
from station.store import Store
from sync.wire.ids import utc_iso
from sync.wire.voice import NotVoice, check_voice, clock_text


def _checked(data: bytes) -> tuple[str, int]:
    try:
        return check_voice(data)
    except NotVoice as exc:
        raise ValidationError("voice", f"Voice note: {exc}. Record it again.") from None


def attach(store: Store, patient_id: str, data: bytes, referral_id: str | None = None) -> Attachment:
    """Store a recorded note (Ogg Opus) as an attachment of the patient (and referral)."""
    store.get(Patient, patient_id)
    media_type, _ms = _checked(data)
    sha = hashlib.sha256(data).hexdigest()
    extension = "ogg" if media_type == "audio/ogg" else "webm"
    with store.atomic():
        store.conn.execute("INSERT OR IGNORE INTO blobs (sha256, size, data) VALUES (?, ?, ?)", (sha, len(data), data))
        return store.insert(Attachment(sha256=sha, patient_id=patient_id, referral_id=referral_id,
                                       media_type=media_type, filename=f"voice-note-{utc_iso()[:10]}.{extension}",
                                       size=len(data)))


def reference(data: bytes) -> dict[str, object]:
    """What a message or advice carries about its note (sync.wire.payloads.VoiceNoteRef)."""
    media_type, ms = _checked(data)
    return {"sha256": hashlib.sha256(data).hexdigest(), "media_type": media_type, "size": len(data),
            "duration_ms": ms}


def placeholder(ms: int) -> str:
    """The text of a message that is only a voice note (older programs show this text)."""
    return f"Voice note ({clock_text(ms)})"


def send_message(store: Store, referral_id: str, data: bytes, body: str = "") -> Message:
    """Send a voice note in the referral's thread, with words or without."""
    referral = store.get(Referral, referral_id)
    ref = reference(data)
    body = body.strip() or placeholder(int(ref["duration_ms"]))  # type: ignore[call-overload]
    if len(body) > 4000:
        raise ValidationError("body", "Message: write 1 to 4000 characters.")
    with store.atomic():
        attach(store, referral.patient_id, data, referral_id)
        return store.insert(Message(referral_id=referral_id, author_name=store.user.full_name,
                                    author_role="station", body=body, read_at=utc_iso(), voice=ref))


def read(store: Store, sha256: str) -> bytes:
    """The note's sound; NotFound while it is still on its way from the hub."""
    row = store.conn.execute("SELECT data FROM blobs WHERE sha256 = ?", (sha256,)).fetchone()
    if row is None:
        raise NotFound("This voice note has not arrived yet; it comes with the next sync.")
    return bytes(row[0])


def missing(store: Store) -> list[str]:
    """Notes the specialist sent whose sound is not on this computer yet (fetched after a pull)."""
    wanted: list[str] = []
    spoken: list[Advice | Message] = [*store.find(Advice, "voice IS NOT NULL"),
                                      *store.find(Message, "voice IS NOT NULL")]
    for record in spoken:
        sha = (record.voice or {}).get("sha256")
        if isinstance(sha, str) and sha not in wanted:
            wanted.append(sha)
    if not wanted:
        return []
    have = {row[0] for row in store.conn.execute(
        f"SELECT sha256 FROM blobs WHERE sha256 IN ({','.join('?' * len(wanted))})", wanted)}
    return [sha for sha in wanted if sha not in have]


def keep_received(store: Store, sha256: str, data: bytes) -> None:
    """Store a note fetched from the hub, once its bytes match the digest the record names."""
    if hashlib.sha256(data).hexdigest() != sha256:
        raise ValidationError("voice", "Voice note: the file from the hub was damaged on the way; "
                              "it is fetched again at the next sync.")
    _checked(data)
    with store.atomic():
        store.conn.execute("INSERT OR IGNORE INTO blobs (sha256, size, data) VALUES (?, ?, ?)",
                           (sha256, len(data), data))


@dataclass(frozen=True)
class VoiceNote:
    """One note on a referral, as the chart and the referral page list them."""

    sha256: str
    media_type: str
    duration_ms: int
    author_role: str  # "station" or "specialist"
    author_name: str
    at: str
    referral_id: str
    arrived: bool


def on_referral(store: Store, referral_id: str) -> list[VoiceNote]:
    """Every voice note of a referral, oldest first (the form's, the thread's, the advice's)."""
    referral = store.get(Referral, referral_id)
    notes: list[VoiceNote] = []
    marks = ",".join("?" * len(referral.attachments))
    if referral.attachments:
        for a in store.find(Attachment, f"sha256 IN ({marks}) AND media_type LIKE 'audio/%'", list(referral.attachments)):
            notes.append(VoiceNote(a.sha256, a.media_type, _duration(store, a.sha256), "station",
                                   referral.created_by, a.created_at, referral_id, True))
    # A record without a note keeps `voice` as JSON null (the text 'null', not SQL NULL): only
    # records that name a sound are notes.
    for m in store.find(Message, "referral_id = ? AND voice IS NOT NULL", [referral_id]):
        if m.voice and _names_sound(m.voice):
            notes.append(_note(store, m.voice, m.author_role, m.author_name, m.created_at, referral_id))
    for adv in store.find(Advice, "referral_id = ? AND voice IS NOT NULL", [referral_id]):
        if adv.voice and _names_sound(adv.voice):
            notes.append(_note(store, adv.voice, "specialist", adv.specialist_name, adv.created_at, referral_id))
    return sorted(notes, key=lambda n: n.at)


def _names_sound(ref: object) -> bool:
    return isinstance(ref, dict) and isinstance(ref.get("sha256"), str) and bool(ref["sha256"])


def _note(store: Store, ref: dict[str, Any], role: str, name: str, at: str, referral_id: str) -> VoiceNote:
    sha = str(ref.get("sha256") or "")
    arrived = store.conn.execute("SELECT 1 FROM blobs WHERE sha256 = ?", (sha,)).fetchone() is not None
    return VoiceNote(sha, str(ref.get("media_type") or ""), int(ref.get("duration_ms") or 0),
                     role, name, at, referral_id, arrived)


def duration_ms(store: Store, sha256: str) -> int:
    """How long a stored note plays (0 when it is not here or its container does not say)."""
    return _duration(store, sha256)


def _duration(store: Store, sha256: str) -> int:
    try:
        return _checked(read(store, sha256))[1]
    except (NotFound, ValidationError):
        return 0
