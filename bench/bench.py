"""Benchmark: index build rate and query latency over clickid-2019 + the seeds.

Run with ``make bench``.  Prints a table and writes ``bench/results.json``.
Timings are medians of several runs; the machine is shared and noisy, so no
test asserts them.
"""

from __future__ import annotations

import json
import platform
import resource
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from search.engine import SearchIndex  # noqa: E402
from search.indexer import index_paths  # noqa: E402
from search.request import SearchRequest  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpora" / "clickid-2019" / "articles.jsonl.gz"
WORK = ROOT / "bench" / "work"
QUERIES = ROOT / "bench" / "queries.txt"
QUERY_ROUNDS = 5


def load_queries() -> list[str]:
    lines = QUERIES.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")]


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def main() -> int:
    if not CORPUS.exists():
        print(f"bench: skipped, corpus not found at {CORPUS} (../shared/corpora is absent)")
        return 0
    index_dir = WORK / "index"
    shutil.rmtree(index_dir, ignore_errors=True)

    started = time.perf_counter()
    built = index_paths([ROOT / "seeds", CORPUS], index_dir)
    build_seconds = time.perf_counter() - started
    docs = built.indexed

    rerun = []
    for _ in range(3):
        started = time.perf_counter()
        again = index_paths([ROOT / "seeds", CORPUS], index_dir)
        rerun.append(time.perf_counter() - started)
        assert again.indexed == again.updated == 0

    index = SearchIndex(index_dir)
    queries = load_queries()
    requests = [SearchRequest(q=q) for q in queries]
    index.search(SearchRequest(q="warm up"))
    rounds: list[list[float]] = []
    for _ in range(QUERY_ROUNDS):
        times = []
        for request in requests:
            started = time.perf_counter()
            index.search(request)
            times.append((time.perf_counter() - started) * 1000)
        rounds.append(times)
    per_query = [statistics.median(r[i] for r in rounds) for i in range(len(requests))]
    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    results = {
        "machine": {"python": platform.python_version(), "cpus": __import__("os").cpu_count()},
        "corpus": {"documents": docs, "source": "clickid-2019 + seeds"},
        "index_build": {"seconds": round(build_seconds, 2), "docs_per_s": round(docs / build_seconds, 1)},
        "index_rerun_unchanged_s": round(statistics.median(rerun), 2),
        "query_ms": {
            "queries": len(requests),
            "rounds": QUERY_ROUNDS,
            "p50": round(percentile(per_query, 50), 1),
            "p95": round(percentile(per_query, 95), 1),
            "p99": round(percentile(per_query, 99), 1),
        },
        "peak_rss_mb": round(peak_rss_mb),
    }
    (ROOT / "bench" / "results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"{'measure':<34}{'value':>14}")
    print(f"{'documents':<34}{docs:>14}")
    print(f"{'index build (docs/s)':<34}{results['index_build']['docs_per_s']:>14}")
    print(f"{'index build (s)':<34}{results['index_build']['seconds']:>14}")
    print(f"{'re-index unchanged (s, median)':<34}{results['index_rerun_unchanged_s']:>14}")
    for key in ("p50", "p95", "p99"):
        print(f"{'query ' + key + ' (ms, search+facets+snippets)':<34}{results['query_ms'][key]:>14}")
    print(f"{'peak RSS (MB)':<34}{results['peak_rss_mb']:>14}")
    print("written: bench/results.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
