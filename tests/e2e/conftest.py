"""Fixtures for browser tests: the real hub served by `telehub serve`, and Debian's Chromium.

Chromium is driven through Playwright's Python API with `executable_path`; no browser is ever
downloaded. Without /usr/bin/chromium the browser tests are skipped with the reason shown.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

CHROMIUM = Path("/usr/bin/chromium")
# Flags measured on this machine kind (see NOTES): no sandbox as root, no GPU, nothing fetched.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


@dataclass
class ServedHub:
    """A hub process listening at `base_url`, on the SQLite database at `db_url`."""

    base_url: str
    db_url: str
    log: Path


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def serve_hub(tmp_path: Path, *extra_args: str) -> Iterator[ServedHub]:
    """`telehub serve` on 127.0.0.1 (a free port) with a fresh SQLite database; stopped afterwards."""
    db_url = f"sqlite:///{tmp_path / 'hub.sqlite3'}"
    port = _free_port()
    log = tmp_path / "hub.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "hub.cli", "serve", "--db", db_url, "--host", "127.0.0.1", "--port", str(port),
             *extra_args],
            stdout=out, stderr=subprocess.STDOUT, cwd=Path(__file__).resolve().parents[2],
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                pytest.fail(f"telehub serve exited early:\n{log.read_text(errors='replace')}")
            try:
                if requests.get(f"{base_url}/api/v1/health", timeout=1).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"telehub serve did not answer within 30 s:\n{log.read_text(errors='replace')}")
            time.sleep(0.1)
        yield ServedHub(base_url=base_url, db_url=db_url, log=log)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


@pytest.fixture
def served_hub(tmp_path: Path) -> Iterator[ServedHub]:
    """`telehub serve` with its defaults on a fresh SQLite database."""
    with serve_hub(tmp_path) as hub:
        yield hub


@pytest.fixture(scope="module")
def chromium() -> Iterator[object]:
    """Debian's Chromium under Playwright (headless); skipped loudly when it is not installed.

    Per module, not per session: Playwright's sync API keeps an asyncio loop marked as running
    in the main thread while it is open, and every later test that calls asyncio.run() would fail.
    """
    if not CHROMIUM.exists():
        pytest.skip(f"browser tests need Debian's Chromium at {CHROMIUM}: run `apt-get install -y chromium`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        _DEVICES.update(playwright.devices)
        try:
            yield browser
        finally:
            browser.close()


_DEVICES: dict[str, dict] = {}


@pytest.fixture
def devices(chromium: object) -> dict[str, dict]:
    """Playwright's device descriptors ("Pixel 5", "iPhone 13", ...): viewport, scale, touch, user agent."""
    return _DEVICES


@pytest.fixture
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
