"""Voice notes on the wire: which audio files are accepted, and how long an Ogg Opus file plays.

Both sides check a voice note without decoding it (the hub has no FFmpeg): the container's magic
bytes, and for Ogg Opus the granule position of the last page, which counts 48 kHz samples from
the start (less the encoder's pre-skip, RFC 7845).
"""

from __future__ import annotations

import struct

OGG = "audio/ogg"
WEBM = "audio/webm"
VOICE_MEDIA_TYPES = (OGG, WEBM)
MAX_SECONDS = 180           # the longest note a person may record
MAX_BYTES = 1_000_000       # 3 minutes at 16 kbit/s is ~360 kB; room for a browser's higher rate
OPUS_RATE = 48_000
_OGG_MAGIC = b"OggS"
_WEBM_MAGIC = b"\x1a\x45\xdf\xa3"


class NotVoice(ValueError):
    """The bytes are not a voice note this system can play; the message says why."""


def media_type_of(data: bytes) -> str:
    """OGG or WEBM from the file's first bytes; NotVoice otherwise."""
    if data.startswith(_OGG_MAGIC):
        if b"OpusHead" not in data[:200]:
            raise NotVoice("the Ogg file does not hold Opus sound")
        return OGG
    if data.startswith(_WEBM_MAGIC):
        return WEBM
    raise NotVoice("it is neither an Ogg nor a WebM sound file")


def _pages(data: bytes) -> list[tuple[int, int, bytes]]:
    """(granule position, header type, body) of every Ogg page, in order."""
    pages = []
    at = 0
    while at + 27 <= len(data):
        if data[at:at + 4] != _OGG_MAGIC:
            raise NotVoice("the Ogg file is damaged")
        header_type = data[at + 5]
        granule = struct.unpack_from("<q", data, at + 6)[0]
        count = data[at + 26]
        lacing = data[at + 27:at + 27 + count]
        body_at = at + 27 + count
        size = sum(lacing)
        if body_at + size > len(data):
            raise NotVoice("the Ogg file is cut short")
        pages.append((granule, header_type, data[body_at:body_at + size]))
        at = body_at + size
    return pages


def ogg_opus_seconds(data: bytes) -> float:
    """How long an Ogg Opus file plays, from its headers and its last page; NotVoice if damaged."""
    pages = _pages(data)
    if not pages or not pages[0][2].startswith(b"OpusHead") or len(pages[0][2]) < 19:
        raise NotVoice("the Ogg file does not start with an Opus header")
    pre_skip: int = struct.unpack_from("<H", pages[0][2], 10)[0]
    last: int = max((g for g, _t, _b in pages if g >= 0), default=0)
    return max(0.0, (last - pre_skip) / OPUS_RATE)


def check_voice(data: bytes, declared_type: str | None = None) -> tuple[str, int]:
    """(media type, duration in ms, 0 when the container does not say) of an acceptable note.

    NotVoice names what is wrong, in words for the person who recorded it.
    """
    if not data:
        raise NotVoice("the recording is empty")
    if len(data) > MAX_BYTES:
        raise NotVoice(f"the recording is larger than {MAX_BYTES // 1000} kB")
    media_type = media_type_of(data)
    if declared_type and declared_type.split(";")[0].strip().lower() != media_type:
        raise NotVoice(f"the file is {media_type}, not {declared_type}")
    if media_type != OGG:
        return media_type, 0
    seconds = ogg_opus_seconds(data)
    if seconds > MAX_SECONDS + 1:
        raise NotVoice(f"the recording is longer than {MAX_SECONDS // 60} minutes")
    return media_type, round(seconds * 1000)


def clock_text(ms: int) -> str:
    """0:42, 2:05: how long a note is, as a person reads it."""
    seconds = max(0, int(ms // 1000))  # as a browser's player shows it: whole seconds, not rounded
    return f"{seconds // 60}:{seconds % 60:02d}"
