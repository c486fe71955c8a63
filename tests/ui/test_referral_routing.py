"""The referral form offers the hub's specialty list (English or Urdu names; the built-in list before
the first sync), and the referral page says who at the hub answers it, with their PMDC number."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from station import holders, specialties
from station.records import Referral
from sync.wire.specialties import DEFAULT_SPECIALTIES
from tests.ui.clinic_support import ASLAM, consulted, referred, register, run, settle, signed_in_worker
from tests.ui.conftest import shot
from ui import i18n
from ui.referral.create import ReferralForm
from ui.referral.detail import ReferralPage

HUB_CLOCK = "20261207100000000-0000-hub"


@pytest.fixture
def ops(qtbot, station_dir: Path):
    with signed_in_worker(qtbot, station_dir) as worker:
        yield worker


@pytest.fixture
def urdu() -> Iterator[None]:
    app = QApplication.instance()
    i18n.install(app, "ur")
    try:
        yield
    finally:
        i18n.install(app, "en")


def hub_list_arrives(store) -> None:
    """What the pull brings: the built-in list, one specialty the hub added, one it switched off."""
    with store.atomic():
        for d in DEFAULT_SPECIALTIES:
            specialties.save_from_hub(store, d.code, d.name, d.name_ur, d.code != "ent", HUB_CLOCK)
        specialties.save_from_hub(store, "neonatology", "Neonatology (newborns)", "نوزائیدہ بچے", True, HUB_CLOCK)


def open_form(qtbot, ops) -> ReferralForm:
    patient = run(qtbot, ops, lambda s: register(s, ASLAM))
    form = ReferralForm(ops)
    qtbot.addWidget(form)
    form.resize(1366, 768)
    form.show()
    form.open_with(patient.id)
    settle(qtbot, ops)
    return form


def choices(form: ReferralForm) -> dict[str, str]:
    return {form.specialty.itemData(i): form.specialty.itemText(i) for i in range(1, form.specialty.count())}


def test_before_the_first_sync_the_form_offers_the_built_in_list(qtbot, ops) -> None:
    form = open_form(qtbot, ops)
    assert set(choices(form)) == {d.code for d in DEFAULT_SPECIALTIES}


@pytest.mark.parametrize("language", ["en", "ur"])
def test_the_form_offers_the_hub_list_in_the_app_language(qtbot, ops, artifacts, language, request) -> None:
    if language == "ur":
        request.getfixturevalue("urdu")
    run(qtbot, ops, hub_list_arrives)
    form = open_form(qtbot, ops)
    offered = choices(form)
    assert "ent" not in offered
    assert offered["neonatology"] == ("نوزائیدہ بچے" if language == "ur" else "Neonatology (newborns)")
    assert offered["paediatrics"] == ("امراضِ اطفال (بچے)" if language == "ur" else "Paediatrics (children)")
    form.specialty.setCurrentIndex(form.specialty.findData("neonatology"))
    shot(form, artifacts, f"referral_form_specialties_{language}")
    form.specialty.showPopup()
    qtbot.wait(50)
    shot(form.specialty.view().window(), artifacts, f"referral_form_specialty_list_{language}")
    form.specialty.hidePopup()


@pytest.fixture
def referral(qtbot, ops) -> Referral:
    def make(store):
        hub_list_arrives(store)
        patient = register(store, ASLAM)
        return referred(store, patient, consulted(store, patient, {"heart_rate": 110}))
    return run(qtbot, ops, make)


def open_page(qtbot, ops, referral: Referral) -> ReferralPage:
    page = ReferralPage(ops)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    page.open_with(referral.id)
    settle(qtbot, ops)
    return page


def holder_arrives(store, referral: Referral, name: str | None, clock: str = HUB_CLOCK) -> None:
    with store.atomic():
        holders.save_from_hub(store, referral.id, name, "12345-P" if name else None, "Pulmonology (lungs)",
                              "2026-12-07T09:45:00.000Z" if name else None, clock)


@pytest.mark.parametrize("language", ["en", "ur"])
def test_the_referral_page_names_who_answers_it_with_the_pmdc_number(qtbot, ops, referral, artifacts, language,
                                                                    request) -> None:
    if language == "ur":
        request.getfixturevalue("urdu")
    page = open_page(qtbot, ops, referral)
    assert not page.holder.isVisible()  # the hub has not said yet
    run(qtbot, ops, lambda s: holder_arrives(s, referral, "Dr Sana Baloch"))
    qtbot.waitUntil(lambda: page.holder.isVisible(), timeout=5000)
    text = page.holder.text()
    assert "Dr Sana Baloch" in text and "\u206612345-P\u2069" in text
    if language == "en":
        assert text.startswith("Answered by") and "PMDC registration" in text
        assert page.title.text() == "Referral to Pulmonology (lungs)"
    else:
        assert "جواب دے رہے ہیں" in text and "پی ایم ڈی سی" in text
        assert "امراضِ پھیپھڑا" in page.title.text()
    shot(page, artifacts, f"referral_holder_{language}")


def test_an_older_word_from_the_hub_never_replaces_a_newer_one(qtbot, ops, referral) -> None:
    page = open_page(qtbot, ops, referral)
    run(qtbot, ops, lambda s: holder_arrives(s, referral, None, "20261207110000000-0000-hub"))
    qtbot.waitUntil(lambda: page.holder.isVisible(), timeout=5000)
    assert "No specialist has taken this referral yet" in page.holder.text()
    run(qtbot, ops, lambda s: holder_arrives(s, referral, "Dr Sana Baloch", "20261207100000000-0000-hub"))
    settle(qtbot, ops)
    assert "No specialist has taken this referral yet" in page.holder.text()


def test_lists_name_a_referral_by_its_code_as_before() -> None:
    from ui.referral.words import specialty_text

    assert specialty_text("general_medicine") == specialty_text("general medicine") == "general medicine"
    assert specialty_text("ent") == "ENT (ear, nose and throat)"
    assert specialty_text("obstetrics_and_gynaecology") == "obstetrics and gynaecology"
    assert specialty_text("neonatology") == "neonatology"


@pytest.mark.parametrize("language", ["en", "ur"])
def test_the_referral_list_and_home_name_a_hub_specialty_as_the_form_did(qtbot, ops, language, request) -> None:
    from ui.home import HomePage
    from ui.referral.listing import ReferralsPage

    if language == "ur":
        request.getfixturevalue("urdu")

    def made(store):
        hub_list_arrives(store)
        patient = register(store, ASLAM)
        return referrals.create(store, patient.id, "neonatology", "urgent", "Jaundice on day 2: phototherapy?")

    from station import referrals

    run(qtbot, ops, made)
    wanted = "نوزائیدہ بچے" if language == "ur" else "Neonatology (newborns)"
    listing = ReferralsPage(ops)
    qtbot.addWidget(listing)
    listing.refresh()
    qtbot.waitUntil(lambda: listing.table.rowCount() == 1, timeout=10_000)
    assert listing.table.item(0, 2).text() == wanted
    home = HomePage(ops)
    qtbot.addWidget(home)
    home.refresh()
    qtbot.waitUntil(lambda: home.waiting.rowCount() == 1, timeout=10_000)
    assert home.waiting.item(0, 1).text() == wanted
