"""The specialist's browser reports its own link; the hub relays only sane figures, and the station's
one policy judges the worse of both ends."""

from __future__ import annotations

import json

import pytest

from hub.calls import messages
from sync.call.quality import QualityPolicy, Sample, judge, link_sample, merge


def test_a_link_report_from_the_specialist_is_relayed_with_its_figures_only() -> None:
    raw = json.dumps({"type": "link", "rtt": 0.61234567, "loss": 0.02, "fps": 9.5, "kbps": None, "extra": "x"})
    assert messages.parse(raw, "specialist") == {"type": "link", "rtt": 0.6123, "loss": 0.02, "fps": 9.5,
                                                 "kbps": None}


@pytest.mark.parametrize("figures, complaint", [
    ({"rtt": -1}, "link.rtt"),
    ({"loss": 1.5}, "link.loss"),
    ({"fps": "ten"}, "link.fps"),
    ({"kbps": True}, "link.kbps"),
    ({"kbps": 1e9}, "link.kbps"),
])
def test_impossible_link_figures_are_refused_naming_the_field(figures: dict, complaint: str) -> None:
    with pytest.raises(messages.SignalError, match=complaint):
        messages.parse(json.dumps({"type": "link", **figures}), "specialist")


def test_only_the_specialist_sends_link_reports() -> None:
    with pytest.raises(messages.SignalError, match="cannot be sent by the station"):
        messages.parse(json.dumps({"type": "link", "rtt": 0.5}), "station")


def test_the_worse_end_decides_and_missing_or_negative_figures_are_ignored() -> None:
    here = Sample(rtt_s=0.7, loss=0.02, fps=10.0)
    there = Sample(rtt_s=2.8, loss=None, fps=4.0, kbps=90.0)
    assert merge(here, there) == Sample(2.8, 0.02, 4.0, 90.0)
    assert merge(here, None) == here
    assert merge(Sample(rtt_s=-0.2), Sample(loss=0.01)) == Sample(None, 0.01, None, None)


def test_the_browsers_own_bitrate_estimate_alone_can_pause_video() -> None:
    assert judge(None, None, None, QualityPolicy().limits, kbps=300.0) == "good"
    assert judge(None, None, None, QualityPolicy().limits, kbps=80.0) == "weak"
    assert judge(None, None, None, QualityPolicy().limits, kbps=30.0) == "audio_only"
    policy = QualityPolicy()
    assert [policy.update(None, None, None, 30.0) for _ in range(2)] == ["good", "audio_only"]


def test_a_relayed_link_report_becomes_a_sample() -> None:
    relayed = {"type": "link", "rtt": 1.5, "loss": 0.1, "fps": None, "kbps": 120.0, "seq": 7}
    assert link_sample(relayed) == Sample(1.5, 0.1, None, 120.0)
    assert link_sample({"type": "link"}) == Sample()
