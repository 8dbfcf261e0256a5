"""The index writer of one run: opened only when something changes, one writer
at a time, and failures that leave the index as it was.

The write lock is an ``flock`` on a file, which the kernel releases when its
holder dies, so a lock left by a killed run is free without anyone deleting it;
a second run waits for it up to a timeout.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from whoosh.index import Index, LockError
from whoosh.writing import CLEAR, IndexWriter

from search.indexing.schema import build_schema
from search.indexing.storage import unwritable

#: Seconds a run waits for another run's write lock before giving up.
LOCK_TIMEOUT = 30.0


class IndexBusy(RuntimeError):
    """Another process holds the index's write lock."""


class LazyWriter:
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
            raise unwritable(self.index_dir, error) from error

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
            except Exception:
                lock = getattr(self.writer, "writelock", None)
                if lock is not None and getattr(lock, "fd", None) is not None:
                    lock.release()
