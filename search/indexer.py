"""Builds and updates the on-disk index from article files.

Incremental: unchanged files are skipped without being read (their size,
modification time and the extraction code are remembered beside the index);
articles are compared by a fingerprint of their content, so re-running adds
new ones, replaces changed ones and, with ``prune``, deletes those whose file
(or record) is gone.  Everything is written in one commit, so a failed or
killed run leaves the previous index as it was; a rebuild writes a whole new
set of segments into the same folder and switches to it in that commit, so
searches never see an empty or half-built index.

One writer at a time: a second run waits for the write lock up to a timeout.
The lock is an ``flock`` on a file, which the kernel releases when its holder
dies, so a lock left by a killed run is free without anyone deleting it.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.index import Index, LockError
from whoosh.writing import CLEAR, IndexWriter

from search import stemming
from search.extract import extractor_digest
from search.loaders import discover
from search.progress import IndexProgress
from search.reading import HELPER_MIN_BYTES, FileItems, reading
from search.records import Problem
from search.schema import build_schema
from search.storage import STEM_LEXICON, open_index, require_current_fields

#: Beside the index: file -> stamp of the files whose articles are all indexed.
FILE_STAMPS = "telusur-files.json"
#: Seconds a run waits for another run's write lock before giving up.
LOCK_TIMEOUT = 30.0


class IndexBusy(RuntimeError):
    """Another process holds the index's write lock."""


class IndexUnwritable(RuntimeError):
    """The index folder cannot be written (read-only, full disk, permissions);
    the index is as it was before the run."""


def _unwritable(index_dir: Path, error: OSError) -> IndexUnwritable:
    reason = error.strerror or str(error)
    return IndexUnwritable(f"cannot write the index in {index_dir}: {reason}; the index is unchanged since its last commit")


@dataclass
class IndexSummary:
    """What one indexing run did."""

    indexed: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    files_read: int = 0
    files_unchanged: int = 0
    skipped: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    seconds: float = 0.0
    total: int = 0

    def lines(self) -> list[str]:
        """A human summary: one line of counts, then one line per problem."""
        rate = (self.indexed + self.updated) / self.seconds if self.seconds else 0.0
        out = [
            f"indexed {self.indexed}, updated {self.updated}, unchanged {self.unchanged}, "
            f"deleted {self.deleted}, skipped {len(self.skipped)}, warnings {len(self.warnings)}; "
            f"{self.total} documents in the index "
            f"({self.files_read} files read, {self.files_unchanged} unchanged files not re-read; "
            f"{self.seconds:.1f} s, {rate:.0f} docs/s)"
        ]
        out += [str(p) for p in self.skipped + self.warnings]
        return out


def open_or_create(index_dir: Path, rebuild: bool = False) -> tuple[Index, bool]:
    """The Whoosh index in ``index_dir`` (created with the folder if missing),
    and whether it is new.  An index with other fields is refused unless
    ``rebuild``, which replaces its contents (and fields) when it commits."""
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        if whoosh_index.exists_in(str(index_dir)):
            ix = open_index(index_dir)
            if not rebuild:
                require_current_fields(ix, index_dir)
            return ix, False
        return whoosh_index.create_in(str(index_dir), build_schema()), True
    except OSError as error:
        raise _unwritable(index_dir, error) from error


@dataclass
class _Indexed:
    """What the index holds before this run: id -> (fingerprint, file), file -> ids."""

    docs: dict[str, tuple[str, str]] = field(default_factory=dict)
    by_file: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def read(cls, ix: Index) -> _Indexed:
        state = cls()
        with ix.reader() as reader:
            if reader.doc_count_all() == 0:
                return state
            ids, prints, files = (reader.column_reader(name) for name in ("id", "fingerprint", "file"))
            for n in range(reader.doc_count_all()):
                if not reader.is_deleted(n):
                    state.docs[ids[n]] = (prints[n], files[n])
                    state.by_file.setdefault(files[n], set()).add(ids[n])
        return state


class _LazyWriter:
    """Opens the index writer (and takes its lock) only when something changes,
    so a run that changes nothing leaves the index untouched.  A ``rebuild``
    writer gets the current fields and replaces every old segment on commit.
    Write failures (read-only folder, full disk) become :class:`IndexUnwritable`."""

    def __init__(self, ix: Index, index_dir: Path, *, rebuild: bool = False, lock_timeout: float = LOCK_TIMEOUT) -> None:
        self.ix, self.index_dir = ix, index_dir
        self.rebuild, self.lock_timeout = rebuild, lock_timeout
        self.writer: IndexWriter | None = None

    def _open(self) -> IndexWriter:
        try:
            writer = self.ix.writer(limitmb=256, timeout=self.lock_timeout, delay=0.25)
        except LockError as error:
            raise IndexBusy(
                f"the index in {self.index_dir} is being written by another process "
                f"(waited {self.lock_timeout:g} s for its lock); try again when it finishes"
            ) from error
        if self.rebuild:
            for name in list(writer.schema.names()):
                writer.remove_field(name)
            for name, field_type in build_schema().items():
                writer.add_field(name, field_type)
        return writer

    @contextlib.contextmanager
    def _writing(self) -> Iterator[None]:
        """Turns a failed write (read-only folder, full disk) into IndexUnwritable."""
        try:
            yield
        except OSError as error:
            raise _unwritable(self.index_dir, error) from error

    def get(self) -> IndexWriter:
        if self.writer is None:
            with self._writing():
                self.writer = self._open()
        return self.writer

    def add(self, fields: dict[str, object]) -> None:
        """Add a document; outside a rebuild it replaces any with the same id,
        so even an index changed by another run since this one read it gets
        no duplicate."""
        writer = self.get()
        with self._writing():
            (writer.add_document if self.rebuild else writer.update_document)(**fields)

    def delete(self, field_name: str, value: str) -> int:
        writer = self.get()
        with self._writing():
            return writer.delete_by_term(field_name, value)

    def commit(self) -> None:
        if self.writer is not None:
            with self._writing():
                self.writer.commit(mergetype=CLEAR) if self.rebuild else self.writer.commit()

    def cancel(self) -> None:
        """Drop what this run wrote and release the lock (best effort: the
        kernel releases the lock anyway when the process ends)."""
        if self.writer is not None and not self.writer.is_closed:
            try:
                self.writer.cancel()
            except Exception:  # noqa: BLE001 - the run is failing already; keep its error
                lock = getattr(self.writer, "writelock", None)
                if lock is not None and getattr(lock, "fd", None) is not None:
                    lock.release()


def _file_stamp(path: Path, reference: date | None) -> str:
    info = path.stat()
    return f"{info.st_size}:{info.st_mtime_ns}:{extractor_digest()}:{reference or ''}"


def _load_stamps(index_dir: Path) -> dict[str, str]:
    try:
        stamps = json.loads((index_dir / FILE_STAMPS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return stamps if isinstance(stamps, dict) else {}


def _save_stamps(index_dir: Path, stamps: dict[str, str]) -> None:
    """Written after the commit, atomically; losing it only costs a re-read."""
    target = index_dir / FILE_STAMPS
    temporary = target.with_suffix(".tmp")
    temporary.write_text(json.dumps(stamps, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    os.replace(temporary, target)


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
) -> IndexSummary:
    """Index every article under ``paths`` into ``index_dir``; one commit at the end.

    ``prune`` deletes articles whose file is gone, or gone from a file that was
    read; ``reference`` resolves year-less dates; ``force`` re-reads unchanged
    files; ``rebuild`` builds a fresh index that replaces the old one when it
    commits; ``lock_timeout`` is how long to wait for another run's lock;
    ``helper`` reads and extracts in a second process (default: when the files
    to read are large, see :mod:`search.reading`).
    """
    started = time.monotonic()
    summary = IndexSummary()
    ix, created = open_or_create(index_dir, rebuild)
    writer = _LazyWriter(ix, index_dir, rebuild=rebuild, lock_timeout=lock_timeout)
    stamps = {} if created or rebuild else _load_stamps(index_dir)
    new_stamps = dict(stamps)
    stems_known = stemming.load_lexicon(index_dir / STEM_LEXICON)
    try:
        if rebuild:
            writer.get()  # take the lock now: the commit replaces everything
        indexed = _Indexed() if rebuild else _Indexed.read(ix)
        inputs = list(discover(paths))
        files = [p for p in inputs if isinstance(p, Path)]
        summary.skipped += [p for p in inputs if isinstance(p, Problem)]
        progress = IndexProgress(sum(p.stat().st_size for p in files)) if show_progress else None
        first_seen: dict[str, str] = {}
        plan = []  # (path, key, stamp, ids indexed from it, whether to read it)
        for path in files:
            key = str(path.resolve())
            stamp = _file_stamp(path, reference)
            known_ids = indexed.by_file.get(key, set())
            plan.append((path, key, stamp, known_ids, force or stamps.get(key) != stamp or not known_ids))
        jobs = [(path, key) for path, key, _, _, read in plan if read]
        if helper is None:
            helper = sum(path.stat().st_size for path, _ in jobs) >= HELPER_MIN_BYTES
        with reading(jobs, reference, helper=helper, lexicon=index_dir / STEM_LEXICON) as read_files:
            for path, key, stamp, known_ids, read in plan:
                if not read:
                    summary.files_unchanged += 1
                    summary.unchanged += len(known_ids)
                    first_seen.update(dict.fromkeys(known_ids, key))
                    if progress:
                        progress.advance(path.stat().st_size, len(known_ids))
                    continue
                summary.files_read += 1
                items = next(read_files)
                seen_here, clean = _index_file(writer, items, path, key, indexed, first_seen, summary, progress)
                if clean:
                    new_stamps[key] = stamp
                else:
                    new_stamps.pop(key, None)
                if prune:
                    for doc_id in known_ids - seen_here:
                        summary.deleted += writer.delete("id", doc_id)
        if prune:
            for key in set(indexed.by_file) - set(first_seen.values()):
                if key and not os.path.exists(key):
                    summary.deleted += writer.delete("file", key)
                    new_stamps.pop(key, None)
        if progress:
            progress.close()
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
    if new_stamps != stamps or created or rebuild:
        try:
            _save_stamps(index_dir, new_stamps)
        except OSError as error:
            reason = error.strerror or str(error)
            summary.warnings.append(Problem(str(index_dir / FILE_STAMPS), f"warning: not saved ({reason}); the next run re-reads every file"))
    if stemming.cached_count() > stems_known:
        with contextlib.suppress(OSError):  # only a cache: the next run recomputes what is missing
            stemming.save_lexicon(index_dir / STEM_LEXICON)
    with ix.searcher() as searcher:
        summary.total = searcher.doc_count()
    summary.seconds = time.monotonic() - started
    return summary


def _index_file(
    writer: _LazyWriter,
    items: FileItems,
    path: Path,
    key: str,
    indexed: _Indexed,
    first_seen: dict[str, str],
    summary: IndexSummary,
    progress: IndexProgress | None,
) -> tuple[set[str], bool]:
    """Index one file's records; returns the ids it holds and whether all were read cleanly."""
    seen: set[str] = set()
    clean = True
    size, advanced = path.stat().st_size, 0
    for item in items:
        if isinstance(item, Problem):
            if item.is_warning:
                summary.warnings.append(item)
            else:
                summary.skipped.append(item)
                clean = False
            continue
        if progress:
            step = int(size * item.share)
            progress.advance(step, 1)
            advanced += step
        summary.warnings += [p for p in item.problems if p.is_warning]
        if item.doc_id is None or item.fields is None:
            summary.skipped += [p for p in item.problems if not p.is_warning]
            clean = False
            continue
        doc_id = item.doc_id
        if doc_id in first_seen:
            where = "this file" if first_seen[doc_id] == key else first_seen[doc_id]
            summary.skipped.append(Problem(item.origin, f"skipped: duplicate id {doc_id!r} (already in {where})"))
            clean = False
            continue
        first_seen[doc_id] = key
        seen.add(doc_id)
        previous = indexed.docs.get(doc_id)
        if previous == (item.fields["fingerprint"], key):
            summary.unchanged += 1
            continue
        writer.add(item.fields)
        if previous is None:
            summary.indexed += 1
        else:
            summary.updated += 1
    if progress:
        progress.advance(size - advanced)
    return seen, clean
