"""Schema version 8: the audit log viewer's indexes, the relation of the father's/husband's name,
and search tokens that cross scripts.

- The viewer filters by user, action and patient and pages newest first: indexes let each filter
  walk the log backwards instead of reading all of it. Entries themselves are not touched (they
  are hash-chained).
- `patients.relation` says whose name `father_name` is: "father" or "husband" (NULL for patients
  registered before, shown as "father or husband").
- The search index gains consonant skeletons shared by Roman Urdu and Urdu script (Zainab/زینب),
  so every row is rebuilt with the program's current tokens.
"""

from __future__ import annotations

from typing import Any

SQL = """
CREATE INDEX IF NOT EXISTS audit_user ON audit (username, seq);
CREATE INDEX IF NOT EXISTS audit_action ON audit (action, seq);
CREATE INDEX IF NOT EXISTS audit_record ON audit (record_id);
ALTER TABLE patients ADD COLUMN relation TEXT CHECK (relation IN ('father', 'husband'))
"""


def apply(conn: Any) -> None:
    from station.search import rebuild

    for statement in (s.strip() for s in SQL.split(";\n")):
        if statement:
            conn.execute(statement)
    rebuild(conn)
