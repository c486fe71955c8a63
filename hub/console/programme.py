"""The programme figure of case conferences: cases discussed and the share whose plan changed.

Per quarter and per conference series, with the trend from one quarter to the next: the headline
figure twinning programmes report (a falling share shows local teams learning). A case counts in
the quarter of its conference's start, in UTC like the rest of the dashboard.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select

from hub import tables as t
from hub.console import charts
from hub.console.dashboard import quarter_key

ALL_SERIES = "All conferences"


@dataclass
class ProgrammeFigure:
    rows: list[dict[str, Any]] = field(default_factory=list)  # per series (ALL_SERIES first), per quarter
    overall: list[dict[str, Any]] = field(default_factory=list)  # the ALL_SERIES rows
    chart: Any = None
    trend_text: str = ""


def _rows_for(series: str, counts: dict[str, list[int]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    previous: float | None = None
    for quarter in sorted(counts):
        discussed, changed = counts[quarter]
        share = changed / discussed if discussed else 0.0
        out.append({"series": series, "quarter": quarter, "discussed": discussed, "changed": changed, "share": share,
                    "change_points": None if previous is None else round((share - previous) * 100, 1)})
        previous = share
    return out


def figure(conn: Connection, since: datetime | None) -> ProgrammeFigure:
    """The figure over conferences that started at or after `since` (all when None)."""
    query = (select(t.conferences.c.series, t.conferences.c.starts_at, t.conference_items.c.plan_changed)
             .join(t.conferences, t.conferences.c.id == t.conference_items.c.conference_id)
             .where(t.conference_items.c.status == "discussed"))
    if since is not None:
        query = query.where(t.conferences.c.starts_at >= since)
    per_series: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for row in conn.execute(query):
        quarter = quarter_key(row.starts_at)
        for name in (ALL_SERIES, row.series):
            per_series[name][quarter][0] += 1
            per_series[name][quarter][1] += 1 if row.plan_changed else 0
    board = ProgrammeFigure()
    if not per_series:
        return board
    board.overall = _rows_for(ALL_SERIES, per_series[ALL_SERIES])
    board.rows = list(board.overall)
    for name in sorted(k for k in per_series if k != ALL_SERIES):
        board.rows += _rows_for(name, per_series[name])
    board.chart = charts.bar_chart(
        "Share of cases discussed at conferences whose management plan changed, per quarter",
        [q["quarter"] for q in board.overall], [("Plan changed", [q["share"] for q in board.overall])],
        value_format=lambda v: f"{v * 100:.0f}%", max_value=1.0, width=560)
    first, last = board.overall[0], board.overall[-1]
    if len(board.overall) > 1:
        direction = "fell" if last["share"] < first["share"] else "rose" if last["share"] > first["share"] else "held"
        board.trend_text = (f"The share {direction} from {first['share'] * 100:.0f}% in {first['quarter']} to "
                            f"{last['share'] * 100:.0f}% in {last['quarter']}.")
    return board


def csv_rows(board: ProgrammeFigure) -> list[list[Any]]:
    header = ["series", "quarter", "cases_discussed", "plan_changed", "share", "change_from_previous_quarter_points"]
    return [header] + [[r["series"], r["quarter"], r["discussed"], r["changed"], f"{r['share']:.4f}",
                        "" if r["change_points"] is None else f"{r['change_points']:+.1f}"] for r in board.rows]
