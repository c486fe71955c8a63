"""National Early Warning Score 2 (Royal College of Physicians, 2017) for adults.

Chart 1 of the RCP report, as implemented here (a value scores the band it falls in):

=======================  =====  =======  =======  ===========  =========  =========  =====
parameter                3      2        1        0            1          2          3
=======================  =====  =======  =======  ===========  =========  =========  =====
respiration rate /min    ≤8              9-11     12-20                   21-24      ≥25
SpO₂ scale 1 %           ≤91    92-93    94-95    ≥96
SpO₂ scale 2 %           ≤83    84-85    86-87    88-92,       93-94 O₂   95-96 O₂   ≥97 O₂
                                                  ≥93 on air
air or oxygen                   oxygen            air
systolic BP mmHg         ≤90    91-100   101-110  111-219                            ≥220
pulse /min               ≤40             41-50    51-90        91-110     111-130    ≥131
consciousness                                     alert                              CVPU
temperature °C           ≤35.0           35.1-36  36.1-38.0    38.1-39.0  ≥39.1
=======================  =====  =======  =======  ===========  =========  =========  =====

CVPU: new confusion, or responds only to voice or to pain, or unresponsive.

Scale 2 is only for patients with confirmed hypercapnic respiratory failure whose
prescribed target saturation is 88-92 %; a clinician decides that, not this module.

Bands: 0-4 low; a single parameter scoring 3 (total below 5) low-medium, urgent
ward-based response; 5-6 medium, urgent response; 7 or more high, emergency response.

Values are first checked for plausibility and rounded to their recorded precision
(whole numbers for rates and pressures, 0.1 °C for temperature) by
``station.clinical.vitals.check_vital``, so 35.04 °C scores as 35.0 °C.

A parameter that was not recorded is never counted as 0: the result lists it in
``missing``, and the score and band are then only a lower bound.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from station.clinical.vitals import VitalsReading, check_vital
from station.texts import Joined, Text, and_list

Band = Literal["low", "low-medium", "medium", "high"]

ADULT_AGE_YEARS = 16
CONSCIOUSNESS_LEVELS = ("alert", "confusion", "voice", "pain", "unresponsive")

# The order of the RCP chart, and the words a health worker reads.
PARAMETERS: dict[str, str] = {
    "respiratory_rate": Text("respiration rate"),
    "spo2": Text("oxygen saturation (SpO₂)"),
    "air_or_oxygen": Text("air or oxygen"),
    "systolic_bp": Text("systolic blood pressure"),
    "heart_rate": Text("pulse"),
    "consciousness": Text("consciousness"),
    "temperature": Text("temperature"),
}


class News2NotApplicable(ValueError):
    """NEWS2 must not be used for this patient (a child, or a pregnant woman)."""


@dataclass(frozen=True)
class News2Result:
    """The score, each parameter's part of it, the risk band and what to do."""

    score: int
    components: dict[str, int]
    band: Band
    response: str
    any_single_3: bool
    spo2_scale: int = 1
    missing: tuple[str, ...] = field(default=())

    @property
    def complete(self) -> bool:
        """True when all seven parameters were recorded and scored."""
        return not self.missing


def score_respiratory_rate(rate: float) -> int:
    """Respiration rate per minute."""
    if rate <= 8:
        return 3
    if rate <= 11:
        return 1
    if rate <= 20:
        return 0
    if rate <= 24:
        return 2
    return 3


def score_spo2_scale1(spo2: float) -> int:
    """SpO₂ % on scale 1 (most patients, including COPD without hypercapnic failure)."""
    if spo2 <= 91:
        return 3
    if spo2 <= 93:
        return 2
    if spo2 <= 95:
        return 1
    return 0


def score_spo2_scale2(spo2: float, on_oxygen: bool) -> int:
    """SpO₂ % on scale 2 (confirmed hypercapnic respiratory failure, target 88-92 %).

    Above 92 % only scores while on oxygen: it warns of over-oxygenation.
    """
    if spo2 <= 83:
        return 3
    if spo2 <= 85:
        return 2
    if spo2 <= 87:
        return 1
    if spo2 <= 92 or not on_oxygen:
        return 0
    if spo2 <= 94:
        return 1
    if spo2 <= 96:
        return 2
    return 3


def score_air_or_oxygen(on_oxygen: bool) -> int:
    """Any supplemental oxygen scores 2."""
    return 2 if on_oxygen else 0


def score_systolic_bp(systolic: float) -> int:
    """Systolic blood pressure in mmHg."""
    if systolic <= 90:
        return 3
    if systolic <= 100:
        return 2
    if systolic <= 110:
        return 1
    if systolic <= 219:
        return 0
    return 3


def score_heart_rate(pulse: float) -> int:
    """Pulse per minute."""
    if pulse <= 40:
        return 3
    if pulse <= 50:
        return 1
    if pulse <= 90:
        return 0
    if pulse <= 110:
        return 1
    if pulse <= 130:
        return 2
    return 3


def score_consciousness(level: str) -> int:
    """ACVPU: alert scores 0; new confusion, voice, pain or unresponsive score 3."""
    if level not in CONSCIOUSNESS_LEVELS:
        raise ValueError(f"consciousness must be one of {', '.join(CONSCIOUSNESS_LEVELS)}, not {level!r}")
    return 0 if level == "alert" else 3


def score_temperature(celsius: float) -> int:
    """Temperature in °C (one decimal)."""
    if celsius <= 35.0:
        return 3
    if celsius <= 36.0:
        return 1
    if celsius <= 38.0:
        return 0
    if celsius <= 39.0:
        return 1
    return 2


def _age_words(age_years: float) -> str:
    if age_years < 1:
        months = int(age_years * 12)
        return Text("1 month old") if months == 1 else Text("{months} months old", months=months)
    years = int(age_years)
    return Text("1 year old") if years == 1 else Text("{years} years old", years=years)


def _check_applicable(age_years: float | None, pregnant: bool) -> None:
    if age_years is None:
        raise News2NotApplicable(Text(
            "NEWS2 needs the patient's age because it is only for adults aged 16 and over: "
            "enter the date of birth or an estimated age."
        ))
    if age_years < ADULT_AGE_YEARS:
        raise News2NotApplicable(Text(
            "NEWS2 is only for adults aged 16 and over, and this patient is {age}. "
            "For a child under 5 use the IMCI danger signs and breathing checks; for older children "
            "use a paediatric early warning chart.", age=_age_words(age_years)
        ))
    if pregnant:
        raise News2NotApplicable(Text(
            "NEWS2 is not meant for pregnant women (their normal signs differ): use an obstetric "
            "early warning chart and seek obstetric advice for abnormal signs."
        ))


def _response(score: int, band: Band, threes: list[str], missing: tuple[str, ...]) -> str:
    if band == "high":
        text = Text(
            "High risk (NEWS2 {score}). Emergency response: get emergency help now, watch the vital "
            "signs continuously and arrange transfer to hospital.", score=score
        )
    elif band == "medium":
        text = Text(
            "Medium risk (NEWS2 {score}). Urgent response: a clinician skilled in acute illness must "
            "assess the patient now; repeat the observations at least every hour where the patient "
            "can be monitored, and consider referral.", score=score
        )
    elif band == "low-medium":
        text = Text(
            "Low-medium risk (NEWS2 {score}, but {threes} scores 3). Urgent "
            "ward-based response: a clinician must assess the patient now and decide whether care "
            "must be escalated; repeat the observations at least every hour.", score=score, threes=and_list(threes)
        )
    elif score > 0:
        text = Text(
            "Low risk (NEWS2 {score}). A nurse or clinician should assess the patient and decide "
            "whether to observe more often (at least every 4 to 6 hours) or escalate care.", score=score
        )
    else:
        text = Text("Low risk (NEWS2 0). Continue routine care; observe at least every 12 hours while under care.")
    if missing:
        text = Text(
            "Score incomplete: {names} not recorded, so the score counts only the signs that were "
            "recorded and may be too low. Record the missing signs. {text}",
            names=Joined(PARAMETERS[key] for key in missing), text=text,
        )
    return text


def news2(
    age_years: float | None,
    *,
    respiratory_rate: float | None = None,
    spo2: float | None = None,
    supplemental_oxygen: bool | None = None,
    systolic_bp: float | None = None,
    heart_rate: float | None = None,
    consciousness: str | None = None,
    temperature: float | None = None,
    spo2_scale: int = 1,
    pregnant: bool = False,
) -> News2Result:
    """Score NEWS2 for an adult.

    Raises News2NotApplicable for a child under 16, an unknown age or a pregnant
    woman; VitalsError for an impossible value; ValueError for a bad scale or level.
    """
    _check_applicable(age_years, pregnant)
    if spo2_scale not in (1, 2):
        raise ValueError(f"spo2_scale must be 1 or 2, not {spo2_scale!r}")
    components: dict[str, int] = {}
    if respiratory_rate is not None:
        components["respiratory_rate"] = score_respiratory_rate(check_vital("respiratory_rate", respiratory_rate))
    if spo2 is not None:
        saturation = check_vital("spo2", spo2)
        if spo2_scale == 1:
            components["spo2"] = score_spo2_scale1(saturation)
        elif supplemental_oxygen is not None:
            components["spo2"] = score_spo2_scale2(saturation, supplemental_oxygen)
        elif saturation <= 92:
            # Up to 92 % scale 2 scores the same on air and on oxygen.
            components["spo2"] = score_spo2_scale2(saturation, on_oxygen=False)
    if supplemental_oxygen is not None:
        components["air_or_oxygen"] = score_air_or_oxygen(supplemental_oxygen)
    if systolic_bp is not None:
        components["systolic_bp"] = score_systolic_bp(check_vital("systolic_bp", systolic_bp))
    if heart_rate is not None:
        components["heart_rate"] = score_heart_rate(check_vital("heart_rate", heart_rate))
    if consciousness is not None:
        components["consciousness"] = score_consciousness(consciousness)
    if temperature is not None:
        components["temperature"] = score_temperature(check_vital("temperature", temperature))

    ordered = {key: components[key] for key in PARAMETERS if key in components}
    missing = tuple(key for key in PARAMETERS if key not in components)
    score = sum(ordered.values())
    threes = [PARAMETERS[key] for key, points in ordered.items() if points == 3]
    if score >= 7:
        band: Band = "high"
    elif score >= 5:
        band = "medium"
    elif threes:
        band = "low-medium"
    else:
        band = "low"
    return News2Result(
        score=score,
        components=ordered,
        band=band,
        response=_response(score, band, threes, missing),
        any_single_3=bool(threes),
        spo2_scale=spo2_scale,
        missing=missing,
    )


def news2_from_vitals(
    age_years: float | None,
    vitals: VitalsReading | Mapping[str, float | None],
    *,
    consciousness: str | None,
    supplemental_oxygen: bool | None,
    spo2_scale: int = 1,
    pregnant: bool = False,
) -> News2Result:
    """NEWS2 from a checked reading or a vitals_set's values (see vitals.from_observations)."""
    values = vitals.as_dict() if isinstance(vitals, VitalsReading) else vitals
    return news2(
        age_years,
        respiratory_rate=values.get("respiratory_rate"),
        spo2=values.get("spo2"),
        supplemental_oxygen=supplemental_oxygen,
        systolic_bp=values.get("systolic_bp"),
        heart_rate=values.get("heart_rate"),
        consciousness=consciousness,
        temperature=values.get("temperature"),
        spo2_scale=spo2_scale,
        pregnant=pregnant,
    )
