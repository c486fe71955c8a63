"""Versioned schema. Each migration runs with its record in one transaction.

A migration is (version, name, step) where step is SQL text or a callable taking the
connection (for data migrations that need Python, e.g. building search tokens). Never edit
a released migration: add a new one. `tests/fixtures/v1/` holds a database written by
version 1; the tests open and upgrade it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from station.migrations import (
    v1_initial,
    v2_patient_search,
    v3_sync,
    v4_calls,
    v5_reference_indexes,
    v7_work_in_progress,
    v8_audit_and_relation,
    v9_voice_notes,
    v10_specialties_and_holders,
    v11_escalations,
    v12_conferences,
    v13_teaching_library,
)

Step = str | Callable[[Any], None]
MIGRATIONS: list[tuple[int, str, Step]] = [
    (1, "initial clinic records", v1_initial.SQL),
    (2, "patient search index", v2_patient_search.apply),
    (3, "sync engine state", v3_sync.SQL),
    (4, "video consults", v4_calls.SQL),
    (5, "indexes on references", v5_reference_indexes.SQL),
    (7, "drafts kept while typing, follow-up calls, consent, conflict authors", v7_work_in_progress.SQL),
    (8, "audit viewer indexes, relation, cross-script search", v8_audit_and_relation.apply),
    (9, "voice notes on messages and advice", v9_voice_notes.SQL),
    (10, "the hub's specialties, who holds each referral", v10_specialties_and_holders.SQL),
    (11, "referral escalation steps from the hub", v11_escalations.SQL),
    (12, "case conference notices, advice contributors", v12_conferences.SQL),
    (13, "teaching library", v13_teaching_library.SQL),
]
LATEST = MIGRATIONS[-1][0]


class NewerSchema(Exception):
    pass


def current_version(conn: Any) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: Any, target: int = LATEST) -> list[int]:
    """Bring the schema to `target`; return the versions applied."""
    version = current_version(conn)
    if version > LATEST:
        raise NewerSchema(
            f"This station database was written by a newer version of the program (schema {version}, "
            f"this program knows up to {LATEST}). Install the newer program.")
    applied = []
    for number, name, step in MIGRATIONS:
        if number <= version or number > target:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            if isinstance(step, str):
                for statement in _statements(step):
                    conn.execute(statement)
            else:
                step(conn)
            conn.execute(
                "CREATE TABLE IF NOT EXISTS migrations (version INTEGER PRIMARY KEY, name TEXT, applied_at REAL)")
            conn.execute("INSERT INTO migrations (version, name, applied_at) VALUES (?, ?, ?)",
                         (number, name, time.time()))
            conn.execute(f"PRAGMA user_version = {int(number)}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:  # a Ctrl-C can land after the COMMIT
                conn.execute("ROLLBACK")
            raise
        applied.append(number)
    return applied


def _statements(sql: str) -> list[str]:
    # executescript would commit our transaction; split on ';' at line ends instead.
    return [s.strip() for s in sql.split(";\n") if s.strip()]
