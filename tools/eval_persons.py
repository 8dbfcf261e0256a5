#!/usr/bin/env python3
"""Measures person-name extraction (``make eval``).

* Entity level, exact span: precision, recall and F1 of PERSON spans on the
  held-out TEST splits of idner-news-2k and NER-UGM (fold 1), for the shipped
  pipeline (:func:`search.ingest.people.person_spans`) and, as a baseline, the
  gazetteer alone.  A diagnostic row scores the shipped spans against gold
  spans whose leading title was moved out (``Pak Wiranto`` -> ``Wiranto``), the
  convention the pipeline follows.
* Facet level: on the five seeds, the set of canonical names that
  :func:`search.ingest.people.find_persons` returns against ``tools/seed_persons.json``.
* Speed: ``find_persons`` over clickid-2019 articles (title + body), one process.

Prints a table and writes the figures to ``tools/eval_results.json``.  Without
../shared/corpora the gold and speed parts are skipped (the seed part still runs).
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from search.ingest import ner, people
from search.ingest.conll import Score, read_conll
from search.ingest.conll import person_spans as gold_spans

CORPORA = ROOT.parent / "shared" / "corpora"
TEST_SETS = {
    "idner-news-2k test": CORPORA / "idner-news-2k" / "test.txt",
    "nerugm test.01": CORPORA / "indolem-ner" / "nerugm" / "test.01.tsv",
}
DEV_SETS = {
    "idner-news-2k dev": CORPORA / "idner-news-2k" / "dev.txt",
    "nerugm dev.01": CORPORA / "indolem-ner" / "nerugm" / "dev.01.tsv",
}
CLICKID = CORPORA / "clickid-2019" / "articles.jsonl.gz"
SEEDS = ROOT / "seeds"
SEED_GOLD = Path(__file__).with_name("seed_persons.json")
RESULTS = Path(__file__).with_name("eval_results.json")


def gazetteer_spans(tokens: list[str]) -> list[tuple[int, int]]:
    """Baseline: token spans of gazetteer aliases (the extractor before the tagger)."""
    pattern, _ = people._gazetteer()
    text, starts, position = "", [], 0
    for token in tokens:
        starts.append(position)
        text += token + " "
        position += len(token) + 1
    index_of = {s: i for i, s in enumerate(starts)}
    spans = []
    for match in pattern.finditer(text):
        end_token = index_of.get(match.end() + 1, len(tokens))
        if match.start() in index_of:
            spans.append((index_of[match.start()], end_token))
    return spans


def without_titles(tokens: list[str], spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Gold spans with a leading title moved out (NER-UGM sometimes includes ``Pak``/``Presiden``)."""
    trimmed = []
    for start, end in spans:
        while end - start > 1 and tokens[start].lower().strip(".") in people.TITLES:
            start += 1
        trimmed.append((start, end))
    return trimmed


def score_gold(path: Path, spans_of, gold_titles: bool = True) -> Score:
    score = Score()
    for sentence in read_conll(path):
        tokens = [token for token, _ in sentence]
        gold = gold_spans([tag for _, tag in sentence])
        score.add(spans_of(tokens), gold if gold_titles else without_titles(tokens, gold))
    return score


def gazetteer_persons(text: str) -> list[str]:
    """Baseline facet: canonical names of gazetteer aliases only."""
    pattern, canonical_of = people._gazetteer()
    return list(dict.fromkeys(canonical_of[m.group()] for m in pattern.finditer(text.replace("\u2019", "'"))))


def score_seeds(find) -> tuple[Score, dict[str, dict[str, list[str]]]]:
    gold = {k: v for k, v in json.loads(SEED_GOLD.read_text(encoding="utf-8")).items() if not k.startswith("_")}
    score, details = Score(), {}
    for seed, expected in sorted(gold.items()):
        found = find((SEEDS / f"{seed}.txt").read_text(encoding="utf-8"))
        score.add(found, expected)
        details[seed] = {
            "found": found,
            "missed": sorted(set(expected) - set(found)),
            "wrong": sorted(set(found) - set(expected)),
        }
    return score, details


def clickid_texts(count: int) -> list[str]:
    """Title and body of ``count`` clickid articles with a body, every 7th record (all outlets)."""
    texts = []
    with gzip.open(CLICKID, "rt", encoding="utf-8") as lines:
        for line in itertools.islice(lines, 0, None, 7):
            record = json.loads(line)
            if record.get("body"):
                texts.append(f"{record.get('title') or ''}\n{record['body']}")
            if len(texts) == count:
                break
    return texts


def measure_speed(count: int, load: float) -> dict[str, float | int]:
    texts = clickid_texts(count)
    started = time.perf_counter()
    found = sum(len(people.find_persons(text)) for text in texts)
    elapsed = time.perf_counter() - started
    return {
        "articles": len(texts),
        "mean_chars": round(sum(map(len, texts)) / len(texts)),
        "seconds": round(elapsed, 2),
        "docs_per_second": round(len(texts) / elapsed),
        "ms_per_article": round(1000 * elapsed / len(texts), 3),
        "persons_per_article": round(found / len(texts), 2),
        "model_load_seconds": round(load, 3),
        "python": platform.python_version(),
    }


def row(name: str, method: str, score: Score) -> str:
    return (
        f"{name:<22} {method:<12} {score.precision:>6.3f} {score.recall:>6.3f} {score.f1:>6.3f}"
        f" {score.tp:>5} {score.predicted:>5} {score.gold:>5}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dev", action="store_true", help="score the dev splits instead (for tuning; not written)")
    parser.add_argument("--speed-articles", type=int, default=3000)
    parser.add_argument("--model", type=Path, help="evaluate this model file instead of the shipped one (tuning)")
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args(argv)
    if args.model:
        ner.use_model(args.model)
    started = time.perf_counter()
    people.find_persons("Presiden Joko Widodo")  # opens the model and the word lists
    load = time.perf_counter() - started
    results: dict[str, object] = {"gold": {}, "seeds": {}, "speed": None}

    print(f"{'set':<22} {'method':<12} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'pred':>5} {'gold':>5}")
    if CORPORA.exists():
        for name, path in (DEV_SETS if args.dev else TEST_SETS).items():
            for method, spans_of in (("shipped", people.person_spans), ("gazetteer", gazetteer_spans)):
                score = score_gold(path, spans_of)
                results["gold"].setdefault(name, {})[method] = score.as_dict()
                print(row(name, method, score))
            # Diagnostic only: how much is the gold's habit of keeping a title inside the span.
            score = score_gold(path, people.person_spans, gold_titles=False)
            results["gold"][name]["shipped, gold titles out (diagnostic)"] = score.as_dict()
            print(row(name, "(no titles)", score))
    else:
        print(f"skip: {CORPORA} is absent; gold-set and speed figures not measured")
        results["gold"] = results["speed"] = "skipped: ../shared/corpora absent"

    details = {}
    for method, find in (("shipped", people.find_persons), ("gazetteer", gazetteer_persons)):
        score, details[method] = score_seeds(find)
        results["seeds"][method] = score.as_dict()
        print(row("seeds (facet)", method, score))
    results["seeds"]["per_seed"] = details["shipped"]
    for seed, detail in details["shipped"].items():
        if detail["missed"] or detail["wrong"]:
            print(f"  {seed}: missed {detail['missed']}, wrong {detail['wrong']}")

    if CORPORA.exists():
        speed = results["speed"] = measure_speed(args.speed_articles, load)
        print(
            f"speed: {speed['docs_per_second']} docs/s, {speed['ms_per_article']} ms/article over "
            f"{speed['articles']} clickid articles (mean {speed['mean_chars']} chars; model load {speed['model_load_seconds']} s)"
        )
    if not (args.dev or args.model or args.no_write):
        RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
