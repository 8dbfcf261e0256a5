"""The values of a keyword field for every document, read from its postings.

Facet counts (:mod:`search.retrieval.facet_tables`) and the person registry
(:mod:`search.indexing.registry`) need, for each document, the values of a
field such as ``person``; reading the postings once per segment gives them
without touching stored fields.
"""

from __future__ import annotations

from whoosh.reading import IndexReader

#: One segment's rows: the values of each of its documents, in docnum order.
Rows = list[tuple[str, ...]]


def segment_rows(reader: IndexReader, name: str) -> Rows:
    """The values of field ``name`` for each document of one segment's reader
    (none for deleted documents)."""
    per_doc: list[list[str]] = [[] for _ in range(reader.doc_count_all())]
    if per_doc and name in reader.indexed_field_names():
        for value in reader.field_terms(name):
            for docnum in reader.postings(name, value).all_ids():
                per_doc[docnum].append(value)
    return [tuple(values) for values in per_doc]


def index_rows(reader: IndexReader, name: str) -> Rows:
    """The values of field ``name`` for each document of the whole index, in docnum order."""
    if not reader.doc_count_all():
        return []
    rows: Rows = []
    for leaf, _ in reader.leaf_readers():
        rows += segment_rows(leaf, name)
    return rows
