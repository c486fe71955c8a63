"""Fixtures for tests that talk to a live hub over HTTP, on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.postgres import PostgresUnavailable, fresh_database, postgres_server
from tests.support.server import RunningHub, run_hub
from tests.support.station_client import StationClient

BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """One throwaway PostgreSQL server for the whole run (skipped loudly when impossible)."""
    try:
        with postgres_server() as url:
            yield url
    except PostgresUnavailable as exc:
        pytest.skip(str(exc))


@pytest.fixture(params=BACKENDS)
def hub_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty hub database: a SQLite file, or a new database on the PostgreSQL server."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'hub.sqlite3'}"
        return
    server = request.getfixturevalue("pg_server")
    with fresh_database(server) as url:
        yield url


@pytest.fixture
def hub(hub_db_url: str) -> Iterator[RunningHub]:
    """A hub served by uvicorn on 127.0.0.1 (a free port), on a fresh database."""
    with run_hub(hub_db_url, cookie_secure=False) as running:
        yield running


@pytest.fixture
def station(hub: RunningHub) -> StationClient:
    """An enrolled station with its own key."""
    return StationClient.enroll(hub.base_url, hub.new_station("BHU Jhok", "Thatta").code)


@pytest.fixture
def other_station(hub: RunningHub) -> StationClient:
    """A second enrolled station (a different clinic)."""
    return StationClient.enroll(hub.base_url, hub.new_station("RHC Mirpur Sakro", "Thatta").code)


@pytest.fixture
def call_hub(hub_db_url: str) -> Iterator[RunningHub]:
    """A hub with call timeouts short enough for tests (tests/integration/calls_support.py)."""
    from tests.integration.calls_support import call_hub_on

    with call_hub_on(hub_db_url) as running:
        yield running


@pytest.fixture
def clinic(call_hub: RunningHub) -> StationClient:
    return StationClient.enroll(call_hub.base_url, call_hub.new_station("BHU Jhok", "Thatta").code)
