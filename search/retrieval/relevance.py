"""What ranks a result beyond BM25F: its words standing together, the person the
query names, and, when too few articles have every word, those with most of them.

A parsed query is an ``And`` of *units*: a word (``Or`` of its title and body
terms), a phrase or a closed compound (``Or`` of phrases), an excluded word
(``Not``), a field prefix.  This module adds optional clauses that only change
the order of the matches (:func:`ranked`):

* **proximity**: for each two neighbouring word units, the same words as a phrase
  with a little slop, in title and body (``kebakaran hutan riau``: articles that
  write *kebakaran hutan* together rank first);
* **persons**: for each person the query names (the registry knows ``sri
  mulyani``, ``jokowi``), the articles whose person facet holds them get a
  constant added to their score (:func:`person_queries`; the collector adds it,
  see :class:`~search.retrieval.generation.TopAndAllMatches`), above homonyms and
  passing mentions;

and a *relaxed* query (:func:`relaxed`) for soft AND: phrases, compounds,
exclusions and field prefixes stay required, and of the plain words, most must
match (:func:`most_of`), as Elasticsearch's ``minimum_should_match``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import combinations, pairwise

from whoosh.query import And, AndMaybe, Not, Or, Phrase, Query, Term

from search.indexing.registry import PersonRegistry
from search.retrieval.facets import PersonFacet

#: The text fields a word unit searches, and the weight of a proximity phrase in each.
TEXT_FIELDS = ("title", "body")
#: Soft AND gives up beyond this many plain words (the combinations grow too fast).
MAX_SOFT_WORDS = 8

_PERSONS = PersonFacet()


@dataclass(frozen=True)
class RankingOptions:
    """The knobs of the ranking (``tools/eval_relevance.py`` compares settings)."""

    #: Boost of the proximity phrases (0: no proximity).
    proximity: float = 1.0
    #: How far apart (in words) neighbouring query words may stand and still count as together.
    proximity_slop: int = 2
    #: Score added to an article whose person facet holds a person the query names (0: none).
    person_score: float = 4.0
    #: Follow the articles with every word by those with most of them when they fill less than a page.
    soft_and: bool = True


DEFAULT_RANKING = RankingOptions()


def units(query: Query | None) -> list[Query]:
    """The units of a parsed query: the children of its top ``And``, or the query itself."""
    if query is None:
        return []
    return list(query.children()) if isinstance(query, And) else [query]


def _terms_of(unit: Query) -> list[str] | None:
    """The body terms of a word, phrase or compound unit, in order (None for other units)."""
    if not isinstance(unit, Or):
        return None
    for child in unit.children():
        if isinstance(child, Term) and child.fieldname == "body":
            return [child.text]
        if isinstance(child, Phrase) and child.fieldname == "body":
            return list(child.words)
    return None


def _is_word(unit: Query) -> bool:
    """A plain word: an ``Or`` of single terms over the text fields."""
    return isinstance(unit, Or) and all(isinstance(c, Term) and c.fieldname in TEXT_FIELDS for c in unit.children())


def proximity_clauses(query: Query | None, options: RankingOptions) -> list[Query]:
    """A phrase (with slop) over each two neighbouring word units, in every text field."""
    if not options.proximity:
        return []
    spans = [_terms_of(u) for u in units(query) if not isinstance(u, Not)]
    clauses: list[Query] = []
    for first, second in pairwise(spans):
        if first and second:
            words = first + second
            clauses += [Phrase(field, words, slop=options.proximity_slop, boost=options.proximity) for field in TEXT_FIELDS]
    return clauses


def person_queries(text: str, registry: PersonRegistry, options: RankingOptions) -> list[Query]:
    """For each person ``text`` names (at most three), the articles whose facet holds them."""
    if not options.person_score or not text.strip():
        return []
    return [_PERSONS.value_query(person.name, registry) for person, _ in registry.named_in(text)[:3]]


def ranked(query: Query | None, options: RankingOptions) -> Query | None:
    """``query``, matching the same articles, with the proximity clauses scored on top."""
    if query is None:
        return None
    optional = proximity_clauses(query, options)
    return AndMaybe(query, Or(optional)) if optional else query


def most_of(count: int) -> int:
    """How many of ``count`` plain words an article must have in soft AND: all but one
    of up to four, three quarters of more."""
    return count - 1 if count <= 4 else math.ceil(0.75 * count)


def relaxed(query: Query | None, options: RankingOptions) -> Query | None:
    """The soft-AND query: every unit that is not a plain word required, and most of
    the plain words (None when there is nothing to relax)."""
    if not options.soft_and:
        return None
    parts = units(query)
    words = [u for u in parts if _is_word(u)]
    if len(words) < 2 or len(words) > MAX_SOFT_WORDS:
        return None
    required = [u for u in parts if not _is_word(u)]
    most = Or([And(list(combo)) if len(combo) > 1 else combo[0] for combo in combinations(words, most_of(len(words)))])
    return And([*required, most]) if required else most
