"""Hub configuration: one frozen object built from the command line or the environment."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import platformdirs

from hub.escalation.targets import DEFAULT_TARGETS
from hub.mail.smtp import SmtpSettings
from hub.tables import utcnow

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
    # Calls with several specialists: Janus's HTTP API (sfu_url) and the secret shared with it
    # (its token_auth_secret and the VideoRoom/AudioBridge admin_key). Without them, calls are 1:1.
    sfu_url: str | None = None
    sfu_secret: str | None = None
    call_ring_seconds: float = 120.0
    call_gone_seconds: float = 30.0
    signal_poll_seconds: float = 0.15
    # Response-time targets per urgency: past its target without advice a referral escalates.
    response_targets: Mapping[str, timedelta] = field(default_factory=lambda: dict(DEFAULT_TARGETS))
    # The hub's time zone: every console page writes times in it, with its name (the hub still
    # stores UTC); the on-call rota's days and the daily digest's hour are in it too.
    timezone: str = "Asia/Karachi"
    # E-mail: None sends nothing (mails are still recorded, and go once SMTP is configured).
    smtp: SmtpSettings | None = None
    # The console's address as specialists reach it, for the links in mails.
    console_url: str = "http://127.0.0.1:8000"
    # The daily digest of what waits goes out at this hour of the hub's day (None: no digest).
    digest_hour: int | None = 7
    # The background task (escalation, mail): whether it runs, and how often it looks.
    background: bool = True
    background_interval_seconds: float = 30.0
    # The hub's clock for escalation, mail and digest (tests hand in one they control).
    clock: Callable[[], datetime] = utcnow

    @classmethod
    def from_env(cls, db_url: str | None = None) -> Settings:
        """Settings from TELEHUB_* environment variables; `db_url` wins over TELEHUB_DB."""
        env = os.environ
        data_dir = env.get("TELEHUB_DATA_DIR")
        url = db_url or env.get("TELEHUB_DB") or default_db_url(Path(data_dir) if data_dir else None)
        secure = env.get("TELEHUB_COOKIE_SECURE", "1").strip().lower() not in ("0", "false", "no")
        zone = env.get("TELEHUB_TIMEZONE", "").strip() or cls.timezone
        return cls(db_url=url, cookie_secure=secure, timezone=zone, **ice_from_env(), **sfu_from_env())


def ice_from_env() -> dict[str, Any]:
    """STUN/TURN settings from TELEHUB_STUN and TELEHUB_TURN (space- or comma-separated URLs) and
    TELEHUB_TURN_SECRET (kept out of the command line, where other users could read it)."""
    env = os.environ

    def urls(name: str) -> tuple[str, ...]:
        return tuple(env.get(name, "").replace(",", " ").split())

    return {"stun_urls": urls("TELEHUB_STUN"), "turn_urls": urls("TELEHUB_TURN"),
            "turn_secret": env.get("TELEHUB_TURN_SECRET") or None}


def sfu_from_env() -> dict[str, Any]:
    """TELEHUB_SFU (Janus's HTTP API URL) and its secret, from TELEHUB_SFU_SECRET_FILE (a file only
    the hub's user can read) or TELEHUB_SFU_SECRET."""
    env = os.environ
    secret = env.get("TELEHUB_SFU_SECRET") or None
    path = env.get("TELEHUB_SFU_SECRET_FILE")
    if path:
        secret = read_secret_file(Path(path))
    return {"sfu_url": env.get("TELEHUB_SFU") or None, "sfu_secret": secret}


def read_secret_file(path: Path) -> str:
    """The secret on the file's first line; ValueError saying what is wrong otherwise."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"the SFU secret file {path} cannot be read: {exc}") from None
    lines = text.strip().splitlines()
    secret = lines[0].strip() if lines else ""
    if len(secret) < 16 or any(c.isspace() or c in '"\\' for c in secret):
        raise ValueError(f"the SFU secret in {path} must be one line of at least 16 characters, "
                         "without spaces, quotes or backslashes")
    return secret
