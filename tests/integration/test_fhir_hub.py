"""The hub's FHIR endpoints: a referral's case for its specialist and its station, bulk export for reporting."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select

from hub import tables as t
from tests.integration.console_seed import GOOD_ADVICE, ConsoleUser, add_coordinator, add_specialist
from tests.support.server import RunningHub
from tests.support.station_client import StationClient
from tests.unit.fhir_checks import Clinic, resources, validate_r4

FHIR_JSON = "application/fhir+json"


def _push(station: StationClient, records: dict[str, list[dict[str, Any]]]) -> None:
    for referral in records.get("referral", []):
        for sha in referral.get("attachments") or []:  # a record may name only files its station uploads
            assert station.upload_chunk(sha, 0, 1000, b"").status_code == 204
    changes = [station.change(entity, r) for entity in ("patient", "encounter", "vitals_set", "referral", "message")
               for r in records.get(entity, [])]
    answer = station.push(changes)
    assert answer.status_code == 200, answer.text
    assert {r["status"] for r in answer.json()["results"]} == {"accepted"}, answer.text


def _case(station: StationClient, start: datetime | None = None) -> dict[str, list[dict[str, Any]]]:
    clinic = Clinic(station.station_id, start)
    p = clinic.patient()
    e = clinic.encounter(p)
    r = clinic.referral(p, e)
    records = {"patient": [p], "encounter": [e], "vitals_set": [clinic.vitals(p, e)], "referral": [r],
               "message": [clinic.message(r)]}
    _push(station, records)
    return records


@pytest.fixture
def specialist(hub: RunningHub) -> Iterator[ConsoleUser]:
    add_specialist(hub.engine, "kamal", "Dr Kamal Shah", "pulmonology")
    with httpx.Client(base_url=hub.base_url, follow_redirects=False, timeout=30) as http:
        user = ConsoleUser(http)
        assert user.login("kamal").status_code == 303
        yield user


@pytest.fixture
def coordinator(hub: RunningHub) -> Iterator[ConsoleUser]:
    """A programme coordinator: the console role that may bulk-export."""
    add_coordinator(hub.engine, "huma", "Huma Qureshi")
    with httpx.Client(base_url=hub.base_url, follow_redirects=False, timeout=30) as http:
        user = ConsoleUser(http)
        assert user.login("huma").status_code == 303
        yield user


@pytest.fixture
def stranger(hub: RunningHub) -> Iterator[httpx.Client]:
    """Someone with neither a console session nor a station key."""
    with httpx.Client(base_url=hub.base_url, timeout=30) as http:
        yield http


def _case_path(records: dict[str, list[dict[str, Any]]]) -> str:
    return f"/api/v1/fhir/referrals/{records['referral'][0]['id']}"


def test_a_specialist_reads_the_referred_case_as_a_valid_fhir_bundle(station: StationClient,
                                                                     specialist: ConsoleUser) -> None:
    records = _case(station)
    referral_id = records["referral"][0]["id"]
    assert specialist.answer(referral_id, **GOOD_ADVICE).status_code == 303
    answer = specialist.http.get(_case_path(records))
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith(FHIR_JSON)
    assert answer.headers["cache-control"] == "no-store"
    bundle = answer.json()
    validate_r4(bundle)
    assert bundle["id"] == referral_id
    [patient] = resources(bundle, "Patient")
    assert patient["id"] == records["patient"][0]["id"]
    assert patient["managingOrganization"]["display"] == "BHU Jhok"
    assert [r["id"] for r in resources(bundle, "ServiceRequest")] == [referral_id]
    assert len(resources(bundle, "Encounter")) == 1 and resources(bundle, "Condition")
    assert len(resources(bundle, "Observation")) == 5  # the panel, blood pressure, pulse, temperature, SpO2
    comms = resources(bundle, "Communication")
    advice = [c for c in comms if c["category"][0]["text"] == "Specialist advice"]
    assert len(advice) == 1 and advice[0]["sender"]["display"] == "Dr Kamal Shah, Pulmonology (lungs)"
    assert f"Assessment: {GOOD_ADVICE['assessment']}" in [x["contentString"] for x in advice[0]["payload"]]
    assert [c["payload"][0]["contentString"] for c in comms if c["category"][0]["text"] == "Message"] == [
        records["message"][0]["body"]]


def test_the_station_that_referred_reads_its_case_with_a_signed_request(station: StationClient) -> None:
    records = _case(station)
    answer = station.request("GET", _case_path(records))
    assert answer.status_code == 200, answer.text
    validate_r4(answer.json())


def test_another_station_may_not_read_the_case(station: StationClient, other_station: StationClient) -> None:
    records = _case(station)
    answer = other_station.request("GET", _case_path(records))
    assert answer.status_code == 403
    assert answer.json()["error"] == "other_station"


def test_without_a_session_or_a_signature_the_case_is_refused(station: StationClient, stranger: httpx.Client) -> None:
    records = _case(station)
    answer = stranger.get(_case_path(records))
    assert answer.status_code == 401
    assert "Sign in" in answer.json()["message"]
    stranger.cookies.set("telehub_session", "made-up")
    answer = stranger.get(_case_path(records))
    assert answer.status_code == 401


def test_a_request_signed_with_the_wrong_key_is_refused(station: StationClient) -> None:
    records = _case(station)
    answer = station.request("GET", _case_path(records), key=Ed25519PrivateKey.generate())
    assert answer.status_code == 401
    assert answer.json()["error"] == "bad_signature"


@pytest.mark.parametrize(("referral_id", "status"), [("0190e7a0-0000-7000-8000-000000000000", 404),
                                                    ("not-a-uuid", 422)])
def test_an_unknown_or_malformed_referral_id_is_a_clear_error(specialist: ConsoleUser, referral_id: str,
                                                              status: int) -> None:
    answer = specialist.http.get(f"/api/v1/fhir/referrals/{referral_id}")
    assert answer.status_code == status
    assert set(answer.json()) == {"error", "message"}


def test_a_case_whose_patient_has_not_arrived_yet_says_to_wait(station: StationClient,
                                                               specialist: ConsoleUser) -> None:
    clinic = Clinic(station.station_id)
    p = clinic.patient()
    r = clinic.referral(p, None)
    _push(station, {"referral": [r]})
    answer = specialist.http.get(f"/api/v1/fhir/referrals/{r['id']}")
    assert answer.status_code == 409
    assert "next sync" in answer.json()["message"]


def _export(http: Any, station_id: str, since: str, until: str, fmt: str | None = None) -> Any:
    path = f"/api/v1/fhir/export?station={station_id}&since={since}&until={until}"
    if fmt:
        path += f"&_format={fmt}"
    if isinstance(http, StationClient):
        return http.request("GET", path)
    return http.get(path)


def test_bulk_export_holds_one_stations_records_of_the_period_only(station: StationClient,
                                                                   other_station: StationClient,
                                                                   coordinator: ConsoleUser) -> None:
    may = _case(station, datetime(2024, 5, 6, 9, 0, tzinfo=UTC))
    july = _case(station, datetime(2024, 7, 2, 9, 0, tzinfo=UTC))
    _case(other_station, datetime(2024, 5, 7, 9, 0, tzinfo=UTC))
    answer = _export(coordinator.http, station.station_id, "2024-05-01", "2024-05-31")
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith(FHIR_JSON)
    bundle = answer.json()
    validate_r4(bundle)
    ids = {r["id"] for r in resources(bundle)}
    in_may = {r["id"] for entity in ("patient", "encounter", "referral", "message") for r in may[entity]}
    assert in_may <= ids
    assert not ({r["id"] for entity in july.values() for r in entity} & ids)
    assert {r["managingOrganization"]["identifier"]["value"] for r in resources(bundle, "Patient")} == {
        station.station_id}


def test_bulk_export_as_ndjson_has_one_resource_per_line(station: StationClient, coordinator: ConsoleUser) -> None:
    _case(station, datetime(2024, 5, 6, 9, 0, tzinfo=UTC))
    answer = _export(coordinator.http, station.station_id, "2024-05-06", "2024-05-06", "ndjson")
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("application/fhir+ndjson")
    lines = answer.text.splitlines()
    parsed = [json.loads(line) for line in lines]
    assert {r["resourceType"] for r in parsed} >= {"Patient", "Encounter", "Observation", "ServiceRequest"}
    validate_r4({"resourceType": "Bundle", "type": "collection",
                 "entry": [{"fullUrl": f"urn:uuid:{r['id']}", "resource": r} for r in parsed]})


def test_a_station_may_export_its_own_records_but_not_anothers(station: StationClient,
                                                              other_station: StationClient) -> None:
    _case(station, datetime(2024, 5, 6, 9, 0, tzinfo=UTC))
    own = _export(station, station.station_id, "2024-05-01", "2024-05-31")
    assert own.status_code == 200, own.text
    assert resources(own.json(), "Patient")
    other = _export(other_station, station.station_id, "2024-05-01", "2024-05-31")
    assert other.status_code == 403


@pytest.mark.parametrize(("query", "status", "says"), [
    ("since=2024-05-31&until=2024-05-01", 422, "until"),
    ("since=2023-01-01&until=2024-12-31", 422, "366 days"),
    ("since=2024-02-30&until=2024-03-01", 422, "since"),
    ("since=2024-05-01", 422, "until"),
    ("since=2024-05-01&until=2024-05-31&_format=xml", 422, "_format"),
])
def test_bulk_export_mistakes_are_named(station: StationClient, coordinator: ConsoleUser, query: str, status: int,
                                        says: str) -> None:
    answer = coordinator.http.get(f"/api/v1/fhir/export?station={station.station_id}&{query}")
    assert answer.status_code == status
    assert says in answer.json()["message"]


def test_bulk_export_of_an_unknown_station_or_without_a_session_is_refused(coordinator: ConsoleUser,
                                                                          stranger: httpx.Client,
                                                                          station: StationClient) -> None:
    assert _export(coordinator.http, "no-such-station", "2024-05-01", "2024-05-31").status_code == 404
    assert _export(stranger, station.station_id, "2024-05-01", "2024-05-31").status_code == 401


def test_bulk_export_is_for_coordinators_and_each_export_is_audited(hub: RunningHub, station: StationClient,
                                                                     specialist: ConsoleUser,
                                                                     coordinator: ConsoleUser) -> None:
    _case(station, datetime(2024, 5, 6, 9, 0, tzinfo=UTC))
    refused = _export(specialist.http, station.station_id, "2024-05-01", "2024-05-31")
    assert refused.status_code == 403 and refused.json()["error"] == "coordinators_only"
    assert _export(coordinator.http, station.station_id, "2024-05-01", "2024-05-31").status_code == 200
    assert _export(station, station.station_id, "2024-05-01", "2024-05-31").status_code == 200
    with hub.engine.connect() as conn:
        events = conn.execute(select(t.audit_events.c.actor, t.audit_events.c.target, t.audit_events.c.detail)
                              .where(t.audit_events.c.action == "fhir_export")).all()
    assert [tuple(e) for e in events] == [
        ("huma", f"station {station.station_id}", "2024-05-01..2024-05-31"),
        (f"station {station.station_id}", f"station {station.station_id}", "2024-05-01..2024-05-31")]


def test_the_fhir_endpoints_are_in_the_api_description(hub: RunningHub) -> None:
    spec = httpx.get(f"{hub.base_url}/api/v1/openapi.json", timeout=30).json()
    assert {"/api/v1/fhir/referrals/{referral_id}", "/api/v1/fhir/export"} <= set(spec["paths"])
