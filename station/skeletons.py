"""Consonant skeletons: one key for a name written in Roman Urdu or in Urdu script.

People type a name in whichever script their keyboard has: a patient registered as "Zainab"
is looked for as "زینب", one registered as "اسلم" as "Aslam". Urdu script writes few vowels and
Roman Urdu spells vowels every way, so both sides are reduced to their consonants, each mapped
to one sound class (ص س ث and s are all "s"; ق ک and k, q are "k"). Vowel letters (ا ع, and
و ی inside a word) and Latin vowels drop out: Zainab and زینب both become "znb", Aslam and اسلم
"slm", Muhammad and محمد "mhmd".

A skeleton is also what a word typed with a vowel missing ("aslm") keeps, so it finds the
name too. For a consonant missing or extra ("asam", "asllam") :func:`deletions` gives the
skeletons one letter shorter, indexed beside the skeleton itself (SymSpell's idea, one edit).
"""

from __future__ import annotations

import re

from station.names import normalize

# Urdu-script consonants -> sound class. Letters absent here (ا آ ع ء, and ھ, the mark of an
# aspirated consonant) carry no consonant of their own; و and ی are handled by position.
_URDU = {
    "ب": "b", "پ": "p", "ت": "t", "ٹ": "t", "ط": "t", "ث": "s", "س": "s", "ص": "s", "ج": "j",
    "چ": "c", "ح": "h", "ہ": "h", "خ": "x", "د": "d", "ڈ": "d", "ذ": "z", "ز": "z", "ض": "z",
    "ظ": "z", "ژ": "z", "ر": "r", "ڑ": "r", "ش": "q", "غ": "g", "گ": "g", "ف": "f", "ق": "k",
    "ک": "k", "ل": "l", "م": "m", "ن": "n", "ں": "n",
}
# Latin spellings, longest first: digraphs that write one Urdu letter (or an aspirated one).
# Applied in order; the classes are plain ASCII letters, because FTS5's tokenizer folds accents
# (sh is "q" and kh "x": both letters are mapped away before).
_LATIN = (("x", "ks"), ("q", "k"), ("ck", "k"), ("kh", "x"), ("gh", "g"), ("sh", "q"), ("ch", "c"),
          ("ph", "f"), ("th", "t"), ("dh", "d"), ("bh", "b"), ("jh", "j"), ("v", "w"))
_LATIN_VOWELS = re.compile(r"[aeiou]")
_ARABIC = re.compile(r"[\u0600-\u06ff]")


def _latin(word: str) -> str:
    w = re.sub(r"[^a-z]", "", word)
    if len(w) > 2 and w.endswith("h") and w[-2] in "aeiou":
        w = w[:-1]  # Fatimah = Fatima = فاطمہ (a final ہ is a vowel)
    for old, new in _LATIN:
        w = w.replace(old, new)
        if old == "ck":
            w = re.sub(r"c(?!h)", "k", w)
    head, rest = w[:1], w[1:]
    # w and y are consonants only at the start (Waseem وسیم, Yousaf یوسف); inside a word they
    # are mostly vowels in one script and letters in the other (Awais اویس, Zaynab زینب).
    if head in "aeiou":
        head = ""
    rest = re.sub(r"[aeiouwy]", "", rest)
    return head + rest


def _urdu(word: str) -> str:
    out = []
    for n, ch in enumerate(word):
        if ch in "وی" + "ے":
            if n == 0:
                out.append("w" if ch == "و" else "y")
            continue
        if ch == "ہ" and n == len(word) - 1 and n > 0:
            continue  # فاطمہ, عائشہ: the final heh writes a vowel
        out.append(_URDU.get(ch, ""))
    return "".join(out)


def skeleton(word: str) -> str:
    """The consonant skeleton of one word in either script ("" when it has no consonant)."""
    w = normalize(word)
    key = _urdu(w) if _ARABIC.search(w) else _latin(w) if w.isascii() else ""
    return re.sub(r"(.)\1+", r"\1", key)


def script_mark(word: str) -> str:
    """"u" for a word in Urdu script, "s" for one in Latin letters: the first letter of its index
    token, so a search can ask for the other script only."""
    return "u" if _ARABIC.search(word) else "s"


def deletions(key: str) -> list[str]:
    """The skeletons one consonant shorter (only for keys of three or more: shorter ones would
    match half the register)."""
    if len(key) < 3:
        return []
    return list(dict.fromkeys(key[:i] + key[i + 1:] for i in range(len(key))))
