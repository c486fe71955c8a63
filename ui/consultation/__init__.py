"""Consultation screens: notes, vitals with NEWS2/IMCI checks, diagnoses, prescriptions, summary."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication

from ui.pages import Page

if TYPE_CHECKING:
    from ui.app import StationApp
    from ui.main_window import MainWindow


def install(window: MainWindow, app: StationApp) -> None:
    """Register the "consultation" page (reached from a chart; built when first opened)."""
    from ui.patients.lazy import LazyPage

    def consultation() -> Any:
        from ui.consultation.page import ConsultationPage

        return ConsultationPage(app.ops)

    window.register_page(Page.CONSULTATION, LazyPage(consultation),
                         QCoreApplication.translate("Navigation", "Consultation"), in_nav=False)
