"""Voice notes both ways, with a real station, a served hub and Debian's Chromium.

The health worker's note is spoken by espeak-ng (Urdu, then English) into the station's microphone
(an ALSA device FFmpeg opens); it is recorded, attached to a referral and synced. The specialist
hears it to the end in the console and answers by voice: Chromium records from a spoken WAV file
(--use-file-for-fake-audio-capture). The station's next sync brings the reply, which plays on the
station's speaker path.
"""

from __future__ import annotations

import io
import re
import time
from collections.abc import Iterator
from contextlib import redirect_stdout
from pathlib import Path

import numpy as np
import pytest
from playwright.sync_api import expect
from sqlalchemy import create_engine, select

from hub import tables as t
from hub.cli import main as telehub
from station import patients, referrals, voice
from station.records import Advice
from sync.call.speaker import Speaker
from sync.call.voice_note import NotePlayer, Recorder, decoded_seconds, encode_pcm
from sync.engine import SyncEngine
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, ServedHub
from tests.support import voice_sound
from tests.support.sync_station import create_station

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300),
              pytest.mark.skipif(bool(voice_sound.MISSING), reason=voice_sound.WHY_MISSING)]
PASSWORD = "a long consultant password"
# Playwright's "Pixel 5" (kept here: the device list needs the driver running).
PIXEL_5 = {"viewport": {"width": 393, "height": 727}, "device_scale_factor": 2.75, "is_mobile": True,
           "has_touch": True}
REPLY = "Give paracetamol and plenty of fluids, and send the child to hospital if breathing gets fast."


def run_cli(*args: str) -> str:
    out = io.StringIO()
    with redirect_stdout(out):
        assert telehub(list(args)) == 0
    return out.getvalue()


@pytest.fixture
def devices(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> float:
    conf, seconds = voice_sound.sound_devices(tmp_path)
    monkeypatch.setenv("ALSA_CONFIG_PATH", str(conf))
    return seconds


@pytest.fixture
def reply_browser(tmp_path: Path) -> Iterator[object]:
    """Chromium whose microphone speaks the specialist's English reply (a WAV file, looped)."""
    if not CHROMIUM.exists():
        pytest.skip(f"browser tests need Debian's Chromium at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    said = tmp_path / "reply"
    said.mkdir()
    wav = voice_sound.speak(said, (("en", REPLY),))
    args = [*CHROMIUM_ARGS, "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
            f"--use-file-for-fake-audio-capture={wav}", "--autoplay-policy=no-user-gesture-required"]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=args)
        try:
            yield browser
        finally:
            browser.close()


def sync(store) -> object:
    engine = SyncEngine(store)
    try:
        report = engine.sync_once()
    finally:
        engine.close()
    assert report.error is None, report.error
    return report


def test_a_spoken_question_is_heard_in_the_console_and_the_spoken_answer_plays_at_the_station(
        served_hub: ServedHub, reply_browser, devices: float, tmp_path: Path, artifacts_dir: Path) -> None:
    base = served_hub.base_url
    added = run_cli("station", "add", "--db", served_hub.db_url, "--name", "BHU Jhok Sharif",
                    "--district", "Thatta", "--json")
    code = re.search(r'"code": "([^"]+)"', added).group(1)
    (tmp_path / "pw").write_text(PASSWORD + "\n")
    run_cli("specialist", "add", "--db", served_hub.db_url, "--username", "dr.baloch", "--name", "Dr Hina Baloch",
            "--specialty", "Paediatrics", "--password-file", str(tmp_path / "pw"))
    store = create_station(tmp_path / "station", base, code)
    try:
        # -- the station: record from the microphone, attach, sync ----------------------------------
        recorder = Recorder(voice_sound.MIC).start()
        deadline = time.monotonic() + 60
        while recorder.elapsed < devices + 0.5 and time.monotonic() < deadline:
            time.sleep(0.1)
        note = recorder.stop()
        assert note and recorder.peak > 0.1
        patient = patients.register(store, {"name": "Zainab Bibi", "father_name": "Ghulam Rasool", "sex": "female",
                                            "estimated_age_years": 4, "village": "Jhok",
                                            "district": "Thatta"}, confirmed_new=True)
        sha = voice.attach(store, patient.id, note).sha256
        referral = referrals.create(
            store, patient.id, "paediatrics", "urgent", "Please listen to my voice note about this child.",
            attachments=[sha], consent={"by": "caregiver", "name": "Rashida Bibi", "relation": "mother",
                                        "given": True, "recorded_by": "admin", "recorded_at": "2026-12-07T09:30:00Z"})
        # A second, short note in the thread, as a message of its own.
        said = np.fromfile(tmp_path / "speech.raw", np.int16)[: 3 * voice_sound.RATE]
        thread_note = encode_pcm(said)
        voice.send_message(store, referral.id, thread_note)
        report = sync(store)
        assert report.files == 2

        # The hub holds the note once, whole, and it is speech of the right length (sox).
        hub_db = create_engine(served_hub.db_url)
        with hub_db.connect() as conn:
            blobs = conn.execute(select(t.blobs).where(t.blobs.c.sha256 == sha)).all()
            stored = b"".join(conn.execute(select(t.blob_chunks.c.data).where(t.blob_chunks.c.sha256 == sha)
                                           .order_by(t.blob_chunks.c.offset)).scalars())
        assert len(blobs) == 1 and blobs[0].complete and blobs[0].media_type == "audio/ogg" and stored == note
        stat = voice_sound.sox_stat(stored, tmp_path, "hub-copy")
        assert stat["Length (seconds)"] >= devices
        assert stat["RMS     amplitude"] > 0.02

        # -- the console: the note plays to the end; the specialist answers by voice ------------------
        page = reply_browser.new_context(viewport={"width": 1366, "height": 900}).new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(f"{base}/login")
        page.get_by_label("Username").fill("dr.baloch")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.goto(f"{base}/referrals/{referral.id}")
        audio = page.locator(".photo-grid audio")
        expect(audio).to_have_count(1)
        expect(page.locator(".photo-grid .voice-duration")).to_contain_text(
            f"{int(decoded_seconds(note)) // 60}:{int(decoded_seconds(note)) % 60:02d}")
        duration = audio.evaluate("""a => new Promise((ok, fail) => {
            a.addEventListener('ended', () => ok(a.duration), {once: true});
            a.addEventListener('error', () => fail('the audio could not be played'), {once: true});
            a.playbackRate = 4;
            a.play().catch(fail);
        })""")
        assert abs(duration - decoded_seconds(note)) < 0.3

        in_thread = page.locator(".thread audio")
        expect(in_thread).to_have_count(1)
        expect(page.locator(".thread .voice-duration")).to_contain_text("0:03")
        assert abs(in_thread.evaluate("""a => new Promise((ok, fail) => {
            a.addEventListener('ended', () => ok(a.duration), {once: true});
            a.addEventListener('error', () => fail('the audio could not be played'), {once: true});
            a.play().catch(fail);
        })""") - decoded_seconds(thread_note)) < 0.3
        phone = reply_browser.new_context(**PIXEL_5).new_page()
        phone.goto(f"{base}/login")
        phone.get_by_label("Username").fill("dr.baloch")
        phone.get_by_label("Password").fill(PASSWORD)
        phone.get_by_role("button", name="Sign in").click()
        phone.goto(f"{base}/referrals/{referral.id}")
        phone.locator("section", has=phone.locator("#photos-title")).screenshot(
            path=str(artifacts_dir / "console-voice-phone-note.png"))
        phone.locator("#messages").screenshot(path=str(artifacts_dir / "console-voice-phone-thread.png"))
        assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")

        advice_form = page.locator("#advice-form")
        advice_form.get_by_role("button", name="Record voice note").click()
        expect(advice_form.locator(".voice-level")).to_be_visible()
        page.wait_for_timeout(4000)
        advice_form.get_by_role("button", name="Stop").click()
        expect(advice_form.locator(".voice-status")).to_contain_text("Voice note attached", timeout=15000)
        page.screenshot(path=str(artifacts_dir / "console-voice-reply.png"), full_page=True)
        page.get_by_label("Assessment").fill("Viral fever with cough; no sign of pneumonia from the history.")
        page.get_by_label("Recommendations").fill(REPLY)
        page.get_by_label("No", exact=True).check()
        page.get_by_role("button", name="Send advice to the station").click()
        expect(page.locator(".notice")).to_contain_text("Your advice was saved")
        expect(page.locator(".advice-sent audio")).to_have_count(1)
        assert errors == []

        # -- the station: the next sync brings the reply, which plays on the speaker ------------------
        report = sync(store)
        assert report.voice_notes == 1
        advice = store.find(Advice, "referral_id = ?", [referral.id])[0]
        assert advice.voice and advice.recommendations == REPLY
        reply = voice.read(store, advice.voice["sha256"])
        reply_seconds = decoded_seconds(reply)
        assert 3.0 <= reply_seconds <= 5.5  # about the four seconds the specialist spoke
        player = NotePlayer(reply, speaker=Speaker(backends=("alsa",), platform="linux").open()).start()
        assert player.wait(30) == "done"
        assert abs(player.duration - reply_seconds) < 0.05
        assert voice_sound.heard_seconds(tmp_path / "played.raw") > 1.0  # the spoken reply came out
        assert voice_sound.played_seconds(tmp_path / "played.raw") <= reply_seconds + 0.2
        assert voice.on_referral(store, referral.id)[-1].author_role == "specialist"
    finally:
        store.close()
