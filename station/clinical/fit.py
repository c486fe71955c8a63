"""What fits the patient in front of the health worker: diagnoses by age and sex, and which dose
notes to show.

ICD-10's own validity edits (WHO Volume 2; the age and sex edits every coding system applies):
perinatal conditions (P00–P96) belong to the first year of life, sudden infant death (R95) too;
pregnancy, childbirth and the puerperium (O00–O99, Z32–Z39, A34 obstetric tetanus) to women of
child-bearing age; conditions of the male genital organs (N40–N51, C60–C63, E29, R86) to men
and those of the female genital tract (N70–N98, C51–C58, D25–D28, E28, R87) to women. A
diagnosis that cannot fit is not offered; one already chosen is kept (a record is never
changed behind a person's back).
"""

from __future__ import annotations

from station import reference

PERINATAL_UNTIL_YEARS = 1
CHILDBEARING_YEARS = (10, 55)
# A medicine's children's note ("Use the suspension under 12 years") is for patients under this age.
CHILD_UNTIL_YEARS = 18


def _in(code: str, *ranges: tuple[str, str]) -> bool:
    head = code[:3]
    return any(first <= head <= last for first, last in ranges)


def _pregnancy(code: str) -> bool:
    return _in(code, ("O00", "O99"), ("Z32", "Z39"), ("A34", "A34"))


def _male_only(code: str) -> bool:
    return _in(code, ("N40", "N51"), ("C60", "C63"), ("E29", "E29"), ("R86", "R86"))


def _female_only(code: str) -> bool:
    return _in(code, ("N70", "N98"), ("C51", "C58"), ("D25", "D28"), ("E28", "E28"), ("R87", "R87")) \
        or _pregnancy(code)


def fits(code: str, sex: str | None, age_years: float | None) -> bool:
    """Whether a diagnosis can apply to a patient of this sex and age (unknowns never exclude)."""
    if sex == "male" and _female_only(code):
        return False
    if sex == "female" and _male_only(code):
        return False
    if age_years is not None:
        if _in(code, ("P00", "P96"), ("R95", "R95")) and age_years >= PERINATAL_UNTIL_YEARS:
            return False
        low, high = CHILDBEARING_YEARS
        if _pregnancy(code) and not low <= age_years <= high:
            return False
    return True


def search_diagnoses(query: str, sex: str | None = None, age_years: float | None = None,
                     limit: int = 20) -> list[reference.Diagnosis]:
    """ICD-10 search (station.reference.search_icd10) without the diagnoses that cannot fit."""
    found = [d for d in reference.search_icd10(query, limit=limit * 4) if fits(d.code, sex, age_years)]
    return found[:limit]


def child_note_applies(age_years: float | None) -> bool:
    """Whether a medicine's children's note is worth showing (unknown ages get it)."""
    return age_years is None or age_years < CHILD_UNTIL_YEARS
