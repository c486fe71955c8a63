"""ICE servers for video consults: STUN and TURN from the hub's settings.

TURN credentials follow coturn's `use-auth-secret` (TURN REST API) scheme: the username is
"<expiry as unix seconds>:<who>", the password is base64(HMAC-SHA1(shared secret, username)).
coturn recomputes the HMAC with the same secret, so the hub never has to tell coturn about
individual stations or specialists, and a leaked credential stops working at its expiry.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from typing import Any

ICE_SCHEMES = ("stun:", "stuns:", "turn:", "turns:")


def turn_credentials(secret: str, identity: str, ttl_seconds: int, now: float | None = None) -> tuple[str, str]:
    """(username, credential) valid for `ttl_seconds` from `now`, for `identity` (a station or specialist id)."""
    expiry = int(time.time() if now is None else now) + int(ttl_seconds)
    username = f"{expiry}:{identity}"
    digest = hmac.new(secret.encode("utf-8"), username.encode("utf-8"), hashlib.sha1).digest()
    return username, base64.b64encode(digest).decode("ascii")


def ice_servers(settings: Any, identity: str, now: float | None = None) -> list[dict[str, Any]]:
    """RTCIceServer dicts for one peer; empty when the hub has no STUN or TURN configured."""
    servers: list[dict[str, Any]] = []
    stun = list(getattr(settings, "stun_urls", ()) or ())
    turn = list(getattr(settings, "turn_urls", ()) or ())
    if stun:
        servers.append({"urls": stun})
    if turn:
        entry: dict[str, Any] = {"urls": turn}
        secret = getattr(settings, "turn_secret", None)
        if secret:
            ttl = int(getattr(settings, "turn_ttl_seconds", 24 * 3600))
            entry["username"], entry["credential"] = turn_credentials(secret, identity, ttl, now)
        servers.append(entry)
    return servers


def transport_policy(settings: Any) -> str:
    """"relay" when calls must use only TURN candidates, else "all"."""
    return "relay" if getattr(settings, "ice_transport_policy", "all") == "relay" else "all"


def check_ice_url(url: str) -> str | None:
    """Why `url` is not a STUN/TURN URL a browser accepts, or None when it is fine."""
    if not url.startswith(ICE_SCHEMES):
        return f"{url!r} must start with one of {', '.join(ICE_SCHEMES)} (e.g. turn:turn.example.org:3478)"
    if any(c.isspace() for c in url) or len(url) > 300:
        return f"{url!r} must be one URL without spaces, at most 300 characters"
    return None
