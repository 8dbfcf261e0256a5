"""The index folder: how it is opened, and the files Telusur keeps beside
Whoosh's own."""

from __future__ import annotations

from pathlib import Path

from whoosh.filedb.filestore import FileStorage
from whoosh.index import Index

from search.schema import build_schema

#: Beside the index: the stems computed so far (see :mod:`search.stemming`).
STEM_LEXICON = "telusur-stems.tsv.gz"


def open_index(index_dir: Path) -> Index:
    """The Whoosh index in ``index_dir``, read through ordinary file reads.

    With memory maps, Whoosh copies each segment's postings, term and column
    files into the private memory of every process that opens it (about
    140 MB per server worker at 22k articles); plain reads leave them in the
    page cache, shared by every worker and the indexer.
    """
    return FileStorage(str(index_dir), supports_mmap=False).open_index()


class IndexOutdated(RuntimeError):
    """The index was built with other fields than this version uses."""


def require_current_fields(ix: Index, index_dir: Path) -> None:
    """Raise :class:`IndexOutdated` unless ``ix`` has this version's fields."""
    if sorted(ix.schema.names()) != sorted(build_schema().names()):
        raise IndexOutdated(f"the index in {index_dir} was built by another version of Telusur; rebuild it with: python -m search index --rebuild")
