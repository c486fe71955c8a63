"""Names and units of the vital signs in the interface language (shared by the vitals panel,
the chart's trend titles and the printed summary)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def vital_labels() -> dict[str, str]:
    """Vital sign names in the interface language, by station key."""
    return {
        "systolic_bp": QCoreApplication.translate("VitalsPanel", "Systolic blood pressure"),
        "diastolic_bp": QCoreApplication.translate("VitalsPanel", "Diastolic blood pressure"),
        "heart_rate": QCoreApplication.translate("VitalsPanel", "Heart rate"),
        "respiratory_rate": QCoreApplication.translate("VitalsPanel", "Respiratory rate"),
        "temperature": QCoreApplication.translate("VitalsPanel", "Temperature"),
        "spo2": QCoreApplication.translate("VitalsPanel", "Oxygen saturation (SpO₂)"),
        "weight": QCoreApplication.translate("VitalsPanel", "Weight"),
        "height": QCoreApplication.translate("VitalsPanel", "Height"),
        "bmi": QCoreApplication.translate("VitalsPanel", "BMI"),
        "muac": QCoreApplication.translate("VitalsPanel", "MUAC (mid-upper arm)"),
    }


def vital_units() -> dict[str, str]:
    """Units as a person reads them, in the interface language."""
    return {
        "systolic_bp": QCoreApplication.translate("VitalsPanel", "mmHg"),
        "diastolic_bp": QCoreApplication.translate("VitalsPanel", "mmHg"),
        "heart_rate": QCoreApplication.translate("VitalsPanel", "beats/min"),
        "respiratory_rate": QCoreApplication.translate("VitalsPanel", "breaths/min"),
        "temperature": QCoreApplication.translate("VitalsPanel", "°C"),
        "spo2": "%",
        "weight": QCoreApplication.translate("VitalsPanel", "kg"),
        "height": QCoreApplication.translate("VitalsPanel", "cm"),
        "bmi": QCoreApplication.translate("VitalsPanel", "kg/m²"),
        "muac": QCoreApplication.translate("VitalsPanel", "cm"),
    }
