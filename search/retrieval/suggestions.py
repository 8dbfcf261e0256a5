"""Spelling suggestions ("Maksud Anda: ...?") for queries that find little.

A misspelt person's name is corrected as a whole against the names the person
registry knows (``sri mulyan`` -> ``sri mulyani``, not ``sri mulai``); other words
are corrected one by one against the unstemmed ``spelling`` field (never the
stemmed one: Whoosh's corrector would offer stems that nobody types).
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz, process
from whoosh.query import NullQuery

from search.indexing.registry import PersonRegistry
from search.retrieval.facets import filter_query
from search.retrieval.generation import Generation
from search.retrieval.request import SearchRequest
from search.retrieval.results import Suggestion

#: A query finding fewer articles than this gets a spelling suggestion, if one finds more.
SUGGEST_BELOW = 3
#: Words the spelling suggestion looks at: letters only, three or more.
_SUGGESTABLE = re.compile(r"(?<![\w:'\u2019-])([^\W\d_]{3,})(?![\w:'\u2019-])")
_OPERATORS = frozenset({"AND", "OR", "NOT"})
#: How alike (0-100) a run of the query's words and a person's name must be to offer the name.
NAME_SIMILARITY = 88
#: Names offered are of persons written about in at least this many articles, and have this many letters.
NAME_MIN_ARTICLES = 3
MIN_NAME_CHARS = 5


def corrected(generation: Generation, text: str) -> str | None:
    """``text`` with each unknown word replaced by its closest known word (None: nothing to correct)."""
    reader = generation.searcher.reader()
    corrector = generation.searcher.corrector("spelling")
    result, changed = text, False
    for match in reversed(list(_SUGGESTABLE.finditer(text))):
        word = match.group(1)
        if word in _OPERATORS or reader.doc_frequency("spelling", word.lower()):
            continue
        options = corrector.suggest(word.lower(), limit=1, maxdist=2)
        if options:
            replacement = options[0].capitalize() if word[0].isupper() else options[0]
            result = result[: match.start(1)] + replacement + result[match.end(1) :]
            changed = True
    return result if changed else None


def named(generation: Generation, text: str) -> str | None:
    """``text`` with a run of up to four words that misspells a known person's name
    replaced by the name, lower-cased (None: no such run)."""
    words = text.split()
    names = _person_names(generation.registry)
    for size in range(min(4, len(words)), 0, -1):
        for start in range(len(words) - size + 1):
            run = " ".join(words[start : start + size]).lower()
            if not _SUGGESTABLE.fullmatch(run.replace(" ", "")) or run in names or len(run) < MIN_NAME_CHARS:
                continue
            best = process.extractOne(run, names, scorer=fuzz.ratio, score_cutoff=NAME_SIMILARITY)
            if best is not None:
                return " ".join([*words[:start], best[0], *words[start + size :]])
    return None


@lru_cache(maxsize=4)
def _person_names(registry: PersonRegistry) -> list[str]:
    """Lower-cased names (canonical and variants) of the persons written about in at
    least :data:`NAME_MIN_ARTICLES` articles."""
    names = {name.lower() for person in registry.persons.values() if person.docs >= NAME_MIN_ARTICLES for name in (person.name, *person.variants)}
    return sorted(name for name in names if len(name) >= MIN_NAME_CHARS)


def suggest(generation: Generation, request: SearchRequest, total: int) -> Suggestion | None:
    """A correction of the query (a person's name first, then word by word) when the
    query finds little and the correction more."""
    if total >= SUGGEST_BELOW or not request.q.strip():
        return None
    for correct in (named, corrected):
        text = correct(generation, request.q)
        if text is None:
            continue
        query = generation.parse(text)
        if query is None or query is NullQuery:
            continue
        found = len(generation.matching(query, filter_query(request, registry=generation.registry)))
        if found > total:
            return Suggestion(text, found)
    return None
