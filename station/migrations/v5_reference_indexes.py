"""Schema version 5: an index on every column that refers to another record.

Without them, deleting a record, or writing the key of one that others refer to, makes SQLite
check the referring tables row by row: with a clinic's decade of encounters that was seconds
per saved consultation.
"""

SQL = """
CREATE INDEX IF NOT EXISTS encounters_supersedes ON encounters (supersedes) WHERE supersedes IS NOT NULL;
CREATE INDEX IF NOT EXISTS vitals_encounter ON vitals_sets (encounter_id) WHERE encounter_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS vitals_supersedes ON vitals_sets (supersedes) WHERE supersedes IS NOT NULL;
CREATE INDEX IF NOT EXISTS referrals_encounter ON referrals (encounter_id) WHERE encounter_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS attachments_patient ON attachments (patient_id);
CREATE INDEX IF NOT EXISTS attachments_blob ON attachments (sha256)
"""
