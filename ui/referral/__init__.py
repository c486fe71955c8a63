"""Referral screens: refer a case, follow its status, read and acknowledge advice, message thread."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication


def install(window: Any, app: Any) -> None:
    """Register "referrals" (in the navigation), "refer" (the form) and "referral" (one referral)."""
    from ui.referral.create import ReferralForm
    from ui.referral.detail import ReferralPage
    from ui.referral.listing import ReferralsPage

    prefs = getattr(app, "prefs", None)
    window.register_page("referrals", ReferralsPage(app.ops), QCoreApplication.translate("Navigation", "Referrals"))
    window.register_page("refer", ReferralForm(app.ops, camera_id=getattr(prefs, "camera", "") or ""),
                         QCoreApplication.translate("Navigation", "Refer to a specialist"), in_nav=False)
    window.register_page("referral", ReferralPage(app.ops),
                         QCoreApplication.translate("Navigation", "Referral"), in_nav=False)
