"""Schema version 3: what the sync engine keeps between runs.

Small facts (pull cursor, last success, last error, clock offset, learned batch size) live in
`meta` under keys starting with "sync_"; the rest gets tables:

- sync_identity: the station's Ed25519 key (made at enrollment, never leaves this encrypted
  database) and the hub it is enrolled with.
- sync_conflicts: a field two sides changed differently, kept until a person chooses.
- sync_held: a change pulled from the hub that cannot be applied yet (e.g. its referral is
  missing), kept rather than dropped.
- sync_blobs: which attachments the hub has confirmed whole.
- outbox bookkeeping: when a change was last tried, and which newer change carried it.
"""

SQL = """
CREATE TABLE sync_identity (
    id INTEGER PRIMARY KEY CHECK (id = 1), hub_url TEXT NOT NULL, hub_station_id TEXT,
    private_key BLOB NOT NULL, public_key TEXT NOT NULL, created_at TEXT NOT NULL,
    enrolled_at TEXT, enrolled_by TEXT);
CREATE TABLE sync_conflicts (
    id TEXT PRIMARY KEY, entity TEXT NOT NULL, record_id TEXT NOT NULL, field TEXT NOT NULL,
    base_value TEXT, local_value TEXT, remote_value TEXT,
    source TEXT NOT NULL CHECK (source IN ('hub', 'station')), detail TEXT NOT NULL,
    created_at TEXT NOT NULL, resolved_at TEXT, resolved_by TEXT,
    resolution TEXT CHECK (resolution IN ('local', 'remote', 'value')));
CREATE INDEX sync_conflicts_open ON sync_conflicts (resolved_at, created_at);
CREATE INDEX sync_conflicts_record ON sync_conflicts (entity, record_id);
CREATE TABLE sync_held (
    change_id TEXT PRIMARY KEY, entity TEXT NOT NULL, record_id TEXT NOT NULL, change TEXT NOT NULL,
    reason TEXT NOT NULL, held_at TEXT NOT NULL);
CREATE TABLE sync_blobs (
    sha256 TEXT PRIMARY KEY, state TEXT NOT NULL CHECK (state IN ('pending', 'done', 'failed')),
    uploaded INTEGER NOT NULL DEFAULT 0, attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT, done_at TEXT);
ALTER TABLE outbox ADD COLUMN last_attempt_at TEXT;
ALTER TABLE outbox ADD COLUMN superseded_by TEXT;
CREATE INDEX outbox_record ON outbox (entity, record_id, version)
"""
