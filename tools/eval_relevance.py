#!/usr/bin/env python3
"""Measures the ranking on judged clickid-2019 queries (``make eval-relevance``).

The queries (``tools/relevance/queries.tsv``) carry a type and a split: ``dev``
queries may be looked at while changing the ranking, ``held`` ones are scored
only once a change is settled (``--split held``).  Judgements
(``tools/relevance/judgements.tsv``) grade an article 0, 1 or 2 for a query, by
``tools/relevance/guidelines.md``, judged blind from pools of several systems.

Systems, in the same run over the same index:

* ``telusur``: the shipped ranking (``SearchIndex.search``);
* ``bm25``: the reference, plain BM25F over the same Sastrawi terms (title and body
  alike, every word required, no proximity, persons or soft AND);
* ``xapian``: Xapian 1.4 with the Snowball Indonesian stemmer over the same articles
  (``tools/relevance/xapian_run.py``, when Debian's ``python3-xapian`` is installed).

Per query type: nDCG@10 (gain = grade, log2 discount, the ideal from every judged
article of the query), P@10 and MRR (relevant = grade 1 or 2), and judged@10 (the
share of the top ten that is judged: below 1, the figures are not to be trusted).
``--pool FILE`` writes the unjudged articles of every system's top ``--depth`` for
judging, shuffled, with nothing that says which system found them.

    .venv/bin/python tools/eval_relevance.py [--index DIR] [--split dev|held|all] [--pool FILE]
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from whoosh import qparser, scoring
from whoosh.searching import Searcher

from search.indexing.pipeline import index_paths
from search.retrieval.relevance import DEFAULT_RANKING
from search.retrieval.request import SearchRequest
from search.retrieval.service import SearchIndex

CORPUS = ROOT.parent / "shared" / "corpora" / "clickid-2019" / "articles.jsonl.gz"
HERE = Path(__file__).resolve().parent / "relevance"
QUERIES, JUDGEMENTS = HERE / "queries.tsv", HERE / "judgements.tsv"
DEFAULT_INDEX = ROOT / "bench" / "work" / "relevance-index"
XAPIAN_DB = ROOT / "bench" / "work" / "relevance-xapian"
TYPES = ("single", "topic", "person", "derived", "compound")
#: Settings compared with ``--variants`` (each against the shipped one).
VARIANTS = {
    "none of them": replace(DEFAULT_RANKING, proximity=0.0, exact=0.0, person_boost=1.0, soft_and=False),
    "no proximity": replace(DEFAULT_RANKING, proximity=0.0),
    "no person bonus": replace(DEFAULT_RANKING, person_boost=1.0),
    "no soft AND": replace(DEFAULT_RANKING, soft_and=False),
    "soft AND, half": replace(DEFAULT_RANKING, soft_share=0.5),
    "no exact forms": replace(DEFAULT_RANKING, exact=0.0),
}


@dataclass
class Query:
    id: str
    type: str
    split: str
    text: str
    need: str
    grades: dict[str, int] = field(default_factory=dict)


def read_queries() -> list[Query]:
    found = []
    for line in QUERIES.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            qid, qtype, split, text, need = line.split("\t")
            found.append(Query(qid, qtype, split, text, need))
    by_id = {q.id: q for q in found}
    if JUDGEMENTS.exists():
        for number, line in enumerate(JUDGEMENTS.read_text(encoding="utf-8").splitlines(), start=1):
            if line.strip() and not line.startswith("#"):
                qid, doc_id, grade, *_ = line.split("\t")
                if qid not in by_id or grade not in ("0", "1", "2"):
                    raise SystemExit(f"{JUDGEMENTS}:{number}: unknown query {qid!r} or grade {grade!r}")
                by_id[qid].grades[doc_id] = int(grade)
    return found


# --- systems ------------------------------------------------------------------------------


def telusur(index: SearchIndex, queries: list[Query], depth: int) -> dict[str, list[str]]:
    """The shipped ranking: the first ``depth`` ids per query."""
    return {q.id: [hit.id for hit in index.search(SearchRequest(q=q.text, size=depth)).hits] for q in queries}


def bm25(index: SearchIndex, queries: list[Query], depth: int) -> dict[str, list[str]]:
    """Plain BM25F over the same terms: title and body alike, every word required."""
    reader = index.live.current().searcher.reader()
    searcher = Searcher(reader, weighting=scoring.BM25F(), closereader=False)
    parser = qparser.MultifieldParser(["title", "body"], searcher.schema, group=qparser.AndGroup)
    return {q.id: [hit["id"] for hit in searcher.search(parser.parse(q.text), limit=depth)] for q in queries}


def xapian(queries: list[Query], depth: int) -> dict[str, list[str]] | None:
    """Xapian's ranking, run by Debian's Python (None when python3-xapian is missing)."""
    python = shutil.which("python3", path="/usr/bin")
    if not python or subprocess.run([python, "-c", "import xapian"], capture_output=True).returncode:
        return None
    payload = json.dumps({"corpus": str(CORPUS), "db": str(XAPIAN_DB), "depth": depth, "queries": {q.id: q.text for q in queries}})
    done = subprocess.run([python, str(HERE / "xapian_run.py")], input=payload, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


# --- measures -----------------------------------------------------------------------------


def ndcg(ranked: list[str], grades: dict[str, int], k: int = 10) -> float:
    gains = [grades.get(doc, 0) for doc in ranked[:k]]
    dcg = sum(g / math.log2(i + 2) for i, g in enumerate(gains))
    ideal = sorted(grades.values(), reverse=True)[:k]
    best = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / best if best else 0.0


def measures(ranked: list[str], grades: dict[str, int]) -> dict[str, float]:
    top = ranked[:10]
    relevant = [doc for doc in top if grades.get(doc, 0) > 0]
    first = next((i for i, doc in enumerate(top) if grades.get(doc, 0) > 0), None)
    return {
        "ndcg@10": ndcg(ranked, grades),
        "p@10": len(relevant) / 10,
        "mrr": 1 / (first + 1) if first is not None else 0.0,
        "judged@10": sum(doc in grades for doc in top) / max(1, len(top)),
    }


def table(runs: dict[str, dict[str, list[str]]], queries: list[Query]) -> str:
    names = list(runs)
    lines = [f"{'type':<10} {'n':>3}  " + "  ".join(f"{name:>33}" for name in names)]
    lines.append(f"{'':<10} {'':>3}  " + "  ".join(f"{'nDCG   P@10   MRR  judged':>33}" for _ in names))
    for qtype in (*TYPES, "all"):
        chosen = [q for q in queries if qtype in (q.type, "all")]
        if not chosen:
            continue
        cells = []
        for name in names:
            per = [measures(runs[name][q.id], q.grades) for q in chosen]
            mean = {m: sum(p[m] for p in per) / len(per) for m in per[0]}
            cells.append(f"{mean['ndcg@10']:.3f}  {mean['p@10']:.3f}  {mean['mrr']:.3f}  {mean['judged@10']:.2f}".rjust(33))
        lines.append(f"{qtype:<10} {len(chosen):>3}  " + "  ".join(cells))
    return "\n".join(lines)


def per_query(runs: dict[str, dict[str, list[str]]], queries: list[Query], index: SearchIndex) -> str:
    lines = [f"{'query':<32} {'relevant':>8} {'results':>7}  " + "  ".join(f"{n:>12}" for n in runs)]
    for q in queries:
        relevant = sum(g > 0 for g in q.grades.values())
        total = index.search(SearchRequest(q=q.text, size=10)).total
        flag = "  < 10 results" if relevant >= 10 and total < 10 else ""
        cells = "  ".join(f"{measures(runs[n][q.id], q.grades)['ndcg@10']:>12.3f}" for n in runs)
        lines.append(f"{q.id} {q.text:<28} {relevant:>8} {total:>7}  {cells}{flag}")
    return "\n".join(lines)


# --- pooling ------------------------------------------------------------------------------


def pool(runs: dict[str, dict[str, list[str]]], queries: list[Query], depth: int, index: SearchIndex, out: Path) -> int:
    """Write the unjudged articles of every system's top ``depth``, per query, shuffled."""
    blocks, count = [], 0
    for q in queries:
        docs = sorted({doc for ranked in runs.values() for doc in ranked[q.id][:depth]} - set(q.grades))
        if not docs:
            continue
        random.Random(q.id).shuffle(docs)
        items = [excerpt(index, doc, q.text) for doc in docs]
        count += len(docs)
        blocks.append(f"## {q.id}: {q.text}\nneed: {q.need}\n\n" + "\n\n".join(items))
    out.write_text("\n\n".join(blocks) + "\n", encoding="utf-8")
    return count


def excerpt(index: SearchIndex, doc_id: str, text: str) -> str:
    """An article for a judge: title, lead and the passages with the query's words."""
    document = index.document(doc_id)
    body = " ".join(document.body.split())
    words = [w for w in re.findall(r"\w+", text.lower()) if len(w) > 2]
    passages = []
    for word in words:
        found = re.search(re.escape(word[:5]), body[300:].lower())
        if found:
            start = 300 + found.start()
            passages.append(body[max(300, start - 150) : start + 150])
    more = " … ".join(dict.fromkeys(passages))[:700]
    return f"### {doc_id}\ntitle: {document.title}\nlead: {body[:300]}" + (f"\nlater: …{more}…" if more else "")


def open_index(path: Path) -> SearchIndex:
    """The evaluation index, built from clickid-2019 and the seeds when missing."""
    if not path.exists():
        print(f"building the evaluation index in {path} (about 3 min) ...", flush=True)
        index_paths([ROOT / "seeds", CORPUS], path)
    return SearchIndex(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, default=DEFAULT_INDEX, help=f"index of clickid-2019 + seeds (default {DEFAULT_INDEX.relative_to(ROOT)}; built when missing)")
    parser.add_argument("--split", choices=("dev", "held", "all"), default="dev")
    parser.add_argument("--pool", type=Path, metavar="FILE", help="write the unjudged articles of every system's top --depth, for judging")
    parser.add_argument("--depth", type=int, default=10)
    parser.add_argument("--variants", action="store_true", help="also run the shipped ranking with each feature off")
    parser.add_argument("--queries", action="store_true", help="print nDCG@10 per query")
    args = parser.parse_args(argv)
    if not CORPUS.exists():
        print(f"eval-relevance: skipped, {CORPUS} is absent (../shared/corpora)")
        return 0
    queries = [q for q in read_queries() if args.split in (q.split, "all")]
    index = open_index(args.index)
    depth = max(args.depth, 10)
    runs = {"telusur": telusur(index, queries, depth), "bm25": bm25(index, queries, depth)}
    if args.variants:
        for name, options in VARIANTS.items():
            runs[name] = telusur(SearchIndex(args.index, ranking=options), queries, depth)
    found = xapian(queries, depth)
    if found is not None:
        runs["xapian"] = found
    print(f"{len(queries)} {args.split} queries, {sum(len(q.grades) for q in queries)} judgements\n")
    print(table(runs, queries))
    if args.queries:
        print()
        print(per_query(runs, queries, index))
    unjudged = sum(1 for q in queries for ranked in runs.values() for doc in ranked[q.id][:10] if doc not in q.grades)
    print(f"\nunjudged in the top 10s: {unjudged}" + (" (judge them: --pool FILE)" if unjudged else ""))
    if args.pool:
        print(f"wrote {pool(runs, queries, args.depth, index, args.pool)} articles to judge to {args.pool}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
