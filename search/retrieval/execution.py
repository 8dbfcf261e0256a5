"""Running a search request on one generation of the index: ranked, filtered
and paged hits, with the counts of every facet."""

from __future__ import annotations

import time
from collections import Counter

from whoosh.query import Query
from whoosh.sorting import FieldFacet, MultiFacet

from search.retrieval.facets import FACETS, Facet, PersonFacet, ValueFacet, filter_query
from search.retrieval.generation import Generation
from search.retrieval.hits import make_hit
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


def search(generation: Generation, request: SearchRequest) -> SearchResults:
    """Run ``request``: ranked, filtered, paged hits with snippets and facet counts."""
    started = time.perf_counter()
    user_query = generation.parse(request.q)
    sort = request.effective_sort
    results = generation.run(
        user_query,
        filter_query(request, registry=generation.registry),
        limit=request.page * request.size,
        sortedby=date_sorting(sort),
        terms=user_query is not None,
    )
    matched = results.docs()
    first = (request.page - 1) * request.size
    hits = [
        make_hit(hit, generation.registry, highlighted=user_query is not None, scored=sort == "relevance")
        for hit in results[first : first + request.size]
    ]
    facets, totals = facet_counts(generation, user_query, matched, request)
    return SearchResults(
        request=request,
        total=len(matched),
        hits=hits,
        facets=facets,
        facet_totals=totals,
        took_ms=(time.perf_counter() - started) * 1000,
        sort=sort,
        suggestion=suggest(generation, request, len(matched)),
        person_suggestions=person_suggestions(generation, request),
    )


def person_suggestions(generation: Generation, request: SearchRequest) -> list[PersonSuggestion]:
    """For each person the query names (and the request does not filter by yet): the search
    filtered by them with the rest of the query, if it finds anything."""
    selected = request.values(PERSONS.name)
    found = []
    for person, rest in generation.registry.named_in(request.q)[:PERSON_SUGGESTIONS] if request.q.strip() else []:
        if person.name in selected:
            continue
        suggested = request.with_values(PERSONS.name, (*selected, person.name)).with_changes(q=rest)
        total = len(generation.matching(generation.parse(rest), filter_query(suggested, registry=generation.registry)))
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
    user_query = generation.parse(request.q)
    without = facet if facet.disjunctive else None
    docs = generation.matching(user_query, filter_query(request, without=without, registry=generation.registry))
    counts = generation.facets.count(facet.column, docs)
    return facet.matching_values(counts, request, prefix, limit, generation.registry)


def export(generation: Generation, request: SearchRequest, limit: int) -> list[Hit]:
    """Up to ``limit`` results from the first, for downloads (no highlighting)."""
    sort = request.effective_sort
    user_query = generation.parse(request.q)
    results = generation.run(user_query, filter_query(request, registry=generation.registry), limit=limit, sortedby=date_sorting(sort))
    return [make_hit(hit, generation.registry, highlighted=False, scored=sort == "relevance") for hit in results]
