"""How a patient is shown on screen: name with its Urdu spelling, age, sex, dates."""

from __future__ import annotations

from datetime import UTC, date, datetime

from PySide6.QtCore import QCoreApplication, QLocale

from station.patients import age_months, age_years
from station.records import Patient
from ui.bidi import isolate, ltr

DATE_FORMAT = "d MMM yyyy"  # month as a word: 05/03 means different days to different people


def sex_text(sex: str) -> str:
    return {
        "female": QCoreApplication.translate("PatientDisplay", "female"),
        "male": QCoreApplication.translate("PatientDisplay", "male"),
        "other": QCoreApplication.translate("PatientDisplay", "other"),
    }.get(sex, sex)


def age_text(patient: Patient, on: date | None = None) -> str:
    """"34 years", "8 months", "about 40 years" (estimated ages say so)."""
    years = age_years(patient, on)
    if years is None:
        return QCoreApplication.translate("PatientDisplay", "age unknown")
    if years < 2 and patient.date_of_birth:
        months = age_months(patient, on) or 0
        if months == 1:
            return QCoreApplication.translate("PatientDisplay", "1 month")
        return QCoreApplication.translate("PatientDisplay", "%1 months").replace("%1", str(months))
    if patient.date_of_birth:
        if years == 1:
            return QCoreApplication.translate("PatientDisplay", "1 year")
        return QCoreApplication.translate("PatientDisplay", "%1 years").replace("%1", str(years))
    return QCoreApplication.translate("PatientDisplay", "about %1 years").replace("%1", str(years))


def full_name(patient: Patient) -> str:
    """The name as typed, with the Urdu spelling beside it when there is one."""
    if patient.name_ur:
        return f"{isolate(patient.name)} \u2014 {isolate(patient.name_ur)}"
    return isolate(patient.name)


def father_text(patient: Patient) -> str:
    if patient.father_name_ur:
        return f"{isolate(patient.father_name)} \u2014 {isolate(patient.father_name_ur)}"
    return isolate(patient.father_name)


def short_line(patient: Patient) -> str:
    """One line that tells two patients apart: name, father, age, sex, village, MRN."""
    return QCoreApplication.translate("PatientDisplay", "%1, child of %2 · %3 · %4 · %5 · MRN %6").replace(
        "%1", full_name(patient)).replace("%2", father_text(patient)).replace(
        "%3", age_text(patient)).replace("%4", sex_text(patient.sex)).replace(
        "%5", isolate(patient.village)).replace("%6", ltr(patient.mrn))


def local_datetime(iso: str | None) -> str:
    """A stored UTC timestamp as local date and time in the interface's locale."""
    if not iso:
        return ""
    try:
        moment = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return iso
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    local = moment.astimezone()
    return isolate(QLocale().toString(local.date(), DATE_FORMAT) + " " + local.strftime("%H:%M"))


def local_date(iso: str | None) -> str:
    if not iso:
        return ""
    try:
        day = date.fromisoformat(iso[:10])
    except ValueError:
        return iso
    return isolate(QLocale().toString(day, DATE_FORMAT))
