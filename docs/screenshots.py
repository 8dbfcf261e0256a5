"""Screenshots for the README, taken from the running app over the seeds.

Usage: ``.venv/bin/python docs/screenshots.py`` (needs Debian's ``chromium``).
Indexes the seeds into a temporary folder, serves them with the production
server on a free loopback port, and saves PNGs into ``docs/``.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHOTS = {
    "search.png": ("/?q=bicara+putin", "1280,1100"),
    # a ticked person (chip, marked value) and the person filter box's matches
    "search-person.png": ("/?q=ukraina&person=Jen+Psaki&pq=yu", "1280,900"),
    "article.png": ("/documents/002_31777490a35d9720?q=bicara+putin", "1280,1100"),
    "search-phone.png": ("/?q=bicara", "412,900"),
}
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
]  # fmt: skip


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"server at {url} did not start")


def main() -> int:
    chromium = shutil.which("chromium")
    if not chromium:
        print("screenshots: needs Debian's chromium (apt-get install chromium)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        index_dir = Path(tmp) / "index"
        subprocess.run([sys.executable, "-m", "search", "index", "seeds", "--index", str(index_dir)], cwd=ROOT, check=True)
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "search", "serve", "--index", str(index_dir), "--port", str(port), "--workers", "1"],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            wait_until_up(f"http://127.0.0.1:{port}/health")
            for name, (path, size) in SHOTS.items():
                target = ROOT / "docs" / name
                subprocess.run(
                    [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={tmp}/profile", f"--window-size={size}",
                     f"--screenshot={target}", f"http://127.0.0.1:{port}{path}"],
                    check=True, capture_output=True, timeout=60,
                )  # fmt: skip
                print(f"wrote {target.relative_to(ROOT)}")
        finally:
            server.terminate()
            server.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
