"""Vital-sign trend charts drawn with QPainter (no chart library: small, fast, offline).

A chart is a physical drawing: time runs left to right and numbers read left to right in
both languages (as on the paper charts health workers know), so the plot area keeps a
left-to-right direction even when the screen around it is right-to-left.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime

from PySide6.QtCore import QDate, QLocale, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from station.clinical.ranges import format_number, vital_range
from station.clinical.vitals import from_observations
from station.records import VitalsSet

LINE_COLOURS = ("#1f6f5c", "#b5533c")


@dataclass
class Series:
    """One line on a chart: a name (e.g. "systolic") and its (time, value) points, oldest first."""

    name: str
    points: list[tuple[datetime, float]] = field(default_factory=list)


@dataclass
class Trend:
    """One chart: which vitals it shows and their points."""

    key: str
    unit: str
    series: list[Series]

    @property
    def count(self) -> int:
        return sum(len(s.points) for s in self.series)


# Chart key -> the vitals drawn on it (blood pressure draws both pressures on one chart).
CHARTS: dict[str, tuple[str, ...]] = {
    "blood_pressure": ("systolic_bp", "diastolic_bp"),
    "heart_rate": ("heart_rate",),
    "respiratory_rate": ("respiratory_rate",),
    "temperature": ("temperature",),
    "spo2": ("spo2",),
    "weight": ("weight",),
    "muac": ("muac",),
    "height": ("height",),
}


def _when(iso: str) -> datetime | None:
    try:
        return datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return None


def trends(vitals: list[VitalsSet]) -> list[Trend]:
    """The charts worth drawing for these vitals sets (superseded sets left out), in chart order."""
    replaced = {v.supersedes for v in vitals if v.supersedes}
    rows = []
    for vs in vitals:
        when = _when(vs.taken_at)
        if vs.id in replaced or when is None:
            continue
        try:
            rows.append((when, from_observations(vs.observations)))
        except ValueError:
            continue  # a set from a newer station in units we do not know: skip it, never crash
    rows.sort(key=lambda r: r[0])
    found = []
    for key, keys in CHARTS.items():
        series = [Series(k, [(when, values[k]) for when, values in rows if k in values]) for k in keys]
        if any(s.points for s in series):
            found.append(Trend(key, vital_range(keys[0]).display_unit, series))
    return found


def nice_step(raw: float) -> float:
    """1, 2 or 5 times a power of ten, at least `raw`: axis labels people read at a glance."""
    if raw <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if factor * power >= raw:
            return factor * power
    return 10 * power


def short_date(when: datetime) -> str:
    """"12 Mar" (with the year when it is not this year), month in the interface language."""
    local = when.astimezone()
    fmt = "d MMM" if local.year == datetime.now().year else "d MMM yy"
    return QLocale().toString(QDate(local.year, local.month, local.day), fmt)


def short_time(when: datetime) -> str:
    """"14:05": the time, for several readings on one day."""
    return when.astimezone().strftime("%H:%M")


class TrendChart(QWidget):
    """A small line chart of one or two vital signs over time, latest value labelled."""

    def __init__(self, trend: Trend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.trend = trend
        self.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.setMinimumSize(240, 140)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        return QSize(360, 170)

    def value_range(self) -> tuple[float, float, float]:
        """(bottom, top, step) of the value axis: round numbers that enclose every point."""
        values = [v for s in self.trend.series for _, v in s.points]
        low, high = min(values), max(values)
        step = nice_step((high - low) / 3 if high > low else max(abs(high) * 0.05, 0.5))
        bottom = math.floor(low / step) * step
        top = math.ceil(high / step) * step
        if top - bottom < 2 * step:
            bottom, top = bottom - step, top + step
        return bottom, top, step

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("#ffffff"))
        font = QFont(self.font())
        font.setPointSizeF(max(7.5, font.pointSizeF() * 0.85))
        painter.setFont(font)
        metrics = painter.fontMetrics()
        low, high, step = self.value_range()
        ticks = [low + i * step for i in range(round((high - low) / step) + 1)]
        left = max(metrics.horizontalAdvance(format_number(t)) for t in ticks) + 12
        plot = QRectF(left, 10, self.width() - left - 60, self.height() - 10 - metrics.height() - 10)
        if plot.width() < 20 or plot.height() < 20:
            return
        times = [t for s in self.trend.series for t, _ in s.points]
        first, last = min(times), max(times)
        span = (last - first).total_seconds() or 1.0

        def at(when: datetime, value: float) -> QPointF:
            x = plot.left() + (plot.width() / 2 if first == last else (when - first).total_seconds() / span * plot.width())
            y = plot.bottom() - (value - low) / (high - low) * plot.height()
            return QPointF(x, y)

        grid = QPen(QColor("#dfe3e6"))
        painter.setPen(grid)
        ink = QColor("#4a5560")
        for value in ticks:
            y = plot.bottom() - (value - low) / (high - low) * plot.height()
            painter.setPen(grid)
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(ink)
            painter.drawText(QRectF(0, y - metrics.height() / 2, left - 6, metrics.height()),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter,
                             format_number(value))
        painter.setPen(QPen(ink))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        bottom = QRectF(plot.left(), plot.bottom() + 4, plot.width(), metrics.height())
        same_day = first.astimezone().date() == last.astimezone().date()
        painter.drawText(bottom, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignAbsolute,
                         short_time(first) if same_day and first != last else short_date(first))
        if first != last:
            painter.drawText(bottom, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute,
                             short_time(last) if same_day else short_date(last))

        for index, series in enumerate(self.trend.series):
            if not series.points:
                continue
            colour = QColor(LINE_COLOURS[index % len(LINE_COLOURS)])
            painter.setPen(QPen(colour, 2))
            path = QPainterPath()
            for n, (when, value) in enumerate(series.points):
                point = at(when, value)
                if n == 0:
                    path.moveTo(point)
                else:
                    path.lineTo(point)
            painter.drawPath(path)
            painter.setBrush(colour)
            for when, value in series.points:
                painter.drawEllipse(at(when, value), 3.2, 3.2)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            when, value = series.points[-1]
            point = at(when, value)
            painter.drawText(QRectF(plot.right() + 6, point.y() - metrics.height() / 2, 56, metrics.height()),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter,
                             format_number(value))
        painter.end()


class TrendPanel(QWidget):
    """A titled chart: the title follows the screen's direction, the chart stays left to right."""

    def __init__(self, title: str, trend: Trend, unit: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel(f"{title} ({unit or trend.unit})")
        self.title.setObjectName(f"trendTitle_{trend.key}")
        self.chart = TrendChart(trend)
        self.chart.setObjectName(f"trend_{trend.key}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 6)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addWidget(self.chart)
