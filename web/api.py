"""The JSON API: ``/api/search`` (+ CSV and JSON Lines downloads),
``/api/documents/<id>``, ``/api/facets/<name>``, ``/api/openapi.json``, ``/health``."""

from __future__ import annotations

from flask import Blueprint, Response, abort, jsonify

from search.retrieval.facets import VALUE_FACETS, value_facet
from search.retrieval.request import MAX_RESULT_WINDOW, InvalidRequest
from web import serialize
from web.openapi import openapi_document
from web.shared import (
    EXPORT_LIMIT,
    FACET_LIMIT,
    FORMATS,
    MAX_FACET_LIMIT,
    MAX_PREFIX_CHARS,
    int_param,
    param,
    search_index,
    search_request,
)

bp = Blueprint("api", __name__)


@bp.get("/api/search")
def search():
    """Ranked, filtered, faceted results; the JSON twin of the search page.
    ``format=csv`` or ``format=jsonl`` downloads the results instead."""
    export = param("format")
    if export is None:
        export = "json"
    if export not in FORMATS:
        raise InvalidRequest("format", f"unknown format {export[:40]!r}; use {', '.join(FORMATS)}")
    if export != "json":
        return _download(export)
    int_param("limit", EXPORT_LIMIT, 1, MAX_RESULT_WINDOW)  # only downloads use it, but it must be valid
    return jsonify(serialize.search_json(search_index().search(search_request())))


@bp.get("/api/search.csv")
def search_csv():
    return _download("csv")


@bp.get("/api/search.jsonl")
def search_jsonl():
    return _download("jsonl")


def _download(kind: str) -> Response:
    """Up to ``limit`` results (default 1,000) as CSV or JSON Lines."""
    limit = int_param("limit", EXPORT_LIMIT, 1, MAX_RESULT_WINDOW)
    rows = serialize.export_rows(search_index().export(search_request(), limit))
    if kind == "jsonl":
        response = Response(serialize.jsonl_text(rows), mimetype="application/x-ndjson")
    else:
        response = Response(serialize.csv_text(rows), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="telusur.{kind}"'
    return response


@bp.get("/api/facets/<name>")
def facet_values(name: str):
    """Values of one facet in the current results, optionally those with a word starting with ``prefix``."""
    facet = value_facet(name)
    if facet is None:
        names = ", ".join(f.name for f in VALUE_FACETS)
        abort(404, description=f"no facet {name[:40]!r}; facets with values to search: {names}")
    limit = int_param("limit", FACET_LIMIT, 1, MAX_FACET_LIMIT)
    prefix = param("prefix") or ""
    if len(prefix) > MAX_PREFIX_CHARS:
        raise InvalidRequest("prefix", f"at most {MAX_PREFIX_CHARS} characters")
    values = search_index().facet_values(search_request(), facet, prefix=prefix, limit=limit)
    return jsonify(serialize.facet_values_json(name, prefix, values))


@bp.get("/api/documents/<doc_id>")
def document(doc_id: str):
    """One whole article and the articles most like it; the JSON twin of the article page."""
    index = search_index()
    query = search_request().q  # validated like the article page's parameters
    found = index.document(doc_id, query)
    if found is None:
        abort(404, description=f"no document with id {doc_id[:80]!r}")
    return jsonify(serialize.document_json(found, index.similar(doc_id)))


@bp.get("/api/openapi.json")
def openapi():
    """The OpenAPI 3.1 description of this API."""
    return jsonify(openapi_document())


@bp.get("/health")
def health():
    """Liveness and the number of indexed documents."""
    return jsonify(serialize.health_json(search_index().doc_count()))
