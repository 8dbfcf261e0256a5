"""What a search asks for, validated once for the CLI, the page and the API.

:mod:`search.retrieval.params` reads it from URL parameters and writes it back.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date

SORTS = ("relevance", "newest", "oldest")
DEFAULT_SIZE = 10
MAX_SIZE = 100
#: Results beyond this rank are not served (page * size must stay within it).
MAX_RESULT_WINDOW = 10_000
#: Characters in ``q`` (as sent, before surrounding spaces are trimmed).
MAX_QUERY_CHARS = 1_000
#: Values of one facet filter (``person``, ``source``...) in one request (each repeat counts, blank ones too).
MAX_FILTER_VALUES = 20
#: Characters in one facet filter value.
MAX_VALUE_CHARS = 200
#: The highest ``page`` there can be (with ``size=1``); with bigger pages it is lower.
MAX_PAGE = MAX_RESULT_WINDOW


class InvalidRequest(ValueError):
    """A parameter the search cannot accept; ``param`` names it."""

    def __init__(self, param: str, message: str) -> None:
        super().__init__(f"{param}: {message}")
        self.param = param
        self.message = message


@dataclass(frozen=True)
class SearchRequest:
    """One search: query text, facet filters, dates, sort and page.  Validated on creation.

    ``filters`` maps a facet's name (``person``, ``source``...) to its selected
    values; the facets (:mod:`search.retrieval.facets`) say how they combine.
    """

    q: str = ""
    filters: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    date_from: date | None = None
    date_to: date | None = None
    sort: str = "relevance"
    page: int = 1
    size: int = DEFAULT_SIZE

    def __post_init__(self) -> None:
        object.__setattr__(self, "filters", {name: tuple(values) for name, values in self.filters.items() if values})
        if len(self.q) > MAX_QUERY_CHARS:
            raise InvalidRequest("q", f"query is {len(self.q)} characters long; the limit is {MAX_QUERY_CHARS}")
        for param, values in self.filters.items():
            if len(values) > MAX_FILTER_VALUES:
                raise InvalidRequest(param, f"at most {MAX_FILTER_VALUES} values may be given")
            if any(not v.strip() or len(v) > MAX_VALUE_CHARS for v in values):
                raise InvalidRequest(param, f"values must be non-empty and at most {MAX_VALUE_CHARS} characters")
        if self.sort not in SORTS:
            raise InvalidRequest("sort", f"unknown sort {shown(self.sort)}; use one of {', '.join(SORTS)}")
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

    def values(self, facet: str) -> tuple[str, ...]:
        """The values selected in facet ``facet`` (none: not filtered by it)."""
        return self.filters.get(facet, ())

    def with_values(self, facet: str, values: tuple[str, ...]) -> SearchRequest:
        """A copy whose facet ``facet`` has ``values`` selected."""
        return replace(self, filters={**self.filters, facet: values})

    def with_changes(self, **changes: object) -> SearchRequest:
        """A copy with some fields changed (handy for building links)."""
        return replace(self, **changes)


def shown(value: str, limit: int = 40) -> str:
    """``value`` quoted for a message, cut to ``limit`` characters."""
    return repr(value[:limit]) + ("…" if len(value) > limit else "")
