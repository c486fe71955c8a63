"""Consultation screens: notes, vitals with NEWS2/IMCI checks, diagnoses, prescriptions, summary."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication


def install(window: Any, app: Any) -> None:
    """Register the "consultation" page (reached from a chart, not from the navigation)."""
    from ui.consultation.page import ConsultationPage

    window.register_page("consultation", ConsultationPage(app.ops),
                         QCoreApplication.translate("Navigation", "Consultation"), in_nav=False)
