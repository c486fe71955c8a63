"""Schema version 10: the hub's list of specialties (offered on the referral form, in English and
Urdu, also offline), and who at the hub holds each referral (name and PMDC registration number).

Both come from the hub with the pull; neither is a clinic record, so neither goes back.
"""

from __future__ import annotations

SQL = """
CREATE TABLE IF NOT EXISTS hub_specialties (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    name_ur TEXT NOT NULL DEFAULT '',
    active INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS referral_holders (
    referral_id TEXT PRIMARY KEY,
    holder_name TEXT,
    registration_number TEXT,
    specialty TEXT,
    since TEXT,
    updated_at TEXT NOT NULL
)
"""
