"""Reference: Xapian (C++) with the Indonesian Snowball stemmer, same corpus and queries.

Runs under Debian's /usr/bin/python3 (the venv cannot see python3-xapian):

    /usr/bin/python3 bench/xapian_ref.py CORPUS.jsonl.gz DB_DIR ROUNDS

Install with ``apt-get install -y python3-xapian``.  Prints one JSON object.
Indexes title (weight 2) + body, stored JSON data, values: source and month;
answers each query with the top 10, source and month facets (ValueCountMatchSpy)
and 10 snippets (MSet.snippet on the stored body).  Person filters are ignored
(Xapian has no person extraction here); source filters are mapped to domains.
"""

from __future__ import annotations

import gzip
import json
import shutil
import sys
import time
from pathlib import Path

import xapian

sys.path.insert(0, str(Path(__file__).resolve().parent))
from queryset import load_queries, max_rss_mb, time_queries

SOURCE, MONTH, DAY = 0, 1, 2
#: Telusur's display names for the corpus outlets -> the corpus domains.
DOMAINS = {"okezone": "okezone.com", "tempo": "tempo.co", "sindonews": "sindonews.com", "kompas": "kompas.com",
           "wowkeren": "wowkeren.com", "tribunnews": "tribunnews.com", "kapanlagi": "kapanlagi.com",
           "fimela": "fimela.com", "pos metro medan": "posmetro-medan.com"}  # fmt: skip


def build(corpus: Path, db_dir: Path) -> dict:
    shutil.rmtree(db_dir, ignore_errors=True)
    started = time.perf_counter()
    db = xapian.WritableDatabase(str(db_dir), xapian.DB_CREATE_OR_OVERWRITE)
    generator = xapian.TermGenerator()
    generator.set_stemmer(xapian.Stem("indonesian"))
    generator.set_stemming_strategy(xapian.TermGenerator.STEM_SOME)
    docs = 0
    with gzip.open(corpus, "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            doc = xapian.Document()
            generator.set_document(doc)
            generator.index_text(record.get("title") or "", 2)
            generator.increase_termpos()
            generator.index_text(record.get("body") or "")
            source = record.get("source") or ""
            day = (record.get("date") or "")[:10]
            doc.add_boolean_term("XS" + source)
            doc.add_value(SOURCE, source)
            doc.add_value(MONTH, day[:7] or "none")
            doc.add_value(DAY, day)
            doc.set_data(json.dumps({"id": record["id"], "title": record.get("title"), "body": record.get("body") or ""}))
            doc.add_boolean_term("Q" + record["id"])
            db.replace_document("Q" + record["id"], doc)
            docs += 1
    db.commit()
    db.close()
    seconds = time.perf_counter() - started
    return {"docs": docs, "seconds": round(seconds, 3), "docs_per_s": round(docs / seconds, 1)}


def run_queries(db_dir: Path, rounds: int) -> dict:
    db = xapian.Database(str(db_dir))
    stemmer = xapian.Stem("indonesian")
    parser = xapian.QueryParser()
    parser.set_stemmer(stemmer)
    parser.set_stemming_strategy(xapian.QueryParser.STEM_SOME)
    parser.set_database(db)
    parser.set_default_op(xapian.Query.OP_AND)
    flags = xapian.QueryParser.FLAG_DEFAULT | xapian.QueryParser.FLAG_PURE_NOT
    queries = load_queries()

    def answer(spec: dict) -> int:
        query = parser.parse_query(spec["q"], flags) if spec["q"].strip() else xapian.Query.MatchAll
        if spec["sources"]:
            terms = [xapian.Query("XS" + DOMAINS.get(s.lower(), s.lower())) for s in spec["sources"]]
            query = xapian.Query(xapian.Query.OP_FILTER, query, xapian.Query(xapian.Query.OP_OR, terms))
        if spec["date_from"] or spec["date_to"]:
            dates = xapian.Query(xapian.Query.OP_VALUE_RANGE, DAY, spec["date_from"] or "0000", spec["date_to"] or "9999")
            query = xapian.Query(xapian.Query.OP_FILTER, query, dates)
        enquire = xapian.Enquire(db)
        enquire.set_query(query)
        sources, months = xapian.ValueCountMatchSpy(SOURCE), xapian.ValueCountMatchSpy(MONTH)
        enquire.add_matchspy(sources)
        enquire.add_matchspy(months)
        mset = enquire.get_mset(0, 10, db.get_doccount())  # checkatleast: exact facet counts
        for item in mset:
            data = json.loads(item.document.get_data())
            mset.snippet(data["body"], 200, stemmer, xapian.MSet.SNIPPET_EXHAUSTIVE, "<mark>", "</mark>", "…")
            mset.snippet(data["title"] or "", 500, stemmer, 0, "<mark>", "</mark>", "")
        list(sources.values())
        list(months.values())
        return mset.get_matches_estimated()

    answer(queries[0])
    return time_queries(answer, queries, rounds)


def main(argv: list[str]) -> int:
    corpus, db_dir, rounds = Path(argv[0]), Path(argv[1]), int(argv[2])
    result = {"xapian": xapian.version_string(), "build": build(corpus, db_dir)}
    result["query_ms"] = run_queries(db_dir, rounds)
    result["peak_rss_mb"] = max_rss_mb()
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
