"""Consultation screens: notes, vitals with NEWS2/IMCI checks, diagnoses, prescriptions, summary."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication


def install(window: Any, app: Any) -> None:
    """Register the "consultation" page (reached from a chart; built when first opened)."""
    from ui.patients.lazy import LazyPage

    def consultation() -> Any:
        from ui.consultation.page import ConsultationPage

        return ConsultationPage(app.ops)

    window.register_page("consultation", LazyPage(consultation),
                         QCoreApplication.translate("Navigation", "Consultation"), in_nav=False)
