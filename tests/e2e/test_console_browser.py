"""In a real browser: a referral pushed by a station is answered by a specialist, and the answer
reaches the station's signed pull; the programme dashboard shows the new plan-changed figure."""

from __future__ import annotations

import io
import re
import struct
import zlib
from contextlib import redirect_stdout
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from hub.cli import main as telehub
from sync.wire.ids import utc_iso
from tests.e2e.conftest import ServedHub
from tests.support.station_client import StationClient

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

PASSWORD = "a long consultant password"
QUESTION = "Fever for 5 days and SpO2 93% on air: admit to the district hospital or treat at the BHU?"


def run_cli(*args: str) -> str:
    """Run a `telehub` command in-process and return what it printed."""
    out = io.StringIO()
    with redirect_stdout(out):
        assert telehub(list(args)) == 0
    return out.getvalue()


def png(width: int, height: int) -> bytes:
    """A small RGB picture (a soft gradient), encoded as PNG without any imaging library."""
    rows = b"".join(
        b"\x00" + bytes(c for x in range(width) for c in (190 + x * 50 // width, 140 + y * 60 // height, 120))
        for y in range(height)
    )

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def push_case(station: StationClient) -> dict:
    """What a clinic sends: a patient, a consultation, three sets of vitals, a photo and the referral."""
    now = datetime.now(UTC)
    patient = station.patient()
    encounter = station.encounter(patient["id"])
    vitals = [
        station.vitals_set(patient["id"], encounter["id"], taken_at=utc_iso(now - timedelta(hours=hours)),
                           observations=[
                               {"code": "8480-6", "name": "Systolic", "value": 118.0 + hours, "unit": "mm[Hg]"},
                               {"code": "8867-4", "name": "Heart rate", "value": 108.0 - hours, "unit": "/min"},
                               {"code": "8310-5", "name": "Temperature", "value": 38.9 - hours / 20, "unit": "Cel"},
                               {"code": "2708-6", "name": "SpO2", "value": 93.0 + hours / 12, "unit": "%"},
                           ])
        for hours in (36, 12, 0)
    ]
    photo = png(160, 120)
    sha = station.upload(photo, "image/png")
    consent = {"by": "caregiver", "name": "Rashida Bibi", "relation": "mother", "given": True,
               "recorded_by": "amina", "recorded_at": "2026-12-07T09:30:00.000Z"}
    referral = station.referral(patient["id"], encounter["id"], question=QUESTION, attachments=[sha],
                                consent=consent)
    attachment = station.attachment(patient["id"], sha, len(photo), referral_id=referral["id"],
                                    media_type="image/png", filename="chest.png")
    records = [("patient", patient), ("encounter", encounter), *[("vitals_set", v) for v in vitals],
               ("attachment", attachment), ("referral", referral)]
    response = station.push([station.change(entity, data) for entity, data in records])
    assert response.status_code == 200, response.text
    assert {r["status"] for r in response.json()["results"]} == {"accepted"}
    return referral


def plan_changed_figure(page: Page, base_url: str) -> str:
    page.goto(f"{base_url}/dashboard")
    return page.locator("#stat-plan-changed").inner_text().strip()


def test_a_specialist_answers_a_pushed_referral_and_the_station_pulls_the_advice(
    served_hub: ServedHub, chromium, artifacts_dir: Path, tmp_path: Path
) -> None:
    base = served_hub.base_url
    # The administrator registers a clinic and a specialist with the telehub CLI.
    added = run_cli("station", "add", "--db", served_hub.db_url, "--name", "BHU Jhok Sharif",
                    "--district", "Thatta", "--json")
    code = re.search(r'"code": "([^"]+)"', added).group(1)
    password_file = tmp_path / "password.txt"
    password_file.write_text(PASSWORD + "\n")
    run_cli("specialist", "add", "--db", served_hub.db_url, "--username", "dr.baloch",
            "--name", "Dr Hina Baloch", "--specialty", "Internal medicine", "--password-file", str(password_file))
    run_cli("user", "add", "--db", served_hub.db_url, "--username", "huma", "--name", "Huma Qureshi",
            "--role", "coordinator", "--password-file", str(password_file))

    station = StationClient.enroll(base, code)
    referral = push_case(station)
    # The programme coordinator follows the dashboard in a browser of her own.
    office = chromium.new_context(viewport={"width": 1366, "height": 900})
    coordinator = office.new_page()
    coordinator.goto(f"{base}/login")
    coordinator.get_by_label("Username").fill("huma")
    coordinator.get_by_label("Password").fill(PASSWORD)
    coordinator.get_by_role("button", name="Sign in").click()
    expect(coordinator).to_have_url(re.compile(r"/inbox$"))

    context = chromium.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    # The refused form above is answered with 422 on purpose; Chromium logs that as an error.
    expected_refusal = "the server responded with a status of 422"
    page.on("pageerror", lambda exc: problems.append(str(exc)))

    # Sign in.
    page.goto(f"{base}/login")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.screenshot(path=str(artifacts_dir / "console-login.png"))
    page.get_by_label("Username").fill("dr.baloch")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/inbox$"))

    before = plan_changed_figure(coordinator, base)
    assert before == "—"

    # The referral waits in the inbox of the specialist's own specialty.
    page.get_by_role("link", name="Inbox").click()
    row = page.locator("tbody tr", has_text="Zainab Bibi")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Urgent")
    expect(row).to_contain_text("BHU Jhok Sharif")
    expect(row).to_contain_text("Female")
    page.screenshot(path=str(artifacts_dir / "console-inbox.png"), full_page=True)

    # The referral page shows the case, its vitals history and the photo.
    row.get_by_role("link").click()
    expect(page.locator(".question")).to_contain_text(QUESTION)
    expect(page.locator("dd.consent")).to_contain_text("Given by Rashida Bibi (mother)")
    expect(page.locator("svg.sparkline")).to_have_count(4)
    photo = page.locator(".photo-grid img")
    expect(photo).to_have_count(1)
    assert photo.evaluate("img => img.complete && img.naturalWidth") == 160
    page.screenshot(path=str(artifacts_dir / "console-referral.png"), full_page=True)

    # "What changed" is asked for once the plan changed; leaving it empty is refused by name.
    what_changed = page.get_by_label("What changed")
    expect(what_changed).to_be_hidden()
    page.get_by_label("Assessment").fill("Community-acquired pneumonia, moderate (CURB-65 score 1).")
    page.get_by_label("Recommendations").fill("Amoxicillin 1 g three times daily for 5 days; paracetamol for fever.")
    page.get_by_label("Yes", exact=True).check()
    expect(what_changed).to_be_visible()
    page.get_by_role("button", name="Send advice to the station").click()
    expect(page.locator("#plan_change-error")).to_have_text(re.compile("Write what changed"))
    expect(page.get_by_label("Assessment")).to_have_value(re.compile("CURB-65"))
    page.get_by_label("What changed").fill("Treat at the BHU instead of transferring; higher amoxicillin dose.")
    page.get_by_label("Follow-up").fill("Review in 48 hours, sooner if breathing gets faster.")
    page.get_by_role("button", name="Send advice to the station").click()
    expect(page.locator(".notice")).to_contain_text("Your advice was saved")
    expect(page.locator(".advice-sent")).to_contain_text("Plan changed")

    # The station's next signed pull brings the advice and the status changes.
    pulled, cursor = station.pull_all()
    advice = [c["data"] for c in pulled if c["entity"] == "advice"]
    assert len(advice) == 1
    assert advice[0]["referral_id"] == referral["id"]
    assert advice[0]["plan_changed"] is True
    assert advice[0]["plan_change"].startswith("Treat at the BHU")
    assert advice[0]["specialist_name"] == "Dr Hina Baloch"
    assert [c["data"]["status"] for c in pulled if c["entity"] == "referral_status"] == ["received", "answered"]

    # A time for a video call is proposed, then withdrawn; the station hears both.
    video = page.locator("#video")
    day = (datetime.now(UTC) + timedelta(days=3)).date().isoformat()
    video.get_by_label("Date").fill(day)
    video.get_by_label(re.compile("^Time")).fill("10:30")
    video.get_by_label("Note for the health worker").fill("Please have the latest SpO2 ready.")
    video.get_by_role("button", name="Propose this time").click()
    expect(page.locator(".notice")).to_contain_text("Your proposed call time was saved")
    proposed = page.locator(".call-proposals li")
    expect(proposed).to_contain_text("10:30 PKT")
    video.screenshot(path=str(artifacts_dir / "console-proposal.png"))
    proposed.get_by_role("button", name=re.compile("Cancel the call proposed")).click()
    expect(page.locator(".notice")).to_contain_text("The proposed call time is cancelled")
    expect(proposed).to_contain_text("cancelled")
    expect(proposed.get_by_role("button")).to_have_count(0)
    video.screenshot(path=str(artifacts_dir / "console-proposal-cancelled.png"))
    pulled, _cursor = station.pull_all(cursor)
    assert [c["data"]["status"] for c in pulled if c["entity"] == "call_proposal"] == ["proposed", "cancelled"]

    # The programme dashboard counts the answer.
    assert plan_changed_figure(coordinator, base) == "100%"
    expect(coordinator.locator(".stat-key .stat-note")).to_have_text("1 of 1 answered referrals")
    coordinator.screenshot(path=str(artifacts_dir / "console-dashboard.png"), full_page=True)
    office.close()

    # The same pages on a tablet.
    tablet = chromium.new_context(viewport={"width": 820, "height": 1180}, storage_state=context.storage_state())
    tablet_page = tablet.new_page()
    tablet_page.on("pageerror", lambda exc: problems.append(str(exc)))
    tablet_page.goto(f"{base}/inbox?status=all")
    tablet_page.screenshot(path=str(artifacts_dir / "console-inbox-tablet.png"), full_page=True)
    tablet_page.goto(f"{base}/referrals/{referral['id']}")
    tablet_page.screenshot(path=str(artifacts_dir / "console-referral-tablet.png"), full_page=True)
    tablet.close()
    context.close()

    # No script errors and no Content-Security-Policy violations on any page.
    assert [p for p in problems if expected_refusal not in p] == []


def test_a_new_referral_appears_in_an_open_inbox_without_reloading(
    served_hub: ServedHub, chromium, tmp_path: Path
) -> None:
    added = run_cli("station", "add", "--db", served_hub.db_url, "--name", "RHC Mirpur Sakro",
                    "--district", "Thatta", "--json")
    station = StationClient.enroll(served_hub.base_url, re.search(r'"code": "([^"]+)"', added).group(1))
    password_file = tmp_path / "password.txt"
    password_file.write_text(PASSWORD + "\n")
    run_cli("specialist", "add", "--db", served_hub.db_url, "--username", "dr.baloch",
            "--name", "Dr Hina Baloch", "--specialty", "Internal medicine", "--password-file", str(password_file))

    context = chromium.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.clock.install()
    page.goto(f"{served_hub.base_url}/login")
    page.get_by_label("Username").fill("dr.baloch")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("No referrals match these filters")).to_be_visible()
    page.evaluate("document.body.dataset.marker = 'same page'")

    changes, _referral = station.referral_case(urgency="emergency")
    assert station.push(changes).status_code == 200
    page.clock.run_for(61_000)
    expect(page.locator("tbody tr", has_text="Zainab Bibi")).to_contain_text("Emergency")
    assert page.evaluate("document.body.dataset.marker") == "same page"  # refreshed in place
    context.close()
