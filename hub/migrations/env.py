"""Alembic environment: runs on the connection handed over by hub.db.migrate."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine, text

from hub.db import normalize_url
from hub.tables import metadata

target_metadata = metadata


def _run(connection: Connection) -> None:
    if connection.dialect.name == "postgresql":
        # Several hub processes may start at once: one migrates, the others wait.
        connection.execute(text("SELECT pg_advisory_xact_lock(727274)"))
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:  # the alembic command line: `alembic -c hub/alembic.ini -x db=URL upgrade head`
    url = context.get_x_argument(as_dictionary=True).get("db") or context.config.get_main_option("sqlalchemy.url")
    if not url:
        raise SystemExit("give the database as: alembic -c hub/alembic.ini -x db=URL upgrade head")
    with create_engine(normalize_url(url)).begin() as conn:
        _run(conn)
