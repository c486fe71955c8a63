"""Signaling messages: what each side may send through the hub, checked before it is relayed.

JSON text frames. Station: offer, quality, bye. Specialist: answer, quality, link, bye. The hub sends
`state` and `error` itself. Only the fields named here are relayed, so a peer never receives
anything the other side made up.
"""

from __future__ import annotations

import json
from typing import Any

from hub.storable import unstorable

MAX_FRAME_CHARS = 100_000  # a full SDP with every candidate is a few kilobytes
MAX_SDP_CHARS = 64_000
BYE_REASONS = ("hung_up", "error", "audio_only_failed")
QUALITY_LEVELS = ("good", "weak", "audio_only")
ALLOWED = {
    "station": ("offer", "quality", "bye"),
    "specialist": ("answer", "quality", "link", "bye"),
}
# `link`: the browser's own congestion figures (from its getStats), for the station's quality
# policy. Each may be null (not measured in that interval); these are the plausible ranges.
LINK_FIGURES = {"rtt": 60.0, "loss": 1.0, "fps": 120.0, "kbps": 100_000.0}


class SignalError(ValueError):
    """A message that cannot be relayed; the text is sent back as {"type": "error"}."""


def parse(raw: str, side: str) -> dict[str, Any]:
    """The message to relay, normalized; SignalError saying what is wrong otherwise."""
    if len(raw) > MAX_FRAME_CHARS:
        raise SignalError(f"message too long: at most {MAX_FRAME_CHARS:,} characters")
    try:
        message = json.loads(raw)
    except ValueError:
        raise SignalError("not JSON: send one JSON object per text frame") from None
    if not isinstance(message, dict):
        raise SignalError("send a JSON object with a \"type\"")
    kind = message.get("type")
    allowed = ALLOWED[side]
    if kind not in allowed:
        shown = kind if isinstance(kind, str) else repr(kind)
        raise SignalError(f"type {shown[:40]!r} cannot be sent by the {side}; allowed: {', '.join(allowed)}")
    if kind in ("offer", "answer"):
        sdp = message.get("sdp")
        if not isinstance(sdp, str) or not sdp.startswith("v=0"):
            raise SignalError(f"{kind}.sdp must be the session description text (starting with v=0)")
        if len(sdp) > MAX_SDP_CHARS:
            raise SignalError(f"{kind}.sdp is too long: at most {MAX_SDP_CHARS:,} characters")
        found = unstorable(sdp)
        if found:
            raise SignalError(f"{kind}.sdp contains {found}, which the hub cannot relay")
        return {"type": kind, "sdp": sdp}
    if kind == "quality":
        level = message.get("level")
        if level not in QUALITY_LEVELS:
            raise SignalError(f"quality.level must be one of {', '.join(QUALITY_LEVELS)}")
        return {"type": "quality", "level": level}
    if kind == "link":
        return {"type": "link", **{name: _figure(message, name, top) for name, top in LINK_FIGURES.items()}}
    reason = message.get("reason", "hung_up")
    if reason not in BYE_REASONS:
        raise SignalError(f"bye.reason must be one of {', '.join(BYE_REASONS)}")
    return {"type": "bye", "reason": reason}


def _figure(message: dict[str, Any], name: str, top: float) -> float | None:
    value = message.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= top:
        raise SignalError(f"link.{name} must be a number from 0 to {top:g}, or null")
    return round(float(value), 4)


def encode(message: dict[str, Any]) -> str:
    return json.dumps(message, ensure_ascii=False, separators=(",", ":"))


def state(status: str, specialist_name: str | None = None, ended_by: str | None = None,
          seq: int | None = None) -> str:
    body: dict[str, Any] = {"type": "state", "status": status}
    if specialist_name:
        body["specialist_name"] = specialist_name
    if ended_by:
        body["ended_by"] = ended_by  # station | specialist | network
    if seq is not None:
        body["seq"] = seq
    return encode(body)


def with_seq(body: str, seq: int) -> str:
    """A relayed message numbered for the station, which asks to resume after it on reconnecting."""
    return encode({**json.loads(body), "seq": seq})


def error(detail: str) -> str:
    return encode({"type": "error", "detail": detail})
