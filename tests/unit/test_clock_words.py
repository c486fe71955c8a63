"""How far off a clock is, said the same way by the self-check and by sync (the unit is chosen
after rounding: never "365 days" in one place and "1 year" in the other)."""

from __future__ import annotations

import pytest

from sync.client import clock_warning, describe_span
from sync.selfcheck import clock_check

DAY = 86400


@pytest.mark.parametrize(("seconds", "words"), [
    (364.6 * DAY, "1 year"), (365 * DAY, "1 year"), (400 * DAY, "1 year"), (2 * 365 * DAY, "2 years"),
    (364.4 * DAY, "364 days"), (23.6 * 3600, "1 day"), (59.7 * 60, "1 hour"), (2 * DAY + 600, "2 days"),
    (40 * DAY, "40 days"), (600, "10 minutes"), (30, "30 seconds"),
])
def test_a_span_is_named_in_the_unit_it_rounds_to(seconds: float, words: str) -> None:
    assert describe_span(seconds) == words


@pytest.mark.parametrize("offset", [364.7 * DAY, -364.7 * DAY, 3 * 3600])
def test_the_self_check_and_sync_say_the_same_span(offset: float) -> None:
    span = describe_span(abs(offset))
    warning = clock_warning(offset)
    assert warning is not None and f" {span} " in warning
    assert f" {span} " in clock_check(offset).words
