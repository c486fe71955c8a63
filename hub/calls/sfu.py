"""Calls with several specialists through Janus (an SFU): rooms per call and per-person access.

Voice goes through an AudioBridge room (Janus mixes it: everyone sends one voice and hears one
mix), pictures through a VideoRoom room (each side sends its picture once; Janus forwards it).
So a station on a 2G link sends one picture and one voice whatever the number of specialists.

Janus runs with `token_auth` and a `token_auth_secret`: every request to it carries a token
signed with that secret, naming the plugins it may use and when it expires. The same secret is
both plugins' `admin_key`, so only the hub creates rooms. The secret never leaves the hub;
browsers and stations get signed tokens that expire, and a per-person room token that the
room's `allowed` list admits until that person leaves.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass
from typing import Any

import requests

VIDEOROOM = "janus.plugin.videoroom"
AUDIOBRIDGE = "janus.plugin.audiobridge"
PLUGINS = (VIDEOROOM, AUDIOBRIDGE)
# A conference lasts at most this long for one person's tokens (a consult, with room to spare).
TOKEN_SECONDS = 4 * 3600
# Pictures through the room stay small: the station's link sets the pace.
ROOM_VIDEO_BITRATE = 128_000
MAX_PUBLISHERS = 8


class SfuError(RuntimeError):
    """Janus refused or could not be reached; the message is for the person at the console."""


def signed_token(secret: str, plugins: tuple[str, ...] = PLUGINS, ttl: int = TOKEN_SECONDS,
                 now: float | None = None) -> str:
    """A Janus token (token_auth_secret form): "<expiry>,janus,<plugins>:<base64 HMAC-SHA1>"."""
    expiry = int(time.time() if now is None else now) + ttl
    data = ",".join([str(expiry), "janus", *plugins])
    signature = base64.b64encode(hmac.new(secret.encode(), data.encode(), hashlib.sha1).digest()).decode()
    return f"{data}:{signature}"


def room_secret(secret: str, room: int) -> str:
    """The room's own secret (needed to edit or destroy it), derived so the hub stores none."""
    return hmac.new(secret.encode(), f"room:{room}".encode(), hashlib.sha256).hexdigest()


def room_token(secret: str, room: int, who: str) -> str:
    """One person's entry to one call's rooms ("station" or "specialist:<id>"), derived from the
    hub's secret so it can be taken back when they leave without the hub storing it."""
    digest = hmac.new(secret.encode(), f"room-token:{room}:{who}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:18]).decode()


def specialist_who(specialist_id: str) -> str:
    """The `who` of a specialist's room token."""
    return f"specialist:{specialist_id}"


def new_room_id() -> int:
    # Janus room ids are numbers; 48 random bits stay exact in JavaScript.
    return secrets.randbits(48) | 1


@dataclass(frozen=True)
class Access:
    """What one person needs to join a call's rooms: never the hub's secret."""

    url: str
    token: str
    room: int
    room_token: str
    display: str

    def as_dict(self) -> dict[str, Any]:
        return {"url": self.url, "token": self.token, "room": self.room, "room_token": self.room_token,
                "display": self.display}


class Janus:
    """The hub's side of Janus's HTTP API: create, open to a person, and destroy a call's rooms."""

    def __init__(self, url: str, secret: str, timeout: float = 10.0) -> None:
        self.url = url.rstrip("/")
        self.secret = secret
        self.timeout = timeout

    def _post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        body = {**body, "transaction": secrets.token_hex(8), "token": signed_token(self.secret, ttl=300)}
        try:
            answer = requests.post(self.url + path, json=body, timeout=self.timeout)
            data: dict[str, Any] = answer.json()
        except (requests.RequestException, ValueError) as exc:
            raise SfuError(f"The conference server (Janus at {self.url}) cannot be reached: {exc}") from None
        if data.get("janus") == "error":
            raise SfuError(f"The conference server refused: {data.get('error', {}).get('reason', data)}")
        return data

    def _plugin(self, plugin: str, request: dict[str, Any]) -> dict[str, Any]:
        session = self._post("", {"janus": "create"})["data"]["id"]
        try:
            handle = self._post(f"/{session}", {"janus": "attach", "plugin": plugin})["data"]["id"]
            answer = self._post(f"/{session}/{handle}", {"janus": "message", "body": request})
            data: dict[str, Any] = answer.get("plugindata", {}).get("data", {})
            if data.get("error_code") and data.get("error_code") not in (426, 485):  # no such room: fine
                raise SfuError(f"The conference server refused: {data.get('error')}")
            return data
        finally:
            with contextlib.suppress(SfuError):
                self._post(f"/{session}", {"janus": "destroy"})

    def create_rooms(self, room: int, description: str) -> None:
        """The VideoRoom and AudioBridge rooms of one call, closed to anyone not admitted."""
        common = {"request": "create", "room": room, "admin_key": self.secret, "secret": room_secret(self.secret, room),
                  "description": description[:60], "is_private": True, "permanent": False, "allowed": []}
        self._plugin(VIDEOROOM, {**common, "publishers": MAX_PUBLISHERS, "bitrate": ROOM_VIDEO_BITRATE,
                                 "bitrate_cap": True, "videocodec": "vp8", "audiocodec": "opus",
                                 "notify_joining": True})
        # Talking events tell the station whose picture to show (the one who speaks, ~1 s after).
        self._plugin(AUDIOBRIDGE, {**common, "sampling_rate": 16000, "audiolevel_event": True,
                                   "audio_active_packets": 50, "audio_level_average": 40,
                                   "default_bitrate": 16000})

    def admit(self, room: int, who: str, display: str) -> Access:
        """`who`'s room token (one per person and room), added to both rooms' `allowed` lists."""
        token = room_token(self.secret, room, who)
        self._allowed(room, "add", token)
        return Access(self.url, signed_token(self.secret), room, token, display[:60])

    def revoke(self, room: int, who: str) -> None:
        """`who` left: their room token no longer opens the rooms (a kept copy cannot slip back in)."""
        self._allowed(room, "remove", room_token(self.secret, room, who))

    def _allowed(self, room: int, action: str, token: str) -> None:
        for plugin in PLUGINS:
            self._plugin(plugin, {"request": "allowed", "room": room, "secret": room_secret(self.secret, room),
                                  "action": action, "allowed": [token]})

    def destroy_rooms(self, room: int) -> None:
        for plugin in PLUGINS:
            self._plugin(plugin, {"request": "destroy", "room": room, "secret": room_secret(self.secret, room)})


def from_settings(settings: Any) -> Janus | None:
    url = getattr(settings, "sfu_url", None)
    secret = getattr(settings, "sfu_secret", None)
    return Janus(url, secret) if url and secret else None
