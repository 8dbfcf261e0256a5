"""What ranks a result beyond BM25F: its words standing together, the person the
query names, and, when too few articles have every word, those with most of them.

A parsed query is an ``And`` of *units*: a word (``Or`` of its title and body
terms), a phrase or a closed compound (``Or`` of phrases), an excluded word
(``Not``), a field prefix.  This module adds optional clauses that only change
the order of the matches (:func:`ranked`):

* **proximity** (:func:`together_first`): for a query of two word units, the best
  articles that write the two together (in order, a word or two apart at most) in
  their title or body gain a factor (``kebakaran hutan``, ``sri mulyani``); the
  positions are read for the first :data:`PROXIMITY_DEPTH` results only, which a
  phrase clause over every match cost three times over.  On longer queries the
  judged queries ranked better without it (see ``tools/eval_relevance.py``);
* **exact forms**: the words as typed, unstemmed, score a little more
  (``pembakaran`` over ``kebakaran``, which share the stem ``bakar``);
* **persons**: for each person the query names (the registry knows ``sri
  mulyani``, ``jokowi``), the scores of the articles whose person facet holds
  them are multiplied by a factor (:func:`person_queries`; the collector applies
  it, see :class:`~search.retrieval.generation.TopAndAllMatches`), above homonyms
  and passing mentions;

and a *relaxed* query (:func:`relaxed`) for soft AND: phrases, compounds,
exclusions and field prefixes stay required, and of the plain words, most must
match (:func:`most_of`), as Elasticsearch's ``minimum_should_match``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from itertools import combinations

from whoosh.query import And, AndMaybe, Not, Or, Phrase, Query, Term
from whoosh.reading import TermNotFound
from whoosh.searching import Hit as WhooshHit
from whoosh.searching import Searcher

from search.analysis.analyzers import analyze
from search.analysis.filters import TOKEN_PATTERN
from search.indexing.registry import PersonRegistry
from search.retrieval.facets import PersonFacet

#: The text fields a word unit searches, and the weight of a proximity phrase in each.
TEXT_FIELDS = ("title", "body")
#: How many of the best results proximity reorders.
PROXIMITY_DEPTH = 30
#: Soft AND is for longer queries: from this many plain words (two words stay ANDed:
#: ``sri mulyani`` with one of them is someone else) up to this many (the combinations grow).
MIN_SOFT_WORDS, MAX_SOFT_WORDS = 3, 8

_PERSONS = PersonFacet()
_WORD = re.compile(TOKEN_PATTERN)


@dataclass(frozen=True)
class RankingOptions:
    """The knobs of the ranking (``tools/eval_relevance.py`` compares settings)."""

    #: An article with two query words together scores this much more (0.3: 30 %; 0: no proximity).
    proximity: float = 0.3
    #: Boost of the query's words as typed, unstemmed (``pembakaran`` over ``kebakaran``, which
    #: share the stem ``bakar``), over the ``spelling`` field (0: none).
    exact: float = 0.5
    #: How far apart (in words) neighbouring query words may stand and still count as together.
    proximity_slop: int = 2
    #: Factor of the score of an article whose person facet holds a person the query names (1: none).
    person_boost: float = 1.2
    #: Follow the articles with every word by those with most of them when they fill less than a page.
    soft_and: bool = True
    #: The share of the plain words "most of them" means (rounded up; at least all but one of three).
    soft_share: float = 0.75


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


def proximity_words(query: Query | None, options: RankingOptions) -> list[str]:
    """The terms whose closeness counts: those of a query of exactly two word units, in order."""
    spans = [_terms_of(u) for u in units(query) if not isinstance(u, Not)]
    if not options.proximity or len(spans) != 2 or not all(spans):
        return []
    return [word for span in spans if span for word in span]


def together_first(searcher: Searcher, hits: list[WhooshHit], words: list[str], options: RankingOptions) -> list[WhooshHit]:
    """``hits`` (best first) with the scores of the first :data:`PROXIMITY_DEPTH` that write
    ``words`` together in title or body multiplied by ``1 + options.proximity``, re-sorted."""
    if not words or not hits:
        return hits
    head, tail = hits[:PROXIMITY_DEPTH], hits[PROXIMITY_DEPTH:]
    docs = sorted(hit.docnum for hit in head)
    together = set().union(*(_together(searcher, field, words, docs, options.proximity_slop) for field in TEXT_FIELDS))
    for hit in head:
        if hit.docnum in together:
            hit.score *= 1 + options.proximity
    head.sort(key=lambda hit: -hit.score)
    return head + tail


def _together(searcher: Searcher, field: str, words: list[str], docs: list[int], slop: int) -> set[int]:
    """Of ``docs`` (ascending), those whose ``field`` has ``words`` in order, each at most
    ``slop`` positions after the one before it."""
    positions: list[dict[int, list[int]]] = []
    for word in words:
        try:
            matcher = searcher.postings(field, word)
        except TermNotFound:
            return set()
        found = {}
        for doc in docs:
            if matcher.is_active() and matcher.id() < doc:
                matcher.skip_to(doc)
            if matcher.is_active() and matcher.id() == doc:
                found[doc] = matcher.value_as("positions")
        positions.append(found)
    return {doc for doc in docs if _in_order(doc, positions, slop)}


def _in_order(doc: int, positions: list[dict[int, list[int]]], slop: int) -> bool:
    if any(doc not in found for found in positions):
        return False
    reachable = set(positions[0][doc])
    for found in positions[1:]:
        reachable = {p for p in found[doc] if any(0 < p - q <= slop + 1 for q in reachable)}
        if not reachable:
            return False
    return True


def person_queries(text: str, registry: PersonRegistry, options: RankingOptions) -> list[Query]:
    """For each person ``text`` names (at most three), the articles whose facet holds them."""
    if options.person_boost == 1.0 or not text.strip():
        return []
    return [_PERSONS.value_query(person.name, registry) for person, _ in registry.named_in(text)[:3]]


def exact_clauses(query: Query | None, text: str, options: RankingOptions) -> list[Query]:
    """The plain words of ``text`` that are derived forms (``pembakaran``, not ``hutan``), as
    typed (lower-cased, unstemmed), in the ``spelling`` field."""
    if not options.exact or query is None:
        return []
    stems = {t.text for u in units(query) if _is_word(u) for t in u.children()}
    typed = {w for w in _WORD.findall(text.lower()) if analyze(w) and set(analyze(w)) <= stems and analyze(w) != [w]}
    return [Term("spelling", w, boost=options.exact) for w in sorted(typed)]


def ranked(query: Query | None, options: RankingOptions, text: str = "") -> Query | None:
    """``query``, matching the same articles, with the exact-form clauses scored on top."""
    if query is None:
        return None
    optional = exact_clauses(query, text, options)
    return AndMaybe(query, Or(optional)) if optional else query


def most_of(count: int, share: float = DEFAULT_RANKING.soft_share) -> int:
    """How many of ``count`` plain words an article must have in soft AND: ``share`` of
    them, rounded up, but never all of them and at least two."""
    return max(2, min(count - 1, math.ceil(share * count)))


def relaxed(query: Query | None, options: RankingOptions) -> Query | None:
    """The soft-AND query: every unit that is not a plain word required, and most of
    the plain words (None when there is nothing to relax)."""
    if not options.soft_and:
        return None
    parts = units(query)
    words = [u for u in parts if _is_word(u)]
    if not MIN_SOFT_WORDS <= len(words) <= MAX_SOFT_WORDS:
        return None
    required = [u for u in parts if not _is_word(u)]
    most = Or([And(list(combo)) for combo in combinations(words, most_of(len(words), options.soft_share))])
    return And([*required, most]) if required else most
