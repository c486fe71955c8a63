"""The vitals panel: impossible numbers refused with their rule, NEWS2 / IMCI / MUAC banners as typed."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from station.clinical.assessment import Situation, assess
from station.clinical.vitals import VitalsReading
from station.records import Patient
from tests.ui.conftest import type_text
from ui.consultation.vitals_panel import VitalsPanel

ADULT = Patient(id="p1", name="Muhammad Aslam", sex="male", estimated_age_years=54)
WOMAN = Patient(id="p2", name="Sughra Bibi", sex="female", estimated_age_years=28)
CHILD = Patient(id="p3", name="Zainab", sex="female", date_of_birth="2025-01-01")


@pytest.fixture
def panel(qtbot) -> VitalsPanel:
    widget = VitalsPanel()
    qtbot.addWidget(widget)
    widget.resize(900, 700)
    widget.show()
    return widget


def enter(panel: VitalsPanel, values: dict[str, str]) -> bool:
    for key, text in values.items():
        panel.edits[key].clear()
        type_text(panel.edits[key], text)
    return panel.check()


@pytest.mark.parametrize(("key", "typed", "says"), [
    ("temperature", "101", "looks like °F"),
    ("temperature", "55", "between 25 and 45 °C"),
    ("height", "1.62", "looks like metres"),
    ("weight", "3200", "If you weighed in grams"),
    ("heart_rate", "abc", "is not a number"),
    ("spo2", "140", "between 40 and 100%"),
])
def test_an_impossible_value_is_refused_with_its_rule_beside_the_field(qtbot, panel, key, typed, says):
    panel.set_patient(ADULT, 54 * 12)
    assert not enter(panel, {key: typed})
    assert says in panel.errors.message(key)
    assert panel.edits[key].text() == typed
    assert panel.first_error_field() is panel.edits[key]


def test_a_diastolic_above_the_systolic_is_refused(qtbot, panel):
    panel.set_patient(ADULT, 54 * 12)
    assert not enter(panel, {"systolic_bp": "80", "diastolic_bp": "120"})
    assert "must be lower than the systolic" in panel.errors.message("diastolic_bp")


def test_urdu_digits_and_a_comma_decimal_are_understood(qtbot, panel):
    panel.set_patient(ADULT, 54 * 12)
    assert enter(panel, {"temperature": "۳۷٫۸", "weight": "70,5", "height": "170"})
    assert panel.reading is not None
    assert (panel.reading.temperature, panel.reading.weight) == (37.8, 70.5)
    assert panel.bmi.text().startswith("24.4")


def test_a_high_news2_is_flagged_red_with_what_to_do(qtbot, panel):
    panel.set_patient(ADULT, 54 * 12)
    panel.consciousness.setCurrentIndex(panel.consciousness.findData("confusion"))
    with qtbot.waitSignal(panel.assessment_changed) as changed:
        enter(panel, {"respiratory_rate": "26", "spo2": "90", "systolic_bp": "95", "diastolic_bp": "60",
                      "heart_rate": "125", "temperature": "39.5"})
    result = changed.args[0]
    assert result.news2.score >= 7
    assert panel.news2_banner.isVisible() and panel.news2_banner.colour == "red"
    assert "high risk" in panel.news2_banner.title.text()
    assert "Emergency response" in panel.news2_banner.detail.text()
    assert "emergency" in panel.urgency_label.text()


def test_the_news2_banner_stays_while_another_box_has_a_typing_mistake(qtbot, panel):
    panel.set_patient(ADULT, 54 * 12)
    panel.consciousness.setCurrentIndex(panel.consciousness.findData("voice"))
    enter(panel, {"respiratory_rate": "30", "spo2": "88", "weight": "7000"})
    assert panel.errors.message("weight")
    assert panel.news2_banner.isVisible() and panel.news2_banner.colour == "red"


def test_news2_is_not_offered_for_a_pregnant_woman(qtbot, panel):
    panel.set_patient(WOMAN, 28 * 12)
    assert panel.mother_row.isVisible()
    enter(panel, {"respiratory_rate": "26", "heart_rate": "125"})
    assert panel.news2_banner.isVisible()
    panel.pregnant.setChecked(True)
    panel.check()
    assert not panel.news2_banner.isVisible()


def test_a_child_gets_the_imci_questions_and_a_pink_classification(qtbot, panel):
    panel.set_patient(CHILD, 14)
    assert panel.child_box.isVisible()
    assert not panel.mother_row.isVisible()
    panel.cough.setChecked(True)
    enter(panel, {"respiratory_rate": "46"})
    assert panel.imci_banner.colour == "yellow"
    assert "pneumonia" in panel.imci_banner.title.text()
    panel.danger["convulsions"].setChecked(True)
    panel.check()
    assert panel.imci_banner.colour == "red"
    assert "severe pneumonia" in panel.imci_banner.title.text()
    assert "emergency" in panel.urgency_label.text()
    assert not panel.news2_banner.isVisible()


def test_imci_asks_for_the_breathing_rate_when_it_is_missing(qtbot, panel):
    panel.set_patient(CHILD, 14)
    panel.cough.setChecked(True)
    panel.check()
    assert panel.imci_banner.colour == "info"
    assert "Count the child's breaths" in panel.imci_banner.detail.text()


@pytest.mark.parametrize(("muac", "colour", "words"), [("11.0", "red", "severe acute malnutrition"),
                                                       ("12.0", "yellow", "moderate acute malnutrition"),
                                                       ("13.5", "green", "")])
def test_muac_bands_for_a_young_child(qtbot, panel, muac, colour, words):
    panel.set_patient(CHILD, 14)
    enter(panel, {"muac": muac})
    assert panel.muac_banner.colour == colour
    assert words in panel.muac_banner.title.text()


def test_a_saved_set_is_shown_again_as_it_was(qtbot, panel):
    from station.clinical.vitals import to_observations
    from station.records import VitalsSet

    panel.set_patient(ADULT, 54 * 12)
    saved = VitalsSet(observations=to_observations({"systolic_bp": 120.0, "temperature": 37.5}),
                      consciousness="alert", supplemental_oxygen=True)
    panel.load(saved)
    assert panel.edits["systolic_bp"].text() == "120"
    assert panel.edits["temperature"].text() == "37.5"
    assert panel.consciousness.currentData() == "alert"
    assert panel.oxygen.isChecked()


signs = st.fixed_dictionaries({}, optional={
    "respiratory_rate": st.integers(4, 120), "spo2": st.integers(40, 100), "systolic_bp": st.integers(40, 300),
    "heart_rate": st.integers(20, 300), "temperature": st.floats(25, 45).map(lambda t: round(t, 1)),
    "muac": st.floats(5, 60).map(lambda m: round(m, 1))})


@settings(max_examples=200, deadline=None)
@given(signs, st.one_of(st.none(), st.floats(0, 1200)), st.booleans(), st.booleans(),
       st.sampled_from([None, "alert", "confusion", "voice", "pain", "unresponsive"]),
       st.lists(st.sampled_from(["convulsions", "vomits_everything", "convulsing_now"]), unique=True))
def test_checks_never_fail_on_possible_values_and_the_urgency_is_the_most_serious(
        values, months, cough, pregnant, consciousness, danger):
    situation = Situation(age_months=months, consciousness=consciousness, pregnant=pregnant, cough=cough,
                          danger_signs=tuple(danger))
    result = assess(VitalsReading(**values), situation)
    if months is None:
        assert result.news2 is None and result.imci is None and result.muac is None
    if result.news2 is not None:
        assert months is not None and months >= 16 * 12 and not pregnant
    if result.imci is not None:
        assert months is not None and months < 60
    levels = ("routine", "soon", "urgent", "emergency")
    if result.news2 is not None and result.news2.score >= 7:
        assert result.suggestion.urgency == "emergency"
    if result.imci is not None and result.imci.severe:
        assert result.suggestion.urgency == "emergency"
    if result.muac is not None and result.muac.band == "severe":
        assert levels.index(result.suggestion.urgency) >= levels.index("urgent")


def test_in_urdu_the_panel_is_right_to_left_and_refusals_speak_the_interface_language(qtbot, artifacts):
    from ui import i18n
    from ui.app import create_qapp

    app = create_qapp()
    i18n.install(app, "ur")
    try:
        panel = VitalsPanel()
        qtbot.addWidget(panel)
        panel.resize(900, 620)
        panel.show()
        panel.set_patient(ADULT, 54 * 12)
        assert panel.isRightToLeft()
        first = panel.edits["systolic_bp"].mapTo(panel, panel.edits["systolic_bp"].rect().topLeft()).x()
        third = panel.edits["heart_rate"].mapTo(panel, panel.edits["heart_rate"].rect().topLeft()).x()
        assert first > third  # the first vital sign is on the right
        panel.consciousness.setCurrentIndex(panel.consciousness.findData("voice"))
        enter(panel, {"respiratory_rate": "۲۸", "spo2": "۸۹", "temperature": "104"})
        # The °F hint itself in Urdu (station.clinical.vitals gives a Text), the English in the tooltip.
        hint = panel.errors.message("temperature")
        assert "°F" in hint and "40" in hint and "looks like" not in hint, hint
        assert any("\u0600" <= ch <= "\u06ff" for ch in hint)
        assert "looks like °F" in panel.findChild(type(panel.bmi), "error_temperature").toolTip()
        assert panel.news2_banner.colour == "red"
        # What to do is in Urdu too (the sentence comes from station.clinical), not only the title.
        detail = panel.news2_banner.detail.text()
        assert "ہنگامی" in detail and "Emergency" not in detail, detail
        from tests.ui.conftest import shot

        shot(panel, artifacts, "consultation_vitals_ur")
    finally:
        i18n.install(app, "en")


def test_in_urdu_the_imci_classification_and_its_reasons_are_in_urdu(qtbot):
    from ui import i18n
    from ui.app import create_qapp

    app = create_qapp()
    i18n.install(app, "ur")
    try:
        panel = VitalsPanel()
        qtbot.addWidget(panel)
        panel.show()
        panel.set_patient(CHILD, 14)
        panel.cough.setChecked(True)
        enter(panel, {"respiratory_rate": "55"})
        text = panel.imci_banner.title.text() + panel.imci_banner.detail.text()
        assert "نمونیا" in text and "تیز سانس" in text, text
        assert "breaths/min" not in text and "pneumonia" not in text
    finally:
        i18n.install(app, "en")


def test_disagreeing_checks_give_one_action_the_most_urgent_with_each_reason(qtbot, panel):
    # Fast breathing and chest indrawing: IMCI treats at the clinic; MUAC 11.2 cm: severe, refer.
    panel.set_patient(CHILD, 14)
    panel.cough.setChecked(True)
    panel.indrawing.setChecked(True)
    enter(panel, {"respiratory_rate": "52", "muac": "11.2"})
    banner = panel.overall_banner
    assert banner.isVisible() and banner.colour == "amber"
    assert banner.title.text() == "What to do: Refer: the patient needs a doctor or specialist within a day."
    lines = banner.detail.text().splitlines()
    assert lines[0].startswith("\u2022 MUAC: severe acute malnutrition")
    assert lines[1].startswith("\u2022 IMCI: pneumonia") and "fast breathing" in lines[1].lower()
    # No separate banner that says something else.
    assert not panel.imci_banner.isVisible() and not panel.muac_banner.isVisible()
    # A danger sign makes the overall action an emergency.
    panel.danger["convulsions"].setChecked(True)
    panel.check()
    assert banner.colour == "red" and "Refer now as an emergency" in banner.title.text()
    assert banner.detail.text().splitlines()[0].startswith("\u2022 IMCI: severe pneumonia")


def test_one_check_keeps_its_own_banner(qtbot, panel):
    panel.set_patient(CHILD, 14)
    enter(panel, {"muac": "11.2"})
    assert panel.muac_banner.isVisible() and not panel.overall_banner.isVisible()


def test_no_bmi_for_a_small_child_but_for_an_adult(qtbot, panel):
    panel.set_patient(CHILD, 24)
    enter(panel, {"weight": "11", "height": "85"})
    assert not panel.bmi_row.isVisible() and panel.bmi.text() == "—"
    panel.set_patient(ADULT, 54 * 12)
    enter(panel, {"weight": "70", "height": "170"})
    assert panel.bmi_row.isVisible() and panel.bmi.text().startswith("24.2")
