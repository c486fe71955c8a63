"""Patient search: FTS5 over names (Roman Urdu spelling keys and Urdu script), MRN, CNIC, phone.

The tokens come from station.names, so "Mohammad" finds "Muhammad" and a CNIC typed
without dashes finds the stored "12345-1234567-1".
"""

from __future__ import annotations

import re
from typing import Any

from station import names, skeletons
from station.records import Patient

NUMBER_QUERY = re.compile(r"[+(]?[\d۰-۹٠-٩][\d۰-۹٠-٩\s()/-]*")
# Order: whole words in the patient's own name, then the own name as typed so far (the last word
# a prefix), then the father's/husband's name; newest registration first within each. No bm25:
# it reads the size of every matching row, and "Ali" matches tens of thousands of patients in a
# large register, while each tier here stops as soon as it has enough rows.
# Then, only when those found too few, two looser tiers on consonant skeletons (station.skeletons):
# the name in the other script or with a vowel left out ("zainab" finds زینب, "aslm" Aslam), then
# with one consonant missing or extra.
TIERS = (("name_tokens", False), ("name_tokens", True), ("name_tokens father_tokens", True))
COLUMNS = "name_tokens father_tokens"
# An MRN is typed without its leading zeros ("3" for 000003).
MRN_WIDTH = 6
MIN_NUMBER_PREFIX = 3


def _skeleton_tokens(text: str) -> list[str]:
    """"s<skeleton>" for each word in Latin letters, "u<skeleton>" for each in Urdu script, and
    "d<skeleton less one consonant>" for the longer ones."""
    out: list[str] = []
    for word in names.normalize(text).split():
        key = skeletons.skeleton(word)
        if key:
            out.append(skeletons.script_mark(word) + key)
            out += ["d" + shorter for shorter in skeletons.deletions(key)]
    return list(dict.fromkeys(out))


def index_row(patient: dict[str, Any]) -> tuple[str, str, str, str]:
    """(patient_id, name_tokens, father_tokens, numbers) for the patient_search table."""
    own_text = f"{patient.get('name') or ''} {patient.get('name_ur') or ''}"
    father_text = f"{patient.get('father_name') or ''} {patient.get('father_name_ur') or ''}"
    own = " ".join(names.search_tokens(own_text) + _skeleton_tokens(own_text))
    father = " ".join(names.search_tokens(father_text) + _skeleton_tokens(father_text))
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


def rebuild(conn: Any) -> None:
    """Refill the whole index from the patients table (after its tokens changed)."""
    conn.execute("DELETE FROM patient_search")
    keys = ("id", "mrn", "name", "name_ur", "father_name", "father_name_ur", "cnic", "phone")
    rows = conn.execute(f"SELECT rowid, {', '.join(keys)} FROM patients")
    conn.executemany("INSERT INTO patient_search (rowid, patient_id, name_tokens, father_tokens, numbers) "
                     "VALUES (?, ?, ?, ?, ?)",
                     ((rowid, *index_row(dict(zip(keys, row, strict=True)))) for rowid, *row in rows))
    optimize(conn)


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
        # One or two digits are an MRN typed short (found apart, by search()), never the start of a
        # phone or CNIC: as a prefix they would read every number in the index.
        return f"numbers : {_fts_string(digits)}*" if len(digits) >= MIN_NUMBER_PREFIX else None
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


def loose_expressions(query: str) -> list[str]:
    """The skeleton tiers' MATCH expressions: the name in the other script (and, for names of three
    consonants or more, in the same script with a vowel left out), then one consonant missing or
    extra. Empty for a number or when no word has a consonant.

    A short name is only looked for in the other script: "alia" must not find "Ali" (both "l"),
    while "ali" must find "علی"."""
    if NUMBER_QUERY.fullmatch(query.strip()):
        return []
    words = [w for w in names.normalize(query).split() if sum(ch.isdigit() for ch in w) < 3]
    pairs = [(skeletons.skeleton(w), skeletons.script_mark(w)) for w in words]
    pairs = [(key, mark) for key, mark in pairs if key]
    if not pairs:
        return []

    def clause(terms: list[str]) -> str:
        return "{" + COLUMNS + "} : (" + " OR ".join(terms) + ")"

    same, near = [], []
    for key, mark in pairs:
        # Whole skeletons only, never prefixes: a prefix term makes FTS5 merge every matching doclist
        # (thousands of rows for a common name), and these tiers run when the others found too few.
        other = "u" if mark == "s" else "s"
        marks = [other, mark] if len(key) >= 3 else [other]
        terms = [_fts_string(m + key) for m in marks]
        same.append(clause(terms))
        shorter = skeletons.deletions(key)
        near.append(clause(terms + ([_fts_string("d" + key)] if len(key) >= 2 else [])
                           + [_fts_string(m + k) for k in shorter for m in ("s", "u")]))
    return [" AND ".join(same), " AND ".join(near)]


def _mrn_candidates(query: str) -> list[str]:
    digits = query.strip().translate(names.DIGITS)
    if not digits.isdigit() or len(digits) > MRN_WIDTH:
        return []
    return list(dict.fromkeys([digits, digits.zfill(MRN_WIDTH)]))


def _term(token: str) -> str:
    if token.endswith("*"):
        return _fts_string(token[:-1]) + "*"
    return _fts_string(token)


def search(conn: Any, query: str, limit: int = 20) -> list[str]:
    """Patient ids best-first for what a person typed (names, MRN, CNIC or phone)."""
    found: list[str] = []
    mrns = _mrn_candidates(query)
    if mrns:  # "3" is MRN 000003 before it is the start of any number
        found += [r[0] for r in conn.execute(
            f"SELECT id FROM patients WHERE mrn IN ({', '.join('?' * len(mrns))})", mrns)]
    expressions = dict.fromkeys([*(match_expression(query, columns, prefix) for columns, prefix in TIERS),
                                 *loose_expressions(query)])
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
