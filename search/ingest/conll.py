"""IOB tags to person spans, CoNLL-style NER gold files, and span scores.

:func:`person_spans` also decodes the tagger's output while indexing; the
readers and scores serve the training and evaluation tools and the tests.  A
sentence is a list of ``(token, tag)`` pairs with IOB tags; a span is
``(start, end)``, token offsets with ``end`` exclusive.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

Sentence = list[tuple[str, str]]
Span = tuple[int, int]

#: The person label of each gold set (idner-news-2k, NER-UGM, NERGrit, NERP).
PERSON_LABELS = frozenset({"PER", "PERSON", "PPL"})


def read_conll(path: Path) -> list[Sentence]:
    """Sentences of a gold file: token first, tag last, space or tab separated."""
    sentences: list[Sentence] = []
    current: Sentence = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip("\r\n")
        if not line.strip():
            if current:
                sentences.append(current)
                current = []
            continue
        parts = line.split("\t") if "\t" in line else line.split(" ")
        current.append((parts[0], parts[-1].strip()))
    if current:
        sentences.append(current)
    return sentences


def label_of(tag: str) -> str:
    """``PER`` for ``B-PER``; ``O`` for ``O``."""
    return tag[2:] if tag[:2] in ("B-", "I-") else tag


def person_spans(tags: Sequence[str]) -> list[Span]:
    """The person spans of an IOB tag sequence (an ``I-`` after ``O`` opens a span)."""
    spans: list[Span] = []
    start = None
    for i, tag in enumerate([*tags, "O"]):
        is_person = label_of(tag) in PERSON_LABELS
        if start is not None and (not is_person or tag.startswith("B-")):
            spans.append((start, i))
            start = None
        if is_person and start is None:
            start = i
    return spans


@dataclass
class Score:
    """Counts of true positives, predictions and gold items, with P/R/F1."""

    tp: int = 0
    predicted: int = 0
    gold: int = 0

    def add(self, predicted: Iterable[object], gold: Iterable[object]) -> None:
        predicted, gold = set(predicted), set(gold)
        self.tp += len(predicted & gold)
        self.predicted += len(predicted)
        self.gold += len(gold)

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "predicted": self.predicted,
            "gold": self.gold,
        }
