"""Publication dates: parsing given values and finding them in article headers.

Dates are stored in UTC and shown and bucketed in Jakarta time (WIB, UTC+7,
which has no daylight saving).
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone

JAKARTA = timezone(timedelta(hours=7), "WIB")
ZONES = {"wib": JAKARTA, "wita": timezone(timedelta(hours=8), "WITA"), "wit": timezone(timedelta(hours=9), "WIT")}

MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "pebruari": 2, "feb": 2, "maret": 3, "mar": 3,
    "april": 4, "apr": 4, "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7,
    "agustus": 8, "agu": 8, "agt": 8, "ags": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "oktober": 10, "okt": 10, "oct": 10, "november": 11, "nopember": 11, "nov": 11, "nop": 11,
    "desember": 12, "des": 12, "dec": 12,
}  # fmt: skip
MONTH_NAMES = ("Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember").split()
WEEKDAYS = {"senin": 0, "selasa": 1, "rabu": 2, "kamis": 3, "jumat": 4, "jum'at": 4, "sabtu": 5, "minggu": 6}

_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_TIME_RE = r"(?:,?\s+(?:pukul\s+)?(?P<H>[01]?\d|2[0-3])[:.](?P<M>[0-5]\d)(?:\s*(?P<tz>WITA|WIB|WIT)\b)?)?"
_WEEKDAY_RE = r"(?:(?P<wd>Senin|Selasa|Rabu|Kamis|Jum'?at|Sabtu|Minggu),?\s+)?"
HEADER_DATES = [
    re.compile(_WEEKDAY_RE + rf"(?P<d>[0-3]?\d)\s+(?P<m>{_MONTH_RE})\.?\s+(?P<y>(?:19|20)\d\d)\b" + _TIME_RE, re.I),
    re.compile(_WEEKDAY_RE + r"(?P<d>[0-3]?\d)/(?P<m>[01]?\d)/(?P<y>(?:19|20)\d\d)\b" + _TIME_RE, re.I),
    re.compile(r"(?<![\d/.-])(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?![\d/-])" + _TIME_RE, re.I),
]
#: How far into an article its publication date may stand.
HEADER_CHARS = 400


def find_date(text: str) -> datetime | None:
    """The publication date in an article's header, or None.

    Only full dates count (a year-less ``Kamis (30/12)`` is never completed by
    guessing a year), and a weekday written beside the date must agree with it.
    """
    header = text[:HEADER_CHARS]
    candidates = [m for pattern in HEADER_DATES for m in pattern.finditer(header)]
    for match in sorted(candidates, key=lambda m: m.start()):
        found = _from_match(match)
        if found is not None:
            return found
    return None


def _from_match(match: re.Match[str]) -> datetime | None:
    parts = match.groupdict()
    month = parts["m"]
    month_number = int(month) if month.isdigit() else MONTHS[month.lower()]
    try:
        day = date(int(parts["y"]), month_number, int(parts["d"]))
    except ValueError:
        return None
    weekday = parts.get("wd")
    if weekday and WEEKDAYS[weekday.lower()] != day.weekday():
        return None
    clock = time(int(parts["H"]), int(parts["M"])) if parts.get("H") else time(0, 0)
    zone = ZONES[parts["tz"].lower()] if parts.get("tz") else JAKARTA
    return datetime.combine(day, clock, zone).astimezone(timezone.utc)


def parse_date(value: str) -> datetime:
    """A given ISO 8601 date or datetime; naive values are read as Jakarta time.

    Raises ValueError with a readable message.
    """
    text = value.strip()
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"unparseable date {value!r} (expected ISO 8601, e.g. 2021-12-31 or 2021-12-31T13:15:00+07:00)") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=JAKARTA)
    return parsed.astimezone(timezone.utc)


def to_jakarta(moment: datetime) -> datetime:
    """``moment`` (aware, or naive UTC as Whoosh returns it) in Jakarta time."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(JAKARTA)


def month_key(moment: datetime) -> str:
    """The Jakarta month of ``moment`` as ``YYYY-MM`` (the date facet's bucket)."""
    return to_jakarta(moment).strftime("%Y-%m")


def month_label(key: str) -> str:
    """``2021-12`` -> ``Desember 2021``."""
    year, month = key.split("-")
    return f"{MONTH_NAMES[int(month) - 1]} {year}"


def day_range_utc(first: date | None, last: date | None) -> tuple[datetime | None, datetime | None]:
    """Naive-UTC bounds covering Jakarta days ``first`` to ``last`` inclusive."""

    def utc(day: date) -> datetime:
        return datetime.combine(day, time(0, 0), JAKARTA).astimezone(timezone.utc).replace(tzinfo=None)

    start = utc(first) if first else None
    end = utc(last + timedelta(days=1)) - timedelta(microseconds=1) if last else None
    return start, end


def day_label(moment: datetime) -> str:
    """``31 Desember 2021`` (Jakarta time)."""
    local = to_jakarta(moment)
    return f"{local.day} {MONTH_NAMES[local.month - 1]} {local.year}"


def parse_day(value: str) -> date:
    """A ``YYYY-MM-DD`` day; raises ValueError with a readable message."""
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"{value!r} is not a date of the form YYYY-MM-DD") from None
