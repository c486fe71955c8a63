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
