"""The station's side of call signaling: a WebSocket to the hub, opened with a signed handshake.

The handshake GET is signed exactly like a sync request (method GET, the socket's path, the
digest of an empty body), so the hub checks the station key, nonce and clock as usual. A socket
that drops is opened again (the hub ends a call whose socket stays closed for more than 30 s),
and nothing is lost across the gap: reopening asks the hub for what followed the last message
received (`?after=SEQ`), and messages that could not be sent meanwhile go out once it is open.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus

from sync.client import USER_AGENT, HubClient
from sync.wire.signing import sign_request

log = logging.getLogger("sync.call.signaling")
# The hub's close codes for a refused socket, with what the health worker is told.
REFUSALS = {
    4400: "The hub could not follow this call's connection. Start the call again.",
    4401: "The hub did not accept this station's key for the call. An administrator must enroll it again.",
    4403: "This call belongs to another clinic.",
    4404: "The hub does not know this call any more. Start the call again.",
}


class SignalingError(Exception):
    """The signaling socket could not be opened or was refused; `message` is for the health worker."""

    def __init__(self, message: str, code: int | None = None, retry: bool = True) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.retry = retry


def socket_url(hub_base: str, path: str, query: str = "") -> str:
    """ws(s):// URL of `path` on the hub at `hub_base` (http → ws, https → wss)."""
    parts = urlsplit(hub_base)
    scheme = "wss" if parts.scheme == "https" else "ws"
    return urlunsplit((scheme, parts.netloc, parts.path.rstrip("/") + path, query, ""))


class Signaling:
    """One call's signaling socket: `send` JSON messages, `receive` the next one (None when closed)."""

    def __init__(self, client: HubClient, path: str, *, open_timeout: float = 30.0,
                 ping_interval: float = 15.0, ping_timeout: float = 30.0) -> None:
        self.client = client
        self.path = path
        self.open_timeout = open_timeout
        self.ping_interval = ping_interval
        self.ping_timeout = ping_timeout
        self.ws: ClientConnection | None = None
        self.closing = False
        # The seq of the last message received; the hub sends what follows it. From 0 at first: a
        # call is new when its socket first opens, so nothing the specialist sent is old to it, and
        # a drop before the hub's first message still loses nothing.
        self.last_seq = 0
        self.unsent: list[dict[str, Any]] = []  # sent while the socket was away: sent again on reopening

    def _query(self) -> str:
        return f"after={self.last_seq}"

    def _headers(self) -> dict[str, str]:
        created = int(self.client.wall() + self.client.clock_offset)
        target = f"{self.path}?{self._query()}"  # the hub verifies the path with its query
        return sign_request(self.client.key, self.client.station_id, "GET", target, b"", created=created)

    async def open(self) -> None:
        """Open the socket (raises SignalingError: refused → retry False; unreachable → retry True)."""
        try:
            self.ws = await connect(
                socket_url(self.client.base, self.path, self._query()), additional_headers=self._headers(),
                user_agent_header=USER_AGENT, proxy=None, open_timeout=self.open_timeout,
                ping_interval=self.ping_interval, ping_timeout=self.ping_timeout, close_timeout=5,
                max_size=1 << 20)
        except InvalidStatus as exc:
            status = exc.response.status_code
            raise SignalingError(f"The hub refused the call's connection (HTTP {status}).", status,
                                 retry=status >= 500) from exc
        except (OSError, TimeoutError, InvalidHandshake) as exc:
            raise SignalingError("Could not reach the hub to set up the call. Check the internet "
                                 "connection and try again.") from exc

    async def reopen(self, within: float = 25.0) -> bool:
        """After a drop: try to open again for `within` seconds. False if it could not."""
        deadline = asyncio.get_running_loop().time() + within
        while not self.closing and asyncio.get_running_loop().time() < deadline:
            try:
                await self.open()
                await self._send_unsent()
                return True
            except SignalingError as exc:
                if not exc.retry:
                    return False
                await asyncio.sleep(2.0)
        return False

    async def send(self, message: dict[str, Any]) -> bool:
        """Send one message; False if the socket is not open. Then it is kept and sent when the
        socket is open again (a quality report supersedes an older unsent one)."""
        if self.ws is not None:
            try:
                await self.ws.send(json.dumps(message))
                return True
            except ConnectionClosed:
                pass
        if not self.closing and message.get("type") != "bye":
            if message.get("type") == "quality":
                self.unsent = [m for m in self.unsent if m.get("type") != "quality"]
            self.unsent.append(message)
        return False

    async def _send_unsent(self) -> None:
        waiting, self.unsent = self.unsent, []
        for i, message in enumerate(waiting):
            if not await self.send(message):  # dropped again: send() kept this one
                self.unsent.extend(waiting[i + 1:])
                return

    async def receive(self) -> dict[str, Any] | None:
        """The next message, or None once the socket is closed. Non-JSON frames are skipped."""
        while self.ws is not None:
            try:
                raw = await self.ws.recv()
            except ConnectionClosed:
                return None
            try:
                data = json.loads(raw)
            except (TypeError, ValueError):
                log.warning("the hub sent a signaling frame that is not JSON")
                continue
            if isinstance(data, dict):
                seq = data.get("seq")
                if isinstance(seq, int) and not isinstance(seq, bool) and seq >= self.last_seq:
                    self.last_seq = seq
                return data
        return None

    def close_code(self) -> int | None:
        """The close code the hub gave (4401/4403/4404 are refusals), if closed."""
        if self.ws is None or self.ws.close_code is None:
            return None
        return self.ws.close_code

    async def close(self) -> None:
        self.closing = True
        if self.ws is not None:
            await self.ws.close()
