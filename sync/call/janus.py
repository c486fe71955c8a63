"""A small client for Janus's HTTP API (sessions, plugin handles, long-polled events), on the
network loop. The blocking HTTP requests run in worker threads; one task long-polls events and
hands each to the request waiting for it (same transaction) or to the handle's event callback.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
from collections.abc import Callable
from typing import Any

import requests

log = logging.getLogger("sync.call.janus")


class JanusError(RuntimeError):
    """Janus refused a request or could not be reached."""


class JanusSession:
    def __init__(self, url: str, token: str, timeout: float = 15.0) -> None:
        self.url = url.rstrip("/")
        self.token = token
        self.timeout = timeout
        self.session_id: int | None = None
        self._waiting: dict[str, asyncio.Future[dict[str, Any]]] = {}
        self._listeners: dict[int, Callable[[dict[str, Any]], None]] = {}
        self._poller: asyncio.Task[None] | None = None
        self._http = requests.Session()
        self._http.trust_env = False

    async def _post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        body = {**body, "token": self.token}
        body.setdefault("transaction", secrets.token_hex(8))
        try:
            answer = await asyncio.to_thread(self._http.post, self.url + path, json=body, timeout=self.timeout)
            data: dict[str, Any] = answer.json()
        except (requests.RequestException, ValueError) as exc:
            raise JanusError(f"the conference server cannot be reached: {exc}") from None
        if data.get("janus") == "error":
            raise JanusError(f"the conference server refused: {data.get('error', {}).get('reason')}")
        return data

    async def open(self) -> None:
        self.session_id = int((await self._post("", {"janus": "create"}))["data"]["id"])
        self._poller = asyncio.ensure_future(self._poll())

    async def attach(self, plugin: str, on_event: Callable[[dict[str, Any]], None] | None = None) -> int:
        data = await self._post(f"/{self.session_id}", {"janus": "attach", "plugin": plugin})
        handle = int(data["data"]["id"])
        if on_event is not None:
            self._listeners[handle] = on_event
        return handle

    async def message(self, handle: int, body: dict[str, Any], jsep: dict[str, Any] | None = None,
                      wait: float = 30.0) -> dict[str, Any]:
        """Send a plugin request; its result (the plugin's data, with `jsep` when Janus sent one)."""
        transaction = secrets.token_hex(8)
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._waiting[transaction] = future
        request: dict[str, Any] = {"janus": "message", "body": body, "transaction": transaction}
        if jsep is not None:
            request["jsep"] = jsep
        try:
            answer = await self._post(f"/{self.session_id}/{handle}", request)
            if answer.get("janus") != "ack":
                event = answer
            else:
                event = await asyncio.wait_for(future, wait)
        finally:
            self._waiting.pop(transaction, None)
        data: dict[str, Any] = dict(event.get("plugindata", {}).get("data", {}))
        if data.get("error"):
            raise JanusError(f"the conference room refused: {data['error']}")
        if event.get("jsep"):
            data["jsep"] = event["jsep"]
        return data

    async def _poll(self) -> None:
        while self.session_id is not None:
            try:
                params: dict[str, str | int] = {"maxev": 10}
                if self.token:
                    params["token"] = self.token
                answer = await asyncio.to_thread(
                    self._http.get, f"{self.url}/{self.session_id}", params=params, timeout=45)
                events = answer.json()
            except (requests.RequestException, ValueError) as exc:
                log.warning("conference server events: %s", exc)
                await asyncio.sleep(1)
                continue
            if isinstance(events, dict) and events.get("janus") == "error":
                # The session is gone (Janus restarted) or the token expired: Janus answers at once,
                # so asking again straight away would spin. Ask again a second later.
                log.warning("conference server events refused: %s", events.get("error", {}).get("reason"))
                await asyncio.sleep(1)
                continue
            for event in events if isinstance(events, list) else [events]:
                self._dispatch(event)

    def _dispatch(self, event: dict[str, Any]) -> None:
        waiting = self._waiting.get(str(event.get("transaction")))
        if waiting is not None and event.get("janus") == "event" and not waiting.done():
            waiting.set_result(event)
            return
        listener = self._listeners.get(int(event.get("sender") or 0))
        if listener is not None:
            try:
                listener(event)
            except Exception:
                log.exception("a conference event could not be handled")

    async def close(self) -> None:
        session, self.session_id = self.session_id, None
        if self._poller is not None:
            self._poller.cancel()
        if session is not None:
            with contextlib.suppress(JanusError):
                await self._post(f"/{session}", {"janus": "destroy"})
        self._http.close()
