"""A video consult through the hub's real signaling: the station (aiortc) calls, a specialist answers.

The hub runs under uvicorn on 127.0.0.1; the station signs its signaling socket with its key,
the specialist joins through the console's socket with the session cookie from the login form.
Both ends send a synthetic picture and tone and count what they receive.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from sync.call.events import WORDS, CallEvent
from sync.call.media import open_local
from sync.call.session import CallSession
from sync.call.signaling import Signaling
from sync.call.speaker import NO_SPEAKER, Speaker
from tests.integration.console_seed import add_specialist
from tests.support.call_peer import ClinicCase, Specialist, console_cookies, enroll_and_refer, loopback_ice
from tests.support.server import RunningHub, run_hub

pytestmark = pytest.mark.timeout(180)
SECOND_OF_AUDIO = 48_000


@pytest.fixture(autouse=True)
def ice_on_loopback() -> Iterator[None]:
    with loopback_ice():
        yield


def clinic(hub: RunningHub) -> ClinicCase:
    add_specialist(hub.engine, "dr.khan", "Dr Sana Khan", "Internal medicine")
    return enroll_and_refer(hub.base_url, hub.new_station().code)


def silent() -> Speaker:
    """A speaker that plays nowhere: the test machine may have a sound card, and tones must not sound."""
    return Speaker(backends=())


def station_call(case: ClinicCase, events: list[CallEvent], **kwargs) -> CallSession:
    return CallSession(case.client, case.referral_id, case.patient_id, media=open_local(None, None, synthetic=True),
                       on_event=events.append, started_by="nasreen", speaker=silent(), **kwargs)


async def until(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {seconds} s: {what}")
        await asyncio.sleep(0.05)


async def connect(hub: RunningHub, case: ClinicCase, events: list[CallEvent]) -> tuple[CallSession, Specialist]:
    """The health worker starts the call; the specialist, signed in to the console, joins it."""
    session = station_call(case, events)
    starting = asyncio.ensure_future(session.start())
    await until(lambda: session.state == "ringing", 30, "the call rings")
    specialist = Specialist(hub.base_url, console_cookies(hub.base_url, "dr.khan"))
    await specialist.join(session.call_id)
    await starting
    await until(lambda: session.state == "active", 30, "media connects")
    return session, specialist


def hub_call(hub: RunningHub, call_id: str) -> dict:
    from hub.calls import store

    with hub.engine.connect() as conn:
        call = store.get_call(conn, call_id)
    assert call is not None
    return {"status": call.status, "ended_by": call.ended_by, "specialist_name": call.specialist_name}


@pytest.mark.parametrize("who_ends", ["station", "specialist"])
def test_both_sides_see_and_hear_each_other_and_either_can_end_the_call(hub: RunningHub, who_ends: str) -> None:
    case = clinic(hub)
    events: list[CallEvent] = []

    async def consult() -> tuple[CallSession, Specialist]:
        session, specialist = await connect(hub, case, events)
        await until(lambda: session.frames_received >= 40 and specialist.received.frames >= 40, 30,
                    "40 frames each way")
        await until(lambda: min(session.audio_samples_received, specialist.received.audio_samples)
                    >= 2 * SECOND_OF_AUDIO, 30, "2 s of audio each way")
        if who_ends == "station":
            await session.hang_up()
            await asyncio.wait_for(specialist.ended.wait(), 30)
        else:
            await specialist.hang_up()
            assert await session.wait_ended(30)
        return session, specialist

    session, _specialist = asyncio.run(consult())
    states = [e.state for e in events if e.kind == "state"]
    assert states[:3] == ["connecting", "ringing", "connecting"]
    assert states[-2:] == ["active", "ended"]
    assert any("Dr Sana Khan joined" in e.words for e in events if e.kind == "state")
    assert session.words == WORDS["hung_up" if who_ends == "station" else "remote_hung_up"]
    pictures = [e.frame for e in events if e.kind == "remote_frame"]
    assert len(pictures) == session.frames_received and pictures[0].shape == (240, 320, 3)
    assert any(e.kind == "local_frame" for e in events)
    # No speaker to play the specialist's voice: the call goes on, and the health worker is told once.
    assert [e.words for e in events if e.kind == "notice"] == [NO_SPEAKER]
    assert session.audio_samples_received >= 2 * SECOND_OF_AUDIO
    record = session.summary()
    assert record["outcome"] == "completed" and record["ended_by"] == who_ends
    assert record["duration_seconds"] >= 1 and record["quality"] == "good" and not record["audio_only"]
    assert record["started_by"] == "nasreen" and record["referral_id"] == case.referral_id
    assert record["started_at"] <= record["connected_at"] <= record["ended_at"]
    assert hub_call(hub, session.call_id) == {"status": "ended", "ended_by": who_ends,
                                              "specialist_name": "Dr Sana Khan"}


def test_voice_only_stops_the_picture_keeps_the_voice_and_tells_the_specialist(hub: RunningHub) -> None:
    case = clinic(hub)
    events: list[CallEvent] = []

    async def consult() -> tuple[int, int, int, CallSession, Specialist]:
        session, specialist = await connect(hub, case, events)
        await until(lambda: specialist.received.frames >= 10, 30, "pictures arrive")
        session.set_audio_only(True)
        await until(lambda: "audio_only" in specialist.quality_reports(), 10, "the specialist is told")
        await asyncio.sleep(1.0)  # frames already on the way
        frames, voice = specialist.received.frames, specialist.received.audio_samples
        await asyncio.sleep(3.0)
        paused = specialist.received.frames - frames
        assert specialist.received.audio_samples - voice >= 2 * SECOND_OF_AUDIO
        session.set_audio_only(False)
        await until(lambda: specialist.quality_reports()[-1:] == ["good"], 10, "the specialist is told again")
        resumed_from = specialist.received.frames
        await until(lambda: specialist.received.frames >= resumed_from + 10, 15, "pictures come back")
        await session.hang_up()
        return paused, frames, resumed_from, session, specialist

    paused, _frames, _resumed, session, _specialist = asyncio.run(consult())
    assert paused == 0
    assert [e.level for e in events if e.kind == "quality"] == ["audio_only", "good"]
    record = session.summary()
    # Chosen by hand, so the link's quality stays "good"; the call did run voice-only for a while.
    assert record["audio_only"] is True and record["quality"] == "good"


def test_the_specialists_side_reporting_a_weak_link_pauses_the_stations_video_and_recovery_brings_it_back(
        hub: RunningHub) -> None:
    case = clinic(hub)
    events: list[CallEvent] = []

    async def report(specialist: Specialist, rtt: float, loss: float, times: int, every: float = 0.1) -> None:
        assert specialist.ws is not None
        for _ in range(times):
            await specialist.ws.send(json.dumps({"type": "link", "rtt": rtt, "loss": loss, "fps": None, "kbps": None}))
            await asyncio.sleep(every)

    async def consult() -> tuple[int, CallSession, Specialist]:
        session = station_call(case, events, stats_every=0.3)
        starting = asyncio.ensure_future(session.start())
        await until(lambda: session.state == "ringing", 30, "the call rings")
        specialist = Specialist(hub.base_url, console_cookies(hub.base_url, "dr.khan"))
        await specialist.join(session.call_id)
        await starting
        await until(lambda: specialist.received.frames >= 10, 30, "pictures arrive")
        # The browser finds 3 s round trips and 30% loss on its side (its own getStats).
        # Twice a second, as long as the link stays weak: the hub relays a burst of 20 and then one a
        # second, and a figure the station heard expires after two stats rounds.
        weak = asyncio.ensure_future(report(specialist, 3.0, 0.3, 60, every=0.5))
        await until(lambda: session.level == "audio_only", 15, "the station's policy goes voice-only")
        await until(lambda: "audio_only" in specialist.quality_reports(), 10, "the specialist's page is told")
        # Video still on its way will not be shown: its lost packets are no longer asked for again.
        assert session.pc is not None
        video = next(t.receiver for t in session.pc.getTransceivers() if t.kind == "video")
        assert video._RTCRtpReceiver__nack_generator is None
        await asyncio.sleep(1.0)  # frames already on the way
        frames = specialist.received.frames
        await asyncio.sleep(2.0)
        paused = specialist.received.frames - frames
        weak.cancel()
        await report(specialist, 0.3, 0.0, 60)
        await until(lambda: session.level != "audio_only", 20, "the policy steps back up")
        assert video._RTCRtpReceiver__nack_generator is not None
        resumed_from = specialist.received.frames
        await until(lambda: specialist.received.frames >= resumed_from + 10, 15, "pictures come back")
        await session.hang_up()
        return paused, session, specialist

    paused, session, _specialist = asyncio.run(consult())
    assert paused == 0
    assert session.summary()["quality"] == "audio_only" and session.summary()["audio_only"] is True


def test_a_station_without_a_camera_still_sees_the_specialist(hub: RunningHub) -> None:
    case = clinic(hub)
    events: list[CallEvent] = []

    async def consult() -> tuple[CallSession, Specialist]:
        session = CallSession(case.client, case.referral_id, case.patient_id,
                              media=open_local(None, None, synthetic=True, video=False), on_event=events.append,
                              speaker=silent())
        starting = asyncio.ensure_future(session.start())
        await until(lambda: session.state == "ringing", 30, "the call rings")
        specialist = Specialist(hub.base_url, console_cookies(hub.base_url, "dr.khan"))
        await specialist.join(session.call_id)
        await starting
        await until(lambda: session.frames_received >= 20, 30, "the specialist's picture arrives")
        await until(lambda: specialist.received.audio_samples >= SECOND_OF_AUDIO, 30, "the station is heard")
        assert specialist.received.frames == 0
        await session.hang_up()
        return session, specialist

    session, _ = asyncio.run(consult())
    assert session.summary()["audio_only"] is True


def test_an_answer_sent_while_the_stations_socket_was_away_still_connects_the_call(
        hub: RunningHub, monkeypatch: pytest.MonkeyPatch) -> None:
    """2G links drop: the station's signaling socket goes away just after the offer and takes 3 s
    to come back, and the specialist answers in that gap. The answer must still arrive."""
    case = clinic(hub)
    events: list[CallEvent] = []
    opened: list[str] = []
    real_open = Signaling.open

    async def slow_to_return(self: Signaling) -> None:
        if opened:
            await asyncio.sleep(3.0)
        opened.append(self._query())
        await real_open(self)

    monkeypatch.setattr(Signaling, "open", slow_to_return)

    async def consult() -> tuple[CallSession, Specialist]:
        session = station_call(case, events)
        starting = asyncio.ensure_future(session.start())
        await until(lambda: session.state == "ringing", 30, "the call rings")
        assert session.signaling is not None and session.signaling.ws is not None
        session.signaling.ws.transport.abort()  # no close frame: the link is simply gone
        specialist = Specialist(hub.base_url, console_cookies(hub.base_url, "dr.khan"))
        await specialist.join(session.call_id)
        await starting
        await until(lambda: session.state == "active", 30, "media connects after the gap")
        await until(lambda: session.frames_received >= 10 and specialist.received.frames >= 10, 30,
                    "pictures each way")
        await session.hang_up()
        await asyncio.wait_for(specialist.ended.wait(), 30)
        return session, specialist

    session, specialist = asyncio.run(consult())
    assert len(opened) == 2 and opened[0] == "after=0" and opened[1].startswith("after=")
    assert session.summary()["outcome"] == "completed"
    assert [m["type"] for m in specialist.received.messages].count("offer") == 1  # no second offer needed


def test_a_call_about_a_referral_the_hub_has_not_received_says_to_sync_first(hub: RunningHub) -> None:
    case = clinic(hub)
    case.referral_id = "01900000-0000-7000-8000-000000000000"
    events: list[CallEvent] = []
    session = station_call(case, events)
    asyncio.run(session.start())
    assert session.state == "failed"
    assert "Sync now" in session.words
    assert session.summary()["outcome"] == "failed" and session.summary()["connected_at"] is None


def test_a_call_nobody_answers_is_missed(tmp_path: Path) -> None:
    with run_hub(f"sqlite:///{tmp_path / 'hub.sqlite3'}", cookie_secure=False, call_ring_seconds=2.0) as hub:
        case = clinic(hub)
        events: list[CallEvent] = []
        session = station_call(case, events)

        async def ring() -> None:
            await session.start()
            assert await session.wait_ended(20)

        asyncio.run(ring())
    assert session.state == "ended" and session.words == WORDS["missed"]
    assert session.summary()["outcome"] == "missed"
