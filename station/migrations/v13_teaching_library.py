"""Schema version 13: the teaching library, as the hub publishes it (the `library_case` entity).

Read-only on the station: the hub is the only author; a newer version replaces an older one and a
withdrawn case is deleted. `search_text` holds the folded words of the case for offline search.
"""

SQL = """
CREATE TABLE library_cases (
    id TEXT PRIMARY KEY, station_id TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
    version INTEGER NOT NULL, specialty TEXT NOT NULL, diagnoses TEXT NOT NULL, age_text TEXT NOT NULL,
    sex TEXT NOT NULL, district TEXT NOT NULL, question TEXT NOT NULL, clinical_notes TEXT NOT NULL,
    assessment TEXT NOT NULL, recommendations TEXT NOT NULL, plan_change TEXT, follow_up TEXT,
    learning_point TEXT NOT NULL, specialist_name TEXT NOT NULL, published_at TEXT, search_text TEXT NOT NULL);
CREATE INDEX library_cases_published ON library_cases (published_at)
"""
