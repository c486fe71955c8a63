"""The station's use of the hub's TURN relay: which relay URL to gather with, and why one failed.

aiortc takes only the first TURN URL of its configuration, yet a hub lists several (UDP on 3478
for most networks, `turns:` on 5349 for clinics whose network blocks UDP). So the station
gathers with one TURN URL at a time, in the hub's order, until one gives a relay candidate.
When none does, one Allocate request to the first relay says why in the health worker's words:
the relay refused the credentials (expired, or the hub and the relay disagree on the secret),
or the relay could not be reached.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from aioice import stun, turn
from aiortc.rtcicetransport import parse_stun_turn_uri

from sync.call.problems import RELAY_REFUSED, RELAY_UNREACHABLE

log = logging.getLogger("sync.call.relay")

PROBE_SECONDS = 8.0


def is_turn(url: str) -> bool:
    return url.startswith(("turn:", "turns:"))


def configurations(servers: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """One list of ICE servers per TURN URL (hub's order), each with the STUN servers; [servers] if no TURN."""
    plain = [s for s in servers if not any(is_turn(u) for u in _urls(s))]
    choices: list[list[dict[str, Any]]] = []
    for server in servers:
        for url in _urls(server):
            if is_turn(url):
                choices.append([*plain, {**server, "urls": [url]}])
    return choices or [list(servers)]


def first_turn(servers: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The first TURN server entry with exactly one URL, or None."""
    for server in servers:
        for url in _urls(server):
            if is_turn(url):
                return {**server, "urls": [url]}
    return None


def has_relay_candidate(sdp: str) -> bool:
    return any(" typ relay" in line for line in sdp.splitlines() if line.startswith("a=candidate:"))


async def why_refused(server: dict[str, Any], timeout: float = PROBE_SECONDS) -> str:
    """Ask the relay for an allocation once: the words for what went wrong."""
    url = server["urls"][0]
    try:
        parsed = parse_stun_turn_uri(url)
        transport = "tcp" if parsed["scheme"] == "turns" else parsed.get("transport") or "udp"
        endpoint, _protocol = await asyncio.wait_for(turn.create_turn_endpoint(
            asyncio.DatagramProtocol, server_addr=(parsed["host"], parsed["port"]),
            username=server.get("username"), password=server.get("credential"),
            ssl=parsed["scheme"] == "turns", transport=transport), timeout)
    except stun.TransactionFailed as exc:
        code = exc.response.attributes.get("ERROR-CODE", (0, ""))[0]
        log.warning("the relay %s refused the allocation: %s", url, exc)
        return RELAY_REFUSED if code in (401, 403, 437, 441) else RELAY_UNREACHABLE
    except (OSError, TimeoutError, ConnectionError, ValueError, stun.TransactionError) as exc:
        log.warning("the relay %s could not be reached: %r", url, exc)
        return RELAY_UNREACHABLE
    with contextlib.suppress(Exception):
        endpoint.close()
    return RELAY_UNREACHABLE  # it answered now; it did not while gathering


def _urls(server: dict[str, Any]) -> list[str]:
    urls = server.get("urls") or []
    return [urls] if isinstance(urls, str) else list(urls)
