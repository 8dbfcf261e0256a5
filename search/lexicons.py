"""Word lists behind the person tagger, loaded once from ``search/data``.

* ``politicians.txt``: cleaned names of Indonesian politicians and candidates
  (from the KPU/DPR open data, see ``data/PERSON_MODEL.md``).
* ``word-case.txt``: how often each word is capitalised in the middle of a
  sentence in 22k news articles: ``h`` (almost always, a proper noun), ``m``
  (sometimes) or ``l`` (rarely, a common word).

Both are written by ``tools/train_person_model.py``.
"""

from __future__ import annotations

from functools import cache

from search.gazetteers import data_lines

POLITICIANS_FILE = "politicians.txt"
WORD_CASE_FILE = "word-case.txt"


@cache
def politicians() -> tuple[str, ...]:
    """Cleaned full names of Indonesian politicians (``Surya Paloh``)."""
    return tuple(line.strip() for line in data_lines(POLITICIANS_FILE))


@cache
def name_tokens() -> frozenset[str]:
    """Lower-cased words of at least 3 letters that occur in politicians' names."""
    return frozenset(word.lower() for name in politicians() for word in name.split() if len(word) >= 3)


@cache
def word_case() -> dict[str, str]:
    """Lower-cased word -> ``h``/``m``/``l`` (how often it is capitalised mid-sentence)."""
    table = {}
    for line in data_lines(WORD_CASE_FILE):
        kind, _, word = line.partition(" ")
        table[word] = kind
    return table
