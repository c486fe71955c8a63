"""Patient search: FTS5 over names (Roman Urdu spelling keys and Urdu script), MRN, CNIC, phone.

The tokens come from station.names, so "Mohammad" finds "Muhammad" and a CNIC typed
without dashes finds the stored "12345-1234567-1".
"""

from __future__ import annotations

from typing import Any

from station import names
from station.records import Patient

NAME_FIELDS = ("name", "name_ur", "father_name", "father_name_ur")


def index_row(patient: dict[str, Any]) -> tuple[str, str, str]:
    """(patient_id, tokens, numbers) for the patient_search table."""
    text = " ".join(patient.get(f) or "" for f in NAME_FIELDS)
    tokens = " ".join(names.search_tokens(text))
    numbers = []
    for key in ("mrn", "cnic", "phone"):
        digits = names.digits_only(patient.get(key) or "")
        if digits:
            numbers.append(digits)
            if key == "phone" and digits.startswith("0"):
                numbers.append(digits[1:])  # typed as +92 3xx… the query loses the leading 0
    return patient["id"], tokens, " ".join(numbers)


def reindex(conn: Any, patient: Patient) -> None:
    conn.execute("DELETE FROM patient_search WHERE patient_id = ?", (patient.id,))
    conn.execute("INSERT INTO patient_search (patient_id, tokens, numbers) VALUES (?, ?, ?)",
                 index_row(patient.to_row()))


def _fts_string(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def match_expression(query: str) -> str | None:
    """The FTS5 MATCH expression for what a person typed; None when there is nothing to search."""
    words = query.split()
    digit_words = [w for w in words if sum(ch.isdigit() for ch in names.normalize(w)) >= 3]
    text = " ".join(w for w in words if w not in digit_words)
    clauses = []
    for word in digit_words:
        digits = names.digits_only(word)
        clauses.append(f"numbers : {_fts_string(digits)}*")
    if text.strip():
        groups = names.query_tokens(text)
        for group in groups:
            alternatives = [_term(t) for t in group]
            clauses.append("tokens : (" + " OR ".join(alternatives) + ")")
    return " AND ".join(clauses) if clauses else None


def _term(token: str) -> str:
    if token.endswith("*"):
        return _fts_string(token[:-1]) + "*"
    return _fts_string(token)


def search(conn: Any, query: str, limit: int = 20) -> list[str]:
    """Patient ids best-first for what a person typed (names, MRN, CNIC or phone)."""
    expression = match_expression(query)
    if expression is None:
        return []
    rows = conn.execute(
        "SELECT patient_id FROM patient_search WHERE patient_search MATCH ? ORDER BY rank LIMIT ?",
        (expression, limit)).fetchall()
    return [r[0] for r in rows]
