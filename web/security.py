"""HTTP hardening for every response: security headers and a cap on request bodies.

The pages load only ``/static/style.css`` and ``/static/telusur.js`` and have no
inline scripts, styles or event-handler attributes, so the policy can forbid
all inline code: markup that slips into a page cannot run.
"""

from __future__ import annotations

from flask import Flask, Response, abort, current_app, request

#: Sent with every response: pages, JSON, downloads, static files and errors.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
}
#: No endpoint reads a request body; anything bigger than this is refused with 413.
MAX_BODY_BYTES = 16 * 1024


def _refuse_big_bodies() -> None:
    length = request.content_length
    if length is not None and length > current_app.config["MAX_CONTENT_LENGTH"]:
        abort(413, description=f"request bodies are limited to {current_app.config['MAX_CONTENT_LENGTH']} bytes")


def _add_headers(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def register(app: Flask) -> None:
    """Install the body cap and the headers on ``app``."""
    if app.config.get("MAX_CONTENT_LENGTH") is None:  # Flask's default is None: no limit
        app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    app.before_request(_refuse_big_bodies)
    app.after_request(_add_headers)
