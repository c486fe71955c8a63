"""A fault-injecting HTTP/1.1 proxy between a station and the hub, for the sync fault tests.

It understands just enough HTTP to know where each request and response ends (Content-Length),
so it can break an exchange at a chosen point: cut the request half-way, cut the response
half-way, drop the response after the hub has committed, deliver the request twice, delay it,
refuse the connection, or call a hook (restart the hub, kill the station) while the hub works.

A `plan(exchange) -> Fault` decides per request; the proxy records what it did in `log`.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

KINDS = ("pass", "delay", "cut_request", "cut_response", "drop_response", "twice", "refuse", "hook")


@dataclass(frozen=True)
class Fault:
    kind: str = "pass"
    fraction: float = 0.5  # where to cut, as a share of the bytes
    delay: float = 0.0  # seconds to wait before forwarding
    hook: Callable[[], None] | None = None  # for "hook": run after the request reached the hub


@dataclass(frozen=True)
class Exchange:
    number: int
    method: str
    path: str
    size: int


@dataclass
class ProxyLog:
    faults: list[tuple[Exchange, str]] = field(default_factory=list)
    bytes_up: int = 0
    bytes_down: int = 0

    def count(self, kind: str) -> int:
        return sum(1 for _e, k in self.faults if k == kind)


class Closed(Exception):
    """The other side closed the connection."""


def _read_message(sock: socket.socket, buffer: bytearray, *, response_to: str | None = None) -> bytes:
    """One whole HTTP message from `sock` (head + Content-Length body); leftovers stay in `buffer`."""
    while b"\r\n\r\n" not in buffer:
        data = sock.recv(65536)
        if not data:
            raise Closed
        buffer.extend(data)
    end = buffer.index(b"\r\n\r\n") + 4
    head = bytes(buffer[:end]).decode("latin-1")
    length = 0
    for line in head.split("\r\n")[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-length":
            length = int(value.strip())
        elif name.strip().lower() == "transfer-encoding" and "chunked" in value.lower():
            raise ValueError("the fault proxy does not handle chunked bodies")
    if response_to is not None:
        status = int(head.split(" ", 2)[1])
        if response_to == "HEAD" or status in (204, 304) or 100 <= status < 200:
            length = 0
    while len(buffer) < end + length:
        data = sock.recv(65536)
        if not data:
            raise Closed
        buffer.extend(data)
    message = bytes(buffer[: end + length])
    del buffer[: end + length]
    return message


class FaultyProxy:
    """Listens on 127.0.0.1; forwards to `upstream()` (host, port), applying `plan` per request."""

    def __init__(self, upstream: Callable[[], tuple[str, int]], plan: Callable[[Exchange], Fault],
                 timeout: float = 30.0) -> None:
        self.upstream = upstream
        self.plan = plan
        self.timeout = timeout
        self.log = ProxyLog()
        self._lock = threading.Lock()
        self._count = 0
        self._server = socket.create_server(("127.0.0.1", 0))
        self._server.settimeout(0.2)
        self.port = self._server.getsockname()[1]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, name=f"proxy-{self.port}", daemon=True)
        self._conns: set[socket.socket] = set()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> FaultyProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(5)
        self._server.close()
        with self._lock:
            for conn in list(self._conns):
                _close(conn)

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self._server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                self._conns.add(client)
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _next(self, method: str, path: str, size: int) -> tuple[Exchange, Fault]:
        with self._lock:
            self._count += 1
            exchange = Exchange(self._count, method, path, size)
        fault = self.plan(exchange)
        with self._lock:
            self.log.faults.append((exchange, fault.kind))
        return exchange, fault

    def _serve(self, client: socket.socket) -> None:
        client.settimeout(self.timeout)
        buffer = bytearray()
        try:
            while not self._stop.is_set():
                request = _read_message(client, buffer)
                first = request.split(b"\r\n", 1)[0].decode("latin-1").split(" ")
                _exchange, fault = self._next(first[0], first[1] if len(first) > 1 else "", len(request))
                if not self._handle(client, request, first[0], fault):
                    break
        except (Closed, OSError, ValueError):
            pass
        finally:
            _close(client)
            with self._lock:
                self._conns.discard(client)

    def _handle(self, client: socket.socket, request: bytes, method: str, fault: Fault) -> bool:
        """Carry one exchange out under `fault`; False when the client connection must close."""
        kind = fault.kind
        if kind == "refuse":
            return False
        if fault.delay:
            time.sleep(fault.delay)
        if kind == "cut_request":
            cut = max(1, min(len(request) - 1, int(len(request) * fault.fraction)))
            with self._upstream() as hub:
                hub.sendall(request[:cut])
                self._count_bytes(up=cut)
            return False
        try:
            response = self._forward(request, method, fault.hook if kind == "hook" else None)
            if kind == "twice":
                response = self._forward(request, method, None)
        except (Closed, OSError):
            return False  # the hub went away mid-exchange (e.g. restarted): the client sees a cut
        if kind in ("drop_response", "hook"):
            return False
        if kind == "cut_response":
            cut = max(0, min(len(response) - 1, int(len(response) * fault.fraction)))
            client.sendall(response[:cut])
            self._count_bytes(down=cut)
            return False
        client.sendall(response)
        self._count_bytes(down=len(response))
        return True

    def _upstream(self) -> socket.socket:
        sock = socket.create_connection(self.upstream(), timeout=self.timeout)
        return sock

    def _forward(self, request: bytes, method: str, hook: Callable[[], None] | None) -> bytes:
        with self._upstream() as hub:
            hub.sendall(request)
            self._count_bytes(up=len(request))
            if hook is not None:
                hook()
            return _read_message(hub, bytearray(), response_to=method)

    def _count_bytes(self, up: int = 0, down: int = 0) -> None:
        with self._lock:
            self.log.bytes_up += up
            self.log.bytes_down += down


def _close(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()
