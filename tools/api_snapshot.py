"""Records the JSON API's answers to the benchmark queries, and compares two records.

A refactor must not change what users get.  This script indexes the seeds plus
a sample of clickid-2019 (every 73rd article, as the tests do) through the
command line, asks the Flask application for

* ``/api/search`` pages 1 and 3 of each of the 66 queries in bench/queries.txt,
* ``/api/facets/person`` and a CSV download with the same parameters,
* ``/api/documents/<id>?q=...`` for every hit of page 1,

and writes every answer (``took_ms`` dropped, the temporary folder's name
replaced by ``<tmp>``) to a JSON file.  ``compare``
reports every difference between two such files; ``--ignore-facet NAME`` leaves
out a facet that one side has and the other has not (a new facet).

    .venv/bin/python tools/api_snapshot.py record before.json
    ...change the code...
    .venv/bin/python tools/api_snapshot.py record after.json
    .venv/bin/python tools/api_snapshot.py compare before.json after.json --ignore-facet agency
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from queryset import load_queries

CLICKID = ROOT.parent / "shared" / "corpora" / "clickid-2019" / "articles.jsonl.gz"
STRIDE = 73


def _params(query: dict) -> list[tuple[str, str]]:
    params = [("q", query["q"])] + [("person", p) for p in query["persons"]] + [("source", s) for s in query["sources"]]
    return params + [(k, query[f"date_{k}"]) for k in ("from", "to") if query[f"date_{k}"]]


def _build_index(directory: Path) -> None:
    sample = directory / "sample.jsonl.gz"
    with gzip.open(CLICKID, "rt", encoding="utf-8") as lines, gzip.open(sample, "wt", encoding="utf-8") as out:
        out.writelines(itertools.islice(lines, 0, None, STRIDE))
    command = [sys.executable, "-m", "search", "index", str(ROOT / "seeds"), str(sample), "--index", str(directory / "index")]
    subprocess.run(command, check=True, cwd=ROOT, capture_output=True)


def record(target: Path) -> None:
    """Write the answers of the current code to ``target``."""
    from web import create_app

    with tempfile.TemporaryDirectory() as temporary:
        directory = Path(temporary)
        _build_index(directory)
        client = create_app(index_dir=directory / "index", config={"TESTING": True}).test_client()
        answers: dict[str, object] = {}

        def ask(url: str) -> dict:
            response = client.get(url)
            body = response.get_json() if response.is_json else response.get_data(as_text=True)
            if isinstance(body, dict):
                body.pop("took_ms", None)
            answers[url] = {"status": response.status_code, "body": body}
            return body

        for query in load_queries():
            params = _params(query)
            first = ask("/api/search?" + urlencode(params))
            ask("/api/search?" + urlencode([*params, ("page", "3")]))
            ask("/api/facets/person?" + urlencode(params))
            ask("/api/search.csv?" + urlencode([*params, ("limit", "30")]))
            for hit in first.get("hits", []):
                ask(f"/api/documents/{quote(hit['id'], safe='')}?" + urlencode([("q", query["q"])]))
        text = json.dumps(answers, ensure_ascii=False, indent=1, sort_keys=True).replace(temporary, "<tmp>")
    target.write_text(text, encoding="utf-8")
    print(f"{len(answers)} answers written to {target}")


def _strip_facets(body: object, facets: set[str]) -> object:
    """``body`` without the ignored facets' values, totals and filters."""
    if not isinstance(body, dict):
        return body
    body = dict(body)
    for key in ("facets", "facet_totals", "filters"):
        if isinstance(body.get(key), dict):
            body[key] = {k: v for k, v in body[key].items() if k not in facets}
    return body


def compare(before: Path, after: Path, ignored: set[str]) -> int:
    """Print every URL whose answer differs; exit status 1 if any does."""
    old = json.loads(before.read_text(encoding="utf-8"))
    new = json.loads(after.read_text(encoding="utf-8"))
    differences = 0
    for url in sorted(set(old) | set(new)):
        a = old.get(url)
        b = new.get(url)
        if a is not None and b is not None:
            a = {**a, "body": _strip_facets(a["body"], ignored)}
            b = {**b, "body": _strip_facets(b["body"], ignored)}
        if a != b:
            differences += 1
            print(f"differs: {url}")
            for key in sorted(set((a or {}).get("body", {})) | set((b or {}).get("body", {}))):
                if (a or {}).get("body", {}).get(key) != (b or {}).get("body", {}).get(key):
                    print(f"  key {key!r}")
    print(f"{len(set(old) | set(new))} answers compared, {differences} differ")
    return 1 if differences else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    rec = commands.add_parser("record", help="write the current code's answers")
    rec.add_argument("target", type=Path)
    cmp_ = commands.add_parser("compare", help="compare two records")
    cmp_.add_argument("before", type=Path)
    cmp_.add_argument("after", type=Path)
    cmp_.add_argument("--ignore-facet", action="append", default=[], metavar="NAME", help="a facet only one side has")
    args = parser.parse_args()
    if not CLICKID.exists():
        print(f"api_snapshot: {CLICKID} is missing (../shared/corpora is needed)", file=sys.stderr)
        return 2
    if args.command == "record":
        record(args.target)
        return 0
    return compare(args.before, args.after, set(args.ignore_facet))


if __name__ == "__main__":
    sys.exit(main())
