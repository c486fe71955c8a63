"""De-identification of a teaching case: what is left out, and what the free text is checked for.

The copy never takes the name, father's or husband's name, CNIC, phone, date of birth or village:
`age_text` says the age in years (and months under 5), the district stands for the place. Free
text cannot be cleaned by rule without changing the specialist's words or missing a spelling, so
it is checked instead: any of the patient's own identifiers (names in either script and common
misspellings, the village, the CNIC or phone digits) or any CNIC- or phone-shaped number holds the
case for review with the reason. Nothing is removed silently. A reason never repeats the
identifier: it names the field and shows the words around it with the identifier blacked out.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from hub.library.spelling import WORD, ascii_digits, fold, same_name

# Words that are part of many names but say nothing about who the patient is on their own.
_TITLES = frozenset({"bibi", "bi", "mst", "mrs", "mr", "mai", "begum", "sahib", "sahiba", "baba", "bano",
                     "بی", "بیبی", "مسمات", "بیگم", "صاحب", "صاحبہ", "مائی"})
MASK = "■"
# A run of digits between groups: one separator (dash, dot, slash, bracket) with a space either side
# or a space alone, so "+92 (321) 999-8887" and "0321 - 9998887" are one number.
_NUMBER_RUN = re.compile(r"\+?\d(?:\s?[.\-–—/()]?\s?\d)+")
# A separator with a space beside it joins groups of a phone number ("0321 - 9998887") but also
# readings ("BP 110/70 - 120/80"): such a run counts as a phone number only when it starts like one.
_SPACED = re.compile(r"\s[.\-–—/()]|[.\-–—/()]\s")
_CNIC_SHAPE = re.compile(r"\d{5}\D{0,3}\d{7}\D{0,3}\d")


@dataclass(frozen=True)
class Identifiers:
    """The patient's own identifiers, as the station registered them."""

    names: tuple[str, ...] = ()          # patient's name parts, both scripts
    relative_names: tuple[str, ...] = ()  # father's or husband's name parts
    village: tuple[str, ...] = ()
    cnic: str = ""  # digits only
    phone: str = ""  # digits only
    caregiver: tuple[str, ...] = ()  # who consented for the patient (a mother, a husband)
    born: tuple[str, ...] = ()  # the date of birth as digit runs: 20210214, 14022021, 1422021

    @classmethod
    def of_patient(cls, patient: dict[str, object], caregiver: str = "") -> Identifiers:
        def words(*values: object) -> tuple[str, ...]:
            found: list[str] = []
            for value in values:
                if isinstance(value, str):
                    found += [w for w in (fold(m) for m in WORD.findall(value))
                              if len(w) >= 3 and w not in _TITLES and not w.isdigit()]
            return tuple(dict.fromkeys(found))

        def digits(key: str) -> str:
            value = patient.get(key)
            return re.sub(r"\D", "", ascii_digits(value)) if isinstance(value, str) else ""

        born: tuple[str, ...] = ()
        dob = patient.get("date_of_birth")
        if isinstance(dob, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", dob):
            y, m, d = dob.split("-")
            born = tuple(dict.fromkeys((y + m + d, d + m + y, str(int(d)) + str(int(m)) + y, d + m + y[2:])))
        return cls(words(patient.get("name"), patient.get("name_ur")),
                   words(patient.get("father_name"), patient.get("father_name_ur")), words(patient.get("village")),
                   digits("cnic"), digits("phone"), words(caregiver), born)


@dataclass(frozen=True)
class Finding:
    """One reason a case is held: which field, what kind of identifier, the words around it (masked)."""

    field: str
    kind: str
    context: str

    def sentence(self, labels: dict[str, str]) -> str:
        return f"{labels.get(self.field, self.field)}: {self.kind} (“{self.context}”)."


def _visible(text: str) -> tuple[str, list[int]]:
    """`text` without invisible format characters (zero-width space and joiners, soft hyphen,
    direction marks), which would otherwise split a name or a number the reader sees whole; and
    where each kept character stands in `text`."""
    kept = [i for i, ch in enumerate(text) if unicodedata.category(ch) != "Cf"]
    return "".join(text[i] for i in kept), kept


def _spans(text: str, ids: Identifiers) -> list[tuple[int, int, str]]:
    seen, at = _visible(text)
    return [(at[start], at[end - 1] + 1, kind) for start, end, kind in _seen_spans(seen, ids)]


def _seen_spans(text: str, ids: Identifiers) -> list[tuple[int, int, str]]:
    found: list[tuple[int, int, str]] = []
    for match in WORD.finditer(text):
        word = fold(match.group())
        for kind, names in (("names the patient", ids.names),
                            ("names the patient's father or husband", ids.relative_names),
                            ("names the patient's village", ids.village),
                            ("names who consented for the patient", ids.caregiver)):
            if any(same_name(word, name) for name in names):
                found.append((match.start(), match.end(), kind))
                break
    plain = ascii_digits(text)
    for match in _NUMBER_RUN.finditer(plain):
        digits = re.sub(r"\D", "", match.group())
        kind = ""
        if any(born in digits for born in ids.born) and len(digits) <= 8:
            kind = "has the patient's date of birth"
        elif ids.cnic and len(ids.cnic) >= 7 and ids.cnic[5:12] in digits:
            kind = "has the patient's CNIC"
        elif ids.phone and len(ids.phone) >= 7 and ids.phone[-7:] in digits:
            kind = "has the patient's phone number"
        elif len(digits) == 13 and _CNIC_SHAPE.fullmatch(match.group().lstrip("+")):
            kind = "has a number shaped like a CNIC"
        elif 10 <= len(digits) <= 15 and (not _SPACED.search(match.group()) or _dialled(match.group(), digits)):
            kind = "has a number shaped like a phone number"
        if kind:
            found.append((match.start(), match.end(), kind))
    return sorted(found)


def _dialled(run: str, digits: str) -> bool:
    """Starts as a number is dialled: +country, a trunk 0, Pakistan's 92, or a mobile's 3."""
    return run.lstrip("(").startswith("+") or digits.startswith(("0", "92", "3"))


def masked(text: str, spans: list[tuple[int, int, str]]) -> str:
    out = list(text)
    for start, end, _ in spans:
        for i in range(start, end):
            if not out[i].isspace():
                out[i] = MASK
    return "".join(out)


def check(fields: dict[str, str], ids: Identifiers, context: int = 30) -> list[Finding]:
    """Every identifier found in the free-text `fields`, each with its masked surroundings."""
    findings: list[Finding] = []
    for name, text in fields.items():
        if not text:
            continue
        spans = _spans(text, ids)
        hidden = masked(text, spans)
        for start, end, kind in spans:
            left, right = max(0, start - context), min(len(text), end + context)
            snippet = " ".join(hidden[left:right].split())
            findings.append(Finding(name, kind, ("…" if left else "") + snippet + ("…" if right < len(text) else "")))
    return findings


def mask_text(text: str, ids: Identifiers) -> str:
    """`text` with every identifier `check` would find blacked out (for showing a held case)."""
    return masked(text, _spans(text, ids))


def age_text(date_of_birth: str | None, estimated_years: int | None, on: date) -> str:
    """The age on the day of the referral: whole years, with months under 5; never the date."""
    if date_of_birth:
        try:
            born = date.fromisoformat(date_of_birth)
        except ValueError:
            born = None
        if born is not None and born <= on:
            months = (on.year - born.year) * 12 + on.month - born.month - (on.day < born.day)
            years, rest = divmod(months, 12)
            if years < 5:
                if years == 0:
                    return f"{rest} month{'s' if rest != 1 else ''}"
                return f"{years} year{'s' if years != 1 else ''} {rest} month{'s' if rest != 1 else ''}"
            return f"{years} years"
    if estimated_years is not None:
        return f"about {estimated_years} year{'s' if estimated_years != 1 else ''}"
    return "age not recorded"
