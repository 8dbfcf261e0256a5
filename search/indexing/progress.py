"""Progress of a long indexing run: a bar with rate and ETA on a terminal,
a plain line every few seconds in a log, nothing for short runs."""

from __future__ import annotations

import sys
import time
from typing import TextIO

from tqdm import tqdm

#: Runs shorter than this show no progress at all.
QUIET_SECONDS = 2.0
#: Interval between plain progress lines when stderr is not a terminal.
LOG_EVERY_SECONDS = 10.0


class IndexProgress:
    """Tracks bytes of input read and documents processed."""

    def __init__(self, total_bytes: int, stream: TextIO = sys.stderr) -> None:
        self.total = total_bytes
        self.stream = stream
        self.done_bytes = 0
        self.docs = 0
        self.started = self.last_line = time.monotonic()
        self.bar: tqdm | None = None
        if stream.isatty():
            self.bar = tqdm(
                total=total_bytes, unit="B", unit_scale=True, delay=QUIET_SECONDS, file=stream,
                desc="indexing", bar_format="{desc}: {percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt} [{elapsed}<{remaining}] {postfix}",
            )  # fmt: skip

    def advance(self, nbytes: int, docs: int = 0) -> None:
        """``nbytes`` more of the input read, ``docs`` more documents processed."""
        self.done_bytes += nbytes
        self.docs += docs
        now = time.monotonic()
        rate = self.docs / max(now - self.started, 1e-9)
        if self.bar is not None:
            self.bar.set_postfix_str(f"{self.docs} docs, {rate:.0f} docs/s", refresh=False)
            self.bar.update(nbytes)
        elif now - self.started >= QUIET_SECONDS and now - self.last_line >= LOG_EVERY_SECONDS:
            self.last_line = now
            share = self.done_bytes / self.total if self.total else 1.0
            eta = (now - self.started) * (1 - share) / share if share else 0.0
            print(f"indexing: {share:4.0%} of input, {self.docs} docs, {rate:.0f} docs/s, ETA {eta:.0f} s", file=self.stream, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
