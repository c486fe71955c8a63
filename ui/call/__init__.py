"""Video consults in the desktop app: the call window, starting a call from a referral, call
records saved when a call ends. The media and signaling live in sync.call, on the network loop."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ui.app import StationApp
    from ui.main_window import MainWindow


def install(window: MainWindow, app: StationApp) -> None:
    """Give the main window its call launcher (the referral page's button finds it there)."""
    from ui.call.launcher import install as install_launcher

    install_launcher(window, app)
