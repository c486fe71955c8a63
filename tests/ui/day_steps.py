"""A health worker's day, step by step, driven through the real widgets of the running app.

Used by test_day_en.py and test_day_ur.py (the same day in each language). The hub is real:
served by uvicorn on 127.0.0.1 (tests/support/server.py); the station enrolls with a one-time
code typed into Settings, records leave with "Sync now", and the specialist answers through
the hub's web console over HTTP, as a browser would.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from PySide6.QtCore import Qt
from sqlalchemy import select

from hub import tables as hub_tables
from station.records import Advice, Encounter, Patient, Referral
from tests.integration.console_seed import ConsoleUser, add_specialist
from tests.support.server import RunningHub, run_hub
from tests.ui.clinic_support import patient_consents
from tests.ui.conftest import sign_in, type_text, wait_idle
from ui.app import StationApp

SPECIALIST = ("farah", "Dr Farah Naz", "pulmonology", "consultant pass 2024")
ADVICE = {
    "assessment": "Severe community-acquired pneumonia with hypoxia.",
    "recommendations": "Oxygen, ceftriaxone 1 g IV now, then transfer to the district hospital today.",
    "plan_changed": "yes",
    "plan_change": "Stop oral amoxicillin; ceftriaxone IV and transfer.",
    "follow_up": "Call back after the transfer.",
}


@dataclass
class Day:
    """What a day needs: the app, the hub, and where the pictures go."""

    app: StationApp
    hub: RunningHub
    qtbot: Any
    artifacts: Path
    language: str

    @property
    def window(self) -> Any:
        return self.app.window

    def page(self, key: str) -> Any:
        return self.window.pages[key]

    def settle(self) -> None:
        wait_idle(self.qtbot, self.app)

    def shot(self, name: str) -> None:
        self.settle()
        self.window.grab().save(str(self.artifacts / f"day_{name}_{self.language}.png"))

    def click(self, button: Any) -> None:
        self.qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    def rows(self, cls: type, where: str | None = None, args: list[Any] | None = None) -> list[Any]:
        box: dict[str, Any] = {}
        self.app.ops.submit(lambda s: s.find(cls, where, args), lambda r: box.setdefault("r", r))
        self.qtbot.waitUntil(lambda: "r" in box, timeout=10_000)
        return box["r"]


@contextmanager
def hub_for_the_day(tmp_path: Path) -> Iterator[RunningHub]:
    with run_hub(f"sqlite:///{tmp_path / 'hub.sqlite3'}", cookie_secure=False) as hub:
        add_specialist(hub.engine, SPECIALIST[0], SPECIALIST[1], SPECIALIST[2], SPECIALIST[3])
        yield hub


# -- the steps ---------------------------------------------------------------------------------
def enroll_in_settings(day: Day) -> None:
    """The administrator types the hub's address and one-time code into Settings."""
    new = day.hub.new_station("BHU Jhok", "Thatta")
    day.window.show_page("admin")
    admin = day.page("admin")
    admin.tabs.setCurrentWidget(admin.settings)
    settings = admin.settings
    settings.hub_url.clear()
    day.qtbot.keyClicks(settings.hub_url, day.hub.base_url)
    day.qtbot.keyClicks(settings.code, new.code)
    day.click(settings.enroll_button)
    day.qtbot.waitUntil(lambda: day.app.status.figures.enrolled and day.app.status.figures.online is True,
                        timeout=30_000)
    assert settings.hub_error.text() == ""
    assert day.hub.base_url in settings.hub_state.text()


def register_patient(day: Day, fields: dict[str, str]) -> Patient:
    """Home → "Register a patient" → the form → Save; the chart opens."""
    day.window.show_page("home")
    day.click(day.page("home").new_patient)
    assert day.window.current_page() == "register"
    page = day.page("register")
    day.settle()
    for key, value in fields.items():
        if key == "sex":
            day.click(page.sex_buttons[value])
            page.sex_buttons[value].setChecked(True)
        else:
            page.edits[key].clear()
            type_text(page.edits[key], value)
    day.shot("register")
    day.click(page.save_button)
    day.qtbot.waitUntil(lambda: day.window.current_page() == "chart", timeout=10_000)
    day.settle()
    [patient] = day.rows(Patient, "name = ?", [fields["name"]])
    return patient


def consult(day: Day, complaint: str, assessment: str) -> Any:
    """Chart → "New consultation": notes and vitals; an impossible value is refused with its rule,
    then the real values make NEWS2 high and the red banner appears."""
    day.click(day.page("chart").consult_button)
    assert day.window.current_page() == "consultation"
    page = day.page("consultation")
    day.settle()
    type_text(page.notes["complaint"], complaint)
    type_text(page.notes["assessment"], assessment)
    vitals = page.vitals
    type_text(vitals.edits["temperature"], "102.5")  # °F typed into the °C box
    day.click(page.save_button)
    day.settle()
    refusal = vitals.errors.message("temperature")
    assert refusal, "a temperature of 102.5 °C must be refused"
    assert not day.rows(Encounter), "nothing is saved while a value is impossible"
    day.shot("vitals_refused")
    vitals.edits["temperature"].clear()
    values = {"temperature": "39.6", "respiratory_rate": "28", "spo2": "89", "systolic_bp": "88",
              "diastolic_bp": "54", "heart_rate": "126"}
    vitals.consciousness.setCurrentIndex(vitals.consciousness.findData("confusion"))
    for key, text in values.items():
        vitals.edits[key].clear()
        type_text(vitals.edits[key], text)
    assert vitals.check()
    assert vitals.errors.message("temperature") == ""
    assert vitals.news2_banner.isVisible() and vitals.news2_banner.colour == "red"
    day.shot("consultation_news2")
    return refusal


def refer(day: Day, question: str) -> Referral:
    """"Refer to a specialist" saves the consultation, opens the form with the urgency suggested."""
    page = day.page("consultation")
    day.click(page.refer_button)
    day.qtbot.waitUntil(lambda: day.window.current_page() == "refer", timeout=10_000)
    form = day.page("refer")
    day.settle()
    assert form.chosen_urgency() == "emergency"
    form.specialty.setCurrentIndex(form.specialty.findData(SPECIALIST[2]))
    type_text(form.question, question)
    patient_consents(form)
    day.shot("refer")
    day.click(form.send_button)
    day.qtbot.waitUntil(lambda: day.window.current_page() == "referral", timeout=10_000)
    day.settle()
    [referral] = day.rows(Referral)
    assert referral.status == "queued" and referral.urgency == "emergency"
    return referral


def sync_now(day: Day) -> None:
    day.click(day.window.shell.sync_bar.sync_now)


def referral_reaches_the_hub(day: Day, referral: Referral) -> None:
    sync_now(day)
    page = day.page("referral")
    day.qtbot.waitUntil(lambda: page.steps.current == "sent", timeout=30_000)
    with day.hub.engine.connect() as conn:
        row = conn.execute(select(hub_tables.referrals.c.id).where(hub_tables.referrals.c.id == referral.id)).first()
    assert row is not None, "the hub has the referral"
    day.qtbot.waitUntil(lambda: day.app.status.figures.pending == 0, timeout=30_000)
    assert day.window.shell.sync_bar.pending.text() == day.window.shell.sync_bar.tr("Everything sent")


def specialist_answers(day: Day, referral: Referral) -> None:
    """The specialist signs in to the hub's console and sends advice (HTTP, like a browser)."""
    with httpx.Client(base_url=day.hub.base_url, follow_redirects=True, timeout=30) as http:
        console = ConsoleUser(http)
        assert console.login(SPECIALIST[0], SPECIALIST[3]).status_code == 200
        response = console.answer(referral.id, **ADVICE)
        assert response.status_code == 200, response.text[:500]


def advice_arrives_and_is_acknowledged(day: Day, referral: Referral) -> None:
    sync_now(day)
    page = day.page("referral")
    day.qtbot.waitUntil(lambda: page.advice.isVisible(), timeout=30_000)
    assert SPECIALIST[1] in page.advice.title.text()
    assert "ceftriaxone" in page.advice_body.text()
    home = day.page("home")
    day.qtbot.waitUntil(lambda: home.unread.rowCount() == 1, timeout=10_000)
    day.shot("advice")
    day.click(page.ack_button)
    day.qtbot.waitUntil(lambda: page.steps.current == "closed", timeout=10_000)
    [advice] = day.rows(Advice)
    assert advice.acknowledged_at and advice.referral_id == referral.id
    day.qtbot.waitUntil(lambda: home.unread.rowCount() == 0, timeout=10_000)


def idle_lock_and_unlock(day: Day, username: str, secret: str) -> None:
    """Left alone, the station locks and forgets the key; the same person continues where they were."""
    before = day.window.current_page()
    day.app.set_idle_minutes(0.02)  # what Settings does, with a test-sized number
    day.qtbot.waitUntil(lambda: day.window.locked, timeout=10_000)
    day.settle()
    assert day.app.ops.store is None
    assert day.app.sync is None or day.app.sync.service is None
    day.shot("locked")
    day.app.set_idle_minutes(10)
    sign_in(day.qtbot, day.app, username, secret)
    assert day.window.current_page() == before
