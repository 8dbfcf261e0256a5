"""What a search asks for, validated once for the CLI, the page and the API."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from search.dates import parse_day

SORTS = ("relevance", "newest", "oldest")
DEFAULT_SIZE = 10
MAX_SIZE = 100
#: Results beyond this rank are not served (page * size must stay within it).
MAX_RESULT_WINDOW = 10_000
MAX_QUERY_CHARS = 1_000
MAX_FILTER_VALUES = 20
MAX_VALUE_CHARS = 200


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
            raise InvalidRequest("sort", f"unknown sort {self.sort!r}; use one of {', '.join(SORTS)}")
        if self.size < 1 or self.size > MAX_SIZE:
            raise InvalidRequest("size", f"must be between 1 and {MAX_SIZE}")
        if self.page < 1:
            raise InvalidRequest("page", "must be 1 or more")
        if self.page * self.size > MAX_RESULT_WINDOW:
            raise InvalidRequest("page", f"results beyond the first {MAX_RESULT_WINDOW} are not served; narrow the search")
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
        """Build from URL-style string parameters; raises InvalidRequest naming the bad one."""
        return cls(
            q=(get("q") or "").strip(),
            persons=_distinct(getlist("person")),
            sources=_distinct(getlist("source")),
            date_from=_day(get, "from"),
            date_to=_day(get, "to"),
            sort=get("sort") or "relevance",
            page=_integer(get, "page", 1),
            size=_integer(get, "size", DEFAULT_SIZE),
        )


def _distinct(values: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v.strip() for v in values if v.strip()))


def _day(get: Callable[[str], str | None], name: str) -> date | None:
    value = get(name)
    if not value:
        return None
    try:
        return parse_day(value)
    except ValueError as error:
        raise InvalidRequest(name, str(error)) from None


def _integer(get: Callable[[str], str | None], name: str, default: int) -> int:
    value = get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise InvalidRequest(name, f"{value[:40]!r} is not a whole number") from None
