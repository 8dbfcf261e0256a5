"""The index folder: how it is opened or created, and the files Telusur keeps
beside Whoosh's own."""

from __future__ import annotations

import pickle
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.index import Index

from search.indexing.digests import analysis_digest
from search.indexing.schema import build_schema

#: Beside the index: the stems computed so far (see :mod:`search.analysis.stemming`).
STEM_LEXICON = "telusur-stems.tsv.gz"
#: Beside the index: file -> stamp of the files whose articles are all indexed.
FILE_STAMPS = "telusur-files.json"
#: Beside the index: the digest of the text analysis its terms were made with.
ANALYSIS_STAMP = "telusur-analysis.txt"
#: Whoosh pickles the schema, analyzers included, into the index; an index
#: whose classes this version does not have (moved or renamed) fails with one of these.
_UNPICKLING_ERRORS = (AttributeError, ImportError, pickle.UnpicklingError)


class IndexMissing(RuntimeError):
    """There is no index where one was expected."""


class IndexOutdated(RuntimeError):
    """The index was built with other fields than this version uses."""


class IndexUnwritable(RuntimeError):
    """The index folder cannot be written (read-only, full disk, permissions);
    the index is as it was before the run."""


def _outdated(index_dir: Path) -> IndexOutdated:
    return IndexOutdated(f"the index in {index_dir} was built by another version of Telusur; rebuild it with: python -m search index --rebuild")


def unwritable(index_dir: Path, error: OSError) -> IndexUnwritable:
    """The error for a write to ``index_dir`` that failed with ``error``."""
    reason = error.strerror or str(error)
    return IndexUnwritable(f"cannot write the index in {index_dir}: {reason}; the index is unchanged since its last commit")


def index_exists(index_dir: Path) -> bool:
    """Whether ``index_dir`` holds an index (one this version cannot read included)."""
    try:
        return whoosh_index.exists_in(str(index_dir))
    except _UNPICKLING_ERRORS:
        return True


def open_index(index_dir: Path) -> Index:
    """The Whoosh index in ``index_dir``, read through ordinary file reads.

    With memory maps, Whoosh copies each segment's postings, term and column
    files into the private memory of every process that opens it (about
    140 MB per server worker at 22k articles); plain reads leave them in the
    page cache, shared by every worker and the indexer.  Raises
    :class:`IndexMissing` when there is no index, :class:`IndexOutdated` when
    this version cannot read it.
    """
    if not index_exists(index_dir):
        raise IndexMissing(f"no index in {index_dir}; build one with: python -m search index")
    try:
        return FileStorage(str(index_dir), supports_mmap=False).open_index()
    except _UNPICKLING_ERRORS:
        raise _outdated(index_dir) from None


def require_current_fields(ix: Index, index_dir: Path) -> None:
    """Raise :class:`IndexOutdated` unless ``ix`` has this version's fields and terms
    made by this version's analysis (a query would not meet them otherwise)."""
    if sorted(ix.schema.names()) != sorted(build_schema().names()) or not _current_analysis(index_dir):
        raise _outdated(index_dir)


def _current_analysis(index_dir: Path) -> bool:
    try:
        return (index_dir / ANALYSIS_STAMP).read_text(encoding="utf-8").strip() == analysis_digest()
    except (OSError, UnicodeDecodeError):
        return False


def save_analysis_stamp(index_dir: Path) -> None:
    """Record that the index's terms are made by this version's analysis (after a commit that made them all)."""
    (index_dir / ANALYSIS_STAMP).write_text(analysis_digest() + "\n", encoding="utf-8")


def open_current(index_dir: Path) -> Index:
    """The index in ``index_dir`` for searching: it must exist and have this version's fields."""
    ix = open_index(index_dir)
    require_current_fields(ix, index_dir)
    return ix


def open_or_create(index_dir: Path, rebuild: bool = False) -> tuple[Index, bool]:
    """The Whoosh index in ``index_dir`` (created with the folder if missing),
    and whether it is new.  An index with other fields is refused unless
    ``rebuild``, which replaces its contents (and fields) when it commits; an
    index this version cannot read at all is then created afresh."""
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        if index_exists(index_dir):
            try:
                ix = open_index(index_dir)
            except IndexOutdated:
                if not rebuild:
                    raise
                return whoosh_index.create_in(str(index_dir), build_schema()), True
            if not rebuild:
                require_current_fields(ix, index_dir)
            return ix, False
        return whoosh_index.create_in(str(index_dir), build_schema()), True
    except OSError as error:
        raise unwritable(index_dir, error) from error
