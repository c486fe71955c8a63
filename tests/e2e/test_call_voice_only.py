"""Voice only in both directions: the specialist's Chromium stops sending video when the station's
quality policy goes voice-only, and sends it again when the link recovers.

The station (aiortc) is on the clinic side of the link emulator (tests/support/linkemu.py); the
hub and Chromium (fake camera and microphone) on the other. The call starts on EDGE, the link
then falls below EDGE (48 kbit/s, 800 ms, 3% loss), then recovers. Figures come from Chromium's
getStats: the bytes of its outbound video and the voice it receives.

Needs root (namespaces, TUN) and Chromium; skipped with the reason otherwise.
"""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from hub.db import make_engine, migrate
from hub.stations import create_station
from sync.call import profile
from sync.call.events import CallEvent
from sync.call.media import open_local
from sync.call.session import CallSession
from sync.call.speaker import Speaker
from sync.loop import NetworkLoop
from tests.e2e.conftest import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS
from tests.e2e.webrtc_support import WATCH_PEERS, WEBRTC_ARGS, wait_for
from tests.integration.console_seed import PASSWORD, add_specialist
from tests.support import linkemu
from tests.support.call_peer import ClinicCase, enroll_and_refer

UNAVAILABLE = linkemu.why_unavailable() or (
    None if CHROMIUM.exists() else f"needs Debian's Chromium at {CHROMIUM}: apt-get install -y chromium")
pytestmark = [pytest.mark.root, pytest.mark.browser, pytest.mark.timeout(600),
              pytest.mark.skipif(UNAVAILABLE is not None, reason=UNAVAILABLE or "")]
HUB_URL = f"http://{linkemu.HUB_IP}:8000"
# What the page's connection has sent and received so far, per kind.
COUNTERS = """
async () => {
  const pc = window.__peers[window.__peers.length - 1];
  if (!pc) return null;
  const out = {videoSent: 0, audioSent: 0, audioReceived: 0, audioPackets: 0};
  (await pc.getStats()).forEach(s => {
    if (s.type === "outbound-rtp" && s.kind === "video") out.videoSent += s.bytesSent || 0;
    if (s.type === "outbound-rtp" && s.kind === "audio") out.audioSent += s.packetsSent || 0;
    if (s.type === "inbound-rtp" && s.kind === "audio") {
      out.audioReceived += s.totalSamplesReceived || 0;
      out.audioPackets += s.packetsReceived || 0;
    }
  });
  return out;
}
"""


@dataclass
class Rural:
    link: linkemu.Link
    case: ClinicCase
    station_loop: NetworkLoop
    chromium: Path  # a wrapper that starts Chromium on the hub's side of the link


@pytest.fixture
def edge(tmp_path: Path) -> Iterator[Rural]:
    db_url = f"sqlite:///{tmp_path / 'hub.sqlite3'}"
    engine = make_engine(db_url)
    migrate(engine)
    add_specialist(engine, "dr.khan", "Dr Sana Khan", "Internal medicine")
    with engine.begin() as conn:
        code = create_station(conn, "BHU Jhok", "Thatta").code
    engine.dispose()
    with linkemu.Link(linkemu.EDGE_CALL) as link:
        hub = link.start_hub(db_url, tmp_path / "hub.log")
        loop: NetworkLoop | None = None
        try:
            case = link.call_in(link.hub_ns, enroll_and_refer, HUB_URL, code)
            loop = link.call_in(link.station_ns, lambda: NetworkLoop("call-station").start())
            wrapper = tmp_path / "chromium-beside-the-hub"
            wrapper.write_text(f'#!/bin/sh\nexec ip netns exec {link.hub_ns} {CHROMIUM} "$@"\n')
            wrapper.chmod(0o755)
            yield Rural(link, case, loop, wrapper)
        finally:
            if loop is not None:
                loop.stop()
            hub.terminate()
            hub.wait(10)
            profile.restore_defaults()


def counters(page: Any) -> dict[str, float]:
    got = page.evaluate(COUNTERS)
    assert got is not None, "the page has no peer connection"
    return got


def video_sent_in(page: Any, seconds: float) -> int:
    """Bytes of video the browser sent over the next `seconds`."""
    before = counters(page)["videoSent"]
    page.wait_for_timeout(seconds * 1000)
    return counters(page)["videoSent"] - before


def test_the_specialists_browser_stops_its_video_when_the_station_goes_voice_only_and_resumes_after(
        edge: Rural) -> None:
    from playwright.sync_api import expect, sync_playwright

    events: list[CallEvent] = []
    session = CallSession(edge.case.client, edge.case.referral_id, edge.case.patient_id,
                          media=open_local(None, None, synthetic=True), on_event=events.append,
                          speaker=Speaker(backends=()))
    edge.station_loop.submit(session.start())
    wait_for(lambda: session.state in ("ringing", "failed"), 60, "the call rings")
    assert session.state == "ringing", session.words
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(edge.chromium), headless=True, args=[
            *CHROMIUM_ARGS, *WEBRTC_ARGS, f"--unsafely-treat-insecure-origin-as-secure={HUB_URL}"])
        try:
            page = browser.new_context(viewport={"width": 1366, "height": 768}).new_page()
            problems: list[str] = []
            page.on("pageerror", lambda exc: problems.append(str(exc)))
            page.add_init_script(WATCH_PEERS)
            page.goto(f"{HUB_URL}/login", timeout=60_000)
            page.get_by_label("Username").fill("dr.khan")
            page.get_by_label("Password").fill(PASSWORD)
            page.get_by_role("button", name="Sign in").click()
            expect(page).to_have_url(re.compile(r"/inbox$"), timeout=60_000)
            page.goto(f"{HUB_URL}/calls/{session.call_id}", timeout=60_000)
            root = page.locator("#call")

            wait_for(lambda: session.state in ("active", "failed", "ended"), 90, "media connects over EDGE")
            assert session.state == "active", session.words
            sending = video_sent_in(page, 6)
            assert sending > 20_000, f"on EDGE the browser sent only {sending} bytes of video in 6 s"

            edge.link.change(linkemu.BELOW_EDGE)
            wait_for(lambda: session.level == "audio_only" or session.state != "active", 90,
                     "the station's policy goes voice-only below EDGE")
            assert session.state == "active", session.words
            went = time.monotonic()
            expect(root).to_have_attribute("data-level", "audio_only", timeout=30_000)
            told = time.monotonic() - went
            # The encoder stops at once; retransmissions the station asked for before drain for a few seconds.
            while video_sent_in(page, 1) > 300:
                assert time.monotonic() - went < 40, "the browser's video never stopped"
            stopped = time.monotonic() - went
            paused = video_sent_in(page, 5)
            expect(page.locator("#local-paused")).to_be_visible()
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "console-call-voice-only.png"))
            page.set_viewport_size({"width": 393, "height": 851})
            page.screenshot(path=str(ARTIFACTS / "console-call-voice-only-phone.png"), full_page=True)
            page.set_viewport_size({"width": 1366, "height": 768})

            # Voice only for 20 s: both voices keep arriving.
            heard_before, station_before = counters(page), session.audio_samples_received
            page.wait_for_timeout(20_000)
            heard_after = counters(page)
            browser_voice = (heard_after["audioPackets"] - heard_before["audioPackets"]) / (50 * 20)
            station_voice = (session.audio_samples_received - station_before) / (48_000 * 20)
            assert session.state == "active", session.words

            edge.link.change(linkemu.EDGE_CALL)
            wait_for(lambda: session.level != "audio_only" or session.state != "active", 120,
                     "the station's policy steps back up once the link recovers")
            assert session.state == "active", (session.words, session.summary())
            expect(root).not_to_have_attribute("data-level", "audio_only", timeout=30_000)
            page.wait_for_timeout(2000)
            resumed = video_sent_in(page, 6)
            levels = [e.level for e in events if e.kind == "quality"]
            report = (f"browser video: {sending} B/6 s on EDGE, {paused} B/5 s voice-only (told in {told:.1f} s, "
                      f"stopped {stopped:.1f} s after the station went voice-only), {resumed} B/6 s after recovery; voice arriving: browser "
                      f"{browser_voice:.0%}, station {station_voice:.0%}; levels {levels}; link {edge.link.stats()}")
            print(report, file=sys.stderr)
            # Told over the congested link (3-5 s), then what Chromium had queued drains.
            assert paused < 1_000 and stopped < 15, report
            assert resumed > 5_000, report
            assert browser_voice >= 0.7 and station_voice >= 0.7, report
            assert not problems, problems
            edge.station_loop.submit(session.hang_up()).result(30)
        finally:
            if session.state not in ("ended", "failed"):
                edge.station_loop.submit(session.hang_up()).result(30)
            browser.close()
    assert session.summary()["audio_only"] is True
