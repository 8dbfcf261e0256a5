"""Facet counts from per-document value tables.

A :class:`FacetTable` holds, for each facet field, the values of every
document of one index generation, read from the postings of the facet fields;
it counts the values of any set of matching documents without touching stored
fields.  Tables are built per segment and kept in a :class:`SegmentTables`
cache, so after an incremental commit only the new segments are read (a whole
table takes about 0.6 s at 22k articles).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from itertools import chain

from whoosh.reading import IndexReader

from search.indexing.postings import Rows, segment_rows


class SegmentTables:
    """Rows of each segment seen, by segment id and field; a segment's documents
    and values never change (deletions only stop them matching)."""

    def __init__(self) -> None:
        self._rows: dict[tuple[str, str], Rows] = {}

    def table(self, reader: IndexReader, fieldnames: Iterable[str]) -> FacetTable:
        """The facet table of ``reader``, reading only segments not seen before;
        rows of segments ``reader`` no longer has are dropped."""
        leaves = [(leaf, leaf.segment().segment_id()) for leaf, _ in reader.leaf_readers()] if reader.doc_count_all() else []
        rows: dict[tuple[str, str], Rows] = {}
        columns: dict[str, Rows] = {}
        for name in fieldnames:
            column: Rows = []
            for leaf, segment_id in leaves:
                key = (segment_id, name)
                rows[key] = self._rows.get(key) or segment_rows(leaf, name)
                column += rows[key]
            columns[name] = column
        self._rows = rows
        return FacetTable(columns)


class FacetTable:
    """docnum -> values, for each facet field of one reader."""

    def __init__(self, columns: dict[str, Rows]) -> None:
        self.doc_values = columns

    def count(self, name: str, docnums: Iterable[int]) -> Counter[str]:
        """How many of ``docnums`` carry each value of facet ``name``."""
        table = self.doc_values[name]
        return Counter(chain.from_iterable(map(table.__getitem__, docnums)))  # C loops, 4x a Python loop
