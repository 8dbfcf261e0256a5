"""Helpers the page and API views share: the open index and request parsing."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import current_app, request

from search.engine import SearchIndex
from search.extract import MAX_ID_LENGTH
from search.request import SearchRequest, single


def search_index() -> SearchIndex:
    """The application's open index."""
    return current_app.extensions["telusur.index"]


def search_request() -> SearchRequest:
    """The SearchRequest for the current URL; raises InvalidRequest."""
    return SearchRequest.from_params(request.args.get, request.args.getlist)


def param(name: str) -> str | None:
    """The one value of URL parameter ``name`` (None when absent); InvalidRequest when repeated."""
    return single(request.args.getlist, name)


def possible_id(doc_id: str) -> bool:
    """Whether ``doc_id`` could be an article id at all (the indexer accepts only
    printable ids of at most MAX_ID_LENGTH characters without ``/``); others are
    answered 404 without asking the index."""
    return len(doc_id) <= MAX_ID_LENGTH and doc_id.isprintable() and "/" not in doc_id


def query_string(search: SearchRequest, **changes: object) -> str:
    """``?...`` for ``search`` with ``changes`` applied (empty string for no params)."""
    params = search.with_changes(**changes).to_params() if changes else search.to_params()
    return "?" + urlencode(params) if params else ""
