"""Runs the web application under gunicorn, the production WSGI server."""

from __future__ import annotations

from pathlib import Path

from gunicorn.app.base import BaseApplication

#: Gunicorn's request limits, stated rather than left to its defaults: a request
#: line (method, URL, version) over this many bytes is refused (414 URI Too Long)
#: before the application sees it.  The application's own limits (query length, filter
#: count, page depth; see search/retrieval/request.py) are the ones users normally meet.
LIMIT_REQUEST_LINE = 4094
#: Header lines per request, and bytes per header line.
LIMIT_REQUEST_FIELDS = 100
LIMIT_REQUEST_FIELD_SIZE = 8190


class TelusurServer(BaseApplication):
    """Gunicorn configured from Python, serving ``web.create_app(index_dir)``."""

    def __init__(self, index_dir: Path, options: dict[str, object]) -> None:
        self.index_dir = index_dir
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from web import create_app

        return create_app(index_dir=self.index_dir)


def serve(index_dir: Path, host: str, port: int, workers: int) -> None:
    """Serve until interrupted; one worker process per ``workers``."""
    print(f"Telusur: serving {index_dir} on http://{host}:{port}/ with {workers} workers", flush=True)
    options = {
        "bind": f"{host}:{port}",
        "workers": workers,
        "accesslog": "-",
        "timeout": 30,
        "graceful_timeout": 5,
        "limit_request_line": LIMIT_REQUEST_LINE,
        "limit_request_fields": LIMIT_REQUEST_FIELDS,
        "limit_request_field_size": LIMIT_REQUEST_FIELD_SIZE,
        # Gunicorn 27's control socket is one path per user (~/.gunicorn), so two
        # servers on one machine (tests, benchmarks, make run) would take it
        # from each other; Telusur does not use it.
        "control_socket_disable": True,
    }
    TelusurServer(Path(index_dir).resolve(), options).run()
