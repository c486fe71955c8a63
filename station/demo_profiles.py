"""Synthetic but realistic clinic data: rural Pakistani patients and their consultations.

Everything is drawn from the ``random.Random`` passed in, so one seed always gives the same
patients and encounters (for demos, training sessions, load tests and screenshots). Names,
villages and consultation templates live in ``resources/demo/*.json``; diagnoses and
medicines always come from the station's own ICD-10 and essential medicines lists.
"""

from __future__ import annotations

import json
import random
import re
import string
from datetime import date, datetime, timedelta
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

from station import reference

# Share of each age group among people who come to a rural primary-care clinic.
_AGE_GROUPS = ((0.28, 0, 5), (0.14, 5, 15), (0.40, 15, 50), (0.18, 50, 90))


@cache
def _load(path: Path) -> dict[str, Any]:
    with open(path, encoding="utf-8") as f:
        loaded: dict[str, Any] = json.load(f)
    return loaded


def _demo(name: str) -> dict[str, Any]:
    return _load(reference.resources_dir() / "demo" / name)


def scenarios() -> list[dict[str, Any]]:
    """The consultation templates (ids, titles, age/sex they apply to, texts, medicines)."""
    return list(_demo("scenarios.json")["scenarios"])


# ---------------------------------------------------------------- patients

def _draw_age_days(rng: random.Random) -> int:
    pick, total = rng.random(), 0.0
    low, high = _AGE_GROUPS[-1][1:]
    for share, group_low, group_high in _AGE_GROUPS:
        total += share
        if pick < total:
            low, high = group_low, group_high
            break
    if high == 90:  # fewer people in each older year
        return int(rng.triangular(low, high, low + 5) * 365.25)
    return rng.randint(int(low * 365.25), int(high * 365.25) - 1)


def _knows_birth_date(rng: random.Random, age: float, has_cnic: bool) -> bool:
    if age < 1:
        return True
    if age < 5:
        return rng.random() < 0.85
    if age < 18:
        return rng.random() < 0.55
    if age < 60:
        return rng.random() < (0.45 if has_cnic else 0.15)
    return rng.random() < 0.1


def _cnic(rng: random.Random, province_digit: int, sex: str) -> str:
    # The last digit of a CNIC is odd for men and even for women.
    last = rng.choice("13579" if sex == "male" else "02468")
    body = "".join(rng.choice(string.digits) for _ in range(11))
    return f"{province_digit}{body[:4]}-{body[4:]}-{last}"


def _phone(rng: random.Random) -> str:
    # Mobile prefixes 0300-0349 (Jazz, Zong, Warid, Ufone, Telenor).
    return f"03{rng.randint(0, 4)}{rng.randint(0, 9)}" + "".join(rng.choice(string.digits) for _ in range(7))


def _join(*parts: str | None) -> str:
    return " ".join(p for p in parts if p)


def _names(rng: random.Random, district: dict[str, Any], sex: str, age: float) -> dict[str, str]:
    names = _demo("names.json")
    hindu = rng.random() < district["hindu_share"]
    prefix = "hindu_" if hindu else ""
    given, given_ur = rng.choice(names[prefix + ("male" if sex == "male" else "female")])
    father, father_ur = rng.choice(names[prefix + "male"])
    families = names["hindu_family"] if hindu else names["family"]
    family = rng.choice(sorted(families) if hindu else district["family_names"])
    family_ur = families[family]
    if family in given.split() or rng.random() < 0.25:
        family = family_ur = ""  # many rural patients go by their given name alone
    name, name_ur = _join(given, family), _join(given_ur, family_ur)
    if sex == "female" and not hindu and age >= 18:
        pick = rng.random()
        if pick < 0.2:  # a married woman known by her husband's name
            husband, husband_ur = rng.choice(names["male"])
            name, name_ur = _join(given, husband.split()[0]), _join(given_ur, husband_ur.split()[0])
        elif pick < 0.5:
            title = rng.choice(_demo("places.json")["female_titles"][district["province"]])
            title_ur = dict(names["female_titles"])[title]
            if title not in given.split():
                name, name_ur = _join(given, title), _join(given_ur, title_ur)
    return {"name": name, "name_ur": name_ur,
            "father_name": _join(father, family), "father_name_ur": _join(father_ur, family_ur)}


# Most people walk or ride to the nearest clinic: the rest come from a neighbouring district.
HOME_DISTRICT_SHARE = 0.85


def _district_near(rng: random.Random, home: str | None) -> dict[str, Any]:
    """The clinic's own district most of the time, else another of its province; any district
    when the clinic's is not in the demo list."""
    districts: list[dict[str, Any]] = _demo("places.json")["districts"]
    own = next((d for d in districts if home and d["district"].casefold() == home.strip().casefold()), None)
    if own is None:
        return rng.choice(districts)
    if rng.random() < HOME_DISTRICT_SHARE:
        return own
    neighbours = [d for d in districts if d["province"] == own["province"] and d is not own]
    return rng.choice(neighbours) if neighbours else own


def demo_patient(rng: random.Random, today: date | None = None, near: str | None = None) -> dict[str, Any]:
    """Patient fields of the record contract (no id, station, timestamps or MRN), living in the
    district `near` (the clinic's) or next to it."""
    today = today or date.today()
    district = _district_near(rng, near)
    tehsil = rng.choice(sorted(district["tehsils"]))
    village = rng.choice(district["tehsils"][tehsil])
    sex = "female" if rng.random() < 0.55 else "male"
    age_days = _draw_age_days(rng)
    age = age_days / 365.25
    cnic = _cnic(rng, district["cnic_digit"], sex) if age >= 18 and rng.random() < 0.85 else None
    if _knows_birth_date(rng, age, cnic is not None):
        dob, estimated = (today - timedelta(days=age_days)).isoformat(), None
    else:
        estimated = int(age)
        if estimated >= 40 and rng.random() < 0.6:
            estimated = 5 * round(estimated / 5)  # "about fifty"
        dob = None
    phone = _phone(rng) if rng.random() < (0.75 if age >= 18 else 0.6) else None
    return {**_names(rng, district, sex, age), "sex": sex, "date_of_birth": dob,
            "estimated_age_years": estimated, "cnic": cnic, "phone": phone,
            "village": village, "district": district["district"]}


def patient_age_years(patient: dict[str, Any], today: date | None = None) -> float:
    """Age in (fractional) years from the date of birth, else the estimated age."""
    today = today or date.today()
    if patient.get("date_of_birth"):
        return (today - date.fromisoformat(patient["date_of_birth"])).days / 365.25
    return float(patient.get("estimated_age_years") or 0)


# ---------------------------------------------------------------- vital signs

# WHO growth medians (weight kg, length/height cm) by age in years, boys then girls.
_GROWTH = {
    "male": ((0, 3.3, 49.9), (0.25, 6.4, 61.4), (0.5, 7.9, 67.6), (1, 9.6, 75.7), (2, 12.2, 87.1),
             (3, 14.3, 96.1), (4, 16.3, 103.3), (5, 18.3, 110.0), (6, 20.5, 116.0), (8, 25.4, 127.3),
             (10, 31.2, 137.8), (12, 39.9, 149.1), (14, 50.8, 163.2), (16, 60.8, 173.4), (18, 67.0, 176.1)),
    "female": ((0, 3.2, 49.1), (0.25, 5.8, 59.8), (0.5, 7.3, 65.7), (1, 8.9, 74.0), (2, 11.5, 85.7),
               (3, 13.9, 95.1), (4, 16.1, 102.7), (5, 18.2, 109.4), (6, 20.2, 115.1), (8, 25.0, 126.6),
               (10, 31.9, 138.6), (12, 41.5, 151.2), (14, 49.4, 159.8), (16, 53.5, 162.5), (18, 56.0, 163.1)),
}
_INTEGER_VITALS = ("systolic_bp", "diastolic_bp", "heart_rate", "respiratory_rate", "spo2")
# Chance that a vital sign is not taken at a busy rural clinic (adult, child), unless needed.
_MISSING = {"temperature": (0.1, 0.1), "heart_rate": (0.15, 0.15), "respiratory_rate": (0.35, 0.05),
            "spo2": (0.4, 0.35), "weight": (0.15, 0.0), "height": (0.65, 0.3), "systolic_bp": (0.1, 1.0),
            "muac": (1.0, 0.2)}


def fast_breathing_threshold(age_years: float) -> int:
    """Breaths/min from which breathing is fast (WHO IMCI; 24 for older children and adults)."""
    if age_years < 2 / 12:
        return 60
    if age_years < 1:
        return 50
    if age_years < 5:
        return 40
    return 30 if age_years < 12 else 24


def _growth_median(sex: str, age: float) -> tuple[float, float]:
    table = _GROWTH["female" if sex == "female" else "male"]
    for (a0, w0, h0), (a1, w1, h1) in pairwise(table):
        if age <= a1:
            t = (age - a0) / (a1 - a0)
            return w0 + t * (w1 - w0), h0 + t * (h1 - h0)
    return table[-1][1], table[-1][2]


def _baseline(rng: random.Random, age: float, sex: str) -> dict[str, float | None]:
    female = sex == "female"
    if age < 18:
        weight, height = _growth_median(sex, age)
        # Rural children run below WHO medians (stunting and underweight are common).
        weight *= min(1.2, max(0.78, rng.gauss(0.93, 0.07)))
        height *= min(1.05, max(0.9, rng.gauss(0.975, 0.025)))
    else:
        height = rng.gauss(155, 6) if female else rng.gauss(168, 7)
        bmi = min(38.0, max(16.0, rng.gauss(23.5 if female else 22.5, 4)))
        weight = bmi * (height / 100) ** 2
    heart = next(hr for limit, hr in ((1, 130), (3, 118), (6, 105), (12, 92), (200, 78)) if age < limit)
    breaths = next(rr for limit, rr in ((2 / 12, 45), (1, 38), (5, 28), (12, 21), (200, 16)) if age < limit)
    systolic = rng.gauss(108 + 0.5 * max(0.0, age - 20) - (4 if female else 0), 10)
    return {
        "systolic_bp": systolic, "diastolic_bp": systolic * 0.64 + rng.gauss(0, 5),
        "heart_rate": rng.gauss(heart, heart * 0.09),
        # A well child never breathes at the rate that means pneumonia.
        "respiratory_rate": min(rng.gauss(breaths, breaths * 0.12), fast_breathing_threshold(age) - 3),
        "temperature": min(37.4, max(36.0, rng.gauss(36.8, 0.25))), "spo2": min(100.0, rng.gauss(98, 1)),
        "weight": weight, "height": height,
        "muac": min(17.0, max(12.6, rng.gauss(14.2, 0.8))) if 0.5 <= age < 5 else None,
    }


def demo_vitals(rng: random.Random, age: float, sex: str, overrides: dict[str, Any],
                required: set[str]) -> dict[str, Any]:
    """Vital signs for a patient of this age and sex, shaped by the scenario's overrides
    ([lo, hi], "fast" breathing, "+N" above baseline, "sam" wasting); `required` are never missing."""
    vitals: dict[str, Any] = _baseline(rng, age, sex)
    for key, spec in overrides.items():
        if spec == "fast":
            vitals[key] = fast_breathing_threshold(age) + rng.randint(2, 14)
        elif spec == "sam":
            vitals[key] = _growth_median(sex, age)[0] * rng.uniform(0.62, 0.72)
        elif isinstance(spec, str) and spec.startswith("+"):
            vitals[key] = (vitals[key] or 0) + float(spec[1:]) * rng.uniform(0.6, 1.4)
        else:
            vitals[key] = _draw(rng, spec)
    if "systolic_bp" in overrides and "diastolic_bp" not in overrides:
        vitals["diastolic_bp"] = vitals["systolic_bp"] * 0.62 + rng.gauss(0, 4)
    vitals["diastolic_bp"] = min(vitals["diastolic_bp"], vitals["systolic_bp"] - 20)
    keep = set(overrides) | required | ({"diastolic_bp"} if "systolic_bp" in required else set())
    for key, (adult, child) in _MISSING.items():
        if key not in keep and rng.random() < (child if age < 12 else adult):
            vitals[key] = None
            if key == "systolic_bp":
                vitals["diastolic_bp"] = None
    if vitals["systolic_bp"] is None:
        vitals["diastolic_bp"] = None
    out: dict[str, float | int | None] = {}
    for key, value in vitals.items():
        if value is None:
            out[key] = None
        elif key in _INTEGER_VITALS:
            out[key] = min(100, round(value)) if key == "spo2" else round(value)
        else:
            out[key] = round(value, 1)
    return out


# ---------------------------------------------------------------- encounters

def _draw(rng: random.Random, spec: Any) -> Any:
    """[lo, hi] ints -> randint, floats -> uniform (1 decimal), strings -> one of them."""
    if isinstance(spec, list) and len(spec) == 2 and all(isinstance(v, int | float) for v in spec):
        if all(isinstance(v, int) for v in spec):
            return rng.randint(spec[0], spec[1])
        return round(rng.uniform(spec[0], spec[1]), 1)
    if isinstance(spec, list):
        return rng.choice(spec)
    return spec


def _placeholders(texts: list[str]) -> set[str]:
    return {field for text in texts for _, field, _, _ in string.Formatter().parse(text) if field}


def _text(rng: random.Random, spec: str | list[str], context: dict[str, Any]) -> str:
    return str(_draw(rng, spec)).format_map(context)


def _amount(rx: dict[str, Any], medicine: reference.Medicine, weight: float) -> str:
    """A dose by weight: ml of a liquid, tablets (to the half) or mg of an injection."""
    mg = min(rx["mg_per_kg"] * weight, rx["max_mg"])
    liquid = re.match(r"([\d.]+) mg/([\d.]*) ?ml", medicine.strength)
    if liquid:
        ml = mg * float(liquid[2] or 1) / float(liquid[1])
        if "injection" in medicine.form:
            return f"{round(mg)} mg ({round(ml, 1):g} ml)"
        ml = max(1.0, round(ml * 2) / 2)  # a syringe or cup measures to half a millilitre
        return f"{ml:g} ml ({round(ml * float(liquid[1]) / float(liquid[2] or 1))} mg)"
    number = re.match(r"[\d.]+", medicine.strength)
    unit = float(number[0]) if number else 1.0
    if "injection" in medicine.form:
        return f"{round(mg)} mg"
    count = max(0.5, round(mg / unit * 2) / 2)
    noun = medicine.form.split()[-1] + ("" if count <= 1 else "s")
    return f"{count:g} {noun} ({round(count * unit)} mg)"


def _prescriptions(rng: random.Random, items: list[dict[str, Any]], age: float, weight: float,
                   context: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for rx in items:
        if not rx.get("min_age", 0) <= age < rx.get("max_age", 200):
            continue
        medicine = reference.medicine(rx["medicine_id"])
        if "bands" in rx:
            dose = next(text for limit, text in rx["bands"] if weight < limit)
        elif "mg_per_kg" in rx:
            dose = _amount(rx, medicine, weight)
        else:
            dose = rx["dose"].format_map(context)
        out.append({"medicine_id": medicine.id, "name": medicine.name, "strength": medicine.strength,
                    "dose": dose, "frequency": rx["frequency"], "duration_days": _draw(rng, rx["duration_days"]),
                    "notes": rx.get("notes", "").format_map(context)})
    return out


def _eligible(patient: dict[str, Any], age: float) -> list[dict[str, Any]]:
    return [s for s in scenarios()
            if s["age"][0] <= age <= s["age"][1] and s["sex"] in (None, patient.get("sex"))]


def _people_words(sex: str, age: float) -> dict[str, str]:
    female = sex == "female"
    age_text = f"{max(1, int(age * 12))}-month-old" if age < 1 else f"{int(age)}-year-old"
    child = ("girl" if female else "boy") if age < 13 else ("woman" if female else "man")
    he = "she" if female else "he"
    his = "her" if female else "his"
    return {"age_text": age_text, "child": child, "he_she": he, "He_she": he.capitalize(),
            "his_her": his, "His_her": his.capitalize(), "him_her": "her" if female else "him"}


def demo_encounter(rng: random.Random, patient: dict[str, Any], today: date | None = None,
                   started_at: datetime | None = None, scenario: str | None = None) -> dict[str, Any]:
    """A consultation for this patient from a template that fits their age and sex (or the
    named `scenario`): texts, ICD-10 diagnoses, prescriptions from the medicines list,
    follow-up, a `vitals` dict (None where not measured) and `refer` for cases to refer."""
    if started_at is not None:
        today = started_at.date()
    age = patient_age_years(patient, today)
    if scenario is None:
        choices = _eligible(patient, age)
        if not choices:
            raise ValueError(f"No demo scenario fits a patient aged {age:.1f} years, sex {patient.get('sex')}")
        template = rng.choices(choices, weights=[s["weight"] for s in choices])[0]
    else:
        template = next(s for s in scenarios() if s["id"] == scenario)
    variables = {name: _draw(rng, spec) for name, spec in template.get("vars", {}).items()}
    variant = dict(rng.choice(template["variants"])) if template.get("variants") else {}
    diagnosis_codes = variant.pop("diagnoses", None) or template["diagnoses"]
    variables.update(variant)

    texts = [t for key in ("complaint", "history", "examination", "assessment", "plan")
             for t in ([template[key]] if isinstance(template[key], str) else template[key])]
    texts += [template["refer"]["question"]] if template.get("refer") else []
    texts += [rx.get("dose", "") + rx.get("notes", "") for rx in template["prescriptions"]]
    needs_weight = age < 15 or any("bands" in rx or "mg_per_kg" in rx for rx in template["prescriptions"])
    required = _placeholders(texts) | ({"weight"} if needs_weight else set())
    vitals = demo_vitals(rng, age, patient.get("sex") or "female", template.get("vitals", {}), required)

    context: dict[str, Any] = {**_people_words(patient.get("sex") or "female", age), **variables}
    context.update({k: v for k, v in vitals.items() if v is not None})
    if vitals.get("weight"):
        context["ors_plan_b"] = int(round(75 * vitals["weight"], -1)) or 50
    follow_up_days = _draw(rng, template.get("follow_up_days"))
    encounter: dict[str, Any] = {
        "scenario": template["id"],
        **{key: _text(rng, template[key], context)
           for key in ("complaint", "history", "examination", "assessment", "plan")},
        "diagnoses": [{"code": d.code, "title": d.title} for d in map(reference.icd10, diagnosis_codes)],
        "prescriptions": _prescriptions(rng, template["prescriptions"], age, vitals.get("weight") or 0.0, context),
        "follow_up_days": follow_up_days,
        "follow_up_date": None,
        "vitals": vitals,
        "refer": None,
    }
    if started_at is not None:
        encounter["started_at"] = started_at.isoformat()
        if follow_up_days:
            encounter["follow_up_date"] = (started_at.date() + timedelta(days=follow_up_days)).isoformat()
    if template.get("refer"):
        refer = template["refer"]
        encounter["refer"] = {"specialty": refer["specialty"], "urgency": refer["urgency"],
                              "question": refer["question"].format_map(context)}
    return encounter
