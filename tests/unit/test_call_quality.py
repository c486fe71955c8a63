"""The call's quality level follows the link without flapping: video pauses when it must, returns when it can."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

import pytest
from aiortc.stats import RTCInboundRtpStreamStats, RTCRemoteInboundRtpStreamStats
from hypothesis import given, settings
from hypothesis import strategies as st

from sync.call import stats
from sync.call.quality import LEVELS, QualityPolicy, Thresholds, judge

EDGE = (0.75, 0.02, 10.0)  # what a good EDGE call measures: 600 ms link + queue, 2% loss, 10 fps
CONGESTED = (1.6, 0.10, 5.0)
BROKEN = (3.5, 0.35, 1.0)


def feed(policy: QualityPolicy, sample: tuple[float | None, float | None, float | None], times: int) -> list[str]:
    return [policy.update(*sample) for _ in range(times)]


def test_an_edge_link_that_works_stays_good_for_a_whole_consult() -> None:
    policy = QualityPolicy()
    assert set(feed(policy, EDGE, 150)) == {"good"}  # 5 minutes of 2 s samples
    assert policy.worst == "good"


def test_one_bad_moment_does_not_pause_the_video() -> None:
    policy = QualityPolicy()
    assert policy.update(*BROKEN) == "good"
    assert policy.update(*EDGE) == "good"
    assert policy.update(*CONGESTED) == "good"
    assert policy.update(*EDGE) == "good"


def test_a_congested_link_steps_down_then_recovers_after_a_steady_while() -> None:
    policy = QualityPolicy()
    assert feed(policy, CONGESTED, 2) == ["good", "weak"]
    recovery = feed(policy, EDGE, 5)
    assert recovery == ["weak"] * 4 + ["good"]
    assert policy.worst == "weak"


def test_a_broken_link_goes_straight_to_voice_only_and_comes_back_one_step_at_a_time() -> None:
    policy = QualityPolicy()
    assert feed(policy, BROKEN, 2) == ["good", "audio_only"]
    # In voice-only nobody sends video: fps is unknown.
    back = feed(policy, (0.7, 0.01, None), 8)
    assert back == ["audio_only"] * 7 + ["weak"]
    assert feed(policy, EDGE, 5)[-1] == "good"
    assert policy.worst == "audio_only"


def test_the_worst_sample_of_a_bad_run_decides_where_it_lands() -> None:
    policy = QualityPolicy()
    policy.update(*CONGESTED)
    assert policy.update(*BROKEN) == "audio_only"


def test_samples_without_figures_change_nothing() -> None:
    policy = QualityPolicy()
    policy.update(*CONGESTED)
    assert feed(policy, (None, None, None), 10) == ["good"] * 10
    assert policy.update(*CONGESTED) == "weak"  # the run of bad samples was not broken by silence


def test_audio_only_by_hand_does_not_count_as_a_bad_link() -> None:
    policy = QualityPolicy()
    policy.force("audio_only")
    assert policy.level == "audio_only"
    assert policy.worst == "good"


@pytest.mark.parametrize(("sample", "level"), [
    ((0.6, 0.0, 10.0), "good"),
    ((1.2, 0.0, 10.0), "weak"),
    ((0.6, 0.08, 10.0), "weak"),
    ((0.6, 0.0, 5.9), "weak"),
    ((2.5, 0.0, 10.0), "audio_only"),
    ((0.6, 0.2, 10.0), "audio_only"),
    ((0.6, 0.0, 1.0), "audio_only"),
    ((None, 0.01, None), "good"),
    ((None, None, None), None),
])
def test_each_figure_alone_can_make_a_sample_worse(sample: tuple, level: str | None) -> None:
    assert judge(*sample, Thresholds()) == level


def test_impossible_loss_and_thresholds_are_refused() -> None:
    with pytest.raises(ValueError, match="loss"):
        QualityPolicy().update(0.5, 1.5, 10)
    with pytest.raises(ValueError):
        Thresholds(weak_rtt=3.0, audio_only_rtt=2.0)


samples = st.tuples(st.one_of(st.none(), st.floats(0, 5)), st.one_of(st.none(), st.floats(0, 1)),
                    st.one_of(st.none(), st.floats(0, 30)))


@settings(max_examples=200, deadline=None)
@given(st.lists(samples, min_size=1, max_size=80))
def test_the_level_never_flaps_and_worst_is_the_worst_level_reached(sequence: list[tuple]) -> None:
    limits = Thresholds()
    policy = QualityPolicy(limits)
    levels = [policy.update(*s) for s in sequence]
    changes = [i for i in range(1, len(levels)) if levels[i] != levels[i - 1]]
    if levels[0] != "good":
        changes.insert(0, 0)
    # Between two changes there are at least as many samples as the shortest run that may change it.
    shortest = min(limits.down_after, limits.up_after)
    assert all(b - a >= shortest for a, b in itertools.pairwise(changes))
    # Going up is one step at a time.
    ups = [(levels[i - 1], levels[i]) for i in changes if i > 0 and LEVELS.index(levels[i]) < LEVELS.index(levels[i - 1])]
    assert all(LEVELS.index(before) - LEVELS.index(after) == 1 for before, after in ups)
    assert policy.worst == max(["good", *levels], key=LEVELS.index)


def stats_report(at: float, received: dict[str, tuple[int, int]], sent: dict[str, tuple[int, int]],
                 rtt: float | None) -> dict:
    """A getStats report as aiortc builds it: inbound (received, lost) and remote-inbound per kind."""
    stamp = datetime.now(UTC)
    report: dict = {}
    for kind, (got, lost) in received.items():
        report[f"in-{kind}"] = RTCInboundRtpStreamStats(stamp, "inbound-rtp", f"in-{kind}", 1, kind, "t",
                                                        packetsReceived=got, packetsLost=lost, jitter=0)
    for kind, (got, lost) in sent.items():
        report[f"ri-{kind}"] = RTCRemoteInboundRtpStreamStats(
            stamp, "remote-inbound-rtp", f"ri-{kind}", 2, kind, "t", packetsReceived=got, packetsLost=lost,
            jitter=0, roundTripTime=rtt, fractionLost=0)
    return report


def interval(first: dict, second: dict, frames: tuple[int, int], expect_video: bool = True):
    before = stats.counters(first, 0.0, frames[0])
    now = stats.counters(second, 2.0, frames[1])
    return stats.figures(second, before, now, expect_video=expect_video)


def test_a_2_second_window_measures_loss_both_ways_rtt_and_frame_rate() -> None:
    first = stats_report(0, {"audio": (1000, 10), "video": (500, 5)}, {"audio": (900, 9), "video": (400, 4)}, 0.7)
    second = stats_report(2, {"audio": (1098, 12), "video": (538, 7)}, {"audio": (990, 19), "video": (440, 4)}, 0.8)
    got = interval(first, second, (100, 120))
    assert got.rtt_s == 0.8
    assert got.loss == pytest.approx(10 / 140)  # what the specialist missed of ours is the worse direction
    assert got.fps == pytest.approx(10.0)
    assert not got.silent


def test_no_pictures_while_voice_arrives_means_the_other_camera_is_off_not_a_bad_link() -> None:
    first = stats_report(0, {"audio": (1000, 0), "video": (500, 0)}, {}, None)
    second = stats_report(2, {"audio": (1100, 0), "video": (500, 0)}, {}, None)
    got = interval(first, second, (100, 100))
    assert got.fps is None and got.loss == 0 and got.rtt_s is None


def test_nothing_arriving_at_all_counts_as_total_loss() -> None:
    first = stats_report(0, {"audio": (1000, 0), "video": (500, 0)}, {}, 0.7)
    got = interval(first, first, (100, 100))
    assert got.silent and got.loss == 1.0 and got.fps == 0
    assert judge(got.rtt_s, got.loss, got.fps, Thresholds()) == "audio_only"


def test_pictures_are_not_expected_when_the_other_side_went_voice_only() -> None:
    first = stats_report(0, {"audio": (1000, 0), "video": (500, 0)}, {}, 0.7)
    second = stats_report(2, {"audio": (1100, 0), "video": (520, 0)}, {}, 0.7)
    assert interval(first, second, (100, 101), expect_video=False).fps is None
