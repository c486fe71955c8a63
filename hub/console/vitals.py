"""The referral page's vital signs: the values of the referred consultation first, as the
question was written against them, then every other reading as history (older and newer).

A later visit's reading (SpO₂ 98 % the next week) must never pass for the value the health
worker referred on (SpO₂ 82 %).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from hub.console import charts
from hub.console import formatting as fmt

# Display order, labels and units of the vital signs a station records (LOINC codes).
VITALS = (
    ("8480-6", "Systolic BP", "mmHg"),
    ("8462-4", "Diastolic BP", "mmHg"),
    ("8867-4", "Heart rate", "beats/min"),
    ("9279-1", "Respiratory rate", "breaths/min"),
    ("8310-5", "Temperature", "°C"),
    ("2708-6", "SpO₂", "%"),
    ("29463-7", "Weight", "kg"),
    ("8302-2", "Height", "cm"),
    ("39156-5", "BMI", "kg/m²"),
    ("56072-2", "MUAC (mid-upper arm)", "cm"),
)
# Newer readings listed by value under each sign; more are summarised by count.
NEWER_SHOWN = 3

Reading = tuple[datetime, float]


def _readings(sets: list[dict[str, Any]]) -> list[tuple[datetime, str | None, dict[str, float]]]:
    """(taken at, encounter id, values by code) of each set still current (corrections replace)."""
    superseded = {s.get("supersedes") for s in sets if s.get("supersedes")}
    out = []
    for s in sets:
        taken = fmt.utc(s.get("taken_at"))
        if s.get("id") in superseded or taken is None:
            continue
        values: dict[str, float] = {}
        for obs in s.get("observations") or []:
            value = obs.get("value") if isinstance(obs, dict) else None
            if isinstance(value, int | float) and not isinstance(value, bool):
                values[str(obs.get("code"))] = float(value)
        out.append((taken, s.get("encounter_id"), values))
    return sorted(out, key=lambda r: r[0])


def referral_vitals(sets: list[dict[str, Any]], encounter_id: str | None,
                    referred_at: datetime | None) -> dict[str, Any]:
    """The vitals card: `rows` per sign, `taken_at` and `source` of the values at referral.

    The values at referral are the newest of each sign in the referred consultation; when that
    consultation has none, the newest taken before the referral was made (said as such).
    """
    sets_ = _readings(sets)
    in_visit = [r for r in sets_ if encounter_id and r[1] == encounter_id]
    before = [r for r in sets_ if referred_at is not None and r[0] <= referred_at]
    source = "consultation" if in_visit else ("before" if before else "none")
    basis = in_visit or before
    rows = []
    for code, name, unit in VITALS:
        series: list[Reading] = [(taken, values[code]) for taken, _, values in sets_ if code in values]
        if not series:
            continue
        at = next(((taken, values[code]) for taken, _, values in reversed(basis) if code in values), None)
        older = [r for r in series if at is not None and r[0] < at[0]]
        newer = [r for r in series if at is None or r[0] > at[0]]
        rows.append({
            "code": code,
            "name": name,
            "unit": unit,
            "at_value": fmt.format_number(at[1]) if at else None,
            "at_time": at[0] if at else None,
            "older_count": len(older),
            "older_range": _range(older),
            "newer": [{"value": fmt.format_number(v), "at": when} for when, v in newer[-NEWER_SHOWN:]],
            "newer_count": len(newer),
            "count": len(series),
            "chart": charts.sparkline(f"{name} over time", series[-30:], fmt.format_number, fmt.format_when),
        })
    times: list[datetime] = [row["at_time"] for row in rows if isinstance(row["at_time"], datetime)]
    taken = max(times, default=None)
    return {"rows": rows, "taken_at": taken, "source": source}


def _range(readings: list[Reading]) -> str:
    if not readings:
        return ""
    low, high = min(v for _, v in readings), max(v for _, v in readings)
    return fmt.format_number(low) if low == high else f"{fmt.format_number(low)} to {fmt.format_number(high)}"
