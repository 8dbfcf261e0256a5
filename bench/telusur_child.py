"""One Telusur measurement in its own process, so its peak RSS is its own.

    python bench/telusur_child.py build INDEX_DIR PATH...   # index_paths, prints JSON
    python bench/telusur_child.py query INDEX_DIR ROUNDS     # SearchIndex.search over the query set
    python bench/telusur_child.py persons INDEX_DIR CORPUS   # person extraction per article, registry build
"""

from __future__ import annotations

import json
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from queryset import load_queries, max_rss_mb, time_queries


def build(index_dir: Path, paths: list[Path]) -> dict:
    from search.indexing.pipeline import index_paths

    started = time.perf_counter()
    summary = index_paths(paths, index_dir)
    seconds = time.perf_counter() - started
    return {"seconds": round(seconds, 3), "indexed": summary.indexed, "total": summary.total,
            "docs_per_s": round(summary.indexed / seconds, 1) if summary.indexed else None, "peak_rss_mb": max_rss_mb()}


def query(index_dir: Path, rounds: int) -> dict:
    from search.retrieval.request import SearchRequest
    from search.retrieval.service import SearchIndex

    opened = time.perf_counter()
    index = SearchIndex(index_dir)
    index.search(SearchRequest(q="warm up"))
    open_ms = (time.perf_counter() - opened) * 1000
    requests = [
        SearchRequest(q=q["q"], filters={"person": tuple(q["persons"]), "source": tuple(q["sources"])},
                      date_from=date.fromisoformat(q["date_from"]) if q["date_from"] else None,
                      date_to=date.fromisoformat(q["date_to"]) if q["date_to"] else None)
        for q in load_queries()
    ]  # fmt: skip
    result = time_queries(lambda request: index.search(request).total, requests, rounds)
    result.update(open_and_warm_ms=round(open_ms, 1), peak_rss_mb=max_rss_mb(), docs=index.doc_count())
    return result


def persons(index_dir: Path, corpus: Path, count: int = 3000) -> dict:
    """Person extraction per article (every 7th article of ``corpus``, one process, as
    ``make eval`` measures it) and the person registry's build from the index's names."""
    import gzip

    from whoosh.index import open_dir

    from search.indexing.postings import index_rows
    from search.indexing.registry import build_registry
    from search.ingest.boilerplate import strip_boilerplate
    from search.ingest.people import article_persons, find_mentions

    texts = []
    with gzip.open(corpus, "rt", encoding="utf-8") as lines:
        for number, line in enumerate(lines):
            if number % 7 == 0 and len(texts) < count:
                record = json.loads(line)
                title = record.get("title") or ""
                texts.append((f"{title}\n{strip_boilerplate(record.get('body') or '')}", len(title)))
    started = time.perf_counter()
    for text, title_chars in texts:
        article_persons(find_mentions(text, title_chars))
    extraction = time.perf_counter() - started
    with open_dir(str(index_dir)).reader() as reader:
        rows = list(zip(index_rows(reader, "person"), index_rows(reader, "person_partial")))
    started = time.perf_counter()
    registry = build_registry(rows)
    return {"articles": len(texts), "extraction_ms_per_article": round(1000 * extraction / len(texts), 3),
            "registry_seconds": round(time.perf_counter() - started, 2), "persons": len(registry.persons), "peak_rss_mb": max_rss_mb()}  # fmt: skip


def main(argv: list[str]) -> int:
    mode, index_dir = argv[0], Path(argv[1])
    if mode == "build":
        result = build(index_dir, [Path(p) for p in argv[2:]])
    elif mode == "persons":
        result = persons(index_dir, Path(argv[2]))
    else:
        result = query(index_dir, int(argv[2]))
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
