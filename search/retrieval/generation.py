"""The searcher's lifecycle: one open index, and the generation of it that searches use.

A :class:`Generation` is one committed state of the index: its searcher, its
facet tables, its person registry, its query parser and the document sets of
the filters used on it.  :class:`LiveIndex` hands out the latest generation,
opening a new one when an ``index`` run has committed or rebuilt the person
registry (a running server follows without a restart).
"""

from __future__ import annotations

import threading
from pathlib import Path

from whoosh import collectors
from whoosh.qparser import QueryParser
from whoosh.query import Every, NullQuery, Query
from whoosh.searching import Results, Searcher

from search.analysis import stemming
from search.indexing.registry import REGISTRY_FILE, PersonRegistry, build_registry, load_registry
from search.indexing.storage import STEM_LEXICON, open_current
from search.retrieval import ranking
from search.retrieval.facet_tables import FacetTable, SegmentTables
from search.retrieval.facets import FACET_FIELDS
from search.retrieval.query import build_parser, parse_user_query

#: Filters (facet value and day combinations) whose document sets are kept per generation.
FILTER_CACHE_SIZE = 256


#: Documents whose score is raised, and the factor it is multiplied by: ``(documents, factor)``.
Bonus = tuple[set[int], float]


class TopAndAllMatches(collectors.TopCollector):
    """The N best-scored documents, plus the set of every matched one, in one
    pass over the postings (so block-quality skipping and matcher replacement,
    which drop documents that cannot reach the top N, are off).  A ``bonus``
    multiplies the score of its documents (a query clause could not: Whoosh's
    ``ConstantScoreQuery`` loses its constant when the matched terms are collected
    for highlighting, and BM25 scores vary too much for any constant)."""

    def __init__(self, limit: int, bonus: Bonus | None = None) -> None:
        super().__init__(limit=limit, usequality=False, replace=0)
        self.bonus = bonus

    def _collect(self, global_docnum: int, score: float) -> float:
        self.docset.add(global_docnum)
        if self.bonus and global_docnum in self.bonus[0]:
            score *= self.bonus[1]
        return super()._collect(global_docnum, score)

    def all_ids(self) -> set[int]:
        return self.docset

    def count(self) -> int:
        return len(self.docset)

    def results(self) -> Results:
        results = super().results()
        results.docset = self.docset
        return results


class Generation:
    """One committed state of the index, and what searches keep about it."""

    def __init__(self, searcher: Searcher, facets: FacetTable, parser: QueryParser, registry: PersonRegistry) -> None:
        self.searcher = searcher
        self.facets = facets
        self.parser = parser
        self.registry = registry
        facets.doc_values["person_canonical"] = [
            registry.canonical_row(values, partials)
            for values, partials in zip(facets.doc_values["person"], facets.doc_values["person_partial"])
        ]
        self._lock = threading.Lock()
        self._allowed: dict[str, set[int]] = {}

    def parse(self, text: str) -> Query | None:
        """The Whoosh query for what the user typed (None: everything)."""
        return parse_user_query(self.parser, text)

    def run(
        self, user_query: Query | None, filters: Query | None, exclude: set[int] | None = None, bonus: Bonus | None = None, **options: object
    ) -> Results:
        """``searcher.search`` with the filter given as a set of allowed documents
        (and the documents of ``exclude`` left out; ``bonus`` raises scores).

        A ranked search for the top N keeps every matched document as it goes
        (:class:`TopAndAllMatches`): Whoosh's own top-N collector forgets them
        and runs the whole query again when the total is asked for.
        """
        searcher = self.searcher
        allowed = self.allowed(filters)
        query = user_query or Every()
        if allowed is not None and not allowed:
            query = NullQuery  # Whoosh would read an empty set as "no filter"
        limit = options.get("limit")
        if options.get("sortedby") is None and options.get("scored", True) and limit:
            collector: collectors.Collector = TopAndAllMatches(min(limit, max(1, searcher.doc_count_all())), bonus)  # type: ignore[arg-type]
            if options.get("terms"):
                collector = collectors.TermsCollector(collector)
            if allowed is not None or exclude:
                collector = collectors.FilterCollector(collector, allow=allowed, restrict=exclude or None)
            searcher.search_with_collector(query, collector)
            return collector.results()
        return searcher.search(query, filter=allowed, mask=exclude or None, **options)

    def matching(self, user_query: Query | None, filters: Query | None) -> set[int]:
        """Every document matching ``user_query`` and ``filters``, unscored."""
        return self.run(user_query, filters, limit=None, scored=False).docs()

    def allowed(self, filters: Query | None) -> set[int] | None:
        """The documents ``filters`` allow, as a set, kept for later searches.

        Whoosh turns a filter query into a BitSet whose truth test scans all of
        it, and tests it for every candidate document; a set is tested in O(1).
        """
        if filters is None:
            return None
        key = repr(filters)
        with self._lock:
            allowed = self._allowed.get(key)
        if allowed is None:
            allowed = set(self.searcher.docs_for_query(filters))
            with self._lock:
                if len(self._allowed) >= FILTER_CACHE_SIZE:
                    self._allowed.pop(next(iter(self._allowed)))
                self._allowed[key] = allowed
        return allowed


class LiveIndex:
    """An open index: the latest generation, refreshed when the index changes on disk."""

    def __init__(self, index_dir: str | Path) -> None:
        self.index_dir = Path(index_dir)
        self._index = open_current(self.index_dir)
        stemming.load_lexicon(self.index_dir / STEM_LEXICON)  # warm: snippets re-analyse stored text
        self._parser = build_parser(self._index.schema)
        self._lock = threading.Lock()
        self._current: Generation | None = None
        self._retired: Generation | None = None
        self._segment_tables = SegmentTables()
        self._registry: PersonRegistry | None = None
        self._registry_stamp: tuple[int, int] | None = None

    def current(self) -> Generation:
        """The generation of the latest commit.

        A new searcher is opened rather than ``Searcher.refresh()``, which in
        Whoosh-Reloaded 2.7.5 can keep the replaced segments of updated
        documents visible.  The previous searcher is closed one generation
        later, so a search still running on it can finish.
        """
        with self._lock:
            stamp = self._registry_file_stamp()
            if self._current is None or not self._current.searcher.up_to_date() or stamp != self._registry_stamp:
                if self._retired is not None:
                    self._retired.searcher.close()
                self._retired = self._current
                searcher = self._index.searcher(weighting=ranking.BM25F())
                if searcher.schema.names() != self._parser.schema.names():  # after a rebuild
                    self._parser = build_parser(searcher.schema)
                facets = self._segment_tables.table(searcher.reader(), FACET_FIELDS)
                self._current = Generation(searcher, facets, self._parser, self._registry_for(stamp, facets))
            return self._current

    def _registry_file_stamp(self) -> tuple[int, int] | None:
        try:
            info = (self.index_dir / REGISTRY_FILE).stat()
        except OSError:
            return None
        return info.st_mtime_ns, info.st_size

    def _registry_for(self, stamp: tuple[int, int] | None, facets: FacetTable) -> PersonRegistry:
        """The registry the last index run saved, or one built from this generation's names
        when there is none (an index made before registries, a folder that could not take it)."""
        if stamp != self._registry_stamp or self._registry is None:
            self._registry = load_registry(self.index_dir) if stamp else None
            self._registry_stamp = stamp
        if self._registry is None:
            return build_registry(list(zip(facets.doc_values["person"], facets.doc_values["person_partial"])))
        return self._registry

    def close(self) -> None:
        with self._lock:
            for generation in (self._current, self._retired):
                if generation is not None:
                    generation.searcher.close()
            self._current = self._retired = None
