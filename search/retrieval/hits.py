"""Results from what the index stores: a Whoosh hit becomes a :class:`Hit`."""

from __future__ import annotations

from whoosh.searching import Hit as WhooshHit

from search.indexing.registry import PersonRegistry
from search.indexing.schema import split_values
from search.ingest.dates import to_jakarta
from search.retrieval import snippets
from search.retrieval.facets import VALUE_FACETS
from search.retrieval.results import Hit


def summary_fields(stored: dict[str, object], registry: PersonRegistry) -> dict[str, object]:
    """The :class:`~search.retrieval.results.ArticleSummary` fields of a stored document
    (each facet of names gives the article's values under its ``article_key``; persons
    are the registry's canonical persons)."""
    date = stored.get("date")
    values = {facet.article_key: split_values(stored.get(facet.field)) for facet in VALUE_FACETS}
    values["persons"] = list(registry.canonical_row(split_values(stored.get("person")), split_values(stored.get("person_partial"))))
    return {
        "id": stored["id"],
        "title": stored.get("title", ""),
        "date": to_jakarta(date) if date else None,
        **values,
        "url": stored.get("url", ""),
    }


def make_hit(hit: WhooshHit, registry: PersonRegistry, *, highlighted: bool, scored: bool) -> Hit:
    """A result: with ``highlighted``, the query's matches marked in the title
    and snippets of the body around them; otherwise the body's lead."""
    stored = hit.fields()
    return Hit(
        **summary_fields(stored, registry),
        title_marked=snippets.marked(hit, "title") if highlighted else None,
        snippet=snippets.snippet(hit) if highlighted else snippets.lead(stored.get("body", "")),
        score=round(hit.score, 4) if scored and hit.score is not None else None,
    )
