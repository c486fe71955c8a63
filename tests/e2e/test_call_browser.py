"""A video consult between the station (aiortc) and a specialist in a real browser (Debian's Chromium).

The specialist signs in to the console and opens the call page the hub serves; the browser uses
its own WebRTC with Chromium's fake camera and microphone. Nothing leaves the machine: the test
runs itself again inside a fresh network namespace (`unshare -n`, loopback only), which needs root.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from sync.call.events import CallEvent
from sync.call.media import open_local
from sync.call.session import CallSession
from sync.call.speaker import Speaker
from sync.loop import NetworkLoop
from tests.e2e.conftest import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS
from tests.e2e.webrtc_support import WATCH_PEERS, WEBRTC_ARGS, rerun_isolated, wait_for, why_not_isolated
from tests.integration.console_seed import PASSWORD, add_specialist
from tests.support.call_peer import enroll_and_refer, loopback_ice
from tests.support.server import run_hub

pytestmark = [pytest.mark.browser, pytest.mark.root, pytest.mark.timeout(300)]
INSIDE = "TELESTATION_CALL_NETNS"
INBOUND_AUDIO = """
async () => {
  const pc = window.__peers[window.__peers.length - 1];
  if (!pc) return null;
  const stats = await pc.getStats();
  for (const s of stats.values()) {
    if (s.type === "inbound-rtp" && s.kind === "audio")
      return {samples: s.totalSamplesReceived || 0, energy: s.totalAudioEnergy || 0, packets: s.packetsReceived};
  }
  return null;
}
"""
OUTBOUND_AUDIO = """
async () => {
  const pc = window.__peers[window.__peers.length - 1];
  const stats = await pc.getStats();
  for (const s of stats.values()) if (s.type === "outbound-rtp" && s.kind === "audio") return s.packetsSent;
  return 0;
}
"""


def test_the_specialist_sees_and_hears_the_station_in_chromium_and_the_station_sees_the_specialist(
        request: pytest.FixtureRequest, tmp_path: Path) -> None:
    if os.environ.get(INSIDE) != "1":
        reason = (f"needs Debian's Chromium at {CHROMIUM}: apt-get install -y chromium"
                  if not CHROMIUM.exists() else why_not_isolated())
        if reason:
            pytest.skip(reason)
        rerun_isolated(request, INSIDE)
        return
    consult_in_chromium(tmp_path)


def consult_in_chromium(tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    artifacts = ARTIFACTS
    artifacts.mkdir(parents=True, exist_ok=True)
    with loopback_ice(), run_hub(f"sqlite:///{tmp_path / 'hub.sqlite3'}", cookie_secure=False) as hub, \
            sync_playwright() as playwright:
        add_specialist(hub.engine, "dr.khan", "Dr Sana Khan", "Internal medicine")
        case = enroll_and_refer(hub.base_url, hub.new_station().code)
        net = NetworkLoop("call-station").start()
        events: list[CallEvent] = []
        session = CallSession(case.client, case.referral_id, case.patient_id,
                              media=open_local(None, None, synthetic=True), on_event=events.append,
                              speaker=Speaker(backends=()))  # heard through stats, not out loud
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                             args=CHROMIUM_ARGS + WEBRTC_ARGS)
        try:
            starting = net.submit(session.start())
            wait_for(lambda: session.state == "ringing", 30, "the call rings")

            page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
            problems: list[str] = []
            page.on("pageerror", lambda exc: problems.append(str(exc)))
            page.add_init_script(WATCH_PEERS)
            page.goto(f"{hub.base_url}/login")
            page.get_by_label("Username").fill("dr.khan")
            page.get_by_label("Password").fill(PASSWORD)
            page.get_by_role("button", name="Sign in").click()
            expect(page).to_have_url(re.compile(r"/inbox$"))
            page.goto(f"{hub.base_url}/calls/{session.call_id}")

            starting.result(60)
            wait_for(lambda: session.state == "active", 30, "media connects")
            wait_for(lambda: session.frames_received >= 40, 60, "the station receives 40 frames from Chromium")
            wait_for(lambda: session.audio_samples_received >= 48_000 and session.audio_peak > 1000, 30,
                     "the station hears the browser's microphone")

            video = page.locator("#remote-video")
            page.wait_for_function("() => document.getElementById('remote-video').videoWidth > 0", timeout=30_000)
            width = video.evaluate("v => v.videoWidth")
            before = video.evaluate("v => v.currentTime")
            page.wait_for_timeout(1500)
            after = video.evaluate("v => v.currentTime")
            assert width > 0 and after > before, (width, before, after)
            page.wait_for_function(
                f"async () => {{ const a = await ({INBOUND_AUDIO})(); return a && a.samples > 48000 && a.energy > 0; }}",
                timeout=30_000)
            heard = page.evaluate(INBOUND_AUDIO)
            assert heard["samples"] > 48_000 and heard["energy"] > 0, heard
            assert page.evaluate(OUTBOUND_AUDIO) > 50
            expect(page.locator("#call-connection")).to_have_text("Connected")
            page.screenshot(path=str(artifacts / "console-call.png"))

            net.submit(session.hang_up()).result(30)
            expect(page.locator("#call-state")).to_contain_text("Ended", timeout=15_000)
            assert not problems, problems
            record = session.summary()
            assert record["outcome"] == "completed" and record["ended_by"] == "station"
            assert next(e.frame.shape for e in events if e.kind == "remote_frame")[2] == 3
        finally:
            if session.state not in ("ended", "failed"):
                net.submit(session.hang_up()).result(30)
            browser.close()
            net.stop()
