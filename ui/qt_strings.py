"""Qt's own words the station shows (standard buttons, the text-box menu), listed for lupdate.

Qt ships no Urdu catalog, so these are translated in ui/translations/telestation_ur.ts under
Qt's own contexts. Nothing calls this function; lupdate reads it.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def _catalog() -> None:  # pragma: no cover - read by lupdate, never run
    QCoreApplication.translate("QPlatformTheme", "OK")
    QCoreApplication.translate("QPlatformTheme", "Cancel")
    QCoreApplication.translate("QPlatformTheme", "&Yes")
    QCoreApplication.translate("QPlatformTheme", "&No")
    QCoreApplication.translate("QPlatformTheme", "Save")
    QCoreApplication.translate("QPlatformTheme", "&Save")
    QCoreApplication.translate("QPlatformTheme", "Close")
    QCoreApplication.translate("QPlatformTheme", "Apply")
    QCoreApplication.translate("QPlatformTheme", "Discard")
    QCoreApplication.translate("QPlatformTheme", "Open")
    QCoreApplication.translate("QPlatformTheme", "Help")
    QCoreApplication.translate("QPlatformTheme", "Reset")
    QCoreApplication.translate("QPlatformTheme", "Yes to &All")
    QCoreApplication.translate("QPlatformTheme", "N&o to All")
    QCoreApplication.translate("QPlatformTheme", "Abort")
    QCoreApplication.translate("QPlatformTheme", "Retry")
    QCoreApplication.translate("QPlatformTheme", "Ignore")
    QCoreApplication.translate("QPlatformTheme", "Restore Defaults")
    QCoreApplication.translate("QPlatformTheme", "Don't Save")
    QCoreApplication.translate("QPlatformTheme", "Save All")
    QCoreApplication.translate("QLineEdit", "&Undo")
    QCoreApplication.translate("QLineEdit", "&Redo")
    QCoreApplication.translate("QLineEdit", "Cu&t")
    QCoreApplication.translate("QLineEdit", "&Copy")
    QCoreApplication.translate("QLineEdit", "&Paste")
    QCoreApplication.translate("QLineEdit", "Delete")
    QCoreApplication.translate("QLineEdit", "Select All")
    QCoreApplication.translate("QWidgetTextControl", "&Undo")
    QCoreApplication.translate("QWidgetTextControl", "&Redo")
    QCoreApplication.translate("QWidgetTextControl", "Cu&t")
    QCoreApplication.translate("QWidgetTextControl", "&Copy")
    QCoreApplication.translate("QWidgetTextControl", "&Paste")
    QCoreApplication.translate("QWidgetTextControl", "Delete")
    QCoreApplication.translate("QWidgetTextControl", "Select All")
    QCoreApplication.translate("QWidgetTextControl", "Copy &Link Location")
    QCoreApplication.translate("QMessageBox", "Show Details...")
    QCoreApplication.translate("QMessageBox", "Hide Details...")
