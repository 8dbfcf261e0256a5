"""Retrieval: from a search request to ranked, faceted, highlighted results.

A :class:`~search.retrieval.request.SearchRequest` (built from URL parameters
by :mod:`~search.retrieval.params`) is run by :mod:`~search.retrieval.execution`
on one :class:`~search.retrieval.generation.Generation` of the index (a
searcher, its facet tables and filter cache; :class:`LiveIndex` follows new
commits): the query parsed by :mod:`~search.retrieval.query`, filters and counts
from the facets of :mod:`~search.retrieval.facets`, BM25F from
:mod:`~search.retrieval.ranking`, snippets from :mod:`~search.retrieval.snippets`,
spelling suggestions from :mod:`~search.retrieval.suggestions`.  Results are the
plain data of :mod:`~search.retrieval.results`; :mod:`~search.retrieval.service`
puts it together as :class:`SearchIndex`.
"""
