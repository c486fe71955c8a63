"""Database engine and migrations: the same code on SQLite (default) and PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, Table, create_engine, event
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import make_url

from hub.specialties import ensure_defaults

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


class DatabaseUrlError(ValueError):
    """The database URL is not one the hub can use."""


def normalize_url(url: str) -> str:
    """Map postgresql:// to the psycopg 3 driver; accept sqlite:/// URLs as they are."""
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    if url.startswith(("postgresql+psycopg://", "sqlite://")):
        return url
    raise DatabaseUrlError(
        f"unsupported database URL {url.split('://', 1)[0]}://...: use sqlite:///PATH or postgresql://..."
    )


def make_engine(url: str) -> Engine:
    """An engine for `url`. SQLite gets WAL, a busy timeout and write-ahead transactions."""
    url = normalize_url(url)
    if url.startswith("sqlite"):
        path = make_url(url).database
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        # hide_parameters: an error names the statement but not the values (patients' details), so
        # a failed page or background job logged with its traceback leaks nothing.
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30}, hide_parameters=True)
        _configure_sqlite(engine)
        return engine
    return create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True, hide_parameters=True)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite's implicit BEGIN is deferred).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # IMMEDIATE takes the write lock up front, so a transaction that reads then writes waits
        # on the busy timeout instead of failing with "database is locked". Pure reads (see
        # `reading`) stay deferred so they never wait for writers (WAL).
        if conn.get_execution_options().get("readonly"):
            conn.exec_driver_sql("BEGIN")
        else:
            conn.exec_driver_sql("BEGIN IMMEDIATE")


@contextmanager
def reading(engine: Engine) -> Iterator[Connection]:
    """A connection for reads only: on SQLite it does not take the write lock."""
    with engine.connect().execution_options(readonly=True) as conn:
        yield conn


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic config built in code; the migration scripts live inside the package."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


_migrate_lock = threading.Lock()


def migrate(engine: Engine) -> None:
    """Bring the schema up to the newest migration (safe to call on every start).

    Alembic keeps its context in module globals, so migrations in one process run one at a time;
    across processes the database serializes them (see migrations/env.py).
    """
    with _migrate_lock, engine.begin() as conn:
        command.upgrade(alembic_config(conn), "head")
        # An emptied database (or one from before any specialty) still offers the built-in list.
        ensure_defaults(conn)


def insert_ignore(conn: Connection, table: Table, values: dict[str, Any]) -> bool:
    """Insert a row unless its key exists; True if it was inserted. Safe under concurrency."""
    dialect = conn.dialect.name
    stmt = (pg_insert if dialect == "postgresql" else sqlite_insert)(table).values(**values)
    # RETURNING rather than rowcount: drivers disagree on rowcount for INSERT ... ON CONFLICT.
    first_key = next(iter(table.primary_key.columns))
    inserted = conn.execute(stmt.on_conflict_do_nothing().returning(first_key)).first()
    return inserted is not None
