"""The conference page against a Janus that refuses its event polls (Janus restarted, or the
token expired): the page asks again about once a second instead of flooding the server."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Route

from hub.console import auth
from sync.wire.ids import uuid7
from tests.integration.calls_support import referred, sign_in, start_call
from tests.support.janus import RunningJanus, run_janus, why_no_janus
from tests.support.server import RunningHub, run_hub
from tests.support.station_client import StationClient

pytestmark = [pytest.mark.browser, pytest.mark.timeout(120)]


@pytest.fixture
def sfu_hub(tmp_path: Path) -> Iterator[tuple[RunningHub, RunningJanus]]:
    reason = why_no_janus()
    if reason:
        pytest.skip(f"the conference page is not tested: {reason}")
    with run_janus(tmp_path) as janus, run_hub(f"sqlite:///{tmp_path / 'hub.sqlite3'}", cookie_secure=False,
                                               sfu_url=janus.url, sfu_secret=janus.secret) as hub:
        yield hub, janus


def test_refused_event_polls_are_repeated_about_once_a_second_not_in_a_tight_loop(
        sfu_hub: tuple[RunningHub, RunningJanus], chromium) -> None:
    hub, janus = sfu_hub
    clinic = StationClient.enroll(hub.base_url, hub.new_station("BHU Jhok", "Thatta").code)
    call_id = uuid7()
    start_call(clinic, referred(clinic)["id"], call_id)
    khan = sign_in(hub, "dr.khan", "Dr Sana Khan")
    polls: list[float] = []

    def gone_janus(route: Route) -> None:
        """What the page reaches at Janus's address: a session is made, then Janus forgets it."""
        request = route.request
        if request.method == "GET":
            polls.append(time.monotonic())
            body = {"janus": "error", "session_id": 7, "error": {"code": 458, "reason": "No such session 7"}}
        elif json.loads(request.post_data or "{}").get("janus") == "create":
            body = {"janus": "success", "transaction": "x", "data": {"id": 7}}
        else:
            body = {"janus": "error", "error": {"code": 458, "reason": "No such session 7"}}
        route.fulfill(status=200, content_type="application/json", body=json.dumps(body))

    context = chromium.new_context(viewport={"width": 1366, "height": 768})
    try:
        host = hub.base_url.split("//")[1].split(":")[0]
        context.add_cookies([{"name": auth.SESSION_COOKIE, "value": khan.cookie, "domain": host, "path": "/"}])
        page = context.new_page()
        page.route(janus.url + "**", gone_janus)
        page.goto(f"{hub.base_url}/calls/{call_id}")
        page.wait_for_timeout(3000)
    finally:
        context.close()
    # ~3 polls in 3 s; a page asking again at once makes hundreds.
    assert 1 <= len(polls) <= 6, f"{len(polls)} event polls in 3 s"
