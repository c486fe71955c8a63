"""The hub's database schema comes from its migrations, identically on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from hub.db import alembic_config, make_engine, migrate
from hub.tables import metadata

ROOT = Path(__file__).resolve().parents[2]


def test_the_migrations_build_exactly_the_tables_the_code_uses(new_db_url: str) -> None:
    engine = make_engine(new_db_url)
    try:
        migrate(engine)
        with engine.connect() as conn:
            differences = compare_metadata(MigrationContext.configure(conn), metadata)
        assert differences == []
        assert set(inspect(engine).get_table_names()) == set(metadata.tables) | {"alembic_version"}
    finally:
        engine.dispose()


def test_several_hubs_starting_at_once_migrate_once(new_db_url: str) -> None:
    script = "import sys; from hub.db import make_engine, migrate; migrate(make_engine(sys.argv[1]))"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    starts = [subprocess.Popen([sys.executable, "-c", script, new_db_url], env=env, stderr=subprocess.PIPE, text=True)
              for _ in range(3)]
    for process in starts:
        _, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
    engine = make_engine(new_db_url)
    try:
        with ThreadPoolExecutor(max_workers=2) as pool:  # and twice more in one process
            list(pool.map(lambda _: migrate(engine), range(2)))
        head = ScriptDirectory.from_config(alembic_config()).get_current_head()
        with engine.connect() as conn:
            assert MigrationContext.configure(conn).get_current_revision() == head
    finally:
        engine.dispose()
