"""The words of the hub's mails. No patient names or identifiers, ever: only the urgency, the
specialty, the station and a link to the console (where signing in is needed to read the case)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any

from hub.escalation.targets import describe

URGENCY_WORDS = {"emergency": "Emergency", "urgent": "Urgent", "soon": "Soon", "routine": "Routine"}
REASON_WORDS = {
    "backup": "you are the backup of the specialist holding it",
    "on_call": "you are on call for its specialty today",
    "coordinators": "no specialist has answered it",
}
FOOTER = ("\n\nSign in to the console to read the case. This mail holds no patient details on purpose: "
          "do not reply with any.\n")


def waited_words(waited: timedelta) -> str:
    minutes = int(waited.total_seconds() // 60)
    if minutes < 120:
        return f"{minutes} min"
    hours = minutes / 60
    return f"{hours:.0f} h" if hours < 48 else f"{hours / 24:.1f} days"


def _article(word: str) -> str:
    return "An" if word[:1].upper() in "AEIOU" else "A"


def one_line(text: str) -> str:
    """A subject is one line: a name with a line break in it must not start a new mail header."""
    return " ".join(text.split())


def link(console_url: str, referral_id: str) -> str:
    return f"{console_url.rstrip('/')}/referrals/{referral_id}"


def new_referral(ref: Any, specialty: str, station: str, console_url: str) -> tuple[str, str]:
    urgency = URGENCY_WORDS.get(ref.urgency, ref.urgency)
    subject = one_line(f"[Telehub] {urgency} referral: {specialty}, from {station}")
    body = (f"A new {urgency.lower()} referral for {specialty} has arrived from {station}.\n\n"
            f"Open it: {link(console_url, ref.id)}" + FOOTER)
    return subject, body


def escalation(ref: Any, specialty: str, station: str, reason: str, waited: timedelta, target: timedelta,
               console_url: str) -> tuple[str, str]:
    urgency = URGENCY_WORDS.get(ref.urgency, ref.urgency)
    subject = one_line(f"[Telehub] Escalated to you: {urgency.lower()} referral waiting {waited_words(waited)}")
    body = (f"{_article(urgency)} {urgency.lower()} referral for {specialty} from {station} has waited "
            f"{waited_words(waited)} without advice (target: {describe(target)}). It is escalated to you "
            f"because {REASON_WORDS.get(reason, reason)}.\n\n"
            f"Open it: {link(console_url, ref.id)}" + FOOTER)
    return subject, body


def opinion_invitation(ref: Any, specialty: str, station: str, inviter: str, console_url: str,
                       in_place_of: str | None = None, waited: timedelta | None = None) -> tuple[str, str]:
    """To a colleague asked for a second opinion (`in_place_of`: the colleague whose backup they are,
    who has not answered after `waited`). The note of the one who asked is not sent: it is free text."""
    urgency = URGENCY_WORDS.get(ref.urgency, ref.urgency)
    subject = one_line(f"[Telehub] Second opinion asked of you: {urgency.lower()} referral, {specialty}")
    body = (f"{inviter} asks for your opinion on {_article(urgency).lower()} {urgency.lower()} referral "
            f"for {specialty} from {station}.")
    if in_place_of:
        body += (f" You are asked as the backup of {in_place_of}, who has not answered after "
                 f"{waited_words(waited or timedelta())}.")
    body += "\n\nOpen it and write your opinion: " + link(console_url, ref.id) + FOOTER
    return subject, body


def opinion_unanswered(ref: Any, specialty: str, station: str, invited: str, waited: timedelta,
                       target: timedelta, console_url: str) -> tuple[str, str]:
    """To the specialist who asked for a second opinion that has not come, so they can decide."""
    urgency = URGENCY_WORDS.get(ref.urgency, ref.urgency)
    subject = one_line(f"[Telehub] No second opinion yet from {invited} after {waited_words(waited)}")
    body = (f"{invited} has not answered your request for a second opinion after {waited_words(waited)} "
            f"(target for {_article(urgency).lower()} {urgency.lower()} referral: {describe(target)}). "
            f"The referral is for {specialty}, from {station}. You may advise without the opinion, or ask "
            f"another colleague.\n\nOpen it: {link(console_url, ref.id)}" + FOOTER)
    return subject, body


def digest(name: str, day: str, rows: Sequence[Mapping[str, Any]], console_url: str) -> tuple[str, str]:
    """`rows`: specialty, urgency, waiting, past_target (counts only)."""
    total = sum(int(r["waiting"]) for r in rows)
    late = sum(int(r["past_target"]) for r in rows)
    subject = one_line(f"[Telehub] {total} referral{'s' if total != 1 else ''} waiting ({late} past target), {day}")
    lines = [f"Good morning {name},", "", f"Referrals waiting for advice on {day}:", ""]
    if not rows:
        lines.append("None. Nothing waits.")
    for r in rows:
        lines.append(f"- {r['specialty']}, {URGENCY_WORDS.get(r['urgency'], r['urgency']).lower()}: "
                     f"{r['waiting']} waiting, {r['past_target']} past target")
    lines += ["", f"The inbox: {console_url.rstrip('/')}/inbox"]
    return subject, "\n".join(lines) + FOOTER
