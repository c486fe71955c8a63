"""In a real browser (Debian's Chromium): a follow-up from the clinic on a closed referral comes to
the top of the inbox with its preview and a count in the page title; the referral page headlines the
vitals the health worker referred on; every time is in the hub's zone; on a phone the question, the
vitals at referral and the advice form are within two screens, and the call page fits."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from sync.wire.ids import utc_iso, uuid7
from tests.e2e.conftest import ServedHub
from tests.e2e.test_console_browser import PASSWORD, run_cli
from tests.support.station_client import StationClient

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

QUESTION = "SpO2 82% on air, breathless, RR 34: admit to the DHQ tonight or start oxygen and antibiotics here?"
FOLLOW_UP = "URGENT: patient now drowsy, BP 86/50, ambulance delayed 2 hours"
SHOWN_TIME = re.compile(r"\b\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2} ([A-Z][A-Za-z]*(?:[+-]\d{2})?)")


def observations(spo2: float, rate: float) -> list[dict]:
    return [{"code": "2708-6", "name": "SpO2", "value": spo2, "unit": "%"},
            {"code": "9279-1", "name": "Respiratory rate", "value": rate, "unit": "/min"},
            {"code": "8867-4", "name": "Heart rate", "value": 124.0 if spo2 < 90 else 90.0, "unit": "/min"},
            {"code": "8480-6", "name": "Systolic", "value": 104.0, "unit": "mm[Hg]"},
            {"code": "8462-4", "name": "Diastolic", "value": 66.0, "unit": "mm[Hg]"},
            {"code": "8310-5", "name": "Temperature", "value": 38.8, "unit": "Cel"}]


def push_case(station: StationClient) -> dict:
    """A referral made two days ago on SpO2 82 %, with an older visit (90 %) and a newer one (98 %)."""
    now = datetime.now(UTC)
    patient = station.patient()
    visits = [station.encounter(patient["id"], started_at=utc_iso(now - timedelta(days=d))) for d in (9, 2, 0.1)]
    vitals = [station.vitals_set(patient["id"], visit["id"], taken_at=visit["started_at"], observations=obs)
              for visit, obs in zip(visits, (observations(90.0, 24.0), observations(82.0, 34.0),
                                             observations(98.0, 18.0)), strict=True)]
    referral = station.referral(patient["id"], visits[1]["id"], question=QUESTION, urgency="urgent",
                                created_at=utc_iso(now - timedelta(days=2) + timedelta(minutes=15)))
    records = [("patient", patient), *[("encounter", v) for v in visits], *[("vitals_set", v) for v in vitals],
               ("referral", referral)]
    response = station.push([station.change(entity, data) for entity, data in records])
    assert {r["status"] for r in response.json()["results"]} == {"accepted"}, response.text
    return referral


def zones_on(page: Page) -> set[str]:
    return set(SHOWN_TIME.findall(page.locator("main").inner_text()))


def top_of(page: Page, selector: str) -> float:
    return page.locator(selector).first.evaluate("e => e.getBoundingClientRect().top + window.scrollY")


def test_a_follow_up_on_a_closed_referral_reaches_the_specialist_on_a_laptop_and_a_phone(
    served_hub: ServedHub, chromium, devices, artifacts_dir: Path, tmp_path: Path
) -> None:
    base = served_hub.base_url
    added = run_cli("station", "add", "--db", served_hub.db_url, "--name", "BHU Jhok Sharif",
                    "--district", "Thatta", "--json")
    station = StationClient.enroll(base, re.search(r'"code": "([^"]+)"', added).group(1))
    password_file = tmp_path / "password.txt"
    password_file.write_text(PASSWORD + "\n")
    run_cli("specialist", "add", "--db", served_hub.db_url, "--username", "dr.baloch", "--name", "Dr Hina Baloch",
            "--specialty", "Internal medicine", "--password-file", str(password_file))
    referral = push_case(station)

    context = chromium.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    page.goto(f"{base}/login")
    page.get_by_label("Username").fill("dr.baloch")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/inbox$"))
    assert zones_on(page) == {"PKT"}

    # The referral page: the vitals the question was written on, not the newest visit's.
    page.locator("a.row-link").first.click()
    spo2 = page.locator("#vitals tbody tr", has_text="SpO₂")
    expect(spo2.locator(".vital-at")).to_contain_text(re.compile(r"82\s*%\s*at referral"))
    expect(spo2.locator(".vital-history")).to_contain_text(re.compile(r"Newer: 98 %"))
    expect(spo2.locator(".vital-history")).to_contain_text("Older: 1 reading, 90 %")
    expect(page.locator("#vitals-taken")).to_contain_text("PKT")
    page.screenshot(path=str(artifacts_dir / "console-referral-vitals-1366.png"), full_page=True)

    # The call-proposal form speaks the same zone as everything else on the page.
    video = page.locator("#video")
    expect(video.locator("#proposal-zone")).to_contain_text("PKT (Asia/Karachi, UTC+05)")
    video.get_by_label("Date").fill((datetime.now(UTC) + timedelta(days=3)).date().isoformat())
    video.get_by_label(re.compile("^Time")).fill("10:30")
    video.get_by_role("button", name="Propose this time").click()
    expect(page.locator(".call-proposals li")).to_contain_text("10:30 PKT")
    assert zones_on(page) == {"PKT"}

    # Advice sent; the station closes the referral when the health worker reads it.
    page.get_by_label("Assessment").fill("Severe community-acquired pneumonia with hypoxaemia.")
    page.get_by_label("Recommendations").fill("Oxygen now, ceftriaxone 1 g IV, transfer to the DHQ today.")
    page.get_by_label("Yes", exact=True).check()
    page.get_by_label("What changed").fill("Transfer instead of treating at the BHU.")
    page.get_by_role("button", name="Send advice to the station").click()
    expect(page.locator(".notice")).to_contain_text("Your advice was saved")
    closed = {**referral, "status": "closed", "version": 2, "updated_at": station.hlc()}
    assert station.push([station.change("referral", closed)]).json()["results"][0]["status"] == "accepted"
    page.goto(f"{base}/inbox")
    expect(page.locator("a.row-link")).to_have_count(0)
    expect(page).to_have_title("Inbox · Telehub")

    # The clinic writes again. The open inbox counts it in its title without a reload...
    message = station.message(referral["id"], FOLLOW_UP)
    assert station.push([station.change("message", message)]).json()["results"][0]["status"] == "accepted"
    expect(page).to_have_title("(1) Inbox · Telehub", timeout=45_000)
    expect(page.locator("#nav-unread")).to_have_text("1")
    # ...and lists it on top, marked, with what it says, reopened as a follow-up.
    page.reload()
    first = page.locator("tbody tr").first
    expect(first).to_have_class(re.compile("row-unread"))
    expect(first).to_contain_text("New from the clinic")
    expect(first).to_contain_text(FOLLOW_UP)
    expect(first).to_contain_text("Follow-up from the clinic")
    page.screenshot(path=str(artifacts_dir / "console-inbox-followup-1366.png"), full_page=True)

    # On a phone (Playwright's device descriptors), signed in as the same specialist.
    for name in ("Pixel 5", "iPhone 13"):
        phone = chromium.new_context(**devices[name], storage_state=context.storage_state())
        small = phone.new_page()
        small.on("pageerror", lambda exc: problems.append(str(exc)))
        small.goto(f"{base}/inbox")
        height = small.evaluate("window.innerHeight")
        width = small.evaluate("window.innerWidth")
        assert small.evaluate("document.documentElement.scrollWidth") <= width  # nothing to scroll sideways
        expect(small.locator(".inbox-table thead")).to_be_hidden()  # a list, not a table
        assert small.locator(".inbox-table tbody tr").first.evaluate("e => getComputedStyle(e).display") == "block"
        # Read on the first phone, it stays on top as the only referral waiting, no longer marked new.
        expect(small.locator("tbody tr").first).to_contain_text(FOLLOW_UP if name == "Pixel 5" else
                                                                "Follow-up from the clinic")
        slug = name.lower().replace(" ", "-")
        small.screenshot(path=str(artifacts_dir / f"console-inbox-{slug}.png"), full_page=True, scale="css")

        small.locator("a.row-link").first.click()
        if name == "Pixel 5":
            expect(small.locator("#news")).to_contain_text(FOLLOW_UP)
        small.screenshot(path=str(artifacts_dir / f"console-referral-{slug}.png"), full_page=True, scale="css")
        # The first two screens, as the specialist scrolls them.
        small.screenshot(path=str(artifacts_dir / f"console-referral-{slug}-two-screens.png"), full_page=True,
                         scale="css", clip={"x": 0, "y": 0, "width": width, "height": 2 * height})
        for selector in ("#question", "#vitals", "#advice-form"):
            assert top_of(small, selector) < 2 * height, (name, selector, top_of(small, selector), height)
        assert small.evaluate("document.documentElement.scrollWidth") <= width
        # The jump bar stays at the top and takes the specialist to the messages in one tap.
        small.locator(".jumpbar").get_by_role("link", name=re.compile("^Messages")).click()
        expect(small.locator("#messages")).to_be_in_viewport()
        expect(small.locator(".jumpbar")).to_be_in_viewport()
        phone.close()

    # Back on the laptop, the referral says it is a follow-up from the clinic.
    page.goto(f"{base}/referrals/{referral['id']}")
    expect(page.locator("#followup")).to_contain_text("Follow-up from the clinic.")
    expect(page.locator(".thread .msg-station")).to_contain_text(FOLLOW_UP)
    page.screenshot(path=str(artifacts_dir / "console-referral-followup-1366.png"), full_page=True)

    # The call page on a phone: the station's video, the controls, nothing off screen.
    call_id = uuid7()
    started = station.request("POST", "/api/v1/calls", json_body={"call_id": call_id, "referral_id": referral["id"]})
    assert started.status_code == 201, started.text
    phone = chromium.new_context(**devices["Pixel 5"], storage_state=context.storage_state())
    small = phone.new_page()
    small.goto(f"{base}/calls/{call_id}")
    expect(small.locator(".call-stage")).to_be_visible()
    small.screenshot(path=str(artifacts_dir / "console-call-pixel-5.png"), full_page=True, scale="css")
    for control in ("#call-mute", "#call-camera", "#call-end"):
        expect(small.locator(control)).to_be_in_viewport()
    assert small.evaluate("document.documentElement.scrollWidth") <= small.evaluate("window.innerWidth")
    phone.close()
    context.close()
    assert problems == []
