"""In a real browser, against `telehub serve`: a specialty added at the hub reaches a real station and
its referral form (English and Urdu); the referral made to it reaches that specialty's specialists
only; one takes it, another is told who holds it, a coordinator reassigns it; the station learns who
answers it, with the PMDC registration number."""

from __future__ import annotations

import io
import random
import re
from contextlib import redirect_stdout
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from PySide6.QtWidgets import QApplication

from hub.cli import main as telehub
from station import holders
from tests.e2e.conftest import ServedHub
from tests.integration.test_sync_replies import sync
from tests.support import sync_station as clinic
from tests.ui.clinic_support import settle, signed_in_worker
from ui import i18n
from ui.referral.create import ReferralForm

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

PASSWORD = "a long consultant password"
QUESTION = "Newborn 2 days old, not feeding since last night, temperature 35.2 and grunting: transfer now?"


def run_cli(*args: str) -> str:
    out = io.StringIO()
    with redirect_stdout(out):
        assert telehub(list(args)) == 0
    return out.getvalue()


def signed_in(browser: Browser, base: str, username: str, **context: object) -> Page:
    page = browser.new_context(**({"viewport": {"width": 1366, "height": 768}} | context)).new_page()
    page.goto(f"{base}/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/inbox$"))
    return page


def form_offers(qtbot, station_dir: Path, patient_id: str, language: str, artifacts: Path) -> dict[str, str]:
    """What the station's referral form offers, read from the widget in `language`."""
    app = QApplication.instance()
    i18n.install(app, language)
    try:
        with signed_in_worker(qtbot, station_dir) as ops:
            form = ReferralForm(ops)
            qtbot.addWidget(form)
            form.resize(1366, 768)
            form.show()
            form.open_with(patient_id)
            settle(qtbot, ops)
            form.specialty.setCurrentIndex(form.specialty.findData("neonatology"))
            form.grab().save(str(artifacts / f"e2e_referral_form_{language}.png"))
            offered = {form.specialty.itemData(i): form.specialty.itemText(i) for i in range(1, form.specialty.count())}
            form.close()
            return offered
    finally:
        i18n.install(app, "en")


def test_a_new_specialty_reaches_the_station_and_its_referral_is_taken_and_reassigned(
        served_hub: ServedHub, chromium: Browser, qtbot, artifacts_dir: Path, tmp_path: Path) -> None:
    base, db = served_hub.base_url, ("--db", served_hub.db_url)
    code = re.search(r'"code": "([^"]+)"', run_cli("station", "add", "--name", "BHU Jhok Sharif",
                                                  "--district", "Thatta", "--json", *db)).group(1)
    run_cli("specialty", "add", "Neonatology (newborns)", "--urdu", "نوزائیدہ بچے", *db)
    run_cli("specialty", "disable", "ent", *db)
    password = tmp_path / "pw"
    password.write_text(PASSWORD + "\n")
    for username, name, specialty, registration in (
            ("dr.sana", "Dr Sana Baloch", "neonatology", "12345-P"), ("dr.omar", "Dr Omar Shah",
                                                                     "Pediatrics,neonatology", "67890-S"),
            ("dr.farah", "Dr Farah Khan", "cardiology", "55555-B")):
        run_cli("specialist", "add", "--username", username, "--name", name, "--specialty", specialty,
                "--registration", registration, "--password-file", str(password), *db)
    run_cli("user", "add", "--username", "huma", "--name", "Huma Qureshi", "--role", "coordinator",
            "--password-file", str(password), *db)

    # The station's first sync brings the list; its form offers it in English and Urdu.
    station_dir = tmp_path / "station"
    store = clinic.create_station(station_dir, base, code)
    try:
        rng = random.Random(7)
        patient = clinic.register(store, rng)
        sync(store)
        english = form_offers(qtbot, station_dir, patient.id, "en", artifacts_dir)
        urdu = form_offers(qtbot, station_dir, patient.id, "ur", artifacts_dir)
        assert english["neonatology"] == "Neonatology (newborns)" and urdu["neonatology"] == "نوزائیدہ بچے"
        assert "ent" not in english and "ent" not in urdu
        from station import referrals

        referral = referrals.create(store, patient.id, "neonatology", "emergency", QUESTION)
        rash = referrals.create(store, patient.id, "dermatology", "routine", "Itchy rash on both hands for 3 weeks.")
        sync(store)

        # Only the specialty's specialists have it in their inbox.
        sana, omar, farah = (signed_in(chromium, base, u) for u in ("dr.sana", "dr.omar", "dr.farah"))
        for page in (sana, omar):
            page.reload()
            expect(page.locator("tbody tr", has_text=QUESTION[:40])).to_have_count(1)
        farah.reload()
        expect(farah.locator("tbody tr", has_text=QUESTION[:40])).to_have_count(0)
        expect(farah.locator(".result-count")).to_contain_text("No referrals")

        # Omar opens it; Sana takes it meanwhile; Omar's "I'm answering this" is then refused by name.
        omar.locator("tbody tr", has_text=QUESTION[:40]).get_by_role("link").click()
        expect(omar.locator("#holder-who")).to_contain_text("Nobody is answering this referral yet.")
        sana.locator("tbody tr", has_text=QUESTION[:40]).get_by_role("link").click()
        sana.get_by_role("button", name="I'm answering this").click()
        expect(sana.locator(".notice")).to_contain_text("You are answering this referral now")
        expect(sana.locator("#holder-who")).to_contain_text("You are answering this referral")
        sana.screenshot(path=str(artifacts_dir / "console-referral-holder-desktop.png"), full_page=True)
        omar.get_by_role("button", name="I'm answering this").click()
        expect(omar.locator("#holder-alert")).to_have_text(
            "Dr Sana Baloch is already answering this referral. A coordinator can reassign it.")
        expect(omar.locator("#holder-who")).to_contain_text("Dr Sana Baloch is answering this referral")
        expect(omar.locator("#holder-who")).to_contain_text("PMDC 12345-P")
        expect(omar.get_by_role("button", name="I'm answering this")).to_have_count(0)
        omar.goto(f"{base}/inbox")
        expect(omar.locator("tbody tr", has_text=QUESTION[:40]).locator(".holder-cell")).to_have_text("Dr Sana Baloch")

        # The station hears who answers, with the registration number.
        sync(store)
        held = holders.holder(store, referral.id)
        assert (held.name, held.registration_number) == ("Dr Sana Baloch", "12345-P")

        # The coordinator reassigns it to Omar, from a phone.
        phone = signed_in(chromium, base, "huma", viewport={"width": 393, "height": 851}, device_scale_factor=2.75,
                          is_mobile=True, has_touch=True)
        # Nobody answers dermatology: the coordinators' inbox says so.
        desk = signed_in(chromium, base, "huma")
        expect(desk.locator("#attention-banner")).to_contain_text("1 waiting referral for a specialty nobody answers")
        expect(desk.locator("tbody tr", has_text="Itchy rash")).to_contain_text("Nobody answers this specialty")
        desk.screenshot(path=str(artifacts_dir / "console-inbox-attention-desktop.png"))
        phone.goto(f"{base}/inbox")
        phone.screenshot(path=str(artifacts_dir / "console-inbox-attention-phone.png"))
        desk.goto(f"{base}/referrals/{rash.id}")
        expect(desk.locator("#holder-attention")).to_contain_text("a coordinator must assign it")
        phone.goto(f"{base}/referrals/{referral.id}")
        expect(phone.locator("#holder-who")).to_contain_text("Dr Sana Baloch is answering this referral")
        phone.get_by_label("Reassign to").select_option(label="Dr Omar Shah")
        phone.get_by_role("button", name="Reassign").click()
        expect(phone.locator(".notice")).to_contain_text("The referral is assigned")
        expect(phone.locator("#holder-who")).to_contain_text("Dr Omar Shah is answering this referral")
        phone.screenshot(path=str(artifacts_dir / "console-referral-holder-phone.png"), full_page=False)
        omar.reload()
        expect(omar.locator("tbody tr", has_text=QUESTION[:40]).locator(".holder-cell")).to_have_text("You")
        omar.screenshot(path=str(artifacts_dir / "console-inbox-holder-desktop.png"))
        phone.goto(f"{base}/audit")
        for text in ("Took a referral (answering it)", "Reassigned a referral", "dr.sana → dr.omar"):
            expect(phone.locator("main")).to_contain_text(text)

        sync(store)
        held = holders.holder(store, referral.id)
        assert (held.name, held.registration_number) == ("Dr Omar Shah", "67890-S")
    finally:
        store.close()
