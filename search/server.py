"""Runs the web application under gunicorn, the production WSGI server."""

from __future__ import annotations

from pathlib import Path

from gunicorn.app.base import BaseApplication


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
    }
    TelusurServer(Path(index_dir).resolve(), options).run()
