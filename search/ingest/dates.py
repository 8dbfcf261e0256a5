"""Publication dates: parsing given values and finding them in article text.

Dates are stored in UTC and shown and bucketed in Jakarta time (WIB, UTC+7,
which has no daylight saving).  Times written with WITA (UTC+8) or WIT (UTC+9)
are converted.

``find_date`` takes the publication date only from where an article states it,
in this order:

1. a *stamp*: a full date on a header line (a short line, or after nothing but
   a byline or dateline) in the first ``HEADER_CHARS`` characters, with its
   clock time and zone if given: ``Nadia Lutfiana Mawarni Jumat, 31 Des 2021
   13:15 WIB``, ``31/12/2021``, ``2021-12-31 13:15``, ``7 Desember 2021``;
2. a *dateline* in the lead (the first ``LEAD_CHARS`` characters): a weekday
   with a bracketed date, ``Senin (16/9/2019)`` or year-less ``Kamis (30/12)``,
   a weekday with a full date, ``Senin, 16 September 2019``, or "today",
   ``hari ini (1/10)``; of several, the latest, as an article is published on
   or after the days it reports;
3. a year-less date on a header line, ``8 Desember``.

A date introduced as an event (``pada Sabtu (14/9/2019)``, ``sejak 2 Mei``,
``Jumat (23/8) lalu``, ``Senin (9/9) kemarin``) is skipped, and so is any other
full date in running text: those, and dates deeper into the body, are events.
A year is never invented: a year-less date is completed only from a reference
day (the ``reference`` argument, else the first full date in the header that is
not an event), to
the year closest to it, and a weekday written beside a date must agree with it
(or there is no date).  Ranges (``9-10 Januari``), numbers (``175.000``,
``1,87 persen``), numbered laws (``UU No 11/2020``), scores (``2-1``), bare years
(``2014 dan 2015``), phone and version numbers and bare times (``13.15``) are
not dates.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone
from typing import NamedTuple

JAKARTA = timezone(timedelta(hours=7), "WIB")
ZONES = {"wib": JAKARTA, "wita": timezone(timedelta(hours=8), "WITA"), "wit": timezone(timedelta(hours=9), "WIT")}

MONTHS = {
    # Indonesian names, abbreviations and old spellings
    "januari": 1, "jan": 1, "februari": 2, "pebruari": 2, "feb": 2, "peb": 2, "maret": 3, "mar": 3,
    "april": 4, "apr": 4, "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7,
    "agustus": 8, "agu": 8, "agt": 8, "ags": 8, "agus": 8, "september": 9, "sept": 9, "sep": 9,
    "oktober": 10, "okt": 10, "november": 11, "nopember": 11, "nov": 11, "nop": 11,
    "desember": 12, "des": 12,
    # English names and abbreviations seen on Indonesian sites
    "january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7,
    "august": 8, "aug": 8, "october": 10, "oct": 10, "december": 12, "dec": 12,
}  # fmt: skip
MONTH_NAMES = ("Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember").split()
WEEKDAYS = {
    "senin": 0, "selasa": 1, "rabu": 2, "kamis": 3, "jumat": 4, "jum'at": 4, "sabtu": 5, "minggu": 6, "ahad": 6,
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
    "mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6,
}  # fmt: skip

#: How far into an article a byline or header date may stand.
HEADER_CHARS = 400
#: How far into an article a dateline (``Senin (16/9/2019)``) may stand: about the lead.
LEAD_CHARS = 1200
#: A header line: a byline or date line is short.
_SHORT_LINE = 120

_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAY_ALT = "|".join(sorted((w.replace("'", "['\u2019]?") for w in WEEKDAYS), key=len, reverse=True))
_DAYTIME = r"(?:pagi|siang|sore|petang|malam|dini\s+hari)"
_YEAR_END = r"(?![\w/-]|[.,]\d)"
#: Every date form, found from its first digit (or bracket) so that scanning stays fast.
_DATE = re.compile(
    r"(?P<core>(?P<d>\d\d?)(?:"
    rf"\s+(?P<m>{_MONTH_ALT})(?![a-z])\.?(?:,?\s+(?P<y>(?:19|20)\d\d){_YEAR_END})?"  # 31 Des 2021, 8 Desember
    rf"|(?P<sep>[/-])(?P<mn>\d\d?)(?P=sep)(?P<ny>(?:19|20)\d\d){_YEAR_END}"  # 31/12/2021, 31-12-2021
    rf"|,\s*(?P<my>(?:19|20)\d\d){_YEAR_END}"  # (Dec) 31, 2021
    r")|(?P<iy>(?:19|20)\d\d)-(?P<imn>[01]\d)-(?P<id>[0-3]\d)(?![\d/-]|[.,]\d|[^\W\dT])"  # 2021-12-31
    r"|\(\s*(?P<pd>\d\d?)/(?P<pmn>\d\d?)(?:/(?P<py>(?:19|20)?\d\d))?\s*\))"  # (16/9/2019), (30/12)
    # a clock time right after the date: 13:15 WIB, pukul 13.15, | 13:15, T13:15:00+07:00
    r"(?:(?:\s*[,|\u2013\u2014-]\s*|\s+|T)(?:pukul\s+|jam\s+)?(?P<H>[01]?\d|2[0-3])[:.](?P<M>[0-5]\d)(?::[0-5]\d)?(?!\d|[.,]\d)"
    r"(?:\s*(?P<tz>WITA|WIB|WIT)\b|(?P<off>Z|[+-](?:0\d|1[0-4]):?[0-5]\d)(?!\d))?)?",
    re.I,
)
#: What may stand right before a date: a weekday (``Senin (16/9/2019)``, ``Jumat, 31 Des 2021``,
#: ``Selasa malam (17/9)``) or "today" (``hari ini (1/10)``, ``pagi ini, 23 Oktober 2019``).
_BEFORE_DATE = re.compile(
    rf"(?:(?<![\w'\u2019])(?P<wd>{_WEEKDAY_ALT})(?:\s+{_DAYTIME})?|(?P<today>\b(?:hari|{_DAYTIME})\s+ini|\btadi\s+{_DAYTIME}))"
    r"\s*,?\s*$",
    re.I,
)
_MONTH_BEFORE = re.compile(rf"(?<![a-z])(?P<m>{_MONTH_ALT})\.?\s+$", re.I)
#: Before a date: the other end of a range (``9-10 Januari``, ``30 September - 2 Oktober``,
#: ``9 dan 10 Januari``) or a number's label (``UU No 11/12/2020``).
_RANGE_BEFORE = re.compile(
    rf"(?:\d\s*(?:[-\u2013\u2014]|s/d|s\.d\.?|sd|hingga|sampai|dan|&)|(?:{_MONTH_ALT})\.?\s*[-\u2013\u2014]"
    r"|\b(?:no|nomor|nr|nomer)\.?\s*:?)\s*$",
    re.I,
)
#: After a date: the other end of a range (``21 Oktober 2019 - 23 Oktober 2019``, ``9 Januari-10 Januari``).
_RANGE_AFTER = re.compile(r"\s*(?:[-\u2013\u2014]|s/d|s\.d\.?|hingga|sampai)\s*\d{1,2}(?:\s+[a-z]|/\d)", re.I)
#: A year-less date must not be followed by a number (``8 Desember 20``).
_NUMBER_AFTER = re.compile(r"\.?,?\s*\d")
#: A promotion (``Baca juga: ...``) whose dates belong to another article.
_PROMO = re.compile(r"[\s(,]*(?:baca|lihat|simak|tonton)\s+juga\b", re.I)
#: Words that make a date an event rather than the day of reporting: ``pada Sabtu (14/9)``,
#: ``sejak 2 Mei 2019``, ``Senin (9/9/2019) kemarin``, ``Jumat (23/8) lalu``.
_EVENT_BEFORE = frozenset(
    "pada hari sejak hingga sampai mulai jelang menjelang sebelum setelah usai seusai tanggal tgl akan dan atau antara "
    "kemarin lalu selama".split()
)
_EVENT_AFTER = frozenset("lalu kemarin silam mendatang nanti depan besok hingga sampai dan atau s sd".split())
_WORD_BEFORE = re.compile(r"(\w+)[^\w\n.;:!?]{0,3}$")
_WORD_AFTER = re.compile(r"[^\w\n.,;:!?]{0,3}(\w+)")
#: What may stand before a date on a header line: a byline or a dateline of capitalised words
#: (``Nadia Lutfiana Mawarni``, ``JAKARTA, KOMPAS.com -``).
_HEADER_PREFIX = re.compile(r"[\W_]*(?:[A-Z][\w.'\u2019]*[\W_]*){0,8}")
_HAS_DIGIT = re.compile(r"\d")


class _Found(NamedTuple):
    """One date form found in the text."""

    start: int  # where it starts, with a weekday written before it
    end: int
    kind: str  # "full", "paren" (a bracketed dateline) or "yearless"
    day: int
    month: int
    year: int | None
    weekday: str | None
    today: bool
    clock: dict[str, str | None]


def find_date(text: str, reference: date | None = None) -> datetime | None:
    """The publication date stated in an article's header or lead (aware, UTC), or None.

    ``reference`` (a day on or shortly after publication, e.g. from given
    metadata or ``--reference-date``) completes year-less dates such as
    ``Kamis (30/12)``; without it only a full date in the same header can.
    """
    lead = text[:LEAD_CHARS]
    if not _HAS_DIGIT.search(lead):
        return None
    if isinstance(reference, datetime):
        try:
            reference = to_jakarta(reference).date()
        except OverflowError:  # within hours of datetime.min or datetime.max
            reference = reference.date()
    truncated = len(text) > LEAD_CHARS
    stamp: datetime | None = None
    anchor: date | None = None
    datelines: list[_Found | datetime] = []
    yearless: list[_Found] = []
    for match in _DATE.finditer(lead):
        found = _found(lead, match)
        if found is None or _rejected(lead, found, match):
            continue
        in_header = found.start < HEADER_CHARS
        if found.kind == "full":
            moment = _full_date(found)
            if moment is None:
                continue
            if not found.today and _event_like(lead, found):
                continue
            if in_header and anchor is None:
                anchor = to_jakarta(moment).date()
            if in_header and _on_header_line(lead, found, truncated):
                stamp = moment
                break
            if found.weekday or found.today:
                datelines.append(moment)
        elif found.kind == "paren":
            if found.today or not _event_like(lead, found):
                datelines.append(found)
        elif in_header and _on_header_line(lead, found, truncated) and not _event_like(lead, found):
            yearless.append(found)
    if stamp is not None:
        return stamp
    anchor = reference or anchor
    reported = [item if isinstance(item, datetime) else _paren_date(item, anchor) for item in datelines]
    reported = [moment for moment in reported if moment is not None]
    if reported:
        return max(reported)
    if anchor is not None:
        for item in yearless:
            day = _resolve(item.day, item.month, item.weekday, anchor)
            if day is not None:
                return _with_clock(day, item.clock)
    return None


def _found(text: str, match: re.Match[str]) -> _Found | None:
    """What ``match`` is, or None when it is not a date (``2,5 Juni``, ``Liga 1, 2019``)."""
    parts = match.groupdict()
    start = match.start()
    clock = {"H": parts["H"], "M": parts["M"], "tz": parts["tz"], "off": parts["off"]}
    if parts["pd"] is not None:
        kind, day, month = "paren", int(parts["pd"]), int(parts["pmn"])
        year = None if parts["py"] is None else int(parts["py"]) + (2000 if len(parts["py"]) == 2 else 0)
    elif parts["iy"] is not None:
        kind, day, month, year = "full", int(parts["id"]), int(parts["imn"]), int(parts["iy"])
    else:
        if start and (text[start - 1].isalnum() or text[start - 1] in "/.-_" or text[start - 2 : start].rstrip(",").isdigit()):
            return None  # part of a longer number: 175.000, 1,87, 2,5 Juni, 10/12/2019/1
        day = int(parts["d"])
        if parts["m"] is not None:
            month = MONTHS[parts["m"].lower()]
            year = int(parts["y"]) if parts["y"] else None
            kind = "full" if year else "yearless"
            if year is None and (not parts["m"][0].isupper() or _NUMBER_AFTER.match(text, match.end("m"))):
                return None
        elif parts["ny"] is not None:
            kind, month, year = "full", int(parts["mn"]), int(parts["ny"])
        else:
            before = _MONTH_BEFORE.search(text, max(0, start - 12), start)
            if before is None:
                return None
            kind, month, year, start = "full", MONTHS[before.group("m").lower()], int(parts["my"]), before.start()
    weekday, today = None, False
    if start:
        before = _BEFORE_DATE.search(text, max(0, start - 28), start)
        if before is not None:
            weekday, today, start = before.group("wd"), before.group("today") is not None, before.start()
    if kind == "paren" and not (weekday or today):
        return None
    end = match.end() if kind != "paren" else match.end("core")
    return _Found(start, end, kind, day, month, year, weekday, today, clock)


def _rejected(text: str, found: _Found, match: re.Match[str]) -> bool:
    """Is ``found`` part of a range or a numbered item, or inside a ``Baca juga`` promotion?"""
    start = found.start
    if _RANGE_BEFORE.search(text, max(0, start - 14), start):
        return True
    if found.kind != "paren" and _RANGE_AFTER.match(text, match.end("core")):
        return True
    boundary = max(text.rfind("\n", 0, start), text.rfind(",", 0, start))
    return boundary >= start - 200 and _PROMO.match(text, boundary + 1, start) is not None


def _event_like(text: str, found: _Found) -> bool:
    """Do the words around ``found`` make it an event (``pada ...``, ``... lalu``)?"""
    before = _WORD_BEFORE.search(text, max(0, found.start - 16), found.start)
    if before and before.group(1).lower() in _EVENT_BEFORE:
        return True
    after = _WORD_AFTER.match(text, found.end)
    return bool(after and after.group(1).lower() in _EVENT_AFTER)


def _on_header_line(text: str, found: _Found, truncated: bool) -> bool:
    """Is ``found`` on a short line, or after nothing but a byline or dateline?"""
    line_start = text.rfind("\n", 0, found.start) + 1
    line_end = text.find("\n", found.end)
    if line_end == -1 and not truncated:
        line_end = len(text)
    if line_end != -1 and line_end - line_start <= _SHORT_LINE:
        return True
    if found.start - line_start > 60:
        return False
    prefix = _HEADER_PREFIX.match(text, line_start, found.start)
    return prefix is not None and prefix.end() == found.start


def _weekday_agrees(day: date, weekday: str | None) -> bool:
    if weekday is None:
        return True
    return WEEKDAYS[weekday.lower().replace("\u2019", "'")] == day.weekday()


def _full_date(found: _Found) -> datetime | None:
    try:
        day = date(found.year or 0, found.month, found.day)
    except ValueError:
        return None
    if not _weekday_agrees(day, found.weekday):
        return None
    return _with_clock(day, found.clock)


def _with_clock(day: date, clock: dict[str, str | None]) -> datetime:
    """``day`` at ``clock`` (Jakarta midnight if none), in UTC."""
    if clock["H"] is None:
        return _at_midnight(day)
    zone = JAKARTA
    if clock["tz"]:
        zone = ZONES[clock["tz"].lower()]
    elif clock["off"]:
        zone = timezone.utc if clock["off"].upper() == "Z" else _offset(clock["off"])
    return datetime.combine(day, time(int(clock["H"]), int(clock["M"])), zone).astimezone(timezone.utc)


def _offset(value: str) -> timezone:
    sign = -1 if value[0] == "-" else 1
    digits = value[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))


def _paren_date(found: _Found, anchor: date | None) -> datetime | None:
    """The day of a bracketed dateline (Jakarta midnight); a year-less one needs ``anchor``."""
    if found.year is None:
        day = None if anchor is None else _resolve(found.day, found.month, found.weekday, anchor)
        return None if day is None else _at_midnight(day)
    try:
        day = date(found.year, found.month, found.day)
    except ValueError:
        return None
    return _at_midnight(day) if _weekday_agrees(day, found.weekday) else None


def _resolve(day: int, month: int, weekday: str | None, reference: date) -> date | None:
    """``day``/``month`` in the year closest to ``reference`` (earlier on a tie); None if the weekday disagrees."""
    candidates = []
    for year in (reference.year - 1, reference.year, reference.year + 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if date.min < candidate < date.max:  # its time in any zone converts to UTC
            candidates.append(candidate)
    if not candidates:
        return None
    best = min(candidates, key=lambda d: (abs((d - reference).days), d > reference))
    return best if _weekday_agrees(best, weekday) else None


def _at_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), JAKARTA).astimezone(timezone.utc)


def parse_date(value: str) -> datetime:
    """A given date: ISO 8601, or a full date as Indonesian news writes one
    (``Senin, 16 September 2019``, ``12/09/2019``, day first, ``26/09/2019 08:46``,
    ``31 Des 2021 13:15 WIB``); naive values are read as Jakarta time.

    Raises ValueError naming the value that was not understood.
    """
    text = value.strip()
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        written = _written_date(text)
        if written is None:
            raise ValueError(
                f"unparseable date {value!r} (expected ISO 8601 such as 2021-12-31T13:15:00+07:00, "
                "or a day such as 31/12/2021, 31 Desember 2021 or Jumat, 31 Des 2021 13:15 WIB)"
            ) from None
        return written
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=JAKARTA)
    return parsed.astimezone(timezone.utc)


def _written_date(text: str) -> datetime | None:
    """``text`` when it is one full date as the text forms are written (a weekday may
    come first, and must agree), else None."""
    match = _DATE.search(text)
    if match is None or text[match.end() :].strip(" ,."):
        return None
    found = _found(text, match)
    if found is None or found.start != 0 or found.year is None:
        return None
    if found.kind == "paren":
        return _paren_date(found, None)
    return _full_date(found)


def to_jakarta(moment: datetime) -> datetime:
    """``moment`` (aware, or naive UTC as Whoosh returns it) in Jakarta time."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(JAKARTA)


def month_key(moment: datetime) -> str:
    """The Jakarta month of ``moment`` as ``YYYY-MM`` (the date facet's bucket)."""
    return to_jakarta(moment).strftime("%Y-%m")


def day_text(day: date) -> str:
    """``2021-12-31`` -> ``31 Desember 2021``."""
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def day_label(moment: datetime) -> str:
    """``31 Desember 2021`` (Jakarta time)."""
    return day_text(to_jakarta(moment).date())


def parse_day(value: str) -> date:
    """A ``YYYY-MM-DD`` day; raises ValueError with a readable message."""
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"{value!r} is not a date of the form YYYY-MM-DD") from None
