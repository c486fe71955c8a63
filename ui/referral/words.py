"""The words a health worker reads for specialties, urgencies and referral states.

Stored values stay in English (they travel to the hub); these are only how they are shown.
Each literal is written out so Qt's lupdate finds it for the Urdu translation.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from PySide6.QtCore import QCoreApplication

from station.clinical.ranges import vital_ranges
from station.specialties import Choice
from ui.bidi import isolate, measure
from ui.consultation.vital_words import vital_labels, vital_units
from ui.i18n import is_rtl


def specialty_label(specialty: str, known: Mapping[str, Choice]) -> str:
    """A referral's specialty as the form offered it: the hub's name (English or Urdu) for a code on
    its list, else the built-in words for an older free-text specialty."""
    choice = known.get(specialty)
    return choice.label(is_rtl()) if choice is not None else specialty_text(specialty)


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
    # Referrals made since the hub manages the list store its code (general_medicine, ent).
    spoken = "ENT" if specialty == "ent" else specialty.replace("_", " ")
    return words.get(specialty, words.get(spoken, spoken))


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


_FIRST_LINE = re.compile(r"^(female|male|other), (\d+|unknown) years, (.*)$")


def case_summary_text(summary: str) -> str:
    """The case summary stored with a referral (written in English for the specialist) in the
    interface language: its labels, the patient's sex and age, the vital signs' names and units.
    What the health worker wrote stays as written."""
    from ui.patients.display import sex_text

    labels = {
        "Complaint": QCoreApplication.translate("CaseSummary", "Complaint"),
        "History": QCoreApplication.translate("CaseSummary", "History"),
        "Examination": QCoreApplication.translate("CaseSummary", "Examination"),
        "Assessment": QCoreApplication.translate("CaseSummary", "Assessment"),
        "Diagnoses": QCoreApplication.translate("CaseSummary", "Diagnoses"),
        "Vitals": QCoreApplication.translate("CaseSummary", "Vital signs"),
    }
    out = []
    for line in summary.splitlines():
        first = _FIRST_LINE.match(line)
        if first and not out:
            sex, age, district = first.groups()
            age_words = (QCoreApplication.translate("PatientDisplay", "age unknown") if age == "unknown"
                         else QCoreApplication.translate("PatientDisplay", "%1 years").replace("%1", age))
            out.append(", ".join(x for x in (sex_text(sex), age_words, isolate(district)) if x))
            continue
        label, sep, rest = line.partition(": ")
        if not sep or label not in labels:
            out.append(isolate(line))
        elif label == "Vitals":
            comma = "، " if is_rtl() else ", "
            out.append(f"{labels[label]}: " + comma.join(_vital_text(part) for part in rest.split(", ")))
        else:
            out.append(f"{labels[label]}: {isolate(rest)}")
    return "\n".join(out)


def _vital_text(part: str) -> str:
    """"Temperature 38.9 °C" in the interface language (as written when not recognised)."""
    names, units = vital_labels(), vital_units()
    for key, vital in vital_ranges().items():
        prefix = vital.label + " "
        if part.startswith(prefix):
            value = part[len(prefix):]
            if value.endswith(vital.display_unit):
                value = value[:-len(vital.display_unit)].strip()
            return f"{names.get(key, vital.label)} {measure(value, units.get(key, vital.display_unit))}"
    return isolate(part)
