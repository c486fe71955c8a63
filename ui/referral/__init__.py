"""Referral screens: refer a case, follow its status, read and acknowledge advice, message thread."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication

from ui.pages import Page

if TYPE_CHECKING:
    from ui.app import StationApp
    from ui.main_window import MainWindow


def install(window: MainWindow, app: StationApp) -> None:
    """Register "referrals" (in the navigation), "refer" (the form) and "referral" (one referral).

    Each is built the first time it is shown (ui.patients.lazy)."""
    from ui.patients.lazy import LazyPage

    prefs = getattr(app, "prefs", None)
    camera_id = getattr(prefs, "camera", "") or ""
    mic = getattr(prefs, "microphone", "") or ""
    speaker = getattr(prefs, "speaker", "") or ""

    def listing() -> Any:
        from ui.referral.listing import ReferralsPage

        return ReferralsPage(app.ops)

    def form() -> Any:
        from ui.referral.create import ReferralForm

        page = ReferralForm(app.ops, camera_id=camera_id, mic=mic, speaker=speaker)
        status = getattr(app, "status", None)
        if status is not None:
            page.link_state = lambda: status.figures
        return page

    def detail() -> Any:
        from ui.referral.detail import ReferralPage

        return ReferralPage(app.ops, mic=mic, speaker=speaker)

    window.register_page(Page.REFERRALS, LazyPage(listing), QCoreApplication.translate("Navigation", "Referrals"))
    window.register_page(Page.REFER, LazyPage(form),
                         QCoreApplication.translate("Navigation", "Refer to a specialist"), in_nav=False)
    window.register_page(Page.REFERRAL, LazyPage(detail),
                         QCoreApplication.translate("Navigation", "Referral"), in_nav=False)
