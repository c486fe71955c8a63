"""The teaching library on the station: de-identified cases the hub published, readable offline.

The hub is their only author (the `library_case` entity, pulled with the rest of the feed); a
newer version replaces an older one and a withdrawn case leaves the station. Search is offline:
every word typed must appear in the case (specialty, ICD-10 code or title, question, notes, advice,
learning point), folded the way patient search folds names, so Urdu letters and case do not matter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from station.names import normalize
from station.records import Record
from station.store import Store

TEXT_FIELDS = ("question", "clinical_notes", "assessment", "recommendations", "plan_change", "follow_up",
               "learning_point")


@dataclass
class LibraryCase(Record):
    """One published teaching case (no patient identifiers: age in words, sex, district)."""

    table: ClassVar[str] = "library_cases"
    entity: ClassVar[str] = "library_case"
    local_fields: ClassVar[frozenset[str]] = frozenset({"search_text"})
    specialty: str = ""
    diagnoses: list[dict[str, str]] = field(default_factory=list)
    age_text: str = ""
    sex: str = ""
    district: str = ""
    question: str = ""
    clinical_notes: str = ""
    assessment: str = ""
    recommendations: str = ""
    plan_change: str | None = None
    follow_up: str | None = None
    learning_point: str = ""
    specialist_name: str = ""
    published_at: str | None = None
    search_text: str = ""

    def travels(self) -> bool:
        return False  # the hub wrote it; nothing goes back


def _search_text(case: LibraryCase) -> str:
    words = [case.specialty.replace("_", " "), *(f"{d.get('code', '')} {d.get('title', '')}" for d in case.diagnoses),
             *(getattr(case, name) or "" for name in TEXT_FIELDS)]
    return normalize(" ".join(words))


def receive(store: Store, data: dict[str, Any]) -> bool:
    """Apply a case pulled from the hub. True when something changed (stored, replaced or removed)."""
    status = data.get("status")
    names = {f for f in LibraryCase.__dataclass_fields__} - {"search_text"}
    case = LibraryCase(**{k: v for k, v in data.items() if k in names})
    with store.atomic():
        rows = store.conn.execute("SELECT version, updated_at FROM library_cases WHERE id = ?", (case.id,)).fetchone()
        if rows and (rows[0], rows[1]) >= (case.version, case.updated_at):
            return False
        if status == "withdrawn":
            store.clock.observe(case.updated_at)
            return store.remove_remote(LibraryCase, case.id)
        case.search_text = _search_text(case)
        store.put_remote(case)
    return True


def search(store: Store, query: str = "", limit: int = 200) -> list[LibraryCase]:
    """Cases with every word of `query` (any order), newest first; all of them for an empty query."""
    words = normalize(query).split()[:10]
    where = " AND ".join("instr(search_text, ?) > 0" for _ in words) or None
    return store.find(LibraryCase, where, words, order_by="published_at DESC, id", limit=limit)


def count(store: Store) -> int:
    return int(store.conn.execute("SELECT count(*) FROM library_cases").fetchone()[0])
