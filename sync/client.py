"""The station's HTTP client for the hub: one reused connection, signed requests, compressed bodies.

Every request has explicit timeouts (connect, and a per-read timeout so a stalled link fails
instead of hanging). Failures become SyncError subclasses whose `message` is written for a
health worker; `transient` says whether trying again later can help.
"""

from __future__ import annotations

import email.utils
import errno
import gzip
import http.client
import json
import threading
import time
from collections.abc import Callable
from concurrent.futures import Executor, Future
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

import requests
import zstandard
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from station.texts import Text
from sync.wire.protocol import FIRST_HUB_ENTITIES, HUB_ENTITIES, EnrollResponse, PullResponse, PushResponse
from sync.wire.signing import sign_request

API = "/api/v1"
# The newer hub entities this station applies (sync.apply); named on every pull so the hub
# sends them (and an older station, naming none, is never sent them).
READS = HUB_ENTITIES - FIRST_HUB_ENTITIES
USER_AGENT = "telestation-sync/1"
T = TypeVar("T")
# The hub's reason for a refusal, also on answers without a body (HEAD).
ERROR_HEADER = "X-Hub-Error"
MESSAGE_HEADER = "X-Hub-Error-Message"


class BodySent(Protocol):
    """Told once a request body has been handed to the network (a threading.Event will do)."""

    def set(self) -> None: ...


_in_http = threading.local()  # set on an executor thread while it runs this module's requests
# The hub allows a signature created within ±300 s of its clock; above this we say so.
CLOCK_WARNING_SECONDS = 120.0


class SyncError(Exception):
    """A sync step failed. `message` is for the person at the station; `code` is stable."""

    transient = True

    def __init__(self, message: str, code: str = "error", status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = status


class Unreachable(SyncError):
    """No answer from the hub: no network, the hub is down, or the link is cut or too slow."""


class HubTrouble(SyncError):
    """The hub answered with a server error (5xx)."""


class Refused(SyncError):
    """The hub refused the station's signature (401): `code` is the hub's reason."""

    def __init__(self, message: str, code: str, status: int | None = 401) -> None:
        super().__init__(message, code, status)
        # A clock that was off, or a replay caused by a duplicated delivery, heal on a retry.
        self.transient = code in ("stale_signature", "replayed_nonce")


class RequestRejected(SyncError):
    """The hub refused this request as a whole (400, 403, 413, 415, 422): the content is at fault."""

    transient = False


REFUSAL_WORDS = {
    "station_revoked": "This station has been switched off at the hub. Ask the hub administrator.",
    "unknown_station": "The hub does not know this station. An administrator must enroll it again.",
    "bad_signature": "The hub did not accept this station's key. An administrator must enroll it again.",
    "stale_signature": "This computer's date and time are far from the hub's. Set the correct date and time "
    "in the computer's settings.",
}


@dataclass(frozen=True)
class Codec:
    """How request bodies are compressed (chosen by measurement; see README)."""

    encoding: str = "zstd"  # "zstd", "gzip" or "identity"
    level: int = 15

    def compress(self, body: bytes) -> bytes:
        if self.encoding == "zstd":
            return zstandard.ZstdCompressor(level=self.level).compress(body)
        if self.encoding == "gzip":
            return gzip.compress(body, compresslevel=min(self.level, 9), mtime=0)
        return body


DEFAULT_CODEC = Codec()


@dataclass
class Exchange:
    """Figures of the last request, for adapting batch sizes."""

    sent: int = 0  # body bytes as sent
    received: int = 0
    seconds: float = 0.0


@dataclass
class Timeouts:
    connect: float = 15.0
    read: float = 30.0


class HubClient:
    """Talks to one hub as one enrolled station over a reused keep-alive connection."""

    def __init__(self, hub_url: str, station_id: str, private_key: Ed25519PrivateKey, *,
                 codec: Codec = DEFAULT_CODEC, timeouts: Timeouts | None = None,
                 wall: Callable[[], float] = time.time, clock_offset: float = 0.0,
                 executor: Executor | None = None) -> None:
        # Where requests run (the network loop's executor): a caller on another thread (the sync
        # store's) waits for the answer there. None: on the caller's thread.
        self.executor = executor
        self.base = hub_url.rstrip("/")
        self.station_id = station_id
        self.key = private_key
        self.codec = codec
        self.timeouts = timeouts or Timeouts()
        self.wall = wall
        self.clock_offset = clock_offset  # seconds to add to this computer's clock to get the hub's
        self.last = Exchange()
        self.session = requests.Session()
        self.session.headers.update({"User-Agent": USER_AGENT, "Accept-Encoding": "gzip"})
        self.session.trust_env = False  # a clinic PC's proxy settings must not capture hub traffic

    def close(self) -> None:
        self.session.close()

    def submit(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> Future[T]:
        """Start `fn(*args)` (a call of this client's) in the executor; its requests run there directly."""
        if self.executor is None:
            raise RuntimeError("this client has no executor to run requests in")
        return self.executor.submit(_run_here, fn, *args, **kwargs)

    # -- requests -------------------------------------------------------------------------
    def request(self, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None,
                *, signed: bool = True, read_timeout: float | None = None,
                written: BodySent | None = None, max_bytes: int | None = None) -> requests.Response:
        """Send one request; map failures to SyncError. An answer longer than `max_bytes` is refused
        (RequestRejected "too_large") once that much has come, not read to its end.

        Tried a second time, at once, after a clock correction (401 stale_signature) or when a reused
        connection turns out to have been closed by the hub meanwhile: every request of the protocol
        is safe to repeat. `written` is set once the whole body has been handed to the network (the
        answer may take a round trip more): the engine starts its next request then.
        """
        if self.executor is not None and not getattr(_in_http, "active", False):
            return self.submit(self.request, method, path, body, headers, signed=signed,
                               read_timeout=read_timeout, written=written, max_bytes=max_bytes).result()
        for attempt in (1, 2):
            try:
                response = self._send(method, path, body, headers, signed, read_timeout, written, max_bytes)
            except Unreachable as exc:
                if attempt == 1 and exc.code == "closed":
                    continue
                raise
            if response.status_code == 401 and attempt == 1 and self._error_code(response) == "stale_signature":
                # Our clock is off: the hub's Date header just told us by how much. Sign again.
                continue
            return self._check(response)
        raise AssertionError("unreachable")

    def _send(self, method: str, path: str, body: bytes, headers: dict[str, str] | None, signed: bool,
              read_timeout: float | None, written: BodySent | None = None,
              max_bytes: int | None = None) -> requests.Response:
        target = API + path
        all_headers = dict(headers or {})
        if signed:
            created = int(self.wall() + self.clock_offset)
            all_headers.update(sign_request(self.key, self.station_id, method, target, body, created=created))
        started = time.monotonic()
        data: bytes | _Body = body if written is None or not body else _Body(body, written)
        try:
            response = self.session.request(
                method, self.base + target, data=data, headers=all_headers,
                timeout=(self.timeouts.connect, read_timeout or self.timeouts.read), allow_redirects=False,
                stream=max_bytes is not None)
            if max_bytes is not None:
                _read_at_most(response, max_bytes)
        except requests.Timeout as exc:
            raise Unreachable("The connection to the hub is too slow or stopped answering. "
                              "Everything is saved here and will be sent when the link is better.",
                              "timeout") from exc
        except requests.ConnectionError as exc:
            if _closed_idle(exc):
                # The hub closed a kept-alive connection just as we reused it (its idle timeout).
                raise Unreachable("The connection to the hub was cut before it answered. Everything is saved "
                                  "here and will be sent again.", "closed") from exc
            if _no_route(exc):
                raise Unreachable("This computer has no network connection to the hub (the internet link or "
                                  "modem is off). Everything is saved here and will be sent when it is back.",
                                  "no_network") from exc
            raise Unreachable("Could not reach the hub (no internet connection, or the hub is down). "
                              "Everything is saved here and will be sent when the connection works.",
                              "unreachable") from exc
        except requests.RequestException as exc:
            if _no_route(exc):
                raise Unreachable("This computer has no network connection to the hub (the internet link or "
                                  "modem is off). Everything is saved here and will be sent when it is back.",
                                  "no_network") from exc
            raise Unreachable("Could not reach the hub (no internet connection, or the hub is down). "
                              "Everything is saved here and will be sent when the connection works.",
                              "unreachable") from exc
        self.last = Exchange(sent=len(body), received=len(response.content), seconds=time.monotonic() - started)
        response.exchange = self.last  # type: ignore[attr-defined]
        self._observe_date(response, started)
        return response

    def _observe_date(self, response: requests.Response, started: float) -> None:
        date = response.headers.get("date")
        if not date:
            return
        try:
            hub = email.utils.parsedate_to_datetime(date).timestamp()
        except (TypeError, ValueError):
            return
        # Date has whole seconds: the hub's clock was somewhere in [hub, hub + 1) when it answered.
        local = self.wall() - (time.monotonic() - started) / 2
        estimate = hub + 0.5 - local
        if abs(estimate - self.clock_offset) > 2.0:
            self.clock_offset = estimate

    @staticmethod
    def _error_code(response: requests.Response) -> str:
        return hub_reason(response)[0]

    def _check(self, response: requests.Response) -> requests.Response:
        status = response.status_code
        if status < 400:
            return response
        code, message = hub_reason(response)
        if not code and status < 500:
            # The hub always says why it refuses (JSON body and X-Hub-Error header, the header also
            # on HEAD). A refusal without its reason is an answer cut on the way, or something else
            # on the path answering: never give up on it.
            raise Unreachable("The hub's answer was cut off on the way. Everything is saved here and will "
                              "be sent again.", "cut")
        code = code or "http_error"
        if status == 401:
            words = REFUSAL_WORDS.get(code) or f"The hub refused this station's request: {message}"
            raise Refused(words, code, status)
        if status >= 500 or status in (408, 429):
            raise HubTrouble("The hub had a problem and could not take the records now. "
                             "They are saved here and will be sent later.", code, status)
        raise RequestRejected(message or f"The hub refused the request (HTTP {status}).", code, status)

    # -- the API --------------------------------------------------------------------------
    def push(self, changes_json: bytes, read_timeout: float | None = None,
             written: BodySent | None = None) -> tuple[PushResponse, Exchange]:
        """POST /sync/push with a body `{"changes": [...]}` (JSON bytes), compressed by the codec.

        Safe to call from two threads at once (the engine overlaps requests on slow links).
        """
        body = self.codec.compress(changes_json)
        headers = {"Content-Type": "application/json"}
        if self.codec.encoding != "identity":
            headers["Content-Encoding"] = self.codec.encoding
        response = self.request("POST", "/sync/push", body, headers, read_timeout=read_timeout, written=written)
        return PushResponse.model_validate(_json(response)), response.exchange  # type: ignore[attr-defined]

    def pull(self, cursor: int, limit: int) -> PullResponse:
        reads = ",".join(sorted(READS))
        response = self.request("GET", f"/sync/pull?cursor={int(cursor)}&limit={int(limit)}&reads={reads}")
        return PullResponse.model_validate(_json(response), strict=False)

    def blob_offset(self, sha256: str) -> tuple[int, int | None]:
        """(bytes the hub has, total length it was told or None)."""
        response = self.request("HEAD", f"/blobs/{sha256}")
        offset = _number(response.headers.get("Upload-Offset"))
        if offset is None:
            raise HubTrouble("The hub's answer was cut off. It will be asked again.", "bad_response", 200)
        return offset, _number(response.headers.get("Upload-Length"))

    def upload_chunk(self, sha256: str, offset: int, length: int, chunk: bytes, media_type: str) -> int:
        """PATCH one chunk at `offset`; returns the hub's new offset (also on a 409 offset mismatch)."""
        headers = {"Content-Type": "application/offset+octet-stream", "Upload-Offset": str(offset),
                   "Upload-Length": str(length), "Upload-Media-Type": media_type}
        try:
            response = self.request("PATCH", f"/blobs/{sha256}", chunk, headers)
        except RequestRejected as exc:
            if exc.status == 409 and exc.code == "wrong_offset":
                return self.blob_offset(sha256)[0]
            raise
        new_offset = _number(response.headers.get("Upload-Offset"))
        # An answer cut inside its headers: ask the hub where it is rather than guess.
        return new_offset if new_offset is not None else self.blob_offset(sha256)[0]

    def download_blob(self, sha256: str, max_bytes: int) -> bytes:
        """A file the hub holds for this station (e.g. the specialist's voice note), at most
        `max_bytes` long: a hub answering with more is refused, not read into memory."""
        return self.request("GET", f"/blobs/{sha256}", max_bytes=max_bytes).content

    def measure_clock(self) -> float:
        """Ask the hub for its time (unsigned); returns and keeps the offset in seconds."""
        started_wall, started = self.wall(), time.monotonic()
        response = self.request("GET", "/time", signed=False)
        rtt = time.monotonic() - started
        hub = int(_json(response)["epoch_ms"]) / 1000
        self.clock_offset = hub - (started_wall + rtt / 2)
        return self.clock_offset


def _read_at_most(response: requests.Response, max_bytes: int) -> None:
    """Read a streamed answer's body, stopping (and hanging up) once it passes `max_bytes`."""
    body = bytearray()
    for chunk in response.iter_content(65536):
        body += chunk
        if len(body) > max_bytes:
            response.close()
            raise RequestRejected(f"The hub sent a file larger than the {max_bytes // 1000} kB it can be; "
                                  "it was not kept.", "too_large", response.status_code)
    response._content = bytes(body)  # what .content returns from now on


def hub_reason(response: requests.Response) -> tuple[str, str]:
    """(code, message) the hub gave for a refusal: from the JSON body, else the X-Hub-Error headers.

    ("", "") when neither is there: then the answer did not come whole from the hub.
    """
    try:
        data = response.json()
        if isinstance(data, dict) and isinstance(data.get("error"), str) and data["error"]:
            return data["error"], str(data.get("message", ""))
    except ValueError:
        pass
    code = response.headers.get(ERROR_HEADER, "").strip()
    return code, response.headers.get(MESSAGE_HEADER, "").strip() if code else ""


def _number(value: str | None) -> int | None:
    return int(value) if value is not None and value.strip().isdigit() else None


def _causes(exc: BaseException) -> list[BaseException]:
    """The exception and everything it wraps (requests and urllib3 nest them in args and causes)."""
    out: list[BaseException] = []
    todo: list[BaseException] = [exc]
    while todo:
        current = todo.pop()
        if any(current is seen for seen in out):
            continue
        out.append(current)
        todo.extend(e for e in (current.__cause__, current.__context__, *current.args) if isinstance(e, BaseException))
    return out


def _no_route(exc: BaseException) -> bool:
    """Whether a failure was this computer having no route at all (network down), not the hub."""
    return any(isinstance(e, OSError) and e.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH) for e in _causes(exc))


def _run_here(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    before = getattr(_in_http, "active", False)
    _in_http.active = True
    try:
        return fn(*args, **kwargs)
    finally:
        _in_http.active = before


def _closed_idle(exc: BaseException) -> bool:
    """Whether a reused connection was found closed before any answer (safe to try again at once)."""
    return any(isinstance(e, http.client.RemoteDisconnected) for e in _causes(exc))


class _Body:
    """A request body that reports when its last byte has been handed to the network."""

    def __init__(self, data: bytes, written: BodySent) -> None:
        self._data = memoryview(data)
        self._pos = 0
        self._written = written

    def __len__(self) -> int:
        return len(self._data)

    def read(self, size: int = -1) -> bytes:
        if self._pos >= len(self._data):
            self._written.set()
            return b""
        end = len(self._data) if size is None or size < 0 else self._pos + size
        chunk = bytes(self._data[self._pos:end])
        self._pos += len(chunk)
        return chunk


def enroll(hub_url: str, code: str, public_key: str, timeouts: Timeouts | None = None) -> EnrollResponse:
    """Trade the one-time code for the hub accepting `public_key` (unsigned request)."""
    timeouts = timeouts or Timeouts()
    body = json.dumps({"code": code, "public_key": public_key}).encode()
    try:
        response = requests.post(hub_url.rstrip("/") + API + "/enroll", data=body,
                                 headers={"Content-Type": "application/json", "User-Agent": USER_AGENT},
                                 timeout=(timeouts.connect, timeouts.read), allow_redirects=False)
    except requests.RequestException as exc:
        raise Unreachable(f"Could not reach the hub at {hub_url}. Check the address and the internet "
                          "connection, then try again with the same code.", "unreachable") from exc
    if response.status_code != 200:
        try:
            data = response.json()
            code_, message = str(data.get("error", "")), str(data.get("message", ""))
        except ValueError:
            code_, message = "http_error", f"The hub answered HTTP {response.status_code}."
        error = RequestRejected(message or "The hub refused the enrollment.", code_, response.status_code)
        error.transient = response.status_code >= 500
        raise error
    return EnrollResponse.model_validate(_json(response))


def _json(response: requests.Response) -> Any:
    try:
        return response.json()
    except ValueError as exc:
        raise HubTrouble("The hub sent an answer this station cannot read. It will try again later.",
                         "bad_response", response.status_code) from exc


def clock_warning(offset_seconds: float | None) -> str | None:
    """A sentence for the health worker when this computer's clock is far from the hub's."""
    if offset_seconds is None or abs(offset_seconds) < CLOCK_WARNING_SECONDS:
        return None
    direction = "behind" if offset_seconds > 0 else "ahead of"
    return (f"This computer's clock is {describe_span(abs(offset_seconds))} {direction} the hub's. "
            "Records still sync in the right order, but dates shown and printed may be wrong: "
            "set the correct date and time in the computer's settings.")


def describe_span(seconds: float) -> str:
    """'3 minutes', '5 hours', '2 days', '4 years' (to the nearest whole unit; translatable).

    The unit is chosen after rounding, so 364.8 days is "1 year" everywhere (the self-check and
    sync once said "365 days" and "1 year" for the same clock).
    """
    # Each unit spelled out: the interface finds every Text("…") literal to translate.
    if round(seconds / 86400) >= 365:
        n = round(seconds / (365 * 86400))
        return Text("1 year") if n == 1 else Text("{n} years", n=n)
    if round(seconds / 3600) >= 24:
        n = round(seconds / 86400)
        return Text("1 day") if n == 1 else Text("{n} days", n=n)
    if round(seconds / 60) >= 60:
        n = round(seconds / 3600)
        return Text("1 hour") if n == 1 else Text("{n} hours", n=n)
    if round(seconds) >= 60:
        n = round(seconds / 60)
        return Text("1 minute") if n == 1 else Text("{n} minutes", n=n)
    n = int(seconds)
    return Text("1 second") if n == 1 else Text("{n} seconds", n=n)
