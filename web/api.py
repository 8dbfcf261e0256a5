"""The JSON API: ``/api/search``, ``/api/documents/<id>``, ``/health``."""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, request

from web.shared import search_index, search_request

bp = Blueprint("api", __name__)


@bp.get("/api/search")
def search():
    """Ranked, filtered, faceted results; the JSON twin of the search page."""
    return jsonify(search_index().search(search_request()).to_dict())


@bp.get("/api/documents/<doc_id>")
def document(doc_id: str):
    """One whole article; the JSON twin of the article page."""
    found = search_index().document(doc_id, request.args.get("q", ""))
    if found is None:
        abort(404, description=f"no document with id {doc_id!r}")
    return jsonify(found.to_dict())


@bp.get("/health")
def health():
    """Liveness and the number of indexed documents."""
    return jsonify({"status": "ok", "documents": search_index().doc_count()})
