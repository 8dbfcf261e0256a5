"""Indonesian text analysis, built the Whoosh way: a tokenizer piped into filters.

The same :data:`INDONESIAN` analyzer runs at index time, at query time and when
snippets are highlighted, so a query word and a word in an article meet on the
same stem.  The filters (:mod:`search.analysis.filters`) keep each token's
position and character offsets, so phrase queries work and highlights land on
the words as written.  Snippets get
the same tokens from :func:`highlight_tokens`, which makes them in one loop.

Pipeline (see :func:`indonesian_analyzer`)::

    RegexTokenizer(TOKEN_PATTERN)   words; "175.000", "COVID-19", "Ma'ruf" stay whole
    | LowercaseFilter()             one character for one: "İstanbul" -> "istanbul"
    | CompoundFilter()              "langkah-langkah" -> "langkah"; "Biden-Putin" -> two words
    | ApostropheFilter()            "ma'ruf" -> "maruf"
    | StemFilter()                  Sastrawi, only on plain words
    | ClosedCompoundFilter()        "ibukota" -> "ibu", "kota" (as "ibu kota" is written)
    | StopwordFilter()              a short, deliberate list of function words ("inilah" -> "ini" too)
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from whoosh.analysis import RegexTokenizer, Token

from search.analysis.compounds import closed_compounds
from search.analysis.filters import (
    STOPWORDS,
    TOKEN_PATTERN,
    ApostropheFilter,
    ClosedCompoundFilter,
    CompoundFilter,
    LowercaseFilter,
    StemFilter,
    StopwordFilter,
)
from search.analysis.stemming import known_stem, stem_word


def name_analyzer():
    """The analyzer for names (persons, outlets): words, lower-cased, unstemmed."""
    return RegexTokenizer(TOKEN_PATTERN) | LowercaseFilter() | CompoundFilter() | ApostropheFilter()


def stemming_analyzer():
    """:func:`name_analyzer`, then the stemmer: the words as indexing stems them."""
    return name_analyzer() | StemFilter()


def indonesian_analyzer():
    """The analyzer for article text: index, query and highlight time."""
    return stemming_analyzer() | ClosedCompoundFilter() | StopwordFilter()


INDONESIAN = indonesian_analyzer()
_STEMMING = stemming_analyzer()


def warm_stems(*texts: str) -> None:
    """Stem every word of ``texts`` into the cache, as indexing them would (a word
    missed here is only stemmed later, when indexed: output never depends on this)."""
    for text in texts:
        for _ in _STEMMING(text, mode="index"):
            pass


def analyze(text: str) -> list[str]:
    """The index terms of ``text``, in order (handy for tests and debugging)."""
    return [t.text for t in INDONESIAN(text)]


_WORD = re.compile(TOKEN_PATTERN)


def highlight_tokens(text: str, words: frozenset[str]) -> Iterator[Token]:
    """The tokens :func:`indonesian_analyzer` makes of ``text`` for highlighting
    (``mode="index"``, ``chars=True``, ``removestops=False``; no positions), each
    with ``matched`` set when its text is one of ``words``.

    The same tokens as the pipeline, in one loop: a snippet re-analyses a whole
    article, and the filters' generator hand-offs were most of its cost.  Words
    with a hyphen, an apostrophe or a dotted capital I still go through the
    pipeline itself (tests/test_snippets.py holds the two to the same output).
    """
    known, compounds = known_stem, closed_compounds()
    t = Token(chars=True, removestops=False, mode="index")
    for match in _WORD.finditer(text):
        word = match.group()
        start, end = match.span()
        if "-" in word or "'" in word or "\u2019" in word or "\u0130" in word:
            for part in INDONESIAN(word, chars=True, start_char=start, mode="index", removestops=False):
                part.matched = part.text in words
                yield part
            continue
        word = word.lower()
        if word.isascii() and word.isalpha():
            word = known(word) or stem_word(word)
        t.startchar, t.endchar = start, end
        for part in compounds.get(word, (word,)):
            t.text = part
            t.stopped = part in STOPWORDS
            t.matched = part in words
            yield t
