"""What a search gives back: plain data, no HTML labels and no JSON shapes
(those are the web layer's, in :mod:`web.serialize`).

The only markup here is what highlighting makes: ``snippet`` and the
``*_marked`` fields are escaped text with the query's matches in ``<mark>``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from search.retrieval.request import SearchRequest


@dataclass
class FacetValue:
    """One value of a facet with its count in the results."""

    value: str
    label: str
    count: int
    selected: bool


@dataclass
class ArticleSummary:
    """What every view of an article shows."""

    id: str
    title: str
    #: Publication time in Jakarta time (None: unknown).
    date: datetime | None
    source: list[str]
    agencies: list[str]
    persons: list[str]
    url: str


@dataclass
class Hit(ArticleSummary):
    """One result in a list of results."""

    #: The title with the query's matches marked; None when it has none.
    title_marked: str | None
    #: Up to three marked fragments of the body, or its escaped lead.
    snippet: str
    #: BM25F score, for results sorted by relevance.
    score: float | None


@dataclass
class Document(ArticleSummary):
    """One whole article, for the article page and ``/api/documents/<id>``."""

    body: str
    #: The body with every match of the query marked; None when nothing matched.
    body_marked: str | None
    title_marked: str | None
    #: The file (and line) the article was read from.
    origin: str
    #: For title, date, source, agencies, persons, url: "given" or "extracted".
    origins: dict[str, str]


@dataclass
class Suggestion:
    """A corrected query ("Maksud Anda: ...?") and how many articles it finds."""

    q: str
    total: int


@dataclass
class PersonSuggestion:
    """A person the query names ("Saring menurut tokoh: ..."): the search filtered by them
    instead, with the rest of the query, and how many articles it finds."""

    value: str
    q: str
    total: int


@dataclass
class SearchResults:
    """One page of results for a request, with the facets of all its results."""

    request: SearchRequest
    total: int
    hits: list[Hit]
    #: Facet name -> its values (the most frequent, and every selected one).
    facets: dict[str, list[FacetValue]]
    #: Facet name -> how many distinct values the results hold (for facets of names).
    facet_totals: dict[str, int]
    took_ms: float
    sort: str
    suggestion: Suggestion | None = None
    #: Persons the query's words name, not yet filtered by (the query itself is unchanged).
    person_suggestions: list[PersonSuggestion] = field(default_factory=list)
    #: When fewer articles than a page have every word, those with most of the words follow
    #: them: then how many have every word (the first ones); None otherwise.
    all_words: int | None = None

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.request.size))
