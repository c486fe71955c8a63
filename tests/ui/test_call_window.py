"""Video consults from the desktop app: the health worker calls the specialist from a referral.

Everything is real: the app's widgets (offscreen), its DB worker and network loop, a hub served by
uvicorn on 127.0.0.1, the station enrolled through Settings, the referral sent with "Sync now",
and a specialist who joins through the console's signaling socket with aiortc (synthetic picture
and tone; tests/support/call_peer.py). The station side uses sync.call's synthetic media because
the test machine has no camera, and the specialist's voice plays nowhere (a silent
sync.call.speaker.Speaker: a machine with a sound card must not sound tones); everything after the
devices is the path a real call takes.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from hub import tables as hub_tables
from hub.console import auth
from station import call_journal
from station.calls import Call
from station.records import Referral
from sync.call.devices import Device, Devices
from sync.call.media import open_local
from sync.call.speaker import NO_SPEAKER, Speaker
from sync.wire.ids import uuid7
from tests.integration.console_seed import PASSWORD, add_specialist
from tests.support.call_peer import Specialist, console_cookies, loopback_ice
from tests.support.server import RunningHub, run_hub
from tests.ui import day_steps as steps
from tests.ui.clinic_support import ASLAM, HEADSET, referred, register, run, seen
from tests.ui.conftest import sign_in, wait_idle
from ui.call import words
from ui.call.launcher import find_launcher
from ui.call.window import CallWindow

pytestmark = pytest.mark.timeout(240)
DOCTOR = ("sana", "Dr Sana Baloch", "pulmonology")


@dataclass
class Clinic:
    """The running app, signed in as the administrator, enrolled, with one referral."""

    app: Any
    hub: RunningHub
    qtbot: Any
    artifacts: Path
    language: str
    referral: Referral

    def settle(self) -> None:
        wait_idle(self.qtbot, self.app)

    def day(self) -> steps.Day:
        return steps.Day(self.app, self.hub, self.qtbot, self.artifacts, self.language)

    def referral_page(self, referral: Referral | None = None) -> Any:
        self.app.window.show_page("referral", (referral or self.referral).id)
        self.settle()
        page = self.app.window.pages["referral"].page
        self.qtbot.waitUntil(lambda: page.call_panel.info is not None, timeout=10_000)
        return page

    def sync(self) -> None:
        """Press "Sync now" (once the bar allows it) and wait until that sync has finished."""
        button = self.app.window.shell.sync_bar.sync_now
        self.qtbot.waitUntil(button.isEnabled, timeout=30_000)
        before = self.last_sync()
        self.qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        self.qtbot.waitUntil(lambda: self.last_sync() != before, timeout=30_000)

    def last_sync(self) -> str | None:
        return run(self.qtbot, self.app.ops, lambda s: s.meta("sync_last_attempt"))

    def rows(self, cls: type, where: str | None = None, args: list[Any] | None = None) -> list[Any]:
        return self.day().rows(cls, where, args)

    def outbox_state(self, record_id: str) -> str | None:
        found = run(self.qtbot, self.app.ops, lambda s: s.conn.execute(
            "SELECT state FROM outbox WHERE record_id = ? ORDER BY seq DESC", (record_id,)).fetchone())
        return found[0] if found else None


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[RunningHub]:
    with run_hub(f"sqlite:///{tmp_path / 'hub.sqlite3'}", cookie_secure=False, call_ring_seconds=6) as running:
        add_specialist(running.engine, DOCTOR[0], DOCTOR[1], DOCTOR[2])
        yield running


def open_clinic(qtbot: Any, make_app: Any, hub: RunningHub, artifacts: Path, language: str = "en",
                enroll: bool = True, sync: bool = True) -> Clinic:
    app = make_app(language)
    sign_in(qtbot, app)
    referral = run(qtbot, app.ops, lambda s: referred(s, register(s, ASLAM)))
    clinic = Clinic(app, hub, qtbot, artifacts, language, referral)
    if enroll:
        steps.enroll_in_settings(clinic.day())
    if enroll and sync:
        clinic.sync()
        qtbot.waitUntil(lambda: clinic.rows(Referral)[0].status == "sent", timeout=30_000)
    return clinic


def use_synthetic_media(clinic: Clinic, video: bool = True) -> None:
    """The station's camera and microphone: sync.call.media's moving picture and tone; its speaker
    (the one chosen in Settings) plays nowhere."""
    launcher = find_launcher(clinic.app.window)
    assert launcher is not None
    assert launcher.speaker_factory is None, "the app plays the specialist on this computer's speaker"
    launcher.media_factory = lambda _start: open_local(None, None, synthetic=True, video=video)
    launcher.speaker_factory = lambda start: Speaker(start.speaker or None, backends=())


def choose_in_settings(clinic: Clinic, combo_name: str, device: Device, found: Devices) -> None:
    """The administrator picks `device` in Settings (from the list `found`, as if the computer had it)."""
    settings = clinic.app.admin_page.settings
    combo = getattr(settings, combo_name)
    # The computer's own listing first (it would replace the choices shown below when it comes back).
    clinic.qtbot.waitUntil(lambda: combo.itemText(0) != settings.tr("Looking…"), timeout=20_000)
    settings.show_devices(found)
    index = combo.findData(device.id)
    assert index >= 0 and combo.isEnabled()
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def start_from_the_referral_page(clinic: Clinic) -> CallWindow:
    page = clinic.referral_page()
    assert page.call_panel.start_button.isEnabled(), page.call_panel.reason.text()
    launcher = find_launcher(page)
    clinic.qtbot.mouseClick(page.call_panel.start_button, Qt.MouseButton.LeftButton)
    clinic.qtbot.waitUntil(lambda: launcher.call_window is not None and launcher.call_window.isVisible(),
                           timeout=10_000)
    window = launcher.call_window
    clinic.qtbot.waitUntil(lambda: window.state == "ringing", timeout=30_000)
    return window


def specialist_joins(clinic: Clinic, window: CallWindow) -> Specialist:
    """The specialist opens the ringing call in the console and answers (aiortc on the app's loop)."""
    doctor = Specialist(clinic.hub.base_url, console_cookies(clinic.hub.base_url, DOCTOR[0], PASSWORD))
    joined = clinic.app.net.run_coroutine(doctor.join(window.session.call_id))
    clinic.qtbot.waitUntil(joined.done, timeout=30_000)
    joined.result()
    return doctor


def on_the_loop(clinic: Clinic, coro: Any) -> Any:
    future = clinic.app.net.run_coroutine(coro)
    clinic.qtbot.waitUntil(future.done, timeout=20_000)
    return future.result()


# -- the button on the referral page ----------------------------------------------------------------
def test_the_call_button_says_why_it_waits_until_the_station_is_enrolled_and_the_referral_synced(
        qtbot, make_app, hub, artifacts) -> None:
    clinic = open_clinic(qtbot, make_app, hub, artifacts, enroll=False)
    page = clinic.referral_page()
    panel = page.call_panel
    assert not panel.start_button.isEnabled()
    assert panel.reason.isVisible() and "not connected to a hub" in panel.reason.text()

    # Enrolling sends the waiting referral at once; then the button is ready.
    clinic.app.window.grab().save(str(artifacts / "screen_referral_call_blocked_en.png"))
    steps.enroll_in_settings(clinic.day())
    clinic.referral_page()
    qtbot.waitUntil(lambda: panel.start_button.isEnabled(), timeout=30_000)
    assert not panel.reason.isVisible()
    assert panel.start_button.text() == "Start video consult"

    # A referral made while nothing is being sent waits for "Sync now".
    clinic.app.stop_sync()
    second = run(qtbot, clinic.app.ops, lambda s: referred(s, register(s, {**ASLAM, "name": "Rukhsana",
                                                                          "cnic": None, "phone": None,
                                                                          "sex": "female"})))
    clinic.referral_page(second)
    assert panel.info.referral_id == second.id
    assert not panel.start_button.isEnabled()
    assert panel.reason.text() == "Sync first: the specialist cannot see this referral yet"
    assert panel.start_button.toolTip() == panel.reason.text()
    clinic.sync()
    qtbot.waitUntil(lambda: panel.start_button.isEnabled(), timeout=30_000)
    assert not panel.reason.isVisible()


# -- a whole call, step by step ----------------------------------------------------------------------
def in_a_connected_call(clinic: Clinic) -> tuple[CallWindow, Specialist]:
    """The health worker calls from the referral page and the specialist answers; pictures flow."""
    window = start_from_the_referral_page(clinic)
    doctor = specialist_joins(clinic, window)
    qtbot = clinic.qtbot
    qtbot.waitUntil(lambda: window.state == "active", timeout=30_000)
    qtbot.waitUntil(lambda: not window.remote.pixmap().isNull(), timeout=20_000)
    qtbot.waitUntil(lambda: doctor.received.frames >= 10 and doctor.received.audio_samples > 0, timeout=20_000)
    return window, doctor


def video_while_voice_goes_on(clinic: Clinic, doctor: Specialist, seconds: float = 1.0) -> int:
    """Frames the specialist receives while `seconds` of the station's voice reach them: the voice
    is the link's own clock, so this waits on what arrives, not on a fixed sleep."""
    frames, samples = doctor.received.frames, doctor.received.audio_samples
    clinic.qtbot.waitUntil(lambda: doctor.received.audio_samples >= samples + int(48_000 * seconds),
                           timeout=20_000)
    return doctor.received.frames - frames


@pytest.mark.parametrize("language", ["en", "ur"])
def test_a_ringing_call_plays_through_the_speaker_chosen_in_settings_and_says_when_it_cannot(
        qtbot, make_app, hub, artifacts, language) -> None:
    with loopback_ice():
        clinic = open_clinic(qtbot, make_app, hub, artifacts, language)
        use_synthetic_media(clinic)
        choose_in_settings(clinic, "speaker", HEADSET, Devices(speakers=[Device("default", "System default"),
                                                                        HEADSET]))
        window = start_from_the_referral_page(clinic)
        assert window.status.text() == words.state_text("ringing")
        assert window.remote.pixmap().isNull()
        # The call plays through the speaker chosen in Settings; this one plays nowhere, so the health
        # worker is told, in the interface language, that the specialist will not be heard.
        assert window.session.speaker_device == HEADSET.id and window.session.speaker.device_id == HEADSET.id
        qtbot.waitUntil(lambda: window.notice.isVisible(), timeout=10_000)
        assert window.session.speaker.problem == NO_SPEAKER
        assert window.notice.text() == words.media_problem_text(NO_SPEAKER)
        if language == "ur":
            assert window.notice.text() != NO_SPEAKER and "اسپیکر" in window.notice.text()
        else:
            assert window.notice.text() == NO_SPEAKER
        qtbot.mouseClick(window.end_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: window.summary is not None, timeout=20_000)


@pytest.mark.parametrize("language", ["en", "ur"])
def test_a_connected_call_shows_both_pictures_laid_out_for_the_language(
        qtbot, make_app, hub, artifacts, language) -> None:
    with loopback_ice():
        clinic = open_clinic(qtbot, make_app, hub, artifacts, language)
        use_synthetic_media(clinic)
        window, _doctor = in_a_connected_call(clinic)
        qtbot.waitUntil(lambda: not window.local.pixmap().isNull(), timeout=20_000)
        assert window.status.text() == words.state_text("active")
        assert window.chip.isVisible() and window.chip.text() == words.quality_chip("good")
        qtbot.waitUntil(lambda: window.clock.text() != "", timeout=5_000)
        # Pictures keep arriving and the window keeps up (it shows the newest, never a backlog).
        shown = window.remote.frames_shown
        qtbot.waitUntil(lambda: window.remote.frames_shown > shown + 3, timeout=10_000)
        assert window.bridge.remote.received >= window.remote.frames_shown

        window.resize(960, 720)
        qtbot.waitUntil(lambda: window.local.width() == max(120, window.stage.width() // 4)
                        and window.stage.width() > 600, timeout=5_000)
        window.grab().save(str(artifacts / f"screen_call_{language}.png"))
        if language == "ur":
            assert window.isRightToLeft()
            # The preview sits at the line's end (left in Urdu); End call at the far left.
            assert window.local.geometry().center().x() < window.stage.width() / 2
            assert window.end_button.x() < window.mute_button.x()
            assert window.mute_button.text() != "Mute"
        else:
            assert window.local.geometry().center().x() > window.stage.width() / 2
            assert window.end_button.x() > window.mute_button.x()
        for button in (window.mute_button, window.camera_button, window.audio_button, window.end_button):
            assert button.height() >= 48 and button.width() >= button.sizeHint().width()
        qtbot.mouseClick(window.end_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: window.summary is not None, timeout=20_000)


def test_mute_camera_off_and_audio_only_act_at_the_source_and_the_specialist_sees_it(
        qtbot, make_app, hub, artifacts) -> None:
    with loopback_ice():
        clinic = open_clinic(qtbot, make_app, hub, artifacts)
        use_synthetic_media(clinic)
        window, doctor = in_a_connected_call(clinic)
        media = window.session.media

        # Mute: the microphone goes quiet at the source; the window says so until unmuted.
        qtbot.mouseClick(window.mute_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: media.audio.muted is True, timeout=5_000)
        assert window.muted_note.isVisible()
        qtbot.mouseClick(window.mute_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: media.audio.muted is False, timeout=5_000)
        assert not window.muted_note.isVisible()

        # Camera off: the camera itself is closed (its light goes off), so no picture is made and the
        # specialist receives none (one already on its way at most); on again, the pictures come back.
        qtbot.mouseClick(window.camera_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: media.video.camera_closed and media.video.source is None, timeout=5_000)
        made = media.video.frames_out
        assert video_while_voice_goes_on(clinic, doctor) <= 1
        assert media.video.frames_out == made
        assert window.local.pixmap().isNull()
        qtbot.mouseClick(window.camera_button, Qt.MouseButton.LeftButton)
        frames = doctor.received.frames
        qtbot.waitUntil(lambda: doctor.received.frames >= frames + 3, timeout=15_000)
        assert not media.video.camera_closed

        # Audio only by hand: no video leaves the station; the specialist is told.
        qtbot.mouseClick(window.audio_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: window.level == "audio_only", timeout=5_000)
        assert window.status.text() == words.quality_text("audio_only")
        qtbot.waitUntil(lambda: "audio_only" in doctor.quality_reports(), timeout=10_000)
        assert video_while_voice_goes_on(clinic, doctor) <= 1
        qtbot.mouseClick(window.audio_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: window.level == "good", timeout=5_000)
        frames = doctor.received.frames
        qtbot.waitUntil(lambda: doctor.received.frames >= frames + 3, timeout=15_000)


def test_an_ended_call_is_recorded_and_its_record_reaches_the_hub(qtbot, make_app, hub, artifacts) -> None:
    with loopback_ice():
        clinic = open_clinic(qtbot, make_app, hub, artifacts)
        use_synthetic_media(clinic)
        window, doctor = in_a_connected_call(clinic)
        qtbot.mouseClick(window.audio_button, Qt.MouseButton.LeftButton)  # voice only for a while, by hand
        qtbot.waitUntil(lambda: window.level == "audio_only", timeout=5_000)
        qtbot.mouseClick(window.audio_button, Qt.MouseButton.LeftButton)
        # A call of a few seconds.
        qtbot.waitUntil(lambda: time.monotonic() - window.connected_at >= 3.5, timeout=10_000)
        qtbot.mouseClick(window.end_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: window.state == "ended", timeout=20_000)
        qtbot.waitUntil(lambda: doctor.ended.is_set(), timeout=20_000)
        assert window.end_button.text() == window.tr("Close")
        assert not window.mute_button.isEnabled()

        # The record is saved with the call's facts, and leaves with the next sync.
        qtbot.waitUntil(lambda: len(clinic.rows(Call)) == 1, timeout=10_000)
        [call] = clinic.rows(Call)
        assert (call.referral_id, call.outcome, call.ended_by, call.started_by) == (
            clinic.referral.id, "completed", "station", "admin")
        assert call.id == window.session.call_id == window.call_id
        assert call.duration_seconds is not None and call.duration_seconds >= 3
        # Voice only for a while (chosen by hand); the link itself, on loopback, was never weak.
        assert call.audio_only is True and call.quality == "good"
        assert window.status.text() == words.ended_text(call.duration_seconds, True)
        qtbot.waitUntil(lambda: window.notice.isVisible() and "saved" in window.notice.text().lower(),
                        timeout=5_000)

        clinic.sync()
        qtbot.waitUntil(lambda: clinic.outbox_state(call.id) == "acked", timeout=30_000)
        with hub.engine.connect() as conn:
            row = conn.execute(select(hub_tables.records.c.payload).where(
                hub_tables.records.c.entity == "call", hub_tables.records.c.id == call.id)).first()
        assert row is not None, "the hub has the call record"

        # The referral page lists the call.
        page = clinic.referral_page()
        qtbot.waitUntil(lambda: page.call_panel.history.isVisible(), timeout=10_000)
        assert seen(words.duration_text(call.duration_seconds)) in seen(page.call_panel.history.text())
        qtbot.mouseClick(window.end_button, Qt.MouseButton.LeftButton)  # now "Close"
        assert not window.isVisible()


def test_without_a_camera_the_call_is_voice_only_and_the_specialist_can_end_it(
        qtbot, make_app, hub, artifacts) -> None:
    with loopback_ice():
        clinic = open_clinic(qtbot, make_app, hub, artifacts)
        use_synthetic_media(clinic, video=False)
        window = start_from_the_referral_page(clinic)
        qtbot.waitUntil(lambda: not window.has_camera, timeout=10_000)
        assert "voice only" in window.local.message()
        assert window.notice.isVisible() and "voice only" in window.notice.text()
        # Two things missing: both said, once each, whichever the call found first.
        qtbot.waitUntil(lambda: NO_SPEAKER in window.notice.text(), timeout=10_000)
        assert window.notice.text().count("voice only") == 1 and window.notice.text().count(NO_SPEAKER) == 1
        assert not window.camera_button.isEnabled() and window.camera_button.text() == "No camera"
        assert not window.audio_button.isEnabled()

        doctor = specialist_joins(clinic, window)
        qtbot.waitUntil(lambda: not window.remote.pixmap().isNull(), timeout=30_000)  # still sees the specialist
        assert window.local.pixmap().isNull()
        qtbot.waitUntil(lambda: doctor.received.audio_samples > 0, timeout=20_000)
        assert doctor.received.frames == 0

        # The specialist presses "End call": a bye through the hub, and their media closes at once
        # (as the console page does). The station tells that from a dropped link.
        on_the_loop(clinic, doctor.hang_up())
        qtbot.waitUntil(lambda: window.state == "ended", timeout=20_000)
        assert window.detail.text() == "The specialist ended the call."
        qtbot.waitUntil(lambda: len(clinic.rows(Call)) == 1, timeout=10_000)
        [call] = clinic.rows(Call)
        assert (call.outcome, call.ended_by, call.audio_only) == ("completed", "specialist", True)


def test_a_call_nobody_answers_is_recorded_as_missed(qtbot, make_app, hub, artifacts) -> None:
    with loopback_ice():
        clinic = open_clinic(qtbot, make_app, hub, artifacts)
        use_synthetic_media(clinic)
        window = start_from_the_referral_page(clinic)
        qtbot.waitUntil(lambda: window.summary is not None, timeout=30_000)  # the hub rings for 6 s here
        assert not window.in_call and window.end_button.text() == "Close"
        assert window.status.text() == words.state_text("missed")
        assert "did not answer" in window.detail.text()
        qtbot.waitUntil(lambda: len(clinic.rows(Call)) == 1, timeout=10_000)
        [call] = clinic.rows(Call)
        assert (call.outcome, call.connected_at, call.duration_seconds) == ("missed", None, None)
        # A missed call can be tried again: the button opens a new call.
        qtbot.mouseClick(window.end_button, Qt.MouseButton.LeftButton)
        again = start_from_the_referral_page(clinic)
        assert again is not window and again.session.call_id != call.id
        qtbot.mouseClick(again.end_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: len(clinic.rows(Call)) == 2, timeout=20_000)
        assert {c.outcome for c in clinic.rows(Call)} == {"missed", "cancelled"}


def test_locking_the_station_ends_the_call_hides_it_and_keeps_its_record(qtbot, make_app, hub, artifacts) -> None:
    with loopback_ice():
        clinic = open_clinic(qtbot, make_app, hub, artifacts)
        use_synthetic_media(clinic)
        window = start_from_the_referral_page(clinic)
        doctor = specialist_joins(clinic, window)
        qtbot.waitUntil(lambda: window.state == "active", timeout=30_000)
        clinic.app.lock()
        qtbot.waitUntil(lambda: not window.isVisible(), timeout=5_000)
        qtbot.waitUntil(lambda: doctor.ended.is_set(), timeout=20_000)
        qtbot.waitUntil(lambda: window.summary is not None, timeout=20_000)
        sign_in(qtbot, clinic.app)
        qtbot.waitUntil(lambda: len(clinic.rows(Call)) == 1, timeout=10_000)
        clinic.settle()  # what sign-in started (saving the kept record, then recovering) has run
        # The note of the call in progress went with the record: nothing is recovered.
        [call] = clinic.rows(Call)
        assert (call.outcome, call.ended_by) == ("completed", "station")
        assert run(qtbot, clinic.app.ops, call_journal.pending) is None


def test_a_call_the_station_never_saw_end_is_recorded_at_the_next_sign_in(
        qtbot, make_app, hub, artifacts, monkeypatch) -> None:
    with loopback_ice():
        clinic = open_clinic(qtbot, make_app, hub, artifacts)
        use_synthetic_media(clinic)
        window = start_from_the_referral_page(clinic)
        specialist_joins(clinic, window)
        qtbot.waitUntil(lambda: window.state == "active", timeout=30_000)
        qtbot.waitUntil(lambda: (run(qtbot, clinic.app.ops, call_journal.pending) or {}).get("connected_at")
                        is not None, timeout=10_000)
        # The power goes: the call's end is never recorded (here: the launcher cannot save it).
        launcher = find_launcher(clinic.app.window)
        monkeypatch.setattr(launcher, "save", lambda *args, **kwargs: None)
        qtbot.mouseClick(window.end_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: window.summary is not None, timeout=20_000)
        assert clinic.rows(Call) == []
        call_id = window.session.call_id
        # While this program runs, the call is known to be its own (a lock and a quick sign-in
        # must not record it as cut): nothing is recovered.
        clinic.app.lock()
        sign_in(qtbot, clinic.app)
        clinic.settle()  # the look for an interrupted call after sign-in has run
        assert clinic.rows(Call) == []
        # The station starts again after the power cut, and at the first sign-in the call is recorded.
        clinic.app.shutdown()
        again = make_app()
        sign_in(qtbot, again)
        qtbot.waitUntil(lambda: len(run(qtbot, again.ops, lambda s: s.find(Call))) == 1, timeout=10_000)
        [call] = run(qtbot, again.ops, lambda s: s.find(Call))
        assert call.id == call_id
        assert (call.outcome, call.ended_by, call.started_by) == ("completed", None, "admin")
        assert call.connected_at is not None and call.ended_at >= call.connected_at
        assert "The station stopped during the call" in words.outcome_text(call)


def test_switching_the_language_during_a_call_keeps_the_call(qtbot, make_app, hub, artifacts) -> None:
    with loopback_ice():
        clinic = open_clinic(qtbot, make_app, hub, artifacts)
        use_synthetic_media(clinic)
        window = start_from_the_referral_page(clinic)
        doctor = specialist_joins(clinic, window)
        qtbot.waitUntil(lambda: window.state == "active", timeout=30_000)
        clinic.app.set_language("ur")  # the main window is rebuilt in Urdu
        clinic.settle()
        video_while_voice_goes_on(clinic, doctor, 1.5)  # the call goes on after the rebuild
        assert window.isVisible() and window.in_call and not doctor.ended.is_set()
        assert find_launcher(clinic.app.window).call_window is window
        qtbot.mouseClick(window.end_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: len(clinic.rows(Call)) == 1, timeout=20_000)


# -- proposed times on Home -----------------------------------------------------------------------------
@pytest.fixture
def karachi_time(monkeypatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "Asia/Karachi")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_a_time_the_specialist_proposes_shows_on_home_in_local_time(qtbot, make_app, hub, artifacts,
                                                                  karachi_time) -> None:
    clinic = open_clinic(qtbot, make_app, hub, artifacts)
    home = clinic.app.window.pages["home"]
    assert not home.upcoming.isVisible() and home.upcoming.rowCount() == 0
    with hub.engine.begin() as conn:
        doctor_id = conn.execute(select(hub_tables.specialists.c.id).where(
            hub_tables.specialists.c.username == DOCTOR[0])).scalar_one()
        token, csrf = auth.create_session(conn, doctor_id, hub_tables.utcnow())
    day = (datetime.now(UTC) + timedelta(days=2)).date().isoformat()
    answer = httpx.post(f"{hub.base_url}/referrals/{clinic.referral.id}/call-proposals",
                        data={"csrf_token": csrf, "proposal_id": uuid7(), "date": day, "time": "15:30",
                              "zone": "PKT", "note": "Keep his oxygen readings ready."},
                        cookies={auth.SESSION_COOKIE: token},
                        headers={"Origin": f"http://{urlsplit(hub.base_url).netloc}"})
    assert answer.status_code == 303, answer.text[:300]

    clinic.sync()
    clinic.app.window.show_page("home")
    qtbot.waitUntil(lambda: home.upcoming.rowCount() == 1, timeout=30_000)
    assert home.upcoming.isVisible() and home.upcoming_heading.isVisible()
    cells = [seen(home.upcoming.item(0, c).text()) for c in range(home.upcoming.columnCount())]
    assert cells[0].endswith("15:30"), cells  # 10:30 UTC is 15:30 in Pakistan
    assert cells[1:] == [DOCTOR[1], ASLAM["name"] + " — " + ASLAM["name_ur"], "Keep his oxygen readings ready."]
    clinic.app.window.grab().save(str(artifacts / "screen_home_upcoming_en.png"))
    home.upcoming.cellActivated.emit(0, 0)
    qtbot.waitUntil(lambda: clinic.app.window.current_page() == "referral", timeout=5_000)
    page = clinic.app.window.pages["referral"].page
    qtbot.waitUntil(lambda: page.call_panel.proposed.isVisible(), timeout=10_000)
    assert DOCTOR[1] in seen(page.call_panel.proposed.text()) and "15:30" in page.call_panel.proposed.text()
