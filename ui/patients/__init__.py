"""Patient screens: search as you type, registration with the duplicate warning, the chart."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication


def install(window: Any, app: Any) -> None:
    """Register the patient pages: "patients" (in the navigation), "register" and "chart"."""
    from ui.patients.chart import PatientChartPage
    from ui.patients.register import RegistrationPage
    from ui.patients.search import PatientSearchPage

    window.register_page("patients", PatientSearchPage(app.ops),
                         QCoreApplication.translate("Navigation", "Patients"))
    window.register_page("register", RegistrationPage(app.ops),
                         QCoreApplication.translate("Navigation", "Register a patient"), in_nav=False)
    window.register_page("chart", PatientChartPage(app.ops),
                         QCoreApplication.translate("Navigation", "Patient chart"), in_nav=False)
