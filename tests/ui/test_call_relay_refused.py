"""The health worker is told, in words and in the interface language, when the relay refuses a call.

A real coturn on loopback (`use-auth-secret` with the hub's secret) whose clock runs two days ahead,
so every credential the hub hands out (valid 24 h) has expired in its eyes; the hub runs relay-only,
so without the relay the call cannot be made. The app's call window must say why.
"""

from __future__ import annotations

import secrets
import shutil
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from sync.call.problems import RELAY_REFUSED
from tests.integration.console_seed import add_specialist
from tests.support import turnrelay
from tests.support.call_peer import loopback_ice
from tests.support.server import run_hub
from tests.ui.test_call_window import DOCTOR, open_clinic, use_synthetic_media
from ui.call import words
from ui.call.launcher import find_launcher

pytestmark = [pytest.mark.timeout(240), pytest.mark.skipif(
    not turnrelay.TURNSERVER.exists() or shutil.which("faketime") is None,
    reason="needs Debian's coturn and faketime: apt-get install -y coturn faketime")]


@pytest.mark.parametrize("language", ["en", "ur"])
def test_an_expired_relay_pass_is_explained_in_the_call_window(
        qtbot: Any, make_app: Any, artifacts: Path, tmp_path: Path, language: str) -> None:
    secret = secrets.token_hex(16)
    with turnrelay.loopback_coturn(secret, tmp_path, faketime="+2d") as turn_url, loopback_ice(), run_hub(
            f"sqlite:///{tmp_path / 'hub.sqlite3'}", cookie_secure=False, turn_urls=(turn_url,),
            turn_secret=secret, ice_transport_policy="relay") as hub:
        add_specialist(hub.engine, DOCTOR[0], DOCTOR[1], DOCTOR[2])
        clinic = open_clinic(qtbot, make_app, hub, artifacts, language)
        use_synthetic_media(clinic)
        page = clinic.referral_page()
        launcher = find_launcher(page)
        qtbot.mouseClick(page.call_panel.start_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: launcher.call_window is not None and launcher.call_window.isVisible(),
                        timeout=10_000)
        window = launcher.call_window
        qtbot.waitUntil(lambda: window.state == "failed", timeout=60_000)
        assert window.status.text() == words.state_text("failed")
        assert window.detail.isVisible() and window.detail.text() == words.media_problem_text(RELAY_REFUSED)
        if language == "ur":
            assert "ریلے سرور" in window.detail.text()
        else:
            assert window.detail.text() == RELAY_REFUSED
        window.resize(1366, 768)
        qtbot.wait(200)
        window.grab().save(str(artifacts / f"call-relay-refused-{language}.png"))
        # coturn says it in its log as it does for an expired or forged credential.
        assert "Cannot find credentials" in (tmp_path / "turnserver.log").read_text(errors="replace")
        qtbot.mouseClick(window.end_button, Qt.MouseButton.LeftButton)
