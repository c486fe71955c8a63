"""Patient screens: search as you type, registration with the duplicate warning, the chart."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication


def install(window: Any, app: Any) -> None:
    """Register the patient pages: "patients" (in the navigation), "register" and "chart".

    Each is built the first time it is shown (ui.patients.lazy), so signing in stays quick."""
    from ui.patients.lazy import LazyPage

    def search() -> Any:
        from ui.patients.search import PatientSearchPage

        return PatientSearchPage(app.ops)

    def register() -> Any:
        from ui.patients.register import RegistrationPage

        return RegistrationPage(app.ops)

    def chart() -> Any:
        from ui.patients.chart import PatientChartPage

        return PatientChartPage(app.ops)

    window.register_page("patients", LazyPage(search), QCoreApplication.translate("Navigation", "Patients"))
    window.register_page("register", LazyPage(register),
                         QCoreApplication.translate("Navigation", "Register a patient"), in_nav=False)
    window.register_page("chart", LazyPage(chart),
                         QCoreApplication.translate("Navigation", "Patient chart"), in_nav=False)
