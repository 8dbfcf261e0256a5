"""Errors: JSON under ``/api`` and ``/health``, a friendly page elsewhere; never a stack trace.

An unexpected exception is logged with its traceback and answered with a
generic 500, whatever the DEBUG setting.  HTTP errors keep their headers
(a 405 lists the allowed methods in ``Allow``).
"""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

from search.retrieval.request import InvalidRequest
from web.serialize import error_json


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.path == "/health"


def _respond(status: int, message: str, param: str | None = None):
    if _wants_json():
        return jsonify(error_json(status, message, param)), status
    return render_template("error.html", status=status, message=message), status


def register(app: Flask) -> None:
    """Install the error handlers on ``app``."""

    @app.errorhandler(InvalidRequest)
    def invalid_request(error: InvalidRequest):
        return _respond(400, str(error), error.param)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        body, status = _respond(error.code or 500, error.description or error.name)
        headers = [(name, value) for name, value in error.get_headers() if name.lower() != "content-type"]
        return body, status, headers

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        app.logger.exception("unhandled error on %s %s", request.method, request.path)
        return _respond(500, InternalServerError.description)
