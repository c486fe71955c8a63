"""Helpers for the video call tests: a station and a specialist on a live hub's call sockets."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from hub import tables as t
from hub.console import auth
from sync.wire.ids import uuid7
from sync.wire.signing import sign_request
from tests.integration.console_seed import add_specialist
from tests.support.server import RunningHub, run_hub
from tests.support.station_client import StationClient

RING_SECONDS = 4.0
GONE_SECONDS = 3.0
TURN_SECRET = "north-west-frontier-turn-secret"
TURN_URLS = ("turn:turn.example.org:3478?transport=udp", "turns:turn.example.org:5349")
STUN_URLS = ("stun:turn.example.org:3478",)
OFFER = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=station offer\r\nt=0 0\r\n"
ANSWER = "v=0\r\no=- 2 2 IN IP4 127.0.0.1\r\ns=specialist answer\r\nt=0 0\r\n"


@contextmanager
def call_hub_on(db_url: str) -> Iterator[RunningHub]:
    """A hub with STUN/TURN configured and short ring and gone times."""
    with run_hub(db_url, cookie_secure=False, stun_urls=STUN_URLS, turn_urls=TURN_URLS, turn_secret=TURN_SECRET,
                 call_ring_seconds=RING_SECONDS, call_gone_seconds=GONE_SECONDS) as running:
        yield running


@dataclass
class Doctor:
    id: str
    name: str
    cookie: str
    csrf: str


def sign_in(hub: RunningHub, username: str, name: str, specialty: str = "Paediatrics",
            role: str = "specialist") -> Doctor:
    """A specialist (or coordinator) with a live console session (what signing in at /login leaves behind)."""
    specialist_id = add_specialist(hub.engine, username, name, specialty, role=role)
    with hub.engine.begin() as conn:
        token, csrf = auth.create_session(conn, specialist_id, t.utcnow())
    return Doctor(specialist_id, name, token, csrf)


def referred(station: StationClient) -> dict[str, Any]:
    """A referral pushed to the hub (with its patient and consultation); returns the referral."""
    changes, referral = station.referral_case()
    response = station.push(changes)
    assert response.status_code == 200, response.text
    return referral


def start_call(station: StationClient, referral_id: str, call_id: str | None = None) -> tuple[int, dict[str, Any]]:
    response = station.request("POST", "/api/v1/calls",
                               json_body={"call_id": call_id or uuid7(), "referral_id": referral_id})
    return response.status_code, response.json()


def ws_base(hub: RunningHub) -> str:
    return hub.base_url.replace("http://", "ws://")


async def station_socket(hub: RunningHub, station: StationClient, call_id: str, *, sign: bool = True,
                         key: Ed25519PrivateKey | None = None, nonce: str | None = None,
                         after: int | str | None = None) -> ClientConnection:
    """The station's signaling socket: the handshake GET is signed over an empty body (`after`:
    reconnecting, the seq of the last message received)."""
    path = f"/api/v1/calls/{call_id}/signal" + (f"?after={after}" if after is not None else "")
    headers = sign_request(key or station.private_key, station.station_id, "GET", path, b"", nonce=nonce) if sign else {}
    return await connect(ws_base(hub) + path, additional_headers=headers, open_timeout=15)


async def doctor_socket(hub: RunningHub, doctor: Doctor | None, call_id: str,
                        origin: str | None = "same") -> ClientConnection:
    """The specialist's signaling socket, as the call page opens it (session cookie, Origin)."""
    headers = {"Cookie": f"{auth.SESSION_COOKIE}={doctor.cookie}"} if doctor else {}
    if origin == "same":
        origin = hub.base_url
    return await connect(ws_base(hub) + f"/console/calls/{call_id}/signal", additional_headers=headers,
                         origin=origin, open_timeout=15)  # type: ignore[arg-type]


def content(raw: str | bytes) -> dict[str, Any]:
    """A message as relayed, without the `seq` the hub numbers the station's messages with
    (tests/integration/test_hub_calls.py checks the numbering itself)."""
    message = json.loads(raw)
    message.pop("seq", None)
    return message


async def next_of(ws: ClientConnection, kind: str, timeout: float = 15) -> dict[str, Any]:
    """The next message of type `kind` (other messages before it are skipped)."""
    deadline = time.monotonic() + timeout
    while True:
        message = content(await asyncio.wait_for(ws.recv(), max(0.1, deadline - time.monotonic())))
        if message["type"] == kind:
            return message


async def closed_with(ws: ClientConnection, timeout: float = 15) -> tuple[int | None, list[dict[str, Any]]]:
    """Read until the hub closes the socket: (close code, messages received before)."""
    seen = []
    try:
        while True:
            seen.append(content(await asyncio.wait_for(ws.recv(), timeout)))
    except ConnectionClosed:
        return ws.close_code, seen


async def state_of(ws: ClientConnection, status: str) -> dict[str, Any]:
    while True:
        message = await next_of(ws, "state")
        if message["status"] == status:
            return message


def call_row(hub: RunningHub, call_id: str) -> Any:
    with hub.engine.connect() as conn:
        return conn.execute(select(t.calls).where(t.calls.c.id == call_id)).one()
