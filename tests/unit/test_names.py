"""Finding a patient however their name, CNIC or phone number was typed."""

from __future__ import annotations

import json
import re
import sqlite3
import string
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from station import names

ROOT = Path(__file__).resolve().parents[2]
URDU_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")

VARIANT_GROUPS = {
    "Muhammad": ["Muhammad", "Mohammad", "Muhammed", "Mohammed", "Mohamed", "Muhammet", "Mohd", "Md", "MUHAMMAD"],
    "Ahmad": ["Ahmad", "Ahmed"],
    "Hussain": ["Hussain", "Husain", "Hussein", "Husayn"],
    "Fatima": ["Fatima", "Fatimah", "Fatma"],
    "Ayesha": ["Ayesha", "Aisha", "Aysha"],
    "Zainab": ["Zainab", "Zaynab"],
    "Rehman": ["Rehman", "Rahman", "Rehmaan"],
    "Abdul": ["Abdul", "Abdal", "Abdel"],
    "Ullah": ["Ullah", "Ulla", "Ulah"],
    "Habibullah": ["Habibullah", "Habibulla", "Habibulah"],
    "Khan": ["Khan", "Khaan"],
    "Iqbal": ["Iqbal", "Ikbal"],
    "Qasim": ["Qasim", "Kasim", "Qaasim"],
    "Yousaf": ["Yousaf", "Yusuf", "Yousuf"],
    "Shah": ["Shah", "Shahh"],
    "Bibi": ["Bibi", "Bibee"],
    "Nasreen": ["Nasreen", "Nasrin"],
    "Sughra": ["Sughran", "Sughra"],
    "Ali": ["Ali", "Aly"],
    "Haider": ["Haider", "Hyder", "Haidar"],
    "Umar": ["Umar", "Omar"],
    "Mustafa": ["Mustafa", "Mustapha"],
    "Waseem": ["Waseem", "Vaseem"],
    "Ghulam": ["Ghulam", "Gulam"],
    "Naeem": ["Naeem", "Naim", "Nayeem"],
    "Aliya": ["Aliya", "Alia", "Aaliya"],
}
DIFFERENT_NAMES = [("Ali", "Alia"), ("Hasan", "Husain"), ("Amir", "Amira"), ("Umar", "Ammar"),
                   ("Jamal", "Jamil"), ("Kamal", "Kamil"), ("Saeed", "Syed"), ("Amna", "Amina"),
                   ("Rani", "Rana"), ("Hina", "Hana"), ("Zahid", "Zahida"), ("Aslam", "Islam"),
                   ("Salma", "Salim"), ("Mehmood", "Muhammad")]


def _roman_names() -> list[str]:
    data = json.loads((ROOT / "resources" / "demo" / "names.json").read_text(encoding="utf-8"))
    return [roman for roman, _ in data["male"] + data["female"]] + list(data["family"])


# ---------------------------------------------------------------- the index as the store builds it

class PatientIndex:
    """The FTS5 table patient search uses, filled and queried as the module docstring says."""

    def __init__(self) -> None:
        self.conn = sqlite3.connect(":memory:")
        self.conn.execute("CREATE VIRTUAL TABLE s USING fts5(pid UNINDEXED, tokens, "
                          "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')")

    def add(self, pid: str, *fields: str) -> None:
        self.conn.execute("INSERT INTO s VALUES (?, ?)", (pid, " ".join(names.search_tokens(" ".join(fields)))))

    def find(self, typed: str, prefix_last: bool = True) -> list[str]:
        groups = names.query_tokens(typed, prefix_last=prefix_last)
        if not groups:
            return []

        def term(t: str) -> str:
            return f'"{t[:-1]}"*' if t.endswith("*") else f'"{t}"'

        expression = " AND ".join("(" + " OR ".join(term(t) for t in group) + ")" for group in groups)
        return [r[0] for r in self.conn.execute("SELECT pid FROM s WHERE s MATCH ? ORDER BY rank", (expression,))]


# ---------------------------------------------------------------- normalize

@pytest.mark.parametrize(("typed", "stored"), [
    ("علي", "علی"),                 # Arabic yeh
    ("موسى", "موسی"),               # alef maksura
    ("عائشه", "عایشہ"),             # yeh with hamza, Arabic heh
    ("كريم", "کریم"),               # Arabic kaf
    ("فاطمة", "فاطمہ"),             # teh marbuta
    ("مُحَمَّد", "محمد"),            # harakat
    ("محـــمد", "محمد"),             # tatweel
    ("أحمد", "احمد"),               # alef with hamza
    ("آمنہ", "امنہ"),               # alef with madda
    ("إسماعيل", "اسماعیل"),         # alef with hamza below
    ("ثناء", "ثنا"),                # trailing hamza
    ("بشریٰ", "بشری"),              # superscript alef
    ("بھٹو", "بہٹو"),               # do-chashmi heh
    ("عبد\u200cالله", "عبداللہ"),   # zero-width non-joiner
    ("ﷲ", "اللہ"),                  # presentation-form ligature
    ("۰۳۰۰ ١٢٣", "0300 123"),       # Urdu and Arabic-Indic digits
    ("  Ḥusayn   ÁLI ", "husayn ali"),
    ("Zoë Łukasz Øre", "zoe lukasz ore"),
])
def test_typed_variants_of_a_name_normalize_to_one_form(typed: str, stored: str) -> None:
    assert names.normalize(typed) == names.normalize(stored)


def test_normalize_folds_to_the_expected_form() -> None:
    assert names.normalize(" Muḥammad  عائشه\tكريم ۱۲ ") == "muhammad عایشہ کریم 12"


@given(st.text())
def test_normalize_is_idempotent(text: str) -> None:
    once = names.normalize(text)
    assert names.normalize(once) == once


@given(st.text(alphabet=string.digits, min_size=1, max_size=20))
def test_urdu_and_arabic_digits_equal_ascii(digits: str) -> None:
    for table in (URDU_DIGITS, ARABIC_DIGITS):
        assert names.normalize(digits.translate(table)) == digits
        assert names.digits_only(digits.translate(table)) == names.digits_only(digits)
        assert digits.translate(table).translate(names.DIGITS) == digits


# ---------------------------------------------------------------- spelling keys

@pytest.mark.parametrize("group", sorted(VARIANT_GROUPS))
def test_common_spellings_of_one_name_share_a_key(group: str) -> None:
    keys = {spelling: names.phonetic_key(spelling) for spelling in VARIANT_GROUPS[group]}
    assert len(set(keys.values())) == 1, keys


@pytest.mark.parametrize(("a", "b"), DIFFERENT_NAMES)
def test_different_names_keep_different_keys(a: str, b: str) -> None:
    assert names.phonetic_key(a) != names.phonetic_key(b)


def test_urdu_words_key_to_their_normalized_form() -> None:
    assert names.phonetic_key("عائشه") == names.normalize("عائشہ") == "عایشہ"


words = st.text(alphabet=string.ascii_letters, min_size=1, max_size=12)


@given(words)
def test_key_ignores_letter_case(word: str) -> None:
    assert names.phonetic_key(word) == names.phonetic_key(word.upper()) == names.phonetic_key(word.swapcase())


@given(words, st.data())
def test_key_ignores_a_doubled_letter(word: str, data: st.DataObject) -> None:
    i = data.draw(st.integers(0, len(word) - 1))
    lone_e = word[i].lower() == "e" and word[i - 1:i].lower() != "e" and word[i + 1:i + 2].lower() != "e"
    assume(not lone_e)  # "e" and "ee" are different vowels in Roman Urdu (Ahmed / Ahmeed)
    assert names.phonetic_key(word[:i + 1] + word[i:]) == names.phonetic_key(word)


# ---------------------------------------------------------------- search tokens through FTS5

def _respell(name: str, rule: str) -> str:
    """One Roman-Urdu spelling habit applied to a name."""
    replacements = {"ph": ("f", "ph"), "q": ("q", "k"), "w": ("w", "v"), "v": ("v", "w")}
    if rule in ("ee", "oo"):  # a lone i or u written long: Nasrin -> Nasreen, Yusuf -> Yoosuf
        short = {"ee": "i", "oo": "u"}[rule]
        return re.sub(rf"(?<![aeiouAEIOU]){short}(?![aeiouAEIOU])", rule, name)
    if rule in replacements:
        old, new = replacements[rule]
        return name.replace(old, new).replace(old.capitalize(), new.capitalize())
    if rule == "double":
        return "".join(ch * 2 if ch.lower() in "bdfgjklmnprstz" else ch for ch in name)
    if rule == "trailing_h":
        return " ".join(w + "h" if w[-1] in "aiu" else w for w in name.split())
    if rule == "upper":
        return name.upper()
    return name


@settings(max_examples=150)
@given(st.lists(st.sampled_from(_roman_names()), min_size=1, max_size=3),
       st.sampled_from(["ee", "oo", "ph", "q", "w", "v", "double", "trailing_h", "upper"]),
       st.booleans())
def test_a_name_is_found_when_typed_with_another_spelling(parts: list[str], rule: str, typing: bool) -> None:
    index = PatientIndex()
    stored = " ".join(parts)
    index.add("p1", stored)
    assert index.find(_respell(stored, rule), prefix_last=typing) == ["p1"]


@pytest.mark.parametrize("group", sorted(VARIANT_GROUPS))
def test_any_spelling_in_a_group_finds_the_others(group: str) -> None:
    index = PatientIndex()
    stored = VARIANT_GROUPS[group][0]
    index.add("p1", stored, "Ghulam Nabi")
    for typed in VARIANT_GROUPS[group]:
        assert index.find(typed, prefix_last=False) == ["p1"], typed


@pytest.mark.parametrize(("a", "b"), [p for p in DIFFERENT_NAMES if p != ("Mehmood", "Muhammad")])
def test_a_finished_name_does_not_find_a_different_name(a: str, b: str) -> None:
    index = PatientIndex()
    index.add("p1", b)
    assert index.find(a, prefix_last=False) == []


@pytest.mark.parametrize(("stored", "typed"), [
    ("Abdul Rehman Soomro", "Abdulrehman"),
    ("Abdulrehman Soomro", "Abdul Rahman"),
    ("Abdurrehman", "Abdul Rehman"),
    ("Abdur Rehman", "abdul rehman"),
    ("Habib Ullah Khan", "Habibullah"),
    ("Habibullah Khan", "habib ulla khan"),
    ("Saif-ud-Din", "Saifuddin"),
    ("Saifuddin", "Saif ud Din"),
    ("Allah Ditta", "Allahditta"),
    ("Noor Jahan", "Noorjahan"),
    ("عبد الرحمن", "عبدالرحمن"),
    ("عبدالرحمن", "عبد الرحمن"),
    ("حبیب اللہ", "حبيب الله"),
    ("عائشہ بی بی", "عائشه"),
])
def test_compound_names_match_however_they_are_spaced(stored: str, typed: str) -> None:
    index = PatientIndex()
    index.add("p1", stored)
    assert index.find(typed, prefix_last=False) == ["p1"]


@pytest.mark.parametrize(("typed", "found"), [
    ("Muh", ["muhammad"]), ("Mohamm", ["muhammad"]), ("khan muh", ["muhammad"]),
    ("ali kh", ["ali"]), ("ayes", ["ayesha"]), ("عائ", ["ayesha"]), ("فاطم", ["fatima"]),
])
def test_the_search_finds_patients_while_the_name_is_being_typed(typed: str, found: list[str]) -> None:
    index = PatientIndex()
    index.add("muhammad", "Muhammad Aslam Khan", "محمد اسلم خان")
    index.add("ali", "Ali Khan")
    index.add("ayesha", "Ayesha Bibi", "عائشہ بی بی")
    index.add("fatima", "Fatima", "فاطمہ")
    assert sorted(index.find(typed)) == found


def test_father_name_words_find_the_patient_too() -> None:
    index = PatientIndex()
    index.add("p1", "Nasreen Bibi", "Ghulam Rasool")
    index.add("p2", "Nasreen Bibi", "Allah Ditta")
    assert index.find("nasreen ghulam rasool") == ["p1"]


def test_the_two_kinds_of_token_cannot_collide() -> None:
    tokens = names.search_tokens("Pahmad Ahmed محمد")
    assert all(t[0] in "wp" and len(t) > 1 for t in tokens)
    assert "wpahmad" in tokens and "pahmad" in tokens  # word "pahmad" vs the key of "Ahmed"
    assert names.query_tokens("") == [] and names.search_tokens("  ") == []


def test_linking_words_in_a_query_are_not_required() -> None:
    assert names.query_tokens("Zia ul Haq", prefix_last=False) == names.query_tokens("Zia Haq", prefix_last=False)


# ---------------------------------------------------------------- similarity

@pytest.mark.parametrize(("a", "b"), [
    ("Muhammad Ali Khan", "Khan Mohd Aly"), ("Mohammad Iqbaal", "Muhammad Iqbal"),
    ("Mst. Nasreen", "Nasreen Bibi"), ("Abdul Rehman", "Abdulrehman"), ("عائشه", "عائشہ"),
])
def test_the_same_name_spelled_or_ordered_differently_is_identical(a: str, b: str) -> None:
    assert names.name_similarity(a, b) == 1.0


@pytest.mark.parametrize(("a", "b"), [("Muhammad Aslam", "Muhammad Alsam"), ("Allah Ditta", "Allahditta"),
                                      ("Ghulam Rasool Jatoi", "Ghulam Rasul Jatoi"), ("Shakeela", "Shakila Bibi")])
def test_a_typo_keeps_names_close(a: str, b: str) -> None:
    assert names.name_similarity(a, b) >= 0.85


@pytest.mark.parametrize(("a", "b"), [("Ali Raza", "Zainab Bibi"), ("Ghulam Rasool", "Allah Ditta"),
                                      ("Ahmed Khan", "Akram Khan"), ("Ali", "Saleem"), ("Aslam", "Kulsoom"),
                                      ("Ali", "Alia"), ("Hasan", "Husain")])
def test_different_names_are_not_close(a: str, b: str) -> None:
    assert names.name_similarity(a, b) < 0.85


def test_empty_names_are_not_similar() -> None:
    assert names.name_similarity("", "Ali") == 0.0


@given(st.lists(st.sampled_from(_roman_names()), min_size=1, max_size=3),
       st.lists(st.sampled_from(_roman_names()), min_size=1, max_size=3))
def test_similarity_is_a_symmetric_score_that_ignores_word_order(a: list[str], b: list[str]) -> None:
    score = names.name_similarity(" ".join(a), " ".join(b))
    assert 0.0 <= score <= 1.0
    assert score == names.name_similarity(" ".join(b), " ".join(a))
    assert score == names.name_similarity(" ".join(reversed(a)), " ".join(b))
    assert names.name_similarity(" ".join(a), " ".join(a)) == 1.0


# ---------------------------------------------------------------- CNIC and phone

@given(st.text(alphabet=string.digits, min_size=13, max_size=13), st.booleans(), st.booleans())
def test_any_13_digit_cnic_is_accepted_with_or_without_dashes(digits: str, dashed: bool, urdu: bool) -> None:
    formatted = f"{digits[:5]}-{digits[5:12]}-{digits[12]}"
    typed = formatted if dashed else digits
    typed = typed.translate(URDU_DIGITS) if urdu else typed
    assert names.validate_cnic(typed) == formatted
    assert names.validate_cnic(formatted) == formatted
    assert names.digits_only(formatted) == digits == names.digits_only(typed)


@pytest.mark.parametrize(("typed", "problem"), [
    ("3520212345", "10 digits"), ("35202123456789", "14 digits"), ("", "0 digits"),
    ("3520-21234567-1", "wrong places"), ("35202-1234567-1x", "only digits"), ("abcde-fghijkl-m", "only digits"),
])
def test_a_wrong_cnic_is_refused_with_the_format_explained(typed: str, problem: str) -> None:
    with pytest.raises(ValueError) as refused:
        names.validate_cnic(typed)
    message = str(refused.value)
    assert "CNIC" in message and "12345-1234567-1" in message and "5-7-1" in message and problem in message


@pytest.mark.parametrize(("typed", "stored"), [
    ("03001234567", "03001234567"), ("0300-1234567", "03001234567"), ("+92 300 1234567", "03001234567"),
    ("+923451234567", "03451234567"), ("0092 321 1234567", "03211234567"), ("923331234567", "03331234567"),
    ("+92 (0)300 1234567", "03001234567"), ("۰۳۰۰۱۲۳۴۵۶۷", "03001234567"), ("3001234567", "03001234567"),
    ("021-34567890", "02134567890"), ("0298-612345", "0298612345"), ("+92 42 35761234", "04235761234"),
])
def test_pakistani_phone_numbers_are_stored_the_same_way_however_typed(typed: str, stored: str) -> None:
    assert names.validate_phone(typed) == stored
    assert names.digits_only(typed) == stored


@pytest.mark.parametrize(("typed", "hint"), [
    ("0300123456", "11"), ("030012345678", "11"), ("12345", "03XX-XXXXXXX"), ("+1 202 555 0100", "03XX-XXXXXXX"),
    ("0300-CALL-ME", "digits only"), ("", "digits only"), ("03001+234567", "digits only"),
])
def test_a_wrong_phone_is_refused_with_a_clear_message(typed: str, hint: str) -> None:
    with pytest.raises(ValueError) as refused:
        names.validate_phone(typed)
    assert "Phone" in str(refused.value) and hint in str(refused.value)


@given(st.text(alphabet=string.digits, min_size=9, max_size=9), st.sampled_from(["0{}", "+92{}", "0092{}", "92{}"]))
def test_a_mobile_with_or_without_country_code_matches_the_stored_number(rest: str, shape: str) -> None:
    stored = "03" + rest
    assert names.digits_only(shape.format(stored[1:])) == stored
    assert names.validate_phone(shape.format(stored[1:])) == stored
