"""Reads article files and extracts their articles, here or in a helper process.

The indexer's one writer can use only one core, and reading files,
extracting metadata (dates, outlets, the person tagger) and stemming new
words take about as long as writing.  On a large input they run in a second
process, which streams the Whoosh documents to the writer, with the stems
of the words it met first, so the writer's stem cache is warm and the two
cores work at once.  Small inputs are read in this process: starting the
helper costs more than it saves.

The helper never touches the index (it is started with ``spawn``, so it
holds no copy of the write lock's file descriptor); it stops when the
indexer stops reading, fails, or dies, since its next write to the pipe
then fails.
"""

from __future__ import annotations

import contextlib
import multiprocessing
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from multiprocessing.connection import Connection
from pathlib import Path

from search.analysis import stemming
from search.analysis.analyzers import warm_stems
from search.indexing.schema import document_fields
from search.ingest.articles import build_article
from search.ingest.formats import load
from search.ingest.records import Problem

#: Inputs at least this large (bytes on disk) are read by a helper process.
HELPER_MIN_BYTES = 2_000_000
#: The fields whose analysis stems words (the body's words are also the spelling field's).
_ANALYSED_FIELDS = ("title", "body", "person_words", "source_words")
#: Records per message from the helper: large enough that pickling is cheap, small enough to pipeline.
BATCH = 32


@dataclass
class Extracted:
    """One record of a file, read and extracted: the Whoosh document (None if skipped)."""

    origin: str
    #: The part of its file this record takes up (0..1), for progress reports.
    share: float
    doc_id: str | None
    fields: dict[str, object] | None
    problems: list[Problem]


#: One file's records, in order: Problems (unreadable parts) and Extracted records.
FileItems = Iterator["Problem | Extracted"]
#: A file to read and the key its articles are indexed under.
Job = tuple[Path, str]


class ExtractionFailed(RuntimeError):
    """The helper process stopped before it had read every file (the run then
    writes nothing)."""


UNCHANGED = "; the index is unchanged since its last commit"


def extract_file(path: Path, key: str, reference: date | None) -> FileItems:
    """The records of one file, each extracted into a Whoosh document."""
    for record in load(path):
        if isinstance(record, Problem):
            yield record
            continue
        article, problems = build_article(record, reference, file=key)
        if article is None:
            yield Extracted(record.origin, record.share, None, None, problems)
        else:
            yield Extracted(record.origin, record.share, article.id, document_fields(article), problems)


@contextlib.contextmanager
def reading(jobs: Sequence[Job], reference: date | None, *, helper: bool, lexicon: Path | None = None) -> Iterator[Iterator[FileItems]]:
    """One iterator of items per job, in order; each must be used up before the next.

    With ``helper`` a second process reads and extracts (starting from the
    stem lexicon at ``lexicon``, like this process); otherwise this one does.
    """
    if not helper or not jobs:
        yield (extract_file(path, key, reference) for path, key in jobs)
        return
    process = _Helper(jobs, reference, lexicon)
    try:
        yield process.files()
    finally:
        process.stop()


class _Helper:
    """The helper process and the receiving end of its pipe."""

    def __init__(self, jobs: Sequence[Job], reference: date | None, lexicon: Path | None) -> None:
        context = multiprocessing.get_context("spawn")
        self.jobs = list(jobs)
        self.receiver, sender = context.Pipe(duplex=False)
        self.process = context.Process(
            target=_helper_main, args=(self.jobs, reference, lexicon, sender), name="telusur-extract", daemon=True
        )
        self.process.start()
        sender.close()  # only the helper writes: its death then reads as end of file here
        self.pending: list[Problem | Extracted | None] = []

    def files(self) -> Iterator[FileItems]:
        for _ in self.jobs:
            yield self._one_file()

    def _one_file(self) -> FileItems:
        while (item := self._next()) is not None:
            yield item

    def _next(self) -> Problem | Extracted | None:
        if not self.pending:
            try:
                message = self.receiver.recv()
            except (EOFError, OSError):
                self.process.join(5)
                raise ExtractionFailed(f"the extraction process stopped unexpectedly (exit status {self.process.exitcode}){UNCHANGED}") from None
            if isinstance(message, str):
                raise ExtractionFailed(f"the extraction process failed: {message}{UNCHANGED}")
            stems, items = message
            stemming.remember(stems)  # before the documents whose words they are
            self.pending = items[::-1]
        return self.pending.pop()

    def stop(self) -> None:
        self.receiver.close()
        if self.process.is_alive():
            self.process.terminate()
        self.process.join()


def _helper_main(jobs: list[Job], reference: date | None, lexicon: Path | None, sender: Connection) -> None:
    """The helper: extract every job's records and send them in batches, with new stems.

    ``None`` ends each file's items; a string reports an unexpected error.
    """
    try:
        if lexicon is not None:
            stemming.load_lexicon(lexicon)
        mark = stemming.cache_mark()
        batch: list[Problem | Extracted | None] = []
        for path, key in jobs:
            for item in extract_file(path, key, reference):
                if isinstance(item, Extracted) and item.fields is not None:
                    warm_stems(*(str(item.fields[name]) for name in _ANALYSED_FIELDS))
                batch.append(item)
                if len(batch) >= BATCH:
                    sender.send((stemming.stems_since(mark), batch))
                    mark, batch = stemming.cache_mark(), []
            batch.append(None)
        sender.send((stemming.stems_since(mark), batch))
    except (BrokenPipeError, ConnectionResetError, KeyboardInterrupt):
        return  # the indexer stopped reading (it finished, failed or was interrupted)
    except Exception as error:
        with contextlib.suppress(OSError):
            sender.send(f"{type(error).__name__}: {error}")
    finally:
        sender.close()
