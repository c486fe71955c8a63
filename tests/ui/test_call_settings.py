"""Settings for video consults (camera, microphone, speaker) and what the call window says and shows."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtWidgets import QLabel

from sync.call import speaker as speaker_module
from sync.call.devices import Device, Devices
from sync.call.speaker import NO_SPEAKER
from tests.ui.clinic_support import HEADSET
from tests.ui.conftest import sign_in
from ui.call import devices as ui_devices
from ui.call import words
from ui.call.frames import LatestFrame


# -- Settings: camera, microphone and speaker ---------------------------------------------------------------
def test_settings_offers_the_cameras_microphones_and_speakers_found_and_remembers_the_choice(
        qtbot, make_app, artifacts) -> None:
    from ui import prefs

    app = make_app("en", with_network=False)
    sign_in(qtbot, app)
    settings = app.admin_page.settings
    # What this computer has (the test machine has no camera): said plainly, nothing to choose.
    qtbot.waitUntil(lambda: settings.camera.itemText(0) != settings.tr("Looking…"), timeout=20_000)
    if settings.camera.count() == 1 and not settings.camera.itemData(0):
        assert not settings.camera.isEnabled() and settings.camera.currentText() == "No camera found"
        assert "voice only" in settings.devices_note.text()

    found = Devices(cameras=[Device("/dev/video0", "Integrated Webcam"), Device("/dev/video2", "USB Camera")],
                    microphones=[Device("default", "System default microphone"),
                                 Device("plughw:1,0", "USB Headset")],
                    speakers=[Device("default", "System default speaker"), HEADSET])
    settings.show_devices(found)
    assert settings.camera.isEnabled() and settings.camera.count() == 2
    assert settings.microphone.itemText(0) == "The computer's usual microphone"
    assert [settings.speaker.itemText(i) for i in range(settings.speaker.count())] == [
        "The computer's usual speaker", HEADSET.name]
    assert settings.speaker.isEnabled() and settings.speaker.currentData() == "default"
    assert not settings.devices_note.isVisible()
    for combo in (settings.camera, settings.microphone, settings.speaker):
        combo.setCurrentIndex(1)
        combo.activated.emit(1)
    saved = prefs.load(app.data_dir)
    assert (saved.camera, saved.microphone, saved.speaker) == ("/dev/video2", "plughw:1,0", HEADSET.id)
    # Shown again (e.g. "Look again"), the saved choice is the one selected.
    settings.show_devices(found)
    assert settings.camera.currentData() == "/dev/video2" and settings.microphone.currentData() == "plughw:1,0"
    assert settings.speaker.currentData() == HEADSET.id
    # The headset unplugged: the usual speaker is shown, the choice is kept for when it is back.
    settings.show_devices(Devices(speakers=[Device("default", "System default speaker")]))
    assert settings.speaker.currentData() == "default" and prefs.load(app.data_dir).speaker == HEADSET.id

    settings.show_devices(Devices(cameras=[], microphones=[]))
    assert not settings.camera.isEnabled() and not settings.microphone.isEnabled()
    assert not settings.speaker.isEnabled() and settings.speaker.currentText() == "No speaker found"
    note = settings.devices_note.text()
    assert "No camera found" in note and "No microphone found" in note
    assert "No speaker or headset found: in a video consult you would not hear the specialist." in note
    settings.resize(760, 640)
    settings.grab().save(str(artifacts / "screen_settings_no_devices_en.png"))


@pytest.mark.parametrize("language", ["en", "ur"])
def test_settings_shows_the_speaker_choice_beside_the_camera_and_microphone(qtbot, make_app, artifacts,
                                                                           language) -> None:
    app = make_app(language, with_network=False)
    sign_in(qtbot, app)
    app.window.show_page("admin")
    page = app.window.pages["admin"]
    page.tabs.setCurrentWidget(page.settings)
    settings = page.settings
    qtbot.waitUntil(lambda: settings.speaker.itemText(0) != settings.tr("Looking…"), timeout=20_000)
    settings.show_devices(Devices(cameras=[Device("/dev/video0", "Integrated Webcam")],
                                  microphones=[Device("default", "System default microphone")],
                                  speakers=[Device("default", "System default speaker"), HEADSET]))
    usual = settings.speaker.itemText(0)
    [label] = [w.text() for w in settings.findChildren(QLabel) if w.buddy() is settings.speaker]
    if language == "ur":
        assert settings.isRightToLeft()
        assert usual == "کمپیوٹر کا معمول کا اسپیکر" and label == "کال کے لیے اسپیکر یا ہیڈسیٹ"
    else:
        assert (usual, label) == ("The computer's usual speaker", "Speaker or headset for calls")
    app.window.resize(1100, 760)
    qtbot.wait(100)
    app.window.grab().save(str(artifacts / f"screen_settings_speaker_{language}.png"))

    # No speaker on this computer: said plainly, in the interface language, next to the other choices.
    settings.show_devices(Devices(cameras=[Device("/dev/video0", "Integrated Webcam")],
                                  microphones=[Device("default", "System default microphone")]))
    assert not settings.speaker.isEnabled() and settings.microphone.isEnabled()
    qtbot.waitUntil(settings.devices_note.isVisible, timeout=2_000)
    note = settings.devices_note.text()
    if language == "ur":
        assert settings.speaker.currentText() == "کوئی اسپیکر نہیں ملا"
        assert note.startswith("کوئی اسپیکر یا ہیڈسیٹ نہیں ملا") and "\n" not in note
    else:
        assert settings.speaker.currentText() == "No speaker found"
        assert note == ("No speaker or headset found: in a video consult you would not hear the specialist. "
                        "Connect a speaker or headset, then press the button below.")
    qtbot.wait(100)
    app.window.grab().save(str(artifacts / f"screen_settings_no_speaker_{language}.png"))


# -- pictures and words ------------------------------------------------------------------------------------
@pytest.mark.parametrize("offered", [1, 2, 7, 30])
def test_a_window_that_falls_behind_shows_only_the_newest_picture(qtbot, offered: int) -> None:
    notices: list[int] = []
    slot = LatestFrame(lambda: notices.append(1))
    frames = [np.full((24, 32, 3), n, dtype=np.uint8) for n in range(offered)]
    for frame in frames:
        slot.put(frame)  # the UI thread is busy: nothing is taken meanwhile
    assert len(notices) == 1, "one wake-up, however many pictures came"
    image = slot.take()
    assert image is not None and (image.width(), image.height()) == (32, 24)
    assert image.pixelColor(5, 5).red() == offered - 1
    assert slot.take() is None and (slot.received, slot.dropped) == (offered, offered - 1)


def test_every_camera_microphone_and_speaker_problem_is_said_in_urdu(qtbot) -> None:
    from sync.call import problems
    from ui import i18n
    from ui.app import create_qapp

    said = {name: value for name, value in vars(problems).items() if name.isupper()}
    assert len(said) >= 4
    app = create_qapp()
    i18n.install(app, "ur")
    try:
        untranslated = [name for name, value in said.items() if words.media_problem_text(value) == value]
    finally:
        i18n.install(app, "en")
    assert not untranslated


def test_every_sentence_the_call_can_say_has_words_in_the_interface() -> None:
    from sync.call.events import WORDS
    from sync.call.signaling import REFUSALS

    assert set(words.session_sentences()) == set(WORDS)
    assert set(words.refusal_sentences()) == set(REFUSALS)
    assert words.session_text(WORDS["joined"].format(name="Dr Sana Baloch")) == "\u2068Dr Sana Baloch\u2069 joined. Connecting…"
    assert words.session_text("Something new") == "Something new"
    # What the speaker says when there is none is known to the window, and Settings names the usual
    # speaker by the id the speaker module gives it.
    assert words.media_problem_text(NO_SPEAKER) == NO_SPEAKER
    assert ui_devices.DEFAULT_SPEAKER == speaker_module.DEFAULT_SPEAKER
