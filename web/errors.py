"""Errors: JSON under ``/api`` and ``/health``, a friendly page elsewhere; never a stack trace.

An unexpected exception is logged with its traceback and answered with a
generic 500, whatever the DEBUG setting.  HTTP errors keep their headers
(a 405 lists the allowed methods in ``Allow``).
"""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

from search.retrieval.request import MAX_QUERY_CHARS, InvalidRequest
from web.messages import indonesian
from web.serialize import error_json

#: What a page says for an HTTP error Werkzeug describes in English.
PAGE_MESSAGES = {
    404: "Halaman yang diminta tidak ada.",
    405: "Cara permintaan ini tidak diizinkan di alamat ini.",
    413: "Permintaan terlalu besar.",
    500: "Terjadi kesalahan di server; silakan coba lagi.",
}

#: An error page links its JSON twin only when the address is no longer than this
#: (a 20,000-character id is not echoed back).
MAX_LINK_CHARS = 2_000


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.path == "/health"


def _respond(status: int, message: str, param: str | None = None, page_message: str | None = None):
    """JSON under ``/api``; elsewhere a page in Indonesian that keeps what was typed in the
    search box and links to the JSON twin of the request."""
    if _wants_json():
        return jsonify(error_json(status, message, param)), status
    query = request.query_string.decode("utf-8", "replace")
    twin = ("/api/search" if request.path == "/" else "/api" + request.path) + (f"?{query}" if query else "")
    return render_template(
        "error.html",
        status=status,
        message=page_message or message,
        typed=request.args.get("q", "")[:MAX_QUERY_CHARS],
        api_link=twin if len(twin) <= MAX_LINK_CHARS else None,
    ), status


def register(app: Flask) -> None:
    """Install the error handlers on ``app``."""

    @app.errorhandler(InvalidRequest)
    def invalid_request(error: InvalidRequest):
        return _respond(400, str(error), error.param, indonesian(error))

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        ours = error.description != type(error).description  # the pages abort with Indonesian messages
        page_message = error.description if ours else PAGE_MESSAGES.get(error.code or 500, PAGE_MESSAGES[500])
        body, status = _respond(error.code or 500, error.description or error.name, page_message=page_message)
        headers = [(name, value) for name, value in error.get_headers() if name.lower() != "content-type"]
        return body, status, headers

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        app.logger.exception("unhandled error on %s %s", request.method, request.path)
        return _respond(500, InternalServerError.description, page_message=PAGE_MESSAGES[500])
