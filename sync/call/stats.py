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
    # What the other side reported (RTCP receiver reports) about the packets this side sends.
    peer_received: dict[str, int] = field(default_factory=dict)
    peer_lost: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Figures:
    rtt_s: float | None
    loss: float | None
    fps: float | None
    silent: bool  # nothing at all arrived during the interval


def counters(report: dict[str, Any], at: float, frames: int) -> Counters:
    out = Counters(at=at, frames=frames)
    for stats in report.values():
        kind = getattr(stats, "type", None)
        if kind == "inbound-rtp":
            received, lost = out.received, out.lost
        elif kind == "remote-inbound-rtp":
            received, lost = out.peer_received, out.peer_lost
        else:
            continue
        received[stats.kind] = received.get(stats.kind, 0) + max(0, int(stats.packetsReceived or 0))
        lost[stats.kind] = lost.get(stats.kind, 0) + max(0, int(stats.packetsLost or 0))
    return out


def _loss(received: dict[str, int], lost: dict[str, int], before_received: dict[str, int],
          before_lost: dict[str, int]) -> tuple[int, float | None]:
    """(packets that arrived, fraction lost) over the interval, all kinds together."""
    got = sum(max(0, received[k] - before_received.get(k, 0)) for k in received)
    missed = sum(max(0, lost.get(k, 0) - before_lost.get(k, 0)) for k in received)
    return got, (missed / (got + missed) if got + missed > 0 else None)


def figures(report: dict[str, Any], before: Counters | None, now: Counters, *,
            expect_video: bool) -> Figures:
    """The interval's figures. `expect_video`: the other side is meant to be sending pictures."""
    rtts = [s.roundTripTime for s in report.values()
            if getattr(s, "type", None) == "remote-inbound-rtp" and s.roundTripTime is not None]
    rtt = max(rtts) if rtts else None
    if before is None:
        return Figures(rtt, None, None, False)
    # Cumulative counters over the whole interval, audio and video together: one RTCP report's
    # fractionLost covers too few packets on a slow link and jumps around the true loss.
    total_got, loss_in = _loss(now.received, now.lost, before.received, before.lost)
    _sent, loss_out = _loss(now.peer_received, now.peer_lost, before.peer_received, before.peer_lost)
    losses = [x for x in (loss_in, loss_out) if x is not None]
    silent = total_got == 0
    if silent:
        losses.append(1.0)
    seconds = max(1e-3, now.at - before.at)
    video_arriving = now.received.get("video", 0) > before.received.get("video", 0)
    # No video packets but voice arriving: the other side is not sending pictures (camera off or
    # voice-only), which says nothing about the link. Packets without frames do say something.
    fps = (now.frames - before.frames) / seconds if expect_video and (video_arriving or silent) else None
    return Figures(rtt, max(losses) if losses else None, fps, silent)
