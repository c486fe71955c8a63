"""What the call window says, in a health worker's words (translated; context "Call").

The call session (sync.call, no Qt) describes what happened in English sentences; each one it
can say is listed here with its translation, keyed as in sync.call.events.WORDS, so a sentence
added there without a translation here is caught by the tests.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from ui.patients.display import isolate


def state_text(state: str) -> str:
    """The status line for a call state (hub lifecycle plus the window's own steps)."""
    return {
        "preparing": QCoreApplication.translate("Call", "Opening the camera and microphone…"),
        "connecting": QCoreApplication.translate("Call", "Calling the specialist…"),
        "ringing": QCoreApplication.translate("Call", "Ringing — waiting for the specialist to join"),
        "active": QCoreApplication.translate("Call", "Connected"),
        "reconnecting": QCoreApplication.translate("Call", "Reconnecting…"),
        "ending": QCoreApplication.translate("Call", "Ending the call…"),
        "ended": QCoreApplication.translate("Call", "Call ended"),
        "failed": QCoreApplication.translate("Call", "The call could not be made."),
        "missed": QCoreApplication.translate("Call", "No answer from the specialist"),
    }.get(state, state)


def quality_text(level: str | None) -> str:
    """The link in a sentence: what the health worker will notice."""
    return {
        "good": QCoreApplication.translate("Call", "Good"),
        "weak": QCoreApplication.translate("Call", "Weak link — smaller picture"),
        "audio_only": QCoreApplication.translate("Call", "Weak link — video paused, voice continues"),
    }.get(level or "", "")


def quality_chip(level: str | None) -> str:
    """The quality indicator's short word."""
    return {
        "good": QCoreApplication.translate("Call", "Link: good"),
        "weak": QCoreApplication.translate("Call", "Link: weak"),
        "audio_only": QCoreApplication.translate("Call", "Link: voice only"),
        "reconnecting": QCoreApplication.translate("Call", "Link: lost, trying again"),
    }.get(level or "", "")


def remote_quality_text(level: str | None) -> str:
    if level == "weak":
        return QCoreApplication.translate("Call", "The specialist's link is weak.")
    if level == "audio_only":
        return QCoreApplication.translate("Call", "The specialist's link is weak: their video is paused.")
    return ""


def duration_text(seconds: float | None) -> str:
    """'4 min 12 s' (or '12 s' under a minute)."""
    total = max(0, round(seconds or 0))
    minutes, secs = divmod(total, 60)
    if minutes:
        text = QCoreApplication.translate("Call", "%1 min %2 s")
        return text.replace("%1", str(minutes)).replace("%2", str(secs))
    return QCoreApplication.translate("Call", "%1 s").replace("%1", str(secs))


def clock_text(seconds: float) -> str:
    """Elapsed time on the call, '4:12'."""
    minutes, secs = divmod(max(0, int(seconds)), 60)
    return isolate(f"{minutes}:{secs:02d}")


def ended_text(seconds: float | None, connected: bool) -> str:
    """The last status line: 'Call ended — 4 min 12 s'."""
    if not connected:
        return state_text("ended")
    return QCoreApplication.translate("Call", "Call ended — %1").replace("%1", duration_text(seconds))


def ended_by_text(ended_by: str | None) -> str:
    return {
        "station": QCoreApplication.translate("Call", "You ended the call."),
        "specialist": QCoreApplication.translate("Call", "The specialist ended the call."),
        "network": QCoreApplication.translate("Call", "The connection was lost."),
    }.get(ended_by or "", "")


def outcome_text(call: Any) -> str:
    """How a recorded call (station.calls.Call) went: '4 min 12 s · voice only', 'nobody answered'."""
    if call.outcome == "completed":
        parts = [duration_text(call.duration_seconds)]
        if call.audio_only:
            parts.append(QCoreApplication.translate("Call", "voice only"))
        if call.quality and call.quality != "good":
            parts.append(quality_text(call.quality))
        ended = ended_by_text(call.ended_by) if call.ended_by else QCoreApplication.translate(
            "Call", "The station stopped during the call (power cut or crash); it ended about then.")
        parts.append(ended)
        return " · ".join(parts)
    return {"missed": QCoreApplication.translate("Call", "nobody answered"),
            "failed": QCoreApplication.translate("Call", "could not connect"),
            "cancelled": QCoreApplication.translate("Call", "cancelled before the specialist joined"),
            }.get(call.outcome, call.outcome)


def session_sentences() -> dict[str, str]:
    """Each sentence the call session may say (sync.call.events.WORDS keys), translated."""
    return {
        "calling": QCoreApplication.translate("Call", "Calling the specialist…"),
        "ringing": QCoreApplication.translate("Call", "Ringing — waiting for the specialist to join"),
        "joined": QCoreApplication.translate("Call", "%1 joined. Connecting…"),
        "active": QCoreApplication.translate("Call", "Connected"),
        "reconnecting": QCoreApplication.translate("Call", "Reconnecting…"),
        "hung_up": QCoreApplication.translate("Call", "You ended the call."),
        "remote_hung_up": QCoreApplication.translate("Call", "The specialist ended the call."),
        "missed": QCoreApplication.translate(
            "Call", "The specialist did not answer in time. The referral is still waiting; you can "
                    "call again later."),
        "network": QCoreApplication.translate(
            "Call", "The connection to the specialist was lost. You can call again; the referral is still "
                    "there."),
        "hub_lost": QCoreApplication.translate(
            "Call", "The connection to the hub was lost, so the call ended. Check the internet "
                    "connection and call again."),
        "error": QCoreApplication.translate(
            "Call", "The call could not be set up because of a problem on this computer or the hub. Try "
                    "again; if it keeps failing, tell the hub administrator."),
        "not_synced": QCoreApplication.translate(
            "Call", "Sync first: the specialist cannot see this referral yet. Press \"Sync now\", wait until "
                    "it is sent, then start the call again."),
        "other_clinic": QCoreApplication.translate(
            "Call", "This referral belongs to another clinic, so it cannot be called about from here."),
        "unknown": QCoreApplication.translate(
            "Call", "The hub does not know this referral. Press \"Sync now\" and try again."),
        "sfu_unavailable": QCoreApplication.translate(
            "Call", "The hub's conference server is not answering, so the call could not start. Try again in a "
                    "minute; if it keeps failing, tell the hub administrator."),
    }


def refusal_sentences() -> dict[int, str]:
    """The hub's refusals of the signaling socket (sync.call.signaling.REFUSALS), translated."""
    return {
        4400: QCoreApplication.translate("Call", "The hub could not follow this call's connection. Start the call again."),
        4401: QCoreApplication.translate(
            "Call", "The hub did not accept this station's key for the call. An administrator must enroll it "
                    "again."),
        4403: QCoreApplication.translate("Call", "This call belongs to another clinic."),
        4404: QCoreApplication.translate(
            "Call", "The hub does not know this call any more. Start the call again."),
    }


def session_text(words: str) -> str:
    """A sentence from the call session in the interface language (unknown ones as they are)."""
    from sync.call.events import WORDS
    from sync.call.signaling import REFUSALS

    if not words:
        return ""
    translated = session_sentences()
    for key, english in WORDS.items():
        if "{name}" in english:
            before, after = english.split("{name}", 1)
            if words.startswith(before) and words.endswith(after) and len(words) > len(before) + len(after):
                name = words[len(before):len(words) - len(after)]
                return translated[key].replace("%1", isolate(name))
        elif words == english:
            return translated[key]
    refusals = refusal_sentences()
    for code, english in REFUSALS.items():
        if words == english:
            return refusals[code]
    return media_problem_text(words)


def media_problem_text(problem: str) -> str:
    """What sync.call.media (camera, microphone) or sync.call.speaker reported, translated."""
    from sync.call import problems as said

    translated = {
        said.CAMERA_FAILED: QCoreApplication.translate(
            "Call", "The camera could not be opened, so this call is voice only. Check that the camera is "
                    "connected and not used by another program."),
        said.CAMERA_NOT_BACK: QCoreApplication.translate(
            "Call", "The camera could not be switched back on. Check that it is connected and not used by "
                    "another program; the call goes on with voice."),
        said.MICROPHONE_FAILED: QCoreApplication.translate(
            "Call", "The microphone could not be opened: the specialist will not hear you. Check the "
                    "microphone in Settings."),
        said.NO_SPEAKER: QCoreApplication.translate(
            "Call", "No speaker or headset found: you will not hear the specialist. Connect a speaker or "
                    "headset, check it in Settings, then call again."),
        said.RELAY_REFUSED: QCoreApplication.translate(
            "Call", "The relay server refused this station's call pass (it has expired, or the hub and the "
                    "relay server do not agree). The call cannot go through the relay: tell the hub "
                    "administrator to check the relay's secret and clock."),
        said.RELAY_UNREACHABLE: QCoreApplication.translate(
            "Call", "The relay server could not be reached from this clinic's network, so the call can only "
                    "try a direct path. If calls keep failing, tell the hub administrator."),
        said.RELAY_ONLY_UNREACHABLE: QCoreApplication.translate(
            "Call", "The relay server could not be reached from this clinic's network, and this hub allows "
                    "calls only through it, so the call could not start. Tell the hub administrator."),
    }
    return translated.get(problem, problem)
