"""In real browsers, several specialists at once: a second opinion shapes an advice, and a case
conference discusses three referrals from two stations. Real stations (encrypted store, sync engine)
receive "on the agenda at …" and then the advice; the dashboard's figure matches the outcomes."""

from __future__ import annotations

import random
import re
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from hub.console.dashboard import quarter_key
from station import conferences
from station.records import Advice
from station.store import Store
from sync.engine import SyncEngine
from tests.e2e.conftest import ServedHub
from tests.e2e.test_console_browser import PASSWORD, run_cli
from tests.support import sync_station as clinic

pytestmark = [pytest.mark.browser, pytest.mark.timeout(420)]


def sign_in(browser: Browser, base: str, username: str, **context: object) -> tuple[BrowserContext, Page]:
    ctx = browser.new_context(**(context or {"viewport": {"width": 1366, "height": 768}}))
    page = ctx.new_page()
    page.goto(f"{base}/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/inbox$"))
    return ctx, page


def tick(page: Page, name: str) -> None:
    page.locator("label", has_text=name).locator("input[type=checkbox]").check()


def untick(page: Page, name: str) -> None:
    page.locator("label", has_text=name).locator("input[type=checkbox]").uncheck()


def sync(store: Store) -> None:
    engine = SyncEngine(store)
    try:
        report = engine.sync_once()
        assert report.ok, report.lines()
    finally:
        engine.close()


def test_second_opinions_and_a_case_conference_from_browser_to_station(
    served_hub: ServedHub, chromium, artifacts_dir: Path, tmp_path: Path
) -> None:
    base, db = served_hub.base_url, served_hub.db_url
    password_file = tmp_path / "password.txt"
    password_file.write_text(PASSWORD + "\n")
    for username, name, specialty in (("dr.khan", "Dr Sana Khan", "general medicine"),
                                      ("dr.ali", "Dr Imran Ali", "paediatrics"),
                                      ("dr.zaidi", "Dr Farah Zaidi", "neurology")):
        run_cli("specialist", "add", "--db", db, "--username", username, "--name", name, "--specialty", specialty,
                "--password-file", str(password_file))
    run_cli("user", "add", "--db", db, "--username", "huma", "--name", "Huma Qureshi", "--role", "coordinator",
            "--password-file", str(password_file))
    codes = [re.search(r'"code": "([^"]+)"', run_cli("station", "add", "--db", db, "--name", clinic_name,
                                                     "--district", "Thatta", "--json")).group(1)
             for clinic_name in ("BHU Jhok", "RHC Gharo")]

    # Two clinics refer cases through the real station code and sync engine.
    rng = random.Random(14)
    jhok = clinic.create_station(tmp_path / "jhok", base, codes[0], "BHU Jhok")
    gharo = clinic.create_station(tmp_path / "gharo", base, codes[1], "RHC Gharo")
    made = {}
    for store, names in ((jhok, ("opinion", "board1", "board2")), (gharo, ("board3",))):
        for key in names:
            patient = clinic.register(store, rng)
            made[key] = (store, clinic.refer(store, patient, clinic.consultation(store, patient, rng), rng))
        sync(store)

    try:
        khan_ctx, khan = sign_in(chromium, base, "dr.khan")
        ali_ctx, ali = sign_in(chromium, base, "dr.ali")
        chair_ctx, chair = sign_in(chromium, base, "dr.zaidi")
        office_ctx, office = sign_in(chromium, base, "huma")

        # -- a second opinion --------------------------------------------------------------------
        opinion_ref = made["opinion"][1].id
        khan.goto(f"{base}/referrals/{opinion_ref}")
        tick(khan, "Dr Imran Ali")
        khan.locator("#invite-note").fill("Could this be TB rather than pneumonia?")
        khan.get_by_role("button", name="Ask for opinions").click()
        expect(khan.locator("p.notice[role=status]")).to_contain_text("asked for their opinion")

        ali.goto(f"{base}/inbox")
        expect(ali.locator("#opinion-invitations")).to_contain_text("Could this be TB")
        ali.locator("#opinion-invitations a").first.click()
        ali.locator("#opinion").fill("No features of TB; treat as pneumonia and recheck in 48 hours.")
        ali.get_by_role("button", name="Save my opinion").click()
        expect(ali.locator("p.notice[role=status]")).to_contain_text("Your opinion was saved")
        ali.goto(f"{base}/inbox")
        expect(ali.locator("#opinion-invitations")).to_have_count(0)

        khan.goto(f"{base}/referrals/{opinion_ref}")
        expect(khan.locator("#opinions")).to_contain_text("No features of TB")
        khan.locator("#assessment").fill("Community-acquired pneumonia; TB unlikely.")
        khan.locator("#recommendations").fill("Amoxicillin 1 g three times daily for 5 days.")
        khan.locator("#plan_changed_yes").check()
        khan.locator("#plan_change").fill("Higher amoxicillin dose.")
        khan.get_by_role("button", name="Send advice to the station").click()
        expect(khan.locator(".advice-contributors")).to_contain_text("With opinions from: Dr Imran Ali")
        khan.screenshot(path=str(artifacts_dir / "conference_opinions_referral.png"), full_page=True)

        sync(jhok)
        [advice] = jhok.find(Advice, "referral_id = ?", [opinion_ref])
        assert advice.contributors == ["Dr Imran Ali"] and advice.conference_title is None

        # -- a case conference ------------------------------------------------------------------
        karachi = datetime.now(ZoneInfo("Asia/Karachi")) + timedelta(days=1)
        office.goto(f"{base}/conferences")
        office.locator("#title").fill("Tumour board, December")
        office.locator("#series").fill("Paediatric neuro-oncology board")
        office.locator("#day").fill(karachi.strftime("%Y-%m-%d"))
        office.locator("#at").fill("15:00")
        chair_label = office.locator("#chair option", has_text="Dr Farah Zaidi").inner_text().strip()
        assert chair_label.startswith("Dr Farah Zaidi · Neurology")  # the specialty from the hub's list
        office.locator("#chair").select_option(label=chair_label)
        tick(office, "Dr Imran Ali")
        tick(office, "Dr Sana Khan")
        office.get_by_role("button", name="Schedule the conference").click()
        expect(office.locator("p.notice[role=status]")).to_contain_text("The conference is scheduled")
        conference_url = office.url.split("?")[0]

        # The coordinator puts two cases on from the conference page; a specialist proposes the third
        # from its referral page.
        for key in ("board1", "board2"):
            office.locator("#referral_id").select_option(value=_option_for(office, made[key][1].id))
            office.get_by_role("button", name="Put on the agenda").click()
            expect(office.locator("p.notice[role=status]")).to_contain_text("The case is on the agenda")
        ali.goto(f"{base}/referrals/{made['board3'][1].id}")
        ali.get_by_role("button", name=re.compile("Put on the agenda of “Tumour board, December”")).click()
        expect(ali.locator("#conferences")).to_contain_text("On the agenda")

        office.goto(conference_url)
        expect(office.locator(".agenda-item")).to_have_count(3)
        office.screenshot(path=str(artifacts_dir / "conference_page.png"), full_page=True)

        # Each station sees at its next pull that its case is on the agenda, and when.
        starts_utc = karachi.replace(hour=15, minute=0, second=0, microsecond=0).astimezone(UTC)
        for store, count in ((jhok, 2), (gharo, 1)):
            sync(store)
            notices = conferences.upcoming(store)
            assert len(notices) == count
            assert {n.title for n in notices} == {"Tumour board, December"}
            assert {datetime.fromisoformat(n.starts_at.replace("Z", "+00:00")) for n in notices} == {starts_utc}
            assert {n.local_start().strftime("%H:%M") for n in notices} == {"15:00"}

        # The chair steps through the agenda and records each outcome; Dr Khan missed the second case.
        chair.goto(f"{conference_url}/chair")
        outcomes = [("yes", "Start temozolomide after MRI."), ("no", ""), ("yes", "Shunt review before chemotherapy.")]
        for number, (changed, what) in enumerate(outcomes, start=1):
            expect(chair.locator("#case-title")).to_contain_text(f"Case {number} of 3")
            if number == 1:
                chair.screenshot(path=str(artifacts_dir / "conference_chair.png"), full_page=True)
            chair.locator("#consensus_plan").fill(f"Consensus plan for case {number}.")
            chair.locator(f"#plan_changed_{changed}").check()
            if what:
                chair.locator("#plan_change").fill(what)
            if number == 2:
                untick(chair, "Dr Sana Khan")
            chair.get_by_role("button", name="Record the outcome and send it").click()
            expect(chair.locator("p.notice[role=status]")).to_contain_text("sent to the station as the advice")
        chair.get_by_role("button", name="End the conference").click()
        expect(chair.locator("p.notice[role=status]")).to_contain_text("The conference is closed")

        # The outcome reaches each station as the advice on that referral.
        for store, keys in ((jhok, ("board1", "board2")), (gharo, ("board3",))):
            sync(store)
            assert conferences.upcoming(store) == []
            for key in keys:
                [conference_advice] = store.find(Advice, "referral_id = ?", [made[key][1].id])
                assert conference_advice.conference_title == "Tumour board, December"
                assert "Dr Imran Ali" in conference_advice.contributors
                assert [n.status for n in conferences.for_referral(store, made[key][1].id)] == ["discussed"]

        # Printable minutes: MRN and initials only; saved as a PDF by the browser itself.
        chair.goto(f"{conference_url}/minutes")
        minutes = chair.locator("#minutes").inner_text()
        assert "Start temozolomide" in minutes and "Dr Sana Khan" in minutes
        for store, ref in made.values():
            patient = store.conn.execute("SELECT name, phone FROM patients WHERE id = ?", (ref.patient_id,)).fetchone()
            assert patient[0] not in minutes and (not patient[1] or patient[1] not in minutes)
        chair.screenshot(path=str(artifacts_dir / "conference_minutes.png"), full_page=True)
        chair.emulate_media(media="print")
        chair.screenshot(path=str(artifacts_dir / "conference_minutes_print.png"), full_page=True)
        pdf = artifacts_dir / "conference_minutes.pdf"
        chair.pdf(path=str(pdf), format="A4")
        if shutil.which("pdftotext"):
            text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
            assert "Consensus plan for case 3" in text and "Run the conference" not in text

        # The programme figure: two of three discussed cases changed the plan, in this quarter.
        office.goto(f"{base}/dashboard?period=all")
        quarter = quarter_key(starts_utc)
        row = office.locator(f'#conference-plan-table tr[data-series="All conferences"][data-quarter="{quarter}"]')
        expect(row.locator("td.share")).to_have_text("67%")
        series = office.locator(f'#conference-plan-table tr[data-series="Paediatric neuro-oncology board"]'
                                f'[data-quarter="{quarter}"]')
        expect(series).to_contain_text("3")
        office.locator("#conference-figure").screenshot(path=str(artifacts_dir / "conference_dashboard.png"))
        with office.expect_download() as download:
            office.get_by_role("link", name="Download CSV").last.click()
        csv_text = Path(download.value.path()).read_text(encoding="utf-8-sig")
        assert f"All conferences,{quarter},3,2,0.6667" in csv_text

        # The console at phone width.
        phone_ctx, phone = sign_in(chromium, base, "dr.zaidi", **chromium_phone())
        phone.goto(conference_url)
        phone.screenshot(path=str(artifacts_dir / "conference_page_phone.png"), full_page=True)
        phone.goto(f"{conference_url}/chair?case=1")
        phone.screenshot(path=str(artifacts_dir / "conference_chair_phone.png"), full_page=True)
        phone.goto(f"{base}/referrals/{opinion_ref}")
        # Dr Zaidi is not on that case: she sees that a colleague was asked, not the opinion.
        expect(phone.locator("#opinions")).to_contain_text("1 colleague was asked")
        expect(phone.locator("#opinions")).not_to_contain_text("No features of TB")
        holder_phone_ctx, holder_phone = sign_in(chromium, base, "dr.khan", **chromium_phone())
        holder_phone.goto(f"{base}/referrals/{opinion_ref}")
        holder_phone.locator("#opinions").screenshot(path=str(artifacts_dir / "conference_opinions_phone.png"))
        for shown in (phone, holder_phone):
            width = shown.evaluate("document.documentElement.scrollWidth")
            assert width <= 420, f"the page is {width} px wide on a phone"
        for ctx in (khan_ctx, ali_ctx, chair_ctx, office_ctx, phone_ctx, holder_phone_ctx):
            ctx.close()
    finally:
        jhok.close()
        gharo.close()


def chromium_phone() -> dict[str, object]:
    """A Pixel 5-sized context (393 px wide), as a specialist on a phone."""
    return {"viewport": {"width": 393, "height": 851}, "device_scale_factor": 2.75, "is_mobile": True,
            "has_touch": True}


def _option_for(page: Page, referral_id: str) -> str:
    values = page.locator("#referral_id option").evaluate_all("els => els.map(e => e.value)")
    assert referral_id in values, "the referral is not offered for the agenda"
    return referral_id
