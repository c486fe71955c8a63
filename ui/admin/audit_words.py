"""What each audit entry's action code means, in the interface language.

The codes stay as stored (the hash chain covers them); only their display is translated.
Each literal is written out so lupdate finds it.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def action_text(code: str) -> str:
    """"chart.open" -> "opened a patient's chart"; an unknown code is shown as it is."""
    fixed = {
        "station.create": QCoreApplication.translate("AuditWords", "set up the station"),
        "station.update": QCoreApplication.translate("AuditWords", "changed the clinic's details"),
        "login.ok": QCoreApplication.translate("AuditWords", "signed in"),
        "login.failed": QCoreApplication.translate("AuditWords", "wrong password"),
        "chart.open": QCoreApplication.translate("AuditWords", "opened a patient's chart"),
        "patient.export": QCoreApplication.translate("AuditWords", "exported a patient's record"),
        "patients.import": QCoreApplication.translate("AuditWords", "imported patients"),
        "advice.acknowledge": QCoreApplication.translate("AuditWords", "read a specialist's advice"),
        "backup.create": QCoreApplication.translate("AuditWords", "made a backup"),
        "backup.restore": QCoreApplication.translate("AuditWords", "restored a backup"),
        "user.secret_changed": QCoreApplication.translate("AuditWords", "changed a password"),
        "user.recovered": QCoreApplication.translate("AuditWords", "set a new password with the recovery key"),
        "sync.receive": QCoreApplication.translate("AuditWords", "received from the hub"),
        "sync.referral_status": QCoreApplication.translate("AuditWords", "referral status from the hub"),
        "sync.held": QCoreApplication.translate("AuditWords", "change from the hub held back"),
        "sync.rejected": QCoreApplication.translate("AuditWords", "change refused by the hub"),
        "sync.conflict": QCoreApplication.translate("AuditWords", "conflicting changes found"),
        "sync.conflict.resolve": QCoreApplication.translate("AuditWords", "conflict settled"),
        "sync.enroll": QCoreApplication.translate("AuditWords", "connected to the hub"),
        "sync.enroll.retarget": QCoreApplication.translate("AuditWords", "hub address changed"),
        "sync.key.create": QCoreApplication.translate("AuditWords", "station key made"),
        "sync.file_failed": QCoreApplication.translate("AuditWords", "photo could not be sent"),
        "summary.pdf": QCoreApplication.translate("AuditWords", "saved a consultation summary"),
    }
    if code in fixed:
        return fixed[code]
    table, _dot, verb = code.partition(".")
    records = {
        "users": (QCoreApplication.translate("AuditWords", "account added"), QCoreApplication.translate("AuditWords", "account changed")),
        "patients": (QCoreApplication.translate("AuditWords", "patient registered"), QCoreApplication.translate("AuditWords", "patient's details changed")),
        "encounters": (QCoreApplication.translate("AuditWords", "consultation started"), QCoreApplication.translate("AuditWords", "consultation saved")),
        "vitals_sets": (QCoreApplication.translate("AuditWords", "vital signs recorded"), QCoreApplication.translate("AuditWords", "vital signs changed")),
        "referrals": (QCoreApplication.translate("AuditWords", "referral made"), QCoreApplication.translate("AuditWords", "referral changed")),
        "advice": (QCoreApplication.translate("AuditWords", "advice received"), QCoreApplication.translate("AuditWords", "advice changed")),
        "messages": (QCoreApplication.translate("AuditWords", "message written"), QCoreApplication.translate("AuditWords", "message changed")),
        "attachments": (QCoreApplication.translate("AuditWords", "photo added"), QCoreApplication.translate("AuditWords", "photo changed")),
        "calls": (QCoreApplication.translate("AuditWords", "video consult recorded"), QCoreApplication.translate("AuditWords", "video consult changed")),
        "call_proposals": (QCoreApplication.translate("AuditWords", "video consult proposed"), QCoreApplication.translate("AuditWords", "video consult proposal changed")),
    }
    if table in records and verb in ("create", "update"):
        return records[table][0 if verb == "create" else 1]
    return code
