"""Plausible ranges of the vital signs, read once from resources/vital_ranges.json.

A range here is what is physically possible for a living patient of any age, not
what is normal: values outside it are typing or unit mistakes and are refused.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path

VITAL_KEYS: tuple[str, ...] = (
    "systolic_bp",
    "diastolic_bp",
    "heart_rate",
    "respiratory_rate",
    "temperature",
    "spo2",
    "weight",
    "height",
    "bmi",
    "muac",
)


@dataclass(frozen=True)
class VitalRange:
    """One vital sign: its codes, units, plausible range and recorded precision."""

    key: str
    label: str
    loinc: str
    ucum: str
    display_unit: str
    min: float
    max: float
    decimals: int

    def with_unit(self, number: str) -> str:
        """`number` followed by the display unit, as a person writes it ("37.5 °C", "98%")."""
        joiner = "" if self.display_unit == "%" else " "
        return f"{number}{joiner}{self.display_unit}"

    def bounds_text(self) -> str:
        """"between 25 and 45 °C": the allowed range in words."""
        return f"between {format_number(self.min)} and {self.with_unit(format_number(self.max))}"

    def round(self, value: float) -> float:
        """`value` rounded half-up to the recorded precision (a 72.5 pulse is 73, not 72)."""
        return round_half_up(value, self.decimals)


def _resources_dir() -> Path:
    # A PyInstaller build unpacks data files under sys._MEIPASS; a checkout keeps
    # resources/ beside the station package.
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


@cache
def vital_ranges() -> dict[str, VitalRange]:
    """All vital ranges by key, in the order of the resource file (read once)."""
    path = _resources_dir() / "vital_ranges.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    ranges: dict[str, VitalRange] = {}
    for item in data["vitals"]:
        vital = VitalRange(
            key=item["key"],
            label=item["label"],
            loinc=item["loinc"],
            ucum=item["ucum"],
            display_unit=item["display_unit"],
            min=float(item["min"]),
            max=float(item["max"]),
            decimals=int(item["decimals"]),
        )
        if not vital.min < vital.max:
            raise ValueError(f"{path}: {vital.key} has min {vital.min} not below max {vital.max}")
        ranges[vital.key] = vital
    if tuple(ranges) != VITAL_KEYS:
        raise ValueError(f"{path}: expected vitals {VITAL_KEYS}, found {tuple(ranges)}")
    return ranges


def vital_range(key: str) -> VitalRange:
    """The range of one vital; KeyError names the known keys when `key` is not one."""
    try:
        return vital_ranges()[key]
    except KeyError:
        raise KeyError(f"unknown vital {key!r}; known vitals: {', '.join(VITAL_KEYS)}") from None


def round_half_up(value: float, decimals: int) -> float:
    """Round as people do on paper (2.5 -> 3), not banker's rounding."""
    value = float(value)
    if abs(value) >= 1e15 or value != value:
        # Floats this large have no fraction left to round (and NaN has nothing to round).
        return value
    quantum = Decimal(1).scaleb(-decimals)
    return float(Decimal(repr(float(value))).quantize(quantum, rounding=ROUND_HALF_UP))


def format_number(value: float, max_decimals: int = 4) -> str:
    """A number as a person would write it: no trailing zeros, no exponent ("52", "98.6")."""
    if abs(value) >= 1e15 or value != value:
        return f"{value:g}"
    text = f"{round_half_up(value, max_decimals):.{max_decimals}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
