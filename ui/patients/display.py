"""How a patient is shown on screen: name with its Urdu spelling, age, sex, dates."""

from __future__ import annotations

from datetime import UTC, date, datetime

from PySide6.QtCore import QCoreApplication, QLocale

from station.patients import MONTHS_UNTIL_YEARS, age_months, age_years
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
    """"34 years", "8 months", "2 years 3 months" (months until 5), "about 40 years" (estimates say so)."""
    years = age_years(patient, on)
    if years is None:
        return QCoreApplication.translate("PatientDisplay", "age unknown")
    if years < 2 and patient.date_of_birth:
        months = age_months(patient, on) or 0
        if months == 1:
            return QCoreApplication.translate("PatientDisplay", "1 month")
        return QCoreApplication.translate("PatientDisplay", "%1 months").replace("%1", str(months))
    if patient.date_of_birth and years < MONTHS_UNTIL_YEARS:
        months = (age_months(patient, on) or 0) - 12 * years
        if months == 1:
            return QCoreApplication.translate("PatientDisplay", "%1 years 1 month").replace("%1", str(years))
        if months:
            return QCoreApplication.translate("PatientDisplay", "%1 years %2 months").replace(
                "%1", str(years)).replace("%2", str(months))
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


def relation_text(patient: Patient) -> str:
    """"son of Ghulam Rasool", "wife of Allah Ditta" (the record says whose name it is), or
    "father or husband: …" for a patient registered before it was asked."""
    name = father_text(patient)
    if patient.relation == "husband":
        template = QCoreApplication.translate("PatientDisplay", "wife of %1")
    elif patient.relation == "father":
        template = {"male": QCoreApplication.translate("PatientDisplay", "son of %1"),
                    "female": QCoreApplication.translate("PatientDisplay", "daughter of %1")}.get(
            patient.sex, QCoreApplication.translate("PatientDisplay", "child of %1"))
    else:
        template = QCoreApplication.translate("PatientDisplay", "father or husband: %1")
    return template.replace("%1", name)


def short_line(patient: Patient) -> str:
    """One line that tells two patients apart: name, father or husband, age, sex, village, MRN."""
    return QCoreApplication.translate("PatientDisplay", "%1, %2 · %3 · %4 · %5 · MRN %6").replace(
        "%1", full_name(patient)).replace("%2", relation_text(patient)).replace(
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
