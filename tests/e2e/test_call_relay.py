"""Video consults through Debian's coturn, the way clinics behind a carrier-grade NAT connect.

The station (aiortc) sits in a clinic network namespace, the specialist's Chromium in a hospital
namespace; they reach each other only through one server address where the hub and coturn run
(tests/support/turnrelay.py). coturn checks the hub's time-limited credentials with the shared
secret (`use-auth-secret`), and iptables counters on its relay ports show the media it carried.
Variants: any path (the relay is the only one that works), relay-only on both sides, TLS on 5349
from a clinic network that drops UDP, and a relay whose clock makes the hub's credentials
expired: both people are told in words.

Needs root, coturn, iptables and Chromium; skipped with the reason otherwise.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from hub.db import make_engine, migrate
from hub.stations import create_station
from sync.call.events import CallEvent
from sync.call.media import open_local
from sync.call.problems import RELAY_REFUSED
from sync.call.session import CallSession
from sync.call.speaker import Speaker
from sync.loop import NetworkLoop
from tests.e2e.conftest import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS
from tests.e2e.webrtc_support import WATCH_PEERS, WEBRTC_ARGS, wait_for
from tests.integration.console_seed import PASSWORD, add_specialist
from tests.support import turnrelay
from tests.support.call_peer import ClinicCase, enroll_and_refer

UNAVAILABLE = turnrelay.why_unavailable() or (
    None if CHROMIUM.exists() else f"needs Debian's Chromium at {CHROMIUM}: apt-get install -y chromium")
pytestmark = [pytest.mark.root, pytest.mark.browser, pytest.mark.timeout(300),
              pytest.mark.skipif(UNAVAILABLE is not None, reason=UNAVAILABLE or "")]
# The pair the browser's connection uses: which kinds of candidate, at each end.
SELECTED_PAIR = """
async () => {
  const pc = window.__peers[window.__peers.length - 1];
  if (!pc) return null;
  const stats = await pc.getStats();
  let pair = null;
  stats.forEach(s => { if (s.type === "transport" && s.selectedCandidatePairId) pair = stats.get(s.selectedCandidatePairId); });
  if (!pair) return null;
  const local = stats.get(pair.localCandidateId), remote = stats.get(pair.remoteCandidateId);
  return {local: local.candidateType, remote: remote.candidateType, relayProtocol: local.relayProtocol || null,
          bytesSent: pair.bytesSent, bytesReceived: pair.bytesReceived};
}
"""


OUT_STATS = """
async () => {
  const pc = window.__peers[window.__peers.length - 1];
  const stats = await pc.getStats();
  const out = [];
  stats.forEach(s => { if (s.type === "outbound-rtp" || s.type === "inbound-rtp") out.push([s.type, s.kind, s.bytesSent, s.bytesReceived, s.qualityLimitationReason]); });
  return out;
}
"""


@dataclass
class Setup:
    nets: turnrelay.RelayNetworks
    base_url: str
    case: ClinicCase
    station_loop: NetworkLoop
    coturn: turnrelay.Coturn


@pytest.fixture
def relay_world(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Any]:
    """Builds the three networks, coturn and the hub; call it with (hub flags, coturn clock)."""
    stack: list[Any] = []

    def build(*hub_flags: str, coturn_clock: str | None = None) -> Setup:
        secret = secrets.token_hex(16)
        db_url = f"sqlite:///{tmp_path / 'hub.sqlite3'}"
        engine = make_engine(db_url)
        migrate(engine)
        add_specialist(engine, "dr.khan", "Dr Sana Khan", "Internal medicine")
        with engine.begin() as conn:
            code = create_station(conn, "BHU Jhok", "Thatta").code
        engine.dispose()
        nets = turnrelay.RelayNetworks().__enter__()
        stack.append(nets)
        coturn = nets.start_coturn(secret, tmp_path, faketime=coturn_clock)
        base = nets.start_hub(db_url, tmp_path / "hub.log", secret, *hub_flags)
        case = turnrelay.call_in(nets.station_ns, enroll_and_refer, base, code)
        loop = turnrelay.call_in(nets.station_ns, lambda: NetworkLoop("call-station").start())
        stack.append(loop)
        return Setup(nets, base, case, loop, coturn)

    yield build
    for item in reversed(stack):
        if isinstance(item, NetworkLoop):
            item.stop()
        else:
            item.__exit__(None, None, None)


def start_call(world: Setup, events: list[CallEvent]) -> CallSession:
    session = CallSession(world.case.client, world.case.referral_id, world.case.patient_id,
                          media=open_local(None, None, synthetic=True), on_event=events.append,
                          speaker=Speaker(backends=()))
    world.station_loop.submit(session.start())
    return session


def open_call_page(playwright: Any, world: Setup, tmp_path: Path, call_id: str) -> tuple[Any, Any, list[str]]:
    from playwright.sync_api import expect

    wrapper = world.nets.chromium_wrapper(tmp_path, CHROMIUM)
    # Plain HTTP on a non-local address is not a secure context: no camera without this flag (a
    # real console is served over HTTPS).
    browser = playwright.chromium.launch(executable_path=str(wrapper), headless=True, args=[
        *CHROMIUM_ARGS, *WEBRTC_ARGS, f"--unsafely-treat-insecure-origin-as-secure={world.base_url}"])
    page = browser.new_context(viewport={"width": 1366, "height": 768}).new_page()
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.add_init_script(WATCH_PEERS)
    page.goto(f"{world.base_url}/login")
    page.get_by_label("Username").fill("dr.khan")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/inbox$"))
    page.goto(f"{world.base_url}/calls/{call_id}")
    return browser, page, problems


def consult_through_the_relay(world: Setup, tmp_path: Path) -> dict[str, Any]:
    """A whole call through coturn; what the browser's selected pair was and what coturn carried."""
    from playwright.sync_api import sync_playwright

    events: list[CallEvent] = []
    session = start_call(world, events)
    wait_for(lambda: session.state in ("ringing", "failed"), 60, "the call rings")
    assert session.state == "ringing", session.words
    with sync_playwright() as playwright:
        browser, page, problems = open_call_page(playwright, world, tmp_path, session.call_id)
        try:
            wait_for(lambda: session.state in ("active", "ended", "failed"), 60, "media connects through the relay")
            assert session.state == "active", (session.words, [(e.kind, e.state, e.words) for e in events][-6:])
            before = world.nets.relayed_bytes()
            try:
                wait_for(lambda: session.frames_received >= 30, 60, "the station sees 30 frames from Chromium")
            except AssertionError:
                # What each end saw, to tell a relay problem from a media one.
                print("browser's pair", page.evaluate(SELECTED_PAIR), "streams", page.evaluate(OUT_STATS),
                      "relayed", world.nets.relayed_bytes(), "coturn log", world.coturn.log_text()[-4000:])
                raise
            wait_for(lambda: session.audio_samples_received >= 48_000 and session.audio_peak > 1000, 30,
                     "the station hears the browser's microphone")
            page.wait_for_function("() => document.getElementById('remote-video').videoWidth > 0", timeout=30_000)
            pair = page.evaluate(SELECTED_PAIR)
            after = world.nets.relayed_bytes()
            world.station_loop.submit(session.hang_up()).result(30)
            assert not problems, problems
        finally:
            if session.state not in ("ended", "failed"):
                world.station_loop.submit(session.hang_up()).result(30)
            browser.close()
    relayed = (after[0] - before[0], after[1] - before[1])
    print(f"selected pair {pair}, relayed into/out of coturn's relay ports {relayed} bytes")
    assert session.summary()["outcome"] == "completed"
    # Both directions of media crossed coturn's relay ports: several tens of kilobytes each way.
    assert relayed[0] > 20_000 and relayed[1] > 20_000, relayed
    return pair


def test_a_call_between_two_networks_that_cannot_reach_each_other_flows_through_coturn(
        relay_world: Any, tmp_path: Path) -> None:
    world = relay_world()
    pair = consult_through_the_relay(world, tmp_path)
    assert "relay" in (pair["local"], pair["remote"]), pair


def test_with_relay_only_both_sides_use_only_relay_candidates(relay_world: Any, tmp_path: Path) -> None:
    world = relay_world("--relay-only")
    pair = consult_through_the_relay(world, tmp_path)
    assert pair["local"] == "relay" and pair["remote"] == "relay", pair


def test_a_clinic_network_that_drops_udp_calls_through_turn_over_tls_on_5349(
        relay_world: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    world = relay_world("--relay-only")
    world.nets.block_udp(world.nets.station_ns)
    # The station trusts the relay's certificate as it would a public CA's (tests use their own CA).
    monkeypatch.setenv("SSL_CERT_FILE", str(world.coturn.ca_file))
    pair = consult_through_the_relay(world, tmp_path)
    assert pair["local"] == "relay" and pair["remote"] == "relay", pair
    assert world.nets.udp_dropped(world.nets.station_ns) > 0, "the clinic's UDP block dropped nothing"
    log = world.coturn.log_text()
    # The station's allocation came over TCP to coturn's TLS port (the only TCP port it listens on
    # for TURN besides 3478, which the station was never given over TCP).
    assert f"tcp or tls connected to: {turnrelay.STATION_IP}" in log and "method=TLSv1" in log, log[-3000:]


def test_an_expired_relay_credential_is_refused_by_coturn_and_both_people_are_told(
        relay_world: Any, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    # coturn's clock two days ahead: every credential the hub hands out (valid 24 h) has expired.
    world = relay_world(coturn_clock="+2d")
    events: list[CallEvent] = []
    session = start_call(world, events)
    wait_for(lambda: any(e.kind == "notice" and e.words == RELAY_REFUSED for e in events)
             or session.state == "failed", 60, "the station is told the relay refused it")
    assert any(e.kind == "notice" and e.words == RELAY_REFUSED for e in events), (session.words, events[-3:])
    with sync_playwright() as playwright:
        browser, page, _problems = open_call_page(playwright, world, tmp_path, session.call_id)
        try:
            expect(page.locator("#call-message")).to_contain_text("relay server refused", timeout=60_000)
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "console-call-relay-refused.png"))
        finally:
            if session.state not in ("ended", "failed"):
                world.station_loop.submit(session.hang_up()).result(30)
            browser.close()
    log = world.coturn.log_text()
    assert "401" in log, log[-3000:]
    assert session.connected_at is None
