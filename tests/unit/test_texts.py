"""Sentences made in station/ read as English everywhere and translate whole on screen."""

from __future__ import annotations

import pickle

from hypothesis import given
from hypothesis import strategies as st

from station.clinical import imci, news2
from station.texts import Joined, Text, and_list, render

URDU = {
    "Danger sign: {sign}.": "خطرے کی علامت: {sign}۔",
    "vomits everything": "سب کچھ قے کر دیتا ہے",
    "{items} and {last}": "{items} اور {last}",
    ", ": "، ",
    "pulse": "نبض", "temperature": "درجہ حرارت", "respiration rate": "سانس کی رفتار",
}


def urdu(template: str) -> str:
    return URDU.get(template, template)


def test_a_text_is_the_english_sentence_wherever_a_string_is_used():
    text = Text("Danger sign: {sign}.", sign=Text("vomits everything"))
    assert text == "Danger sign: vomits everything."
    assert isinstance(text, str) and f"{text}" == "Danger sign: vomits everything."


def test_values_that_are_sentences_are_translated_too():
    text = Text("Danger sign: {sign}.", sign=Text("vomits everything"))
    assert render(text, urdu) == "خطرے کی علامت: سب کچھ قے کر دیتا ہے۔"


def test_lists_are_joined_in_the_language_of_the_screen():
    names = [Text("respiration rate"), Text("pulse"), Text("temperature")]
    joined = and_list(names)
    assert joined == "respiration rate, pulse and temperature"
    assert render(joined, urdu) == "سانس کی رفتار، نبض اور درجہ حرارت"
    assert render(Joined(names, " "), urdu) == "سانس کی رفتار نبض درجہ حرارت"


def test_a_translation_that_lost_a_placeholder_falls_back_to_english():
    text = Text("Danger sign: {sign}.", sign="x")
    assert render(text, lambda _t: "خطرے کی علامت: {nishan}") == "Danger sign: x."


def test_texts_survive_a_trip_between_threads_and_processes():
    text = Text("Danger sign: {sign}.", sign=Text("vomits everything"))
    back = pickle.loads(pickle.dumps(text))
    assert back == text and back.template == text.template and back.values["sign"].template == "vomits everything"


@given(st.text(max_size=30), st.integers())
def test_any_value_fills_in_the_english_sentence(value, number):
    text = Text("{a} / {b}", a=value, b=number)
    assert text == f"{value} / {number}" and render(text, lambda t: t) == text


def test_clinical_results_keep_their_templates_for_translation():
    result = news2.news2(30, respiratory_rate=30, spo2=90, supplemental_oxygen=False, systolic_bp=85,
                         heart_rate=140, consciousness="alert", temperature=39.5)
    assert isinstance(result.response, Text) and result.response.template.startswith("High risk (NEWS2 {score})")
    child = imci.classify_general_danger_signs(14, ["vomits_everything"])
    assert render(child.reasons[0], urdu) == "خطرے کی علامت: سب کچھ قے کر دیتا ہے۔"
