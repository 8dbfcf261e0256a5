"""Word lists behind the person tagger, loaded once from ``search/ingest/data``.

* ``politicians.txt``: cleaned names of Indonesian politicians and candidates
  (from the KPU/DPR open data, see ``docs/person-model.md``).
* ``word-case.txt``: how often each word is capitalised in the middle of a
  sentence in 22k news articles: ``h`` (almost always, a proper noun), ``m``
  (sometimes) or ``l`` (rarely, a common word).
* ``word-clusters.txt``: for each word of 39k news articles, its cluster among
  words used in similar contexts (k-means over word2vec vectors, at
  :data:`CLUSTER_SIZES` granularities): ``jokowi``, ``prabowo`` and ``airlangga``
  share one, so the tagger generalises from the names it was trained on.

All are written by ``tools/train_person_model.py``.
"""

from __future__ import annotations

from functools import cache

from search.ingest.gazetteers import data_lines

POLITICIANS_FILE = "politicians.txt"
WORD_CASE_FILE = "word-case.txt"
WORD_CLUSTERS_FILE = "word-clusters.txt"
#: How many clusters each column of ``word-clusters.txt`` divides the vocabulary into.
CLUSTER_SIZES = (64, 256, 1024)


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


@cache
def word_clusters() -> dict[str, tuple[str, ...]]:
    """Lower-cased word -> its cluster number at each of :data:`CLUSTER_SIZES`."""
    table = {}
    for line in data_lines(WORD_CLUSTERS_FILE):
        word, *clusters = line.split("\t")
        table[word] = tuple(clusters)
    return table
