"""Schema version 4: video consults.

- calls: one row per video consult the station started (the `call` entity). Written once, when
  the call has ended, with its outbox change and audit entry; a trigger refuses any later change,
  because a call that happened is a clinical event, not a draft.
- call_proposals: times a specialist proposed for a call (the `call_proposal` entity, from pull).
  The hub is their only author; a newer version replaces the older one.
"""

SQL = """
CREATE TABLE calls (
    id TEXT PRIMARY KEY, station_id TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
    version INTEGER NOT NULL, referral_id TEXT NOT NULL REFERENCES referrals (id),
    patient_id TEXT NOT NULL REFERENCES patients (id), started_at TEXT NOT NULL, connected_at TEXT,
    ended_at TEXT, duration_seconds INTEGER CHECK (duration_seconds IS NULL OR duration_seconds >= 0),
    ended_by TEXT CHECK (ended_by IS NULL OR ended_by IN ('station', 'specialist', 'network')),
    outcome TEXT NOT NULL CHECK (outcome IN ('completed', 'missed', 'failed', 'cancelled')),
    audio_only INTEGER NOT NULL,
    quality TEXT CHECK (quality IS NULL OR quality IN ('good', 'weak', 'audio_only')),
    started_by TEXT NOT NULL);
CREATE INDEX calls_referral ON calls (referral_id, started_at);
CREATE INDEX calls_patient ON calls (patient_id, started_at);
CREATE TRIGGER calls_are_final BEFORE UPDATE ON calls BEGIN SELECT RAISE(ABORT, 'a call record cannot be changed once the call has ended'); END;
CREATE TABLE call_proposals (
    id TEXT PRIMARY KEY, station_id TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
    version INTEGER NOT NULL, referral_id TEXT NOT NULL REFERENCES referrals (id), patient_id TEXT NOT NULL,
    specialist_name TEXT NOT NULL, specialty TEXT NOT NULL, proposed_for TEXT NOT NULL, note TEXT,
    status TEXT NOT NULL CHECK (status IN ('proposed', 'cancelled')));
CREATE INDEX call_proposals_upcoming ON call_proposals (status, proposed_for);
CREATE INDEX call_proposals_referral ON call_proposals (referral_id)
"""
