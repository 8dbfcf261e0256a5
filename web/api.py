"""The JSON API: ``/api/search`` (+ CSV and JSON Lines downloads),
``/api/documents/<id>``, ``/api/facets/<name>``, ``/api/openapi.json``, ``/health``."""

from __future__ import annotations

import csv
import io
import json

from flask import Blueprint, Response, abort, jsonify

from search.request import MAX_RESULT_WINDOW, InvalidRequest, parse_integer
from web.shared import param, possible_id, search_index, search_request

bp = Blueprint("api", __name__)

#: ``format`` values of /api/search: the JSON response or a download.
FORMATS = ("json", "csv", "jsonl")
#: Rows in a download unless ``limit`` asks for another number (at most MAX_RESULT_WINDOW).
EXPORT_LIMIT = 1_000
#: Facet values listed by /api/facets/<name> unless ``limit`` asks for another number, and the most it may ask.
FACET_LIMIT, MAX_FACET_LIMIT = 50, 500
#: Characters in the ``prefix`` of /api/facets/<name>.
MAX_PREFIX_CHARS = 100
EXPORT_COLUMNS = ("id", "title", "date", "source", "agencies", "persons", "url", "score")
FACET_NAMES = ("person", "source")


def _int_param(name: str, default: int, low: int, high: int) -> int:
    number = parse_integer(name, param(name), default)
    if not low <= number <= high:
        raise InvalidRequest(name, f"must be between {low} and {high}")
    return number


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
    _int_param("limit", EXPORT_LIMIT, 1, MAX_RESULT_WINDOW)  # only downloads use it, but it must be valid
    return jsonify(search_index().search(search_request()).to_dict())


@bp.get("/api/search.csv")
def search_csv():
    return _download("csv")


@bp.get("/api/search.jsonl")
def search_jsonl():
    return _download("jsonl")


def _download(kind: str) -> Response:
    """Up to ``limit`` results (default 1,000) as CSV or JSON Lines."""
    limit = _int_param("limit", EXPORT_LIMIT, 1, MAX_RESULT_WINDOW)
    rows = [
        {key: value for key, value in hit.to_dict().items() if key in EXPORT_COLUMNS}
        for hit in search_index().export(search_request(), limit)
    ]
    if kind == "jsonl":
        body = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
        mimetype = "application/x-ndjson"
    else:
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=EXPORT_COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow({k: "; ".join(v) if isinstance(v, list) else v for k, v in row.items()})
        body, mimetype = out.getvalue(), "text/csv"
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="telusur.{kind}"'
    return response


@bp.get("/api/facets/<name>")
def facet_values(name: str):
    """Values of one facet in the current results, optionally those with a word starting with ``prefix``."""
    if name not in FACET_NAMES:
        abort(404, description=f"no facet {name[:40]!r}; facets with values to search: {', '.join(FACET_NAMES)}")
    limit = _int_param("limit", FACET_LIMIT, 1, MAX_FACET_LIMIT)
    prefix = param("prefix") or ""
    if len(prefix) > MAX_PREFIX_CHARS:
        raise InvalidRequest("prefix", f"at most {MAX_PREFIX_CHARS} characters")
    values = search_index().facet_values(search_request(), name, prefix=prefix, limit=limit)
    return jsonify({"facet": name, "prefix": prefix, "values": [v.__dict__ for v in values]})


@bp.get("/api/documents/<doc_id>")
def document(doc_id: str):
    """One whole article and the articles most like it; the JSON twin of the article page."""
    index = search_index()
    query = search_request().q  # validated like the article page's parameters
    found = index.document(doc_id, query) if possible_id(doc_id) else None
    if found is None:
        abort(404, description=f"no document with id {doc_id[:80]!r}")
    body = found.to_dict()
    body["similar"] = [
        {key: value for key, value in hit.to_dict().items() if key in ("id", "title", "date", "source", "url")}
        for hit in index.similar(doc_id)
    ]
    return jsonify(body)


@bp.get("/api/openapi.json")
def openapi():
    """The OpenAPI 3.1 description of this API."""
    from web.openapi import openapi_document  # it reads this module's limits

    return jsonify(openapi_document())


@bp.get("/health")
def health():
    """Liveness and the number of indexed documents."""
    return jsonify({"status": "ok", "documents": search_index().doc_count()})
