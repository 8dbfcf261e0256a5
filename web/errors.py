"""Errors: JSON under ``/api`` and ``/health``, a friendly page elsewhere; never a stack trace."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

from search.request import InvalidRequest


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.path == "/health"


def _respond(status: int, message: str, param: str | None = None):
    if _wants_json():
        body = {"error": message, "status": status}
        if param:
            body["parameter"] = param
        return jsonify(body), status
    return render_template("error.html", status=status, message=message), status


def register(app: Flask) -> None:
    """Install the error handlers on ``app``."""

    @app.errorhandler(InvalidRequest)
    def invalid_request(error: InvalidRequest):
        return _respond(400, str(error), error.param)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        return _respond(error.code or 500, error.description or error.name)

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        app.logger.exception("unhandled error on %s", request.path)
        return _respond(500, InternalServerError.description)
