"""Command line: ``python -m search index|query|serve`` (also installed as ``telusur``)."""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
from pathlib import Path

from search.indexing.curation import CURATION_FILE, CurationError
from search.indexing.helper import ExtractionFailed
from search.indexing.pipeline import index_paths
from search.indexing.registry import Person, load_registry
from search.indexing.storage import IndexMissing, IndexOutdated, IndexUnwritable
from search.indexing.writer import LOCK_TIMEOUT, IndexBusy
from search.ingest.articles import article_mentions, build_article, inspection
from search.ingest.dates import day_text, parse_day
from search.ingest.files import discover
from search.ingest.formats import jsonl_records, load
from search.ingest.records import Problem
from search.retrieval.facets import VALUE_FACETS
from search.retrieval.request import SORTS, InvalidRequest, SearchRequest
from search.retrieval.results import SearchResults
from search.retrieval.service import SearchIndex

DEFAULT_INDEX = Path("index")
DEFAULT_SEEDS = Path("seeds")


def _day(value: str):
    try:
        return parse_day(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="telusur", description="Search Indonesian news.")
    commands = parser.add_subparsers(dest="command", required=True)

    index = commands.add_parser("index", help="index article files and folders (.txt .md .html .jsonl .json .csv, .gz)")
    index.add_argument("paths", nargs="*", type=Path, default=[DEFAULT_SEEDS], metavar="PATH", help="files or folders (default: seeds/)")
    index.add_argument("--index", type=Path, default=DEFAULT_INDEX, metavar="DIR", help="index folder (default: index/)")
    index.add_argument("--prune", action="store_true", help="delete articles whose file (or record) is gone")
    index.add_argument("--reference-date", type=_day, metavar="YYYY-MM-DD", help="completes year-less dates in the text, e.g. 'Kamis (30/12)'")
    index.add_argument("--force", action="store_true", help="re-read files even when they look unchanged")
    index.add_argument("--rebuild", action="store_true", help="build a fresh index that replaces the old one when done (needed after an upgrade changes the index's fields)")
    index.add_argument("--lock-timeout", type=float, default=LOCK_TIMEOUT, metavar="SECONDS", help=f"wait this long for another run's write lock (default: {LOCK_TIMEOUT:g})")
    index.add_argument("--curation", type=Path, metavar="FILE", help=f"the person curation file (default: {CURATION_FILE} in the index folder)")

    extract = commands.add_parser("extract", help="print what the indexer would store for each article, as JSON lines")
    extract.add_argument("files", nargs="*", type=Path, metavar="FILE")
    extract.add_argument("--jsonl", action="store_true", help="read records (the corpus JSON Lines format) from standard input")
    extract.add_argument("--reference-date", type=_day, metavar="YYYY-MM-DD", help="completes year-less dates in the text")
    extract.add_argument("--mentions", action="store_true", help="print each person mention (field, offsets, text, person) instead")
    extract.add_argument("--index", type=Path, metavar="DIR", help="name persons as this index's person registry does")

    persons = commands.add_parser("persons", help="list the canonical persons of an index, with the names merged into each")
    persons.add_argument("--top", type=int, default=50, metavar="N", help="how many persons to list (default: 50)")
    persons.add_argument("--show", metavar="NAME", help="one person (by any of their names), with every variant")
    persons.add_argument("--index", type=Path, default=DEFAULT_INDEX, metavar="DIR")

    query = commands.add_parser("query", help="search the index")
    query.add_argument("text", nargs="?", default="", help="query text (empty: browse everything, newest first)")
    for facet in VALUE_FACETS:
        query.add_argument(f"--{facet.name}", action="append", default=[], metavar="NAME", help=f"{facet.description} Repeatable.")
    query.add_argument("--from", dest="date_from", type=_day, metavar="YYYY-MM-DD", help="first day (inclusive)")
    query.add_argument("--to", dest="date_to", type=_day, metavar="YYYY-MM-DD", help="last day (inclusive)")
    query.add_argument("--sort", choices=SORTS, default="relevance")
    query.add_argument("--limit", type=int, default=10, metavar="N", help="number of results (1-100)")
    query.add_argument("--page", type=int, default=1, metavar="N")
    query.add_argument("--json", action="store_true", help="print the API's JSON instead of a table")
    query.add_argument("--index", type=Path, default=DEFAULT_INDEX, metavar="DIR")

    serve = commands.add_parser("serve", help="serve the web page and API with gunicorn")
    serve.add_argument("--index", type=Path, default=DEFAULT_INDEX, metavar="DIR")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=5000)
    serve.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="worker processes (default: one per core)")
    return parser


def _run_index(args: argparse.Namespace) -> int:
    try:
        summary = index_paths(
            args.paths, args.index, prune=args.prune, reference=args.reference_date,
            force=args.force, rebuild=args.rebuild, show_progress=True, lock_timeout=args.lock_timeout,
            curation=args.curation,
        )  # fmt: skip
    except CurationError as error:
        print(f"telusur index: {error}", file=sys.stderr)
        return 2
    except (IndexBusy, IndexOutdated, IndexUnwritable, ExtractionFailed) as error:
        print(f"telusur index: {error}", file=sys.stderr)
        return {IndexBusy: 3, IndexOutdated: 4, IndexUnwritable: 5, ExtractionFailed: 6}[type(error)]
    lines = summary.lines()
    print(lines[0])
    for line in lines[1:]:
        print(line, file=sys.stderr)
    return 1 if summary.skipped else 0


def _run_extract(args: argparse.Namespace) -> int:
    """One JSON object per article (or per person mention), in input order; problems go to stderr."""
    registry = None
    if args.index is not None:
        registry = load_registry(args.index)
        if registry is None:
            print(f"telusur extract: no person registry in {args.index}; build the index with: python -m search index", file=sys.stderr)
            return 2
    if args.jsonl:
        items = jsonl_records(sys.stdin, "<stdin>")
    else:
        items = (item for found in discover(args.files) for item in ([found] if isinstance(found, Problem) else load(found)))
    failed = False
    for item in items:
        article, problems = (None, [item]) if isinstance(item, Problem) else build_article(item, args.reference_date)
        for problem in problems:
            failed = failed or not problem.is_warning
            print(problem, file=sys.stderr)
        if article is not None and args.mentions:
            for mention in article_mentions(article):
                if registry is not None and mention["person"]:
                    mention["person"] = registry.canonical(str(mention["person"]))
                print(json.dumps(mention, ensure_ascii=False), flush=True)
        elif article is not None:
            persons = registry.canonical_row(article.persons, article.partials) if registry is not None else None
            print(json.dumps(inspection(article, persons), ensure_ascii=False), flush=True)
    return 1 if failed else 0


def _table(response: SearchResults) -> str:
    request = response.request
    shown = f"{(request.page - 1) * request.size + 1}-{(request.page - 1) * request.size + len(response.hits)}" if response.hits else "0"
    lines = [f"{response.total} results ({shown} shown, sorted by {response.sort}, {response.took_ms:.0f} ms)"]
    if response.all_words is not None:
        lines.append(f"only {response.all_words} with every word; then those with most of the words")
    for rank, hit in enumerate(response.hits, start=(request.page - 1) * request.size + 1):
        day = day_text(hit.date.date()) if hit.date else None
        meta = " | ".join(filter(None, [day, ", ".join(hit.source), ", ".join(hit.persons[:4])]))
        lines.append(f"{rank:>3}. {hit.title}")
        lines.append(f"     {hit.id}  {meta}")
    return "\n".join(lines)


def _run_query(args: argparse.Namespace) -> int:
    try:
        request = SearchRequest(
            q=args.text, filters={facet.name: tuple(getattr(args, facet.name)) for facet in VALUE_FACETS},
            date_from=args.date_from, date_to=args.date_to, sort=args.sort, page=args.page, size=args.limit,
        )  # fmt: skip
    except InvalidRequest as error:
        param = {"size": "--limit", "q": "query"}.get(error.param, f"--{error.param}")
        print(f"telusur query: {param}: {error.message}", file=sys.stderr)
        return 2
    try:
        index = SearchIndex(args.index)
    except (IndexMissing, IndexOutdated) as error:
        print(f"telusur query: {error}", file=sys.stderr)
        return 2
    response = index.search(request)
    if args.json:
        from web.serialize import search_json  # the API's JSON shape is the web layer's

        print(json.dumps(search_json(response), ensure_ascii=False, indent=2))
    else:
        print(_table(response))
    return 0


def _run_serve(args: argparse.Namespace) -> int:
    from web.server import serve  # the one command that starts the web layer

    try:
        SearchIndex(args.index).close()
    except (IndexMissing, IndexOutdated) as error:
        print(f"telusur serve: {error}", file=sys.stderr)
        return 2
    serve(index_dir=args.index, host=args.host, port=args.port, workers=args.workers)
    return 0


def _person_card(person: Person) -> str:
    """One person as ``persons --show`` prints it: the name, the count, every name merged in."""
    lines = [f"{person.name}: {person.docs} articles"]
    lines += [f"  {count:>6}  {name}" for name, count in sorted(person.variants.items(), key=lambda item: (-item[1], item[0]))]
    lines += [f"  {count:>6}  {name}  (one-word name)" for name, count in sorted(person.partials.items(), key=lambda item: (-item[1], item[0]))]
    return "\n".join(lines)


def _run_persons(args: argparse.Namespace) -> int:
    """The registry's persons, most written about first, or one person in full."""
    registry = load_registry(args.index)
    if registry is None:
        print(f"telusur persons: no person registry in {args.index}; build it with: python -m search index --index {args.index}", file=sys.stderr)
        return 2
    if args.show:
        found = registry.named_by(args.show)
        if not found:
            print(f"telusur persons: no person named {args.show!r} in {args.index}", file=sys.stderr)
            return 1
        print("\n\n".join(_person_card(person) for person in found))
        return 0
    for rank, person in enumerate(list(registry.persons.values())[: max(args.top, 0)], start=1):
        others = [f"{name} ({count})" for name, count in sorted(person.variants.items(), key=lambda item: -item[1]) if name != person.name]
        others += [f"{name}* ({count})" for name, count in sorted(person.partials.items(), key=lambda item: -item[1])]
        print(f"{rank:>4}. {person.docs:>6}  {person.name}" + (f"  <- {', '.join(others)}" if others else ""))
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    runners = {"index": _run_index, "extract": _run_extract, "query": _run_query, "serve": _run_serve, "persons": _run_persons}
    try:
        return runners[args.command](args)
    except KeyboardInterrupt:
        print("interrupted; the index is unchanged since its last commit", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `query ... | head` closed the pipe: stop quietly, as Unix tools do
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing more to flush at exit
        return 128 + signal.SIGPIPE
