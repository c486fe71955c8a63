"""The published OpenAPI spec tells the truth: schemathesis generates requests from it against a live hub.

Two viewpoints: anyone on the network (the signed endpoints must answer 401, as documented), and
an enrolled station whose requests are signed (push, pull and uploads are exercised for real).
Checks: no 5xx, and every status, content type, header and body matches the spec.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import Case
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.schemas import BaseSchema
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from hub.app import create_app
from hub.settings import Settings
from sync.wire.signing import sign_request
from tests.support.postgres import fresh_database
from tests.support.server import RunningHub, run_hub
from tests.support.station_client import StationClient

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
EXAMPLES = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)


class StationSignature(requests.auth.AuthBase):
    """Signs each request exactly as it goes on the wire, as a station does."""

    def __init__(self, station: StationClient) -> None:
        self.station = station

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        body = request.body or b""
        if isinstance(body, str):
            body = body.encode("utf-8")
        url = urlsplit(request.url or "")
        target = url.path + (f"?{url.query}" if url.query else "")
        request.headers.update(
            sign_request(self.station.private_key, self.station.station_id, request.method or "GET", target, body)
        )
        return request


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def live_hub(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningHub]:
    """One hub per backend for the whole module (generated cases share it, as real clients would)."""
    if request.param == "sqlite":
        folder: Path = tmp_path_factory.mktemp("schemathesis")
        with run_hub(f"sqlite:///{folder / 'hub.sqlite3'}") as hub:
            yield hub
        return
    with fresh_database(request.getfixturevalue("pg_server")) as url, run_hub(url) as hub:
        yield hub


@pytest.fixture(scope="module")
def api_schema(live_hub: RunningHub) -> BaseSchema:
    return schemathesis.openapi.from_url(live_hub.base_url + "/api/v1/openapi.json")


@pytest.fixture(scope="module")
def signed_session(live_hub: RunningHub) -> requests.Session:
    station = StationClient.enroll(live_hub.base_url, live_hub.new_station("BHU Jhok", "Thatta").code)
    session = requests.Session()
    session.auth = StationSignature(station)
    return session


# schemathesis' own pytest plugin does not run under pytest 9, so each operation is driven by a
# plain hypothesis test built from the operation's strategy. The operations are read from the
# spec itself, so a new endpoint is covered as soon as it is published.
def published_operations() -> list[tuple[str, str, bool]]:
    """(method, path, has inputs) for every operation in the hub's OpenAPI spec."""
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(Settings(db_url=f"sqlite:///{folder}/spec.sqlite3"))
        spec = app.openapi()
        app.state.engine.dispose()
    return [
        (method.upper(), path, bool(op.get("parameters") or op.get("requestBody")))
        for path, ops in spec["paths"].items()
        for method, op in ops.items()
    ]


OPERATIONS = published_operations()
CASES = [
    pytest.param(method, path, mode, id=f"{method} {path} {mode}")
    for method, path, has_inputs in OPERATIONS
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
    if has_inputs or mode is GenerationMode.POSITIVE  # nothing to get wrong without inputs
]

# Attachment chunks are raw bytes, like application/octet-stream.
schemathesis.serializer.alias("application/offset+octet-stream", "application/octet-stream")


def test_the_spec_publishes_the_station_api(api_schema: BaseSchema) -> None:
    published = {(op.ok().method.upper(), op.ok().path) for op in api_schema.get_all_operations()}
    assert {
        ("GET", "/api/v1/health"), ("GET", "/api/v1/time"), ("POST", "/api/v1/enroll"),
        ("POST", "/api/v1/sync/push"), ("GET", "/api/v1/sync/pull"), ("HEAD", "/api/v1/blobs/{sha256}"),
        ("GET", "/api/v1/blobs/{sha256}"), ("PATCH", "/api/v1/blobs/{sha256}"),
    } <= published
    assert not any(path.startswith(("/login", "/inbox", "/static")) for _, path in published)


def exercise(api_schema: BaseSchema, method: str, path: str, mode: GenerationMode,
             session: requests.Session | None) -> None:
    operation = api_schema[path][method]

    @given(case=operation.as_strategy(generation_mode=mode))
    @EXAMPLES
    def run(case: Case) -> None:
        case.call_and_validate(session=session, checks=CHECKS, timeout=30)

    run()


@pytest.mark.parametrize(("method", "path", "mode"), CASES)
def test_the_api_answers_strangers_only_as_documented(
    api_schema: BaseSchema, method: str, path: str, mode: GenerationMode
) -> None:
    exercise(api_schema, method, path, mode, session=None)


@pytest.mark.parametrize(("method", "path", "mode"), CASES)
def test_the_api_answers_an_enrolled_station_only_as_documented(
    api_schema: BaseSchema, signed_session: requests.Session, method: str, path: str, mode: GenerationMode
) -> None:
    exercise(api_schema, method, path, mode, session=signed_session)
