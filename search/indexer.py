"""Builds and updates the on-disk index from article files.

Re-running on the same input changes nothing: each article carries a
fingerprint of its content, unchanged articles are skipped, changed ones
replaced.  Everything is written in one commit, so a failed run leaves the
previous index as it was.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.index import LockError
from whoosh.writing import IndexWriter

from search.extract import build_article
from search.loaders import discover, load
from search.records import Problem
from search.schema import build_schema, document_fields


class IndexBusy(RuntimeError):
    """Another process holds the index's write lock."""


@dataclass
class IndexSummary:
    """What one indexing run did."""

    indexed: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    seconds: float = 0.0
    total: int = 0

    @property
    def seen(self) -> int:
        return self.indexed + self.updated + self.unchanged

    def lines(self) -> list[str]:
        """A human summary, one line per fact, then one per problem."""
        rate = self.seen / self.seconds if self.seconds else 0.0
        out = [
            f"indexed {self.indexed}, updated {self.updated}, unchanged {self.unchanged}, "
            f"skipped {len(self.skipped)}; {self.total} documents in the index "
            f"({self.seconds:.1f} s, {rate:.0f} docs/s)"
        ]
        out += [f"skipped: {p}" for p in self.skipped]
        out += [f"warning: {p}" for p in self.warnings]
        return out


def open_or_create(index_dir: Path):
    """The Whoosh index in ``index_dir``, created (with the folder) if missing."""
    index_dir.mkdir(parents=True, exist_ok=True)
    if whoosh_index.exists_in(str(index_dir)):
        return whoosh_index.open_dir(str(index_dir))
    return whoosh_index.create_in(str(index_dir), build_schema())


def _fingerprints(writer: IndexWriter) -> dict[str, str]:
    """id -> content fingerprint of every live document, read from columns."""
    reader = writer.reader()
    if reader.doc_count_all() == 0:
        return {}
    ids, prints = reader.column_reader("id"), reader.column_reader("fingerprint")
    return {
        ids[n]: prints[n]
        for n in range(reader.doc_count_all())
        if not reader.is_deleted(n)
    }


class Progress:
    """Prints a progress line to stderr every ``every`` seconds on long runs."""

    def __init__(self, stream=sys.stderr, every: float = 2.0) -> None:
        self.stream, self.every = stream, every
        self.started = self.last = time.monotonic()
        self.tty = stream.isatty()

    def __call__(self, done: int) -> None:
        now = time.monotonic()
        if now - self.last < self.every:
            return
        self.last = now
        rate = done / (now - self.started)
        end = "\r" if self.tty else "\n"
        print(f"  {done} documents read ({rate:.0f}/s)", end=end, file=self.stream, flush=True)

    def close(self) -> None:
        if self.tty and self.last != self.started:
            print(file=self.stream)


def index_paths(
    paths: Iterable[Path],
    index_dir: Path,
    progress: Callable[[int], None] | None = None,
) -> IndexSummary:
    """Index every article under ``paths`` into ``index_dir``; one commit at the end."""
    started = time.monotonic()
    summary = IndexSummary()
    ix = open_or_create(index_dir)
    try:
        writer = ix.writer(limitmb=256)
    except LockError as error:
        raise IndexBusy(f"the index in {index_dir} is being written by another process; try again when it finishes") from error
    try:
        known = _fingerprints(writer)
        first_seen: dict[str, str] = {}
        for item in discover(paths):
            records = [item] if isinstance(item, Problem) else load(item)
            for record in records:
                if isinstance(record, Problem):
                    summary.skipped.append(record)
                    continue
                article, problems = build_article(record)
                if article is None:
                    summary.skipped += problems
                    continue
                summary.warnings += problems
                if article.id in first_seen:
                    summary.skipped.append(Problem(record.origin, f"skipped: duplicate id {article.id!r} (first at {first_seen[article.id]})"))
                    continue
                first_seen[article.id] = record.origin
                fingerprint = article.fingerprint()
                previous = known.get(article.id)
                if previous == fingerprint:
                    summary.unchanged += 1
                elif previous is None:
                    writer.add_document(**document_fields(article))
                    summary.indexed += 1
                else:
                    writer.update_document(**document_fields(article))
                    summary.updated += 1
                if progress:
                    progress(summary.seen)
        if summary.indexed or summary.updated:
            writer.commit()
        else:
            writer.cancel()
    except BaseException:
        writer.cancel()
        raise
    with ix.searcher() as searcher:
        summary.total = searcher.doc_count()
    summary.seconds = time.monotonic() - started
    return summary
