"""E-mail from the hub: an outbox in the database, sent over SMTP by the background task.

Mails carry no patient names or identifiers: only urgency, specialty, station and a link."""
