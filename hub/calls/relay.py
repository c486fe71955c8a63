"""One side of a call's signaling socket, relayed through the database.

Each socket runs two tasks: a reader that checks and stores what its peer sends, and a poller
that every ~150 ms forwards the other side's new messages and the call's state, keeps this
side's heartbeat and applies the call's timeouts. Nothing is held in memory between processes,
so the station and the specialist may be connected to different hub processes.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from fastapi import WebSocket
from sqlalchemy import Connection, Engine
from starlette.concurrency import run_in_threadpool
from starlette.websockets import WebSocketState

from hub.calls import messages, sfu, store
from hub.db import reading
from hub.tables import utcnow

log = logging.getLogger("hub.calls")

CLOSE_NORMAL = 1000
CLOSE_BAD_REQUEST = 4400
CLOSE_UNAUTHORIZED = 4401
CLOSE_FORBIDDEN = 4403
CLOSE_NOT_FOUND = 4404
# Heartbeats and timeout checks are database writes: once a second is plenty for 30 s rules.
TICK_SECONDS = 1.0
# Every message relayed is a database row: a side may send a burst of this many, then one a
# second (the browser's link figures come every 2 s; offers, answers and quality changes are rare).
MESSAGE_BURST = 20
MESSAGES_PER_SECOND = 1.0

T = TypeVar("T")


@dataclass(frozen=True)
class Peer:
    """Who is on this socket."""

    side: str  # "station" | "specialist"
    call_id: str
    specialist_id: str | None = None
    # A station reconnecting after a drop: the `seq` of the last message it received, so what the
    # specialist sent while its socket was away (an answer, a bye) still reaches it.
    resume_after: int | None = None

    @property
    def other(self) -> str:
        return store.SPECIALIST if self.side == store.STATION else store.STATION


async def in_thread(fn: Callable[..., T], *args: Any) -> T:
    """Run blocking database work off the event loop."""
    return await run_in_threadpool(fn, *args)


def write(engine: Engine, fn: Callable[[Connection], T]) -> T:
    with engine.begin() as conn:
        return fn(conn)


def read(engine: Engine, fn: Callable[[Connection], T]) -> T:
    with reading(engine) as conn:
        return fn(conn)


def _close_reason(detail: str) -> str:
    # A close frame's reason is at most 123 bytes of UTF-8.
    return detail.encode("utf-8")[:120].decode("utf-8", "ignore")


async def refuse(ws: WebSocket, code: int, detail: str) -> None:
    """Accept only to say why, then close with `code` (a handshake refusal carries no code)."""
    await ws.accept()
    with contextlib.suppress(Exception):
        await ws.send_text(messages.error(detail))
        await ws.close(code=code, reason=_close_reason(detail))


async def relay(ws: WebSocket, engine: Engine, settings: Any, peer: Peer) -> None:
    """Accept the socket and serve it until the call ends or the peer goes away."""
    lock = asyncio.Lock()

    async def send(text: str) -> None:
        async with lock:
            await ws.send_text(text)

    # Where to start reading is settled before the peer can see the socket open, so nothing the
    # other side sends from that moment on is missed.
    cursor = await in_thread(read, engine, lambda conn: _start_cursor(conn, peer))
    await ws.accept()
    reader = asyncio.create_task(_read(ws, engine, peer, send), name=f"call-read-{peer.side}")
    poller = asyncio.create_task(_poll(ws, engine, settings, peer, cursor, send), name=f"call-poll-{peer.side}")
    done, pending = await asyncio.wait({reader, poller}, return_when=asyncio.FIRST_COMPLETED)
    for task in pending:
        task.cancel()
    for task in pending:
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await task
    for task in done:
        exc = task.exception()
        if exc is not None and not _is_disconnect(exc):
            log.error("call %s: %s socket failed", peer.call_id, peer.side, exc_info=exc)
    if peer.specialist_id is not None:
        # Leaving before answering frees the call for another specialist.
        await in_thread(write, engine, lambda conn: store.release(conn, peer.call_id, peer.specialist_id or ""))
    if ws.application_state == WebSocketState.CONNECTED and ws.client_state == WebSocketState.CONNECTED:
        with contextlib.suppress(Exception):
            await ws.close(code=CLOSE_NORMAL)


def _is_disconnect(exc: BaseException) -> bool:
    name = type(exc).__name__
    return name in ("WebSocketDisconnect", "ClientDisconnected", "ConnectionClosed", "ConnectionClosedOK",
                    "ConnectionClosedError") or isinstance(exc, (ConnectionError, RuntimeError))


def _start_cursor(conn: Connection, peer: Peer) -> int:
    """Where this socket starts reading the other side's messages.

    A specialist who joins a ringing call late gets the station's latest offer (and what
    followed it). Once the call is active an old offer is not replayed: it has been answered,
    and answering it again would break the station's connection; the station offers anew if
    it needs to. A station gets what the specialist sends from now on, or, reconnecting, what
    followed the last message it received (`resume_after`; every message to it carries `seq`).
    """
    last = store.last_signal_id(conn, peer.call_id)
    if peer.side == store.STATION and peer.resume_after is not None:
        return min(peer.resume_after, last)
    if peer.side == store.SPECIALIST:
        call = store.get_call(conn, peer.call_id)
        offer = store.latest_offer_id(conn, peer.call_id)
        if offer is not None and call is not None and call.status == store.RINGING:
            return offer - 1
    return last


class _Allowance:
    """A token bucket: how many messages this socket may still send now."""

    def __init__(self, burst: int = MESSAGE_BURST, rate: float = MESSAGES_PER_SECOND) -> None:
        self.burst, self.rate = burst, rate
        self.left, self.at = float(burst), time.monotonic()

    def take(self) -> bool:
        now = time.monotonic()
        self.left, self.at = min(float(self.burst), self.left + (now - self.at) * self.rate), now
        if self.left < 1:
            return False
        self.left -= 1
        return True


async def _read(ws: WebSocket, engine: Engine, peer: Peer, send: Callable[[str], Awaitable[None]]) -> None:
    allowance = _Allowance()
    while True:
        frame = await ws.receive()
        if frame["type"] == "websocket.disconnect":
            return
        raw = frame.get("text")
        # A bye always goes through: hanging up must work even after a flood.
        if not allowance.take() and not (raw and len(raw) < 200 and '"bye"' in raw):
            await send(messages.error(f"too many messages: at most {MESSAGE_BURST} at once, then "
                                      f"{MESSAGES_PER_SECOND:g} a second; this one was not relayed"))
            continue
        if raw is None:
            await send(messages.error("send JSON text frames, not binary ones"))
            continue
        try:
            message = messages.parse(raw, peer.side)
        except messages.SignalError as exc:
            await send(messages.error(str(exc)))
            continue
        problem = await in_thread(write, engine, lambda conn, m=message: _apply(conn, peer, m))
        if problem:
            await send(messages.error(problem))


def _apply(conn: Connection, peer: Peer, message: dict[str, Any]) -> str | None:
    """Store one message from this side and move the call along; a problem to report, or None."""
    call = store.get_call(conn, peer.call_id)
    if call is None or call.final:
        return "this call has already ended"
    now = utcnow()
    kind = message["type"]
    if kind == "answer":
        if call.specialist_id != peer.specialist_id:
            return "another specialist has joined this call"
        if store.latest_offer_id(conn, peer.call_id) is None:
            return "there is no offer to answer yet; wait for the station"
    store.add_signal(conn, peer.call_id, peer.side, kind, messages.encode(message), now)
    if kind == "answer":
        store.mark_active(conn, peer.call_id, peer.specialist_id or "", now)
    elif kind == "bye":
        store.mark_ended(conn, peer.call_id, peer.side, message["reason"], now)
    store.touch(conn, peer.call_id, peer.side, now)
    return None


def _state(call: store.Call, peer: Peer, cursor: int) -> str:
    # The station's copy carries `seq`: everything the specialist sent up to it has been passed on.
    return messages.state(call.status, call.specialist_name, call.ended_by if call.final else None,
                          cursor if peer.side == store.STATION else None)


async def _poll(
    ws: WebSocket, engine: Engine, settings: Any, peer: Peer, cursor: int, send: Callable[[str], Awaitable[None]]
) -> None:
    poll = float(getattr(settings, "signal_poll_seconds", 0.15))
    ring = float(getattr(settings, "call_ring_seconds", 120.0))
    gone = float(getattr(settings, "call_gone_seconds", 30.0))
    tick = min(TICK_SECONDS, gone / 4)
    shown: tuple[str, str | None] | None = None
    next_tick = 0.0

    def keep_alive(conn: Connection) -> None:
        now = utcnow()
        store.touch(conn, peer.call_id, peer.side, now)
        store.expire_calls(conn, now, ring, gone, call_id=peer.call_id)

    def news(conn: Connection) -> tuple[store.Call | None, list[tuple[int, str]]]:
        return store.get_call(conn, peer.call_id), store.signals_after(conn, peer.call_id, peer.other, cursor)

    while True:
        if time.monotonic() >= next_tick:
            next_tick = time.monotonic() + tick
            await in_thread(write, engine, keep_alive)
        call, signals = await in_thread(read, engine, news)
        if shown is None and call is not None:
            # A peer first learns where the call stands, then what the other side said.
            shown = (call.status, call.specialist_name)
            await send(_state(call, peer, cursor))
        for signal_id, body in signals:
            await send(messages.with_seq(body, signal_id) if peer.side == store.STATION else body)
            cursor = signal_id
        if call is None:
            return
        state = (call.status, call.specialist_name)
        if state != shown:
            shown = state
            await send(_state(call, peer, cursor))
        if call.final:
            if peer.side == store.STATION and call.sfu_room is not None:
                await _close_rooms(settings, call.sfu_room)
            await ws.close(code=CLOSE_NORMAL)
            return
        await asyncio.sleep(poll)


async def _close_rooms(settings: Any, room: int) -> None:
    """An ended call's SFU rooms go, so nobody stays connected to a finished call."""
    janus = sfu.from_settings(settings)
    if janus is None:
        return
    try:
        await in_thread(janus.destroy_rooms, room)
    except sfu.SfuError as exc:
        log.warning("the SFU rooms of an ended call could not be closed: %s", exc)
