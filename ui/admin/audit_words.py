"""Audit log actions and record kinds in the interface language (codes stay in the tooltip)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def action_text(code: str) -> str:
    """"chart.open" -> "Opened a chart"; an action not listed here is shown as its code."""
    words = {
        "encounter.correct": QCoreApplication.translate("AuditWords", "Began a correction of a consultation"),
        "encounter.discard": QCoreApplication.translate("AuditWords", "Discarded an unsent correction"),
        "patient.same_cnic": QCoreApplication.translate("AuditWords", "Registered a second patient with the same CNIC"),
        "referral.consent": QCoreApplication.translate("AuditWords", "Recorded consent to share"),
        "user.reactivated": QCoreApplication.translate("AuditWords", "Switched a user on again"),
        "follow_up.came": QCoreApplication.translate("AuditWords", "Follow-up: the patient came"),
        "follow_up.called": QCoreApplication.translate("AuditWords", "Follow-up: phoned and asked to come"),
        "follow_up.not_reachable": QCoreApplication.translate("AuditWords", "Follow-up: could not reach the patient"),
        "login.ok": QCoreApplication.translate("AuditWords", "Signed in"),
        "login.failed": QCoreApplication.translate("AuditWords", "Sign-in refused"),
        "chart.open": QCoreApplication.translate("AuditWords", "Opened a chart"),
        "patients.create": QCoreApplication.translate("AuditWords", "Registered a patient"),
        "patients.update": QCoreApplication.translate("AuditWords", "Changed a patient's details"),
        "patients.import": QCoreApplication.translate("AuditWords", "Imported patients"),
        "patient.export": QCoreApplication.translate("AuditWords", "Exported a patient (FHIR)"),
        "encounters.create": QCoreApplication.translate("AuditWords", "Started a consultation"),
        "encounters.update": QCoreApplication.translate("AuditWords", "Saved or signed a consultation"),
        "encounter.summary_pdf": QCoreApplication.translate("AuditWords", "Saved a consultation summary as PDF"),
        "vitals_sets.create": QCoreApplication.translate("AuditWords", "Recorded vital signs"),
        "referrals.create": QCoreApplication.translate("AuditWords", "Made a referral"),
        "referrals.update": QCoreApplication.translate("AuditWords", "Changed a referral"),
        "advice.create": QCoreApplication.translate("AuditWords", "Received a specialist's advice"),
        "advice.update": QCoreApplication.translate("AuditWords", "Changed advice"),
        "advice.acknowledge": QCoreApplication.translate("AuditWords", "Read a specialist's advice"),
        "messages.create": QCoreApplication.translate("AuditWords", "Wrote a message"),
        "messages.update": QCoreApplication.translate("AuditWords", "Changed a message"),
        "attachments.create": QCoreApplication.translate("AuditWords", "Added a photo or scan"),
        "users.create": QCoreApplication.translate("AuditWords", "Added a user"),
        "users.update": QCoreApplication.translate("AuditWords", "Changed a user"),
        "user.secret_changed": QCoreApplication.translate("AuditWords", "Changed a password or PIN"),
        "user.recovered": QCoreApplication.translate("AuditWords", "Used the recovery key"),
        "station.create": QCoreApplication.translate("AuditWords", "Set up the station"),
        "station.update": QCoreApplication.translate("AuditWords", "Changed the station's settings"),
        "backup.create": QCoreApplication.translate("AuditWords", "Made a backup"),
        "backup.restore": QCoreApplication.translate("AuditWords", "Restored a backup"),
        "sync.receive": QCoreApplication.translate("AuditWords", "Received from the hub"),
        "sync.referral_status": QCoreApplication.translate("AuditWords", "Referral status from the hub"),
        "sync.held": QCoreApplication.translate("AuditWords", "Held back a change from the hub"),
        "sync.rejected": QCoreApplication.translate("AuditWords", "Change refused by the hub"),
        "sync.file_failed": QCoreApplication.translate("AuditWords", "A file could not be sent"),
        "sync.conflict": QCoreApplication.translate("AuditWords", "Two changes to one field"),
        "sync.conflict.resolve": QCoreApplication.translate("AuditWords", "Settled a conflict"),
        "sync.enroll": QCoreApplication.translate("AuditWords", "Connected to the hub"),
        "sync.enroll.retarget": QCoreApplication.translate("AuditWords", "Moved to another hub"),
        "sync.key.create": QCoreApplication.translate("AuditWords", "Made the station's signing key"),
    }
    return words.get(code, code)


def record_text(entity: str, record_id: str) -> str:
    """"consultation 9f3c2b1a" (the end of the id: its start is a timestamp, alike for records made together)."""
    kinds = {
        "patient": QCoreApplication.translate("AuditWords", "patient"), "encounter": QCoreApplication.translate("AuditWords", "consultation"), "vitals_set": QCoreApplication.translate("AuditWords", "vital signs"),
        "referral": QCoreApplication.translate("AuditWords", "referral"), "advice": QCoreApplication.translate("AuditWords", "advice"), "message": QCoreApplication.translate("AuditWords", "message"),
        "attachment": QCoreApplication.translate("AuditWords", "photo"), "user": QCoreApplication.translate("AuditWords", "user"), "station": QCoreApplication.translate("AuditWords", "station"),
        "users": QCoreApplication.translate("AuditWords", "user"), "calls": QCoreApplication.translate("AuditWords", "video call"), "call": QCoreApplication.translate("AuditWords", "video call"),
    }
    return f"{kinds.get(entity, entity)} \u2068{record_id[-8:]}\u2069"
