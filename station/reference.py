"""Reference data the clinic works from: the essential medicines list and ICD-10 codes.

Files live in ``resources/`` beside the code, or wherever TELESTATION_RESOURCES points
(a packaged build sets it). Each file is read once, on first use.
"""

from __future__ import annotations

import csv
import json
import os
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from station.names import normalize

ICD10_FILE = "icd10.csv"
MEDICINES_FILE = "essential_medicines.json"
_ICD10_CODE = re.compile(r"^([A-Z])(\d\d)(?:\.?(\d{1,2}))?$")

# WHO titles use British spelling and clinical words; health workers also type these.
_SPELLINGS = {"anemia": "anaemia", "diarrhea": "diarrhoea", "edema": "oedema", "hemorrhage": "haemorrhage",
              "tumor": "tumour", "pediatric": "paediatric", "esophagitis": "oesophagitis"}
# Everyday words -> code prefixes they usually mean (search shows these after code matches).
_SYNONYMS = {
    "diarrhoea": ("A09", "A00", "A03", "A06", "A07", "A08", "K52.9"), "loose": ("A09",),
    "dysentery": ("A03", "A06.0"), "fever": ("R50.9", "A01", "B54", "A97"), "tb": ("A15", "A16", "A17", "A18", "A19", "Z03.0"),
    "bp": ("I10", "O13", "O14", "O16"), "sugar": ("E11", "E14", "R73"), "piles": ("K64",), "uti": ("N39.0", "N30"),
    "jaundice": ("R17.0", "B15.9", "B19.9", "P59.9"), "fits": ("R56", "G40"), "seizure": ("R56", "G40"),
    "worms": ("B77.9", "B76.9", "B79", "B80", "B82"), "dog": ("W54", "Z20.3"), "snake": ("T63.0", "X20"),
    "burn": ("T20", "T21", "T22", "T23", "T24", "T25", "T30"), "cold": ("J00",), "flu": ("J10", "J11"),
    "malnutrition": ("E40", "E41", "E42", "E43", "E44", "E46"), "sam": ("E40", "E41", "E42", "E43"),
    "anc": ("Z34", "Z35"), "antenatal": ("Z34", "Z35", "Z36"), "depression": ("F32", "F33"),
}


@dataclass(frozen=True)
class Medicine:
    """One line of the essential medicines list."""

    id: str
    name: str
    strength: str
    form: str
    route: str
    category: str
    adult_dose: str
    paediatric_note: str
    synonyms: tuple[str, ...] = ()  # other names people type: "ORS", "Aspirin", "Co-trimoxazole"

    @property
    def label(self) -> str:
        """How a prescription line shows it: "Amoxicillin 250 mg/5 ml oral suspension"."""
        return f"{self.name} {self.strength} {self.form}"


@dataclass(frozen=True)
class Diagnosis:
    """An ICD-10 (WHO 2019) code and its title."""

    code: str
    title: str


def resources_dir() -> Path:
    """The resources folder: $TELESTATION_RESOURCES, else the one in the source tree."""
    override = os.environ.get("TELESTATION_RESOURCES")
    return Path(override) if override else Path(__file__).resolve().parent.parent / "resources"


@cache
def _medicines(folder: Path) -> tuple[Medicine, ...]:
    with open(folder / MEDICINES_FILE, encoding="utf-8") as f:
        rows = json.load(f)["medicines"]
    return tuple(Medicine(**{**row, "synonyms": tuple(row.get("synonyms", ()))}) for row in rows)


@cache
def _medicine_index(folder: Path) -> dict[str, Medicine]:
    return {m.id: m for m in _medicines(folder)}


@cache
def _diagnoses(folder: Path) -> dict[str, Diagnosis]:
    with open(folder / ICD10_FILE, encoding="utf-8", newline="") as f:
        return {row["code"]: Diagnosis(row["code"], row["title"]) for row in csv.DictReader(f)}


def medicines() -> list[Medicine]:
    """Every medicine on the list, in file order (grouped by category)."""
    return list(_medicines(resources_dir()))


def medicine(medicine_id: str) -> Medicine:
    """The medicine with this id; KeyError naming the id when the list has none."""
    try:
        return _medicine_index(resources_dir())[medicine_id]
    except KeyError:
        raise KeyError(f"No medicine with id '{medicine_id}' in the essential medicines list") from None


def _word_prefix_score(query_words: list[str], text: str, inside: bool = True) -> int | None:
    """0 when text starts with the query, 1 when every query word starts a word of text,
    2 when every query word occurs inside text (if `inside`); None when some word is missing."""
    folded = normalize(text)
    words = re.findall(r"\w+", folded)
    if folded.startswith(" ".join(query_words)) or re.sub(r"\W", "", folded).startswith("".join(query_words)):
        return 0  # the second form lets "cotrimox" find "Co-trimoxazole"
    if all(any(w.startswith(q) for w in words) for q in query_words):
        return 1
    if inside and all(q in folded for q in query_words):
        return 2
    return None


def search_medicines(query: str, limit: int = 20) -> list[Medicine]:
    """Medicines matching what was typed, best first: the name (or another name it goes by)
    starting with it, then its words, then name with strength and form, then category or
    route, then letters inside the name."""
    query_words = re.findall(r"\w+", normalize(query))
    if not query_words:
        return []
    ranked = []
    for position, med in enumerate(_medicines(resources_dir())):
        candidates = [(med.name, 0), *((alias, 0) for alias in med.synonyms),
                      (f"{med.name} {med.strength} {med.form}", 2), (f"{med.name} {med.category} {med.route}", 4)]
        scores = [base + score for text, base in candidates
                  if (score := _word_prefix_score(query_words, text, inside=False)) is not None]
        if not scores and _word_prefix_score(query_words, med.name) is not None:
            scores = [6]
        if scores:
            ranked.append((min(scores), position, med))
    ranked.sort(key=lambda item: item[:2])
    return [med for _, _, med in ranked[:limit]]


def canonical_icd10(code: str) -> str:
    """"j189", " J18.9 " -> "J18.9"; ValueError for text that is not shaped like an ICD-10 code."""
    text = (code or "").strip().upper().replace(" ", "")
    m = _ICD10_CODE.match(text)
    if not m:
        raise ValueError(f"Diagnosis code '{code}' is not an ICD-10 code: a letter, two digits and "
                         "an optional decimal, e.g. J18.9 or I10.")
    letter, digits, sub = m.groups()
    return f"{letter}{digits}.{sub}" if sub else f"{letter}{digits}"


def is_valid_icd10(code: str) -> bool:
    """True when the code (any case, with or without its dot) is in the station's ICD-10 list."""
    try:
        return canonical_icd10(code) in _diagnoses(resources_dir())
    except ValueError:
        return False


def icd10(code: str) -> Diagnosis:
    """The diagnosis for a code; KeyError naming the code when the list has none."""
    try:
        return _diagnoses(resources_dir())[canonical_icd10(code)]
    except (KeyError, ValueError):
        raise KeyError(f"ICD-10 code '{code}' is not in the station's diagnosis list") from None


def diagnoses() -> list[Diagnosis]:
    """Every diagnosis on the list, in code order."""
    return list(_diagnoses(resources_dir()).values())


def search_icd10(query: str, limit: int = 20) -> list[Diagnosis]:
    """Diagnoses by code prefix ("J18", "j189") or by words of the title ("typhoid",
    "preg anaem"), code matches first, then titles that start with the query."""
    text = (query or "").strip()
    if not text:
        return []
    table = _diagnoses(resources_dir())
    compact = text.upper().replace(".", "").replace(" ", "")
    by_code = []
    if re.fullmatch(r"[A-Z]\d{0,4}", compact):
        by_code = [d for d in table.values() if d.code.replace(".", "").startswith(compact)]
    query_words = [_SPELLINGS.get(w, w) for w in re.findall(r"\w+", normalize(text))]
    prefixes = tuple(p for w in query_words for p in _SYNONYMS.get(w, ()))
    if prefixes and not by_code:
        by_code = sorted((d for d in table.values() if d.code.startswith(prefixes)),
                         key=lambda d: next(i for i, p in enumerate(prefixes) if d.code.startswith(p)))
    by_title = []
    if query_words:
        for position, diagnosis in enumerate(table.values()):
            score = _word_prefix_score(query_words, diagnosis.title)
            if score is not None and diagnosis not in by_code:
                by_title.append((score, len(diagnosis.title), position, diagnosis))
        by_title.sort(key=lambda item: item[:3])
    return (by_code + [d for *_, d in by_title])[:limit]
