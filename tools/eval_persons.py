#!/usr/bin/env python3
"""Measures the person facet (``make eval``).

* **Gold sets**: on the held-out TEST splits of idner-news-2k and NER-UGM (fold 1),
  precision, recall and F1 of PERSON spans (exact span) for the shipped pipeline
  (:func:`search.ingest.people.person_spans`) and the gazetteer alone; the same
  with NER-UGM's titles moved out of its gold spans (the convention the facet
  follows); and per sentence, alias-aware, the *names* found against the gold's
  (``Jokowi`` in the gold counts for a found ``Joko Widodo``).
* **Seeds**: the facet's persons of the five seeds against ``tools/seed_persons.json``.
* **Archives**: every article of clickid-2019 (where the facet was developed) and of
  indosum-dev (held out: never looked at while tuning) extracted as the indexer does,
  and the person registry built over them, as an index run would:
  - **leaders** (``tools/leaders.tsv``): for each leader, the share of the articles a
    hand-checked pattern says name them that the facet finds (recall), and the share
    of the facet's articles the pattern finds (precision);
  - **audit**: the most frequent facet values with the verdicts of
    ``tools/person_audit.tsv`` (judged blind: real person, canonical, not a duplicate),
    clean by values and weighted by articles; values not judged yet are listed.
* **Speed**: extraction per article (``find_mentions`` and the persons it gives), one process.

Prints tables and writes the figures to ``tools/eval_results.json``.  Without
../shared/corpora only the seed part runs.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from search.indexing.registry import build_registry
from search.ingest import names, ner, people
from search.ingest.boilerplate import strip_boilerplate
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
ARCHIVES = {
    "clickid-2019 (developed on)": CORPORA / "clickid-2019" / "articles.jsonl.gz",
    "indosum-dev (held out)": CORPORA / "indosum-dev" / "articles.jsonl.gz",
}
#: Facet values audited per archive: the most frequent ones.
AUDITED = {"clickid-2019 (developed on)": 300, "indosum-dev (held out)": 100}
#: A leader is scored on an archive only where the pattern finds this many articles.
LEADER_MIN_ARTICLES = 15
SEEDS = ROOT / "seeds"
TOOLS = Path(__file__).resolve().parent
SEED_GOLD = TOOLS / "seed_persons.json"
LEADERS = TOOLS / "leaders.tsv"
AUDIT = TOOLS / "person_audit.tsv"
RESULTS = TOOLS / "eval_results.json"
#: Verdicts of the audit file; only ``clean`` passes.
VERDICTS = ("clean", "not-person", "partial", "duplicate", "wrong-merge", "headline")


def gazetteer_spans(tokens: list[str]) -> list[tuple[int, int]]:
    """Baseline: token spans of gazetteer aliases (the extractor before the tagger)."""
    pattern, _ = names.gazetteer_pattern()
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
        while end - start > 1 and tokens[start].lower().strip(".") in names.TITLES:
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


def _person_key(name: str) -> str:
    """A name as the alias-aware score compares it: the gazetteer's person, else the name."""
    return names.name_key(names.known_form(names.clean_name(name)))


def score_names(path: Path) -> Score:
    """Per sentence, the persons found (names, as the facet gives them) against the gold's
    names; a gold alias counts for its canonical person."""
    score = Score()
    for sentence in read_conll(path):
        tokens = [token for token, _ in sentence]
        gold = {_person_key(" ".join(tokens[s:e])) for s, e in without_titles(tokens, gold_spans([t for _, t in sentence]))}
        found = {_person_key(m.name) for m in people.find_mentions(" ".join(tokens)) if m.name}
        score.add(found, gold)
    return score


def score_seeds() -> tuple[Score, dict[str, dict[str, list[str]]]]:
    """The seeds' persons as the indexer extracts them (boilerplate stripped) against the annotation."""
    gold = {k: v for k, v in json.loads(SEED_GOLD.read_text(encoding="utf-8")).items() if not k.startswith("_")}
    score, details = Score(), {}
    for seed, expected in sorted(gold.items()):
        found = people.find_persons(strip_boilerplate((SEEDS / f"{seed}.txt").read_text(encoding="utf-8")))
        score.add(found, expected)
        details[seed] = {"found": found, "missed": sorted(set(expected) - set(found)), "wrong": sorted(set(found) - set(expected))}
    return score, details


def _extract(line: str) -> tuple[str, str, list[str], list[str]]:
    """One archive record -> (id, text, persons, partial names), as the indexer extracts them."""
    record = json.loads(line)
    title = " ".join((record.get("title") or "").split())
    body = strip_boilerplate(record.get("body") or "")
    persons, partials = people.article_persons(people.find_mentions(f"{title}\n{body}", len(title)))
    return record["id"], f"{title}\n{body}", persons, partials


def read_archive(path: Path) -> list[tuple[str, str, list[str], list[str]]]:
    """Every article of an archive, extracted in two processes."""
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        records = lines.readlines()
    with ProcessPoolExecutor(2) as pool:
        return list(pool.map(_extract, records, chunksize=64))


def score_leaders(articles, canonical_rows) -> list[dict[str, object]]:
    """Per leader: articles the pattern finds, the facet finds, recall and precision."""
    rows = []
    for line in LEADERS.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, pattern = line.split("\t")[:2]
        finder = re.compile(pattern)
        named = {doc_id for doc_id, text, _, _ in articles if finder.search(text)}
        if len(named) < LEADER_MIN_ARTICLES:
            continue
        facet = {doc_id for doc_id, persons in canonical_rows.items() if name in persons}
        both = len(named & facet)
        rows.append({"leader": name, "named": len(named), "facet": len(facet),
                     "recall": round(both / len(named), 4), "precision": round(both / len(facet), 4) if facet else 0.0})  # fmt: skip
    return rows


#: One judged value: (archive, value) -> (verdict, its articles and the names it merged when judged, note).
Verdicts = dict[tuple[str, str], tuple[str, int, frozenset[str], str]]


def archive_name(label: str) -> str:
    """``clickid-2019 (developed on)`` -> ``clickid-2019``: how the audit file names archives."""
    return label.split(" (")[0]


def read_audit() -> Verdicts:
    """The audit file: ``archive, value, verdict, articles, names merged (|-separated), note`` per line."""
    verdicts: Verdicts = {}
    for number, line in enumerate(AUDIT.read_text(encoding="utf-8").splitlines() if AUDIT.exists() else [], start=1):
        if not line.strip() or line.startswith("#"):
            continue
        archive, value, verdict, articles, merged, *note = line.split("\t")
        if verdict not in VERDICTS:
            raise SystemExit(f"{AUDIT}:{number}: verdict {verdict!r} is not one of {', '.join(VERDICTS)}")
        verdicts[archive, value] = (verdict, int(articles), frozenset(merged.split("|")), note[0] if note else "")
    return verdicts


def judged_verdict(archive: str, person, verdicts: Verdicts) -> str | None:
    """The verdict that still holds for ``person``: judged clean with the names it merges now
    or more (a name taken out cannot make it worse), or judged otherwise with the same names
    and articles."""
    found = verdicts.get((archive, person.name))
    if found is None:
        return None
    verdict, articles, merged, _ = found
    names = set(person.variants) | set(person.partials)
    same = names == merged and person.docs == articles
    return verdict if same or (verdict == "clean" and names <= merged) else None


def audit(archive: str, registry, count: int, verdicts: Verdicts) -> dict[str, object]:
    """The top ``count`` facet values: share clean by values and by articles, and the values
    not judged yet (new, or merging names the verdict did not see)."""
    top = list(registry.persons.values())[:count]
    found = {p.name: judged_verdict(archive, p, verdicts) for p in top}
    judged = [p for p in top if found[p.name]]
    clean = [p for p in judged if found[p.name] == "clean"]
    weight = sum(p.docs for p in judged)
    return {
        "values": len(top),
        "judged": len(judged),
        "clean_by_values": round(len(clean) / len(judged), 4) if judged else None,
        "clean_by_articles": round(sum(p.docs for p in clean) / weight, 4) if weight else None,
        "not_clean": [f"{p.name} ({found[p.name]})" for p in judged if found[p.name] != "clean"],
        "unjudged": [p.name for p in top if not found[p.name]],
    }


def unjudged_blocks(label: str, articles, registry, canonical_rows, unjudged: list[str]) -> list[str]:
    """What a judge reads for each value not judged yet: rank, names merged, three excerpts
    (a fixed random choice of the value's articles), in the format of docs/person-audit.md."""
    texts = {doc_id: text for doc_id, text, _, _ in articles}
    docs_of: dict[str, list[str]] = {}
    for doc_id, persons in canonical_rows.items():
        for name in persons:
            docs_of.setdefault(name, []).append(doc_id)
    ranks = {name: rank for rank, name in enumerate(registry.persons, start=1)}
    blocks = []
    for name in unjudged:
        person = registry.persons[name]
        forms = sorted({*person.variants, *person.partials}, key=len, reverse=True)
        docs = sorted(docs_of.get(name, []))
        random.Random(name).shuffle(docs)
        excerpts = []
        for doc_id in docs:
            found = next((m for form in forms if (m := re.search(rf"(?<!\w){re.escape(form)}(?!\w)", texts[doc_id]))), None)
            if found:
                excerpts.append(texts[doc_id][max(0, found.start() - 110) : found.end() + 90].replace("\n", " | "))
            if len(excerpts) == 3:
                break
        merged = "|".join(sorted({*person.variants, *person.partials}))
        counts = ", ".join(f"{v} ({c})" for v, c in sorted(person.variants.items(), key=lambda item: -item[1]))
        partials = ", ".join(f"{v} ({c})" for v, c in sorted(person.partials.items(), key=lambda item: -item[1]))
        blocks.append(
            f"## {ranks[name]}. {name}  — {person.docs} articles\narchive: {archive_name(label)}\nmerged: {merged}\n"
            f"names merged: {counts}" + (f"; one-word names: {partials}" if partials else "") + "\n" + "\n".join(f"- …{e}…" for e in excerpts) + "\n"
        )
    return blocks


def score_archive(label: str, path: Path, verdicts: Verdicts) -> dict[str, object]:
    started = time.perf_counter()
    articles = read_archive(path)
    registry = build_registry([(persons, partials) for _, _, persons, partials in articles])
    canonical_rows = {doc_id: registry.canonical_row(persons, partials) for doc_id, _, persons, partials in articles}
    found = audit(archive_name(label), registry, AUDITED[label], verdicts)
    return {
        "articles": len(articles),
        "persons": len(registry.persons),
        "seconds": round(time.perf_counter() - started, 1),
        "leaders": score_leaders(articles, canonical_rows),
        "audit": found,
        "unjudged_blocks": unjudged_blocks(label, articles, registry, canonical_rows, found["unjudged"]),
        "top": [[p.name, p.docs] for p in list(registry.persons.values())[: AUDITED[label]]],
    }


def measure_speed(path: Path, count: int) -> dict[str, float | int]:
    """Extraction time per article, one process (title + body, boilerplate stripped)."""
    texts = []
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for number, line in enumerate(lines):
            if number % 7 == 0:
                record = json.loads(line)
                title = record.get("title") or ""
                texts.append((f"{title}\n{strip_boilerplate(record.get('body') or '')}", len(title)))
            if len(texts) == count:
                break
    started = time.perf_counter()
    for text, title_chars in texts:
        people.article_persons(people.find_mentions(text, title_chars))
    elapsed = time.perf_counter() - started
    return {"articles": len(texts), "seconds": round(elapsed, 2), "ms_per_article": round(1000 * elapsed / len(texts), 3)}


def row(name: str, method: str, score: Score) -> str:
    return f"{name:<22} {method:<13} {score.precision:>6.3f} {score.recall:>6.3f} {score.f1:>6.3f} {score.tp:>5} {score.predicted:>5} {score.gold:>5}"


def print_archive(label: str, result: dict) -> None:
    print(f"\n{label}: {result['articles']} articles, {result['persons']} persons ({result['seconds']} s)")
    print(f"  {'leader':<26} {'named':>6} {'facet':>6} {'recall':>7} {'precision':>9}")
    for leader in result["leaders"]:
        flag = "" if min(leader["recall"], leader["precision"]) >= 0.97 else "  < 0.97"
        print(f"  {leader['leader']:<26} {leader['named']:>6} {leader['facet']:>6} {leader['recall']:>7.3f} {leader['precision']:>9.3f}{flag}")
    found = result["audit"]
    print(f"  audit of the top {found['values']}: {found['judged']} judged, clean {found['clean_by_values']} by values, "
          f"{found['clean_by_articles']} by articles; not clean: {', '.join(found['not_clean']) or 'none'}")  # fmt: skip
    if found["unjudged"]:
        print(f"  not judged yet ({len(found['unjudged'])}): {', '.join(found['unjudged'])}")


def score_gold_sets(sets: dict[str, Path]) -> dict[str, dict[str, object]]:
    results: dict[str, dict[str, object]] = {}
    print(f"{'set':<22} {'method':<13} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'pred':>5} {'gold':>5}")
    for name, path in sets.items():
        for method, score in (
            ("shipped", score_gold(path, people.person_spans)),
            ("gazetteer", score_gold(path, gazetteer_spans)),
            ("no titles", score_gold(path, people.person_spans, gold_titles=False)),
            ("names, aliases", score_names(path)),
        ):
            results.setdefault(name, {})[method] = score.as_dict()
            print(row(name, method, score))
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dev", action="store_true", help="score the dev splits of the gold sets instead (for tuning; not written)")
    parser.add_argument("--model", type=Path, help="evaluate this model file instead of the shipped one (tuning)")
    parser.add_argument("--no-archives", action="store_true", help="leave out the archives (leaders, audit)")
    parser.add_argument("--no-write", action="store_true", help="print only")
    parser.add_argument(
        "--unjudged", type=Path, metavar="FILE", help="write the top values not judged yet, with excerpts, for a judge (see docs/person-audit.md)"
    )
    args = parser.parse_args(argv)
    if args.model:
        ner.use_model(args.model)
    results: dict[str, object] = {}
    if CORPORA.exists():
        results["gold"] = score_gold_sets(DEV_SETS if args.dev else TEST_SETS)
    else:
        print(f"skip: {CORPORA} is absent; gold-set, archive and speed figures not measured")
    score, details = score_seeds()
    results["seeds"] = {"shipped": score.as_dict(), "per_seed": details}
    print(row("seeds (facet)", "shipped", score))
    for seed, detail in details.items():
        if detail["missed"] or detail["wrong"]:
            print(f"  {seed}: missed {detail['missed']}, wrong {detail['wrong']}")
    if CORPORA.exists() and not args.no_archives:
        verdicts = read_audit()
        results["archives"] = {label: score_archive(label, path, verdicts) for label, path in ARCHIVES.items()}
        blocks = [block for result in results["archives"].values() for block in result.pop("unjudged_blocks")]
        for label, result in results["archives"].items():
            print_archive(label, result)
        if args.unjudged:
            args.unjudged.write_text("\n".join(blocks), encoding="utf-8")
            print(f"wrote {len(blocks)} values to judge to {args.unjudged}")
    if CORPORA.exists():
        speed = results["speed"] = measure_speed(ARCHIVES["clickid-2019 (developed on)"], 3000)
        print(f"\nspeed: {speed['ms_per_article']} ms/article over {speed['articles']} clickid articles (one process)")
    if not (args.dev or args.model or args.no_write or args.no_archives):
        RESULTS.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
