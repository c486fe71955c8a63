"""Numbers, codes and dates that keep their left-to-right order inside Urdu text.

Qt's bidi algorithm turns digits after Arabic letters into "Arabic numbers", and a hyphen or
colon between those no longer joins them: a CNIC 42201-1234567-1 beside an Urdu word was drawn
1-1234567-42201, a date 2019-03-25 as 25-03-2019, "38.9 °C" as "C° 38.9". Every identifier,
date, time, dose or measurement shown among Urdu words goes through `ltr` (Unicode LEFT-TO-RIGHT
ISOLATE … POP DIRECTIONAL ISOLATE), or `keep_numbers` for a translated sentence that holds them.
"""

from __future__ import annotations

import re

LRI = "\u2066"   # left-to-right isolate
FSI = "\u2068"   # first-strong isolate: the run's own first letter decides
PDI = "\u2069"   # pop directional isolate

# A number with its separators and a short unit after it: 42201-1234567-1, 2019-03-25, 11:16:55,
# 38.9 °C, 500 mg-1 g, 15 mg/kg, 120 mg/5 ml, 4-6.
_NUMBER_RUN = re.compile(
    r"\d[\d.,:/\-–]*\d(?:\s?(?:°C|°F|mg/kg|mg|ml/kg|ml|mcg|g|kg|cm|mmHg|IU|%|/min))?"
    r"|\d(?:\s?(?:°C|°F|mg/kg|mg|ml/kg|ml|mcg|g|kg|cm|mmHg|IU|%|/min))?")


def ltr(text: str | None) -> str:
    """`text` drawn left to right wherever it sits (an MRN, CNIC, phone, date, time, value + unit)."""
    if not text:
        return text or ""
    return f"{LRI}{text}{PDI}"


def isolate(text: str | None) -> str:
    """Text that keeps its own direction inside a line of the other script (a name: Latin or Urdu),
    so "محمد اسلم · 000123" never swaps the name and the number."""
    if not text:
        return text or ""
    return f"{FSI}{text}{PDI}"


def keep_numbers(text: str) -> str:
    """Every run of digits (with its separators and unit) in `text` isolated left-to-right.

    For sentences that arrive whole (a translated hint, a dose note, a station message):
    "مثلاً 2019-03-25" keeps the date as typed. Runs already isolated are left alone.
    """
    if not text or not any(ch.isdigit() for ch in text):
        return text
    out: list[str] = []
    depth = 0
    last = 0
    for match in _NUMBER_RUN.finditer(text):
        before = text[last:match.start()]
        depth += sum(before.count(c) for c in (LRI, FSI, "\u2067")) - before.count(PDI)
        out.append(before)
        out.append(match.group() if depth > 0 else ltr(match.group()))
        last = match.end()
    out.append(text[last:])
    return "".join(out)


def plain(text: str) -> str:
    """`text` without the invisible direction marks (for comparing with what was typed)."""
    return re.sub("[\u2066-\u2069\u200e\u200f]", "", text)


def measure(value: str, unit: str) -> str:
    """A value with its unit: "38.9 °C" stays one left-to-right piece; with a unit written in Urdu
    ("28 سانس/منٹ") the number leads on the right, as an Urdu reader expects."""
    if not unit:
        return ltr(value)
    if any("\u0600" <= ch <= "\u06ff" for ch in unit):
        return f"{ltr(value)} {unit}"
    return ltr(f"{value} {unit}")
