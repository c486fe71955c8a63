"""A clinic computer whose clock is far off (a dead CMOS battery) still syncs in order, with a warning."""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest

from station import referrals
from station.records import Advice, Referral
from sync import status
from sync.client import clock_warning
from sync.engine import SyncEngine
from sync.wire.ids import HybridClock
from tests.support import sync_station as clinic
from tests.support.server import RunningHub

YEAR = 365 * 86400


@pytest.mark.parametrize(("offset", "words"), [
    (-3 * YEAR - 86400, "3 years behind the hub's"),
    (2 * 86400 + 600, "2 days ahead of the hub's"),
    (-7 * 3600, "7 hours behind the hub's"),
])
def test_a_station_with_a_wrong_clock_syncs_in_order_and_says_so(hub: RunningHub, tmp_path: Path, offset: float,
                                                                 words: str) -> None:
    def wrong_clock() -> float:
        return time.time() + offset

    new = hub.new_station("BHU Jhok", "Thatta")
    store = clinic.create_station(tmp_path / "station", hub.base_url, new.code)
    store.clock = HybridClock(store.station_id, None, wall=wrong_clock)
    rng = random.Random(4)
    patient = clinic.register(store, rng)
    referral = clinic.refer(store, patient, clinic.consultation(store, patient, rng), rng)

    engine = SyncEngine(store, wall=wrong_clock)
    first = engine.sync_once()
    assert first.ok, first.lines()  # signatures are dated with the hub's time, learnt from its answers
    current = status.read(store)
    assert current.clock_warning is not None and words in current.clock_warning
    assert any("set the correct date and time" in line for line in current.lines())

    advice_id = clinic.answer(hub.engine, new.station_id, referral.id, patient.id)
    assert engine.sync_once().ok
    advice = store.get(Advice, advice_id)
    answered = store.get(Referral, referral.id)
    # The station's own change made after the advice arrived is ordered after it, whatever its clock says.
    assert answered.status == "answered" and answered.updated_at > advice.updated_at
    note = referrals.send_message(store, referral.id, "Thank you, we started amoxicillin.")
    assert note.updated_at > advice.updated_at
    assert engine.sync_once().ok
    clinic.assert_in_step(store, hub.engine, new.station_id)
    engine.close()
    store.close()


@pytest.mark.parametrize(("offset", "expected"), [
    (None, None), (0.0, None), (45.0, None), (-119.0, None),
    (600.0, "10 minutes behind"), (-4000.0, "1 hour ahead of"), (40 * 86400.0, "40 days behind"),
])
def test_the_clock_warning_says_how_far_and_which_way(offset: float | None, expected: str | None) -> None:
    warning = clock_warning(offset)
    if expected is None:
        assert warning is None
    else:
        assert warning is not None and expected in warning
