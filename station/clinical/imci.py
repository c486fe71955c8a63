"""WHO IMCI (2014 chart booklet) checks for a child under 5 with cough or difficult breathing.

Child 2-59 months:

- General danger signs: not able to drink or breastfeed, vomits everything, has had
  convulsions, lethargic or unconscious, convulsing now. Any one means urgent referral.
- Fast breathing: 50 breaths/min or more from 2 up to 12 months, 40 or more from
  12 up to 60 months (a rate at the threshold is fast).
- Classification of cough or difficult breathing:
  * "severe pneumonia or very severe disease" (pink): any danger sign, stridor in a
    calm child, or SpO₂ below 90 %. Refer urgently.
  * "pneumonia" (yellow): fast breathing or chest indrawing (the 2014 revision treats
    chest indrawing without danger signs as pneumonia at home).
  * "cough or cold" (green): none of the above.

Young infant under 2 months (the booklet's "very severe disease" box): any danger
sign, fast breathing of 60/min or more, chest indrawing, stridor, SpO₂ below 90 %,
or a temperature of 37.5 °C or more or below 35.5 °C means "very severe disease"
and urgent referral. Otherwise the infant is classified "cough or cold".

``classify_general_danger_signs`` runs the danger-sign check alone, for a sick child
without cough: any sign is "very severe disease" and urgent referral.

Ages are in months (fractions allowed); from 60 months IMCI does not apply.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from station.clinical.ranges import format_number
from station.clinical.vitals import check_vital
from station.texts import Text

SEVERE_PNEUMONIA = Text("severe pneumonia or very severe disease")
VERY_SEVERE_DISEASE = Text("very severe disease")
PNEUMONIA = Text("pneumonia")
COUGH_OR_COLD = Text("cough or cold")
NO_DANGER_SIGN = Text("no general danger sign")

DANGER_SIGNS: dict[str, str] = {
    "unable_to_drink_or_breastfeed": Text("not able to drink or breastfeed"),
    "vomits_everything": Text("vomits everything"),
    "convulsions": Text("has had convulsions"),
    "lethargic_or_unconscious": Text("lethargic or unconscious"),
    "convulsing_now": Text("convulsing now"),
}

YOUNG_INFANT_MONTHS = 2
INFANT_MONTHS = 12
UPPER_AGE_MONTHS = 60
HYPOXAEMIA_SPO2 = 90
YOUNG_INFANT_FEVER = 37.5
YOUNG_INFANT_LOW_TEMPERATURE = 35.5


class ImciNotApplicable(ValueError):
    """The child is outside the ages IMCI covers."""


class ImciIncomplete(ValueError):
    """Not enough was recorded to classify; the message says what to check."""


@dataclass(frozen=True)
class ImciResult:
    """A classification with the findings that led to it and what to do."""

    classification: str
    colour: Literal["pink", "yellow", "green"]
    severe: bool
    urgent_referral: bool
    danger_signs: tuple[str, ...]
    fast_breathing: bool | None
    fast_breathing_threshold: int
    reasons: tuple[str, ...]
    action: str


def age_group_words(age_months: float) -> str:
    """"a child 2 up to 12 months" etc.: the IMCI age band a child is in, in words."""
    if age_months < YOUNG_INFANT_MONTHS:
        return Text("an infant under 2 months")
    if age_months < INFANT_MONTHS:
        return Text("a child 2 up to 12 months")
    return Text("a child 12 months up to 5 years")


def fast_breathing_threshold(age_months: float) -> int:
    """Breaths per minute from which breathing is fast at this age."""
    if age_months < 0:
        raise ValueError(f"age must not be negative, got {age_months} months")
    if age_months >= UPPER_AGE_MONTHS:
        raise ImciNotApplicable(Text(
            "IMCI is for children under 5 years (60 months); this child is {months} "
            "months old. Use the checks for older children and adults.", months=format_number(age_months)
        ))
    if age_months < YOUNG_INFANT_MONTHS:
        return 60
    if age_months < INFANT_MONTHS:
        return 50
    return 40


def is_fast_breathing(age_months: float, respiratory_rate: float) -> bool:
    """True when the counted rate is at or above the threshold for the age."""
    return respiratory_rate >= fast_breathing_threshold(age_months)


def check_danger_signs(signs: Iterable[str]) -> tuple[str, ...]:
    """The given danger-sign keys in chart order; ValueError names any unknown key."""
    given = set(signs)
    unknown = sorted(given - DANGER_SIGNS.keys())
    if unknown:
        raise ValueError(f"unknown danger signs {unknown}; known: {', '.join(DANGER_SIGNS)}")
    return tuple(key for key in DANGER_SIGNS if key in given)


_ACTION_SEVERE = Text(
    "Refer URGENTLY to hospital. Before the child leaves, give the pre-referral treatment in the "
    "IMCI chart (first dose of an antibiotic; oxygen if available and SpO₂ is below 90 %) and keep "
    "the child warm."
)
_ACTION_YOUNG_INFANT = Text(
    "Refer URGENTLY to hospital. Before the infant leaves, give the pre-referral treatment in the "
    "IMCI chart (first dose of antibiotics, prevent low blood sugar with breast milk or sugar water), "
    "keep the infant warm skin-to-skin, and advise breastfeeding on the way."
)
_ACTION_PNEUMONIA = Text(
    "Treat at the clinic: give oral amoxicillin as in the IMCI chart, soothe the throat and relieve "
    "the cough with a safe remedy, and see the child again in 3 days. Tell the caregiver to come "
    "back at once if the child cannot drink, becomes sicker or breathes with difficulty."
)
_ACTION_YOUNG_INFANT_WELL = Text(
    "No sign of very severe disease. Advise breastfeeding often and keeping the infant warm. Tell "
    "the caregiver to come back at once if the infant feeds poorly, breathes fast or with "
    "difficulty, has a fever, feels cold, or moves only when stimulated."
)
_ACTION_NO_DANGER_SIGN = Text("No general danger sign. Go on to assess the child's main symptoms with the IMCI chart.")
_ACTION_COUGH = Text(
    "No antibiotic is needed. Soothe the throat and relieve the cough with a safe remedy. Tell the "
    "caregiver to come back at once if the child cannot drink, becomes sicker, or breathes fast or "
    "with difficulty; see the child again in 5 days if not improving."
)


def _danger_sign(key: str) -> Text:
    return Text("Danger sign: {sign}.", sign=DANGER_SIGNS[key])


def classify_cough_or_difficult_breathing(
    age_months: float,
    *,
    respiratory_rate: float | None = None,
    chest_indrawing: bool = False,
    stridor_when_calm: bool = False,
    spo2: float | None = None,
    danger_signs: Iterable[str] = (),
    temperature: float | None = None,
) -> ImciResult:
    """Classify a child under 5 years with cough or difficult breathing.

    `respiratory_rate` is breaths counted over one full minute while the child is calm;
    `temperature` (°C) is used only for infants under 2 months. Raises ImciNotApplicable
    from 60 months, ImciIncomplete when the rate is needed but missing, VitalsError
    for an impossible value.
    """
    threshold = fast_breathing_threshold(age_months)
    signs = check_danger_signs(danger_signs)
    young_infant = age_months < YOUNG_INFANT_MONTHS
    rate = check_vital("respiratory_rate", respiratory_rate) if respiratory_rate is not None else None
    saturation = check_vital("spo2", spo2) if spo2 is not None else None
    fast = rate >= threshold if rate is not None else None

    severe_reasons = [_danger_sign(key) for key in signs]
    if stridor_when_calm:
        severe_reasons.append(Text("Stridor (a harsh noise breathing in) while the child is calm."))
    if saturation is not None and saturation < HYPOXAEMIA_SPO2:
        severe_reasons.append(Text("Low oxygen: SpO₂ {spo2}% (below {limit}%).", spo2=format_number(saturation),
                                   limit=HYPOXAEMIA_SPO2))
    other_reasons: list[Text] = []
    if fast and rate is not None:
        other_reasons.append(Text(
            "Fast breathing: {rate} breaths/min ({threshold} or more is fast for {age_group}).",
            rate=format_number(rate), threshold=threshold, age_group=age_group_words(age_months),
        ))
    if chest_indrawing:
        other_reasons.append(Text("Chest indrawing (the lower chest wall goes in when the child breathes in)."))

    if young_infant:
        if temperature is not None:
            celsius = check_vital("temperature", temperature)
            if celsius >= YOUNG_INFANT_FEVER:
                severe_reasons.append(Text("Fever: {celsius} °C (37.5 °C or more).", celsius=format_number(celsius)))
            elif celsius < YOUNG_INFANT_LOW_TEMPERATURE:
                severe_reasons.append(Text("Low body temperature: {celsius} °C (below 35.5 °C).",
                                           celsius=format_number(celsius)))
        # In a young infant fast breathing and chest indrawing are signs of very severe disease.
        severe_reasons += other_reasons
        other_reasons = []

    if severe_reasons:
        return ImciResult(
            classification=VERY_SEVERE_DISEASE if young_infant else SEVERE_PNEUMONIA,
            colour="pink",
            severe=True,
            urgent_referral=True,
            danger_signs=signs,
            fast_breathing=fast,
            fast_breathing_threshold=threshold,
            reasons=tuple(severe_reasons),
            action=_ACTION_YOUNG_INFANT if young_infant else _ACTION_SEVERE,
        )
    if other_reasons:
        if rate is None:
            other_reasons.append(Text("Breaths were not counted; count them for one full minute."))
        return ImciResult(
            classification=PNEUMONIA,
            colour="yellow",
            severe=False,
            urgent_referral=False,
            danger_signs=signs,
            fast_breathing=fast,
            fast_breathing_threshold=threshold,
            reasons=tuple(other_reasons),
            action=_ACTION_PNEUMONIA,
        )
    if rate is None:
        raise ImciIncomplete(Text(
            "Count the child's breaths for one full minute while the child is calm: the breathing "
            "rate is needed to tell pneumonia from a cough or cold."
        ))
    return ImciResult(
        classification=COUGH_OR_COLD,
        colour="green",
        severe=False,
        urgent_referral=False,
        danger_signs=signs,
        fast_breathing=fast,
        fast_breathing_threshold=threshold,
        reasons=(Text(
            "No danger sign, no chest indrawing, breathing {rate} breaths/min "
            "(below {threshold}, not fast for {age_group}).",
            rate=format_number(rate), threshold=threshold, age_group=age_group_words(age_months),
        ),),
        action=_ACTION_YOUNG_INFANT_WELL if young_infant else _ACTION_COUGH,
    )


def classify_general_danger_signs(age_months: float, danger_signs: Iterable[str]) -> ImciResult:
    """The danger-sign check every sick child under 5 gets, with or without a cough.

    Any sign classifies as "very severe disease" (pink) and means urgent referral.
    """
    threshold = fast_breathing_threshold(age_months)
    signs = check_danger_signs(danger_signs)
    if signs:
        return ImciResult(
            classification=VERY_SEVERE_DISEASE,
            colour="pink",
            severe=True,
            urgent_referral=True,
            danger_signs=signs,
            fast_breathing=None,
            fast_breathing_threshold=threshold,
            reasons=tuple(_danger_sign(key) for key in signs),
            action=_ACTION_YOUNG_INFANT if age_months < YOUNG_INFANT_MONTHS else _ACTION_SEVERE,
        )
    return ImciResult(
        classification=NO_DANGER_SIGN,
        colour="green",
        severe=False,
        urgent_referral=False,
        danger_signs=(),
        fast_breathing=None,
        fast_breathing_threshold=threshold,
        reasons=(Text("No general danger sign."),),
        action=_ACTION_NO_DANGER_SIGN,
    )
