"""Schema version 7: work in progress that must survive a power cut, and what comes back later.

- work_drafts: a consultation or registration being typed, kept every few seconds (and on every
  page change, close or lock) until it is saved or discarded. Local only: no outbox, never synced;
  the hub sees a consultation when the person saves or signs it.
- follow_up_calls: what happened about a follow-up visit that fell due (came / called / not
  reachable), one row per attempt, local to the clinic that makes the calls.
- consents: who agreed that a referral's data may leave the clinic (patient or caregiver, name,
  relation), one per referral; refused consent keeps the referral on the station.
- encounters gain the reason a signed consultation was corrected (asked before the correction starts).
- sync_conflicts gains who changed each side and when, so a person can choose knowingly.
"""

SQL = """
CREATE TABLE IF NOT EXISTS work_drafts (
    id TEXT PRIMARY KEY, kind TEXT NOT NULL CHECK (kind IN ('consultation', 'registration')),
    username TEXT NOT NULL, patient_id TEXT, encounter_id TEXT, label TEXT NOT NULL,
    started_at TEXT NOT NULL, saved_at TEXT NOT NULL, state TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS work_drafts_user ON work_drafts (username, saved_at);
CREATE TABLE IF NOT EXISTS follow_up_calls (
    id TEXT PRIMARY KEY, encounter_id TEXT NOT NULL, patient_id TEXT NOT NULL, due_date TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('came', 'called', 'not_reachable')),
    note TEXT NOT NULL DEFAULT '', recorded_by TEXT NOT NULL, recorded_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS follow_up_calls_encounter ON follow_up_calls (encounter_id, recorded_at);
CREATE INDEX IF NOT EXISTS encounters_follow_up ON encounters (follow_up_date) WHERE follow_up_date IS NOT NULL;
ALTER TABLE referrals ADD COLUMN consent TEXT;
ALTER TABLE encounters ADD COLUMN correction_reason TEXT;
ALTER TABLE sync_conflicts ADD COLUMN local_by TEXT;
ALTER TABLE sync_conflicts ADD COLUMN local_at TEXT;
ALTER TABLE sync_conflicts ADD COLUMN remote_by TEXT;
ALTER TABLE sync_conflicts ADD COLUMN remote_at TEXT
"""
