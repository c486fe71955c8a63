"""Schema version 2: full-text patient search.

Tokens are computed in Python (Roman-Urdu spelling keys, Urdu-script normalization), so the
index is filled by the program rather than by triggers, and this migration backfills it.
"""

from __future__ import annotations

from typing import Any

SQL = (
    "CREATE VIRTUAL TABLE patient_search USING fts5("
    "patient_id UNINDEXED, name_tokens, father_tokens, numbers, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')"
)


def apply(conn: Any) -> None:
    from station.search import index_row

    conn.execute(SQL)
    rows = conn.execute(
        "SELECT rowid, id, mrn, name, name_ur, father_name, father_name_ur, cnic, phone FROM patients").fetchall()
    keys = ("id", "mrn", "name", "name_ur", "father_name", "father_name_ur", "cnic", "phone")
    for rowid, *row in rows:
        # The index row shares the patient's rowid, so updates find it by key (station.search.reindex).
        conn.execute("INSERT INTO patient_search (rowid, patient_id, name_tokens, father_tokens, numbers) "
                     "VALUES (?, ?, ?, ?, ?)", (rowid, *index_row(dict(zip(keys, row, strict=True)))))
