"""Chart geometry computed on the server; templates/_charts.html turns it into inline SVG.

Charts are plain SVG in the page, so they show without JavaScript and print as they look.
Colours come from CSS classes (series-0 …), never inline styles, to keep the strict CSP.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

SERIES_CLASSES = 8


def nice_ceiling(value: float, ticks: int = 4, integer: bool = False) -> tuple[float, float]:
    """A round axis maximum at or above `value` and its tick step (1, 2, 2.5 or 5 x 10^k).

    With `integer` (counts), steps are whole numbers: a count of 3 gets ticks 0, 1, 2, 3.
    """
    if integer and value <= ticks:
        top = max(1, math.ceil(value))
        return float(top), 1.0
    if value <= 0:
        return 1.0, 1.0 / ticks
    raw = value / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        step = factor * magnitude
        if integer and not float(step).is_integer():
            continue
        if step * ticks >= value:
            return step * ticks, step
    return 10 * magnitude * ticks, 10 * magnitude  # pragma: no cover - loop always returns


def _tick_text(value: float, fmt: Callable[[float], str] | None) -> str:
    if fmt is not None:
        return fmt(value)
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


@dataclass
class Rect:
    x: float
    y: float
    w: float
    h: float
    css: str
    title: str


@dataclass
class Text:
    x: float
    y: float
    text: str
    anchor: str = "middle"


@dataclass
class BarChart:
    """Vertical (optionally stacked) bars with a y axis."""

    width: int
    height: int
    title: str
    rects: list[Rect] = field(default_factory=list)
    ticks: list[Text] = field(default_factory=list)
    gridlines: list[float] = field(default_factory=list)
    labels: list[Text] = field(default_factory=list)
    values: list[Text] = field(default_factory=list)
    legend: list[tuple[str, str]] = field(default_factory=list)
    plot_left: float = 0
    plot_right: float = 0
    baseline: float = 0
    reference: tuple[float, str] | None = None


def bar_chart(
    title: str,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    *,
    value_format: Callable[[float], str] | None = None,
    max_value: float | None = None,
    reference: tuple[float, str] | None = None,
    integer: bool = False,
    width: int = 640,
    height: int = 240,
) -> BarChart:
    """Bars per category; several series stack on each other (a legend names them)."""
    left, right, top, bottom = 44, 8, 18, 30
    chart = BarChart(width=width, height=height, title=title, plot_left=left, plot_right=width - right)
    totals = [sum(values[i] for _, values in series) for i in range(len(categories))]
    top_value = max([*totals, reference[0] if reference else 0, 0])
    axis_max, step = (max_value, max_value / 4) if max_value else nice_ceiling(top_value, integer=integer)
    plot_h = height - top - bottom
    chart.baseline = top + plot_h
    y_of: Callable[[float], float] = lambda v: top + plot_h - (v / axis_max) * plot_h  # noqa: E731
    tick = 0.0
    while tick <= axis_max + 1e-9:
        y = round(y_of(tick), 1)
        chart.gridlines.append(y)
        chart.ticks.append(Text(left - 6, y + 4, _tick_text(tick, value_format), "end"))
        tick += step
    if not categories:
        return chart
    slot = (width - left - right) / len(categories)
    bar_w = max(4.0, min(48.0, slot * 0.62))
    label_every = max(1, math.ceil(len(categories) / max(1, (width - left - right) // 58)))
    for i, category in enumerate(categories):
        x = left + slot * i + (slot - bar_w) / 2
        running = 0.0
        for s, (name, values) in enumerate(series):
            value = values[i]
            if value <= 0:
                continue
            y_top, y_bottom = y_of(running + value), y_of(running)
            running += value
            shown = _tick_text(value, value_format)
            chart.rects.append(Rect(round(x, 1), round(y_top, 1), round(bar_w, 1),
                                    round(max(1.0, y_bottom - y_top), 1), f"series-{s % SERIES_CLASSES}",
                                    f"{category} · {name}: {shown}" if len(series) > 1 else f"{category}: {shown}"))
        if totals[i] > 0:
            chart.values.append(Text(round(x + bar_w / 2, 1), round(y_of(totals[i]) - 4, 1),
                                     _tick_text(totals[i], value_format)))
        if i % label_every == 0:
            chart.labels.append(Text(round(x + bar_w / 2, 1), height - 10, category))
    if len(series) > 1:
        chart.legend = [(f"series-{s % SERIES_CLASSES}", name) for s, (name, _) in enumerate(series)]
    if reference is not None:
        chart.reference = (round(y_of(reference[0]), 1), reference[1])
    return chart


@dataclass
class HBar:
    label: str
    y: float
    w: float
    value: str
    title: str


@dataclass
class HBarChart:
    width: int
    height: int
    title: str
    label_width: int
    row_height: int
    bars: list[HBar] = field(default_factory=list)


def hbar_chart(title: str, rows: Sequence[tuple[str, float]], *, width: int = 640,
               label_width: int = 260, row_height: int = 26) -> HBarChart:
    """Horizontal bars, one per row, longest first as given (used for top diagnoses)."""
    chart = HBarChart(width=width, height=max(row_height, row_height * len(rows)) + 4, title=title,
                      label_width=label_width, row_height=row_height)
    top = max((value for _, value in rows), default=0) or 1
    span = width - label_width - 56
    for i, (label, value) in enumerate(rows):
        shown = _tick_text(value, None)
        chart.bars.append(HBar(label=label if len(label) <= 36 else label[:35].rstrip() + "…", y=i * row_height + 4,
                               w=round(max(2.0, span * value / top), 1), value=shown,
                               title=f"{label}: {shown}"))
    return chart


@dataclass
class Point:
    x: float
    y: float
    title: str


@dataclass
class Sparkline:
    """A small line chart of one vital over time (oldest left)."""

    width: int
    height: int
    title: str
    points: list[Point] = field(default_factory=list)
    path: str = ""
    low_text: str = ""
    high_text: str = ""


def sparkline(title: str, readings: Sequence[tuple[datetime, float]], value_text: Callable[[float], str],
              when_text: Callable[[datetime], str], *, width: int = 220, height: int = 56) -> Sparkline:
    """Values spread evenly by time; the lowest and highest readings are labelled."""
    chart = Sparkline(width=width, height=height, title=title)
    if not readings:
        return chart
    readings = sorted(readings, key=lambda r: r[0])
    values = [v for _, v in readings]
    low, high = min(values), max(values)
    pad_x, pad_y = 6, 8
    span_v = (high - low) or 1.0
    t0 = readings[0][0].timestamp()
    span_t = (readings[-1][0].timestamp() - t0) or 1.0
    for when, value in readings:
        x = pad_x + (when.timestamp() - t0) / span_t * (width - 2 * pad_x) if len(readings) > 1 else width / 2
        y = height / 2 if high == low else pad_y + (high - value) / span_v * (height - 2 * pad_y)
        chart.points.append(Point(round(x, 1), round(y, 1), f"{when_text(when)}: {value_text(value)}"))
    chart.path = "M " + " L ".join(f"{p.x} {p.y}" for p in chart.points)
    chart.low_text, chart.high_text = value_text(low), value_text(high)
    return chart
