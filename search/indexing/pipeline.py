"""One ``index`` run, as a chain of stages:

1. **open** the index (created if missing) and what it holds already
   (:class:`~search.indexing.inventory.Inventory`, file stamps, stem lexicon);
2. **plan** which files to read: new and changed ones, or all of them with
   ``force`` or ``rebuild``;
3. **read** them into Whoosh documents: records, articles and their metadata
   (:mod:`search.ingest`), here or in the helper process
   (:mod:`~search.indexing.helper`);
4. **write** new and changed articles, and delete pruned ones
   (:class:`~search.indexing.writer.LazyWriter`);
5. **commit** once, then save the file stamps and the stem lexicon, and rebuild the
   person registry (:mod:`~search.indexing.registry`) from the index's names and
   the curation file.

Everything is written in that one commit, so a failed or killed run leaves the
previous index as it was; a rebuild writes a whole new set of segments into the
same folder and switches to it in that commit, so searches never see an empty
or half-built index.  Re-running is incremental and never duplicates an article.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from whoosh.reading import IndexReader

from search.analysis import stemming
from search.indexing.curation import CURATION_FILE, Curation, read_curation
from search.indexing.helper import HELPER_MIN_BYTES, FileItems, reading
from search.indexing.inventory import Inventory, file_stamp, load_stamps, save_stamps
from search.indexing.postings import index_rows
from search.indexing.progress import IndexProgress, phase
from search.indexing.registry import REGISTRY_FILE, build_registry, registry_stale
from search.indexing.storage import FILE_STAMPS, STEM_LEXICON, open_or_create, save_analysis_stamp, unwritable
from search.indexing.summary import IndexSummary
from search.indexing.writer import LOCK_TIMEOUT, LazyWriter
from search.ingest.files import discover
from search.ingest.records import Problem


@dataclass
class FilePlan:
    """One input file: its key in the index, its stamp, the ids indexed from it, and whether to read it."""

    path: Path
    key: str
    stamp: str
    known_ids: set[str]
    read: bool


def index_paths(
    paths: Iterable[Path],
    index_dir: Path,
    *,
    prune: bool = False,
    reference: date | None = None,
    force: bool = False,
    rebuild: bool = False,
    show_progress: bool = False,
    lock_timeout: float = LOCK_TIMEOUT,
    helper: bool | None = None,
    curation: Path | None = None,
) -> IndexSummary:
    """Index every article under ``paths`` into ``index_dir``; one commit at the end.

    ``prune`` deletes articles whose file is gone, or gone from a file that was
    read; ``reference`` resolves year-less dates; ``force`` re-reads unchanged
    files; ``rebuild`` builds a fresh index that replaces the old one when it
    commits; ``lock_timeout`` is how long to wait for another run's lock;
    ``helper`` reads and extracts in a second process (default: when the files
    to read are large, see :mod:`search.indexing.helper`); ``curation`` is the
    person curation file (default: :data:`~search.indexing.curation.CURATION_FILE`
    in ``index_dir``; a rule it cannot read raises CurationError before anything is written).
    """
    rules = read_curation(curation or index_dir / CURATION_FILE)
    run = _Run(index_dir, reference=reference, rebuild=rebuild, lock_timeout=lock_timeout)  # 1. open
    try:
        plans = run.plan(paths, force=force or rebuild)  # 2. plan
        jobs = [(plan.path, plan.key) for plan in plans if plan.read]
        if helper is None:
            helper = sum(path.stat().st_size for path, _ in jobs) >= HELPER_MIN_BYTES
        run.start_progress(plans, show_progress)
        with reading(jobs, reference, helper=helper, lexicon=index_dir / STEM_LEXICON) as read_files:  # 3. read
            for plan in plans:
                run.write_file(plan, next(read_files) if plan.read else None, prune=prune)  # 4. write
        if prune:
            run.prune_missing_files()
        run.commit()  # 5. commit
    except BaseException:
        run.writer.cancel()
        raise
    return run.finish(rules)


class _Run:
    """The state of one run, from opening the index to saving what lies beside it."""

    def __init__(self, index_dir: Path, *, reference: date | None, rebuild: bool, lock_timeout: float) -> None:
        self.started = time.monotonic()
        self.index_dir, self.reference, self.rebuild = index_dir, reference, rebuild
        self.summary = IndexSummary()
        self.ix, self.created = open_or_create(index_dir, rebuild)
        self.writer = LazyWriter(self.ix, index_dir, rebuild=rebuild, lock_timeout=lock_timeout)
        self.stamps = {} if self.created or rebuild else load_stamps(index_dir)
        self.new_stamps = dict(self.stamps)
        self.stems_known = stemming.load_lexicon(index_dir / STEM_LEXICON)
        self.inventory = Inventory()
        #: id -> key of the file it was first seen in during this run.
        self.first_seen: dict[str, str] = {}
        self.progress: IndexProgress | None = None

    def plan(self, paths: Iterable[Path], *, force: bool) -> list[FilePlan]:
        """Every input file, with whether it must be read; missing or unreadable paths are reported."""
        if self.rebuild:
            self.writer.get()  # take the lock now: the commit replaces everything
        else:
            self.inventory = Inventory.read(self.ix)
        plans = []
        for found in discover(paths):
            if isinstance(found, Problem):
                self.summary.report(found)
                continue
            key = str(found.resolve())
            stamp = file_stamp(found, self.reference)
            known_ids = self.inventory.by_file.get(key, set())
            plans.append(FilePlan(found, key, stamp, known_ids, force or self.stamps.get(key) != stamp or not known_ids))
        return plans

    def start_progress(self, plans: list[FilePlan], show: bool) -> None:
        if show:
            self.progress = IndexProgress(sum(plan.path.stat().st_size for plan in plans))

    def write_file(self, plan: FilePlan, items: FileItems | None, *, prune: bool) -> None:
        """Index one file's articles (``items``; None for a file not read again)."""
        if items is None:
            self.summary.files_unchanged += 1
            self.summary.unchanged += len(plan.known_ids)
            self.first_seen.update(dict.fromkeys(plan.known_ids, plan.key))
            if self.progress:
                self.progress.advance(plan.path.stat().st_size, len(plan.known_ids))
            return
        self.summary.files_read += 1
        seen, clean = self._write_items(plan, items)
        if clean:
            self.new_stamps[plan.key] = plan.stamp
        else:
            self.new_stamps.pop(plan.key, None)
        if prune:
            for doc_id in plan.known_ids - seen:
                self.summary.deleted += self.writer.delete("id", doc_id)

    def _write_items(self, plan: FilePlan, items: FileItems) -> tuple[set[str], bool]:
        """Write a file's records; the ids it holds and whether all were read cleanly."""
        seen: set[str] = set()
        clean = True
        size, advanced = plan.path.stat().st_size, 0
        for item in items:
            if isinstance(item, Problem):
                self.summary.report(item)
                clean = clean and item.is_warning
                continue
            if self.progress:
                step = int(size * item.share)
                self.progress.advance(step, 1)
                advanced += step
            for problem in item.problems:
                self.summary.report(problem)
            if item.doc_id is None or item.fields is None or not self._write_article(plan, item.origin, item.doc_id, item.fields):
                clean = False
                continue
            seen.add(item.doc_id)
        if self.progress:
            self.progress.advance(size - advanced)
        return seen, clean

    def _write_article(self, plan: FilePlan, origin: str, doc_id: str, fields: dict[str, object]) -> bool:
        """Add or replace one article unless unchanged; False for a duplicate id."""
        if doc_id in self.first_seen:
            where = "this file" if self.first_seen[doc_id] == plan.key else self.first_seen[doc_id]
            self.summary.report(Problem.skipped(origin, f"duplicate id {doc_id!r} (already in {where})"))
            return False
        self.first_seen[doc_id] = plan.key
        previous = self.inventory.docs.get(doc_id)
        if previous == (fields["fingerprint"], plan.key):
            self.summary.unchanged += 1
        else:
            self.writer.add(fields)
            if previous is None:
                self.summary.indexed += 1
            else:
                self.summary.updated += 1
        return True

    def prune_missing_files(self) -> None:
        """Delete the articles of files that are gone."""
        for key in set(self.inventory.by_file) - set(self.first_seen.values()):
            if key and not os.path.exists(key):
                self.summary.deleted += self.writer.delete("file", key)
                self.new_stamps.pop(key, None)

    def commit(self) -> None:
        with phase(self.progress, "committing the index (writing and merging segments)"):
            self.writer.commit()

    def finish(self, curation: Curation) -> IndexSummary:
        """Save what lies beside the index (after the commit) and complete the summary."""
        if self.created or self.rebuild:
            try:
                save_analysis_stamp(self.index_dir)
            except OSError as error:
                raise unwritable(self.index_dir, error) from error
        if self.new_stamps != self.stamps or self.created or self.rebuild:
            try:
                save_stamps(self.index_dir, self.new_stamps)
            except OSError as error:
                reason = error.strerror or str(error)
                where = str(self.index_dir / FILE_STAMPS)
                self.summary.report(Problem.warning(where, f"not saved ({reason}); the next run re-reads every file"))
        if stemming.cached_count() > self.stems_known:
            with contextlib.suppress(OSError):  # only a cache: the next run recomputes what is missing
                stemming.save_lexicon(self.index_dir / STEM_LEXICON)
        with self.ix.searcher() as searcher:
            self.summary.total = searcher.doc_count()
            if self.writer.writer is not None or registry_stale(self.index_dir, curation):
                self._save_registry(searcher.reader(), curation)
        self.summary.seconds = time.monotonic() - self.started
        return self.summary

    def _save_registry(self, reader: IndexReader, curation: Curation) -> None:
        """Rebuild the person registry from every article's names; a registry that cannot be
        saved is a warning (searches then build one themselves)."""
        rows = list(zip(index_rows(reader, "person"), index_rows(reader, "person_partial")))
        try:
            build_registry(rows, curation).save(self.index_dir)
        except OSError as error:
            where = str(self.index_dir / REGISTRY_FILE)
            self.summary.report(Problem.warning(where, f"not saved ({error.strerror or error}); searches build the registry themselves"))
