"""Names, CNICs and phone numbers as people type them: normalising, matching, validating.

Patient search (``station.search``) indexes a patient in an FTS5 table whose ``tokens``
column is ``" ".join(search_tokens(name + " " + father_name + " " + name_ur + ...))``.
Two kinds of token live there, told apart by their first letter so they never collide and
survive FTS5's ``unicode61`` tokenizer (which would split on "_" or ":"):

* ``w<word>``: the word after :func:`normalize` (any script), e.g. ``wmohammad``, ``wمحمد``;
* ``p<key>``: the Roman-Urdu spelling key of a Latin word (:func:`phonetic_key`), e.g.
  ``pmahamad`` for Muhammad, Mohammed and Md alike.

Compound names are indexed whole and in pieces (Abdulrehman -> abdul + rehman, Habibullah ->
habib + ullah, عبدالرحمن -> عبد + الرحمن), and each pair of neighbouring words also joined
(Allah Ditta -> allahditta), so spacing differences still match.

:func:`query_tokens` turns typed text into one group per typed word; a group lists FTS
terms of which any may match (a trailing ``*`` marks an FTS prefix term, used for the last
word while the person is still typing). The store ANDs the groups and ORs inside a group:
``tokens : ("wmohamad" OR "pmahamad") AND tokens : ("wkha"* OR "pkha"*)``.

CNIC and phone matching compares :func:`digits_only` values, so "3520212345671",
"35202-1234567-1" and "+92 300 1234567" / "03001234567" meet.
"""

from __future__ import annotations

import re
import unicodedata
from itertools import pairwise

# Urdu/Persian (۰-۹) and Arabic-Indic (٠-٩) digits -> ASCII, for `text.translate(DIGITS)`.
DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")

# Arabic-script letters that keyboards produce interchangeably for one Urdu letter. Alef
# with hamza or madda (أ إ آ) loses its mark with the other diacritics below, so all alefs
# compare equal; people write آمنہ and امنہ for one name. ٱ (wasla) has no decomposition.
# Every heh (Arabic ه, ae ە, teh marbuta ة/ۃ and do-chashmi ھ) folds to Urdu ہ: an Arabic
# keyboard types ه for both Urdu hehs, and no two names differ only in which heh they use.
# Standalone hamza ء is dropped: ثناء and ثنا, اسماء and اسما are the same names. Yeh
# barree ے stays apart from ی: it is its own letter at the end of Urdu words.
_LETTERS = str.maketrans({
    "ي": "ی", "ى": "ی", "ې": "ی", "ك": "ک", "ڪ": "ک",
    "ه": "ہ", "ە": "ہ", "ة": "ہ", "ۃ": "ہ", "ھ": "ہ", "ٱ": "ا", "ء": "",
    # Latin letters without a canonical decomposition.
    "ø": "o", "đ": "d", "ł": "l", "ħ": "h", "ı": "i", "æ": "ae", "œ": "oe", "þ": "th", "ð": "d",
})
_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]")
_WORD = re.compile(r"\w+")


def _normalize_once(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(DIGITS).casefold()
    # NFD splits off Latin accents, harakat and the hamza/madda of أ إ آ ئ ؤ ۂ; dropping
    # nonspacing marks (Mn) removes them all. Format characters (ZWNJ, RLM) go too;
    # tatweel is a letter-modifier (Lm), so it is removed by name.
    kept = [ch for ch in unicodedata.normalize("NFD", text)
            if unicodedata.category(ch) not in ("Mn", "Cf", "Cc") or ch.isspace()]
    text = unicodedata.normalize("NFC", "".join(kept).replace("\u0640", "").translate(_LETTERS))
    return " ".join(text.split())


def normalize(text: str) -> str:
    """Text folded for comparison: NFKC, casefold, no diacritics/harakat, unified Urdu letters,
    ASCII digits, single spaces. Idempotent."""
    for _ in range(4):  # one pass almost always suffices; repeat until nothing changes
        folded = _normalize_once(text)
        if folded == text:
            break
        text = folded
    return text


# ---------------------------------------------------------------- Roman-Urdu spelling keys

# Whole-word spellings no rule can reach (abbreviations, Turkish spellings, contractions).
_ALIASES = {
    "md": "muhamad", "mohd": "muhamad", "muhd": "muhamad", "mhd": "muhamad", "muhamet": "muhamad",
    "mohamet": "muhamad", "fatma": "fatima", "sughran": "sughra", "sugran": "sughra",
    "sayed": "syed", "sayid": "syed", "seyed": "syed", "saiyed": "syed", "saiyid": "syed",
    "abdur": "abdul", "abdus": "abdul", "abdun": "abdul", "abduz": "abdul", "abdush": "abdul",
}
_CONSONANT_RULES = (("ph", "f"), ("q", "k"), ("ck", "k"), ("x", "ks"), ("v", "w"), ("zh", "z"),
                    ("gh", "g"))
_VOWELS = "aeiou"


def _y_as_letter(w: str) -> str:
    """Decide each 'y': a consonant before a vowel, a vowel 'i' after one (Zaynab = Zainab),
    the diphthong 'ai' between consonants (Hyder = Haider), 'i' at the end (Aly = Ali)."""
    out = []
    for i, ch in enumerate(w):
        if ch != "y":
            out.append(ch)
            continue
        prev = w[i - 1] if i else ""
        nxt = w[i + 1] if i + 1 < len(w) else ""
        if nxt in _VOWELS and nxt:
            out.append("y")
        elif prev in _VOWELS and prev:
            out.append("i")
        elif nxt:
            out.append("ai" if prev else "i")
        else:
            out.append("i")
    return "".join(out)


def _vowel_class(run: str, initial: bool) -> str:
    """a/e/o/u -> 'a' (u before consonants at the word start -> 'u'), i -> 'i', diphthong -> 'e'."""
    out, i = [], 0
    while i < len(run):
        if run[i] == "i":
            out.append("i")
            i += 1
            continue
        j = i
        while j < len(run) and run[j] != "i":
            j += 1
        if j < len(run):  # a/e/o/u followed by i: Hussain, Hussein, Zaid
            out.append("e")
            j += 1
        else:
            out.append("u" if initial and i == 0 and run[0] in "ou" else "a")
        i = j
    return "".join(out)


def _single_letters(word: str) -> str:
    """Long vowels as short ones and doubled letters as single: Habeebullah -> habibulah."""
    w = re.sub(r"(.)\1{2,}", r"\1\1", word)     # "eee" is a slip for "ee"
    w = w.replace("ee", "i").replace("oo", "u")  # long vowels before doubles collapse
    return re.sub(r"(.)\1+", r"\1", w)


def _latin_key(word: str) -> str:
    w = _single_letters(re.sub(r"[^a-z]", "", word))
    w = _ALIASES.get(w, w)
    for old, new in _CONSONANT_RULES:
        w = w.replace(old, new)
    w = re.sub(r"c(?!h)", "k", w)
    w = re.sub(r"iy(?=[aeou]|$)", "i", w)            # Aliya = Alia
    w = re.sub(r"([aeou])y[ei](?![aeiou])", r"\1i", w)  # Ayesha = Aisha, Nayeem = Naim
    w = _y_as_letter(w)
    if len(w) > 2 and w.endswith("h") and w[-2] in _VOWELS:
        w = w[:-1]                                   # Fatimah = Fatima, Shah = Sha
    parts = re.findall(r"[aeiou]+|[^aeiou]+", w)
    key = "".join(_vowel_class(p, n == 0) if p[0] in _VOWELS else p for n, p in enumerate(parts))
    return re.sub(r"(.)\1+", r"\1", key)


def phonetic_key(word: str) -> str:
    """A key equal for common Roman-Urdu spellings of one name (Mohammed/Muhammad/Md,
    Hussain/Husayn, Ayesha/Aisha...) but different for different names (Ali/Alia, Hasan/Husain).
    Urdu-script and other non-Latin words return their normalized form."""
    w = normalize(word)
    if w.isascii() and re.search("[a-z]", w):
        return _latin_key(w)
    return w


# ---------------------------------------------------------------- search tokens

# Matched on the word with doubled letters collapsed, so "Habibulla" and "Habibullah" split alike.
_LATIN_ABD = re.compile(r"^abd[aeiou]l(.{3,})$")                 # Abdulrehman
_LATIN_ABD_SUN = re.compile(r"^abd[aeiou](sh|[rsnztd])(.{2,})$")  # Abdurrehman, Abdussalam
_LATIN_SUFFIX = re.compile(r"^(.{3,}?)(?:ulah|ula)$")              # Habibullah, Sanaulla
_LATIN_DIN = re.compile(r"^(.{3,}?)(?:udin|edin)$")                # Saifuddin
_URDU_ABD = re.compile(r"^(عبد)(ال.{2,})$")
_URDU_ARTICLE = re.compile(r"^(.{2,}?)(ال.{2,})$")  # سیفالدین, حبیباللہ written without a space
# Linking particles in spaced spellings ("Saif ud Din", "Zia ul Haq") carry no name.
_CONNECTORS = frozenset({"ud", "ul", "ur", "us", "uz", "un", "ad", "ed", "el"})


def _pieces(word: str) -> list[str]:
    """A compound name split into the words it is also written as (or [word])."""
    if _ARABIC_SCRIPT.search(word):
        m = _URDU_ABD.match(word) or _URDU_ARTICLE.match(word)
        return [m.group(1), m.group(2)] if m else [word]
    single = _single_letters(word)
    if m := _LATIN_ABD_SUN.match(single):
        return ["abdul", m.group(1) + m.group(2)]
    if m := _LATIN_ABD.match(single):
        return ["abdul", m.group(1)]
    if m := _LATIN_DIN.match(single):
        return [m.group(1), "din"]
    if m := _LATIN_SUFFIX.match(single):
        return [m.group(1), "ullah"]
    return [word]


def _words(text: str) -> list[str]:
    return _WORD.findall(normalize(text).replace("_", " "))


def _tokens_for(word: str) -> list[str]:
    key = phonetic_key(word)
    # Always emit the key: a query word that is its own key ("ikbal") must still meet "iqbal".
    return ["w" + word] + (["p" + key] if key else [])


def search_tokens(text: str) -> list[str]:
    """Index tokens for a name (any mix of Roman Urdu and Urdu script), without duplicates."""
    words = _words(text)
    out: list[str] = []
    for word in words:
        out += _tokens_for(word)
        pieces = _pieces(word)
        if len(pieces) > 1:
            for piece in pieces:
                out += _tokens_for(piece)
    for first, second in pairwise(words):
        out += _tokens_for(first + second)
    return list(dict.fromkeys(t for t in out if len(t) > 1))


def query_tokens(query: str, prefix_last: bool = True) -> list[list[str]]:
    """One group of FTS terms per typed word: a row matches when every group has a match.
    The last word's terms end in "*" (prefix search) while `prefix_last`."""
    words = [w for w in _words(query) if w not in _CONNECTORS]
    groups: list[list[str]] = []
    for n, word in enumerate(words):
        pieces = _pieces(word)
        for m, piece in enumerate(pieces):
            terms = _tokens_for(piece)
            if prefix_last and n == len(words) - 1 and m == len(pieces) - 1:
                # A key of 1-2 letters ("reh" -> "ra") would match half the register.
                terms = [t + "*" for t in terms if t[0] == "w" or len(t) > 3]
            groups.append(terms)
    return groups


def digits_only(text: str) -> str:
    """ASCII digits of a CNIC/phone/MRN as typed (Urdu digits too). A Pakistani phone loses its
    country code: "+92 300 1234567", "0092300…", "923001234567" and "3001234567" -> "03001234567"."""
    raw = (text or "").translate(DIGITS)
    digits = "".join(ch for ch in raw if ch.isascii() and ch.isdigit())
    if raw.strip().startswith("+92") or digits.startswith("0092"):
        rest = digits[(2 if raw.strip().startswith("+") else 4):]
        return rest if rest.startswith("0") else "0" + rest  # "+92 (0)300…" keeps one zero
    if len(digits) == 12 and digits.startswith("923"):
        return "0" + digits[2:]
    if len(digits) == 10 and digits.startswith("3"):
        return "0" + digits
    return digits


# ---------------------------------------------------------------- similarity

def _jaro_winkler(a: str, b: str) -> float:
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    window = max(max(len(a), len(b)) // 2 - 1, 0)
    used = [False] * len(b)
    matched_a = []
    for i, ch in enumerate(a):
        for j in range(max(0, i - window), min(len(b), i + window + 1)):
            if not used[j] and b[j] == ch:
                used[j] = True
                matched_a.append(ch)
                break
    if not matched_a:
        return 0.0
    matched_b = [b[j] for j in range(len(b)) if used[j]]
    m = len(matched_a)
    transpositions = sum(x != y for x, y in zip(matched_a, matched_b, strict=True)) / 2
    jaro = (m / len(a) + m / len(b) + (m - transpositions) / m) / 3
    prefix = 0
    for x, y in zip(a[:4], b[:4], strict=False):
        if x != y:
            break
        prefix += 1
    return jaro + prefix * 0.1 * (1 - jaro)


def _edit_similarity(a: str, b: str) -> float:
    """1 - (optimal string alignment distance / longer length)."""
    if not a or not b:
        return float(a == b)
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        row = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                row[j] = min(row[j], prev2[j - 2] + 1)
        prev2, prev = prev, row
    return 1 - prev[-1] / max(len(a), len(b))


def _key_similarity(a: str, b: str) -> float:
    # Jaro-Winkler alone rates short different names (Ali/Saleem) as close; the edit
    # distance keeps one typo in a long name close and two short names apart.
    return 1.0 if a == b else (_jaro_winkler(a, b) + 2 * _edit_similarity(a, b)) / 3


# Titles and honorifics written before or after a name in registers ("Mst. Nasreen Bibi").
_HONORIFICS = frozenset({"bibi", "mai", "begum", "khatoon", "mst", "mussammat", "musammat", "mrs", "mr",
                         "haji", "hafiz", "بی", "مائی", "بیگم", "خاتون", "مسمات"})
_HONORIFIC_KEYS = frozenset(phonetic_key(h) for h in _HONORIFICS)


def _name_keys(text: str) -> list[str]:
    words = [w for w in _words(text) if w not in _CONNECTORS]
    named = [w for w in words if phonetic_key(w) not in _HONORIFIC_KEYS]
    return [phonetic_key(p) for w in (named or words) for p in _pieces(w)]


def name_similarity(a: str, b: str) -> float:
    """0..1 closeness of two names, spelling-variant aware and insensitive to word order and
    to titles like Bibi or Mst. 1.0: the same name as far as spelling keys can tell; one typo
    in a longer name stays above 0.85; different names of a few letters fall well below."""
    ka, kb = _name_keys(a), _name_keys(b)
    if not ka or not kb:
        return 0.0
    if sorted(ka) == sorted(kb):
        return 1.0

    def best(xs: list[str], ys: list[str]) -> float:
        return sum(max(_key_similarity(x, y) for y in ys) for x in xs) / len(xs)

    by_word = (best(ka, kb) + best(kb, ka)) / 2
    # "Allah Ditta" against "Allahditta": compare the keys run together too.
    joined = _key_similarity("".join(sorted(ka)), "".join(sorted(kb)))
    return round(min(max(by_word, joined), 0.999), 4)


# ---------------------------------------------------------------- validation

def validate_cnic(text: str) -> str:
    """A CNIC as "12345-1234567-1" from 13 digits typed with or without the dashes."""
    raw = "".join((text or "").translate(DIGITS).split())
    plain = raw.replace("‐", "-").replace("–", "-").replace("—", "-")
    if re.fullmatch(r"\d{13}", plain) or re.fullmatch(r"\d{5}-\d{7}-\d", plain):
        d = plain.replace("-", "")
        return f"{d[:5]}-{d[5:12]}-{d[12]}"
    count = sum(ch.isdigit() for ch in plain)
    if re.search(r"[^\d-]", plain):
        detail = "only digits and dashes are allowed"
    elif count != 13:
        detail = f"it has {count} digits"
    else:
        detail = "the dashes are in the wrong places"
    raise ValueError(f"CNIC '{text}' is not valid ({detail}): enter the 13 digits of the card, "
                     "as 12345-1234567-1 (5-7-1 digits; the dashes are optional).")


def validate_phone(text: str) -> str:
    """A Pakistani phone as national digits: mobile "03001234567", landline "0211234567"."""
    raw = (text or "").translate(DIGITS).strip()
    if not raw or re.search(r"[^\d\s+().-]", raw) or "+" in raw[1:]:
        raise ValueError(f"Phone '{text}' is not a phone number: use digits only, "
                         "e.g. 0300-1234567 or +92 300 1234567.")
    digits = digits_only(raw)
    if re.fullmatch(r"03\d{9}", digits) or (re.fullmatch(r"0[2-9]\d{8,9}", digits) and digits[1] != "3"):
        return digits
    if digits.startswith("03"):
        raise ValueError(f"Phone '{text}' has {len(digits)} digits: a mobile number has 11, "
                         "as 03XX-XXXXXXX (or +92 3XX XXXXXXX).")
    raise ValueError(f"Phone '{text}' is not a Pakistani number: enter a mobile as 03XX-XXXXXXX "
                     "or +92 3XX XXXXXXX, or a landline with its area code, e.g. 021-XXXXXXXX.")
