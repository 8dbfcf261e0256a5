#!/usr/bin/env python3
"""Trains the person tagger shipped in ``search/ingest/data`` from ../shared/corpora.

Deterministic: the same corpora give the same files.  Steps:

1. ``search/ingest/data/politicians.txt``: names from id-politicians-pemilu, titles
   and degrees stripped (``Dr. H. R. ACHMAD DIMYATI, SH`` -> ``Achmad Dimyati``).
2. ``search/ingest/data/word-case.txt``: per word, how often clickid-2019 bodies
   capitalise it mid-sentence.
3. ``search/ingest/data/word-clusters.txt``: per word, its cluster at three
   granularities: word2vec (gensim) over the lower-cased titles and bodies of
   clickid-2019, dpr-berita, indosum-dev and detik-2025-aspect (no labels),
   then k-means (scikit-learn).  Needs ``pip install -e '.[train]'``.
4. ``search/ingest/data/person-model.crfsuite``: a CRF (python-crfsuite, L-BFGS) on the
   train (and, for the shipped model, dev) splits of idner-news-2k, NER-UGM,
   NERGrit and NERP (lower-cased, so truecased with clickid's usual spellings).
   Every sentence sharing an 8-word shingle with the TEST split of
   idner-news-2k or NER-UGM is dropped first: the gold sets re-annotate the
   same news sentences, so without this the test sets would leak into training.

See ``docs/person-model.md`` for provenance, licences and figures.

Usage::

    python tools/train_person_model.py            # lexicons + shipped model
    python tools/train_person_model.py --tune     # dev scores for a small grid, writes nothing
    python tools/train_person_model.py --exclude-dev --output /tmp/m.crfsuite
    python tools/eval_persons.py --dev --model /tmp/m.crfsuite   # tune the pipeline on dev
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import json
import re
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pycrfsuite

from search.ingest import lexicons, ner
from search.ingest.conll import Score, Sentence, label_of, person_spans, read_conll
from search.ingest.names import TITLES

CORPORA = ROOT.parent / "shared" / "corpora"
DATA = ROOT / "search" / "ingest" / "data"

#: Gold files by role.  Held-out TEST files are only read to drop their sentences from training.
TEST_FILES = {
    "idner-news-2k": "idner-news-2k/test.txt",
    "nerugm": "indolem-ner/nerugm/test.01.tsv",
}
DEV_FILES = {
    "idner-news-2k": "idner-news-2k/dev.txt",
    "nerugm": "indolem-ner/nerugm/dev.01.tsv",
}
TRAIN_FILES = {
    "idner-news-2k": "idner-news-2k/train.txt",
    "nerugm": "indolem-ner/nerugm/train.01.tsv",
    "nergrit": "indonlu-ner/nergrit/train_preprocess.txt",
    "nergrit-valid": "indonlu-ner/nergrit/valid_preprocess.txt",
}
#: Each gold set's labels, mapped onto the three the model learns.
LABELS = {
    "PER": "PER", "PERSON": "PER", "PPL": "PER",
    "ORG": "ORG", "ORGANIZATION": "ORG", "ORGANISATION": "ORG", "IND": "ORG",
    "LOC": "LOC", "LOCATION": "LOC", "PLACE": "LOC", "PLC": "LOC",
}
#: Lower-cased gold (NERP: news, 7,560 sentences), truecased before training.
LOWERCASED_FILES = {
    "nerp": "indonlu-ner/nerp/train_preprocess.txt",
    "nerp-valid": "indonlu-ner/nerp/valid_preprocess.txt",
}
PARAMS = {"c1": 0.2, "c2": 0.01, "max_iterations": 150, "feature.possible_transitions": True}
SHINGLE = 8

# --- politicians.txt ---------------------------------------------------------------
_TITLES = frozenset(
    "dr drs dra ir h hj prof kh pdt bung hm he hc r rr ust ustadz habib mayjend mayjen tni purn brigjen "
    "letjen kol irjen laksda marsda jend ny nyonya drh drg ra ki gusti kgs dt tgh tuan".split()
)
_DEGREE = re.compile(r"^(?:[SMDBL]\.?\s?[A-Za-z]{0,4}\.?|MBA|MM|MA|MH|MSi|MT|MPd|PhD|LLM|Drg|Ak|CPA|Apt)\.?$", re.I)


def clean_politician(raw: str) -> str | None:
    """A registered name as news writes it, or None if it is not a plain name."""
    name = re.sub(r"\([^)]*\)", " ", raw.split(",")[0])
    tokens = re.sub(r"(?<=\.)(?=\S)", " ", name).split()
    while tokens and (tokens[0].lower().strip(".") in _TITLES or re.fullmatch(r"[A-Za-z]\.?", tokens[0])):
        tokens.pop(0)
    while len(tokens) > 1 and len(tokens[-1].strip(".")) <= 4 and (
        (_DEGREE.match(tokens[-1]) and tokens[-1].isupper()) or tokens[-1].endswith(".")
    ):
        tokens.pop()
    words = []
    for token in tokens:
        token = token.strip(".")
        if not token:
            continue
        if not re.fullmatch(r"[A-Za-z'\-]+", token):
            return None
        words.append(token.capitalize() if (token.isupper() and len(token) > 2) or token.islower() else token)
    return " ".join(words) or None


def build_politicians(path: Path) -> list[str]:
    """Distinct cleaned names, sorted."""
    with gzip.open(path, "rt", encoding="utf-8", newline="") as rows:
        names = {clean_politician(row["name"]) for row in csv.DictReader(rows)}
    return sorted(n for n in names if n)


# --- word-case.txt -----------------------------------------------------------------
_WORD = ner.TOKEN
#: Sentence ends, quotes, line breaks and clickid's text-node commas (``kata,Budi``).
_CLAUSE = re.compile(r"[.!?:\"\u201c\u201d\n]|,(?=\S)")


def count_cases(path: Path) -> tuple[Counter[str], Counter[str], Counter[str]]:
    """Mid-sentence counts in clickid bodies: capitalised uses, lower-case uses, surface forms."""
    capital: Counter[str] = Counter()
    lower: Counter[str] = Counter()
    forms: Counter[str] = Counter()
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            for clause in _CLAUSE.split(json.loads(line).get("body") or ""):
                words = [w for w in _WORD.findall(clause) if w[0].isalnum()]
                for word in words[1:]:
                    forms[word] += 1
                    if word[0].isupper():
                        capital[word.lower()] += 1
                    elif word[0].islower():
                        lower[word] += 1
    return capital, lower, forms


def build_word_case(path: Path, min_count: int = 3) -> dict[str, str]:
    """Lower-cased word -> h/m/l by its share of capitalised mid-sentence uses."""
    capital, lower, _ = count_cases(path)
    table = {}
    for word in capital.keys() | lower.keys():
        total = capital[word] + lower[word]
        if total >= min_count and not word.isdigit():
            share = capital[word] / total
            table[word] = "h" if share >= 0.9 else "m" if share >= 0.3 else "l"
    return table


def write_lexicons() -> None:
    politicians = build_politicians(CORPORA / "id-politicians-pemilu" / "persons.csv.gz")
    (DATA / lexicons.POLITICIANS_FILE).write_text(
        "# Indonesian politicians and candidates 2009-2015, cleaned by tools/train_person_model.py from\n"
        "# ../shared/corpora/id-politicians-pemilu/persons.csv.gz (pemiluAPI/pemilu-data @ c40bfc52; KPU/DPR public data).\n"
        + "".join(f"{name}\n" for name in politicians),
        encoding="utf-8",
    )
    table = build_word_case(CORPORA / "clickid-2019" / "articles.jsonl.gz")
    (DATA / lexicons.WORD_CASE_FILE).write_text(
        "# <h|m|l> <word>: share of capitalised mid-sentence uses (>= 0.9, >= 0.3, less) in clickid-2019 bodies\n"
        "# (andikawilliam/CLICK-ID @ 802db14e, CC BY 4.0), words seen at least 3 times; by tools/train_person_model.py.\n"
        + "".join(f"{table[w]} {w}\n" for w in sorted(table)),
        encoding="utf-8",
    )
    clusters = build_clusters()
    (DATA / lexicons.WORD_CLUSTERS_FILE).write_text(
        "# <word> <cluster of 64> <of 256> <of 1024>: k-means over word2vec vectors of the lower-cased words of\n"
        "# clickid-2019, dpr-berita, indosum-dev and detik-2025-aspect (see docs/person-model.md); by tools/train_person_model.py.\n"
        + "".join(f"{word}\t" + "\t".join(map(str, clusters[word])) + "\n" for word in sorted(clusters)),
        encoding="utf-8",
    )
    for cached in (lexicons.politicians, lexicons.name_tokens, lexicons.word_case, lexicons.word_clusters):
        cached.cache_clear()
    ner.word_features.cache_clear()
    ner._all_features.cache_clear()
    print(f"wrote {len(politicians)} politicians, {len(table)} word cases, {len(clusters)} word clusters", file=sys.stderr)


# --- word-clusters.txt --------------------------------------------------------------
#: Unlabelled news whose words are clustered (titles and bodies only; no labels are read).
UNLABELLED = ("clickid-2019", "dpr-berita", "indosum-dev", "detik-2025-aspect")
_SENTENCES = re.compile(r"(?<=[.!?])\s+|\n+")
WORD2VEC = {"vector_size": 100, "window": 5, "min_count": 3, "epochs": 5, "sg": 0, "seed": 1, "workers": 1}


def unlabelled_sentences() -> list[list[str]]:
    """Lower-cased tokens (as the tagger splits them) of every sentence of at least 3 tokens."""
    sentences = []
    for name in UNLABELLED:
        with gzip.open(CORPORA / name / "articles.jsonl.gz", "rt", encoding="utf-8") as lines:
            for line in lines:
                record = json.loads(line)
                for part in (record.get("title") or "", record.get("body") or ""):
                    for sentence in _SENTENCES.split(part):
                        tokens = ner.TOKEN.findall(sentence.lower())
                        if len(tokens) > 2:
                            sentences.append(tokens)
    return sentences


def _stable_hash(text: str) -> int:
    """word2vec seeds each word's vector with a hash: this one does not change between runs."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=4).digest(), "little")


def build_clusters() -> dict[str, tuple[int, ...]]:
    """Word -> cluster at each of ``lexicons.CLUSTER_SIZES`` (deterministic: one worker, fixed seeds)."""
    try:
        import numpy
        from gensim.models import Word2Vec
        from sklearn.cluster import MiniBatchKMeans
    except ImportError as error:
        raise SystemExit(f"{error.name} is missing: pip install -e '.[train]'") from None
    model = Word2Vec(unlabelled_sentences(), hashfxn=_stable_hash, **WORD2VEC)
    vectors = model.wv.vectors / numpy.linalg.norm(model.wv.vectors, axis=1, keepdims=True)
    columns = [
        MiniBatchKMeans(n_clusters=size, random_state=1, batch_size=4096, n_init=3).fit(vectors).labels_
        for size in lexicons.CLUSTER_SIZES
    ]
    return {word: tuple(int(column[i]) for column in columns) for i, word in enumerate(model.wv.index_to_key)}


# --- gold data ---------------------------------------------------------------------
def shingles(sentence: Sentence) -> set[str]:
    words = [w for w in (re.sub(r"[^0-9a-z]", "", t.lower()) for t, _ in sentence) if w]
    return {" ".join(words[i : i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}


def load(files: dict[str, str]) -> dict[str, list[Sentence]]:
    return {name: read_conll(CORPORA / rel) for name, rel in files.items()}


def without(sentences: Iterable[Sentence], held: set[str]) -> list[Sentence]:
    """The sentences that share no shingle with ``held``."""
    return [s for s in sentences if not shingles(s) & held]


def truecaser(path: Path):
    """A function restoring the case of lower-cased NERP sentences: entity words and sentence
    starts capitalised, other words as clickid most often writes them."""
    _, _, forms = count_cases(path)
    best: dict[str, tuple[int, str]] = {}
    for form, count in forms.items():
        key = form.lower()
        if count > best.get(key, (0, ""))[0]:
            best[key] = (count, form)

    def truecase(sentence: Sentence) -> Sentence:
        out, start = [], True
        for token, tag in sentence:
            form = best.get(token, (0, token))[1]
            if (tag != "O" or start) and form[:1].islower():
                form = form[:1].upper() + form[1:]
            out.append((form, tag))
            start = token in (".", "!", "?")
        return out

    return truecase


def relabel(sentence: Sentence) -> tuple[list[str], list[str]]:
    """Tokens and the model's tags; a title opening a person span (``Pak``, ``Presiden``, which
    NER-UGM sometimes includes) is moved out of it, as :mod:`search.ingest.people` strips titles."""
    tokens, tags = [], []
    for token, tag in sentence:
        label = LABELS.get(label_of(tag))
        tokens.append(token)
        tags.append(f"{tag[:2]}{label}" if label and tag[:2] in ("B-", "I-") else "O")
    for i, tag in enumerate(tags):
        if tag == "B-PER" and i + 1 < len(tags) and tags[i + 1] == "I-PER" and tokens[i].lower().strip(".") in TITLES:
            tags[i], tags[i + 1] = "O", "B-PER"
    return tokens, tags


def train(sentences: list[Sentence], model: Path, params: dict[str, object]) -> None:
    trainer = pycrfsuite.Trainer(verbose=False)
    for sentence in sentences:
        tokens, tags = relabel(sentence)
        trainer.append(ner.sentence_features(tokens), tags)
    trainer.set_params(params)
    trainer.train(str(model))


def dev_score(model: Path, sets: dict[str, list[Sentence]]) -> dict[str, Score]:
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))
    scores = {}
    for name, sentences in sets.items():
        score = scores[name] = Score()
        for sentence in sentences:
            tags = tagger.tag(ner.sentence_features([t for t, _ in sentence]))
            score.add(person_spans(tags), person_spans([g for _, g in sentence]))
    return scores


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tune", action="store_true", help="score a small grid on the dev splits; write nothing")
    parser.add_argument("--skip-lexicons", action="store_true", help="keep the committed word lists")
    parser.add_argument("--without-nerp", action="store_true", help="leave out the truecased NERP sentences")
    parser.add_argument("--exclude-dev", action="store_true", help="train without the dev splits (to tune on them)")
    parser.add_argument("--output", type=Path, default=DATA / ner.MODEL_FILE)
    args = parser.parse_args(argv)
    if not CORPORA.exists():
        print(f"corpora not found at {CORPORA}", file=sys.stderr)
        return 1
    if not args.skip_lexicons and not args.tune:
        write_lexicons()
    held = set().union(*(shingles(s) for sentences in load(TEST_FILES).values() for s in sentences))
    dev = {name: without(sentences, held) for name, sentences in load(DEV_FILES).items()}
    train_sets = {name: without(sentences, held) for name, sentences in load(TRAIN_FILES).items()}
    if not args.without_nerp:
        truecase = truecaser(CORPORA / "clickid-2019" / "articles.jsonl.gz")
        for name, sentences in load(LOWERCASED_FILES).items():
            train_sets[name] = [truecase(s) for s in without(sentences, held)]
    if args.tune:
        dev_held = set().union(*(shingles(s) for sentences in dev.values() for s in sentences))
        sentences = [s for group in train_sets.values() for s in without(group, dev_held)]
        grid = [{"c1": c1, "c2": c2} for c1 in (0.05, 0.1, 0.2) for c2 in (0.01, 0.05)]
        with tempfile.TemporaryDirectory() as tmp:
            for point in grid:
                model = Path(tmp) / "model.crfsuite"
                train(sentences, model, {**PARAMS, **point})
                scores = dev_score(model, dev)
                total = Score(*(sum(getattr(s, f) for s in scores.values()) for f in ("tp", "predicted", "gold")))
                print(point, {k: round(v.f1, 4) for k, v in scores.items()}, "all", round(total.f1, 4), flush=True)
        return 0
    if args.exclude_dev:
        dev_held = set().union(*(shingles(s) for sentences in dev.values() for s in sentences))
        sentences = [s for group in train_sets.values() for s in without(group, dev_held)]
    else:
        sentences = [s for group in (*train_sets.values(), *dev.values()) for s in group]
    print(f"training on {len(sentences)} sentences", file=sys.stderr)
    train(sentences, args.output, PARAMS)
    print(f"wrote {args.output} ({args.output.stat().st_size // 1024} KB)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
