"""Mid-upper arm circumference (MUAC) bands.

Children 6-59 months (WHO/UNICEF 2009 joint statement; WHO 2013 guideline):

- below 11.5 cm: severe acute malnutrition (SAM), red
- 11.5 up to 12.5 cm: moderate acute malnutrition (MAM), yellow
- 12.5 cm or more: normal, green

Pregnant or breastfeeding women (any age) and adults from 18 years: below 23 cm
is the cut-off commonly used in nutrition programmes for "at risk of
undernutrition" (yellow); 23 cm or more is normal (green). It is a screening
cut-off that calls for a fuller nutrition assessment, not a diagnosis.

Not applicable (refused with an explanation): infants under 6 months (no MUAC
cut-off; judge by feeding and weight) and children 5-17 years who are not pregnant
or breastfeeding (their cut-offs depend on age: use BMI-for-age).

The value is checked and rounded to 0.1 cm first (as a MUAC tape is read), so
11.45 cm counts as 11.5 cm.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from station.clinical.ranges import format_number
from station.clinical.vitals import check_vital
from station.texts import Text

MuacBand = Literal["severe", "moderate", "normal", "at_risk"]
Colour = Literal["red", "yellow", "green"]
Population = Literal["child", "pregnant_or_breastfeeding", "adult"]
_COLOURS: dict[str, Colour] = {"severe": "red", "moderate": "yellow", "at_risk": "yellow", "normal": "green"}

CHILD_MIN_MONTHS = 6
CHILD_MAX_MONTHS = 60  # exclusive: 59 completed months is the last
ADULT_MONTHS = 18 * 12
SAM_BELOW_CM = 11.5
MAM_BELOW_CM = 12.5
ADULT_RISK_BELOW_CM = 23.0


class MuacNotApplicable(ValueError):
    """No MUAC cut-off applies to this person; the message says what to use instead."""


@dataclass(frozen=True)
class MuacResult:
    """The band of one MUAC measurement and what it means."""

    muac_cm: float
    band: MuacBand
    colour: Colour
    label: str
    message: str
    population: Population


def _result(muac: float, band: MuacBand, population: Population, label: str, message: str) -> MuacResult:
    return MuacResult(
        muac_cm=muac, band=band, colour=_COLOURS[band], label=label, message=message, population=population
    )


def _child(muac: float) -> MuacResult:
    shown = format_number(muac)
    if muac < SAM_BELOW_CM:
        return _result(
            muac,
            "severe",
            "child",
            Text("severe acute malnutrition"),
            Text("MUAC {shown} cm is below 11.5 cm: severe acute malnutrition (red). Check for medical "
            "complications and danger signs, test the appetite, and refer the child to a nutrition "
            "programme (OTP) or, with complications, to hospital.", shown=shown),
        )
    if muac < MAM_BELOW_CM:
        return _result(
            muac,
            "moderate",
            "child",
            Text("moderate acute malnutrition"),
            Text("MUAC {shown} cm is from 11.5 up to 12.5 cm: moderate acute malnutrition (yellow). "
            "Give feeding advice, refer to a supplementary feeding programme and measure again "
            "in 2 weeks.", shown=shown),
        )
    return _result(
        muac,
        "normal",
        "child",
        Text("no acute malnutrition"),
        Text("MUAC {shown} cm is 12.5 cm or more: no acute malnutrition (green).", shown=shown),
    )


def _adult(muac: float, population: Population) -> MuacResult:
    shown = format_number(muac)
    if muac < ADULT_RISK_BELOW_CM:
        return _result(
            muac,
            "at_risk",
            population,
            Text("at risk of undernutrition"),
            Text("MUAC {shown} cm is below 23 cm: at risk of undernutrition (yellow). Assess diet and "
            "weight, give nutrition counselling, and refer to a nutrition programme if one is "
            "available.", shown=shown),
        )
    return _result(
        muac,
        "normal",
        population,
        Text("no undernutrition by MUAC"),
        Text("MUAC {shown} cm is 23 cm or more: not at risk of undernutrition by MUAC (green).", shown=shown),
    )


def classify_muac(muac_cm: float, *, age_months: float, pregnant_or_breastfeeding: bool = False) -> MuacResult:
    """The MUAC band for this person's age (in months) and pregnancy.

    Raises MuacNotApplicable when no cut-off applies, VitalsError for an impossible value.
    """
    if age_months < 0:
        raise ValueError(f"age must not be negative, got {age_months} months")
    muac = check_vital("muac", muac_cm)
    if pregnant_or_breastfeeding:
        return _adult(muac, "pregnant_or_breastfeeding")
    if CHILD_MIN_MONTHS <= age_months < CHILD_MAX_MONTHS:
        return _child(muac)
    if age_months >= ADULT_MONTHS:
        return _adult(muac, "adult")
    if age_months < CHILD_MIN_MONTHS:
        raise MuacNotApplicable(Text(
            "MUAC is not used to judge nutrition in infants under 6 months: check breastfeeding, "
            "weight gain and weight-for-length instead."
        ))
    raise MuacNotApplicable(Text(
        "MUAC has no single cut-off for children aged 5 to 17 years: use BMI-for-age instead "
        "(MUAC cut-offs here are for children 6 to 59 months, pregnant or breastfeeding women, "
        "and adults)."
    ))
