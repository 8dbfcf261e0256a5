"""What the page and API views share: the open index, the request's parameters
and links that keep the whole search in the URL."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import current_app, request

from search.retrieval.params import from_params, parse_integer, single, to_params
from search.retrieval.request import InvalidRequest, SearchRequest
from search.retrieval.service import SearchIndex

#: ``format`` values of /api/search: the JSON response or a download.
FORMATS = ("json", "csv", "jsonl")
#: Rows in a download unless ``limit`` asks for another number (at most MAX_RESULT_WINDOW).
EXPORT_LIMIT = 1_000
#: Facet values listed by /api/facets/<name> unless ``limit`` asks for another number, and the most it may ask.
FACET_LIMIT, MAX_FACET_LIMIT = 50, 500
#: Characters in the ``prefix`` of /api/facets/<name>.
MAX_PREFIX_CHARS = 100


def search_index() -> SearchIndex:
    """The application's open index."""
    return current_app.extensions["telusur.index"]


def search_request() -> SearchRequest:
    """The SearchRequest for the current URL; raises InvalidRequest."""
    return from_params(request.args.get, request.args.getlist)


def param(name: str) -> str | None:
    """The one value of URL parameter ``name`` (None when absent); InvalidRequest when repeated."""
    return single(request.args.getlist, name)


def int_param(name: str, default: int, low: int, high: int) -> int:
    """URL parameter ``name`` as a whole number from ``low`` to ``high``."""
    number = parse_integer(name, param(name), default)
    if not low <= number <= high:
        raise InvalidRequest(name, f"must be between {low} and {high}")
    return number


def query_string(search: SearchRequest, **changes: object) -> str:
    """``?...`` for ``search`` with ``changes`` applied (empty string for no params)."""
    params = to_params(search.with_changes(**changes) if changes else search)
    return "?" + urlencode(params) if params else ""
