"""The station's call session against what the hub or the other side hands it: the hub's
relay-only policy in a conference, the words for an unreachable relay, and a specialist's claims."""

from __future__ import annotations

import asyncio
from typing import Any

ACCESS = {"url": "http://127.0.0.1:1/janus", "token": "t", "room": 7, "room_token": "r", "display": "station:BHU"}


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


def test_the_specialists_quality_claim_does_not_stop_the_station_judging_the_frames_it_receives(
        monkeypatch: Any) -> None:
    from sync.call import session as call_session
    from sync.call.media import open_local
    from sync.call.speaker import Speaker
    from sync.call.stats import Figures

    call = call_session.CallSession(lambda: None, "ref", "pat", media=open_local(None, None, synthetic=True),
                                    on_event=lambda e: None, speaker=Speaker(backends=()), profile=None,
                                    stats_every=0.0)
    judged: list[bool] = []

    class Peer:
        async def getStats(self) -> dict[str, Any]:
            return {}

    def figures(report: Any, before: Any, now: Any, *, expect_video: bool) -> Figures:
        judged.append(expect_video)
        if len(judged) >= 3:
            call._finished = True
        return Figures(None, None, None, False)

    monkeypatch.setattr(call_session, "figures", figures)
    call.pc = Peer()  # type: ignore[assignment]

    async def scenario() -> None:
        # A specialist's page (or anyone holding its socket) says "voice only" once, and never again.
        await call._on_signal({"type": "quality", "level": "audio_only"})
        await call._watch_stats()

    asyncio.run(scenario())
    call.media.close()
    assert judged == [True, True, True]
