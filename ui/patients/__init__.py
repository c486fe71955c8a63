"""Patient screens: search as you type, registration with the duplicate warning, the chart."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication

from ui.pages import Page

if TYPE_CHECKING:
    from ui.app import StationApp
    from ui.main_window import MainWindow


def install(window: MainWindow, app: StationApp) -> None:
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

    window.register_page(Page.PATIENTS, LazyPage(search), QCoreApplication.translate("Navigation", "Patients"))
    window.register_page(Page.REGISTER, LazyPage(register),
                         QCoreApplication.translate("Navigation", "Register a patient"), in_nav=False)
    window.register_page(Page.CHART, LazyPage(chart),
                         QCoreApplication.translate("Navigation", "Patient chart"), in_nav=False)
