"""A throwaway PostgreSQL server for the tests: initdb in a temp folder, unix socket only.

Uses Debian's PostgreSQL 15 binaries. As root, the server runs as the `postgres` OS user (it
refuses to run as root). Set TELEHUB_TEST_PG_URL (a postgresql:// URL of a role that may create
databases) to use an existing server instead.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

from .server import free_port

PG_BIN = Path("/usr/lib/postgresql/15/bin")
ENV_URL = "TELEHUB_TEST_PG_URL"
SKIP_REASON = (
    "PostgreSQL tests need root (to run a throwaway server as the postgres user) "
    f"or {ENV_URL}=postgresql://... pointing at a server where the role may create databases"
)


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL server can be started or reached; the message says why."""


def _run_as_postgres(args: list[str]) -> None:
    subprocess.run(["runuser", "-u", "postgres", "--", *args], check=True, capture_output=True, timeout=120)


@contextmanager
def postgres_server() -> Iterator[str]:
    """Yield the URL of a PostgreSQL server's `postgres` database (superuser), then stop it."""
    if os.environ.get(ENV_URL):
        yield os.environ[ENV_URL]
        return
    if os.geteuid() != 0:
        raise PostgresUnavailable(SKIP_REASON)
    if not (PG_BIN / "initdb").exists():
        raise PostgresUnavailable(f"PostgreSQL 15 is not installed ({PG_BIN}/initdb missing): apt-get install postgresql")
    folder = Path(tempfile.mkdtemp(prefix="telehub-pg-"))
    data = folder / "data"
    shutil.chown(folder, "postgres", "postgres")
    folder.chmod(0o700)
    port = free_port()
    started = False
    try:
        _run_as_postgres([str(PG_BIN / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres",
                          "--no-sync", "-E", "UTF8", "--locale", "C"])
        options = (f"-p {port} -k {folder} -c listen_addresses='' -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
        _run_as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(data), "-o", options, "-w", "-t", "60",
                          "-l", str(folder / "server.log"), "start"])
        started = True
        yield f"postgresql://postgres@/postgres?host={folder}&port={port}"
    except subprocess.CalledProcessError as exc:
        raise PostgresUnavailable(f"could not start PostgreSQL: {exc.stderr.decode(errors='replace').strip()}") from exc
    finally:
        if started:
            subprocess.run(["runuser", "-u", "postgres", "--", str(PG_BIN / "pg_ctl"), "-D", str(data),
                            "-m", "immediate", "stop"], capture_output=True, timeout=60)
        shutil.rmtree(folder, ignore_errors=True)


def _with_database(server_url: str, name: str) -> str:
    parts = urlsplit(server_url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _admin_dsn(server_url: str) -> str:
    return server_url.replace("postgresql+psycopg://", "postgresql://", 1)


@contextmanager
def fresh_database(server_url: str) -> Iterator[str]:
    """A new empty database on the server for one test; dropped afterwards."""
    name = "telehub_test_" + uuid.uuid4().hex[:12]
    with psycopg.connect(_admin_dsn(server_url), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield _with_database(server_url, name)
    finally:
        with psycopg.connect(_admin_dsn(server_url), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def empty_tables(url: str) -> None:
    """Empty every table of a migrated hub database (keeping the schema and its version) and
    restart its id sequences: what a test sees is what a brand-new database would hold."""
    with psycopg.connect(_admin_dsn(url), autocommit=True) as conn:
        conn.execute("SET lock_timeout = '30s'")
        tables = [row[0] for row in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'alembic_version'"
        )]
        if tables:
            conn.execute("TRUNCATE " + ", ".join(f'"{name}"' for name in tables) + " RESTART IDENTITY CASCADE")
