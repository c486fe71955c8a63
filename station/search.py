"""Patient search: FTS5 over names (Roman Urdu spelling keys and Urdu script), MRN, CNIC, phone.

The tokens come from station.names, so "Mohammad" finds "Muhammad" and a CNIC typed
without dashes finds the stored "12345-1234567-1".
"""

from __future__ import annotations

import re
from typing import Any

from station import names
from station.records import Patient

NUMBER_QUERY = re.compile(r"[+(]?[\d۰-۹٠-٩][\d۰-۹٠-٩\s()/-]*")
# Order: whole words in the patient's own name, then the own name as typed so far (the last word
# a prefix), then the father's/husband's name; newest registration first within each. No bm25:
# it reads the size of every matching row, and "Ali" matches tens of thousands of patients in a
# large register, while each tier here stops as soon as it has enough rows.
TIERS = (("name_tokens", False), ("name_tokens", True), ("name_tokens father_tokens", True))


def index_row(patient: dict[str, Any]) -> tuple[str, str, str, str]:
    """(patient_id, name_tokens, father_tokens, numbers) for the patient_search table."""
    own = " ".join(names.search_tokens(f"{patient.get('name') or ''} {patient.get('name_ur') or ''}"))
    father = " ".join(names.search_tokens(f"{patient.get('father_name') or ''} {patient.get('father_name_ur') or ''}"))
    numbers = []
    for key in ("mrn", "cnic", "phone"):
        digits = names.digits_only(patient.get(key) or "")
        if digits:
            numbers.append(digits)
            if key == "phone" and digits.startswith("0"):
                numbers.append(digits[1:])  # typed as +92 3xx… the query loses the leading 0
    return patient["id"], own, father, " ".join(numbers)


def reindex(conn: Any, patient: Patient) -> None:
    """Replace the patient's index row. The FTS row shares the patient's rowid, so this is a
    key lookup rather than a scan of the whole index."""
    rowid = conn.execute("SELECT rowid FROM patients WHERE id = ?", (patient.id,)).fetchone()[0]
    conn.execute("DELETE FROM patient_search WHERE rowid = ?", (rowid,))
    conn.execute("INSERT INTO patient_search (rowid, patient_id, name_tokens, father_tokens, numbers) "
                 "VALUES (?, ?, ?, ?, ?)", (rowid, *index_row(patient.to_row())))


def optimize(conn: Any) -> None:
    """Merge the search index into one segment (after a bulk import: each import batch leaves
    segments that every later search must visit)."""
    conn.execute("INSERT INTO patient_search (patient_search) VALUES ('optimize')")


def _fts_string(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def match_expression(query: str, columns: str = "name_tokens father_tokens", prefix: bool = True) -> str | None:
    """The FTS5 MATCH expression for what a person typed; None when there is nothing to search."""
    if NUMBER_QUERY.fullmatch(query.strip()):
        # "+92 300 1234567", "42101-1234567-1": one number however it is spaced.
        digits = names.digits_only(query)
        return f"numbers : {_fts_string(digits)}*" if digits else None
    words = query.split()
    digit_words = [w for w in words if sum(ch.isdigit() for ch in names.normalize(w)) >= 3]
    text = " ".join(w for w in words if w not in digit_words)
    clauses = []
    for word in digit_words:
        digits = names.digits_only(word)
        clauses.append(f"numbers : {_fts_string(digits)}*")
    if text.strip():
        groups = names.query_tokens(text, prefix_last=prefix)
        for group in groups:
            alternatives = [_term(t) for t in group]
            clauses.append("{" + columns + "} : (" + " OR ".join(alternatives) + ")")
    return " AND ".join(clauses) if clauses else None


def _term(token: str) -> str:
    if token.endswith("*"):
        return _fts_string(token[:-1]) + "*"
    return _fts_string(token)


def search(conn: Any, query: str, limit: int = 20) -> list[str]:
    """Patient ids best-first for what a person typed (names, MRN, CNIC or phone)."""
    found: list[str] = []
    expressions = dict.fromkeys(match_expression(query, columns, prefix) for columns, prefix in TIERS)
    for expression in expressions:
        if expression is None:
            continue
        rows = conn.execute(
            "SELECT patient_id FROM patient_search WHERE patient_search MATCH ? ORDER BY rowid DESC LIMIT ?",
            (expression, limit + len(found))).fetchall()
        found += [r[0] for r in rows if r[0] not in found]
        if len(found) >= limit:
            break
    return found[:limit]
