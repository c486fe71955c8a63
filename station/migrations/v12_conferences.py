"""Case conferences and second opinions reach the station.

- conference_agenda: a referral on a case conference's agenda (the `conference_agenda` entity).
- advice.contributors / advice.conference_title: who shaped the advice, and the conference it came
  from (older advice: nobody named, no conference).
"""

SQL = """
CREATE TABLE conference_agenda (
    id TEXT PRIMARY KEY,
    station_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL,
    referral_id TEXT NOT NULL,
    patient_id TEXT NOT NULL,
    conference_id TEXT NOT NULL,
    title TEXT NOT NULL,
    starts_at TEXT NOT NULL,
    time_zone TEXT NOT NULL,
    status TEXT NOT NULL
);
CREATE INDEX conference_agenda_upcoming ON conference_agenda (status, starts_at);
CREATE INDEX conference_agenda_referral ON conference_agenda (referral_id);
ALTER TABLE advice ADD COLUMN contributors TEXT NOT NULL DEFAULT '[]';
ALTER TABLE advice ADD COLUMN conference_title TEXT
"""
