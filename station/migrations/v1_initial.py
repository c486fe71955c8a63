"""Schema version 1: the clinic's records, the outbox, the audit chain."""

SQL = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE users (
    id TEXT PRIMARY KEY, station_id TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
    version INTEGER NOT NULL, username TEXT NOT NULL UNIQUE, full_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'clinician', 'health_worker')),
    credential TEXT NOT NULL CHECK (credential IN ('password', 'pin')), active INTEGER NOT NULL);
CREATE TABLE patients (
    id TEXT PRIMARY KEY, station_id TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
    version INTEGER NOT NULL, mrn TEXT NOT NULL UNIQUE, name TEXT NOT NULL, name_ur TEXT,
    father_name TEXT NOT NULL, father_name_ur TEXT,
    sex TEXT NOT NULL CHECK (sex IN ('female', 'male', 'other')),
    date_of_birth TEXT, estimated_age_years INTEGER, cnic TEXT, phone TEXT,
    village TEXT NOT NULL, district TEXT NOT NULL, created_by TEXT NOT NULL);
CREATE INDEX patients_cnic ON patients (cnic) WHERE cnic IS NOT NULL;
CREATE INDEX patients_phone ON patients (phone) WHERE phone IS NOT NULL;
CREATE TABLE encounters (
    id TEXT PRIMARY KEY, station_id TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
    version INTEGER NOT NULL, patient_id TEXT NOT NULL REFERENCES patients (id), started_at TEXT NOT NULL,
    complaint TEXT NOT NULL, history TEXT NOT NULL, examination TEXT NOT NULL, assessment TEXT NOT NULL,
    plan TEXT NOT NULL, diagnoses TEXT NOT NULL, prescriptions TEXT NOT NULL, follow_up_date TEXT,
    status TEXT NOT NULL CHECK (status IN ('draft', 'signed')), signed_by TEXT, signed_at TEXT,
    supersedes TEXT REFERENCES encounters (id), created_by TEXT NOT NULL);
CREATE INDEX encounters_patient ON encounters (patient_id, started_at);
CREATE TABLE vitals_sets (
    id TEXT PRIMARY KEY, station_id TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
    version INTEGER NOT NULL, patient_id TEXT NOT NULL REFERENCES patients (id),
    encounter_id TEXT REFERENCES encounters (id), taken_at TEXT NOT NULL, observations TEXT NOT NULL,
    consciousness TEXT, supplemental_oxygen INTEGER NOT NULL, spo2_scale INTEGER NOT NULL,
    supersedes TEXT REFERENCES vitals_sets (id), created_by TEXT NOT NULL);
CREATE INDEX vitals_patient ON vitals_sets (patient_id, taken_at);
CREATE TABLE referrals (
    id TEXT PRIMARY KEY, station_id TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
    version INTEGER NOT NULL, patient_id TEXT NOT NULL REFERENCES patients (id),
    encounter_id TEXT REFERENCES encounters (id), specialty TEXT NOT NULL,
    urgency TEXT NOT NULL CHECK (urgency IN ('routine', 'soon', 'urgent', 'emergency')),
    question TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'queued', 'sent', 'received', 'answered', 'closed')),
    created_by TEXT NOT NULL, attachments TEXT NOT NULL, summary TEXT NOT NULL);
CREATE INDEX referrals_status ON referrals (status);
CREATE INDEX referrals_patient ON referrals (patient_id);
CREATE TABLE advice (
    id TEXT PRIMARY KEY, station_id TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
    version INTEGER NOT NULL, referral_id TEXT NOT NULL REFERENCES referrals (id), patient_id TEXT NOT NULL,
    specialist_name TEXT NOT NULL, specialty TEXT NOT NULL, assessment TEXT NOT NULL,
    recommendations TEXT NOT NULL, plan_changed INTEGER NOT NULL, plan_change TEXT, follow_up TEXT,
    acknowledged_by TEXT, acknowledged_at TEXT);
CREATE INDEX advice_referral ON advice (referral_id);
CREATE TABLE messages (
    id TEXT PRIMARY KEY, station_id TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
    version INTEGER NOT NULL, referral_id TEXT NOT NULL REFERENCES referrals (id), author_name TEXT NOT NULL,
    author_role TEXT NOT NULL CHECK (author_role IN ('station', 'specialist')), body TEXT NOT NULL,
    read_at TEXT);
CREATE INDEX messages_referral ON messages (referral_id, created_at);
CREATE TABLE blobs (sha256 TEXT PRIMARY KEY, size INTEGER NOT NULL, data BLOB NOT NULL);
CREATE TABLE attachments (
    id TEXT PRIMARY KEY, station_id TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
    version INTEGER NOT NULL, sha256 TEXT NOT NULL REFERENCES blobs (sha256),
    patient_id TEXT NOT NULL REFERENCES patients (id), referral_id TEXT REFERENCES referrals (id),
    media_type TEXT NOT NULL, filename TEXT NOT NULL, size INTEGER NOT NULL);
CREATE INDEX attachments_referral ON attachments (referral_id);
CREATE TABLE outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, change_id TEXT NOT NULL UNIQUE, entity TEXT NOT NULL,
    record_id TEXT NOT NULL, version INTEGER NOT NULL, hlc TEXT NOT NULL, payload TEXT NOT NULL,
    created_at TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'acked', 'rejected')),
    reason TEXT, attempts INTEGER NOT NULL DEFAULT 0, acked_at TEXT);
CREATE INDEX outbox_state ON outbox (state, seq);
CREATE TABLE audit (
    seq INTEGER PRIMARY KEY, at TEXT NOT NULL, username TEXT NOT NULL, action TEXT NOT NULL,
    entity TEXT NOT NULL, record_id TEXT NOT NULL, detail TEXT NOT NULL, prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL)
"""
