"""Which clinical checks apply to this patient and what they say, for the vitals panel.

Pure (no Qt): the panel calls `assess` on every pause in typing. NEWS2 for adults who are
not pregnant, IMCI for children under 5, MUAC where a cut-off exists; the urgency a referral
would get follows from them (station.clinical.urgency).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from station.clinical import imci, muac, news2
from station.clinical.urgency import UrgencySuggestion, suggest_urgency
from station.clinical.vitals import VitalsError, VitalsReading

NEWS2_SIGNS = ("respiratory_rate", "spo2", "systolic_bp", "heart_rate", "temperature")


@dataclass
class Situation:
    """What the health worker ticked beside the numbers."""

    age_months: float | None = None
    consciousness: str | None = None
    supplemental_oxygen: bool = False
    spo2_scale: int = 1
    pregnant: bool = False
    breastfeeding: bool = False
    cough: bool = False
    chest_indrawing: bool = False
    stridor: bool = False
    danger_signs: tuple[str, ...] = ()


@dataclass
class Assessment:
    """The results of every check that applies (None where a check does not apply)."""

    news2: news2.News2Result | None = None
    imci: imci.ImciResult | None = None
    imci_needs: str = ""        # what is missing to classify (e.g. count the breaths)
    muac: muac.MuacResult | None = None
    muac_not_applicable: str = ""
    suggestion: UrgencySuggestion = field(default_factory=lambda: suggest_urgency())


def assess(reading: VitalsReading, situation: Situation) -> Assessment:
    """Run the checks that apply; a check that cannot apply is left out, never guessed."""
    values = reading.as_dict()
    result = Assessment()
    months = situation.age_months
    years = None if months is None else months / 12
    recorded = any(k in values for k in NEWS2_SIGNS) or situation.consciousness is not None
    if recorded and years is not None and years >= news2.ADULT_AGE_YEARS and not situation.pregnant:
        result.news2 = news2.news2_from_vitals(
            years, reading, consciousness=situation.consciousness,
            supplemental_oxygen=situation.supplemental_oxygen, spo2_scale=situation.spo2_scale)
    if months is not None and months < imci.UPPER_AGE_MONTHS:
        try:
            if situation.cough:
                result.imci = imci.classify_cough_or_difficult_breathing(
                    months, respiratory_rate=values.get("respiratory_rate"),
                    chest_indrawing=situation.chest_indrawing, stridor_when_calm=situation.stridor,
                    spo2=values.get("spo2"), danger_signs=situation.danger_signs,
                    temperature=values.get("temperature"))
            elif situation.danger_signs:
                result.imci = imci.classify_general_danger_signs(months, situation.danger_signs)
        except imci.ImciIncomplete as exc:
            result.imci_needs = exc.args[0] if exc.args else str(exc)  # a Text: translated on screen
        except (imci.ImciNotApplicable, VitalsError):
            pass
    if "muac" in values and months is not None:
        try:
            result.muac = muac.classify_muac(values["muac"], age_months=months,
                                             pregnant_or_breastfeeding=situation.pregnant or situation.breastfeeding)
        except muac.MuacNotApplicable as exc:
            result.muac_not_applicable = exc.args[0] if exc.args else str(exc)
    if result.news2 or result.imci or result.muac:
        result.suggestion = suggest_urgency(result.news2, result.imci, result.muac)
    return result
