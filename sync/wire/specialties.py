"""Specialties both sides know before they have talked: stable codes, English and Urdu names,
and the reading of free-text specialty names (Pediatrics, Paediatrics, peds) as one code.

The hub manages its own list (seeded from these defaults) and sends it to stations; a station
offers these defaults until its first pull brings the hub's list. Imports nothing of the project.
"""

from __future__ import annotations

import re
from typing import NamedTuple

# A code is the stable name of a specialty: it travels in referrals and never changes when the
# specialty is renamed.
CODE_PATTERN = r"[a-z][a-z0-9_]{1,39}"
_CODE = re.compile(rf"^{CODE_PATTERN}$")


class Specialty(NamedTuple):
    code: str
    name: str
    name_ur: str


# The codes of the defaults are the stations' older stored names written as codes, so a referral
# from a station of any version lands on the same specialty.
DEFAULT_SPECIALTIES: tuple[Specialty, ...] = (
    Specialty("general_medicine", "General medicine", "جنرل میڈیسن"),
    Specialty("paediatrics", "Paediatrics (children)", "امراضِ اطفال (بچے)"),
    Specialty("obstetrics_and_gynaecology", "Obstetrics and gynaecology", "زچگی و امراضِ نسواں"),
    Specialty("dermatology", "Dermatology (skin)", "امراضِ جلد"),
    Specialty("cardiology", "Cardiology (heart)", "امراضِ قلب"),
    Specialty("pulmonology", "Pulmonology (lungs)", "امراضِ پھیپھڑا"),
    Specialty("infectious_diseases", "Infectious diseases", "متعدی امراض"),
    Specialty("endocrinology", "Endocrinology (diabetes, thyroid)", "اینڈوکرائنالوجی (ذیابیطس، تھائرائڈ)"),
    Specialty("neurology", "Neurology (brain and nerves)", "امراضِ دماغ و اعصاب"),
    Specialty("psychiatry", "Psychiatry (mental health)", "نفسیاتی امراض (ذہنی صحت)"),
    Specialty("ophthalmology", "Ophthalmology (eyes)", "امراضِ چشم"),
    Specialty("ent", "ENT (ear, nose and throat)", "ناک، کان، گلا (ENT)"),
    Specialty("general_surgery", "General surgery", "جنرل سرجری"),
    Specialty("orthopaedics", "Orthopaedics (bones and joints)", "ہڈی و جوڑ (آرتھوپیڈکس)"),
    Specialty("nephrology", "Nephrology (kidneys)", "امراضِ گردہ"),
    Specialty("nutrition", "Nutrition", "غذائیت"),
    Specialty("emergency_medicine", "Emergency medicine", "ایمرجنسی میڈیسن (ہنگامی طب)"),
)

# American spellings and common short names, as people type them, read as the default's code.
_SPELLINGS = (
    ("pediatric", "paediatric"), ("gynecolog", "gynaecolog"), ("orthopedic", "orthopaedic"),
    ("hematolog", "haematolog"), ("anesthe", "anaesthe"), ("esthesia", "aesthesia"),
)
_ALIASES = {
    "paediatric": "paediatrics", "peds": "paediatrics", "paeds": "paediatrics", "child_health": "paediatrics",
    "children": "paediatrics",
    "obstetrics_gynaecology": "obstetrics_and_gynaecology", "obgyn": "obstetrics_and_gynaecology",
    "ob_gyn": "obstetrics_and_gynaecology", "obs_gynae": "obstetrics_and_gynaecology",
    "obs_and_gynae": "obstetrics_and_gynaecology", "gynaecology": "obstetrics_and_gynaecology",
    "gynaecology_and_obstetrics": "obstetrics_and_gynaecology", "gynae": "obstetrics_and_gynaecology",
    "obstetrics": "obstetrics_and_gynaecology",
    "medicine": "general_medicine", "internal_medicine": "general_medicine",
    "skin": "dermatology", "heart": "cardiology", "chest": "pulmonology", "pulmonary_medicine": "pulmonology",
    "respiratory_medicine": "pulmonology", "chest_medicine": "pulmonology",
    "infectious_disease": "infectious_diseases", "id": "infectious_diseases",
    "diabetes": "endocrinology", "eyes": "ophthalmology", "eye": "ophthalmology",
    "ear_nose_and_throat": "ent", "ear_nose_throat": "ent", "otolaryngology": "ent", "otorhinolaryngology": "ent",
    "surgery": "general_surgery", "orthopaedic": "orthopaedics", "orthopaedic_surgery": "orthopaedics",
    "ortho": "orthopaedics", "kidney": "nephrology", "mental_health": "psychiatry",
    "emergency": "emergency_medicine", "accident_and_emergency": "emergency_medicine", "a_and_e": "emergency_medicine",
}


def is_code(value: str) -> bool:
    return bool(_CODE.match(value))


def slug(text: str) -> str:
    """The code a free-text name would have: lowercase words joined by '_', British spelling.

    Anything in brackets is left out ("Paediatrics (children)" is paediatrics); '&' and '/' read
    as 'and'. Empty when nothing of the name is left.
    """
    value = re.sub(r"\([^)]*\)", " ", text.strip().lower())
    value = value.replace("&", " and ").replace("/", " ")
    for american, british in _SPELLINGS:
        value = value.replace(american, british)
    value = re.sub(r"[^a-z0-9]+", "_", value).strip("_")
    if value and value[0].isdigit():
        value = "s_" + value
    return value[:40].rstrip("_")


def default_code(text: str) -> str:
    """The code `text` names: a default's code when it is one of its spellings, else its slug."""
    value = slug(text)
    return _ALIASES.get(value, value)
