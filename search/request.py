"""What a search asks for, validated once for the CLI, the page and the API."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from search.dates import parse_day

SORTS = ("relevance", "newest", "oldest")
DEFAULT_SIZE = 10
MAX_SIZE = 100
#: Results beyond this rank are not served (page * size must stay within it).
MAX_RESULT_WINDOW = 10_000
#: Characters in ``q`` (as sent, before surrounding spaces are trimmed).
MAX_QUERY_CHARS = 1_000
#: ``person`` or ``source`` values in one request (each repeat counts, blank ones too).
MAX_FILTER_VALUES = 20
#: Characters in one ``person`` or ``source`` value.
MAX_VALUE_CHARS = 200
#: The highest ``page`` there can be (with ``size=1``); with bigger pages it is lower.
MAX_PAGE = MAX_RESULT_WINDOW
#: Parameters that take one value: giving one twice is an error, not a silent choice.
SINGLE_PARAMS = ("q", "from", "to", "sort", "page", "size")
#: A day as the API takes it: exactly ``YYYY-MM-DD`` in ASCII digits.
DAY_PATTERN = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
#: A whole number as the API takes it: ASCII digits, an optional minus, no spaces or ``_``.
INTEGER_PATTERN = re.compile(r"-?[0-9]+")
#: Longer numbers are beyond every limit; they are read as ±10**18 so the range message applies.
MAX_INTEGER_DIGITS = 18


class InvalidRequest(ValueError):
    """A parameter the search cannot accept; ``param`` names it."""

    def __init__(self, param: str, message: str) -> None:
        super().__init__(f"{param}: {message}")
        self.param = param
        self.message = message


@dataclass(frozen=True)
class SearchRequest:
    """One search: query text, filters, sort and page.  Validated on creation."""

    q: str = ""
    persons: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    sort: str = "relevance"
    page: int = 1
    size: int = DEFAULT_SIZE

    def __post_init__(self) -> None:
        if len(self.q) > MAX_QUERY_CHARS:
            raise InvalidRequest("q", f"query is {len(self.q)} characters long; the limit is {MAX_QUERY_CHARS}")
        for param, values in (("person", self.persons), ("source", self.sources)):
            if len(values) > MAX_FILTER_VALUES:
                raise InvalidRequest(param, f"at most {MAX_FILTER_VALUES} values may be given")
            if any(not v.strip() or len(v) > MAX_VALUE_CHARS for v in values):
                raise InvalidRequest(param, f"values must be non-empty and at most {MAX_VALUE_CHARS} characters")
        if self.sort not in SORTS:
            raise InvalidRequest("sort", f"unknown sort {_shown(self.sort)}; use one of {', '.join(SORTS)}")
        if self.size < 1 or self.size > MAX_SIZE:
            raise InvalidRequest("size", f"must be between 1 and {MAX_SIZE}")
        if self.page < 1:
            raise InvalidRequest("page", "must be 1 or more")
        if self.page * self.size > MAX_RESULT_WINDOW:
            raise InvalidRequest(
                "page",
                f"results beyond the first {MAX_RESULT_WINDOW} are not served (with size={self.size} the last page is "
                f"{MAX_RESULT_WINDOW // self.size}); narrow the search",
            )
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise InvalidRequest("from", f"{self.date_from} is after to={self.date_to}")

    @property
    def effective_sort(self) -> str:
        """An empty query browses everything, newest first."""
        return "newest" if not self.q.strip() and self.sort == "relevance" else self.sort

    def with_changes(self, **changes: object) -> SearchRequest:
        """A copy with some fields changed (handy for building links)."""
        return replace(self, **changes)

    def to_params(self) -> list[tuple[str, str]]:
        """URL parameters that reproduce this request (defaults left out)."""
        params: list[tuple[str, str]] = []
        if self.q:
            params.append(("q", self.q))
        params += [("person", p) for p in self.persons]
        params += [("source", s) for s in self.sources]
        if self.date_from:
            params.append(("from", self.date_from.isoformat()))
        if self.date_to:
            params.append(("to", self.date_to.isoformat()))
        if self.sort != "relevance":
            params.append(("sort", self.sort))
        if self.page != 1:
            params.append(("page", str(self.page)))
        if self.size != DEFAULT_SIZE:
            params.append(("size", str(self.size)))
        return params

    @classmethod
    def from_params(cls, get: Callable[[str], str | None], getlist: Callable[[str], list[str]]) -> SearchRequest:
        """Build from URL-style string parameters; raises InvalidRequest naming the bad one.

        Lengths and counts are checked on the values as sent.  An empty ``from``
        or ``to`` means no limit (the page's date form sends them empty); blank
        ``person``/``source`` values are ignored; other parameters, when given,
        must be valid, and none of the single-valued ones may be repeated."""
        for name in SINGLE_PARAMS:
            single(getlist, name)
        q = get("q") or ""
        if len(q) > MAX_QUERY_CHARS:
            raise InvalidRequest("q", f"query is {len(q)} characters long; the limit is {MAX_QUERY_CHARS}")
        filters = {}
        for name in ("person", "source"):
            values = getlist(name)
            if len(values) > MAX_FILTER_VALUES:
                raise InvalidRequest(name, f"at most {MAX_FILTER_VALUES} values may be given")
            if any(len(v) > MAX_VALUE_CHARS for v in values):
                raise InvalidRequest(name, f"values must be at most {MAX_VALUE_CHARS} characters")
            filters[name] = _distinct(values)
        return cls(
            q=q.strip(),
            persons=filters["person"],
            sources=filters["source"],
            date_from=_day(get, "from"),
            date_to=_day(get, "to"),
            sort="relevance" if get("sort") is None else get("sort"),
            page=_integer(get, "page", 1),
            size=_integer(get, "size", DEFAULT_SIZE),
        )


def single(getlist: Callable[[str], list[str]], name: str) -> str | None:
    """The one value of parameter ``name`` (None when absent); InvalidRequest when repeated."""
    values = getlist(name)
    if len(values) > 1:
        raise InvalidRequest(name, f"given {len(values)} times; give it once")
    return values[0] if values else None


def _shown(value: str, limit: int = 40) -> str:
    """``value`` quoted for a message, cut to ``limit`` characters."""
    return repr(value[:limit]) + ("…" if len(value) > limit else "")


def _distinct(values: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v.strip() for v in values if v.strip()))


def _day(get: Callable[[str], str | None], name: str) -> date | None:
    value = get(name)
    if not value:
        return None
    if DAY_PATTERN.fullmatch(value):
        try:
            return parse_day(value)
        except ValueError:
            pass
    raise InvalidRequest(name, f"{_shown(value)} is not a date of the form YYYY-MM-DD")


def parse_integer(name: str, value: str | None, default: int) -> int:
    """``value`` as a whole number (``default`` when absent); InvalidRequest naming ``name`` otherwise."""
    if value is None:
        return default
    if not INTEGER_PATTERN.fullmatch(value):
        raise InvalidRequest(name, f"{_shown(value)} is not a whole number")
    if len(value.lstrip("-")) > MAX_INTEGER_DIGITS:
        return -(10**MAX_INTEGER_DIGITS) if value.startswith("-") else 10**MAX_INTEGER_DIGITS
    return int(value)


def _integer(get: Callable[[str], str | None], name: str, default: int) -> int:
    return parse_integer(name, get(name), default)
