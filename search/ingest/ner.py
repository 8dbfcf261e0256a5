"""Person-name tagger: tokens, token features and the shipped CRF model.

The model (``data/person-model.crfsuite``, provenance in ``docs/person-model.md``)
gives each token an IOB tag; ``B-PER``/``I-PER`` mark people (it also learnt
``ORG`` and ``LOC`` so as to tell them apart).  It is loaded lazily, once per
process, and never pickled.  Indexing calls this once per article, so the
features of a word are computed once and cached, and :func:`tag_windows` only
tags the stretches of text around capitalised words, in one call per article.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pycrfsuite

from search.ingest.lexicons import CLUSTER_SIZES, name_tokens, word_case, word_clusters

MODEL_FILE = "person-model.crfsuite"
#: Words on each side of a possible name that :func:`tag_windows` tags with it (features look 2 words away).
WINDOW_CONTEXT = 2

#: A word (with inner apostrophes or hyphens: ``Ma'ruf``, ``Jokowi-JK``) or one other character.
TOKEN = re.compile(r"\w+(?:['\u2019\-]\w+)*|[^\w\s]")

#: Words after which a name usually follows: verbs of saying, titles and roles.
SAY_WORDS = frozenset(
    "kata ujar ucap tutur jelas ungkap imbuh tambah terang sebut tegas papar lanjut katanya ujarnya "
    "menurut kepada oleh bersama".split()
)
TITLE_WORDS = frozenset(
    "presiden wapres menteri menlu menko ketua pak bu ibu bapak raja ratu perdana jenderal gubernur bupati "
    "wali walikota direktur kepala juru sekretaris ajudan kapolri kapolda panglima wakil sang saudara mantan "
    "pelatih penyanyi aktor aktris artis mendagri komjen irjen brigjen kombes ny tuan nyonya dr prof h hj ir "
    "kanselir senator wartawan penulis editor reporter pengamat".split()
)

_SHAPE_SUBS = ((re.compile(r"[A-Z]"), "X"), (re.compile(r"[a-z]"), "x"), (re.compile(r"[0-9]"), "d"))
_REPEATS = re.compile(r"(.)\1+")


def tokenize(text: str) -> list[re.Match[str]]:
    """Tokens of ``text`` as matches (``.group()`` is the token, ``.start()`` its offset)."""
    return list(TOKEN.finditer(text))


def shape(word: str) -> str:
    """Collapsed character shape: ``Xx`` for Putin, ``X`` for NATO, ``x-Xx`` for pro-Rusia."""
    for pattern, letter in _SHAPE_SUBS:
        word = pattern.sub(letter, word)
    return _REPEATS.sub(r"\1", word)[:6]


def is_capitalised(word: str) -> bool:
    """Starts with an upper-case letter (``Putin``, ``NATO``, ``McCain``, ``(Jokowi)``)."""
    return word[:1].isupper() or (word[:1] in "(\"'" and word[1:2].isupper())


def case_class(lower: str) -> str:
    """How often the word is capitalised mid-sentence in news: h, m, l, or u (unknown).

    An unknown hyphenated word takes its first part's class (``tiba-tiba``).
    """
    table = word_case()
    found = table.get(lower)
    if found is None and "-" in lower:
        found = table.get(lower.partition("-")[0])
    return found or "u"


@lru_cache(maxsize=200_000)
def word_features(word: str) -> tuple[str, ...]:
    """Features of the word itself."""
    lower = word.lower()
    features = ["b", "w=" + lower, "s=" + shape(word), "c=" + case_class(lower)]
    if len(lower) > 3:
        features += ["p3=" + lower[:3], "x3=" + lower[-3:], "x2=" + lower[-2:]]
    if word.istitle():
        features.append("T")
    elif word.isupper():
        features.append("U")
    if lower in name_tokens():
        features.append("gz")
    clusters = word_clusters().get(lower)
    if clusters:
        features += [f"k{size}={cluster}" for size, cluster in zip(CLUSTER_SIZES, clusters)]
    return tuple(features)


def context_features(word: str, offset: int) -> tuple[str, ...]:
    """Features that a neighbour ``offset`` (-2, -1, 1 or 2) words away contributes."""
    lower = word.lower()
    if abs(offset) != 1:
        return (f"{offset}w={lower}",)
    features = [f"{offset}w={lower}", f"{offset}s={shape(word)}", f"{offset}c={case_class(lower)}"]
    if offset == -1:
        if lower in SAY_WORDS:
            features.append("-1say")
        if lower in TITLE_WORDS:
            features.append("-1title")
    return tuple(features)


@lru_cache(maxsize=200_000)
def _all_features(word: str) -> tuple[tuple[str, ...], ...]:
    """The word's own features, then what it contributes at offsets -2, -1, +1 and +2 (cached)."""
    return (word_features(word), *(context_features(word, offset) for offset in (-2, -1, 1, 2)))


#: What a missing neighbour (before the start, after the end) contributes.
_EDGE = (("-2w=<s>",), ("-1w=<s>", "-1s=<s>"), ("1w=</s>", "1s=</s>"), ("2w=</s>",))


def sentence_features(tokens: Sequence[str]) -> list[list[str]]:
    """One feature list per token, for training and tagging alike."""
    parts = [_all_features(word) for word in tokens]
    n = len(parts)
    return [
        [
            *own,
            *(parts[i - 2][1] if i > 1 else _EDGE[0]),
            *(parts[i - 1][2] if i > 0 else _EDGE[1]),
            *(parts[i + 1][3] if i + 1 < n else _EDGE[2]),
            *(parts[i + 2][4] if i + 2 < n else _EDGE[3]),
        ]
        for i, (own, *_) in enumerate(parts)
    ]


_local = threading.local()
_model_path: Path | None = None


def tagger() -> pycrfsuite.Tagger:
    """The model, opened on first use in each thread (a crfsuite tagger is not thread-safe)."""
    model = getattr(_local, "tagger", None)
    if model is None:
        model = _local.tagger = pycrfsuite.Tagger()
        if _model_path is not None:
            model.open(str(_model_path))
        else:
            with resources.as_file(resources.files("search.ingest.data").joinpath(MODEL_FILE)) as path:
                model.open(str(path))
    return model


def use_model(path: Path) -> None:
    """Tag with the model at ``path`` from now on (to evaluate a model before shipping it)."""
    global _model_path
    _model_path = path
    _local.tagger = None


def tag(tokens: Sequence[str]) -> list[str]:
    """IOB tags for ``tokens`` (one sentence), tagging all of it."""
    if not tokens:
        return []
    return tagger().tag(sentence_features(tokens))


_SENTENCE_START = frozenset('.!?"\u201c\u201d:;()-\u2013\u2014')


def may_be_name(tokens: Sequence[str], i: int) -> bool:
    """Capitalised, and not a common word capitalised only because it starts a sentence (``Namun``)."""
    word = tokens[i]
    if not is_capitalised(word):
        return False
    return case_class(word.lower()) != "l" or (i > 0 and tokens[i - 1] not in _SENTENCE_START)


def windows(tokens: Sequence[str]) -> list[tuple[int, int]]:
    """Stretches worth tagging: words that may be names, with ``WINDOW_CONTEXT`` words either side."""
    spans: list[tuple[int, int]] = []
    for i in [i for i, word in enumerate(tokens) if word[:1].isupper() or word[:1] in "(\"'"]:
        if may_be_name(tokens, i):
            start, end = max(0, i - WINDOW_CONTEXT), min(len(tokens), i + 1 + WINDOW_CONTEXT)
            if spans and start <= spans[-1][1]:
                spans[-1] = (spans[-1][0], end)
            else:
                spans.append((start, end))
    return spans


def tag_windows(sequences: Sequence[Sequence[str]]) -> list[list[str]]:
    """Tags for several token sequences (an article's sentences), ``O`` outside :func:`windows`.

    The windows' features are computed per window and tagged in one call to
    the model, which is much faster than a call per window.
    """
    items: list[list[str]] = []
    places = []
    for k, tokens in enumerate(sequences):
        for start, end in windows(tokens):
            items += sentence_features(tokens[start:end])
            places.append((k, start, end))
    tags = [["O"] * len(tokens) for tokens in sequences]
    predicted = tagger().tag(items) if items else []
    position = 0
    for k, start, end in places:
        tags[k][start:end] = predicted[position : position + end - start]
        position += end - start
    return tags
