"""Name comparison that survives the ways one name is written: case, diacritics, Urdu or Latin
script, Arabic-Indic digits, and a letter added, dropped or changed.

Urdu script writes few vowels and Roman Urdu spells vowels every way, so both are reduced to a
consonant skeleton with one sound class per consonant (the station's patient search uses the same
classes): "Zainab" and "زینب" are both "znb". The hub cannot import the station, hence this copy.
"""

from __future__ import annotations

import re
import unicodedata

_URDU = {
    "ب": "b", "پ": "p", "ت": "t", "ٹ": "t", "ط": "t", "ث": "s", "س": "s", "ص": "s", "ج": "j",
    "چ": "c", "ح": "h", "ہ": "h", "ھ": "", "خ": "x", "د": "d", "ڈ": "d", "ذ": "z", "ز": "z", "ض": "z",
    "ظ": "z", "ژ": "z", "ر": "r", "ڑ": "r", "ش": "q", "غ": "g", "گ": "g", "ف": "f", "ق": "k",
    "ک": "k", "ل": "l", "م": "m", "ن": "n", "ں": "n",
}
# Arabic letter forms people's keyboards produce for the Urdu ones.
_UNIFY = str.maketrans({"ي": "ی", "ى": "ی", "ئ": "ی", "ك": "ک", "ه": "ہ", "ة": "ہ", "ۀ": "ہ", "أ": "ا",
                        "إ": "ا", "آ": "ا", "ؤ": "و", "ۓ": "ے"})
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹０１２３４５６７８９", "0123456789" * 3)
_LATIN = (("x", "ks"), ("q", "k"), ("ck", "k"), ("kh", "x"), ("gh", "g"), ("sh", "q"), ("ch", "c"),
          ("ph", "f"), ("th", "t"), ("dh", "d"), ("bh", "b"), ("jh", "j"), ("v", "w"))
_ARABIC = re.compile(r"[\u0600-\u06ff]")
WORD = re.compile(r"[^\W_]+", re.UNICODE)


def ascii_digits(text: str) -> str:
    """Arabic-Indic, Urdu and full-width digits as 0-9 (the same length, so positions hold)."""
    return text.translate(_DIGITS)


def fold(word: str) -> str:
    """A word folded for comparison: NFKC, case, no diacritics or harakat, one form per Urdu letter."""
    text = unicodedata.normalize("NFKC", word).casefold().translate(_UNIFY)
    text = "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", text).replace("\u200c", "").replace("\u200d", "")


def skeleton(word: str) -> str:
    """The consonant skeleton of one folded word in either script."""
    if _ARABIC.search(word):
        out = []
        for n, ch in enumerate(word):
            if ch in "ویے":
                if n == 0:
                    out.append("w" if ch == "و" else "y")
                continue
            if ch == "ہ" and n == len(word) - 1 and n > 0:
                continue  # a final heh writes a vowel: فاطمہ = Fatima
            out.append(_URDU.get(ch, ""))
        key = "".join(out)
    elif word.isascii():
        w = re.sub(r"[^a-z]", "", word)
        if len(w) > 2 and w.endswith("h") and w[-2] in "aeiou":
            w = w[:-1]
        for old, new in _LATIN:
            w = w.replace(old, new)
            if old == "ck":
                w = re.sub(r"c(?!h)", "k", w)
        head, rest = w[:1], w[1:]
        key = ("" if head in "aeiou" else head) + re.sub(r"[aeiouwy]", "", rest)
    else:
        key = ""
    return re.sub(r"(.)\1+", r"\1", key)


def _within_one(a: str, b: str) -> bool:
    """One letter added, dropped or changed (Damerau: or two neighbours swapped)."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) <= 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def same_name(word: str, name: str) -> bool:
    """Whether `word` (from free text) is plausibly `name` written another way; both folded.

    Exact for short names (3 letters: "Ali"); one slip for names of 5 letters or more with the same
    first letter ("Zaynab", "Zainub"); and the same consonants across scripts ("زینب" for Zainab).
    Within one script, consonants alone must be 3 or more to count, or "Noor" would find "near".
    """
    if word == name:
        return True
    if len(name) >= 5 and len(word) >= 4 and word[0] == name[0] and _within_one(word, name):
        return True
    w_key, n_key = skeleton(word), skeleton(name)
    if not w_key or w_key != n_key:
        return False
    cross_script = bool(_ARABIC.search(word)) != bool(_ARABIC.search(name))
    if cross_script:
        return len(n_key) >= 2 or len(word) >= 3
    return len(n_key) >= 3 and len(name) >= 5 and len(word) >= 4
