"""How a case conference notice and the names behind an advice read for the health worker.

The time is the conference's own (the hub's zone, Pakistan unless the hub says otherwise), so a
PC whose clock zone is wrong still says the hour the specialists meet.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale

from station.conferences import AgendaNotice
from station.records import Advice
from ui.bidi import isolate
from ui.patients.display import DATE_FORMAT


def when_text(notice: AgendaNotice) -> str:
    """'9 Dec 2026, 15:00 Pakistan time' (the zone named when it is another one)."""
    moment = notice.local_start()
    stamp = isolate(QLocale().toString(moment.date(), DATE_FORMAT) + ", " + moment.strftime("%H:%M"))
    if notice.time_zone == "Asia/Karachi":
        return QCoreApplication.translate("Conferences", "%1 Pakistan time").replace("%1", stamp)
    return (
        QCoreApplication.translate("Conferences", "%1 (time zone %2)")
        .replace("%1", stamp)
        .replace("%2", isolate(notice.time_zone))
    )


def agenda_sentence(notice: AgendaNotice) -> str:
    """What the referral page says about one notice."""
    title = isolate(notice.title)
    if notice.status == "discussed":
        return QCoreApplication.translate(
            "Conferences",
            "This case was discussed at the case conference “%1”. Its outcome is the advice below.",
        ).replace("%1", title)
    if notice.status == "removed":
        return QCoreApplication.translate(
            "Conferences", "This case was taken off the agenda of the case conference “%1”."
        ).replace("%1", title)
    return (
        QCoreApplication.translate(
            "Conferences",
            "This case is on the agenda of the case conference “%1” at %2. Have the patient or the file "
            "ready and join the video call when the case comes up.",
        )
        .replace("%1", title)
        .replace("%2", when_text(notice))
    )


def advice_origin_lines(advice: Advice) -> list[str]:
    """Where the advice came from: the conference and who was present, or who gave second opinions."""
    names = ", ".join(isolate(n) for n in (advice.contributors or []))
    lines = []
    if advice.conference_title:
        lines.append(
            QCoreApplication.translate("Conferences", "From the case conference “%1”.").replace(
                "%1", isolate(advice.conference_title)
            )
        )
        if names:
            lines.append(
                QCoreApplication.translate("Conferences", "Specialists present: %1").replace("%1", names)
            )
    elif names:
        lines.append(
            QCoreApplication.translate("Conferences", "With second opinions from: %1").replace("%1", names)
        )
    return lines
