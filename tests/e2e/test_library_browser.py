"""In a real browser: a specialist marks an answered case as a teaching case, a coordinator (in a
browser of her own) reviews and publishes it, and it is found by the console's library search by
words, specialty and ICD-10 code; its photo is served without metadata. Screenshots at 1366 px and
at phone width."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import ServedHub
from tests.e2e.test_console_browser import PASSWORD, push_case, run_cli
from tests.support.station_client import StationClient

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

POINT = "Fever with SpO2 93% on air is pneumonia needing oxygen and referral, even when the child looks well."


def sign_in(context, base: str, username: str):
    page = context.new_page()
    page.goto(f"{base}/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/inbox$"))
    return page


def test_mark_review_publish_and_search_the_teaching_library(
        served_hub: ServedHub, chromium, artifacts_dir: Path, tmp_path: Path) -> None:
    base = served_hub.base_url
    code = re.search(r'"code": "([^"]+)"', run_cli("station", "add", "--db", served_hub.db_url, "--name", "BHU Jhok",
                                                   "--district", "Thatta", "--json"))[1]
    password_file = tmp_path / "password.txt"
    password_file.write_text(PASSWORD + "\n")
    run_cli("specialist", "add", "--db", served_hub.db_url, "--username", "dr.baloch", "--name", "Dr Hina Baloch",
            "--specialty", "Internal medicine", "--password-file", str(password_file))
    run_cli("user", "add", "--db", served_hub.db_url, "--username", "huma", "--name", "Huma Qureshi",
            "--role", "coordinator", "--password-file", str(password_file))
    referral = push_case(StationClient.enroll(base, code))

    doctor_context = chromium.new_context(viewport={"width": 1366, "height": 900})
    office_context = chromium.new_context(viewport={"width": 1366, "height": 900})
    doctor = sign_in(doctor_context, base, "dr.baloch")
    coordinator = sign_in(office_context, base, "huma")
    problems: list[str] = []
    for page in (doctor, coordinator):
        page.on("pageerror", lambda exc: problems.append(str(exc)))

    # Only an answered case can be shared: the form appears once the advice is sent.
    doctor.goto(f"{base}/referrals/{referral['id']}")
    expect(doctor.locator("#teaching-form")).to_have_count(0)
    doctor.get_by_label("Assessment").fill("Community-acquired pneumonia with low oxygen.")
    doctor.get_by_label("Recommendations").fill("Refer to the district hospital for oxygen; first dose of amoxicillin.")
    doctor.locator("#plan_changed_yes").check()
    doctor.get_by_label("What changed").fill("Referred onward instead of home treatment.")
    doctor.get_by_role("button", name="Send advice to the station").click()
    expect(doctor.locator("#teaching-form")).to_be_visible()
    doctor.get_by_label("Learning point").fill(POINT)
    doctor.locator("#teaching-form input[name^=photo_]").check()
    doctor.locator("#teaching").screenshot(path=str(artifacts_dir / "console-library-mark.png"))
    doctor.get_by_role("button", name="Make it a teaching case").click()
    expect(doctor.locator("p.notice[role=status]")).to_contain_text("waits for a coordinator's review")
    expect(doctor.locator("#case-status")).to_have_text("Waiting for review")
    case_url = doctor.url.split("?")[0]

    # The coordinator finds it waiting, reads the copy (no name, age and district only) and publishes.
    coordinator.get_by_role("link", name="Teaching library", exact=True).click()
    coordinator.get_by_role("link", name=re.compile(r"Waiting for review \(1\)")).click()
    coordinator.get_by_role("link", name=re.compile("Fever with SpO2 93%")).click()
    expect(coordinator.locator("#case-learning_point")).to_contain_text(POINT)
    body = coordinator.locator("main").inner_text()
    assert "Zainab" not in body and "Jhok" not in body and "Ghulam" not in body and "03001234567" not in body
    assert "Thatta district" in body
    coordinator.screenshot(path=str(artifacts_dir / "console-library-review.png"), full_page=True)
    coordinator.get_by_role("button", name="Publish to the library").click()
    expect(coordinator.locator("p.notice[role=status]")).to_contain_text("is in the library")
    assert coordinator.url.split("?")[0] == case_url
    loaded = coordinator.locator(".photo-grid img").evaluate("img => img.complete && img.naturalWidth")
    assert loaded == 160, "the ticked photo is shown (its metadata stripped)"

    # Anyone signed in searches the library: by words, specialty and ICD-10 code.
    doctor.get_by_role("link", name="Teaching library", exact=True).click()
    doctor.get_by_label("Words").fill("oxygen referral")
    doctor.get_by_role("button", name="Search").click()
    expect(doctor.locator(".library-item")).to_have_count(1)
    doctor.screenshot(path=str(artifacts_dir / "console-library-search.png"), full_page=True)
    doctor.get_by_label("Words").fill("malaria")
    doctor.get_by_role("button", name="Search").click()
    expect(doctor.locator(".library-item")).to_have_count(0)
    expect(doctor.locator(".result-count")).to_contain_text("No teaching cases match this search")
    doctor.get_by_label("Words").fill("")
    doctor.get_by_label("ICD-10 diagnosis").fill("j18")
    doctor.get_by_label("Specialty").select_option(index=1)
    doctor.get_by_role("button", name="Search").click()
    expect(doctor.locator(".library-item")).to_have_count(1)
    doctor.get_by_label("ICD-10 diagnosis").fill("A09")
    doctor.get_by_role("button", name="Search").click()
    expect(doctor.locator(".library-item")).to_have_count(0)

    phone_context = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    phone = sign_in(phone_context, base, "huma")
    phone.goto(f"{base}/library?q=oxygen")
    expect(phone.locator(".library-item")).to_have_count(1)
    phone.screenshot(path=str(artifacts_dir / "console-library-phone.png"), full_page=True)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert problems == []
    for context in (doctor_context, office_context, phone_context):
        context.close()
