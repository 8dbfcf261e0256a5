"""Indonesian stemming: PySastrawi behind an override table and a bounded cache.

The stemmer lives here, at module level, and is reached only through
:func:`stem_word`.  Analysis filters call that function instead of holding a
stemmer object, so nothing but a class reference is pickled into the Whoosh
schema and the index stays portable.

Sastrawi takes about 0.1 ms a word, so the cache is worth keeping: the indexer
saves it beside the index as a stem lexicon (:func:`save_lexicon`) and every
process that opens the index starts from it (:func:`load_lexicon`).  The
lexicon holds this module's own results and is ignored when the stemmer
(Sastrawi's version or the override table) has changed, so output is
identical with or without it.
"""

from __future__ import annotations

import gzip
import hashlib
import os
from collections.abc import Iterable
from importlib.metadata import version
from itertools import islice
from pathlib import Path

from Sastrawi.Dictionary.ArrayDictionary import ArrayDictionary
from Sastrawi.Stemmer.Stemmer import Stemmer
from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

#: How many distinct words keep their stem in memory (about 100 bytes each).
STEM_CACHE_SIZE = 250_000

#: Words Sastrawi gets badly wrong in news text, mapped to the stem we want.
#: Each entry is a real error of PySastrawi 1.2 (shown in tests/test_analysis.py).
STEM_OVERRIDES: dict[str, str] = {
    # "pasu" + "-kan": troops become a non-word
    "pasukan": "pasukan",
    "pasukannya": "pasukan",
    # pe-milu: the general election is "pemilu", not "milu"
    "pemilu": "pemilu",
    "pemilunya": "pemilu",
    # ber-se-berang-an (to be on opposite sides) is not "berangan" (to daydream)
    "berseberangan": "seberang",
    # mem-bantah (to deny) is not "ban" (tyre)
    "membantah": "bantah",
    "dibantah": "bantah",
    # the government is not a command ("perintah")
    "pemerintah": "pemerintah",
    "pemerintahan": "pemerintah",
    # place names that look like derived words
    "bekasi": "bekasi",  # not "bekas" (former)
    "kediri": "kediri",  # not "diri" (self)
    "maluku": "maluku",  # not "malu" (shy)
    "bali": "bali",  # not "bal"
    "pekalongan": "pekalongan",  # not "kalong" (fruit bat)
}


def _build_stemmer() -> Stemmer:
    """A Sastrawi stemmer without Sastrawi's own (unbounded) result cache."""
    return Stemmer(ArrayDictionary(StemmerFactory().get_words()))


_STEMMER = _build_stemmer()


#: word -> stem, filled by :func:`stem_word`, :func:`load_lexicon` and :func:`remember`;
#: only this module changes it.
_STEM_CACHE: dict[str, str] = {}
#: The cached stem of a word, or None: the analysis filters' fast path (a word
#: not cached yet goes through :func:`stem_word`).
known_stem = _STEM_CACHE.get
#: How many times the cache was emptied for being full (see :func:`cache_mark`).
_clears = 0


#: Identifies this stemmer's output: a lexicon made by another one is ignored.
STEMMER_DIGEST = hashlib.sha256(repr((version("PySastrawi"), sorted(STEM_OVERRIDES.items()))).encode()).hexdigest()[:16]


def stem_word(word: str) -> str:
    """Return the stem of one lower-case word; overrides win over Sastrawi.

    Sastrawi drops everything that is not a letter or a digit, so callers pass
    only plain words (see :class:`search.analysis.StemFilter`).
    """
    stem = _STEM_CACHE.get(word)
    if stem is None:
        stem = STEM_OVERRIDES.get(word) or _STEMMER.stem_word(word) or word
        _cache(word, stem)
    return stem


def _cache(word: str, stem: str) -> None:
    global _clears
    if len(_STEM_CACHE) >= STEM_CACHE_SIZE:
        _STEM_CACHE.clear()
        _clears += 1
    _STEM_CACHE[word] = stem


def cache_mark() -> tuple[int, int]:
    """Where the cache is now, for :func:`stems_since`."""
    return _clears, len(_STEM_CACHE)


def stems_since(mark: tuple[int, int]) -> list[tuple[str, str]]:
    """The ``(word, stem)`` pairs cached since ``mark`` (all cached ones if the cache was emptied since)."""
    clears, count = mark
    if clears != _clears:
        return list(_STEM_CACHE.items())
    return list(islice(reversed(_STEM_CACHE.items()), len(_STEM_CACHE) - count))[::-1]


def remember(stems: Iterable[tuple[str, str]]) -> None:
    """Cache stems that :func:`stem_word` computed in another process (identical to computing them here)."""
    for word, stem in stems:
        if word not in _STEM_CACHE:
            _cache(word, stem)


def cached_count() -> int:
    """How many words have their stem in the cache."""
    return len(_STEM_CACHE)


def forget_all() -> None:
    """Empty the cache (for tests that count Sastrawi calls)."""
    global _clears
    _STEM_CACHE.clear()
    _clears += 1


def save_lexicon(path: Path) -> None:
    """Write every cached ``word -> stem`` to ``path`` (gzip'd TSV), atomically."""
    temporary = path.with_name(path.name + ".tmp")
    with gzip.open(temporary, "wt", encoding="utf-8", compresslevel=1) as out:
        out.write(f"# telusur stem lexicon {STEMMER_DIGEST}\n")
        out.writelines(f"{word}\t{stem}\n" for word, stem in list(_STEM_CACHE.items()))
    os.replace(temporary, path)


def load_lexicon(path: Path) -> int:
    """Add the stems saved in ``path`` to the cache; how many were read (0 when
    the file is missing, unreadable or made by another stemmer)."""
    try:
        with gzip.open(path, "rt", encoding="utf-8") as lines:
            if lines.readline().split()[-1:] != [STEMMER_DIGEST]:
                return 0
            entries = dict(line.rstrip("\n").split("\t", 1) for line in lines)
    except (OSError, EOFError, ValueError, IndexError):
        return 0
    room = max(0, STEM_CACHE_SIZE - len(_STEM_CACHE))  # never empty the cache for a lexicon
    remember(islice(((word, stem) for word, stem in entries.items() if word not in _STEM_CACHE), room))
    return len(entries)
