"""The words a health worker reads for specialties, urgencies and referral states.

Stored values stay in English (they travel to the hub); these are only how they are shown.
Each literal is written out so Qt's lupdate finds it for the Urdu translation.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def specialty_text(specialty: str) -> str:
    words = {
        "general medicine": QCoreApplication.translate("ReferralWords", "general medicine"),
        "paediatrics": QCoreApplication.translate("ReferralWords", "paediatrics (children)"),
        "obstetrics and gynaecology": QCoreApplication.translate("ReferralWords", "obstetrics and gynaecology"),
        "dermatology": QCoreApplication.translate("ReferralWords", "dermatology (skin)"),
        "cardiology": QCoreApplication.translate("ReferralWords", "cardiology (heart)"),
        "pulmonology": QCoreApplication.translate("ReferralWords", "pulmonology (lungs)"),
        "infectious diseases": QCoreApplication.translate("ReferralWords", "infectious diseases"),
        "endocrinology": QCoreApplication.translate("ReferralWords", "endocrinology (diabetes, thyroid)"),
        "neurology": QCoreApplication.translate("ReferralWords", "neurology (brain and nerves)"),
        "psychiatry": QCoreApplication.translate("ReferralWords", "psychiatry (mental health)"),
        "ophthalmology": QCoreApplication.translate("ReferralWords", "ophthalmology (eyes)"),
        "ENT": QCoreApplication.translate("ReferralWords", "ENT (ear, nose and throat)"),
        "general surgery": QCoreApplication.translate("ReferralWords", "general surgery"),
        "orthopaedics": QCoreApplication.translate("ReferralWords", "orthopaedics (bones and joints)"),
        "nephrology": QCoreApplication.translate("ReferralWords", "nephrology (kidneys)"),
        "nutrition": QCoreApplication.translate("ReferralWords", "nutrition"),
        "emergency medicine": QCoreApplication.translate("ReferralWords", "emergency medicine"),
    }
    return words.get(specialty, specialty)


def urgency_text(urgency: str) -> str:
    words = {
        "routine": QCoreApplication.translate("ReferralWords", "routine"),
        "soon": QCoreApplication.translate("ReferralWords", "soon"),
        "urgent": QCoreApplication.translate("ReferralWords", "urgent"),
        "emergency": QCoreApplication.translate("ReferralWords", "emergency"),
    }
    return words.get(urgency, urgency)


def urgency_choice_text(urgency: str) -> str:
    """The urgency with what it means, for the choice on the referral form."""
    words = {
        "routine": QCoreApplication.translate("ReferralWords", "Routine: an answer within a week is fine"),
        "soon": QCoreApplication.translate("ReferralWords", "Soon: an answer within 2 days"),
        "urgent": QCoreApplication.translate("ReferralWords", "Urgent: an answer today"),
        "emergency": QCoreApplication.translate("ReferralWords", "Emergency: the patient needs help now"),
    }
    return words.get(urgency, urgency)


def state_text(status: str) -> str:
    """Where the referral is, in words that say what happens next."""
    words = {
        "draft": QCoreApplication.translate("ReferralWords", "Draft: not sent yet"),
        "queued": QCoreApplication.translate("ReferralWords", "Waiting to be sent (leaves with the next sync)"),
        "sent": QCoreApplication.translate("ReferralWords", "Sent to the hub, waiting for a specialist"),
        "received": QCoreApplication.translate("ReferralWords", "A specialist has opened it"),
        "answered": QCoreApplication.translate("ReferralWords", "Answered: advice has arrived"),
        "closed": QCoreApplication.translate("ReferralWords", "Closed: advice read"),
    }
    return words.get(status, status)


def step_text(status: str) -> str:
    """Short label of a lifecycle step for the status tracker."""
    words = {
        "draft": QCoreApplication.translate("ReferralWords", "Draft"),
        "queued": QCoreApplication.translate("ReferralWords", "Waiting to send"),
        "sent": QCoreApplication.translate("ReferralWords", "Sent"),
        "received": QCoreApplication.translate("ReferralWords", "Opened by specialist"),
        "answered": QCoreApplication.translate("ReferralWords", "Answered"),
        "closed": QCoreApplication.translate("ReferralWords", "Closed"),
    }
    return words.get(status, status)
