"""A power cut while typing loses at most the last few seconds: the app is killed with SIGKILL mid-typing
(a real process, a real window under Xvfb) and the next sign-in offers the consultation back."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from station import drafts
from station.store import Store
from tests.conftest import ADMIN_PASSWORD
from tests.e2e.draft_typing_child import TEXT
from tests.ui.clinic_support import ZAINAB, register, seen
from tests.ui.conftest import make_app, sign_in, station_dir, wait_idle  # noqa: F401 (fixtures)

ROOT = Path(__file__).resolve().parents[2]
# The keeper writes every 3 s; on a busy machine a write can wait behind other work.
MAY_LOSE_SECONDS = 6.0


@pytest.fixture
def xvfb():
    """A private X display (the display number chosen by Xvfb itself, so parallel runs never clash)."""
    if shutil.which("Xvfb") is None:
        pytest.skip("Xvfb is not installed (apt-get install xvfb libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0)")
    read, write = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
                              pass_fds=(write,), stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as pipe:
        number = pipe.readline().strip()
    try:
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(10)


def test_the_draft_survives_sigkill_mid_typing(qtbot, xvfb, station_dir, make_app):  # noqa: F811
    with Store.open(station_dir, "admin", ADMIN_PASSWORD) as store:
        patient = register(store, ZAINAB)
    env = {**os.environ, "DISPLAY": xvfb, "QT_QPA_PLATFORM": "xcb", "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen([sys.executable, "-m", "tests.e2e.draft_typing_child", str(station_dir), patient.id,
                              ADMIN_PASSWORD], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True)
    typed_at: list[tuple[float, int]] = []
    try:
        deadline = time.monotonic() + 120
        for line in child.stdout:  # type: ignore[union-attr]
            if line.startswith("typed "):
                typed_at.append((time.monotonic(), int(line.split()[1])))
                if typed_at[-1][0] - typed_at[0][0] >= 10:
                    break
            assert time.monotonic() < deadline, "the app did not start typing within two minutes"
        else:
            pytest.fail(f"the app ended before it was killed: {child.stderr.read()[-2000:]}")  # type: ignore[union-attr]
        child.send_signal(signal.SIGKILL)
        killed_at = time.monotonic()
    finally:
        child.kill()
        child.wait(10)
    assert child.returncode == -signal.SIGKILL

    typed_before = max(n for t, n in typed_at if t <= killed_at - MAY_LOSE_SECONDS)
    with Store.open(station_dir, "admin", ADMIN_PASSWORD) as store:
        [kept] = drafts.waiting(store)
    complaint = kept.state["notes"]["complaint"]
    assert TEXT.startswith(complaint)
    assert len(complaint) >= typed_before, (len(complaint), typed_before, typed_at[-1][1])

    # The next sign-in offers it back, and Continue shows every kept letter.
    app = make_app()
    sign_in(qtbot, app)
    home = app.window.pages["home"]
    qtbot.waitUntil(lambda: home.resume.isVisible(), timeout=10_000)
    assert "Continue the consultation for Zainab Bibi" in seen(home.resume.findChild(
        type(home.answers_banner), "resumeText").text())
    qtbot.mouseClick(home.resume.buttons[kept.id][0], Qt.MouseButton.LeftButton)
    wait_idle(qtbot, app)
    page = app.window.pages["consultation"].page
    qtbot.waitUntil(lambda: page.notes["complaint"].toPlainText() == complaint, timeout=10_000)
