"""Hub configuration: one frozen object built from the command line or the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs

MIB = 1024 * 1024


def default_data_dir() -> Path:
    """Where the hub keeps its SQLite database unless told otherwise."""
    return Path(platformdirs.user_data_dir("telehub", appauthor=False))


def default_db_url(data_dir: Path | None = None) -> str:
    """The SQLite file inside the data folder."""
    folder = Path(data_dir) if data_dir else default_data_dir()
    return f"sqlite:///{folder / 'telehub.sqlite3'}"


@dataclass(frozen=True)
class Settings:
    """Everything the hub needs to run. Limits are documented in the API description."""

    db_url: str
    # Request bodies: limit on the bytes sent (maybe compressed) and on the JSON after decompression.
    max_request_bytes: int = 8 * MIB
    max_decompressed_bytes: int = 8 * MIB
    # Attachments: one PATCH carries at most this much; a whole file at most max_blob_bytes.
    max_blob_chunk_bytes: int = 4 * MIB
    max_blob_bytes: int = 64 * MIB
    # Signed requests must be created within this many seconds of the hub's clock.
    signature_window_seconds: int = 300
    # Specialist console: minutes without the person doing anything before a tab signs out.
    session_idle_minutes: float = 30.0
    cookie_secure: bool = True
    # Video consults: STUN/TURN servers handed to both peers; TURN credentials in coturn's
    # `use-auth-secret` form, valid for turn_ttl_seconds.
    stun_urls: tuple[str, ...] = ()
    turn_urls: tuple[str, ...] = ()
    turn_secret: str | None = None
    turn_ttl_seconds: int = 24 * 3600
    # "relay": both peers use only TURN candidates (iceTransportPolicy "relay"); "all": any path.
    ice_transport_policy: str = "all"
    # A call nobody joins within call_ring_seconds is missed; a side whose signaling socket has
    # been gone for call_gone_seconds ends it. Sockets poll the database this often for news.
    call_ring_seconds: float = 120.0
    call_gone_seconds: float = 30.0
    signal_poll_seconds: float = 0.15

    @classmethod
    def from_env(cls, db_url: str | None = None) -> Settings:
        """Settings from TELEHUB_* environment variables; `db_url` wins over TELEHUB_DB."""
        env = os.environ
        data_dir = env.get("TELEHUB_DATA_DIR")
        url = db_url or env.get("TELEHUB_DB") or default_db_url(Path(data_dir) if data_dir else None)
        secure = env.get("TELEHUB_COOKIE_SECURE", "1").strip().lower() not in ("0", "false", "no")
        return cls(db_url=url, cookie_secure=secure, **ice_from_env())


def ice_from_env() -> dict[str, Any]:
    """STUN/TURN settings from TELEHUB_STUN and TELEHUB_TURN (space- or comma-separated URLs) and
    TELEHUB_TURN_SECRET (kept out of the command line, where other users could read it)."""
    env = os.environ

    def urls(name: str) -> tuple[str, ...]:
        return tuple(env.get(name, "").replace(",", " ").split())

    return {"stun_urls": urls("TELEHUB_STUN"), "turn_urls": urls("TELEHUB_TURN"),
            "turn_secret": env.get("TELEHUB_TURN_SECRET") or None}
