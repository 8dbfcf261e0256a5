"""The filters of the Indonesian analyzers, each a small Whoosh :class:`Filter`.

Every filter keeps the token's position and character offsets, so phrase
queries work and highlights land on the words as written.
"""

from __future__ import annotations

from collections.abc import Iterator

from whoosh.analysis import Filter, Token

from search.analysis.compounds import closed_compounds
from search.analysis.stemming import known_stem, stem_word

#: A word: letters/digits, joined by apostrophes or hyphens, and by . , / :
#: only between digits (so "175.000", "13.15", "11/2020" are one token while
#: "alinea.id" is two).
TOKEN_PATTERN = r"\w+(?:(?:['\u2019]|-|(?<=\d)[.,/:](?=\d))\w+)*"

#: Function words with no meaning of their own.  Deliberately short: Sastrawi's
#: 809-word list removes content words such as "kasus", "luar", "hari", "tidak".
STOPWORDS = frozenset(
    "yang dan di ke dari ini itu dengan untuk pada adalah oleh atau serta bahwa".split()
)

_APOSTROPHES = str.maketrans("", "", "'\u2019")
#: Capitals whose ``str.lower()`` is longer than they are (U+0130, Turkish dotted
#: capital I, lower-cases to "i" and a combining dot), mapped to one letter.
_ONE_FOR_ONE = str.maketrans({"\u0130": "i"})


def _has_digit(text: str) -> bool:
    return any(ch.isdigit() for ch in text)


class LowercaseFilter(Filter):
    """Lower-cases a token without changing its length.

    Whoosh's own filter uses ``str.lower()``, which turns "İ" into two
    characters: the parts of "İstanbul-Ankara" then lost their offsets, and
    "İstanbul" never met "istanbul".
    """

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            text = t.text
            if "\u0130" in text:
                text = text.translate(_ONE_FOR_ONE)
            t.text = text.lower()
            yield t


class CompoundFilter(Filter):
    """Handles hyphenated words.

    * Reduplication (``langkah-langkah``, ``berminggu-minggu``, ``besar-besaran``)
      becomes one token, the base form, so it matches ``langkah``.
    * Other compounds (``Biden-Putin``, ``AS-Rusia``) become one token per part,
      each with its own position and offsets.
    * Compounds with digits (``COVID-19``) stay whole, and at index time their
      alphabetic parts are added at the same position so ``covid`` finds them
      too.  A query keeps the whole token only: the parts would be extra words
      in a phrase (``"pandemi COVID-19"`` would look for three words).
    """

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        shift = 0
        for t in tokens:
            if t.positions:
                t.pos += shift
            text = t.text
            if "-" not in text:
                yield t
                continue
            parts = text.split("-")
            offsets = _part_offsets(t, parts)
            # The token object is shared with later filters, which may change
            # it (StopwordFilter marks "di" in "Biden-di-Moskow" stopped): each
            # yield below sets the position and the stopped flag again.
            base = t.pos if t.positions else 0
            if _has_digit(text):
                yield t
                if t.mode == "query":
                    continue
                for part, start in zip(parts, offsets):
                    if part.isalpha() and len(part) > 1:
                        _retext(t, part, start, base if t.positions else None)
                        yield t
            elif stem_word(parts[0]) == stem_word(parts[-1]):
                t.text = parts[0]
                yield t
            else:
                for i, (part, start) in enumerate(zip(parts, offsets)):
                    _retext(t, part, start, base + i if t.positions else None)
                    yield t
                shift += len(parts) - 1


def _part_offsets(t: Token, parts: list[str]) -> list[int | None]:
    """Start offset of each part in the source text, or None when unknown."""
    if not t.chars or t.endchar - t.startchar != len(t.text):
        return [None] * len(parts)
    offsets, start = [], t.startchar
    for part in parts:
        offsets.append(start)
        start += len(part) + 1
    return offsets


def _retext(t: Token, part: str, start: int | None, pos: int | None) -> None:
    t.text = part
    t.stopped = False  # nothing before this filter stops words
    if pos is not None:
        t.pos = pos
    if start is not None:
        t.startchar, t.endchar = start, start + len(part)


class ApostropheFilter(Filter):
    """Removes apostrophes inside a word: ``Ma'ruf`` and ``Maruf`` are one name."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            if "'" in t.text or "\u2019" in t.text:
                t.text = t.text.translate(_APOSTROPHES)
            yield t


class StemFilter(Filter):
    """Replaces plain words by their Sastrawi stem (see :mod:`search.stemming`).

    Tokens with digits or punctuation inside (``175.000``, ``covid-19``) are
    left alone: Sastrawi would strip the punctuation and mangle them.
    """

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        known = known_stem  # a local name: this runs for every word
        for t in tokens:
            text = t.text
            if not t.stopped and text.isascii() and text.isalpha():
                t.text = known(text) or stem_word(text)  # a stem is never empty
            yield t


class ClosedCompoundFilter(Filter):
    """Splits a closed compound into its open spelling (see :mod:`search.analysis.compounds`):
    ``ibukota`` -> ``ibu``, ``kota``, one position each (later tokens move down one),
    both with the whole word's offsets, so a highlight marks the word as written."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        table = closed_compounds()
        shift = 0
        for t in tokens:
            if t.positions:
                t.pos += shift
            parts = table.get(t.text)
            if parts is None:
                yield t
                continue
            base = t.pos if t.positions else 0
            for i, part in enumerate(parts):
                t.text = part
                if t.positions:
                    t.pos = base + i
                yield t
            shift += len(parts) - 1


class StopwordFilter(Filter):
    """Drops :data:`STOPWORDS` (after stemming, so ``inilah`` goes with ``ini``).

    Later tokens move up to fill the gap, so a phrase query (whose stopwords
    are dropped too) still matches.  A position is a gap only when every token
    at it was dropped: in ``0biden-di-moskow`` the part ``di`` shares its
    position with the whole word, which stays.  At highlight time
    (``removestops=False``) stopwords are kept, marked stopped, at the position
    the next word takes.
    """

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        gaps, position, kept_here = 0, None, False
        for t in tokens:
            if t.positions and t.pos != position:
                if position is not None and not kept_here:
                    gaps += 1
                position, kept_here = t.pos, False
            if t.text in STOPWORDS:
                if not t.removestops:
                    t.stopped = True
                    if t.positions:
                        t.pos -= gaps
                    yield t
                continue
            kept_here = True
            if t.positions:
                t.pos -= gaps
            yield t
