"""The search service behind the command line, the web page and the JSON API."""

from __future__ import annotations

from pathlib import Path

from whoosh.query import Query

from search.ingest.articles import MAX_ID_LENGTH
from search.retrieval import articles, execution
from search.retrieval.facets import ValueFacet
from search.retrieval.generation import LiveIndex
from search.retrieval.relevance import DEFAULT_RANKING, RankingOptions
from search.retrieval.request import SearchRequest
from search.retrieval.results import Document, FacetValue, Hit, SearchResults


def possible_id(doc_id: str) -> bool:
    """Whether ``doc_id`` could be an article id at all: the indexer accepts
    only printable ids of at most MAX_ID_LENGTH characters without ``/``."""
    return len(doc_id) <= MAX_ID_LENGTH and doc_id.isprintable() and "/" not in doc_id


class SearchIndex:
    """An open index: every search runs on its latest generation."""

    def __init__(self, index_dir: str | Path, ranking: RankingOptions = DEFAULT_RANKING) -> None:
        self.live = LiveIndex(index_dir)
        self.index_dir = self.live.index_dir
        self.ranking = ranking

    def close(self) -> None:
        self.live.close()

    def doc_count(self) -> int:
        return self.live.current().searcher.doc_count()

    def parse(self, text: str) -> Query | None:
        """The Whoosh query for what a user typed (None: everything)."""
        return self.live.current().parse(text)

    def search(self, request: SearchRequest) -> SearchResults:
        """Ranked, filtered, paged hits with snippets and facet counts."""
        return execution.search(self.live.current(), request, self.ranking)

    def facet_values(self, request: SearchRequest, facet: ValueFacet, prefix: str = "", limit: int = 50) -> list[FacetValue]:
        """Values of ``facet`` in the results of ``request`` with a word starting with ``prefix``."""
        return execution.facet_values(self.live.current(), request, facet, prefix, limit)

    def export(self, request: SearchRequest, limit: int) -> list[Hit]:
        """Up to ``limit`` results from the first, for downloads (no highlighting)."""
        return execution.export(self.live.current(), request, limit)

    def document(self, doc_id: str, q: str = "") -> Document | None:
        """The article ``doc_id`` with every match of ``q`` marked; None when there is none
        (ids the indexer would never accept are not looked up)."""
        return articles.document(self.live.current(), doc_id, q) if possible_id(doc_id) else None

    def similar(self, doc_id: str, limit: int = 5) -> list[Hit]:
        """Articles most like ``doc_id``."""
        return articles.similar(self.live.current(), doc_id, limit) if possible_id(doc_id) else []
