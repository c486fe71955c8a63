"""Programme figures for coordinators: referrals per month, answer times, plan changes, diagnoses.

Referrals are grouped by the month (or quarter) the hub received them, in the hub's time zone. Figures are
computed in Python from plain rows, so the same code gives the same numbers on SQLite and PostgreSQL.
"""

from __future__ import annotations

import csv
import io
import json
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select

from hub import tables as t
from hub.console import charts
from hub.console import formatting as fmt

PERIODS = {"3m": 3, "6m": 6, "12m": 12, "24m": 24, "all": None}
PERIOD_LABELS = {"3m": "Last 3 months", "6m": "Last 6 months", "12m": "Last 12 months",
                 "24m": "Last 24 months", "all": "All time"}
DEFAULT_PERIOD = "12m"
TOP_DIAGNOSES = 10
CHART_SPECIALTIES = 6
# Published teleconsultation programmes report advice changing management in about a quarter of cases.
LITERATURE_SHARE = 0.25


def month_key(moment: datetime) -> str:
    local = fmt.local_time(moment) or moment  # months begin at midnight in the hub's zone
    return f"{local.year:04d}-{local.month:02d}"


def quarter_key(moment: datetime) -> str:
    local = fmt.local_time(moment) or moment
    return f"{local.year:04d} Q{(local.month - 1) // 3 + 1}"


def month_label(key: str) -> str:
    year, month = key.split("-")
    return datetime(int(year), int(month), 1).strftime("%b %Y")


def months_between(first: str, last: str) -> list[str]:
    """Every month key from `first` to `last` inclusive."""
    year, month = (int(x) for x in first.split("-"))
    out = []
    while f"{year:04d}-{month:02d}" <= last:
        out.append(f"{year:04d}-{month:02d}")
        month += 1
        if month == 13:
            year, month = year + 1, 1
    return out


def period_start(period: str, now: datetime) -> datetime | None:
    """First instant of the period: the first day of the month `n - 1` months before this one."""
    months = PERIODS.get(period)
    if months is None:
        return None
    local = fmt.local_time(now) or now
    index = local.year * 12 + local.month - 1 - (months - 1)
    first = local.replace(year=index // 12, month=index % 12 + 1, day=1, hour=0, minute=0, second=0, microsecond=0)
    return first.astimezone(now.tzinfo) if now.tzinfo else first


@dataclass
class Dashboard:
    period: str
    months: list[str]
    summary: dict[str, Any]
    by_station: dict[str, Any]
    by_specialty: dict[str, Any]
    plan_quarters: list[dict[str, Any]]
    answer_months: list[dict[str, Any]]
    diagnoses: list[dict[str, Any]]
    charts: dict[str, Any] = field(default_factory=dict)


def _month_table(counts: dict[str, Counter[str]], months: list[str], names: dict[str, str]) -> dict[str, Any]:
    rows: list[dict[str, Any]] = []
    for key, per_month in counts.items():
        row_counts = [per_month.get(m, 0) for m in months]
        rows.append({"name": names.get(key, key), "counts": row_counts, "total": sum(row_counts)})
    rows.sort(key=lambda r: (-r["total"], r["name"].lower()))
    return {"months": [month_label(m) for m in months], "month_keys": months, "rows": rows}


def _diagnoses(conn: Connection, encounter_ids: list[str]) -> list[dict[str, Any]]:
    """ICD-10 codes of the referred consultations, counted once per referral, most frequent first."""
    counts: Counter[str] = Counter()
    titles: dict[str, Counter[str]] = defaultdict(Counter)
    unique = sorted(set(encounter_ids))
    for start in range(0, len(unique), 500):
        batch = unique[start:start + 500]
        payloads = conn.execute(
            select(t.records.c.payload).where(t.records.c.entity == "encounter", t.records.c.id.in_(batch))
        ).scalars()
        for raw in payloads:
            try:
                encounter = json.loads(raw)
            except ValueError:
                continue
            seen = set()
            for d in encounter.get("diagnoses") or []:
                code = str(d.get("code", "")).strip().upper() if isinstance(d, dict) else ""
                if not code or code in seen:
                    continue
                seen.add(code)
                counts[code] += 1
                if d.get("title"):
                    titles[code][str(d["title"])] += 1
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_DIAGNOSES]
    return [
        {"code": code, "title": titles[code].most_common(1)[0][0] if titles[code] else "", "count": n}
        for code, n in ranked
    ]


def build_dashboard(conn: Connection, period: str, now: datetime) -> Dashboard:
    """All dashboard tables and charts for the chosen period."""
    period = period if period in PERIODS else DEFAULT_PERIOD
    start = period_start(period, now)
    r = t.referrals
    query = select(
        r.c.station_id, r.c.specialty, r.c.encounter_id, r.c.received_at,
        r.c.first_answer_at, r.c.plan_changed,
    ).where(r.c.status != "draft")
    if start is not None:
        query = query.where(r.c.received_at >= start)
    rows = conn.execute(query).all()
    station_names = {s.id: s.name for s in conn.execute(select(t.stations.c.id, t.stations.c.name))}

    first_month = month_key(start) if start else min((month_key(x.received_at) for x in rows), default=month_key(now))
    months = months_between(first_month, month_key(now))
    per_station: dict[str, Counter[str]] = defaultdict(Counter)
    per_specialty: dict[str, Counter[str]] = defaultdict(Counter)
    specialty_names: dict[str, str] = {}
    answer_seconds: dict[str, list[float]] = defaultdict(list)
    quarters: dict[str, list[bool]] = defaultdict(list)
    for row in rows:
        month = month_key(row.received_at)
        per_station[row.station_id][month] += 1
        key = fmt.specialty_key(row.specialty)
        specialty_names.setdefault(key, fmt.specialty_label(row.specialty))
        per_specialty[key][month] += 1
        if row.first_answer_at is not None:
            answer_seconds[month].append((row.first_answer_at - row.received_at).total_seconds())
            if row.plan_changed is not None:
                quarters[quarter_key(row.received_at)].append(bool(row.plan_changed))

    all_seconds = [s for values in answer_seconds.values() for s in values]
    all_plans = [p for values in quarters.values() for p in values]
    summary = {
        "referrals": len(rows),
        "stations": len({row.station_id for row in rows}),
        "answered": len(all_seconds),
        "answered_share": len(all_seconds) / len(rows) if rows else None,
        "median_answer": statistics.median(all_seconds) if all_seconds else None,
        "plan_answered": len(all_plans),
        "plan_changed": sum(all_plans),
        "plan_changed_share": sum(all_plans) / len(all_plans) if all_plans else None,
    }
    plan_quarters = [
        {"quarter": q, "answered": len(v), "changed": sum(v), "share": sum(v) / len(v)}
        for q, v in sorted(quarters.items())
    ]
    answer_months = [
        {"month": month_label(m), "month_key": m, "answered": len(answer_seconds[m]),
         "median": statistics.median(answer_seconds[m])}
        for m in months if answer_seconds.get(m)
    ]
    encounter_ids = [row.encounter_id for row in rows if row.encounter_id]
    board = Dashboard(
        period=period,
        months=months,
        summary=summary,
        by_station=_month_table(per_station, months, station_names),
        by_specialty=_month_table(per_specialty, months, specialty_names),
        plan_quarters=plan_quarters,
        answer_months=answer_months,
        diagnoses=_diagnoses(conn, encounter_ids),
    )
    board.charts = _charts(board, per_specialty, specialty_names)
    return board


def _charts(board: Dashboard, per_specialty: dict[str, Counter[str]], names: dict[str, str]) -> dict[str, Any]:
    months = board.months
    labels = [month_label(m) for m in months]
    ranked = sorted(per_specialty, key=lambda k: -sum(per_specialty[k].values()))
    series = [(names[k], [float(per_specialty[k].get(m, 0)) for m in months]) for k in ranked[:CHART_SPECIALTIES]]
    rest = ranked[CHART_SPECIALTIES:]
    if rest:
        series.append(("Other specialties", [float(sum(per_specialty[k].get(m, 0) for k in rest)) for m in months]))
    if not series:
        series = [("Referrals", [0.0] * len(months))]
    # Hours suit most programmes; a hub that answers within two hours is better read in minutes.
    longest = max((a["median"] for a in board.answer_months), default=0.0)
    unit, per_unit = ("minutes", 60.0) if longest < 2 * 3600 else ("hours", 3600.0)
    medians = {a["month_key"]: a["median"] / per_unit for a in board.answer_months}
    return {
        "per_month": charts.bar_chart("Referrals per month, by specialty", labels, series, integer=True,
                                      width=1180, height=260),
        "plan_changed": charts.bar_chart(
            "Share of answered referrals where the management plan changed, per quarter",
            [q["quarter"] for q in board.plan_quarters],
            [("Plan changed", [q["share"] for q in board.plan_quarters])],
            value_format=lambda v: f"{v * 100:.0f}%",
            max_value=1.0,
            reference=(LITERATURE_SHARE, "About a quarter: the share reported by published programmes"),
            width=560,
        ),
        "answer_time_unit": unit,
        "answer_time": charts.bar_chart(
            f"Median {unit} to first answer, per month",
            labels,
            [(f"Median {unit}", [round(medians.get(m, 0.0), 1) for m in months])],
            value_format=lambda v: f"{v:g}",
            width=560,
        ),
        "diagnoses": charts.hbar_chart(
            "Top diagnoses in referred consultations",
            [(f"{d['code']} {d['title']}".strip(), float(d["count"])) for d in board.diagnoses],
            width=560, label_width=250,
        ),
    }


CSV_TABLES = ("referrals-by-station", "referrals-by-specialty", "plan-changed", "answer-time", "diagnoses")


def csv_rows(board: Dashboard, name: str) -> list[list[Any]]:
    """One dashboard table as rows for CSV (a header row first); KeyError for an unknown name."""
    if name in ("referrals-by-station", "referrals-by-specialty"):
        table = board.by_station if name == "referrals-by-station" else board.by_specialty
        first = "station" if name == "referrals-by-station" else "specialty"
        out: list[list[Any]] = [[first, *table["month_keys"], "total"]]
        out += [[row["name"], *row["counts"], row["total"]] for row in table["rows"]]
        return out
    if name == "plan-changed":
        return [["quarter", "answered", "plan_changed", "share"]] + [
            [q["quarter"], q["answered"], q["changed"], f"{q['share']:.4f}"] for q in board.plan_quarters
        ]
    if name == "answer-time":
        return [["month", "answered", "median_hours_to_first_answer"]] + [
            [a["month_key"], a["answered"], f"{a['median'] / 3600:.2f}"] for a in board.answer_months
        ]
    if name == "diagnoses":
        return [["icd10_code", "title", "referrals"]] + [[d["code"], d["title"], d["count"]] for d in board.diagnoses]
    raise KeyError(name)


# Characters that make a spreadsheet read a cell as a formula, or that it skips before doing so
# (leading blanks and line breaks), including the full-width forms an Urdu keyboard can type.
FORMULA_START = frozenset("=+-@ \t\r\n\u3000＝＋－＠")


def _safe_cell(value: Any) -> Any:
    # Such a cell would run as a formula in a spreadsheet: a leading apostrophe makes it plain text.
    if isinstance(value, str) and value[:1] in FORMULA_START:
        return "'" + value
    return value


def to_csv(rows: list[list[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow([_safe_cell(cell) for cell in row])
    return buffer.getvalue()
