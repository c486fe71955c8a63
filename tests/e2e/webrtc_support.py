"""What the browser call tests share: Chromium's WebRTC flags, a page hook that keeps the page's
peer connections for getStats, waiting, and re-running a test alone in a loopback-only network
namespace (so WebRTC never reaches for a real network)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WEBRTC_ARGS = ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
               "--autoplay-policy=no-user-gesture-required", "--allow-loopback-in-peer-connection"]
# Keeps every RTCPeerConnection the page makes, so the test can read its getStats.
WATCH_PEERS = """
(() => {
  const Native = window.RTCPeerConnection;
  window.__peers = [];
  window.RTCPeerConnection = function (...args) {
    const pc = new Native(...args);
    window.__peers.push(pc);
    return pc;
  };
  window.RTCPeerConnection.prototype = Native.prototype;
})();
"""


def wait_for(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {seconds} s: {what}")
        time.sleep(0.1)


def why_not_isolated() -> str | None:
    """Why this test cannot run in its own network namespace here (None when it can)."""
    if os.geteuid() != 0:
        return "runs the browser in its own network namespace (unshare -n), which needs root"
    if shutil.which("unshare") is None or shutil.which("ip") is None:
        return "needs unshare (util-linux) and ip (iproute2)"
    return None


def rerun_isolated(request: pytest.FixtureRequest, inside: str) -> None:
    """Run this same test again, alone, in a network namespace that has only loopback."""
    node = f"{Path(request.node.fspath).relative_to(ROOT)}::{request.node.name}"
    done = subprocess.run(
        ["unshare", "-n", "sh", "-c", 'ip link set lo up && exec "$0" -m pytest -q -p no:cacheprovider "$1"',
         sys.executable, node],
        cwd=ROOT, env={**os.environ, inside: "1"}, capture_output=True, text=True, timeout=280, check=False)
    assert done.returncode == 0, f"inside the namespace:\n{done.stdout[-6000:]}\n{done.stderr[-3000:]}"
    assert re.search(r"\b1 passed\b", done.stdout), done.stdout[-3000:]
