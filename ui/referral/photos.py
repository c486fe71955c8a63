"""Photos and scans for a referral: read and checked off the UI thread, kept in memory until sent."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from station import attachments
from station.errors import ValidationError

MEDIA_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".pdf": "application/pdf"}
THUMB = 120


@dataclass
class Photo:
    """A photo or scan waiting to be sent with the referral."""

    filename: str
    media_type: str
    data: bytes
    thumbnail: QImage | None


def read_photo(path: Path) -> Photo:
    """Read and check one file (runs on the worker: disk and image decoding stay off the UI thread)."""
    media_type = MEDIA_TYPES.get(path.suffix.lower())
    if media_type is None:
        raise ValidationError("attachments", f"Photo or scan: '{path.name}' is not a JPEG, PNG or PDF file.")
    data = path.read_bytes()
    if len(data) > attachments.MAX_BYTES:
        raise ValidationError("attachments", f"Photo or scan: '{path.name}' is larger than "
                              f"{attachments.MAX_BYTES // 2**20} MB. Take the photo at a lower resolution.")
    if not data.startswith(attachments.MAGIC[media_type]):
        raise ValidationError("attachments", f"Photo or scan: '{path.name}' is not a real "
                              f"{media_type.split('/')[1].upper()} file (it may be damaged).")
    return Photo(path.name, media_type, data, thumbnail(data, media_type))


def thumbnail(data: bytes, media_type: str) -> QImage | None:
    if not media_type.startswith("image/"):
        return None
    image = QImage.fromData(data)
    if image.isNull():
        return None
    return image.scaled(THUMB, THUMB, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)
