"""The patient chart: demographics, a timeline of consultations and referrals, vitals trend charts."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt

from station import calls
from station.clinical.vitals import to_observations
from station.records import VitalsSet
from tests.ui.clinic_support import (
    ASLAM,
    advice_arrives,
    consulted,
    patient_consents,
    referred,
    register,
    run,
    seen,
    settle,
    signed_in_worker,
)
from tests.ui.conftest import shot, sign_in, type_text, wait_idle
from ui.patients.chart import PatientChartPage
from ui.patients.trend import TrendChart, nice_step, trends


@pytest.fixture
def ops(qtbot, station_dir: Path):
    with signed_in_worker(qtbot, station_dir) as worker:
        yield worker


@pytest.fixture
def page(qtbot, ops) -> PatientChartPage:
    widget = PatientChartPage(ops)
    qtbot.addWidget(widget)
    widget.resize(1100, 720)
    widget.show()
    return widget


def three_visits(store):
    patient = register(store, ASLAM)
    for n, (systolic, temperature) in enumerate(((150, 38.9), (140, 38.0), (132, 37.2))):
        encounter = consulted(store, patient, {"systolic_bp": systolic, "diastolic_bp": 90 - n * 3,
                                               "temperature": temperature, "weight": 70 - n * 0.5})
        when = f"2026-0{n + 1}-10T08:00:00.000Z"
        store.db["vitals_sets"].update(store.find(VitalsSet, "encounter_id = ?", [encounter.id])[0].id,
                                       {"taken_at": when})
        store.db["encounters"].update(encounter.id, {"started_at": when})
    return patient, encounter


def test_the_chart_shows_who_the_patient_is(qtbot, ops, page, artifacts):
    patient = run(qtbot, ops, lambda s: register(s, ASLAM))
    page.open_with(patient.id)
    settle(qtbot, ops)
    assert page.name.text() == "Muhammad Aslam"
    assert page.name_ur.text() == "محمد اسلم"
    for fact in ("MRN 000001", "about 54 years", "Ghulam Rasool", "Jhok Sharif", "41304-1234567-1", "03001234567"):
        assert fact in seen(page.facts.text())
    assert page.timeline_empty.isVisibleTo(page)
    assert page.charts_empty.isVisibleTo(page)


def test_opening_a_chart_is_recorded_in_the_audit_log_once(qtbot, ops, page):
    patient = run(qtbot, ops, lambda s: register(s, ASLAM))
    page.open_with(patient.id)
    settle(qtbot, ops)
    run(qtbot, ops, lambda s: consulted(s, patient))  # a change refreshes the chart without re-auditing
    settle(qtbot, ops)
    opened = run(qtbot, ops, lambda s: s.conn.execute(
        "SELECT count(*) FROM audit WHERE action = 'chart.open' AND record_id = ?", (patient.id,)).fetchone()[0])
    assert opened == 1


def test_the_timeline_lists_consultations_and_referrals_newest_first(qtbot, ops, page, artifacts):
    patient, last = run(qtbot, ops, three_visits)
    run(qtbot, ops, lambda s: referred(s, patient, last))
    page.open_with(patient.id)
    settle(qtbot, ops)
    texts = [page.timeline.item(i).text() for i in range(page.timeline.count())]
    assert len(texts) == 4
    assert "Referral to pulmonology" in texts[0] and "Waiting to be sent" in texts[0]
    assert all("Consultation (signed)" in t for t in texts[1:])
    assert "Complaint: Cough and fever for 5 days" in texts[1]
    shot(page, artifacts, "patients_chart_en")


def test_activating_a_timeline_entry_opens_it(qtbot, ops, page):
    patient, last = run(qtbot, ops, three_visits)
    referral = run(qtbot, ops, lambda s: referred(s, patient, last))
    page.open_with(patient.id)
    settle(qtbot, ops)
    page.timeline.setFocus()
    page.timeline.setCurrentRow(0)
    with qtbot.waitSignal(page.navigate) as opened:
        qtbot.keyClick(page.timeline, Qt.Key.Key_Return)
    assert opened.args == ["referral", (referral.id,)]
    page.timeline.setCurrentRow(1)
    with qtbot.waitSignal(page.navigate) as opened:
        qtbot.keyClick(page.timeline, Qt.Key.Key_Return)
    assert opened.args == ["consultation", (patient.id, last.id)]


def test_video_consults_are_in_the_timeline_and_lead_to_their_referral(qtbot, ops, page):
    patient, last = run(qtbot, ops, three_visits)
    referral = run(qtbot, ops, lambda s: referred(s, patient, last))
    page.open_with(patient.id)
    settle(qtbot, ops)
    now = datetime.now(UTC)

    def stamp(seconds: int) -> str:
        return (now + timedelta(seconds=seconds)).isoformat(timespec="milliseconds").replace("+00:00", "Z")

    # A call that connected and one nobody answered; the open chart refreshes as each is saved.
    run(qtbot, ops, lambda s: calls.record(s, {
        "referral_id": referral.id, "started_at": stamp(60), "connected_at": stamp(70), "ended_at": stamp(322),
        "duration_seconds": 252, "ended_by": "specialist", "outcome": "completed", "audio_only": True,
        "quality": "audio_only"}))
    run(qtbot, ops, lambda s: calls.record(s, {
        "referral_id": referral.id, "started_at": stamp(600), "ended_at": stamp(660), "outcome": "missed"}))
    qtbot.waitUntil(lambda: page.timeline.count() == 6, timeout=5000)
    texts = [page.timeline.item(i).text() for i in range(page.timeline.count())]
    assert "Video consult with the specialist (pulmonology" in texts[0] and "nobody answered" in texts[0]
    assert "4 min 12 s · voice only" in texts[1] and "The specialist ended the call." in texts[1]
    assert "Referral to pulmonology" in texts[2]
    page.timeline.setCurrentRow(1)
    with qtbot.waitSignal(page.navigate) as opened:
        qtbot.keyClick(page.timeline, Qt.Key.Key_Return)
    assert opened.args == ["referral", (referral.id,)]


def test_unread_advice_is_pointed_out_in_the_timeline(qtbot, ops, page):
    patient, last = run(qtbot, ops, three_visits)
    referral = run(qtbot, ops, lambda s: referred(s, patient, last))
    page.open_with(patient.id)
    settle(qtbot, ops)
    run(qtbot, ops, lambda s: advice_arrives(s, referral))
    qtbot.waitUntil(lambda: "Advice has arrived" in page.timeline.item(0).text(), timeout=5000)


def test_vitals_trends_are_drawn_for_what_was_measured(qtbot, ops, page):
    patient, _ = run(qtbot, ops, three_visits)
    page.open_with(patient.id)
    settle(qtbot, ops)
    charts = {c.trend.key: c for c in page.findChildren(TrendChart)}
    assert set(charts) == {"blood_pressure", "temperature", "weight"}
    systolic = charts["blood_pressure"].trend.series[0]
    assert [v for _, v in systolic.points] == [150, 140, 132]  # oldest first, as time runs
    image = charts["temperature"].grab().toImage()
    ink = sum(1 for x in range(0, image.width(), 3) for y in range(0, image.height(), 3)
              if image.pixelColor(x, y).name() not in ("#ffffff",))
    assert ink > 50  # something was drawn, not an empty box


def test_new_consultation_and_refer_buttons_ask_for_their_pages(qtbot, ops, page):
    patient = run(qtbot, ops, lambda s: register(s, ASLAM))
    page.open_with(patient.id)
    settle(qtbot, ops)
    with qtbot.waitSignal(page.navigate) as asked:
        qtbot.mouseClick(page.consult_button, Qt.MouseButton.LeftButton)
    assert asked.args == ["consultation", (patient.id, None)]
    with qtbot.waitSignal(page.navigate) as asked:
        qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)
    assert asked.args == ["register", ("", patient.id)]


def _vitals_set(n: int, when: datetime, values: dict[str, float], supersedes: str | None = None) -> VitalsSet:
    return VitalsSet(id=f"v{n}", taken_at=when.isoformat().replace("+00:00", "Z"),
                     observations=to_observations(values), supersedes=supersedes)


readings = st.fixed_dictionaries({}, optional={
    "systolic_bp": st.integers(60, 250), "heart_rate": st.integers(30, 220), "spo2": st.integers(60, 100),
    "temperature": st.floats(30, 43).map(lambda t: round(t, 1)), "weight": st.floats(1, 150).map(lambda w: round(w, 2))})


@settings(max_examples=80, deadline=None)
@given(st.lists(readings, max_size=12), st.randoms())
def test_trends_hold_every_taken_value_in_time_order_and_leave_out_corrected_sets(sets, rnd):
    start = datetime(2026, 1, 1, tzinfo=UTC)
    vitals = [_vitals_set(n, start + timedelta(days=n), values) for n, values in enumerate(sets)]
    corrected = {v.id for v in vitals if rnd.random() < 0.3}
    vitals += [_vitals_set(100 + n, start + timedelta(days=n, hours=1), {"heart_rate": 77}, supersedes=v.id)
               for n, v in enumerate(vitals) if v.id in corrected]
    rnd.shuffle(vitals)
    charts = {t.key: t for t in trends(vitals)}
    kept = [v for v in vitals if v.id not in corrected]
    expected_hr = sorted((v.taken_at, o["value"]) for v in kept for o in v.observations if o["code"] == "8867-4")
    drawn_hr = [(when.isoformat().replace("+00:00", "Z"), value)
                for when, value in (charts["heart_rate"].series[0].points if "heart_rate" in charts else [])]
    assert drawn_hr == expected_hr
    for trend in charts.values():
        for series in trend.series:
            times = [when for when, _ in series.points]
            assert times == sorted(times)


@given(st.floats(1e-6, 1e6))
def test_axis_steps_are_round_numbers_at_least_as_large_as_asked(raw):
    step = nice_step(raw)
    assert step >= raw
    mantissa = step / 10 ** math.floor(math.log10(step) + 1e-9)
    assert round(mantissa, 6) in (1, 2, 5, 10)


def test_the_pages_plug_into_the_app_and_lead_from_search_to_chart(qtbot, make_app, artifacts):
    app = make_app("en")
    sign_in(qtbot, app)
    window = app.window
    run(qtbot, app.ops, lambda s: register(s, ASLAM))
    for key in ("patients", "register", "chart", "consultation", "refer", "referral", "referrals"):
        assert key in window.pages, key
    # Signing in builds none of them: each is built the first time it is needed.
    assert not window.pages["consultation"].built
    search = window.show_page("patients")
    wait_idle(qtbot, app)
    search.search("aslam")
    wait_idle(qtbot, app)
    qtbot.keyClick(search.query, Qt.Key.Key_Return)
    wait_idle(qtbot, app)
    assert window.current_page() == "chart"
    chart = window.pages["chart"]
    assert chart.name.text() == "Muhammad Aslam"
    qtbot.mouseClick(chart.consult_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, app)
    assert window.current_page() == "consultation"
    consultation = window.pages["consultation"]
    assert consultation.built
    assert "Muhammad Aslam" in consultation.who.text()
    type_text(consultation.notes["complaint"], "Cough for two weeks")
    type_text(consultation.notes["assessment"], "Possible tuberculosis")
    qtbot.mouseClick(consultation.refer_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, app)
    assert window.current_page() == "refer"
    form = window.pages["refer"]
    form.specialty.setCurrentIndex(form.specialty.findData("pulmonology"))
    form.urgency_buttons["soon"].setChecked(True)
    type_text(form.question, "Sputum not available here: start treatment or refer for testing?")
    patient_consents(form)
    qtbot.mouseClick(form.send_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, app)
    assert window.current_page() == "referral"
    assert window.pages["referral"].steps.current == "queued"


def test_the_record_is_exported_from_the_chart_as_a_valid_fhir_bundle(qtbot, ops, page, tmp_path, monkeypatch):
    import json

    from fhir.resources.R4B.bundle import Bundle
    from PySide6.QtWidgets import QFileDialog

    patient, _encounter = run(qtbot, ops, three_visits)
    page.open_with(patient.id)
    settle(qtbot, ops)
    target = tmp_path / "aslam.fhir.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    with qtbot.waitSignal(page.export_done, timeout=10_000):
        qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    bundle = Bundle.model_validate(json.loads(target.read_text("utf-8")))
    kinds = {e.resource.__resource_type__ for e in bundle.entry}
    assert {"Patient", "Encounter", "Observation"} <= kinds
    assert "FHIR resources" in page.export_note.text() and page.export_note.isVisibleTo(page)
    audited = run(qtbot, ops, lambda s: s.conn.execute(
        "SELECT count(*) FROM audit WHERE action = 'patient.export' AND record_id = ?", (patient.id,)).fetchone()[0])
    assert audited == 1


def test_the_chart_says_wife_of_and_gives_a_small_childs_months(qtbot, ops, page):
    from datetime import date

    wife = run(qtbot, ops, lambda s: register(s, {**ASLAM, "name": "Nasreen Bibi", "name_ur": "", "sex": "female",
                                                  "father_name": "Muhammad Aslam", "relation": "husband",
                                                  "cnic": "", "phone": ""}))
    page.open_with(wife.id)
    settle(qtbot, ops)
    assert "wife of \u2068Muhammad Aslam\u2069" in page.facts.text()
    assert "child of" not in page.facts.text()
    today = date.today()
    born = date(today.year - 3, 1, 1) if today.month > 6 else date(today.year - 3, 7, 1)
    child = run(qtbot, ops, lambda s: register(s, {**ASLAM, "name": "Bilal", "name_ur": "", "relation": "father",
                                                   "estimated_age_years": "", "date_of_birth": born.isoformat(),
                                                   "cnic": "", "phone": ""}))
    page.open_with(child.id)
    settle(qtbot, ops)
    assert "son of \u2068Ghulam Rasool\u2069" in page.facts.text()
    years = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    months = (today.year - born.year) * 12 + today.month - born.month - (today.day < born.day) - 12 * years
    expected = f"{years} years {months} months" if months > 1 else f"{years} years 1 month" if months else \
        f"{years} years"
    assert expected in page.facts.text()


def test_demo_data_gives_trend_charts_that_span_months(qtbot, ops, page):
    from collections import Counter

    from station import demo

    run(qtbot, ops, lambda s: demo.fill(s, 6, 60, seed=11))
    counts = run(qtbot, ops, lambda s: Counter(v.patient_id for v in s.find(VitalsSet)))
    patient_id, n = counts.most_common(1)[0]
    assert n >= 4
    page.open_with(patient_id)
    settle(qtbot, ops)
    taken = sorted(datetime.fromisoformat(v.taken_at.replace("Z", "+00:00")) for v in page.data.vitals)
    assert taken[-1] - taken[0] > timedelta(days=60)
    charts = page.findChildren(TrendChart)
    assert charts
    span = [max(p[0] for s in c.trend.series for p in s.points) - min(p[0] for s in c.trend.series for p in s.points)
            for c in charts if c.trend.count > 1]
    assert span and max(span) > timedelta(days=60)
    assert "Thatta" in page.facts.text() or any(d in page.facts.text() for d in ("Badin", "Tharparkar"))
