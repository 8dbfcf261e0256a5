"""The fixed benchmark query set (bench/queries.txt), standard library only.

Shared by bench.py and naive.py (the venv) and xapian_ref.py (Debian's
/usr/bin/python3).  A line is ``QUERY [| person=NAME] [| source=NAME]
[| from=YYYY-MM-DD] [| to=YYYY-MM-DD]``; filters may repeat; ``#`` starts a
comment line.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

QUERIES = Path(__file__).resolve().parent / "queries.txt"
_KEYS = {"person": "persons", "source": "sources", "from": "date_from", "to": "date_to"}


def load_queries(path: Path = QUERIES) -> list[dict]:
    """Each query as {"q", "persons", "sources", "date_from", "date_to", "line"}."""
    queries = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        text, *filters = line.split("|")
        query = {"q": text.strip(), "persons": [], "sources": [], "date_from": None, "date_to": None, "line": line.strip()}
        for item in filters:
            key, sep, value = item.partition("=")
            key, value = key.strip(), value.strip()
            if not sep or key not in _KEYS or not value:
                raise ValueError(f"{path}:{number}: bad filter {item.strip()!r} (use person=, source=, from=, to=)")
            if key in ("person", "source"):
                query[_KEYS[key]].append(value)
            else:
                query[_KEYS[key]] = value
        queries.append(query)
    return queries


def url_path(query: dict) -> str:
    """The /api/search path answering ``query``."""
    params = [("q", query["q"])] + [("person", p) for p in query["persons"]] + [("source", s) for s in query["sources"]]
    params += [(k, query[f"date_{k}"]) for k in ("from", "to") if query[f"date_{k}"]]
    return "/api/search?" + urlencode(params)


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def time_queries(answer, queries: list, rounds: int) -> dict:
    """Run ``answer(query) -> total`` over ``queries`` ``rounds`` times: the
    latency summary plus the number of hits of each query."""
    import time

    times, totals = [], []
    for _ in range(rounds):
        row = []
        for query in queries:
            started = time.perf_counter()
            total = answer(query)
            row.append((time.perf_counter() - started) * 1000)
            if len(totals) < len(queries):
                totals.append(total)
        times.append(row)
    result = latency_summary(times)
    result["hits_per_query"] = totals
    return result


def latency_summary(rounds: list[list[float]]) -> dict:
    """Per-query medians over the rounds, then p50/p95/p99 over the queries (ms)."""
    import statistics

    per_query = [statistics.median(r[i] for r in rounds) for i in range(len(rounds[0]))]
    return {
        "queries": len(per_query),
        "rounds": len(rounds),
        "p50": round(percentile(per_query, 50), 2),
        "p95": round(percentile(per_query, 95), 2),
        "p99": round(percentile(per_query, 99), 2),
        "max": round(max(per_query), 2),
        "per_query_median_ms": [round(v, 2) for v in per_query],
    }


def max_rss_mb() -> float:
    """Peak RSS of this process (Linux ru_maxrss is in KiB)."""
    import resource

    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
