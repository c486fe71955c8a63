"""The link emulator's model of a rural link: loss, a rate-limited queue, a fixed delay.

These check the arithmetic without root; tests/e2e/test_sync_links.py checks real packets.
"""

from __future__ import annotations

import math
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.support.linkemu import EDGE, THREE_G, Direction, Profile


@pytest.mark.parametrize("profile", [EDGE, THREE_G], ids=lambda p: p.name)
def test_a_lone_packet_arrives_after_its_sending_time_and_half_the_round_trip(profile: Profile) -> None:
    lossless = Profile(profile.name, profile.rate, profile.rtt, 0.0)
    link = Direction(lossless, random.Random(1))
    at = link.admit(1500, now=10.0)
    assert at == pytest.approx(10.0 + 1500 * 8 / profile.rate + profile.rtt / 2)


@given(sizes=st.lists(st.integers(40, 1500), min_size=1, max_size=200))
def test_a_burst_leaves_at_the_link_rate_in_order_and_overflow_is_dropped(sizes: list[int]) -> None:
    profile = Profile("test", 100_000, 0.6, 0.0, queue_seconds=1.0)
    link = Direction(profile, random.Random(2))
    arrivals = [link.admit(size, now=0.0) for size in sizes]
    kept = [(size, at) for size, at in zip(sizes, arrivals, strict=True) if at is not None]
    # Delivered packets leave one after another at the rate, then travel half the round trip.
    sent = 0
    for size, at in kept:
        sent += size
        assert at == pytest.approx(sent * 8 / profile.rate + profile.rtt / 2)
    # Nothing is dropped while the queue has room; once full, the queue holds at most its size.
    assert sum(s for s, _ in kept) <= profile.queue_bytes
    first_drop = next((i for i, at in enumerate(arrivals) if at is None), None)
    if first_drop is not None:
        assert sum(sizes[: first_drop + 1]) > profile.queue_bytes
    assert link.stats["queue_drops"] == len(sizes) - len(kept)


@pytest.mark.parametrize("profile", [EDGE, THREE_G], ids=lambda p: p.name)
def test_random_loss_matches_the_profile(profile: Profile) -> None:
    link = Direction(profile, random.Random(3))
    n = 20_000
    for i in range(n):
        link.admit(100, now=i * 1.0)  # far apart: the queue never fills
    lost = link.stats["lost"]
    spread = 4 * math.sqrt(n * profile.loss * (1 - profile.loss))
    assert abs(lost - n * profile.loss) <= spread
    assert link.stats["queue_drops"] == 0


def test_a_cut_link_loses_everything_until_restored() -> None:
    link = Direction(EDGE, random.Random(4))
    link.down = True
    assert all(link.admit(500, now=float(i)) is None for i in range(50))
    link.down = False
    assert sum(link.admit(500, now=100.0 + i) is not None for i in range(50)) >= 40
