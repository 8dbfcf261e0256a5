"""Spelling suggestions ("Maksud Anda: ...?") for queries that find little.

Words are corrected against the unstemmed ``spelling`` field (never the
stemmed one: Whoosh's corrector would offer stems that nobody types).
"""

from __future__ import annotations

import re

from whoosh.query import NullQuery

from search.retrieval.facets import filter_query
from search.retrieval.generation import Generation
from search.retrieval.request import SearchRequest
from search.retrieval.results import Suggestion

#: A query finding fewer articles than this gets a spelling suggestion, if one finds more.
SUGGEST_BELOW = 3
#: Words the spelling suggestion looks at: letters only, three or more.
_SUGGESTABLE = re.compile(r"(?<![\w:'\u2019-])([^\W\d_]{3,})(?![\w:'\u2019-])")
_OPERATORS = frozenset({"AND", "OR", "NOT"})


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


def suggest(generation: Generation, request: SearchRequest, total: int) -> Suggestion | None:
    """A correction of the query's words when the query finds little and the correction more."""
    if total >= SUGGEST_BELOW or not request.q.strip():
        return None
    text = corrected(generation, request.q)
    if text is None:
        return None
    query = generation.parse(text)
    if query is None or query is NullQuery:
        return None
    found = len(generation.matching(query, filter_query(request, registry=generation.registry)))
    return Suggestion(text, found) if found > total else None
