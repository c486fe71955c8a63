"""Which clinical checks apply to this patient, what each says, and the one thing to do.

The vitals panel calls `assess` on every pause in typing. NEWS2 for adults who are not
pregnant, IMCI for children under 5, MUAC where a cut-off exists; the urgency a referral would
get follows from them (station.clinical.urgency). When the checks disagree (IMCI "treat at the
clinic" for pneumonia, MUAC "refer" for severe acute malnutrition) the screen shows one overall
action, the most urgent any check asks for, with every check's reason under it (`overall`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from station.clinical import imci, muac, news2
from station.clinical.urgency import UrgencySuggestion, suggest_urgency
from station.clinical.vitals import VitalsError, VitalsReading
from station.texts import Joined, Text

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


# What to do, least urgent first: the overall action is the highest any check reaches.
Action = Literal["home_care", "treat_and_follow_up", "refer", "refer_now"]
ACTIONS: tuple[Action, ...] = ("home_care", "treat_and_follow_up", "refer", "refer_now")
ACTION_WORDS = {
    "home_care": Text("Treat at the clinic and give home-care advice."),
    "treat_and_follow_up": Text("Treat at the clinic and see the patient again for follow-up."),
    "refer": Text("Refer: the patient needs a doctor or specialist within a day."),
    "refer_now": Text("Refer now as an emergency, after the first treatment."),
}


@dataclass(frozen=True)
class RuleFinding:
    """One check's verdict: which rule, the action it alone asks for, and why."""

    rule: Literal["news2", "imci", "muac"]
    action: Action
    reason: str  # a Text


@dataclass(frozen=True)
class OverallAction:
    """The most urgent action any check asks for, and each check's reason, most urgent first."""

    action: Action
    headline: str          # a Text: what to do
    findings: list[RuleFinding]

    @property
    def disagree(self) -> bool:
        """True when the checks ask for different actions (the screen then shows this one)."""
        return len({f.action for f in self.findings}) > 1


def news2_action(result: news2.News2Result) -> Action:
    if result.band == "high":
        return "refer_now"
    if result.band in ("medium", "low-medium"):
        return "refer"
    return "treat_and_follow_up" if result.score > 0 else "home_care"


def imci_action(result: imci.ImciResult) -> Action:
    if result.severe or result.urgent_referral or result.colour == "pink":
        return "refer_now"
    return "treat_and_follow_up" if result.colour == "yellow" else "home_care"


def muac_action(result: muac.MuacResult) -> Action:
    # Severe acute malnutrition is treated in a nutrition programme or, with complications, in hospital.
    by_band: dict[str, Action] = {"severe": "refer", "moderate": "treat_and_follow_up",
                                  "at_risk": "treat_and_follow_up", "normal": "home_care"}
    return by_band[result.band]


def overall(result: Assessment) -> OverallAction | None:
    """One action for the screen from every check that applies (None when none applies)."""
    findings: list[RuleFinding] = []
    if result.news2 is not None:
        findings.append(RuleFinding("news2", news2_action(result.news2), Text(
            "NEWS2 {score}: {response}", score=result.news2.score, response=result.news2.response)))
    if result.imci is not None:
        findings.append(RuleFinding("imci", imci_action(result.imci), Text(
            "IMCI: {classification}. {reasons} {action}", classification=result.imci.classification,
            reasons=Joined(result.imci.reasons, " "), action=result.imci.action)))
    if result.muac is not None:
        findings.append(RuleFinding("muac", muac_action(result.muac), Text(
            "MUAC: {label}. {message}", label=result.muac.label, message=result.muac.message)))
    if not findings:
        return None
    findings.sort(key=lambda f: ACTIONS.index(f.action), reverse=True)
    action = findings[0].action
    return OverallAction(action, ACTION_WORDS[action], findings)
