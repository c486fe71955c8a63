"""Nothing typed is lost: pages with work in progress keep it in the encrypted database.

A page that can hold unsaved typing has `keep_draft()` (write what changed since its last
write) and `unsaved_work()` (a sentence naming what would be lost, or None). The keeper calls
`keep_draft()` every few seconds, on every page change, before the station locks and before
the window closes; leaving a page or closing the window with unsaved work asks first. A power
cut therefore loses at most the last few seconds of typing.
"""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QMessageBox, QWidget

from ui.main_window import MainWindow
from ui.ops import DbWorker

KEEP_EVERY_MS = 3000


def _built_pages(window: MainWindow) -> Iterator[QWidget]:
    for widget in window.pages.values():
        if getattr(widget, "built", True) is False:
            continue  # a lazy page never shown holds nothing typed
        page = getattr(widget, "page", widget)
        if hasattr(page, "keep_draft"):
            yield page


def _page_of(window: MainWindow, key: str | None) -> QWidget | None:
    widget = window.pages.get(key) if key else None
    if widget is None or getattr(widget, "built", True) is False:
        return None
    page = getattr(widget, "page", widget)
    return page if hasattr(page, "unsaved_work") else None


class DraftKeeper(QObject):
    """Writes every page's work in progress on a timer and at every moment it could be lost."""

    def __init__(self, window: MainWindow, ops: DbWorker) -> None:
        super().__init__(window)
        self.window = window
        self.ops = ops
        self.timer = QTimer(self)
        self.timer.setInterval(KEEP_EVERY_MS)
        self.timer.timeout.connect(self.keep_now)
        self.timer.start()
        window.set_close_guard(self.may_close)
        window.set_leave_guard(self.may_leave)

    def keep_now(self) -> None:
        """Queue a write of every page's unsaved work (the DB worker runs them in order)."""
        if self.window.locked or not self.ops.is_open:
            return
        for page in _built_pages(self.window):
            page.keep_draft()

    def may_leave(self, key: str | None) -> bool:
        """Leaving a page with unsaved work: ask; the work is kept as a draft either way it goes."""
        page = _page_of(self.window, key)
        what = page.unsaved_work() if page is not None else None
        if what is None:
            return True
        if not self._ask(what, self.tr("Keep it as a draft and go"), self.tr("Stay on this page")):
            return False
        self.keep_now()
        return True

    def may_close(self) -> bool:
        """Closing the window: ask about unsaved work, then make sure the drafts are written."""
        if self.window.locked:
            return True
        pending = [what for page in _built_pages(self.window) if (what := page.unsaved_work())]
        if pending and not self._ask(" ".join(pending), self.tr("Keep it as a draft and close"),
                                     self.tr("Stay")):
            return False
        self.keep_now()
        self.ops.wait_idle(5.0)  # the drafts must be on disk before the program ends
        return True

    def _ask(self, what: str, go: str, stay: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Not saved yet"),
                          what + "\n\n" + self.tr("It is kept as a draft on this computer and offered again "
                                                  "when you sign in."), parent=self.window)
        box.setObjectName("unsavedWorkQuestion")
        go_button = box.addButton(go, QMessageBox.ButtonRole.AcceptRole)
        go_button.setObjectName("keepDraftAndGo")
        stay_button = box.addButton(stay, QMessageBox.ButtonRole.RejectRole)
        stay_button.setObjectName("stayOnPage")
        box.setDefaultButton(stay_button)
        box.exec()
        return box.clickedButton() is go_button


def resume_text(kind: str, label: str, started: str) -> str:
    """'Continue the consultation for Zainab started 10:42' (the time local, the name isolated)."""
    from PySide6.QtCore import QCoreApplication

    from ui.patients.display import isolate, local_datetime

    name = isolate(label) if label else ""
    when = local_datetime(started)
    if kind == "consultation":
        text = QCoreApplication.translate("DraftKeeper", "Continue the consultation for %1 started %2")
    elif name:
        text = QCoreApplication.translate("DraftKeeper", "Continue the registration of %1 started %2")
    else:
        text = QCoreApplication.translate("DraftKeeper", "Continue the registration started %2")
    return text.replace("%1", name).replace("%2", when)


class ResumePanel(QWidget):
    """Home's list of kept drafts: each with Continue and Discard."""

    def __init__(self, ops: DbWorker, navigate: object, parent: QWidget | None = None) -> None:
        from PySide6.QtWidgets import QVBoxLayout

        super().__init__(parent)
        self.setObjectName("resumeDrafts")
        self.ops = ops
        self._navigate = navigate
        self.rows = QVBoxLayout(self)
        self.rows.setContentsMargins(0, 0, 0, 0)
        self.rows.setSpacing(4)
        self.buttons: dict[str, tuple[QWidget, QWidget]] = {}
        self.hide()

    def show_drafts(self, kept: list) -> None:
        from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton

        while self.rows.count():
            item = self.rows.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.buttons.clear()
        for draft in kept[:6]:
            row = QWidget()
            line = QHBoxLayout(row)
            line.setContentsMargins(8, 2, 8, 2)
            text = QLabel(resume_text(draft.kind, draft.label, draft.started_at))
            text.setObjectName("resumeText")
            text.setProperty("banner", "warning")
            text.setWordWrap(True)
            go = QPushButton(self.tr("Continue"))
            go.setObjectName(f"resume_{draft.id}")
            go.setProperty("primary", True)
            go.clicked.connect(lambda _c=False, d=draft: self._resume(d))
            drop = QPushButton(self.tr("Discard"))
            drop.setObjectName(f"discard_{draft.id}")
            drop.clicked.connect(lambda _c=False, d=draft: self._discard(d))
            line.addWidget(text, 1)
            line.addWidget(go)
            line.addWidget(drop)
            self.rows.addWidget(row)
            self.buttons[draft.id] = (go, drop)
        self.setVisible(bool(kept))

    def _resume(self, draft: object) -> None:
        if draft.kind == "consultation":  # type: ignore[attr-defined]
            self._navigate("consultation", (draft.patient_id, draft.encounter_id))  # type: ignore[attr-defined]
        else:
            self._navigate("register", ("", draft.patient_id))  # type: ignore[attr-defined]

    def _discard(self, draft: object) -> None:
        from station import drafts

        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Discard the draft"),
                          self.tr("Throw away what was typed? It cannot be brought back."), parent=self)
        box.setObjectName("discardDraftQuestion")
        yes = box.addButton(self.tr("Throw it away"), QMessageBox.ButtonRole.DestructiveRole)
        yes.setObjectName("confirmDiscard")
        box.addButton(self.tr("Keep it"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        if box.clickedButton() is yes:
            key = draft.id  # type: ignore[attr-defined]
            self.ops.submit(lambda store: drafts.discard(store, key), parent=self)
