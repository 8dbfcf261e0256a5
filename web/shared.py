"""Helpers the page and API views share: the open index and request parsing."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import current_app, request

from search.engine import SearchIndex
from search.request import SearchRequest


def search_index() -> SearchIndex:
    """The application's open index."""
    return current_app.extensions["telusur.index"]


def search_request() -> SearchRequest:
    """The SearchRequest for the current URL; raises InvalidRequest."""
    return SearchRequest.from_params(request.args.get, request.args.getlist)


def query_string(search: SearchRequest, **changes: object) -> str:
    """``?...`` for ``search`` with ``changes`` applied (empty string for no params)."""
    params = search.with_changes(**changes).to_params() if changes else search.to_params()
    return "?" + urlencode(params) if params else ""
