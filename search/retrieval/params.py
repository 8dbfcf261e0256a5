"""A search request as URL parameters, both ways.

The parameters: ``q``; one repeatable parameter per facet of names
(``person``, ``source``, ``agency``: see :data:`search.retrieval.facets.VALUE_FACETS`);
``from`` and ``to`` (``YYYY-MM-DD``); ``sort``; ``page``; ``size``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from search.ingest.dates import parse_day
from search.retrieval.facets import VALUE_FACETS
from search.retrieval.request import (
    DEFAULT_SIZE,
    MAX_FILTER_VALUES,
    MAX_QUERY_CHARS,
    MAX_VALUE_CHARS,
    InvalidRequest,
    SearchRequest,
    shown,
)

#: Parameters that take one value: giving one twice is an error, not a silent choice.
SINGLE_PARAMS = ("q", "from", "to", "sort", "page", "size")
#: A day as the API takes it: exactly ``YYYY-MM-DD`` in ASCII digits.
DAY_PATTERN = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
#: A whole number as the API takes it: ASCII digits, an optional minus, no spaces or ``_``.
INTEGER_PATTERN = re.compile(r"-?[0-9]+")
#: Longer numbers are beyond every limit; they are read as ±10**18 so the range message applies.
MAX_INTEGER_DIGITS = 18

Get = Callable[[str], "str | None"]
GetList = Callable[[str], "list[str]"]


def to_params(request: SearchRequest) -> list[tuple[str, str]]:
    """URL parameters that reproduce ``request`` (defaults left out)."""
    params: list[tuple[str, str]] = []
    if request.q:
        params.append(("q", request.q))
    for facet in VALUE_FACETS:
        params += [(facet.name, value) for value in request.values(facet.name)]
    if request.date_from:
        params.append(("from", request.date_from.isoformat()))
    if request.date_to:
        params.append(("to", request.date_to.isoformat()))
    if request.sort != "relevance":
        params.append(("sort", request.sort))
    if request.page != 1:
        params.append(("page", str(request.page)))
    if request.size != DEFAULT_SIZE:
        params.append(("size", str(request.size)))
    return params


def from_params(get: Get, getlist: GetList) -> SearchRequest:
    """Build from URL-style string parameters; raises InvalidRequest naming the bad one.

    Lengths and counts are checked on the values as sent.  An empty ``from``
    or ``to`` means no limit (the page's date form sends them empty); blank
    facet values are ignored; other parameters, when given, must be valid,
    and none of the single-valued ones may be repeated."""
    for name in SINGLE_PARAMS:
        single(getlist, name)
    q = get("q") or ""
    if len(q) > MAX_QUERY_CHARS:
        raise InvalidRequest("q", f"query is {len(q)} characters long; the limit is {MAX_QUERY_CHARS}")
    filters = {}
    for facet in VALUE_FACETS:
        values = getlist(facet.name)
        if len(values) > MAX_FILTER_VALUES:
            raise InvalidRequest(facet.name, f"at most {MAX_FILTER_VALUES} values may be given")
        if any(len(v) > MAX_VALUE_CHARS for v in values):
            raise InvalidRequest(facet.name, f"values must be at most {MAX_VALUE_CHARS} characters")
        filters[facet.name] = tuple(dict.fromkeys(v.strip() for v in values if v.strip()))
    return SearchRequest(
        q=q.strip(),
        filters=filters,
        date_from=_day(get, "from"),
        date_to=_day(get, "to"),
        sort="relevance" if get("sort") is None else get("sort"),  # type: ignore[arg-type]
        page=parse_integer("page", get("page"), 1),
        size=parse_integer("size", get("size"), DEFAULT_SIZE),
    )


def single(getlist: GetList, name: str) -> str | None:
    """The one value of parameter ``name`` (None when absent); InvalidRequest when repeated."""
    values = getlist(name)
    if len(values) > 1:
        raise InvalidRequest(name, f"given {len(values)} times; give it once")
    return values[0] if values else None


def _day(get: Get, name: str) -> date | None:
    value = get(name)
    if not value:
        return None
    if DAY_PATTERN.fullmatch(value):
        try:
            return parse_day(value)
        except ValueError:
            pass
    raise InvalidRequest(name, f"{shown(value)} is not a date of the form YYYY-MM-DD")


def parse_integer(name: str, value: str | None, default: int) -> int:
    """``value`` as a whole number (``default`` when absent); InvalidRequest naming ``name`` otherwise."""
    if value is None:
        return default
    if not INTEGER_PATTERN.fullmatch(value):
        raise InvalidRequest(name, f"{shown(value)} is not a whole number")
    if len(value.lstrip("-")) > MAX_INTEGER_DIGITS:
        return -(10**MAX_INTEGER_DIGITS) if value.startswith("-") else 10**MAX_INTEGER_DIGITS
    return int(value)
