"""A case conference through the hub's SFU: one station (aiortc) and three specialists in Chromium.

Janus (Debian's package) runs with a config of its own in the test's temp folder, on free ports.
The station receives one picture, the active speaker's (a specialist's). Everyone receives the station's picture (frames decoded, from getStats in each browser) and
voice (the AudioBridge mix: bytes and energy); each specialist sees the other two. The station
sends one picture and one voice, whatever the number of specialists: measured at the station
(outbound-rtp bytes) with one specialist and with three. The test runs itself again inside a
network namespace of its own (Janus offers no loopback candidates), which needs root.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.webrtc_support import why_not_isolated
from tests.support.conference import CHROMIUM, run_conference
from tests.support.janus import rerun_in_namespace, why_no_janus

pytestmark = [pytest.mark.browser, pytest.mark.root, pytest.mark.timeout(500)]
INSIDE = "TELEHUB_CONFERENCE_NETNS"
ROOT = Path(__file__).resolve().parents[2]


def test_three_specialists_see_and_hear_the_station_which_sends_one_stream(
        request: pytest.FixtureRequest, tmp_path: Path) -> None:
    if os.environ.get(INSIDE) != "1":
        reason = (why_no_janus() or (f"needs Debian's Chromium at {CHROMIUM}: apt-get install -y chromium"
                                     if not CHROMIUM.exists() else None) or why_not_isolated())
        if reason:
            pytest.skip(f"conference call through Janus not tested: {reason}")
        node = f"{Path(request.node.fspath).relative_to(ROOT)}::{request.node.name}"
        done = rerun_in_namespace(node, INSIDE, ROOT)
        assert done.returncode == 0, f"inside the namespace:\n{done.stdout[-8000:]}\n{done.stderr[-3000:]}"
        assert "1 passed" in done.stdout, done.stdout[-3000:]
        return
    figures = run_conference(tmp_path, specialists=3, measure_seconds=8, screenshots=ARTIFACTS)
    for index, got in enumerate(figures.received):
        assert got["stationFrames"] >= 30, (index, got)
        assert got["voiceBytes"] > 2000 and got["voiceEnergy"] > 0, (index, got)
        assert got["feeds"] == 3, f"specialist {index} should see the station and the two others: {got}"
        assert got["outboundVideo"] > 0, (index, got)
    # The station receives one picture only (the active speaker's), not three.
    assert figures.station_frames > 20 and figures.station_pictures == 1, (figures.station_frames,
                                                                           figures.station_pictures)
    # One picture and one voice from the station, whether one or three specialists watch.
    assert figures.outbound_streams == {1: 2, 3: 2}, figures.outbound_streams
    one, three = figures.uplink_kbps[1], figures.uplink_kbps[3]
    assert one > 20, figures.uplink_kbps
    assert three < one * 1.5, f"the station's uplink grew with the specialists: {figures.uplink_kbps}"
    # The minutes: the station and the three specialists, each with when they joined and left.
    roles = [p["role"] for p in figures.participants]
    assert roles.count("station") == 1 and roles.count("specialist") == 3, figures.participants
    assert all(p["left_at"] is not None and p["left_at"] >= p["joined_at"] for p in figures.participants)
