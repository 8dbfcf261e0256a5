"""Telusur's search package: Indonesian analysis, indexing and faceted search.

Data flows one way: files (:mod:`search.loaders`) -> records
(:mod:`search.extract`) -> analysis (:mod:`search.analysis`) -> index
(:mod:`search.indexer`) -> searcher (:mod:`search.engine`).
"""

from search.engine import Document, IndexMissing, SearchIndex, SearchResponse
from search.indexer import index_paths
from search.request import InvalidRequest, SearchRequest

__all__ = ["Document", "IndexMissing", "InvalidRequest", "SearchIndex", "SearchRequest", "SearchResponse", "index_paths"]
