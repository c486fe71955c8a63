"""From aiortc's getStats reports to the figures the quality policy takes: RTT, loss and received fps.

aiortc reports cumulative counters; the figures are per interval (the difference between two
reports). RTT comes from the RTCP receiver reports about what this side sends (aiortc has no
transport-cc), loss from both directions, fps from the frames the call actually decoded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Counters:
    at: float  # monotonic seconds
    received: dict[str, int] = field(default_factory=dict)  # packets received per kind
    lost: dict[str, int] = field(default_factory=dict)  # packets lost per kind
    frames: int = 0  # remote video frames decoded so far


@dataclass(frozen=True)
class Figures:
    rtt_s: float | None
    loss: float | None
    fps: float | None
    silent: bool  # nothing at all arrived during the interval


def counters(report: dict[str, Any], at: float, frames: int) -> Counters:
    out = Counters(at=at, frames=frames)
    for stats in report.values():
        if getattr(stats, "type", None) == "inbound-rtp":
            out.received[stats.kind] = out.received.get(stats.kind, 0) + int(stats.packetsReceived or 0)
            out.lost[stats.kind] = out.lost.get(stats.kind, 0) + max(0, int(stats.packetsLost or 0))
    return out


def figures(report: dict[str, Any], before: Counters | None, now: Counters, *,
            expect_video: bool) -> Figures:
    """The interval's figures. `expect_video`: the other side is meant to be sending pictures."""
    rtts = [s.roundTripTime for s in report.values()
            if getattr(s, "type", None) == "remote-inbound-rtp" and s.roundTripTime is not None]
    # fractionLost is the RTCP 8-bit fraction (0..255) of what the other side missed of ours.
    sent_losses = [min(1.0, s.fractionLost / 256) for s in report.values()
                   if getattr(s, "type", None) == "remote-inbound-rtp" and s.fractionLost is not None]
    rtt = max(rtts) if rtts else None
    if before is None:
        return Figures(rtt, max(sent_losses) if sent_losses else None, None, False)
    got = {k: now.received.get(k, 0) - before.received.get(k, 0) for k in now.received}
    missed = {k: max(0, now.lost.get(k, 0) - before.lost.get(k, 0)) for k in now.received}
    total_got, total_missed = sum(got.values()), sum(missed.values())
    losses = list(sent_losses)
    if total_got + total_missed > 0:
        losses.append(total_missed / (total_got + total_missed))
    silent = total_got == 0
    if silent:
        losses.append(1.0)
    seconds = max(1e-3, now.at - before.at)
    video_arriving = got.get("video", 0) > 0
    # No video packets but voice arriving: the other side is not sending pictures (camera off or
    # voice-only), which says nothing about the link. Packets without frames do say something.
    fps = (now.frames - before.frames) / seconds if expect_video and (video_arriving or silent) else None
    return Figures(rtt, max(losses) if losses else None, fps, silent)
