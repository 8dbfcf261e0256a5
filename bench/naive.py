"""The naive baseline: the same articles in a plain Whoosh + Sastrawi pipeline.

    python bench/naive.py CORPUS.jsonl.gz INDEX_DIR LIMIT ROUNDS   # prints JSON

No stem cache (Sastrawi's uncached Stemmer in a Filter), month facet by
whoosh.sorting.DateRangeFacet (one range query per month bucket), source and
person by FieldFacet(allow_overlap=True), snippets by Whoosh highlighting of
the stored text.  Articles go through Telusur's own extraction (build_article:
title, date, outlet, persons) so both pipelines index the same fields.  Only
the first LIMIT articles are indexed, to keep the run bounded.
"""

from __future__ import annotations

import gzip
import json
import shutil
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from Sastrawi.Stemmer.StemmerFactory import StemmerFactory
from whoosh import index, scoring
from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer
from whoosh.fields import DATETIME, ID, KEYWORD, TEXT, Schema
from whoosh.qparser import MultifieldParser
from whoosh.query import And, DateRange, Every, Or, Term
from whoosh.sorting import DateRangeFacet, FieldFacet

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from queryset import load_queries, max_rss_mb, time_queries

STEMMER = StemmerFactory().create_stemmer().delegatedStemmer  # the uncached Stemmer inside CachedStemmer


class SastrawiFilter(Filter):
    def __call__(self, tokens):
        for token in tokens:
            token.text = STEMMER.stem(token.text) or token.text
            yield token


ANALYZER = RegexTokenizer(r"\w+") | LowercaseFilter() | SastrawiFilter()
SCHEMA = Schema(
    id=ID(stored=True, unique=True), title=TEXT(analyzer=ANALYZER, stored=True), body=TEXT(analyzer=ANALYZER, stored=True),
    date=DATETIME(stored=True), source=KEYWORD(stored=True, commas=True), person=KEYWORD(stored=True, commas=True),
)  # fmt: skip


def month_facet(start: date, end: date) -> DateRangeFacet:
    """Calendar-month buckets as a list of gaps (no relativedelta)."""
    first, gaps = datetime(start.year, start.month, 1), []
    cursor = first
    while cursor <= datetime(end.year, end.month, end.day):
        following = datetime(cursor.year + cursor.month // 12, cursor.month % 12 + 1, 1)
        gaps.append(following - cursor)
        cursor = following
    return DateRangeFacet("date", first, cursor, gaps, hardend=True)


def build(corpus: Path, index_dir: Path, limit: int) -> dict:
    from search.ingest.articles import build_article
    from search.ingest.formats import jsonl_records

    shutil.rmtree(index_dir, ignore_errors=True)
    index_dir.mkdir(parents=True)
    started = time.perf_counter()
    ix = index.create_in(str(index_dir), SCHEMA)
    writer = ix.writer()
    docs = 0
    with gzip.open(corpus, "rt", encoding="utf-8") as lines:
        for raw in jsonl_records(lines, str(corpus)):
            if docs >= limit:
                break
            article, _ = build_article(raw) if not hasattr(raw, "is_warning") else (None, [])
            if article is None:
                continue
            writer.add_document(
                id=article.id, title=article.title, body=article.body,
                date=article.date.replace(tzinfo=None) if article.date else None,
                source=",".join(article.sources), person=",".join(article.persons),
            )  # fmt: skip
            docs += 1
    writer.commit()
    seconds = time.perf_counter() - started
    return {"docs": docs, "seconds": round(seconds, 3), "docs_per_s": round(docs / seconds, 1)}


def run_queries(index_dir: Path, rounds: int) -> dict:
    ix = index.open_dir(str(index_dir))
    searcher = ix.searcher(weighting=scoring.BM25F())
    parser = MultifieldParser(["title", "body"], ix.schema)
    dates = [d for d in (searcher.stored_fields(n).get("date") for n in range(searcher.doc_count_all())) if d]
    facets = {"person": FieldFacet("person", allow_overlap=True), "source": FieldFacet("source", allow_overlap=True),
              "month": month_facet(min(dates), max(dates))}  # fmt: skip

    def answer(spec: dict) -> int:
        query = parser.parse(spec["q"]) if spec["q"].strip() else Every()
        filters = [Term("person", p) for p in spec["persons"]]
        if spec["sources"]:
            filters.append(Or([Term("source", s) for s in spec["sources"]]))
        if spec["date_from"] or spec["date_to"]:
            low = datetime.fromisoformat(spec["date_from"]) if spec["date_from"] else None
            high = datetime.fromisoformat(spec["date_to"]) + timedelta(days=1) if spec["date_to"] else None
            filters.append(DateRange("date", low, high, endexcl=True))
        results = searcher.search(query, limit=10, filter=And(filters) if filters else None, groupedby=facets, terms=True)
        for name in facets:
            results.groups(name)
        for hit in results:
            hit.highlights("title")
            hit.highlights("body")
        return len(results)

    answer(load_queries()[0])
    return time_queries(answer, load_queries(), rounds)


def main(argv: list[str]) -> int:
    corpus, index_dir, limit, rounds = Path(argv[0]), Path(argv[1]), int(argv[2]), int(argv[3])
    result = {"build": build(corpus, index_dir, limit)}
    result["query_ms"] = run_queries(index_dir, rounds)
    result["peak_rss_mb"] = max_rss_mb()
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
