"""The one place that tunes aiortc and aioice for poor links (2G/EDGE-class: ~256 kbit/s, 600 ms RTT, loss).

aiortc's defaults drop calls on such links within about 30 s: VP8 never goes below 250 kbit/s,
Opus is fixed at 96 kbit/s stereo, and aioice's consent check gives up on any answer slower
than 0.5 s. These knobs are module constants of the two libraries, so they are set here, for
the whole process, and only for the exact versions this was measured with (pinned in
pyproject.toml): a different version may have moved or renamed them.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass
from typing import Any

import aioice
import aioice.stun
import aiortc
import aiortc.codecs
import aiortc.codecs.opus
import aiortc.codecs.vpx
from aiortc.codecs.opus import OpusEncoder
from aiortc.rtcrtpreceiver import NackGenerator
from av import AudioResampler

PINNED = {"aiortc": "1.16.0", "aioice": "0.13.0"}


@dataclass(frozen=True)
class MediaProfile:
    """What a call sends, and how patient the connection checks are."""

    name: str
    width: int = 320
    height: int = 240
    fps: float = 10.0
    weak_width: int = 160  # the picture size on a weak link (resolution stepped down)
    weak_height: int = 120
    video_start_bps: int = 80_000
    video_min_bps: int = 40_000
    video_max_bps: int = 150_000
    audio_bps: int = 16_000
    audio_channels: int = 1
    audio_loss_percent: int = 5  # tells Opus to add in-band FEC for this much expected loss
    stun_retry_seconds: float = 3.0  # first STUN retransmission timeout (consent checks wait this long)

    def __post_init__(self) -> None:
        if not 0 < self.video_min_bps <= self.video_start_bps <= self.video_max_bps:
            raise ValueError("video bitrates must satisfy 0 < min <= start <= max")
        if self.audio_channels not in (1, 2):
            raise ValueError("audio_channels must be 1 (mono) or 2 (stereo)")
        if not 6_000 <= self.audio_bps <= 510_000:
            raise ValueError("audio_bps must be between 6000 and 510000 (Opus limits)")
        if self.fps <= 0 or min(self.width, self.height, self.weak_width, self.weak_height) <= 0:
            raise ValueError("fps and picture sizes must be positive")
        if self.width % 2 or self.height % 2 or self.weak_width % 2 or self.weak_height % 2:
            raise ValueError("picture sizes must be even (VP8 encodes 4:2:0)")
        if self.stun_retry_seconds <= 0:
            raise ValueError("stun_retry_seconds must be positive")

    @property
    def video_kbps(self) -> int:
        return self.video_max_bps // 1000

    @property
    def audio_kbps(self) -> int:
        # RTP/UDP/IP headers every 20 ms cost ~24 kbit/s on top of the codec's rate.
        return self.audio_bps // 1000 + 24


# 320x240 at 10 fps held a stable ~10 fps call at ~116 kbit/s video on 256 kbit/s, 600 ms RTT, 2% loss.
LOW_BANDWIDTH = MediaProfile("low_bandwidth")


@dataclass(frozen=True)
class _Defaults:
    vp8_default: int
    vp8_min: int
    vp8_max: int
    retry_rto: float
    opus_encoder: type[OpusEncoder]


_DEFAULTS = _Defaults(
    vp8_default=aiortc.codecs.vpx.DEFAULT_BITRATE,
    vp8_min=aiortc.codecs.vpx.MIN_BITRATE,
    vp8_max=aiortc.codecs.vpx.MAX_BITRATE,
    retry_rto=aioice.stun.RETRY_RTO,
    opus_encoder=aiortc.codecs.OpusEncoder,
)
_active: MediaProfile | None = None


class UnsupportedVersion(RuntimeError):
    """aiortc or aioice is not the version the low-bandwidth settings were measured with."""


def check_versions() -> None:
    found = {"aiortc": aiortc.__version__, "aioice": aioice.__version__}
    wrong = [f"{name} {found[name]} (needs {want})" for name, want in PINNED.items() if found[name] != want]
    if wrong:
        raise UnsupportedVersion(
            "Video calls were tuned for poor links with specific library versions; installed: "
            + ", ".join(wrong) + ". Reinstall the program (or `pip install -e .[video]`)."
        )


def _opus_encoder_for(profile: MediaProfile) -> type[OpusEncoder]:
    base: type[OpusEncoder] = _DEFAULTS.opus_encoder
    layout = "mono" if profile.audio_channels == 1 else "stereo"

    class LowRateOpusEncoder(base):  # type: ignore[valid-type, misc]  # a class chosen at run time
        """aiortc's Opus encoder at the profile's rate and channel count, with in-band FEC."""

        def __init__(self) -> None:
            super().__init__()
            self.codec.bit_rate = profile.audio_bps
            self.codec.layout = layout
            self.codec.options = {"application": "voip", "fec": "1",
                                  "packet_loss": str(profile.audio_loss_percent)}
            self.resampler = AudioResampler(format="s16", layout=layout, rate=aiortc.codecs.opus.SAMPLE_RATE,
                                            frame_size=aiortc.codecs.opus.SAMPLES_PER_FRAME)

    LowRateOpusEncoder.profile = profile
    return LowRateOpusEncoder


def apply(profile: MediaProfile) -> None:
    """Tune aiortc/aioice for `profile`, for every call of this process from now on. Idempotent."""
    global _active
    check_versions()
    if _active == profile:
        return
    aiortc.codecs.vpx.DEFAULT_BITRATE = profile.video_start_bps
    aiortc.codecs.vpx.MIN_BITRATE = profile.video_min_bps
    aiortc.codecs.vpx.MAX_BITRATE = profile.video_max_bps
    # Read by every new STUN transaction; consent checks are sent once and wait this long.
    aioice.stun.RETRY_RTO = profile.stun_retry_seconds
    # get_encoder() looks the class up in its module at call time.
    aiortc.codecs.OpusEncoder = _opus_encoder_for(profile)  # type: ignore[misc]  # patched on purpose
    _active = profile


def restore_defaults() -> None:
    """Put aiortc/aioice back as they ship (used to show what the defaults do on a poor link)."""
    global _active
    aiortc.codecs.vpx.DEFAULT_BITRATE = _DEFAULTS.vp8_default
    aiortc.codecs.vpx.MIN_BITRATE = _DEFAULTS.vp8_min
    aiortc.codecs.vpx.MAX_BITRATE = _DEFAULTS.vp8_max
    aioice.stun.RETRY_RTO = _DEFAULTS.retry_rto
    aiortc.codecs.OpusEncoder = _DEFAULTS.opus_encoder  # type: ignore[misc]  # patched on purpose
    _active = None


def active() -> MediaProfile | None:
    """The profile in force, or None when aiortc runs with its own defaults."""
    return _active


_MEDIA_LINE = re.compile(r"^m=(audio|video) ", re.MULTILINE)


def with_bandwidth(sdp: str, profile: MediaProfile) -> str:
    """`sdp` with a b=AS line per audio/video section: browsers keep what they send under it.

    The line goes right after the section's c= line (RFC 4566 order); existing b= lines are replaced.
    """
    limits = {"audio": profile.audio_kbps, "video": profile.video_kbps}
    eol = "\r\n" if "\r\n" in sdp else "\n"
    out: list[str] = []
    kind: str | None = None
    for line in sdp.split(eol):
        match = _MEDIA_LINE.match(line)
        if line.startswith("m="):
            kind = match.group(1) if match else None
        if kind and line.startswith("b="):
            continue
        out.append(line)
        if kind and line.startswith("c="):
            out.append(f"b=AS:{limits[kind]}")
    return eol.join(out)


def ask_for_lost_video(receiver: Any, ask: bool) -> None:
    """Whether aiortc asks the other side to resend lost video packets (NACK) on `receiver`.

    While the call is voice only, video that is still on its way will not be shown: asking for
    its lost packets only makes the other side resend them over a link that is already too
    weak (aiortc 1.16 keeps up to 128 packets asked for). Asking again starts from a clean slate.
    """
    attribute = "_RTCRtpReceiver__nack_generator"
    if not hasattr(receiver, attribute):
        return  # another aiortc: it keeps asking, which costs bandwidth but breaks nothing
    if not ask and getattr(receiver, attribute) is not None:
        setattr(receiver, attribute, None)
        _paused_nack.add(receiver)
    elif ask and receiver in _paused_nack:  # only where NACK was negotiated in the first place
        _paused_nack.discard(receiver)
        setattr(receiver, attribute, NackGenerator())


_paused_nack: weakref.WeakSet[Any] = weakref.WeakSet()
