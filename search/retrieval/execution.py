"""Running a search request on one generation of the index: ranked, filtered
and paged hits, with the counts of every facet."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass

from whoosh.query import Query
from whoosh.searching import Hit as WhooshHit
from whoosh.sorting import FieldFacet, MultiFacet

from search.retrieval import relevance
from search.retrieval.facets import FACETS, Facet, PersonFacet, ValueFacet, filter_query
from search.retrieval.generation import Bonus, Generation
from search.retrieval.hits import make_hit
from search.retrieval.relevance import DEFAULT_RANKING, RankingOptions
from search.retrieval.request import SearchRequest
from search.retrieval.results import FacetValue, Hit, PersonSuggestion, SearchResults
from search.retrieval.suggestions import suggest

#: The person facet, whose values a query may name.
PERSONS = PersonFacet()
#: Persons offered as filters for one query, at most.
PERSON_SUGGESTIONS = 3


def date_sorting(sort: str) -> MultiFacet | None:
    """Date sorts; undated articles always come last."""
    if sort == "relevance":
        return None
    return MultiFacet([FieldFacet("undated"), FieldFacet("date", reverse=sort == "newest")])


@dataclass
class Matches:
    """What a request matches: the query whose matches are the results, their documents,
    the best ``limit`` of them in order, and (when soft AND added articles with most of
    the words after those with all of them) how many have every word."""

    query: Query | None
    docs: set[int]
    ranked: list[WhooshHit]
    all_words: int | None = None


def matches(generation: Generation, request: SearchRequest, limit: int, options: RankingOptions, *, terms: bool = True) -> Matches:
    """The ranked matches of ``request``; with too few articles holding every word for one
    page, those with most of the words follow (relevance order only)."""
    user_query = generation.parse(request.q)
    filters = filter_query(request, registry=generation.registry)
    by_relevance = request.effective_sort == "relevance"
    query = relevance.ranked(user_query, options, request.q) if by_relevance else user_query
    bonus = person_bonus(generation, request.q, options) if by_relevance and user_query is not None else None
    sortedby = date_sorting(request.effective_sort)
    together = relevance.proximity_words(user_query, options) if by_relevance else []
    depth = max(limit, relevance.PROXIMITY_DEPTH) if together else limit
    results = generation.run(query, filters, limit=depth, sortedby=sortedby, terms=terms and user_query is not None, bonus=bonus)
    ranked = relevance.together_first(generation.searcher, list(results[:depth]), together, options)
    found = Matches(user_query, results.docs(), ranked[:limit])
    loose = relevance.relaxed(user_query, options) if by_relevance and len(found.docs) < request.size else None
    if loose is None:
        return found
    more = generation.run(relevance.ranked(loose, options, request.q), filters, exclude=found.docs, limit=limit, terms=terms, bonus=bonus)
    if not more.docs():
        return found
    ranked = found.ranked + list(more[: max(0, limit - len(found.ranked))])
    return Matches(loose, found.docs | more.docs(), ranked, all_words=len(found.docs))


def person_bonus(generation: Generation, text: str, options: RankingOptions) -> Bonus | None:
    """The articles of the persons ``text`` names, and the score they gain."""
    named = relevance.person_queries(text, generation.registry, options)
    docs = set().union(*(generation.allowed(query) or set() for query in named))
    return (docs, options.person_boost) if docs else None


def search(generation: Generation, request: SearchRequest, options: RankingOptions = DEFAULT_RANKING) -> SearchResults:
    """Run ``request``: ranked, filtered, paged hits with snippets and facet counts."""
    started = time.perf_counter()
    sort = request.effective_sort
    found = matches(generation, request, request.page * request.size, options)
    first = (request.page - 1) * request.size
    hits = [
        make_hit(hit, generation.registry, highlighted=found.query is not None, scored=sort == "relevance")
        for hit in found.ranked[first : first + request.size]
    ]
    facets, totals = facet_counts(generation, found.query, found.docs, request)
    all_words = len(found.docs) if found.all_words is None else found.all_words
    return SearchResults(
        request=request,
        total=len(found.docs),
        hits=hits,
        facets=facets,
        facet_totals=totals,
        took_ms=(time.perf_counter() - started) * 1000,
        sort=sort,
        suggestion=suggest(generation, request, all_words),
        person_suggestions=person_suggestions(generation, request, options),
        all_words=found.all_words,
    )


def person_suggestions(generation: Generation, request: SearchRequest, options: RankingOptions = DEFAULT_RANKING) -> list[PersonSuggestion]:
    """For each person the query names (and the request does not filter by yet): the search
    filtered by them with the rest of the query, if it finds anything."""
    selected = request.values(PERSONS.name)
    found = []
    for person, rest in generation.registry.named_in(request.q)[:PERSON_SUGGESTIONS] if request.q.strip() else []:
        if person.name in selected:
            continue
        suggested = request.with_values(PERSONS.name, (*selected, person.name)).with_changes(q=rest)
        if rest.strip():
            total = len(matches(generation, suggested, suggested.size, options, terms=False).docs)
        else:  # the query was only the name: the filter's own (cached) articles, no ranking
            total = len(generation.allowed(filter_query(suggested, registry=generation.registry)) or ())
        if total:
            found.append(PersonSuggestion(person.name, rest, total))
    return found


def _counted(generation: Generation, facet: Facet, user_query: Query | None, matched: set[int], request: SearchRequest) -> Counter[str]:
    """How many results carry each value of ``facet``; a disjunctive facet
    counts the results as if its own filter were not set."""
    docs = matched
    if facet.disjunctive and facet.is_active(request):
        docs = generation.matching(user_query, filter_query(request, without=facet, registry=generation.registry))
    return generation.facets.count(facet.column, docs)


def facet_counts(
    generation: Generation, user_query: Query | None, matched: set[int], request: SearchRequest
) -> tuple[dict[str, list[FacetValue]], dict[str, int]]:
    """Each facet's values with counts, and for facets of names how many distinct values there are."""
    values: dict[str, list[FacetValue]] = {}
    totals: dict[str, int] = {}
    for facet in FACETS:
        counts = _counted(generation, facet, user_query, matched, request)
        values[facet.name] = facet.values(counts, request)
        if isinstance(facet, ValueFacet):
            totals[facet.name] = len(counts)
    return values, totals


def facet_values(generation: Generation, request: SearchRequest, facet: ValueFacet, prefix: str, limit: int) -> list[FacetValue]:
    """Values of ``facet`` in the results of ``request`` with a word starting
    with ``prefix`` (case-insensitive), most frequent first."""
    query = matches(generation, request, request.size, DEFAULT_RANKING, terms=False).query
    without = facet if facet.disjunctive else None
    docs = generation.matching(query, filter_query(request, without=without, registry=generation.registry))
    counts = generation.facets.count(facet.column, docs)
    return facet.matching_values(counts, request, prefix, limit, generation.registry)


def export(generation: Generation, request: SearchRequest, limit: int) -> list[Hit]:
    """Up to ``limit`` results from the first, in the page's order, for downloads (no highlighting)."""
    found = matches(generation, request, limit, DEFAULT_RANKING, terms=False)
    return [make_hit(hit, generation.registry, highlighted=False, scored=request.effective_sort == "relevance") for hit in found.ranked]
