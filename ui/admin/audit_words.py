"""Audit log actions and record kinds in the interface language (codes stay in the tooltip)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def _t(text: str) -> str:
    return QCoreApplication.translate("AuditWords", text)


def action_text(code: str) -> str:
    """"chart.open" -> "Opened a chart"; an action not listed here is shown as its code."""
    words = {
        "login.ok": _t("Signed in"),
        "login.failed": _t("Sign-in refused"),
        "chart.open": _t("Opened a chart"),
        "patients.create": _t("Registered a patient"),
        "patients.update": _t("Changed a patient's details"),
        "patients.import": _t("Imported patients"),
        "patient.export": _t("Exported a patient (FHIR)"),
        "encounters.create": _t("Started a consultation"),
        "encounters.update": _t("Saved or signed a consultation"),
        "encounter.summary_pdf": _t("Saved a consultation summary as PDF"),
        "vitals_sets.create": _t("Recorded vital signs"),
        "referrals.create": _t("Made a referral"),
        "referrals.update": _t("Changed a referral"),
        "advice.create": _t("Received a specialist's advice"),
        "advice.update": _t("Changed advice"),
        "advice.acknowledge": _t("Read a specialist's advice"),
        "messages.create": _t("Wrote a message"),
        "messages.update": _t("Changed a message"),
        "attachments.create": _t("Added a photo or scan"),
        "users.create": _t("Added a user"),
        "users.update": _t("Changed a user"),
        "user.secret_changed": _t("Changed a password or PIN"),
        "user.recovered": _t("Used the recovery key"),
        "station.create": _t("Set up the station"),
        "station.update": _t("Changed the station's settings"),
        "backup.create": _t("Made a backup"),
        "backup.restore": _t("Restored a backup"),
        "sync.receive": _t("Received from the hub"),
        "sync.referral_status": _t("Referral status from the hub"),
        "sync.held": _t("Held back a change from the hub"),
        "sync.rejected": _t("Change refused by the hub"),
        "sync.file_failed": _t("A file could not be sent"),
        "sync.conflict": _t("Two changes to one field"),
        "sync.conflict.resolve": _t("Settled a conflict"),
        "sync.enroll": _t("Connected to the hub"),
        "sync.enroll.retarget": _t("Moved to another hub"),
        "sync.key.create": _t("Made the station's signing key"),
    }
    return words.get(code, code)


def record_text(entity: str, record_id: str) -> str:
    """"consultation 01a2b3c4" (the start of the id is enough to tell records apart)."""
    kinds = {
        "patient": _t("patient"), "encounter": _t("consultation"), "vitals_set": _t("vital signs"),
        "referral": _t("referral"), "advice": _t("advice"), "message": _t("message"),
        "attachment": _t("photo"), "user": _t("user"), "station": _t("station"),
        "users": _t("user"), "calls": _t("video call"), "call": _t("video call"),
    }
    return f"{kinds.get(entity, entity)} \u2068{record_id[:8]}\u2069"
