"""Fixtures for tests that talk to a live hub over HTTP, on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from hub.db import make_engine, migrate
from tests.support.postgres import PostgresUnavailable, empty_tables, fresh_database, postgres_server
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


@pytest.fixture(scope="module")
def pg_module_db(pg_server: str) -> Iterator[str]:
    """One migrated PostgreSQL database per test module; each test empties it (see hub_db_url)."""
    with fresh_database(pg_server) as url:
        engine = make_engine(url)
        migrate(engine)
        engine.dispose()
        yield url


@pytest.fixture(params=BACKENDS)
def hub_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty hub database: a new SQLite file, or the module's PostgreSQL database with every
    table emptied (creating and migrating a PostgreSQL database per test costs over a second)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'hub.sqlite3'}"
        return
    url = request.getfixturevalue("pg_module_db")
    empty_tables(url)
    yield url


@pytest.fixture(params=BACKENDS)
def new_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database no hub has opened yet (no tables at all), for tests of the migrations."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'new.sqlite3'}"
        return
    with fresh_database(request.getfixturevalue("pg_server")) as url:
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
