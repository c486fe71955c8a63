"""The programme dashboard and its CSV downloads."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from hub import audit
from hub.calls import stats as call_stats
from hub.console import dashboard, guard, response_times
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
    return render(request, "dashboard.html", {
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
