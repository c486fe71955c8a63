"""Programme coordinators see referrals per month, answer times and how often advice changed the plan."""

from __future__ import annotations

import csv
import io
import statistics
import tempfile
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, update

from hub import tables as t
from hub.app import create_app
from hub.console import dashboard
from hub.console.formatting import format_duration_short
from hub.settings import Settings
from tests.integration.console_seed import ConsoleUser, add_case, add_specialist, add_station

# (made at the station, station, specialty, ICD-10 codes, hours from arrival to first answer or None,
#  did the advice change the plan)
CASES = [
    (datetime(2025, 1, 10, 9, tzinfo=UTC), "bhu-jhok", "internal_medicine", ["J18.9"], 2.0, True),
    (datetime(2025, 1, 20, 9, tzinfo=UTC), "bhu-jhok", "paediatrics", ["A09"], 4.0, False),
    (datetime(2025, 2, 5, 9, tzinfo=UTC), "rhc-mirpur", "internal_medicine", ["J18.9"], 1.0, False),
    (datetime(2025, 3, 15, 9, tzinfo=UTC), "rhc-mirpur", "internal_medicine", ["I10"], 10.0, False),
    (datetime(2025, 4, 2, 9, tzinfo=UTC), "bhu-jhok", "obstetrics", ["O14.9"], 3.0, True),
    (datetime(2025, 5, 11, 9, tzinfo=UTC), "rhc-mirpur", "paediatrics", ["J18.9", "A09"], 6.0, True),
    (datetime(2025, 6, 30, 9, tzinfo=UTC), "bhu-jhok", "internal_medicine", ["E11.9"], None, None),
]
TITLES = {"J18.9": "Pneumonia, unspecified organism", "A09": "Gastroenteritis", "I10": "Essential hypertension",
          "O14.9": "Pre-eclampsia", "E11.9": "Type 2 diabetes mellitus"}
ARRIVAL_DELAY = timedelta(minutes=5)


def mark_answered(engine: Engine, referral_id: str, at: datetime, plan_changed: bool) -> None:
    """What publishing advice does to the referral row, at a chosen time."""
    with engine.begin() as conn:
        conn.execute(update(t.referrals).where(t.referrals.c.id == referral_id).values(
            status="answered", opened_at=at, first_answer_at=at, plan_changed=plan_changed))


def seed(engine: Engine, cases: list[tuple]) -> None:
    for made, station, specialty, codes, hours, changed in cases:
        case = add_case(engine, station, specialty=specialty, created_at=made, received_at=made + ARRIVAL_DELAY,
                        diagnoses=[(c, TITLES[c]) for c in codes], status="sent")
        if hours is not None:
            mark_answered(engine, case.referral_id, made + ARRIVAL_DELAY + timedelta(hours=hours), changed)


def quarter(moment: datetime) -> str:
    return f"{moment.year} Q{(moment.month - 1) // 3 + 1}"


@pytest.fixture
def app(hub_db_url: str) -> Iterator[FastAPI]:
    app = create_app(Settings(db_url=hub_db_url))
    engine = app.state.engine
    add_station(engine, "bhu-jhok", "BHU Jhok Sharif")
    add_station(engine, "rhc-mirpur", "RHC Mirpur Sakro")
    add_specialist(engine, "coordinator", "Farah Qureshi", "", role="coordinator")
    add_specialist(engine, "dr.khan", "Dr Sana Khan", "internal_medicine")
    seed(engine, CASES)
    yield app
    engine.dispose()


@pytest.fixture
def user(app: FastAPI) -> ConsoleUser:
    user = ConsoleUser(TestClient(app, base_url="https://testserver", follow_redirects=False))
    assert user.login("coordinator").status_code == 303
    return user


def download(user: ConsoleUser, name: str, period: str = "all") -> list[list[str]]:
    response = user.http.get(f"/dashboard/{name}.csv?period={period}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    return list(csv.reader(io.StringIO(response.text.lstrip("\ufeff"))))


def test_the_headline_figures_match_the_referrals(user: ConsoleUser) -> None:
    answered = [c for c in CASES if c[4] is not None]
    median_seconds = statistics.median(c[4] * 3600 for c in answered)
    share = sum(c[5] for c in answered) / len(answered)
    page = user.http.get("/dashboard?period=all").text
    assert f'id="stat-referrals">{len(CASES)}<' in page
    assert f'id="stat-answered">{len(answered)}<' in page
    assert f'id="stat-median">{format_duration_short(median_seconds)}<' in page
    assert f'id="stat-plan-changed">{share * 100:.0f}%<' in page
    # Checked by hand too: answers after 1, 2, 3, 4, 6, 10 hours; 3 of 6 changed the plan.
    assert 'id="stat-median">3 h 30 min<' in page
    assert 'id="stat-plan-changed">50%<' in page


def test_the_plan_changed_share_per_quarter(user: ConsoleUser) -> None:
    per_quarter: dict[str, list[bool]] = {}
    for made, *_rest, hours, changed in CASES:
        if hours is not None:
            per_quarter.setdefault(quarter(made), []).append(changed)
    expected = [["quarter", "answered", "plan_changed", "share"]] + [
        [q, str(len(v)), str(sum(v)), f"{sum(v) / len(v):.4f}"] for q, v in sorted(per_quarter.items())
    ]
    assert download(user, "plan-changed") == expected
    assert expected[1:] == [["2025 Q1", "4", "1", "0.2500"], ["2025 Q2", "2", "2", "1.0000"]]
    page = user.http.get("/dashboard?period=all").text
    assert "<td><strong>25%</strong></td>" in page
    assert "<td><strong>100%</strong></td>" in page


def test_referrals_per_station_and_specialty_per_month(user: ConsoleUser) -> None:
    for name, column in (("referrals-by-station", 1), ("referrals-by-specialty", 2)):
        rows = download(user, name)
        header, body = rows[0], rows[1:]
        months = header[1:-1]
        assert months[0] == "2025-01"
        expected = Counter((c[column], f"{c[0]:%Y-%m}") for c in CASES)
        names = {"bhu-jhok": "BHU Jhok Sharif", "rhc-mirpur": "RHC Mirpur Sakro", "internal_medicine":
                 "Internal medicine", "paediatrics": "Paediatrics", "obstetrics": "Obstetrics"}
        for key in {c[column] for c in CASES}:
            row = next(r for r in body if r[0] == names[key])
            assert [int(n) for n in row[1:-1]] == [expected[(key, m)] for m in months]
            assert int(row[-1]) == sum(v for (k, _), v in expected.items() if k == key)


def test_median_time_to_first_answer_per_month(user: ConsoleUser) -> None:
    hours_by_month: dict[str, list[float]] = {}
    for made, *_rest, hours, _changed in CASES:
        if hours is not None:
            hours_by_month.setdefault(f"{made:%Y-%m}", []).append(hours)
    expected = [[m, str(len(v)), f"{statistics.median(v):.2f}"] for m, v in sorted(hours_by_month.items())]
    assert download(user, "answer-time")[1:] == expected


def test_top_diagnoses_count_each_referral_once_per_code(user: ConsoleUser) -> None:
    counts = Counter(code for c in CASES for code in set(c[3]))
    rows = download(user, "diagnoses")[1:]
    assert [(r[0], int(r[2])) for r in rows] == sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    assert rows[0] == ["J18.9", TITLES["J18.9"], "3"]


def test_the_period_leaves_out_older_referrals(app: FastAPI, user: ConsoleUser) -> None:
    recent = datetime.now(UTC) - timedelta(days=3)
    seed(app.state.engine, [(recent, "bhu-jhok", "internal_medicine", ["J18.9"], 1.5, True)])
    page = user.http.get("/dashboard?period=3m").text
    assert 'id="stat-referrals">1<' in page
    assert 'id="stat-plan-changed">100%<' in page
    assert 'id="stat-referrals">8<' in user.http.get("/dashboard?period=all").text


def test_the_charts_are_drawn_on_the_server(user: ConsoleUser) -> None:
    page = user.http.get("/dashboard?period=all").text
    assert page.count('<svg class="chart"') == 4
    assert "Referrals per month, by specialty" in page


@pytest.mark.parametrize("name", ["secrets", "..%2Fetc%2Fpasswd", "plan-changed.txt"])
def test_only_the_dashboard_tables_can_be_downloaded(user: ConsoleUser, name: str) -> None:
    assert user.http.get(f"/dashboard/{name}.csv").status_code == 404


@pytest.mark.parametrize("name", [
    '=HYPERLINK("http://evil.example","x")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)",
    ' =HYPERLINK("http://evil.example")', "\n=1+1", "\t=1+1", "\r=1+1",
    "＝HYPERLINK(\"http://evil.example\")", "＋1", "－1", "＠SUM(A1)", "\u3000=1",
], ids=["equals", "plus", "minus", "at", "space", "newline", "tab", "return", "full-width equals",
        "full-width plus", "full-width minus", "full-width at", "ideographic space"])
def test_a_spreadsheet_formula_in_a_name_is_exported_as_text(app: FastAPI, user: ConsoleUser, name: str) -> None:
    add_station(app.state.engine, "evil", name)
    add_case(app.state.engine, "evil", created_at=datetime(2025, 2, 1, tzinfo=UTC))
    names = [row[0] for row in download(user, "referrals-by-station")]
    assert "'" + name in names
    assert name not in names


def test_the_dashboard_and_its_downloads_are_for_coordinators(app: FastAPI) -> None:
    specialist = ConsoleUser(TestClient(app, base_url="https://testserver", follow_redirects=False))
    assert specialist.login("dr.khan").status_code == 303
    for path in ("/dashboard", "/dashboard/plan-changed.csv", "/audit"):
        refused = specialist.http.get(path)
        assert refused.status_code == 403
        assert "for programme coordinators" in refused.text
    assert 'href="/dashboard"' not in specialist.http.get("/inbox").text


def test_each_download_is_kept_in_the_audit(app: FastAPI, user: ConsoleUser) -> None:
    download(user, "diagnoses", "3m")
    page = user.http.get("/audit?action=csv_download").text
    assert "Downloaded a dashboard table" in page and "diagnoses" in page and "coordinator" in page


def test_csv_downloads_need_a_session(app: FastAPI) -> None:
    stranger = TestClient(app, base_url="https://testserver", follow_redirects=False)
    assert stranger.get("/dashboard/plan-changed.csv").status_code == 303


answers = st.lists(
    st.tuples(st.floats(min_value=0.05, max_value=300, allow_nan=False), st.booleans()), min_size=1, max_size=12
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answers)
def test_any_set_of_answers_gives_the_true_median_and_share(answered: list[tuple[float, bool]]) -> None:
    now = datetime.now(UTC)
    made = now - timedelta(days=20)
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(Settings(db_url=f"sqlite:///{Path(folder) / 'hub.sqlite3'}"))
        try:
            engine = app.state.engine
            add_station(engine, "bhu-jhok", "BHU Jhok Sharif")
            seed(engine, [(made, "bhu-jhok", "paediatrics", ["A09"], hours, changed) for hours, changed in answered])
            with engine.connect() as conn:
                board = dashboard.build_dashboard(conn, "3m", now)
        finally:
            engine.dispose()
    assert board.summary["median_answer"] == pytest.approx(statistics.median(h * 3600 for h, _ in answered))
    assert board.summary["plan_changed_share"] == pytest.approx(sum(c for _, c in answered) / len(answered))
    assert sum(q["answered"] for q in board.plan_quarters) == len(answered)
