"""Schema version 11: escalation steps of referrals, as the hub sends them (`referral_escalation`).

A referral left without advice past its urgency's target is escalated at the hub (to the holder's
backup, the specialty's on-call specialist, then the coordinators); the health worker sees each step
on the referral. The hub is their only author; a step never changes once taken.
"""

SQL = """
CREATE TABLE IF NOT EXISTS referral_escalations (
    id TEXT PRIMARY KEY, station_id TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
    version INTEGER NOT NULL, referral_id TEXT NOT NULL REFERENCES referrals (id),
    step INTEGER NOT NULL CHECK (step >= 1),
    reason TEXT NOT NULL CHECK (reason IN ('backup', 'on_call', 'coordinators')),
    to_name TEXT NOT NULL, waited_minutes INTEGER NOT NULL CHECK (waited_minutes >= 0), at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS referral_escalations_referral ON referral_escalations (referral_id, step)
"""
