"""Telusur's Flask application: the search page, the article page and the JSON API."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask
from flask_compress import Compress

from search.retrieval.service import SearchIndex

#: What is compressed: pages, styles and script, the JSON answers and the downloads.
COMPRESSED = [
    "text/html", "text/css", "text/javascript", "application/javascript", "image/svg+xml",
    "application/json", "text/csv", "application/x-ndjson",
]  # fmt: skip


def create_app(index_dir: str | Path | None = None, config: dict[str, object] | None = None) -> Flask:
    """Application factory.  The index is opened once; its searcher is reused
    and refreshed when the index changes on disk.

    ``index_dir`` defaults to ``$TELUSUR_INDEX`` or ``index/``.
    """
    app = Flask(__name__)
    app.config.update(
        INDEX_DIR=str(index_dir or os.environ.get("TELUSUR_INDEX", "index")),
        JSON_SORT_KEYS=False,
    )
    app.json.sort_keys = False
    app.json.ensure_ascii = False
    if config:
        app.config.update(config)
    app.extensions["telusur.index"] = SearchIndex(app.config["INDEX_DIR"])
    app.config.setdefault("COMPRESS_MIMETYPES", COMPRESSED)
    Compress(app)  # gzip, brotli or zstd, as the client accepts

    from web import api, errors, pages, security

    app.register_blueprint(pages.bp)
    app.register_blueprint(api.bp)
    errors.register(app)
    security.register(app)
    return app
