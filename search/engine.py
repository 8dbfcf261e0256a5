"""The search service: one open index, its searcher reused across searches.

``SearchIndex.search`` is the one search function behind the CLI, the web
page and the JSON API.
"""

from __future__ import annotations

import html
import re
import threading
import time
from collections import Counter
from dataclasses import asdict, dataclass
from operator import itemgetter
from pathlib import Path
from typing import ClassVar

from whoosh import index as whoosh_index
from whoosh import collectors
from whoosh.query import And, Every, NullQuery, Query, Term
from whoosh.searching import Hit, Results, Searcher
from whoosh.sorting import FieldFacet, MultiFacet

from search import ranking, snippets, stemming
from search.dates import day_label, month_label, to_jakarta
from search.facets import FacetTable, SegmentTables
from search.query import build_parser, filter_query, parse_user_query
from search.request import SearchRequest
from search.schema import UNDATED, split_values
from search.storage import STEM_LEXICON, open_index, require_current_fields

#: How many person and source values a facet lists (selected ones always are).
FACET_SIZE = 50
#: Filters (person/source/day combinations) whose document sets are kept per index generation.
FILTER_CACHE_SIZE = 256
#: A query finding fewer articles than this gets a spelling suggestion, if one finds more.
SUGGEST_BELOW = 3
#: Words the spelling suggestion looks at: letters only, three or more.
_SUGGESTABLE = re.compile(r"(?<![\w:'\u2019-])([^\W\d_]{3,})(?![\w:'\u2019-])")
_OPERATORS = frozenset({"AND", "OR", "NOT"})
UNDATED_LABEL = "Tanpa tanggal"
#: The id of the first match on the article page (links end in ``#m1``).
FIRST_MATCH_ID = "m1"


class IndexMissing(RuntimeError):
    """There is no index where one was expected."""


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class ArticleView:
    """What every view of an article shows.  ``*_html`` fields are escaped
    HTML with the query's matches in ``<mark>``; they stay out of the JSON."""

    id: str
    title: str
    title_html: str
    date: str | None
    date_label: str | None
    source: list[str]
    agencies: list[str]
    persons: list[str]
    url: str

    PAGE_ONLY: ClassVar[tuple[str, ...]] = ("title_html", "date_label")

    def to_dict(self) -> dict[str, object]:
        return {k: v for k, v in asdict(self).items() if k not in self.PAGE_ONLY}


@dataclass
class ResultHit(ArticleView):
    """One result in a list of results."""

    snippet: str
    score: float | None


@dataclass
class Document(ArticleView):
    """One whole article, for the article page and ``/api/documents/<id>``."""

    body: str
    body_html: str
    origin: str
    #: For title, date, source, agencies, persons, url: "given" or "extracted".
    origins: dict[str, str]

    PAGE_ONLY: ClassVar[tuple[str, ...]] = ("title_html", "date_label", "body_html")


@dataclass
class Suggestion:
    """A corrected query ("Maksud Anda: ...?") and how many articles it finds."""

    q: str
    total: int


@dataclass
class SearchResponse:
    request: SearchRequest
    total: int
    hits: list[ResultHit]
    facets: dict[str, list[FacetValue]]
    took_ms: float
    sort: str
    #: Number of distinct person/source values in the results (facets list the top ones).
    facet_totals: dict[str, int]
    suggestion: Suggestion | None = None

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.request.size))

    def to_dict(self) -> dict[str, object]:
        """The JSON shape of ``/api/search``."""
        return {
            "query": self.request.q,
            "total": self.total,
            "page": self.request.page,
            "size": self.request.size,
            "pages": self.pages,
            "sort": self.sort,
            "filters": {
                "person": list(self.request.persons),
                "source": list(self.request.sources),
                "from": self.request.date_from.isoformat() if self.request.date_from else None,
                "to": self.request.date_to.isoformat() if self.request.date_to else None,
            },
            "hits": [hit.to_dict() for hit in self.hits],
            "facets": {name: [asdict(v) for v in values] for name, values in self.facets.items()},
            "facet_totals": self.facet_totals,
            "suggestion": asdict(self.suggestion) if self.suggestion else None,
            "took_ms": round(self.took_ms, 2),
        }


def _sorting(sort: str) -> MultiFacet | None:
    """Date sorts; undated articles always come last."""
    if sort == "relevance":
        return None
    return MultiFacet([FieldFacet("undated"), FieldFacet("date", reverse=sort == "newest")])


def _most_frequent(counts: Counter[str], limit: int) -> list[tuple[str, int]]:
    """The ``limit`` most frequent values, ties by name: two C-level sorts (by
    name, then stably by count) instead of a Python key for each of up to tens
    of thousands of values."""
    return sorted(sorted(counts.items()), key=itemgetter(1), reverse=True)[:limit]


def _view_fields(stored: dict[str, object], title_html: str | None) -> dict[str, object]:
    """The ArticleView fields of a stored document."""
    date = stored.get("date")
    title = stored.get("title", "")
    return {
        "id": stored["id"],
        "title": title,
        "title_html": title_html or html.escape(title, quote=False),
        "date": to_jakarta(date).isoformat() if date else None,
        "date_label": day_label(date) if date else None,
        "source": split_values(stored.get("source")),
        "agencies": split_values(stored.get("agency")),
        "persons": split_values(stored.get("person")),
        "url": stored.get("url", ""),
    }


class _TopAndAllMatches(collectors.TopCollector):
    """The N best-scored documents, plus the set of every matched one, in one
    pass over the postings (so block-quality skipping and matcher replacement,
    which drop documents that cannot reach the top N, are off)."""

    def __init__(self, limit: int) -> None:
        super().__init__(limit=limit, usequality=False, replace=0)

    def _collect(self, global_docnum: int, score: float) -> float:
        self.docset.add(global_docnum)
        return super()._collect(global_docnum, score)

    def all_ids(self) -> set[int]:
        return self.docset

    def count(self) -> int:
        return len(self.docset)

    def results(self) -> Results:
        results = super().results()
        results.docset = self.docset
        return results


class SearchIndex:
    """An open index: reuses one searcher, refreshed when the index changes on disk."""

    def __init__(self, index_dir: str | Path) -> None:
        self.index_dir = Path(index_dir)
        if not whoosh_index.exists_in(str(self.index_dir)):
            raise IndexMissing(f"no index in {self.index_dir}; build one with: python -m search index")
        self._index = open_index(self.index_dir)
        require_current_fields(self._index, self.index_dir)
        stemming.load_lexicon(self.index_dir / STEM_LEXICON)  # warm: snippets re-analyse stored text
        self._parser = build_parser(self._index.schema)
        self._lock = threading.Lock()
        self._searcher: Searcher | None = None
        self._retired: Searcher | None = None
        self._facets: FacetTable | None = None
        self._segment_tables = SegmentTables()
        self._filter_cache: dict[str, set[int]] = {}
        self._filter_cache_owner: Searcher | None = None

    def _current(self) -> tuple[Searcher, FacetTable]:
        """The searcher and facet table for the latest commit.

        A new searcher is opened rather than ``Searcher.refresh()``, which in
        Whoosh-Reloaded 2.7.5 can keep the replaced segments of updated
        documents visible.  The previous searcher is closed one generation
        later, so a search still running on it can finish.
        """
        with self._lock:
            if self._searcher is None or not self._searcher.up_to_date():
                if self._retired is not None:
                    self._retired.close()
                self._retired = self._searcher
                self._searcher = self._index.searcher(weighting=ranking.BM25F())
                self._facets = self._segment_tables.table(self._searcher.reader())
                if self._searcher.schema.names() != self._parser.schema.names():  # after a rebuild
                    self._parser = build_parser(self._searcher.schema)
            return self._searcher, self._facets  # type: ignore[return-value]

    def close(self) -> None:
        with self._lock:
            for searcher in (self._searcher, self._retired):
                if searcher is not None:
                    searcher.close()
            self._searcher = self._retired = None

    def doc_count(self) -> int:
        return self._current()[0].doc_count()

    def parse(self, text: str) -> Query | None:
        """The Whoosh query for what the user typed (None: everything)."""
        return parse_user_query(self._parser, text)

    def search(self, request: SearchRequest) -> SearchResponse:
        """Run ``request``: ranked, filtered, paged hits with snippets and facet counts."""
        started = time.perf_counter()
        searcher, facets = self._current()
        user_query = self.parse(request.q)
        sort = request.effective_sort
        results = self._run(
            searcher,
            user_query,
            self._filters(request),
            limit=request.page * request.size,
            sortedby=_sorting(sort),
            terms=user_query is not None,
        )
        matched = results.docs()
        first = (request.page - 1) * request.size
        hits = [self._hit(hit, user_query is not None, sort) for hit in results[first : first + request.size]]
        facet_values, facet_totals = self._facet_values(searcher, facets, user_query, matched, request)
        return SearchResponse(
            request=request,
            total=len(matched),
            hits=hits,
            facets=facet_values,
            facet_totals=facet_totals,
            took_ms=(time.perf_counter() - started) * 1000,
            sort=sort,
            suggestion=self._suggest(searcher, request, len(matched)),
        )

    @staticmethod
    def _filters(request: SearchRequest, *, sources: bool = True, dates: bool = True) -> Query | None:
        first, last = (request.date_from, request.date_to) if dates else (None, None)
        return filter_query(request.persons, request.sources if sources else (), first, last)

    def _matching(self, searcher: Searcher, user_query: Query | None, filters: Query | None) -> set[int]:
        """Every document matching ``user_query`` and ``filters``, unscored."""
        return self._run(searcher, user_query, filters, limit=None, scored=False).docs()

    def _run(self, searcher: Searcher, user_query: Query | None, filters: Query | None, **options: object) -> Results:
        """``searcher.search`` with the filter given as a set of allowed documents.

        A ranked search for the top N keeps every matched document as it goes
        (:class:`_TopAndAllMatches`): Whoosh's own top-N collector forgets
        them and runs the whole query again when the total is asked for.
        """
        allowed = self._allowed(searcher, filters)
        query = user_query or Every()
        if allowed is not None and not allowed:
            query = NullQuery  # Whoosh would read an empty set as "no filter"
        limit = options.get("limit")
        if options.get("sortedby") is None and options.get("scored", True) and limit and limit < searcher.doc_count_all():
            collector: collectors.Collector = _TopAndAllMatches(limit)
            if options.get("terms"):
                collector = collectors.TermsCollector(collector)
            if allowed is not None:
                collector = collectors.FilterCollector(collector, allow=allowed)
            searcher.search_with_collector(query, collector)
            return collector.results()
        return searcher.search(query, filter=allowed, **options)

    def _allowed(self, searcher: Searcher, filters: Query | None) -> set[int] | None:
        """The documents ``filters`` allow, as a set, cached per index generation.

        Whoosh turns a filter query into a BitSet whose truth test scans all of
        it, and tests it for every candidate document; a set is tested in O(1).
        """
        if filters is None:
            return None
        key = repr(filters)
        with self._lock:
            if self._filter_cache_owner is not searcher:
                self._filter_cache, self._filter_cache_owner = {}, searcher
            allowed = self._filter_cache.get(key)
        if allowed is None:
            allowed = set(searcher.docs_for_query(filters))
            with self._lock:
                if self._filter_cache_owner is searcher:  # not replaced by a newer generation meanwhile
                    if len(self._filter_cache) >= FILTER_CACHE_SIZE:
                        self._filter_cache.pop(next(iter(self._filter_cache)))
                    self._filter_cache[key] = allowed
        return allowed

    def export(self, request: SearchRequest, limit: int) -> list[ResultHit]:
        """Up to ``limit`` results from the first, for downloads (no highlighting)."""
        searcher, _ = self._current()
        sort = request.effective_sort
        user_query = self.parse(request.q)
        results = self._run(searcher, user_query, self._filters(request), limit=limit, sortedby=_sorting(sort))
        return [self._hit(hit, False, sort) for hit in results]

    def facet_values(self, request: SearchRequest, name: str, prefix: str = "", limit: int = FACET_SIZE) -> list[FacetValue]:
        """Values of facet ``name`` (person or source) in the results of ``request``
        with a word starting with ``prefix`` (case-insensitive), most frequent first."""
        searcher, facets = self._current()
        user_query = self.parse(request.q)
        matched = self._matching(searcher, user_query, self._filters(request, sources=name != "source"))
        counts = facets.count(name, matched)
        wanted = prefix.strip().lower()
        selected = request.persons if name == "person" else request.sources
        if wanted:
            counts = Counter({
                value: n
                for value, n in counts.items()
                if value.lower().startswith(wanted) or any(w.startswith(wanted) for w in value.lower().split())
            })
        return [FacetValue(v, v, n, v in selected) for v, n in _most_frequent(counts, limit)]

    def similar(self, doc_id: str, limit: int = 5) -> list[ResultHit]:
        """Articles most like ``doc_id`` ("Artikel serupa"), by its key body terms."""
        searcher, _ = self._current()
        docnum = searcher.document_number(id=doc_id)
        if docnum is None:
            return []
        results = searcher.more_like(docnum, "body", top=limit, numterms=20)
        return [self._hit(hit, False, "relevance") for hit in results]

    def _suggest(self, searcher: Searcher, request: SearchRequest, total: int) -> Suggestion | None:
        """A spelling correction of the query's words, from the unstemmed
        ``spelling`` field, when the query finds little and the correction more."""
        if total >= SUGGEST_BELOW or not request.q.strip():
            return None
        reader = searcher.reader()
        corrector = searcher.corrector("spelling")
        corrected, changed = request.q, False
        for match in reversed(list(_SUGGESTABLE.finditer(request.q))):
            word = match.group(1)
            if word in _OPERATORS or reader.doc_frequency("spelling", word.lower()):
                continue
            options = corrector.suggest(word.lower(), limit=1, maxdist=2)
            if options:
                replacement = options[0].capitalize() if word[0].isupper() else options[0]
                corrected = corrected[: match.start(1)] + replacement + corrected[match.end(1) :]
                changed = True
        if not changed:
            return None
        query = self.parse(corrected)
        if query is None or query is NullQuery:
            return None
        found = len(self._matching(searcher, query, self._filters(request)))
        return Suggestion(corrected, found) if found > total else None

    def _hit(self, hit: Hit, highlighted: bool, sort: str) -> ResultHit:
        stored = hit.fields()
        return ResultHit(
            **_view_fields(stored, snippets.whole(hit, "title") if highlighted else None),
            snippet=snippets.snippet(hit) if highlighted else snippets.lead(stored.get("body", "")),
            score=round(hit.score, 4) if sort == "relevance" and hit.score is not None else None,
        )

    def _facet_values(
        self, searcher: Searcher, facets: FacetTable, user_query: Query | None, matched: set[int], request: SearchRequest
    ) -> tuple[dict[str, list[FacetValue]], dict[str, int]]:
        """Counts per facet value.  Persons count the results (ticking two means
        both); sources and months count the results as if their own filter were
        not set, so the other outlets and months keep meaningful counts."""
        result: dict[str, list[FacetValue]] = {}
        totals: dict[str, int] = {}
        for name, selected in (("person", request.persons), ("source", request.sources)):
            docs = matched
            if name == "source" and request.sources:
                docs = self._matching(searcher, user_query, self._filters(request, sources=False))
            counts = facets.count(name, docs)
            totals[name] = len(counts)
            top = _most_frequent(counts, FACET_SIZE)
            shown = dict(top)
            for value in selected:
                shown.setdefault(value, counts.get(value, 0))
            result[name] = [FacetValue(v, v, n, v in selected) for v, n in shown.items()]
        docs = matched
        if request.date_from or request.date_to:
            docs = self._matching(searcher, user_query, self._filters(request, dates=False))
        months = facets.count("month", docs)
        low = request.date_from.strftime("%Y-%m") if request.date_from else None
        high = request.date_to.strftime("%Y-%m") if request.date_to else None
        dated = sorted(m for m in months if m != UNDATED)
        result["date"] = [
            FacetValue(m, month_label(m), months[m], bool(low or high) and (not low or m >= low) and (not high or m <= high))
            for m in dated
        ]
        if months.get(UNDATED):
            result["date"].append(FacetValue(UNDATED, UNDATED_LABEL, months[UNDATED], False))
        return result, totals

    def document(self, doc_id: str, q: str = "") -> Document | None:
        """The article ``doc_id`` with every match of ``q`` marked, or None."""
        searcher, _ = self._current()
        docnum = searcher.document_number(id=doc_id)
        if docnum is None:
            return None
        stored = searcher.stored_fields(docnum)
        title_html = body_html = None
        user_query = self.parse(q) if q else None
        if user_query is not None:
            results = searcher.search(And([Term("id", doc_id), user_query]), terms=True, limit=1)
            if len(results):
                title_html = snippets.whole(results[0], "title")
                body_html = snippets.whole(results[0], "body", anchor=FIRST_MATCH_ID)
        return Document(
            **_view_fields(stored, title_html),
            body=stored.get("body", ""),
            body_html=body_html or html.escape(stored.get("body", ""), quote=False),
            origin=stored.get("origin", ""),
            origins=stored.get("origins") or {},
        )
