"""Schema version 9: voice notes on messages and advice.

The sound is a blob like a photo (content-addressed, encrypted with the rest of the database,
uploaded in resumable chunks); `voice` holds its reference as JSON: sha256, media type, size and
how long it plays. A voice note recorded on the referral form is an attachment of the referral.
"""

SQL = """
ALTER TABLE messages ADD COLUMN voice TEXT;
ALTER TABLE advice ADD COLUMN voice TEXT
"""
