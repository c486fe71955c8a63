"""A suggested referral urgency from the clinical checks; the health worker decides.

Mapping (the highest level any check reaches wins; every finding is listed):

====================================================  ===========
finding                                               urgency
====================================================  ===========
NEWS2 7 or more (high)                                emergency
NEWS2 5-6 (medium), or any single parameter scoring   urgent
3 (low-medium)
NEWS2 1-4 (low)                                       soon
NEWS2 0                                               routine
IMCI severe: danger sign, severe pneumonia or very    emergency
severe disease (young infant included)
IMCI pneumonia                                        urgent
IMCI cough or cold / no general danger sign           routine
MUAC severe acute malnutrition (red)                  urgent
MUAC moderate acute malnutrition (yellow)             soon
MUAC adult or pregnancy "at risk" (< 23 cm, yellow)   soon
MUAC normal                                           routine
====================================================  ===========

An incomplete NEWS2 (some parameters not recorded) maps by its partial score,
which can only rise as signs are added; the reason says it is incomplete.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from station.clinical.imci import ImciResult
from station.clinical.muac import MuacResult
from station.clinical.news2 import PARAMETERS, News2Result
from station.clinical.ranges import format_number
from station.texts import Joined, Text, and_list

Urgency = Literal["routine", "soon", "urgent", "emergency"]
URGENCY_LEVELS: tuple[Urgency, ...] = ("routine", "soon", "urgent", "emergency")


@dataclass(frozen=True)
class UrgencySuggestion:
    """The suggested urgency and, in plain words, why."""

    urgency: Urgency
    reasons: list[str] = field(default_factory=list)


def news2_urgency(result: News2Result) -> Urgency:
    """The urgency a NEWS2 result alone suggests."""
    if result.band == "high":
        return "emergency"
    if result.band in ("medium", "low-medium"):
        return "urgent"
    return "soon" if result.score > 0 else "routine"


def imci_urgency(result: ImciResult) -> Urgency:
    """The urgency an IMCI classification alone suggests."""
    if result.severe or result.urgent_referral:
        return "emergency"
    if result.colour == "yellow":
        return "urgent"
    return "routine"


def muac_urgency(result: MuacResult) -> Urgency:
    """The urgency a MUAC band alone suggests."""
    by_band: dict[str, Urgency] = {"severe": "urgent", "moderate": "soon", "at_risk": "soon", "normal": "routine"}
    return by_band[result.band]


_BANDS = {"low": Text("low risk"), "low-medium": Text("low-medium risk"), "medium": Text("medium risk"),
          "high": Text("high risk")}


def _news2_reason(result: News2Result) -> str:
    threes = [PARAMETERS[key] for key, points in result.components.items() if points == 3]
    band = _BANDS[result.band]
    if threes and result.band == "low-medium":
        text = Text("NEWS2 {score} ({band}): {threes} scores 3.", score=result.score, band=band,
                    threes=and_list(threes))
    else:
        text = Text("NEWS2 {score} ({band}).", score=result.score, band=band)
    if result.missing:
        text = Joined((text, Text("Incomplete: {names} not recorded, so the score may be higher.",
                                  names=Joined(PARAMETERS[key] for key in result.missing))), " ")
    return text


def suggest_urgency(
    news2: News2Result | None = None,
    imci: ImciResult | None = None,
    muac: MuacResult | None = None,
) -> UrgencySuggestion:
    """The highest urgency any given check suggests, with a reason per finding."""
    findings: list[tuple[Urgency, str]] = []
    if news2 is not None:
        findings.append((news2_urgency(news2), _news2_reason(news2)))
    if imci is not None:
        findings.append((imci_urgency(imci), Text("IMCI: {classification}. {detail}", classification=imci.classification,
                                                  detail=Joined(imci.reasons, " "))))
    if muac is not None:
        findings.append((muac_urgency(muac), Text("MUAC {cm} cm: {label}.", cm=format_number(muac.muac_cm),
                                                  label=muac.label)))
    if not findings:
        return UrgencySuggestion("routine", [Text("No clinical check was recorded.")])
    rank = URGENCY_LEVELS.index
    urgency = max((level for level, _ in findings), key=rank)
    # Most serious first, so the first reason explains the suggestion.
    ordered = sorted(findings, key=lambda item: rank(item[0]), reverse=True)
    return UrgencySuggestion(urgency, [reason for _, reason in ordered])
