"""Benchmark harness for issue 5: build rate, re-index, query latency, HTTP, memory, scale,
with Xapian and a naive Whoosh pipeline as references.  Run with ``make bench``.

Each measurement runs in a child process (its peak RSS is its own).  Prints a
table and writes ``bench/results.json`` (machine facts, every run, medians).
The machine is shared and noisy, so no test asserts these timings.

Environment:
  BENCH_QUICK=1          skip the 5x scale stage (default: run it)
  BENCH_SCALE=N          corpus copies for the scale stage (default 5; 0 or 1 skips)
  BENCH_BUILD_RUNS=N     from-scratch builds per pipeline (default 1; a 1x build takes minutes)
  BENCH_QUERY_ROUNDS=N   rounds over the query set, median per query (default 5)
  BENCH_HTTP_RUNS=N, BENCH_HTTP_SECONDS=S   HTTP load runs and their length (default 3 x 10 s)
  BENCH_NAIVE_DOCS=N     articles for the naive baseline (default 5000)
  BENCH_REFERENCES=0     skip Xapian and the naive baseline
"""

from __future__ import annotations

import gzip
import http.client
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
sys.path.insert(0, str(BENCH))

from queryset import load_queries, percentile, url_path

CORPUS = ROOT.parent / "shared" / "corpora" / "clickid-2019" / "articles.jsonl.gz"
WORK = BENCH / "work"
PY = sys.executable
SYSTEM_PY = "/usr/bin/python3"
CLIENTS = 16


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)


QUICK = os.environ.get("BENCH_QUICK", "") not in ("", "0")
SCALE = 0 if QUICK else env_int("BENCH_SCALE", 5)
BUILD_RUNS = env_int("BENCH_BUILD_RUNS", 1)
QUERY_ROUNDS = env_int("BENCH_QUERY_ROUNDS", 5)
HTTP_RUNS = env_int("BENCH_HTTP_RUNS", 3)
HTTP_SECONDS = env_int("BENCH_HTTP_SECONDS", 10)
NAIVE_DOCS = env_int("BENCH_NAIVE_DOCS", 5000)
REFERENCES = os.environ.get("BENCH_REFERENCES", "1") != "0"


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def child(args: list[str], python: str = PY) -> dict:
    """Run a bench script in a fresh process; its last stdout line is JSON."""
    done = subprocess.run([python, *args], cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args[:2])} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def median_of(runs: list[dict], key: str) -> float:
    return round(statistics.median(r[key] for r in runs), 3)


def machine() -> dict:
    facts = {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count()}
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text()
        facts["cpu_model"] = next((line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if line.startswith("model name")), None)
        meminfo = Path("/proc/meminfo").read_text().split()
        facts["mem_total_mb"] = round(int(meminfo[meminfo.index("MemTotal:") + 1]) / 1024)
        facts["loadavg_at_start"] = Path("/proc/loadavg").read_text().split()[:3]
    except (OSError, ValueError, StopIteration):
        pass
    from importlib.metadata import version

    for package in ("whoosh-reloaded", "Whoosh", "PySastrawi", "gunicorn", "Flask"):
        try:
            facts[package] = version(package)
        except Exception:
            pass
    return facts


# --- Telusur: build, re-index, in-process queries ------------------------------------------

def telusur_stage(paths: list[Path], index_dir: Path, label: str, reruns: int) -> dict:
    builds = []
    for run in range(BUILD_RUNS):
        shutil.rmtree(index_dir, ignore_errors=True)
        log(f"{label}: Telusur index build from scratch, run {run + 1}/{BUILD_RUNS} ...")
        builds.append(child(["bench/telusur_child.py", "build", str(index_dir), *map(str, paths)]))
        log(f"  {builds[-1]['indexed']} docs in {builds[-1]['seconds']:.1f} s ({builds[-1]['docs_per_s']} docs/s), peak RSS {builds[-1]['peak_rss_mb']} MB")
    stage = {
        "documents": builds[-1]["total"],
        "build_runs": builds,
        "build_seconds": median_of(builds, "seconds"),
        "build_docs_per_s": median_of(builds, "docs_per_s"),
        "build_peak_rss_mb": median_of(builds, "peak_rss_mb"),
    }
    if reruns:
        again = [child(["bench/telusur_child.py", "build", str(index_dir), *map(str, paths)]) for _ in range(reruns)]
        assert all(r["indexed"] == 0 for r in again), "re-index of an unchanged corpus indexed documents"
        stage["reindex_unchanged_runs_s"] = [r["seconds"] for r in again]
        stage["reindex_unchanged_s"] = median_of(again, "seconds")
    log(f"{label}: in-process queries, {QUERY_ROUNDS} rounds ...")
    stage["query_ms"] = child(["bench/telusur_child.py", "query", str(index_dir), str(QUERY_ROUNDS)])
    q = stage["query_ms"]
    log(f"  p50 {q['p50']} / p95 {q['p95']} / p99 {q['p99']} ms, query process peak RSS {q['peak_rss_mb']} MB")
    return stage


# --- HTTP ----------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def process_tree_rss_mb(pid: int) -> tuple[float, int]:
    """Sum of VmRSS over ``pid`` and its descendants (gunicorn master + workers)."""
    total_kb, pids, todo = 0, 0, [pid]
    while todo:
        current = todo.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total_kb += next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:"))
            pids += 1
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, StopIteration):
            continue
    return round(total_kb / 1024, 1), pids


def wrk_script(paths: list[str]) -> Path:
    script = WORK / "rotate.lua"
    listed = ",\n".join(f'  "{p}"' for p in paths)
    script.write_text(
        f"local paths = {{\n{listed}\n}}\n"
        "local i = 0\n"
        "setup = function(thread) end\n"
        "init = function(args) i = math.random(#paths) end\n"
        "request = function()\n  i = i % #paths + 1\n  return wrk.format('GET', paths[i])\nend\n"
        "done = function(summary, latency, requests)\n"
        "  local e = summary.errors\n"
        "  io.write(string.format('BENCHJSON {\"requests\":%d,\"duration_us\":%d,\"p50_us\":%d,\"p90_us\":%d,\"p99_us\":%d,"
        "\"max_us\":%d,\"connect\":%d,\"read\":%d,\"write\":%d,\"status\":%d,\"timeout\":%d}\\n',\n"
        "    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90), latency:percentile(99),\n"
        "    latency.max, e.connect, e.read, e.write, e.status, e.timeout))\nend\n",
        encoding="utf-8",
    )
    return script


def run_wrk(port: int, script: Path) -> dict:
    done = subprocess.run(
        ["wrk", "-t2", f"-c{CLIENTS}", f"-d{HTTP_SECONDS}s", "--timeout", "10s", "-s", str(script), f"http://127.0.0.1:{port}"],
        capture_output=True, text=True, timeout=HTTP_SECONDS + 60,
    )  # fmt: skip
    line = next(row for row in done.stdout.splitlines() if row.startswith("BENCHJSON "))
    raw = json.loads(line.split(" ", 1)[1])
    seconds = raw["duration_us"] / 1e6
    errors = raw["connect"] + raw["read"] + raw["write"] + raw["status"] + raw["timeout"]
    return {"client": "wrk", "requests": raw["requests"], "seconds": round(seconds, 2), "req_per_s": round(raw["requests"] / seconds, 1),
            "p50_ms": raw["p50_us"] / 1000, "p90_ms": raw["p90_us"] / 1000, "p99_ms": raw["p99_us"] / 1000,
            "max_ms": raw["max_us"] / 1000, "errors": errors, "error_kinds": {k: raw[k] for k in ("connect", "read", "write", "status", "timeout")}}  # fmt: skip


def run_python_client(port: int, paths: list[str]) -> dict:
    """Bounded closed-loop load: CLIENTS threads, keep-alive http.client, HTTP_SECONDS."""
    deadline = time.perf_counter() + HTTP_SECONDS
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def worker(offset: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        mine, i = [], offset
        while time.perf_counter() < deadline:
            path = paths[i % len(paths)]
            i += 1
            started = time.perf_counter()
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                ok = False
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            mine.append((time.perf_counter() - started) * 1000)
            if not ok:
                with lock:
                    errors[0] += 1
        with lock:
            latencies.extend(mine)

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(n * 7,)) for n in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - started
    return {"client": "python-threads", "requests": len(latencies), "seconds": round(seconds, 2),
            "req_per_s": round(len(latencies) / seconds, 1), "p50_ms": round(percentile(latencies, 50), 2),
            "p90_ms": round(percentile(latencies, 90), 2), "p99_ms": round(percentile(latencies, 99), 2),
            "max_ms": round(max(latencies), 2), "errors": errors[0]}  # fmt: skip


def http_stage(index_dir: Path) -> dict:
    port = free_port()
    workers = os.cpu_count() or 1
    server_log = (WORK / "server.log").open("w")
    server = subprocess.Popen(
        [PY, "-m", "search", "serve", "--index", str(index_dir), "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)],
        cwd=ROOT, stdout=server_log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2).read()
                break
            except OSError as error:
                if server.poll() is not None:
                    raise RuntimeError(f"server exited ({server.returncode}); see {WORK / 'server.log'}") from error
                time.sleep(0.2)
        else:
            raise RuntimeError("server did not answer /health within 60 s")
        paths = [url_path(q) for q in load_queries()]
        rss_idle = process_tree_rss_mb(server.pid)
        for _ in range(workers):  # warm every worker's searcher
            for path in paths:
                urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30).read()
        use_wrk = shutil.which("wrk") is not None
        script = wrk_script(paths) if use_wrk else None
        runs = []
        for run in range(HTTP_RUNS):
            log(f"HTTP: {CLIENTS} clients x {HTTP_SECONDS} s, run {run + 1}/{HTTP_RUNS} ({'wrk' if use_wrk else 'python client'}) ...")
            runs.append(run_wrk(port, script) if use_wrk else run_python_client(port, paths))
            r = runs[-1]
            log(f"  {r['req_per_s']} req/s, p50 {r['p50_ms']} / p99 {r['p99_ms']} ms, errors {r['errors']}")
        rss_after, pids = process_tree_rss_mb(server.pid)
        return {
            "workers": workers, "clients": CLIENTS, "seconds_per_run": HTTP_SECONDS, "client": runs[0]["client"],
            "runs": runs, "req_per_s": median_of(runs, "req_per_s"), "p50_ms": median_of(runs, "p50_ms"),
            "p99_ms": median_of(runs, "p99_ms"), "errors_total": sum(r["errors"] for r in runs),
            "server_rss_idle_mb": rss_idle[0], "server_rss_after_load_mb": rss_after, "server_processes": pids,
        }  # fmt: skip
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        server_log.close()


# --- scale corpus, references ------------------------------------------------------------

def scaled_corpus(copies: int) -> Path:
    """The corpus repeated ``copies`` times with distinct ids (and URLs)."""
    target = WORK / f"clickid-x{copies}.jsonl.gz"
    marker = target.with_suffix(".done")
    stamp = f"{CORPUS.stat().st_size}:{CORPUS.stat().st_mtime_ns}:{copies}"
    if target.exists() and marker.exists() and marker.read_text() == stamp:
        return target
    log(f"writing {target.relative_to(ROOT)} ({copies} copies) ...")
    with gzip.open(CORPUS, "rt", encoding="utf-8") as source:
        records = [json.loads(line) for line in source]
    with gzip.open(target, "wt", encoding="utf-8", compresslevel=1) as out:
        for copy in range(1, copies + 1):
            for record in records:
                if copy > 1:
                    record = dict(record, id=f"{record['id']}-x{copy}", url=f"{record['url']}#x{copy}")
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
    marker.write_text(stamp)
    return target


def xapian_available() -> bool:
    return os.path.exists(SYSTEM_PY) and subprocess.run([SYSTEM_PY, "-c", "import xapian"], capture_output=True).returncode == 0


def xapian_stage() -> dict | None:
    if not xapian_available():
        log("Xapian reference skipped: python3-xapian not importable by /usr/bin/python3 (apt-get install -y python3-xapian)")
        return None
    runs = []
    for run in range(BUILD_RUNS):
        log(f"Xapian reference (Indonesian Snowball), run {run + 1}/{BUILD_RUNS} ...")
        runs.append(child(["bench/xapian_ref.py", str(CORPUS), str(WORK / "xapian"), str(QUERY_ROUNDS)], python=SYSTEM_PY))
        r = runs[-1]
        log(f"  {r['build']['docs_per_s']} docs/s, p50 {r['query_ms']['p50']} / p95 {r['query_ms']['p95']} ms")
    return {
        "version": runs[0]["xapian"], "documents": runs[0]["build"]["docs"], "runs": runs,
        "build_seconds": round(statistics.median(r["build"]["seconds"] for r in runs), 3),
        "build_docs_per_s": round(statistics.median(r["build"]["docs_per_s"] for r in runs), 1),
        "query_ms": {k: round(statistics.median(r["query_ms"][k] for r in runs), 2) for k in ("p50", "p95", "p99")},
        "peak_rss_mb": round(statistics.median(r["peak_rss_mb"] for r in runs), 1),
    }  # fmt: skip


def naive_stage() -> dict:
    runs = []
    rounds = max(1, min(QUERY_ROUNDS, 3))
    for run in range(BUILD_RUNS):
        log(f"naive Whoosh baseline on the first {NAIVE_DOCS} articles, run {run + 1}/{BUILD_RUNS} ...")
        runs.append(child(["bench/naive.py", str(CORPUS), str(WORK / "naive"), str(NAIVE_DOCS), str(rounds)]))
        r = runs[-1]
        log(f"  {r['build']['docs_per_s']} docs/s, p50 {r['query_ms']['p50']} / p95 {r['query_ms']['p95']} ms")
    return {
        "documents": runs[0]["build"]["docs"], "query_rounds": rounds, "runs": runs,
        "build_seconds": round(statistics.median(r["build"]["seconds"] for r in runs), 3),
        "build_docs_per_s": round(statistics.median(r["build"]["docs_per_s"] for r in runs), 1),
        "query_ms": {k: round(statistics.median(r["query_ms"][k] for r in runs), 2) for k in ("p50", "p95", "p99")},
        "peak_rss_mb": round(statistics.median(r["peak_rss_mb"] for r in runs), 1),
    }  # fmt: skip


# --- report --------------------------------------------------------------------------------

def table(results: dict) -> str:
    t, x, n = results["telusur_1x"], results.get("xapian"), results.get("naive")
    h, s = results.get("http"), results.get("telusur_scale")

    def fmt(v: object) -> str:
        return "-" if v is None else f"{v:,.1f}" if isinstance(v, float) else f"{v:,}" if isinstance(v, int) else str(v)

    def ratio(a: float | None, b: float | None) -> str:
        return "-" if not a or not b else f"{a / b:.1f}x"

    rows = [
        ("documents", t["documents"], x and x["documents"], n and n["documents"], None),
        ("index build (docs/s)", t["build_docs_per_s"], x and x["build_docs_per_s"], n and n["build_docs_per_s"], ratio(x and x["build_docs_per_s"], t["build_docs_per_s"])),
        ("index build (s)", t["build_seconds"], x and x["build_seconds"], n and n["build_seconds"], ratio(t["build_seconds"], x and x["build_seconds"])),
        ("build peak RSS (MB)", t["build_peak_rss_mb"], None, None, None),
        ("re-index unchanged (s)", t.get("reindex_unchanged_s"), None, None, None),
    ]  # fmt: skip
    for key in ("p50", "p95", "p99"):
        rows.append((f"query {key} (ms)", t["query_ms"][key], x and x["query_ms"][key], n and n["query_ms"][key], ratio(t["query_ms"][key], x and x["query_ms"][key])))
    rows.append(("query process peak RSS (MB)", t["query_ms"]["peak_rss_mb"], x and x["peak_rss_mb"], n and n["peak_rss_mb"], None))
    if p := results.get("persons"):
        rows += [
            (f"person extraction (ms/article, {p['articles']} articles)", p["extraction_ms_per_article"], None, None, None),
            (f"person registry build (s, {p['persons']:,} persons)", p["registry_seconds"], None, None, None),
        ]  # fmt: skip
    if h:
        rows += [
            (f"HTTP req/s ({h['clients']} clients, {h['client']})", h["req_per_s"], None, None, None),
            ("HTTP p50 / p99 (ms)", f"{h['p50_ms']:.1f} / {h['p99_ms']:.1f}", None, None, None),
            ("HTTP errors (all runs)", h["errors_total"], None, None, None),
            (f"server RSS after load (MB, {h['server_processes']} procs)", h["server_rss_after_load_mb"], None, None, None),
        ]  # fmt: skip
    if s:
        one = t
        rows += [
            (f"{s['copies']}x: documents", s["documents"], None, None, None),
            (f"{s['copies']}x: build (docs/s; 1x {fmt(one['build_docs_per_s'])})", s["build_docs_per_s"], None, None, f"{s['build_docs_per_s'] / one['build_docs_per_s']:.2f} of 1x"),
            (f"{s['copies']}x: build (s)", s["build_seconds"], None, None, None),
            (f"{s['copies']}x: build peak RSS (MB)", s["build_peak_rss_mb"], None, None, None),
            (f"{s['copies']}x: query p50 / p95 (ms; 1x p95 {one['query_ms']['p95']})", f"{s['query_ms']['p50']} / {s['query_ms']['p95']}", None, None, f"p95 {s['query_ms']['p95'] / one['query_ms']['p95']:.1f}x of 1x"),
        ]  # fmt: skip
    naive_label = f"naive ({n['documents']})" if n else "naive"
    head = ("measure", "Telusur", "Xapian", naive_label, "ratio: Xapian faster by / vs 1x")
    widths = (50, 14, 10, 14, 34)
    lines = ["".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(head, widths)))]
    lines.append("-" * sum(widths))
    for row in rows:
        cells = [row[0]] + [fmt(v) for v in row[1:4]] + [row[4] or ""]
        lines.append("".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths))))
    return "\n".join(lines)


def main() -> int:
    if not CORPUS.exists():
        print(f"bench: skipped, corpus not found at {CORPUS} (../shared/corpora is absent)")
        return 0
    started = time.perf_counter()
    WORK.mkdir(parents=True, exist_ok=True)
    queries = load_queries()
    log(f"{len(queries)} queries; build runs {BUILD_RUNS}, query rounds {QUERY_ROUNDS}, HTTP {HTTP_RUNS} x {HTTP_SECONDS} s, scale {SCALE or 'off'}")
    results: dict = {"machine": machine(), "settings": {
        "quick": QUICK, "scale": SCALE, "build_runs": BUILD_RUNS, "query_rounds": QUERY_ROUNDS, "http_runs": HTTP_RUNS,
        "http_seconds": HTTP_SECONDS, "naive_docs": NAIVE_DOCS, "queries": [q["line"] for q in queries]}}  # fmt: skip
    index_dir = WORK / "index"
    results["telusur_1x"] = telusur_stage([ROOT / "seeds", CORPUS], index_dir, "1x (clickid-2019 + seeds)", reruns=3)
    log("person extraction and registry ...")
    results["persons"] = child(["bench/telusur_child.py", "persons", str(index_dir), str(CORPUS)])
    results["http"] = http_stage(index_dir)
    if REFERENCES:
        results["xapian"] = xapian_stage()
        results["naive"] = naive_stage()
    if SCALE > 1:
        stage = telusur_stage([scaled_corpus(SCALE)], WORK / f"index-x{SCALE}", f"{SCALE}x", reruns=0)
        results["telusur_scale"] = dict(stage, copies=SCALE)
    results["total_seconds"] = round(time.perf_counter() - started, 1)
    (BENCH / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print()
    print(table(results))
    print(f"\nmedians of the runs; query percentiles over the per-query medians of {QUERY_ROUNDS} rounds "
          f"({len(queries)} queries). Naive baseline: first {NAIVE_DOCS} articles only. Total {results['total_seconds'] / 60:.1f} min.")
    print("written: bench/results.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
