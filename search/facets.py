"""Facet counts from per-document value tables.

A :class:`FacetTable` is built once per index generation from the postings of
the facet fields, then counts the values of any set of matching documents
without touching stored fields.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from whoosh.reading import IndexReader

FACET_FIELDS = ("person", "source", "month")


class FacetTable:
    """docnum -> value ids, for each facet field of one reader."""

    def __init__(self, reader: IndexReader, fieldnames: Iterable[str] = FACET_FIELDS) -> None:
        size = reader.doc_count_all()
        self.values: dict[str, list[str]] = {}
        self.doc_values: dict[str, list[tuple[int, ...]]] = {}
        for name in fieldnames:
            names: list[str] = []
            per_doc: list[list[int]] = [[] for _ in range(size)]
            if reader.doc_count_all() and name in reader.indexed_field_names():
                for value_id, value in enumerate(reader.field_terms(name)):
                    names.append(value)
                    for docnum in reader.postings(name, value).all_ids():
                        per_doc[docnum].append(value_id)
            self.values[name] = names
            self.doc_values[name] = [tuple(v) for v in per_doc]

    def count(self, name: str, docnums: Iterable[int]) -> Counter[str]:
        """How many of ``docnums`` carry each value of facet ``name``."""
        table, names = self.doc_values[name], self.values[name]
        counts: Counter[int] = Counter()
        for docnum in docnums:
            counts.update(table[docnum])
        return Counter({names[value_id]: n for value_id, n in counts.items()})
