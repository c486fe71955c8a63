"""The low-bandwidth profile really changes what aiortc sends and how long aioice waits for answers."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator

import aioice
import aioice.stun
import aiortc
import aiortc.codecs
import aiortc.codecs.vpx
import pytest
from aiortc import RTCPeerConnection
from aiortc.rtcrtpparameters import RTCRtpCodecParameters
from aiortc.sdp import SessionDescription
from hypothesis import given, settings
from hypothesis import strategies as st

from sync.call import profile
from sync.call.media import SyntheticVideoTrack, ToneAudioTrack
from sync.call.profile import LOW_BANDWIDTH, MediaProfile

OPUS = RTCRtpCodecParameters(mimeType="audio/opus", clockRate=48000, channels=2, payloadType=111)
VP8 = RTCRtpCodecParameters(mimeType="video/VP8", clockRate=90000, payloadType=96)


@pytest.fixture(autouse=True)
def shipped_defaults() -> Iterator[None]:
    profile.restore_defaults()
    yield
    profile.restore_defaults()


def sent_bits_per_second(codec: RTCRtpCodecParameters, seconds: float) -> float:
    """Encode `seconds` of synthetic media with whatever encoder aiortc would pick now."""
    encoder = aiortc.codecs.get_encoder(codec)
    video = codec.mimeType.startswith("video")
    track = SyntheticVideoTrack(320, 240, 10) if video else ToneAudioTrack()
    frames = int(seconds * (10 if video else 50))

    async def run() -> int:
        total = 0
        for _ in range(frames):
            track._start = time.monotonic() - 3600  # no real-time pacing: encode as fast as possible
            payloads, _timestamp = encoder.encode(await track.recv())
            total += sum(len(p) for p in payloads)
        return total

    return asyncio.run(run()) * 8 / seconds


def test_the_shipped_defaults_send_more_than_an_edge_link_carries() -> None:
    # Why the profile exists: 250 kbit/s of VP8 floor alone fills a 256 kbit/s link.
    assert aiortc.codecs.vpx.MIN_BITRATE >= 250_000
    assert sent_bits_per_second(VP8, 6) > 200_000
    assert sent_bits_per_second(OPUS, 2) > 60_000


def test_the_low_bandwidth_profile_sends_video_and_voice_within_a_2g_budget() -> None:
    profile.apply(LOW_BANDWIDTH)
    video = sent_bits_per_second(VP8, 6)
    voice = sent_bits_per_second(OPUS, 2)
    assert LOW_BANDWIDTH.video_min_bps * 0.5 <= video <= LOW_BANDWIDTH.video_max_bps
    assert 10_000 <= voice <= 20_000
    encoder = aiortc.codecs.get_encoder(OPUS)
    assert encoder.codec.layout.name == "mono"


@pytest.mark.parametrize(("remb", "expected"), [(10_000, 40_000), (90_000, 90_000), (2_000_000, 150_000)])
def test_the_receivers_bitrate_estimate_is_held_within_the_profiles_range(remb: int, expected: int) -> None:
    profile.apply(LOW_BANDWIDTH)
    encoder = aiortc.codecs.get_encoder(VP8)
    assert encoder.target_bitrate == LOW_BANDWIDTH.video_start_bps
    encoder.target_bitrate = remb
    assert encoder.target_bitrate == expected


class SlowPeer:
    """Answers every STUN request after `delay` seconds (a 2G round trip with its queue)."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self.transaction: aioice.stun.Transaction | None = None

    def send_stun(self, message: aioice.stun.Message, addr: tuple[str, int]) -> None:
        response = aioice.stun.Message(message_method=message.message_method,
                                       message_class=aioice.stun.Class.RESPONSE,
                                       transaction_id=message.transaction_id)
        loop = asyncio.get_running_loop()
        loop.call_later(self.delay, lambda: self.transaction.response_received(response, addr))


def consent_check(delay: float) -> bool:
    """One consent check as aioice sends it (no retransmission): answered in time or not."""

    async def run() -> bool:
        peer = SlowPeer(delay)
        request = aioice.stun.Message(message_method=aioice.stun.Method.BINDING,
                                      message_class=aioice.stun.Class.REQUEST)
        peer.transaction = aioice.stun.Transaction(request, ("10.77.0.2", 5000), peer, retransmissions=0)
        try:
            await peer.transaction.run()
            return True
        except aioice.stun.TransactionTimeout:
            return False

    return asyncio.run(run())


@pytest.mark.parametrize("rtt", [0.6, 0.9, 2.0])
def test_consent_checks_survive_a_slow_round_trip_only_with_the_profile(rtt: float) -> None:
    assert not consent_check(rtt), "the shipped defaults should give up after 0.5 s"
    profile.apply(LOW_BANDWIDTH)
    assert consent_check(rtt)


def test_apply_is_idempotent_and_restore_puts_everything_back() -> None:
    shipped = (aiortc.codecs.vpx.MIN_BITRATE, aiortc.codecs.vpx.MAX_BITRATE, aiortc.codecs.vpx.DEFAULT_BITRATE,
               aioice.stun.RETRY_RTO, aiortc.codecs.OpusEncoder)
    profile.apply(LOW_BANDWIDTH)
    encoder_class = aiortc.codecs.OpusEncoder
    profile.apply(LOW_BANDWIDTH)
    assert aiortc.codecs.OpusEncoder is encoder_class
    assert profile.active() == LOW_BANDWIDTH
    assert (aiortc.codecs.vpx.MIN_BITRATE, aioice.stun.RETRY_RTO) == (40_000, 3.0)
    profile.restore_defaults()
    assert (aiortc.codecs.vpx.MIN_BITRATE, aiortc.codecs.vpx.MAX_BITRATE, aiortc.codecs.vpx.DEFAULT_BITRATE,
            aioice.stun.RETRY_RTO, aiortc.codecs.OpusEncoder) == shipped
    assert profile.active() is None


@pytest.mark.parametrize(("library", "module"), [("aiortc", aiortc), ("aioice", aioice)])
def test_another_library_version_is_refused_with_what_to_do(
        monkeypatch: pytest.MonkeyPatch, library: str, module: object) -> None:
    monkeypatch.setattr(module, "__version__", "9.9.9")
    with pytest.raises(profile.UnsupportedVersion, match=rf"{library} 9\.9\.9 \(needs .*Reinstall"):
        profile.apply(LOW_BANDWIDTH)
    assert profile.active() is None
    assert aiortc.codecs.vpx.MIN_BITRATE == 250_000


@pytest.mark.parametrize(("field", "value"), [
    ("video_min_bps", 0), ("video_start_bps", 20_000), ("audio_channels", 3), ("audio_bps", 1000),
    ("width", 321), ("fps", 0), ("stun_retry_seconds", 0)])
def test_a_profile_with_impossible_figures_is_refused(field: str, value: float) -> None:
    with pytest.raises(ValueError):
        MediaProfile("bad", **{field: value})


def offer_sdp() -> str:
    async def run() -> str:
        pc = RTCPeerConnection()
        pc.addTransceiver("audio")
        pc.addTransceiver("video")
        await pc.setLocalDescription(await pc.createOffer())
        sdp = pc.localDescription.sdp
        await pc.close()
        return sdp

    return asyncio.run(run())


@pytest.fixture(scope="module")
def real_offer() -> str:
    return offer_sdp()


def test_the_offer_tells_the_other_side_how_much_it_may_send(real_offer: str) -> None:
    limited = profile.with_bandwidth(real_offer, LOW_BANDWIDTH)
    parsed = SessionDescription.parse(limited)
    assert [m.kind for m in parsed.media] == ["audio", "video"]
    sections = limited.split("\r\nm=")[1:]
    assert f"b=AS:{LOW_BANDWIDTH.audio_kbps}" in sections[0]
    assert f"b=AS:{LOW_BANDWIDTH.video_kbps}" in sections[1]
    for section in sections:
        lines = section.split("\r\n")
        c_line = next(i for i, line in enumerate(lines) if line.startswith("c="))
        assert lines[c_line + 1].startswith("b=AS:")
    assert profile.with_bandwidth(limited, LOW_BANDWIDTH) == limited  # lines are replaced, not added


@settings(max_examples=30, deadline=None)
@given(video=st.integers(80, 2000), audio=st.integers(10, 120))
def test_existing_bandwidth_lines_are_replaced(real_offer: str, video: int, audio: int) -> None:
    sdp = real_offer.replace("\r\nc=IN IP4 0.0.0.0", f"\r\nc=IN IP4 0.0.0.0\r\nb=AS:{video}", 2)
    limited = profile.with_bandwidth(sdp.replace(f"b=AS:{video}", f"b=AS:{audio}", 1), LOW_BANDWIDTH)
    assert limited.count("b=AS:") == 2
    assert f"b=AS:{video}" not in limited or video in (LOW_BANDWIDTH.video_kbps, LOW_BANDWIDTH.audio_kbps)
