"""The Xapian reference for tools/eval_relevance.py, run by Debian's /usr/bin/python3
(``apt-get install python3-xapian``): reads ``{"corpus", "db", "depth", "queries":
{id: text}}`` as JSON on stdin, builds the database once (title weight 2 + body,
Snowball Indonesian stemmer, STEM_SOME), prints ``{id: [article ids]}``: each
query's first ``depth`` ids, words ANDed as the shipped ranking's are."""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

import xapian


def build(corpus: Path, db_dir: Path) -> None:
    db = xapian.WritableDatabase(str(db_dir), xapian.DB_CREATE_OR_OVERWRITE)
    generator = xapian.TermGenerator()
    generator.set_stemmer(xapian.Stem("indonesian"))
    generator.set_stemming_strategy(xapian.TermGenerator.STEM_SOME)
    with gzip.open(corpus, "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            doc = xapian.Document()
            generator.set_document(doc)
            generator.index_text(record.get("title") or "", 2)
            generator.increase_termpos()
            generator.index_text(record.get("body") or "")
            doc.set_data(record["id"])
            doc.add_boolean_term("Q" + record["id"])
            db.replace_document("Q" + record["id"], doc)
    db.commit()
    db.close()


def main() -> int:
    spec = json.load(sys.stdin)
    db_dir = Path(spec["db"])
    if not (db_dir / "iamglass").exists():
        db_dir.parent.mkdir(parents=True, exist_ok=True)
        build(Path(spec["corpus"]), db_dir)
    db = xapian.Database(str(db_dir))
    parser = xapian.QueryParser()
    parser.set_stemmer(xapian.Stem("indonesian"))
    parser.set_stemming_strategy(xapian.QueryParser.STEM_SOME)
    parser.set_database(db)
    parser.set_default_op(xapian.Query.OP_AND)
    ranked = {}
    for qid, text in spec["queries"].items():
        enquire = xapian.Enquire(db)
        enquire.set_query(parser.parse_query(text, xapian.QueryParser.FLAG_DEFAULT))
        ranked[qid] = [item.document.get_data().decode() for item in enquire.get_mset(0, spec["depth"])]
    json.dump(ranked, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
