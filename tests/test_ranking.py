"""Ranking: remembering field lengths changes no score and no order."""

from __future__ import annotations

import pytest
from whoosh import index as whoosh_index
from whoosh import scoring

from search.retrieval import ranking
from search.retrieval.service import SearchIndex
from tests.test_snippets import QUERIES


@pytest.mark.parametrize("index_fixture", ["seed_index_dir", "mixed_index_dir"])
def test_remembered_lengths_give_whooshs_bm25f_scores(index_fixture, request):
    index_dir = request.getfixturevalue(index_fixture)
    engine = SearchIndex(index_dir)
    store = whoosh_index.open_dir(str(index_dir))
    try:
        with store.searcher(weighting=scoring.BM25F()) as plain, store.searcher(weighting=ranking.BM25F()) as remembering:
            ranked = 0
            for text in QUERIES:
                query = engine.parse(text)
                expected = [(hit.docnum, hit.score) for hit in plain.search(query, limit=50)]
                for _ in range(2):  # the second run reads the remembered lengths
                    assert [(hit.docnum, hit.score) for hit in remembering.search(query, limit=50)] == expected, text
                ranked += len(expected)
    finally:
        store.close()
        engine.close()
    assert ranked >= 30
