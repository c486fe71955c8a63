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


def test_uploads_made_before_attachments_were_per_station_move_to_their_station(new_db_url: str) -> None:
    from alembic import command
    from sqlalchemy import text

    engine = make_engine(new_db_url)
    try:
        with engine.begin() as conn:
            command.upgrade(alembic_config(conn), "0003")
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO blobs (sha256, station_id, length, received, complete, media_type, "
                              "created_at) VALUES ('ab', 'st-1', 6, 6, :yes, 'image/jpeg', '2026-01-02 03:04:05')"),
                         {"yes": True})
            for offset, data in ((0, b"abc"), (3, b"def")):
                conn.execute(text('INSERT INTO blob_chunks (sha256, "offset", data) VALUES (\'ab\', :o, :d)'),
                             {"o": offset, "d": data})
        migrate(engine)
        with engine.connect() as conn:
            blob = conn.execute(text("SELECT station_id, sha256, length, received, complete FROM station_blobs")).all()
            chunks = conn.execute(text('SELECT station_id, sha256, "offset", data FROM station_blob_chunks '
                                       'ORDER BY "offset"')).all()
        assert [tuple(r) for r in blob] == [("st-1", "ab", 6, 6, True)]
        assert [(r[0], r[1], r[2], bytes(r[3])) for r in chunks] == [("st-1", "ab", 0, b"abc"), ("st-1", "ab", 3, b"def")]
        with engine.begin() as conn:
            command.downgrade(alembic_config(conn), "0003")
        with engine.connect() as conn:
            back = conn.execute(text('SELECT b.station_id, c."offset", c.data FROM blobs b JOIN blob_chunks c '
                                     'ON c.sha256 = b.sha256 ORDER BY c."offset"')).all()
        assert [(r[0], r[1], bytes(r[2])) for r in back] == [("st-1", 0, b"abc"), ("st-1", 3, b"def")]
    finally:
        engine.dispose()
