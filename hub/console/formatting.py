"""Words and numbers as a specialist reads them: ages, waiting times, labels."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# The hub's time zone: every time on every console page is written in it, with its name.
DEFAULT_TIMEZONE = "Asia/Karachi"
_ZONE: ContextVar[ZoneInfo | None] = ContextVar("console_zone", default=None)

URGENCIES = ("emergency", "urgent", "soon", "routine")
URGENCY_RANK = {"emergency": 0, "urgent": 1, "soon": 2, "routine": 3}
URGENCY_LABELS = {"emergency": "Emergency", "urgent": "Urgent", "soon": "Soon", "routine": "Routine"}

STATUSES = ("queued", "sent", "received", "answered", "closed")
# Shown instead of "answered" or "closed" while the clinic's follow-up waits for a specialist.
FOLLOW_UP = "followup"
STATUS_LABELS = {
    FOLLOW_UP: "Follow-up from the clinic",
    "draft": "Draft",
    "queued": "Queued",
    "sent": "New",
    "received": "Opened",
    "answered": "Answered",
    "closed": "Closed",
}
# Referrals that still wait for a specialist.
WAITING_STATUSES = ("queued", "sent", "received")

SEX_LABELS = {"female": "Female", "male": "Male", "other": "Other"}


def utc(value: datetime | str | None) -> datetime | None:
    """A timezone-aware UTC datetime from a datetime or an ISO-8601 string (None stays None)."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
    if value.tzinfo is None:
        # Naive datetimes in the hub's tables are UTC (SQLite drops the zone).
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def now_utc() -> datetime:
    return datetime.now(UTC)


def _plural(n: int, unit: str) -> str:
    return f"{n} {unit}" if n == 1 else f"{n} {unit}s"


def format_duration(value: timedelta | float | int | None) -> str:
    """A duration in words: '25 minutes', '3 hours 10 minutes', '2 days 4 hours'."""
    if value is None:
        return "—"
    seconds = value.total_seconds() if isinstance(value, timedelta) else float(value)
    seconds = max(0, int(seconds))
    if seconds < 60:
        return "less than a minute"
    minutes = seconds // 60
    if minutes < 60:
        return _plural(minutes, "minute")
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return _plural(hours, "hour") + (f" {_plural(minutes, 'minute')}" if minutes and hours < 6 else "")
    days, hours = divmod(hours, 24)
    if days < 7 and hours:
        return f"{_plural(days, 'day')} {_plural(hours, 'hour')}"
    return _plural(days, "day")


def format_duration_short(value: timedelta | float | int | None) -> str:
    """A compact duration for figures: '45 min', '5 h 40 min', '2 d 3 h'."""
    if value is None:
        return "—"
    seconds = value.total_seconds() if isinstance(value, timedelta) else float(value)
    minutes = max(0, int(seconds)) // 60
    if minutes < 1:
        return "under 1 min"
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    days, hours = divmod(hours, 24)
    return f"{days} d {hours} h" if hours else f"{days} d"



def time_zone(name: str) -> ZoneInfo:
    """The zone called `name` (e.g. Asia/Karachi, UTC); ValueError saying what is allowed otherwise."""
    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"{name!r} is not a time zone name; use one such as Asia/Karachi, Asia/Dubai "
                         "or UTC") from None


def display_zone() -> ZoneInfo:
    return _ZONE.get() or ZoneInfo(DEFAULT_TIMEZONE)


@contextmanager
def shown_in(zone: ZoneInfo) -> Iterator[None]:
    """Write times in `zone` while the block runs (one console request)."""
    token = _ZONE.set(zone)
    try:
        yield
    finally:
        _ZONE.reset(token)


def zone_abbreviation(moment: datetime) -> str:
    """'PKT' for Karachi; zones without a letter abbreviation get their offset: 'UTC+04'."""
    name = moment.tzname() or ""
    return name if name and name[0] not in "+-" else _offset_text(moment)


def _offset_text(local: datetime) -> str:
    minutes = int((local.utcoffset() or timedelta(0)).total_seconds()) // 60
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}" + (f":{rest:02d}" if rest else "")


def zone_description(now: datetime | None = None) -> str:
    """The zone for page notes: 'PKT (Asia/Karachi, UTC+05)', or just 'UTC'."""
    zone = display_zone()
    local = (now or now_utc()).astimezone(zone)
    abbreviation, offset = zone_abbreviation(local), _offset_text(local)
    if zone.key == abbreviation:
        return abbreviation
    if abbreviation == offset:
        return f"{offset} ({zone.key})"
    return f"{abbreviation} ({zone.key}, {offset})"


def local_time(value: datetime | str | None) -> datetime | None:
    """A moment in the hub's zone (None stays None)."""
    moment = utc(value)
    return None if moment is None else moment.astimezone(display_zone())


def format_when(value: datetime | str | None) -> str:
    """Date and time in the hub's zone, with its name: '3 Mar 2025, 19:05 PKT'."""
    local = local_time(value)
    if local is None:
        return "—"
    return f"{local.day} {local:%b %Y, %H:%M} {zone_abbreviation(local)}"


def format_date(value: date | datetime | str | None) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            return str(value)
    return f"{value.day} {value:%b %Y}"


def age_text(date_of_birth: str | None, estimated_years: int | None, today: date | None = None) -> str:
    """Age from the date of birth (or the recorded estimate): '34 years', '8 months', 'about 60 years'."""
    today = today or now_utc().date()
    if date_of_birth:
        try:
            born = date.fromisoformat(date_of_birth)
        except ValueError:
            born = None
        if born is not None and born <= today:
            months = (today.year - born.year) * 12 + today.month - born.month - (today.day < born.day)
            if months >= 24:
                return _plural(months // 12, "year")
            if months >= 1:
                return _plural(months, "month")
            return _plural((today - born).days, "day")
    if estimated_years is not None:
        return f"about {_plural(int(estimated_years), 'year')}"
    return "age not recorded"


def sex_label(sex: str | None) -> str:
    return SEX_LABELS.get(sex or "", "Sex not recorded")


def specialty_label(value: str | None) -> str:
    """'internal_medicine' -> 'Internal medicine'; already written names are kept."""
    if not value:
        return "—"
    text = value.replace("_", " ").replace("-", " ").strip()
    return text[:1].upper() + text[1:]


def specialty_key(value: str) -> str:
    """The form specialties are compared in: 'Internal_Medicine' and 'internal medicine' match."""
    return value.replace("_", " ").replace("-", " ").strip().lower()


def status_label(value: str | None) -> str:
    return STATUS_LABELS.get(value or "", specialty_label(value))


def urgency_label(value: str | None) -> str:
    return URGENCY_LABELS.get(value or "", specialty_label(value))


def format_percent(value: float | None, digits: int = 0) -> str:
    if value is None:
        return "—"
    return f"{value * 100:.{digits}f}%"


def format_number(value: float | int | None) -> str:
    """Vital values as recorded: no trailing '.0' on whole numbers."""
    if value is None:
        return "—"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return f"{value:g}" if isinstance(value, float) else str(value)
