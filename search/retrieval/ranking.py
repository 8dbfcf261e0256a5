"""Ranking: Whoosh's BM25F, with each document's field lengths read once."""

from __future__ import annotations

import weakref
from collections.abc import Callable

from whoosh import scoring
from whoosh.searching import Searcher


class BM25F(scoring.BM25F):
    """BM25F, the same scores, with the field lengths it divides by kept in memory.

    Whoosh reads a document's field length from the index's length column for
    every term of every matching document; a ranked query scores hundreds, and
    those reads were a tenth of its time.  One model belongs to one searcher,
    so the lengths kept are always those of the index it searches.
    """

    def __init__(self, **options: float) -> None:
        super().__init__(**options)
        self._lengths: weakref.WeakKeyDictionary[Searcher, dict[str, Callable[[int], int]]] = weakref.WeakKeyDictionary()

    def scorer(self, searcher: Searcher, fieldname: str, text: bytes, qf: int = 1) -> scoring.BaseScorer:
        scorer = super().scorer(searcher, fieldname, text, qf=qf)
        if isinstance(scorer, scoring.WeightLengthScorer):
            per_field = self._lengths.setdefault(searcher, {})
            if fieldname not in per_field:
                per_field[fieldname] = _remembered_lengths(searcher, fieldname)
            scorer.dfl = per_field[fieldname]
        return scorer


def _remembered_lengths(searcher: Searcher, fieldname: str) -> Callable[[int], int]:
    """``searcher.doc_field_length(docnum, fieldname, 1)``, each document read once."""
    lengths: list[int | None] = [None] * searcher.doc_count_all()
    read = searcher.doc_field_length

    def length(docnum: int) -> int:
        known = lengths[docnum]
        if known is None:
            known = lengths[docnum] = read(docnum, fieldname, 1)
        return known

    return length
