"""The programme dashboard and its CSV downloads."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from hub import audit
from hub.calls import stats as call_stats
from hub.console import dashboard, guard, programme, response_times
from hub.console.web import ConsolePageError, ConsoleRoute, render

router = APIRouter(route_class=ConsoleRoute)


@router.get("/dashboard")
def dashboard_page(request: Request, period: str = dashboard.DEFAULT_PERIOD) -> Response:
    guard.require_coordinator(request)
    with guard.engine(request).connect() as conn:
        board = dashboard.build_dashboard(conn, period, guard.now())
        consults = call_stats.video_consults(conn, dashboard.period_start(board.period, guard.now()))
        responses = response_times.response_context(conn, dashboard.period_start(board.period, guard.now()),
                                                    guard.now(), request.app.state.settings.response_targets)
        conference_figure = programme.figure(conn, dashboard.period_start(board.period, guard.now()))
    return render(request, "dashboard.html", {
        "programme": conference_figure,
        "video_consults": consults,
        **responses,
        "nav": "dashboard",
        "period": board.period,
        "period_text": dashboard.PERIOD_LABELS[board.period],
        "period_options": list(dashboard.PERIOD_LABELS.items()),
        "summary": board.summary,
        "by_station": board.by_station,
        "by_specialty": board.by_specialty,
        "plan_quarters": board.plan_quarters,
        "answer_months": board.answer_months,
        "diagnoses": board.diagnoses,
        "charts": board.charts,
    })


@router.get("/dashboard/{name}.csv")
def dashboard_csv(request: Request, name: str, period: str = dashboard.DEFAULT_PERIOD) -> Response:
    session = guard.require_coordinator(request)
    if name not in dashboard.CSV_TABLES:
        raise ConsolePageError(404, "There is no such table to download.")
    with guard.engine(request).begin() as conn:
        board = dashboard.build_dashboard(conn, period, guard.now())
        audit.record(conn, session.specialist.username, "csv_download", target=name, detail=board.period,
                     address=guard.address(request))
    body = dashboard.to_csv(dashboard.csv_rows(board, name))
    filename = f"telehub-{name}-{board.period}-{guard.now():%Y%m%d}.csv"
    return Response(
        # A byte-order mark lets spreadsheet programs read Urdu names correctly.
        "\ufeff" + body,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.get("/dashboard/programme/conferences.csv")
def conference_csv(request: Request, period: str = dashboard.DEFAULT_PERIOD) -> Response:
    """The case-conference figure (per series and quarter) as CSV."""
    session = guard.require_coordinator(request)
    chosen = period if period in dashboard.PERIODS else dashboard.DEFAULT_PERIOD
    with guard.engine(request).begin() as conn:
        board = programme.figure(conn, dashboard.period_start(chosen, guard.now()))
        audit.record(conn, session.specialist.username, "csv_download", target="conferences", detail=chosen,
                     address=guard.address(request))
    return Response("\ufeff" + dashboard.to_csv(programme.csv_rows(board)), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition":
                             f'attachment; filename="telehub-conferences-{chosen}-{guard.now():%Y%m%d}.csv"'})
