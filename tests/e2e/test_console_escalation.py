"""In a real browser: an escalated referral says so in the inbox and on its page, and the
coordinator's dashboard shows response times against the targets, escalations and what waits."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from hub import tables as t
from hub.console.answer import AdviceForm, save_advice, send_once
from hub.console.auth import Specialist
from hub.db import make_engine
from hub.escalation import steps
from hub.escalation.rota import hub_day
from hub.escalation.targets import DEFAULT_TARGETS
from tests.e2e.conftest import ServedHub
from tests.e2e.test_console_browser import PASSWORD, run_cli
from tests.support.station_client import StationClient

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]
# Playwright's "Pixel 5" device, written out (the sync API's device list needs a running Playwright).
PIXEL_5 = {"viewport": {"width": 393, "height": 851}, "device_scale_factor": 2.75, "is_mobile": True,
           "has_touch": True}


def sign_in(chromium: object, base: str, username: str, **device: object) -> Page:
    context = chromium.new_context(**(device or {"viewport": {"width": 1366, "height": 768}}))  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(f"{base}/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/inbox$"))
    return page


def push(station: StationClient, **referral: str) -> str:
    changes, record = station.referral_case(**referral)
    response = station.push(changes)
    assert response.status_code == 200 and {r["status"] for r in response.json()["results"]} == {"accepted"}
    return record["id"]


def test_an_escalated_referral_and_the_response_figures_in_the_console(
        served_hub: ServedHub, chromium, artifacts_dir: Path, tmp_path: Path) -> None:
    base, db = served_hub.base_url, served_hub.db_url
    code = re.search(r'"code": "([^"]+)"', run_cli("station", "add", "--db", db, "--name", "BHU Jhok Sharif",
                                                     "--district", "Thatta", "--json")).group(1)
    password_file = tmp_path / "password.txt"
    password_file.write_text(PASSWORD + "\n")
    for username, name, specialty in (("farah", "Dr Farah Khan", "general_medicine"),
                                      ("imran", "Dr Imran Qureshi", "general_medicine")):
        run_cli("specialist", "add", "--db", db, "--username", username, "--name", name, "--specialty", specialty,
                "--password-file", str(password_file))
    run_cli("user", "add", "--db", db, "--username", "huma", "--name", "Huma Qureshi", "--role", "coordinator",
            "--password-file", str(password_file))
    station = StationClient.enroll(base, code)
    waiting = push(station, specialty="General medicine", urgency="urgent")
    answered = push(station, specialty="General medicine", urgency="emergency")
    push(station, specialty="Paediatrics", urgency="routine")

    engine = make_engine(db)
    try:
        with engine.connect() as conn:
            farah_id = conn.execute(select(t.specialists.c.id).where(t.specialists.c.username == "farah")).scalar_one()
        form = AdviceForm(assessment="Likely pneumonia with sepsis.", recommendations="Refer to DHQ now.",
                          plan_changed="yes", plan_change="Transfer today.")
        farah = Specialist(id=farah_id, username="farah", name="Dr Farah Khan", specialty="general_medicine")
        assert send_once(engine, lambda c: save_advice(c, answered, farah, form), t.advice, form.advice_id)
        later = t.utcnow() + timedelta(hours=5)
        run_cli("rota", "set", "--db", db, "--specialty", "general_medicine",
                "--date", hub_day(t.utcnow(), "Asia/Karachi").isoformat(),
                "--to", hub_day(later, "Asia/Karachi").isoformat(), "--username", "imran")
        # Five hours on, by the hub's clock: what the background task does at that moment.
        taken = steps.run_once(engine, DEFAULT_TARGETS, later, "Asia/Karachi", base)
        assert [(s.referral_id, s.reason, s.to_name) for s in taken] == [(waiting, "on_call", "Dr Imran Qureshi")]
    finally:
        engine.dispose()

    page = sign_in(chromium, base, "imran")
    page.goto(f"{base}/inbox?specialty=")
    row = page.locator("tbody tr", has=page.locator(f'a[href="/referrals/{waiting}"]'))
    expect(row).to_contain_text("Escalated to Dr Imran Qureshi")
    expect(page.locator("tbody tr .escalated")).to_have_count(1)
    page.screenshot(path=str(artifacts_dir / "console-inbox-escalated.png"), full_page=True)
    row.locator("a.row-link").click()
    section = page.locator("#escalations")
    expect(section).to_contain_text("no advice within the 4 h target for urgent referrals")
    expect(section).to_contain_text("to Dr Imran Qureshi (on call for the specialty) after 5 hours waiting")
    page.screenshot(path=str(artifacts_dir / "console-referral-escalated.png"))

    phone = sign_in(chromium, base, "imran", **PIXEL_5)
    phone.goto(f"{base}/referrals/{waiting}")
    expect(phone.locator("#escalations")).to_be_visible()
    phone.screenshot(path=str(artifacts_dir / "console-referral-escalated-phone.png"))

    office = sign_in(chromium, base, "huma")
    office.goto(f"{base}/dashboard")
    rows = office.locator("#response-table tbody tr")
    expect(rows.nth(0)).to_contain_text("Emergency")
    expect(rows.nth(0)).to_contain_text("100%")  # answered within 30 min: 1 of 1
    expect(rows.nth(0)).to_contain_text("(1 of 1)")
    expect(rows.nth(1)).to_contain_text("Urgent")
    expect(office.locator("#escalation-table tbody tr")).to_have_count(1)
    expect(office.locator("#escalation-table tbody tr")).to_contain_text("1")
    waiting_rows = office.locator("#waiting-table tbody tr")
    expect(waiting_rows).to_have_count(2)
    expect(office.locator("#waiting-table")).to_contain_text("General medicine")
    office.locator("#response-times").scroll_into_view_if_needed()
    office.locator("#response-times").screenshot(path=str(artifacts_dir / "console-dashboard-response-times.png"))
    office.screenshot(path=str(artifacts_dir / "console-dashboard.png"), full_page=True)

