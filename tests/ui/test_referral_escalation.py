"""The health worker sees on the referral that the hub passed it on, to whom and after how long,
in English and in Urdu."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from station import escalations
from station.escalations import ReferralEscalation
from station.records import Referral
from sync.wire.ids import format_hlc, utc_iso, uuid7
from tests.ui.clinic_support import ASLAM, consulted, referred, register, run, seen, settle, signed_in_worker
from tests.ui.conftest import shot
from ui import i18n
from ui.referral.detail import ReferralPage


@pytest.fixture
def ops(qtbot, station_dir: Path):
    with signed_in_worker(qtbot, station_dir) as worker:
        yield worker


@pytest.fixture
def referral(qtbot, ops) -> Referral:
    def make(store):
        patient = register(store, ASLAM)
        return referred(store, patient, consulted(store, patient, {"heart_rate": 110}))
    return run(qtbot, ops, make)


def step(referral: Referral, number: int, reason: str, to_name: str, minutes: int) -> ReferralEscalation:
    return ReferralEscalation(id=uuid7(), station_id=referral.station_id, created_at=utc_iso(),
                              updated_at=format_hlc(1765000000000 + number, 0, "hub"), version=1,
                              referral_id=referral.id, step=number, reason=reason, to_name=to_name,
                              waited_minutes=minutes, at="2026-12-07T10:05:00.000Z")


@pytest.fixture(params=["en", "ur"])
def language(request: pytest.FixtureRequest) -> Iterator[str]:
    i18n.install(QApplication.instance(), request.param)  # type: ignore[arg-type]
    yield request.param
    i18n.install(QApplication.instance(), "en")  # type: ignore[arg-type]


def test_escalation_steps_show_who_has_the_case_and_how_long_it_waited(qtbot, ops, referral, language, artifacts):
    page = ReferralPage(ops)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    page.open_with(referral.id)
    settle(qtbot, ops)
    assert not page.escalation.isVisible()

    run(qtbot, ops, lambda s: escalations.receive(s, step(referral, 1, "on_call", "Dr Imran Qureshi", 300)))
    qtbot.waitUntil(lambda: page.escalation.isVisible(), timeout=5000)
    run(qtbot, ops, lambda s: escalations.receive(s, step(referral, 2, "coordinators", "the coordinators", 2890)))
    qtbot.waitUntil(lambda: len(page.escalation.steps) == 2, timeout=5000)
    text = seen(page.escalation.text())
    assert "Dr Imran Qureshi" in text
    if language == "en":
        assert "Escalated to Dr Imran Qureshi (on-call specialist) after waiting 5 h" in text
        assert "Escalated to the programme coordinators after waiting 2 days" in text
    else:
        assert "Escalated" not in text and "coordinators" not in text  # every word in Urdu but the name
        assert "آن کال" in text and "کوآرڈینیٹر" in text
    shot(page, artifacts, f"referral_escalation_{language}")
