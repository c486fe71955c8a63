"""Voice notes on the station: real speech (espeak-ng, Urdu and English) is the microphone.

The microphone is an ALSA device reading the spoken sentences from a file, opened by FFmpeg
(PyAV) exactly as a real microphone chosen in Settings; the speaker is an ALSA device writing
what it plays to a file, so the test hears what the health worker would.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton, QScrollArea

from station import voice
from station.records import Attachment, Referral
from sync.call.speaker import Speaker
from sync.call.voice_note import NotePlayer, decoded_seconds
from tests.support import voice_sound
from tests.support.voice_sound import MISSING, RATE, WHY_MISSING
from tests.ui.clinic_support import ASLAM, patient_consents, register, run, settle, signed_in_worker
from tests.ui.conftest import shot, type_text
from ui import i18n
from ui.referral.create import ReferralForm
from ui.referral.voice import VoiceNoteControl

pytestmark = pytest.mark.skipif(bool(MISSING), reason=WHY_MISSING)


@pytest.fixture
def sound_devices(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    conf, _seconds = voice_sound.sound_devices(tmp_path)
    monkeypatch.setenv("ALSA_CONFIG_PATH", str(conf))
    return tmp_path


def speech_seconds(folder: Path) -> float:
    return len(np.fromfile(folder / "speech.raw", np.int16)) / RATE


def alsa_player(data: bytes, _speaker: str | None) -> NotePlayer:
    # PortAudio would pace itself by a sound card; the file "speaker" has none, so FFmpeg's ALSA output
    # (which keeps to the clock) plays it: the path a Linux station without PortAudio takes.
    return NotePlayer(data, speaker=Speaker(backends=("alsa",), platform="linux").open())


@pytest.fixture
def ops(qtbot, station_dir: Path):
    with signed_in_worker(qtbot, station_dir) as worker:
        yield worker


def record(qtbot, control: VoiceNoteControl, seconds: float) -> None:
    control.setFocus()
    qtbot.keyClick(control, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: control.recorder is not None and control.recorder.elapsed >= seconds, timeout=60_000)
    assert control.level.isVisible() and control.record_button.text() == "Stop recording"
    assert control.recorder.peak > 0.1  # the meter moved: the worker can see the microphone works
    qtbot.keyClick(control, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert control.state == "recorded" and control.note


def test_a_spoken_question_is_recorded_listened_to_and_sent_with_the_referral(
        qtbot, ops, sound_devices: Path, artifacts: Path) -> None:
    patient = run(qtbot, ops, lambda store: register(store, ASLAM))
    form = ReferralForm(ops, mic="clinicmic")
    form.voice.make_player = alsa_player
    qtbot.addWidget(form)
    form.resize(1366, 768)
    form.show()
    form.open_with(patient.id)
    settle(qtbot, ops)
    spoken = speech_seconds(sound_devices)
    record(qtbot, form.voice, spoken + 0.5)
    note = form.voice.note
    assert note is not None
    # Opus speech at ~16 kbit/s: well under 2.5 kB for each second.
    assert len(note) / decoded_seconds(note) <= 2500
    assert abs(decoded_seconds(note) - (spoken + 0.5)) < 1.0

    form.voice.listen_button.click()
    qtbot.waitUntil(lambda: form.voice.player is not None and form.voice.player.state == "done", timeout=60_000)
    assert voice_sound.heard_seconds(sound_devices / "played.raw") > 0.4 * spoken  # the speech came out of the speaker, not silence

    form.voice.attach_button.click()
    form.specialty.setCurrentIndex(form.specialty.findData("paediatrics"))
    type_text(form.question, "Please listen to my voice note about this child's fever.")
    form.urgency_buttons["soon"].setChecked(True)
    patient_consents(form)
    form.submit()
    settle(qtbot, ops)

    def stored(store):
        referral = store.find(Referral, "patient_id = ?", [patient.id])[0]
        sound = [a for a in store.find(Attachment, "patient_id = ?", [patient.id]) if a.media_type == "audio/ogg"]
        return referral, sound, voice.read(store, sound[0].sha256)

    referral, sound, data = run(qtbot, ops, stored)
    assert sound[0].sha256 in referral.attachments and data == note
    stat = voice_sound.sox_stat(data, sound_devices, "stored")
    assert stat["Length (seconds)"] >= spoken
    assert stat["RMS     amplitude"] > 0.02  # speech, not silence


def test_without_a_microphone_the_control_says_so_and_the_referral_still_goes(qtbot, ops, sound_devices: Path,
                                                                            artifacts: Path) -> None:
    patient = run(qtbot, ops, lambda store: register(store, ASLAM))
    form = ReferralForm(ops, mic="nosuchmic")
    qtbot.addWidget(form)
    form.resize(1366, 768)
    form.show()
    form.open_with(patient.id)
    settle(qtbot, ops)
    form.voice.record_button.click()
    qtbot.waitUntil(lambda: "No microphone" in form.voice.status.text(), timeout=20_000)
    assert form.voice.state == "idle" and form.voice.note is None
    form.specialty.setCurrentIndex(form.specialty.findData("paediatrics"))
    type_text(form.question, "Fever for three days, no microphone here today.")
    form.urgency_buttons["soon"].setChecked(True)
    patient_consents(form)
    form.submit()
    settle(qtbot, ops)
    assert run(qtbot, ops, lambda store: store.find(Referral, "patient_id = ?", [patient.id]))


@pytest.mark.parametrize("language", ["en", "ur"])
def test_screenshots_of_the_recording_control(qtbot, ops, sound_devices: Path, artifacts: Path,
                                              language: str) -> None:
    i18n.install(QApplication.instance(), language)
    try:
        patient = run(qtbot, ops, lambda store: register(store, ASLAM))
        form = ReferralForm(ops, mic="clinicmic")
        qtbot.addWidget(form)
        form.resize(1366, 768)
        form.show()
        form.open_with(patient.id)
        settle(qtbot, ops)
        form.voice.record_button.click()
        qtbot.waitUntil(lambda: form.voice.recorder is not None and form.voice.recorder.elapsed > 2.0, timeout=30_000)
        form.voice._poll()
        scroll = form.findChildren(QScrollArea)[0]
        scroll.ensureWidgetVisible(form.voice)
        qtbot.wait(200)
        shot(form, artifacts, f"voice_recording_{language}")
        form.voice.stop()
        scroll.ensureWidgetVisible(form.voice)
        qtbot.wait(100)
        shot(form, artifacts, f"voice_recorded_{language}")
        assert form.voice.listen_button.isVisible() and form.voice.attach_button.isVisible()
        if language == "ur":
            assert form.voice.record_button.text() != "Record voice note"
    finally:
        i18n.install(QApplication.instance(), "en")


def test_the_chart_timeline_and_the_referral_page_list_the_voice_notes(qtbot, ops, sound_devices: Path,
                                                                        artifacts: Path) -> None:
    from station import referrals
    from sync.call.voice_note import encode_pcm
    from ui.patients.chart import PatientChartPage
    from ui.referral.detail import ReferralPage

    spoken = np.fromfile(sound_devices / "speech.raw", np.int16)
    question_note, follow_note = encode_pcm(spoken), encode_pcm(spoken[: RATE * 3])

    def make(store):
        patient = register(store, ASLAM)
        sha = voice.attach(store, patient.id, question_note).sha256
        referral = referrals.create(store, patient.id, "paediatrics", "soon", "Please listen to my voice note.",
                                    attachments=[sha], consent={"by": "patient", "name": "Aslam", "relation": "self",
                                                                "given": True, "recorded_by": "admin",
                                                                "recorded_at": "2026-12-07T09:30:00Z"})
        voice.send_message(store, referral.id, follow_note)
        return patient, referral

    patient, referral = run(qtbot, ops, make)
    chart = PatientChartPage(ops)
    qtbot.addWidget(chart)
    chart.resize(1366, 768)
    chart.show()
    chart.open_with(patient.id)
    settle(qtbot, ops)
    texts = [chart.timeline.item(i).text() for i in range(chart.timeline.count())]
    notes = [t for t in texts if "Voice note from this clinic" in t]
    assert len(notes) == 2
    assert any(f"{int(decoded_seconds(question_note)) // 60}:{int(decoded_seconds(question_note)) % 60:02d}" in t
               for t in notes)

    page = ReferralPage(ops, mic="clinicmic")
    page.voice.make_player = alsa_player
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    page.open_with(referral.id)
    settle(qtbot, ops)
    plays = [b for b in page.findChildren(QPushButton, "playVoice") if b.isVisible()]
    assert len(plays) == 2 and all(b.isEnabled() for b in plays)
    assert page.no_messages.isHidden()  # the thread's note is a message too
    plays[-1].click()
    settle(qtbot, ops)
    qtbot.waitUntil(lambda: page.voice.player is not None and page.voice.player.state == "done", timeout=30_000)
    assert abs(page.voice.player.duration - decoded_seconds(follow_note)) < 0.05
    page.findChildren(QScrollArea)[0].ensureWidgetVisible(page.voice_heading)
    shot(page, artifacts, "voice_thread_en")


def test_a_computer_without_any_microphone_says_so_before_recording(qtbot, ops) -> None:
    patient = run(qtbot, ops, lambda store: register(store, ASLAM))
    form = ReferralForm(ops)  # no microphone chosen in Settings
    form.voice.microphones = list  # and the computer lists none
    qtbot.addWidget(form)
    form.show()
    form.open_with(patient.id)
    settle(qtbot, ops)
    qtbot.waitUntil(lambda: not form.voice.record_button.isEnabled(), timeout=10_000)
    assert "No microphone was found" in form.voice.status.text()
    assert form.send_button.isEnabled() and form.add_file.isEnabled()  # the rest of the form works


def test_an_attached_note_can_be_removed_before_the_referral_is_sent(qtbot, ops, sound_devices: Path) -> None:
    patient = run(qtbot, ops, lambda store: register(store, ASLAM))
    form = ReferralForm(ops, mic="clinicmic")
    qtbot.addWidget(form)
    form.show()
    form.open_with(patient.id)
    settle(qtbot, ops)
    record(qtbot, form.voice, 1.0)
    form.voice.attach_button.click()
    assert form.voice_note is not None
    assert form.voice.discard_button.isVisible() and form.voice.discard_button.text() == "Remove the voice note"
    form.voice.discard_button.click()
    assert form.voice_note is None and not form.voice.discard_button.isVisible()
