"""Progress of a long indexing run: a bar with rate and ETA on a terminal,
a plain line every few seconds in a log, nothing for short runs."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
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


@contextmanager
def phase(progress: IndexProgress | None, name: str) -> Iterator[None]:
    """A step without measurable progress (Whoosh writing and merging segments at the
    commit): after a long run, a line when it starts, one every few seconds while it
    lasts (a spinner on a terminal) and one when it is done, so the run never looks stuck."""
    if progress is None or time.monotonic() - progress.started < QUIET_SECONDS:
        if progress is not None:
            progress.close()
        yield
        return
    progress.close()
    stream, started, done = progress.stream, time.monotonic(), threading.Event()
    every = 0.5 if stream.isatty() else LOG_EVERY_SECONDS
    print(f"{name} ...", file=stream, flush=True)

    def tick() -> None:
        spinner = "|/-\\"
        turn = 0
        while not done.wait(every):
            turn += 1
            elapsed = time.monotonic() - started
            if stream.isatty():
                print(f"\r{name} {spinner[turn % 4]} {elapsed:.0f} s", end="", file=stream, flush=True)
            else:
                print(f"{name}: {elapsed:.0f} s", file=stream, flush=True)

    ticker = threading.Thread(target=tick, daemon=True)
    ticker.start()
    try:
        yield
    finally:
        done.set()
        ticker.join()
        print(("\r" if stream.isatty() else "") + f"{name}: done in {time.monotonic() - started:.1f} s", file=stream, flush=True)
