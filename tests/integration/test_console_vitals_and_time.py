"""The referral page headlines the vitals the health worker referred on, and every console page
writes its times in the hub's one time zone (Asia/Karachi unless `--timezone` says otherwise)."""

from __future__ import annotations

import html
import io
import re
from contextlib import redirect_stderr
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from hub import tables as t
from hub.app import create_app
from hub.cli import main as telehub
from hub.settings import Settings
from sync.wire.ids import utc_iso, uuid7
from tests.integration.console_seed import (
    ConsoleUser,
    add_case,
    add_coordinator,
    add_specialist,
    add_station,
    form_fields,
)
from tests.support.server import RunningHub
from tests.support.station_client import StationClient

NOW = datetime.now(UTC).replace(microsecond=0)
# A time as the console writes it: '7 Dec 2026, 20:46 PKT' -> the zone's name.
SHOWN_TIME = re.compile(r"\b\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2} ([A-Z][A-Za-z]*(?:[+-]\d{2}(?::\d{2})?)?)")


def spo2(value: float) -> list[dict]:
    return [{"code": "2708-6", "name": "Oxygen saturation", "value": value, "unit": "%"},
            {"code": "8867-4", "name": "Heart rate", "value": 120.0 if value < 90 else 88.0, "unit": "/min"}]


def test_the_vitals_of_the_referred_consultation_are_headlined_not_the_newest(
    hub: RunningHub, station: StationClient
) -> None:
    add_specialist(hub.engine, "dr.khan", "Dr Sana Khan", "Internal medicine")
    doctor = ConsoleUser(httpx.Client(base_url=hub.base_url, follow_redirects=False, timeout=30))
    assert doctor.login("dr.khan").status_code == 303
    patient = station.patient()
    earlier_visit = station.encounter(patient["id"], started_at=utc_iso(NOW - timedelta(days=20)))
    referred_visit = station.encounter(patient["id"], started_at=utc_iso(NOW - timedelta(days=2)))
    later_visit = station.encounter(patient["id"], started_at=utc_iso(NOW - timedelta(hours=3)))
    at_referral = NOW - timedelta(days=2, minutes=-10)
    sets = [
        station.vitals_set(patient["id"], earlier_visit["id"], taken_at=utc_iso(NOW - timedelta(days=20)),
                           observations=spo2(95.0)),
        station.vitals_set(patient["id"], referred_visit["id"], taken_at=utc_iso(at_referral), observations=spo2(82.0)),
        station.vitals_set(patient["id"], later_visit["id"], taken_at=utc_iso(NOW - timedelta(hours=3)),
                           observations=spo2(98.0)),
    ]
    referral = station.referral(patient["id"], referred_visit["id"], created_at=utc_iso(NOW - timedelta(days=2)),
                                question="SpO2 82% on air and breathless: admit to the DHQ or treat here?")
    records = [("patient", patient), *[("encounter", e) for e in (earlier_visit, referred_visit, later_visit)],
               *[("vitals_set", s) for s in sets], ("referral", referral)]
    assert station.push([station.change(kind, data) for kind, data in records]).status_code == 200

    page = html.unescape(doctor.open_referral(referral["id"]).text)
    card = page[page.index('id="vitals"'):page.index("</section>", page.index('id="vitals"'))]
    row = card[card.index("SpO₂"):]
    row = row[:row.index("</tr>")]
    assert re.search(r'<strong class="vital-value">82</strong> %<span class="subline tag-at">at referral', row), row
    assert "Newer: <strong>98</strong> %" in row
    assert "Older: 1 reading, 95 %" in row
    local = at_referral.astimezone(__import__("zoneinfo").ZoneInfo("Asia/Karachi"))
    assert f"taken {local.day} {local:%b %Y, %H:%M} PKT" in card
    # The vitals come right after the question, before the consultation and the advice form.
    assert page.index('id="question"') < page.index('id="vitals"') < page.index('id="advice-form"')


@pytest.fixture(params=["Asia/Karachi", "UTC"])
def zoned(request: pytest.FixtureRequest, tmp_path) -> tuple[TestClient, str]:
    app = create_app(Settings(db_url=f"sqlite:///{tmp_path / 'hub.sqlite3'}", timezone=request.param))
    add_station(app.state.engine, "bhu-jhok", "BHU Jhok Sharif")
    add_specialist(app.state.engine, "dr.khan", "Dr Sana Khan", "internal_medicine")
    add_coordinator(app.state.engine)
    return app, request.param


def test_every_page_writes_its_times_in_the_hubs_zone_including_the_call_proposal_form(zoned) -> None:
    app, zone = zoned
    name = {"Asia/Karachi": "PKT", "UTC": "UTC"}[zone]
    case = add_case(app.state.engine, "bhu-jhok", vitals=[(NOW - timedelta(hours=4), {"2708-6": 91.0})])
    doctor = ConsoleUser(TestClient(app, base_url="https://testserver", follow_redirects=False))
    assert doctor.login("dr.khan").status_code == 303
    action = f"/referrals/{case.referral_id}/call-proposals"
    day = (NOW + timedelta(days=3)).date().isoformat()
    form = form_fields(doctor.open_referral(case.referral_id).text, action)
    assert form["zone"] == zone
    assert doctor.http.post(action, data={**form, "date": day, "time": "10:30"}).status_code == 303
    with app.state.engine.connect() as conn:
        proposed = conn.execute(select(t.call_proposals.c.proposed_for)).scalar_one()
    expected_utc = "05:30" if zone == "Asia/Karachi" else "10:30"
    assert f"{proposed:%H:%M}" == expected_utc

    referral_page = html.unescape(doctor.open_referral(case.referral_id).text)
    assert f"10:30 {name}</strong>" in referral_page  # the proposal, in the zone it was entered in
    assert "Date and time in " + ("PKT (Asia/Karachi, UTC+05)" if name == "PKT" else "UTC") in referral_page
    assert 'name="zone"' in referral_page and "<select" not in referral_page[referral_page.index('id="proposal-form"'):]
    coordinator = ConsoleUser(TestClient(app, base_url="https://testserver", follow_redirects=False))
    assert coordinator.login("huma").status_code == 303
    pages = {"inbox": doctor.http.get("/inbox?status=all").text, "referral": referral_page,
             "audit": coordinator.http.get("/audit").text, "dashboard": coordinator.http.get("/dashboard").text}
    for label, text in pages.items():
        zones = set(SHOWN_TIME.findall(html.unescape(text)))
        assert zones <= {name}, (label, zones)
    assert set(SHOWN_TIME.findall(referral_page)) == {name}
    assert set(re.findall(r"\d{2}:\d{2}:\d{2} (\S+)</span>", pages["audit"])) == {name}  # the sign-ins


def test_a_proposal_form_from_before_the_one_zone_still_means_pakistan_time(zoned) -> None:
    app, _ = zoned
    case = add_case(app.state.engine, "bhu-jhok")
    doctor = ConsoleUser(TestClient(app, base_url="https://testserver", follow_redirects=False))
    assert doctor.login("dr.khan").status_code == 303
    action = f"/referrals/{case.referral_id}/call-proposals"
    form = form_fields(doctor.open_referral(case.referral_id).text, action)
    day = (NOW + timedelta(days=3)).date().isoformat()
    assert doctor.http.post(action, data={**form, "zone": "PKT", "date": day, "time": "10:30"}).status_code == 303
    refused = doctor.http.post(action, data={**form, "proposal_id": uuid7(), "zone": "Mars/Olympus",
                                             "date": day, "time": "11:30"})
    assert refused.status_code == 422
    assert "The time zone &#39;Mars/Olympus&#39; is not known to the hub" in refused.text
    with app.state.engine.connect() as conn:
        assert [f"{p:%H:%M}" for p in conn.execute(select(t.call_proposals.c.proposed_for)).scalars()] == ["05:30"]


def test_serve_refuses_a_time_zone_it_does_not_know(tmp_path) -> None:
    err = io.StringIO()
    with redirect_stderr(err):
        code = telehub(["serve", "--db", f"sqlite:///{tmp_path / 'hub.sqlite3'}", "--timezone", "Pakistan/Lahore"])
    assert code == 1
    assert "--timezone: 'Pakistan/Lahore' is not a time zone name; use one such as Asia/Karachi" in err.getvalue()
