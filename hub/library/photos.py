"""Library photos leave the hub without their metadata: a phone's JPEG carries EXIF (GPS position,
date, camera owner) and PNGs can carry text chunks. The pixels are kept exactly as they were."""

from __future__ import annotations

import struct

LIBRARY_PHOTO_TYPES = frozenset({"image/jpeg", "image/png"})
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PNG_KEEP = frozenset({b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"sBIT",
                       b"bKGD", b"pHYs"})


class UnreadablePhoto(ValueError):
    """The file is not a JPEG or PNG this module can read."""


def without_metadata(data: bytes, media_type: str) -> bytes:
    if media_type == "image/jpeg":
        return _jpeg(data)
    if media_type == "image/png":
        return _png(data)
    raise UnreadablePhoto(f"{media_type} photos are not shared in the library")


def _jpeg(data: bytes) -> bytes:
    if not data.startswith(b"\xff\xd8"):
        raise UnreadablePhoto("not a JPEG file")
    out, pos = bytearray(b"\xff\xd8"), 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            raise UnreadablePhoto("a JPEG segment is damaged")
        marker = data[pos + 1]
        if marker == 0xDA:  # start of scan: the image data runs to the end
            out += data[pos:]
            return bytes(out)
        length = struct.unpack(">H", data[pos + 2:pos + 4])[0]
        segment = data[pos:pos + 2 + length]
        # APP1-APP15 (EXIF, XMP, ...) and comments go; APP0 (JFIF) and the image tables stay.
        if not (0xE1 <= marker <= 0xEF or marker == 0xFE):
            out += segment
        pos += 2 + length
    raise UnreadablePhoto("a JPEG file is cut short")


def _png(data: bytes) -> bytes:
    if not data.startswith(_PNG_SIGNATURE):
        raise UnreadablePhoto("not a PNG file")
    out, pos = bytearray(_PNG_SIGNATURE), len(_PNG_SIGNATURE)
    while pos + 12 <= len(data):
        length = struct.unpack(">I", data[pos:pos + 4])[0]
        kind = data[pos + 4:pos + 8]
        end = pos + 12 + length
        if kind in _PNG_KEEP:
            out += data[pos:end]
        pos = end
        if kind == b"IEND":
            return bytes(out)
    raise UnreadablePhoto("a PNG file is cut short")
