"""Photos and scans, content-addressed and kept inside the encrypted database."""

from __future__ import annotations

import hashlib

from station.errors import NotFound, ValidationError
from station.records import Attachment, Patient
from station.store import Store

MAX_BYTES = 10 * 1024 * 1024
MAGIC = {"image/jpeg": (b"\xff\xd8\xff",), "image/png": (b"\x89PNG\r\n\x1a\n",), "application/pdf": (b"%PDF-",)}


def attach(store: Store, patient_id: str, data: bytes, media_type: str, filename: str,
           referral_id: str | None = None) -> Attachment:
    store.get(Patient, patient_id)
    if media_type not in MAGIC:
        raise ValidationError("media_type", "Photo or scan: only JPEG, PNG or PDF files can be attached.")
    if not data.startswith(MAGIC[media_type]):
        raise ValidationError("data", f"Photo or scan: '{filename}' is not a real {media_type.split('/')[1].upper()} "
                              "file (it may be damaged).")
    if len(data) > MAX_BYTES:
        raise ValidationError("data", f"Photo or scan: '{filename}' is larger than {MAX_BYTES // 2**20} MB. "
                              "Take the photo at a lower resolution.")
    sha = hashlib.sha256(data).hexdigest()
    with store.atomic():
        store.conn.execute("INSERT OR IGNORE INTO blobs (sha256, size, data) VALUES (?, ?, ?)", (sha, len(data), data))
        return store.insert(Attachment(sha256=sha, patient_id=patient_id, referral_id=referral_id,
                                       media_type=media_type, filename=filename[:200], size=len(data)))


def read(store: Store, sha256: str) -> bytes:
    row = store.conn.execute("SELECT data FROM blobs WHERE sha256 = ?", (sha256,)).fetchone()
    if row is None:
        raise NotFound(f"No stored file with digest {sha256}.")
    return bytes(row[0])
