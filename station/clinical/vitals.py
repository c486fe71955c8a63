"""Checking vital signs as a health worker types them, and their stored form.

Every value is checked against a plausible range (``resources/vital_ranges.json``)
and rounded half-up to its recorded precision. Common unit slips get their own
explanation: a temperature in °F, a height in metres, a baby's weight in grams.
A weight in pounds looks like a possible weight in kg, so it cannot be caught.

Typed text may use Urdu (۰-۹) or Arabic-Indic (٠-٩) digits and a comma or the
Arabic decimal separator (٫) as the decimal point.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass

from station.clinical.ranges import (
    VITAL_KEYS,
    VitalRange,
    format_number,
    round_half_up,
    vital_range,
    vital_ranges,
)
from station.texts import Text

# The names of the vital signs as people read them (the JSON's labels, kept translatable).
LABELS = {
    "systolic_bp": Text("Systolic blood pressure"),
    "diastolic_bp": Text("Diastolic blood pressure"),
    "heart_rate": Text("Heart rate"),
    "respiratory_rate": Text("Respiratory rate"),
    "temperature": Text("Temperature"),
    "spo2": Text("Oxygen saturation (SpO₂)"),
    "weight": Text("Weight"),
    "height": Text("Height"),
    "bmi": Text("BMI"),
    "muac": Text("Mid-upper arm circumference (MUAC)"),
}


# Below this age adult BMI cut-offs mean nothing (BMI-for-age needs the WHO growth standards).
BMI_FROM_MONTHS = 60


def bmi_applies(age_months: float | None) -> bool:
    """Whether a BMI is worth showing: not for a child under 5 (unknown ages get it)."""
    return age_months is None or age_months >= BMI_FROM_MONTHS


def label(vital: VitalRange) -> str:
    """The vital sign's name, translatable (the JSON's own label for one not listed above)."""
    return LABELS.get(vital.key, vital.label)


def bounds(vital: VitalRange) -> Text:
    """"between 25 and 45 °C", translatable."""
    return Text("between {low} and {high}", low=format_number(vital.min),
                high=vital.with_unit(format_number(vital.max)))

# Temperatures in this window are far above any survivable °C but exactly where a
# Fahrenheit body temperature falls (93 °F = 33.9 °C, 110 °F = 43.3 °C).
FAHRENHEIT_WINDOW = (93.0, 110.0)
# A weight above the plausible maximum that reads as a newborn or infant weight in grams.
GRAMS_WINDOW = (500.0, 10_000.0)
# A BMI typed by hand may be rounded differently from ours; beyond this it is a mismatch.
BMI_TOLERANCE = 0.5

_DIGITS = str.maketrans(
    "۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩٫,",
    "01234567890123456789..",
)
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)", re.ASCII)


class VitalsError(ValueError):
    """One vital sign a person must correct: `field` is its key, `message` says what to do."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message

    def __repr__(self) -> str:
        return f"VitalsError({self.field!r}, {self.message!r})"


class VitalsErrors(ValueError):
    """Every problem found in one set of vital signs, so a form can mark each bad field."""

    def __init__(self, errors: list[VitalsError]) -> None:
        super().__init__("\n".join(e.message for e in errors))
        self.errors = errors

    @property
    def by_field(self) -> dict[str, list[str]]:
        """Messages grouped by field key."""
        grouped: dict[str, list[str]] = {}
        for error in self.errors:
            grouped.setdefault(error.field, []).append(error.message)
        return grouped


@dataclass(frozen=True)
class VitalsReading:
    """One checked set of vital signs in their stored units; None where not taken."""

    systolic_bp: float | None = None
    diastolic_bp: float | None = None
    heart_rate: float | None = None
    respiratory_rate: float | None = None
    temperature: float | None = None
    spo2: float | None = None
    weight: float | None = None
    height: float | None = None
    bmi: float | None = None
    muac: float | None = None

    def as_dict(self) -> dict[str, float]:
        """Only the values that were taken, by key."""
        return {key: value for key, value in asdict(self).items() if value is not None}


def parse_number(text: str) -> float | None:
    """A typed number, or None for an empty field.

    Accepts Urdu and Arabic-Indic digits and a comma decimal; raises ValueError
    for anything else (units, letters, thousands separators are not guessed).
    """
    cleaned = text.strip().translate(_DIGITS).replace(" ", "")
    if not cleaned:
        return None
    if not _NUMBER.fullmatch(cleaned):
        raise ValueError(f"{text!r} is not a number")
    return float(cleaned)


def _not_a_number(vital: VitalRange, shown: str) -> VitalsError:
    return VitalsError(vital.key, Text('{label} "{shown}" is not a number: enter a number {bounds}.',
                                       label=label(vital), shown=shown, bounds=bounds(vital)))


def _out_of_range(vital: VitalRange, value: float) -> VitalsError:
    shown = format_number(value)
    if vital.key == "temperature" and FAHRENHEIT_WINDOW[0] <= value <= FAHRENHEIT_WINDOW[1]:
        celsius = round_half_up((value - 32.0) * 5.0 / 9.0, 1)
        return VitalsError(vital.key, Text(
            "{label} {shown} looks like °F (= {celsius} °C). Enter the temperature in °C, {bounds}.",
            label=label(vital), shown=shown, celsius=f"{celsius:.1f}", bounds=bounds(vital)))
    if vital.key == "height" and value < vital.min and vital.min <= value * 100 <= vital.max:
        cm = format_number(round_half_up(value * 100, vital.decimals))
        return VitalsError(vital.key, Text(
            "{label} {shown} looks like metres (= {cm} cm). Enter the height in cm, {bounds}.",
            label=label(vital), shown=shown, cm=cm, bounds=bounds(vital)))
    if vital.key == "weight" and GRAMS_WINDOW[0] <= value <= GRAMS_WINDOW[1]:
        kg = format_number(round_half_up(value / 1000, vital.decimals))
        return VitalsError(vital.key, Text(
            "{label} {value} is not possible: enter a value {bounds}. If you weighed in grams, "
            "{shown} g = {kg} kg.", label=label(vital), value=vital.with_unit(shown), bounds=bounds(vital),
            shown=shown, kg=kg))
    return VitalsError(vital.key, Text("{label} {value} is not possible: enter a value {bounds}.",
                                       label=label(vital), value=vital.with_unit(shown), bounds=bounds(vital)))


def check_vital(key: str, value: float) -> float:
    """`value` rounded to its recorded precision, or VitalsError if it cannot be right.

    Raises KeyError for a key that is not a vital sign (a programming mistake).
    """
    vital = vital_range(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _not_a_number(vital, str(value))
    if not math.isfinite(value):
        raise _not_a_number(vital, str(value))
    if not vital.min <= value <= vital.max:
        raise _out_of_range(vital, float(value))
    return vital.round(float(value))


def compute_bmi(weight_kg: float, height_cm: float) -> float:
    """Body mass index in kg/m², rounded to one decimal."""
    if height_cm <= 0 or weight_kg <= 0:
        raise ValueError("weight and height must both be above zero to calculate BMI")
    return round_half_up(weight_kg / (height_cm / 100.0) ** 2, vital_range("bmi").decimals)


def _parse_field(key: str, raw: float | int | str | None) -> float | None:
    """The number in one form field (None when empty); VitalsError when it is not a number."""
    if raw is None:
        return None
    if isinstance(raw, str):
        try:
            parsed = parse_number(raw)
        except ValueError:
            raise _not_a_number(vital_range(key), raw.strip()) from None
        if parsed is None:
            return None
        return check_vital(key, parsed)
    return check_vital(key, raw)


def _check_blood_pressure(values: dict[str, float]) -> list[VitalsError]:
    """The diastolic pressure must be below the systolic."""
    systolic, diastolic = values.get("systolic_bp"), values.get("diastolic_bp")
    if systolic is None or diastolic is None or diastolic < systolic:
        return []
    sys_range, dia_range = vital_range("systolic_bp"), vital_range("diastolic_bp")
    return [
        VitalsError("diastolic_bp", Text(
            "{label} {diastolic} must be lower than the systolic {systolic}: check both readings.",
            label=label(dia_range), diastolic=dia_range.with_unit(format_number(diastolic)),
            systolic=sys_range.with_unit(format_number(systolic))))
    ]


def _check_bmi(values: dict[str, float]) -> list[VitalsError]:
    """Calculate BMI from weight and height into `values`, or say why it cannot be right."""
    weight, height = values.get("weight"), values.get("height")
    if weight is None or height is None:
        return []
    bmi_range = vital_range("bmi")
    computed = compute_bmi(weight, height)
    basis = Text("weight {weight} kg and height {height} cm", weight=format_number(weight),
                 height=format_number(height))
    if not bmi_range.min <= computed <= bmi_range.max:
        return [
            VitalsError("bmi", Text(
                "{label} {bmi} from {basis} is not possible (it must be {bounds}): check the weight and "
                "the height.", label=label(bmi_range), bmi=bmi_range.with_unit(format_number(computed)),
                basis=basis, bounds=bounds(bmi_range)))
        ]
    typed = values.get("bmi")
    if typed is not None and abs(typed - computed) > BMI_TOLERANCE:
        return [
            VitalsError("bmi", Text(
                "{label} {typed} does not match {basis} (= {bmi}): leave BMI empty to have it calculated, "
                "or check the weight and the height.", label=label(bmi_range), typed=format_number(typed),
                basis=basis, bmi=bmi_range.with_unit(format_number(computed))))
        ]
    values["bmi"] = computed
    return []


def validate_vitals(values: Mapping[str, float | int | str | None]) -> VitalsReading:
    """Check a whole form of vital signs; raise VitalsErrors listing every bad field.

    Values may be numbers or typed text; empty text and None mean "not taken".
    BMI is calculated whenever weight and height are both given.
    """
    unknown = [key for key in values if key not in VITAL_KEYS]
    if unknown:
        raise KeyError(f"unknown vitals {unknown}; known vitals: {', '.join(VITAL_KEYS)}")
    errors: list[VitalsError] = []
    checked: dict[str, float] = {}
    for key in VITAL_KEYS:
        try:
            value = _parse_field(key, values.get(key))
        except VitalsError as error:
            errors.append(error)
            continue
        if value is not None:
            checked[key] = value
    failed = {error.field for error in errors}
    # A check between fields would only repeat a field's own error, so it waits for valid inputs.
    if not failed & {"systolic_bp", "diastolic_bp"}:
        errors.extend(_check_blood_pressure(checked))
    if not failed & {"weight", "height", "bmi"}:
        errors.extend(_check_bmi(checked))
    if errors:
        raise VitalsErrors(errors)
    return VitalsReading(**checked)


def to_observations(reading: VitalsReading | Mapping[str, float | None]) -> list[dict[str, object]]:
    """The `observations` list of a vitals_set record: {code, name, value, unit} per value taken."""
    values = reading.as_dict() if isinstance(reading, VitalsReading) else reading
    observations: list[dict[str, object]] = []
    for key, vital in vital_ranges().items():
        value = values.get(key)
        if value is None:
            continue
        observations.append({"code": vital.loinc, "name": vital.label, "value": float(value), "unit": vital.ucum})
    return observations


def from_observations(observations: Iterable[Mapping[str, object]]) -> dict[str, float]:
    """Values by vital key from a stored `observations` list.

    Codes this station does not know are skipped (a newer station may record more);
    a known code in another unit, a repeated code or a non-number value raise ValueError.
    """
    by_code = {vital.loinc: vital for vital in vital_ranges().values()}
    values: dict[str, float] = {}
    for observation in observations:
        vital = by_code.get(str(observation.get("code")))
        if vital is None:
            continue
        if observation.get("unit") != vital.ucum:
            raise ValueError(
                f"observation {vital.loinc} ({vital.label}) has unit {observation.get('unit')!r}, "
                f"expected {vital.ucum!r}"
            )
        if vital.key in values:
            raise ValueError(f"observation {vital.loinc} ({vital.label}) appears more than once")
        value = observation.get("value")
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise ValueError(f"observation {vital.loinc} ({vital.label}) has value {value!r}, not a number")
        values[vital.key] = float(value)
    return values
