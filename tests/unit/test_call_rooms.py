"""Whose picture the station receives in a call through the SFU: the specialist who speaks."""

from __future__ import annotations

import asyncio
from typing import Any

from sync.call.rooms import StationRooms

ACCESS = {"url": "http://127.0.0.1:1/janus", "token": "t", "room": 7, "room_token": "r", "display": "station:BHU"}


class Watched(StationRooms):
    """The rooms' choice of picture, without Janus: `_show` only records the feed asked for."""

    def __init__(self) -> None:
        super().__init__(ACCESS, None)
        self.asked: list[int] = []

    async def _show(self, feed: int) -> None:
        self.asked.append(feed)
        self.showing = feed


def voice(kind: str, **data: Any) -> dict[str, Any]:
    return {"janus": "event", "plugindata": {"data": {"audiobridge": kind, **data}}}


def room(**data: Any) -> dict[str, Any]:
    return {"janus": "event", "plugindata": {"data": {"videoroom": "event", **data}}}


def test_the_first_specialist_is_shown_then_whoever_speaks_and_never_the_station_itself() -> None:
    async def scenario() -> list[int]:
        rooms = Watched()
        rooms._note_publishers([{"id": 11, "display": "specialist:Dr Sana Khan"}])
        rooms._room_event(room(publishers=[{"id": 12, "display": "specialist:Dr Imran Baloch"},
                                           {"id": 13, "display": "station:BHU"}]))
        rooms._voice_event(voice("event", participants=[{"id": 1, "display": "specialist:Dr Imran Baloch"},
                                                        {"id": 2, "display": "station:BHU"}]))
        await asyncio.sleep(0)
        assert rooms.asked == [11], "the first specialist's picture, until someone speaks"
        rooms._voice_event(voice("talking", id=2))  # the station itself: no change
        rooms._voice_event(voice("talking", id=1))
        await asyncio.sleep(0)
        rooms._voice_event(voice("talking", id=99))  # someone not (yet) known: no change
        await asyncio.sleep(0)
        return rooms.asked

    assert asyncio.run(scenario()) == [11, 12]


def test_when_the_shown_specialist_leaves_another_is_shown() -> None:
    async def scenario() -> list[int]:
        rooms = Watched()
        rooms._note_publishers([{"id": 11, "display": "specialist:Dr Sana Khan"},
                                {"id": 12, "display": "specialist:Dr Imran Baloch"}])
        await asyncio.sleep(0)
        rooms._room_event(room(unpublished=11))
        await asyncio.sleep(0)
        return rooms.asked

    assert asyncio.run(scenario()) == [11, 12]


def test_a_conference_call_keeps_the_hubs_relay_only_policy(monkeypatch: Any) -> None:
    """--relay-only on the hub: the station's connections to Janus use the TURN relay only, as 1:1 calls do."""
    from aiortc.rtcconfiguration import RTCIceTransportPolicy

    from sync.call import session as call_session
    from sync.call.media import open_local
    from sync.call.speaker import Speaker

    built: list[Any] = []

    class Rooms:
        def __init__(self, access: dict[str, Any], configuration: Any) -> None:
            built.append(configuration)
            raise RuntimeError("no Janus in this test")

    class Client:
        def close(self) -> None:
            pass

    monkeypatch.setattr(call_session, "StationRooms", Rooms)
    call = call_session.CallSession(Client, "ref", "pat", media=open_local(None, None, synthetic=True),
                                    on_event=lambda e: None, speaker=Speaker(backends=()), profile=None)
    turn = [{"urls": ["turn:turn.example.org:3478"], "username": "1:s", "credential": "c"}]
    monkeypatch.setattr(call, "_create_call", lambda: {"conference": ACCESS, "ice_servers": turn,
                                                       "ice_transport_policy": "relay"})
    asyncio.run(call.start())
    assert call.state == "failed"
    assert [c.iceTransportPolicy for c in built] == [RTCIceTransportPolicy.RELAY]


def test_under_relay_only_an_unreachable_relay_is_said_to_end_the_call_not_to_try_a_direct_path(
        monkeypatch: Any) -> None:
    import socket

    from sync.call import problems
    from sync.call import session as call_session
    from sync.call.media import open_local
    from sync.call.speaker import Speaker

    with socket.socket() as probe:  # a port nobody listens on: the relay cannot be reached
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    turn = [{"urls": [f"turn:127.0.0.1:{port}?transport=tcp"], "username": "1:s", "credential": "c"}]
    said: dict[str, bool] = {}
    for policy in ("relay", "all"):
        call = call_session.CallSession(lambda: None, "ref", "pat", media=open_local(None, None, synthetic=True),
                                        on_event=lambda e: None, speaker=Speaker(backends=()), profile=None)

        async def gathered(servers: Any, chosen: str, call: Any = call) -> None:
            call._offer = {"type": "offer", "sdp": "v=0\r\n"}  # gathering gave no relay candidate

        monkeypatch.setattr(call, "_gather", gathered)
        said[policy] = asyncio.run(call._offer_media(turn, policy))
        if policy == "relay":
            assert call.state == "failed" and call.words == problems.RELAY_ONLY_UNREACHABLE
        else:
            call.media.close()
    assert said == {"relay": False, "all": True}


def test_events_refused_by_janus_are_asked_for_again_after_a_pause_not_in_a_tight_loop(monkeypatch: Any) -> None:
    """A Janus that restarted (no such session) or an expired token answers every poll at once."""
    from sync.call import janus as janus_client

    session = janus_client.JanusSession("http://127.0.0.1:1/janus", "t")
    session.session_id = 42
    polls: list[str] = []
    pauses: list[float] = []

    class Refused:
        def json(self) -> dict[str, Any]:
            return {"janus": "error", "session_id": 42, "error": {"code": 458, "reason": "No such session 42"}}

    def get(url: str, **_: Any) -> Refused:
        polls.append(url)
        if len(polls) >= 5:
            session.session_id = None  # the call ends
        return Refused()

    async def pause(seconds: float) -> None:
        pauses.append(seconds)

    monkeypatch.setattr(session._http, "get", get)
    monkeypatch.setattr(janus_client.asyncio, "sleep", pause)
    asyncio.run(asyncio.wait_for(session._poll(), 10))
    assert len(polls) == 5 and pauses == [1, 1, 1, 1, 1]
