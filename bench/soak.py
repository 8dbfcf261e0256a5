"""Soak test (reliability issue): a steady, mixed load on the production server
over loopback while incremental ``index`` runs add, update and prune files.

Flow: an initial index of the seeds plus part of a corpus; ``python -m search
serve`` (gunicorn) on 127.0.0.1; a warm-up; then, for ``--duration`` seconds,
open-loop requests at ``--rate`` per second drawn from bench/queries.txt
(``/api/search``, the search page ``/``, article pages and ``/api/documents``,
``/api/facets/person``) while ``python -m search index`` runs in a loop:
*add* (a new JSON Lines file of ``--batch`` articles), *update* (an existing
JSON Lines file and a seed text file rewritten with a new unique word planted),
*prune* (the oldest added file deleted, ``index --prune``).  After each run
the server is probed: ``/health`` must count the articles on disk and the
planted words must find their article exactly once.

Every response's status and latency is recorded, and the server's RSS (VmRSS
summed over the gunicorn master and its workers) is sampled.  At the end it
prints a table, writes ``bench/soak-results.json`` and exits 1 if a verdict
fails: any 5xx, 4xx or connection error, an index run not exiting 0, an
inconsistent count or planted-word search, a worker restart, RSS growth (mean
of the last window over the first) above ``--max-rss-growth``, or a server that
fell behind the rate (``--max-late``).  It exits 2 if the setup fails.

Standard library only.  Options (``--help``) can also be set as SOAK_* environment
variables, e.g. ``SOAK_DURATION=600 make soak``.
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import itertools
import json
import os
import queue
import random
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
sys.path.insert(0, str(BENCH))

from queryset import load_queries, percentile

SEEDS = ROOT / "seeds"
CLICKID = ROOT.parent / "shared" / "corpora" / "clickid-2019" / "articles.jsonl.gz"
RESULTS = BENCH / "soak-results.json"
PY = sys.executable

#: The index runs, in turn: one full rebuild every two add/update/prune rounds.
STEPS = ("add", "update", "prune", "add", "update", "prune", "rebuild")
#: Share of each kind of request in the load (percent).
MIX = {"api_search": 55, "page_search": 15, "page_document": 10, "api_document": 5, "api_facets": 10, "page_home": 5}
#: Articles in the JSON Lines file that the *update* step rewrites.
UPDATE_RECORDS = 20
#: The seed text file that the *update* step rewrites.
UPDATED_SEED = "000_d48e1b73f05b2741.txt"
#: /health requests per probe after an index run (each may reach another worker).
HEALTH_PROBES = 4
#: Seconds between the watcher's consistency checks during the soak.
WATCH_INTERVAL = 0.5
_SUMMARY = re.compile(r"indexed (\d+), updated (\d+), unchanged (\d+), deleted (\d+), skipped (\d+).*?; (\d+) documents in the index")


def log(message: str) -> None:
    print(f"[soak {time.strftime('%H:%M:%S')}] {message}", flush=True)


def _env(name: str, default: object, kind=str) -> object:
    value = os.environ.get(name)
    return kind(value) if value not in (None, "") else default


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        description="Soak test: steady mixed HTTP load on `python -m search serve` while incremental `index` runs.",
        epilog="Every option can also be set by the SOAK_* environment variable named in its help.",
    )
    p.add_argument("--duration", type=float, default=_env("SOAK_DURATION", 180.0, float), help="seconds of soak, after the warm-up (SOAK_DURATION, default 180)")
    p.add_argument("--warmup", type=float, default=_env("SOAK_WARMUP", 10.0, float), help="seconds of load before the soak, not counted in latency or RSS (SOAK_WARMUP, default 10)")
    p.add_argument("--rate", type=float, default=_env("SOAK_RATE", 20.0, float), help="requests per second, open loop (SOAK_RATE, default 20)")
    p.add_argument("--clients", type=int, default=_env("SOAK_CLIENTS", 16, int), help="client threads sending the requests (SOAK_CLIENTS, default 16)")
    p.add_argument("--workers", type=int, default=_env("SOAK_WORKERS", 0, int), help="gunicorn workers (SOAK_WORKERS, default: the server's, one per core)")
    p.add_argument("--corpus", default=_env("SOAK_CORPUS", "auto"), help="JSON Lines (.gz) articles, 'seeds' (synthetic variants of the seeds) or 'auto': clickid-2019 when present, else seeds (SOAK_CORPUS)")
    p.add_argument("--initial", type=int, default=_env("SOAK_INITIAL", 5000, int), help="corpus articles in the initial index, besides the seeds; a large number takes all but 2 batches (SOAK_INITIAL, default 5000)")
    p.add_argument("--batch", type=int, default=_env("SOAK_BATCH", 200, int), help="articles per file added (and later pruned) by the index loop (SOAK_BATCH, default 200)")
    p.add_argument("--interval", type=float, default=_env("SOAK_INTERVAL", 3.0, float), help="pause in seconds between index runs (SOAK_INTERVAL, default 3)")
    p.add_argument("--rss-interval", type=float, default=_env("SOAK_RSS_INTERVAL", 2.0, float), help="seconds between RSS samples (SOAK_RSS_INTERVAL, default 2)")
    p.add_argument("--rss-window", type=float, default=_env("SOAK_RSS_WINDOW", 0.0, float), help="seconds of the first and last RSS windows compared (SOAK_RSS_WINDOW; default 60, or 20%% of a run shorter than 180 s)")
    p.add_argument("--max-rss-growth", type=float, default=_env("SOAK_MAX_RSS_GROWTH", 10.0, float), help="verdict: RSS growth limit in %%; 0 only reports it (SOAK_MAX_RSS_GROWTH, default 10)")
    p.add_argument("--max-late", type=float, default=_env("SOAK_MAX_LATE", 1.0, float), help="verdict: %% of requests allowed to start over 1 s after their scheduled time (the server fell behind the rate); 0 only reports (SOAK_MAX_LATE, default 1)")
    p.add_argument("--max-p99", type=float, default=_env("SOAK_MAX_P99", 0.0, float), help="verdict: p99 latency limit in ms; 0 only reports it (SOAK_MAX_P99, default 0)")
    p.add_argument("--timeout", type=float, default=_env("SOAK_TIMEOUT", 10.0, float), help="seconds before a request counts as a timeout (SOAK_TIMEOUT, default 10)")
    p.add_argument("--port", type=int, default=_env("SOAK_PORT", 0, int), help="server port on 127.0.0.1 (SOAK_PORT; default: a free one)")
    p.add_argument("--index", type=Path, default=_env("SOAK_INDEX", None, Path), help="index folder, rebuilt from scratch (SOAK_INDEX; default: WORK/index)")
    p.add_argument("--work", type=Path, default=_env("SOAK_WORK", None, Path), help="folder for the article files, index and server logs (SOAK_WORK; default: a new temporary folder, deleted after a passing run)")
    p.add_argument("--keep", action="store_true", default=_env("SOAK_KEEP", "0") not in ("", "0"), help="keep the work folder (SOAK_KEEP=1)")
    p.add_argument("--results", type=Path, default=_env("SOAK_RESULTS", RESULTS, Path), help=f"results JSON (SOAK_RESULTS, default {RESULTS.relative_to(ROOT)})")
    p.add_argument("--seed", type=int, default=_env("SOAK_SEED", 1, int), help="random seed: corpus sample, request mix, planted words (SOAK_SEED, default 1)")
    return p


# --------------------------------------------------------------------------- articles on disk


def _corpus_records(spec: str, needed: int, rng: random.Random) -> tuple[str, list[dict]]:
    """``needed`` records (or all there are) from the corpus: a random sample, in file order."""
    path = CLICKID if spec == "auto" else Path(spec)
    if spec == "seeds" or (spec == "auto" and not CLICKID.exists()):
        return "seeds (synthetic variants)", _synthetic_records(needed)
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rb") as lines:
        raw = [line for line in lines if line.strip()]
    chosen = sorted(rng.sample(range(len(raw)), min(needed, len(raw))))
    records = []
    for n in chosen:
        record = json.loads(raw[n])
        records.append({k: record[k] for k in ("id", "title", "date", "source", "url", "body") if k in record})
    return str(path), records


def _synthetic_records(count: int) -> list[dict]:
    """Distinct articles made from the seed texts: paragraphs rotated, a numbered title."""
    texts = [p.read_text(encoding="utf-8").strip().splitlines() for p in sorted(SEEDS.glob("*.txt"))]
    records = []
    for n in range(count):
        lines = [line for line in texts[n % len(texts)] if line.strip()]
        shift = (n // len(texts)) % max(1, len(lines) - 1)
        body = lines[1 + shift :] + lines[1 : 1 + shift]
        records.append({
            "id": f"soak-syn-{n:05d}", "title": f"{lines[0][:90]} (varian {n})",
            "date": f"2021-12-{1 + n % 28:02d}T{n % 24:02d}:00:00+07:00", "source": "soak.example",
            "url": f"https://soak.example/artikel/{n}", "body": "\n".join(body) + f"\nVarian nomor {n}.",
        })  # fmt: skip
    return records


def _planted_word(rng: random.Random) -> str:
    """A made-up word no stemmer rule touches: letters, no vowels after ``zqx``."""
    return "zqx" + "".join(rng.choice("bcdfghjkmprstvwz") for _ in range(7)) + "q"


def _write_jsonl(path: Path, records: list[dict]) -> None:
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    os.replace(temporary, path)


class Articles:
    """The article files the index is built from, and the ids they hold.

    ``data/seeds/`` (a copy of the seeds), ``base.jsonl`` (the initial corpus part),
    ``update.jsonl`` (rewritten by each *update*) and ``batch-NNNN.jsonl`` files
    (added and pruned).  Records of pruned batches go back to the supply.
    """

    def __init__(self, folder: Path, records: list[dict], initial: int, batch: int, rng: random.Random) -> None:
        self.folder, self.batch, self.rng = folder, batch, rng
        self.seeds = folder / "seeds"
        shutil.copytree(SEEDS, self.seeds)
        self.seed_ids = {p.stem for p in self.seeds.glob("*.txt")}
        self.seed_text = (self.seeds / UPDATED_SEED).read_text(encoding="utf-8")
        self.update_records = records[:UPDATE_RECORDS]
        self.base = records[UPDATE_RECORDS : UPDATE_RECORDS + initial]
        self.supply = list(records[UPDATE_RECORDS + initial :])
        self.batches: dict[str, list[dict]] = {}
        self.removed_ids: list[str] = []
        self.batch_number = 0
        self.updates = 0
        #: Words planted by the latest update (must be found once) and by earlier ones (must be gone).
        self.planted: dict[str, str] = {}
        self.stale: list[str] = []
        #: The word each planted article held before the latest update.
        self.previous: dict[str, str] = {}
        _write_jsonl(folder / "base.jsonl", self.base)
        self._rewrite_updated()

    @property
    def stable_ids(self) -> list[str]:
        """Ids that stay indexed for the whole run (articles to request pages of)."""
        return sorted(self.seed_ids) + [r["id"] for r in self.base + self.update_records]

    def expected_ids(self) -> set[str]:
        ids = set(self.seed_ids) | {r["id"] for r in self.base + self.update_records}
        for batch in self.batches.values():
            ids.update(r["id"] for r in batch)
        return ids

    def _rewrite_updated(self) -> None:
        """Plant fresh words in the first record of update.jsonl and in a seed text file."""
        self.stale += list(self.planted)
        self.previous = {doc_id: word for word, doc_id in self.planted.items()}
        json_word, text_word = _planted_word(self.rng), _planted_word(self.rng)
        records = [dict(r) for r in self.update_records]
        records[0]["body"] = f"{records[0].get('body', '')} Kode uji {json_word}."
        for record in records[1:]:  # other records change text too
            record["body"] = f"{record.get('body', '')} Pembaruan {self.updates}."
        _write_jsonl(self.folder / "update.jsonl", records)
        seed = self.seeds / UPDATED_SEED
        seed.write_text(f"{self.seed_text.rstrip()}\nKode uji {text_word}.\n", encoding="utf-8")
        self.planted = {json_word: records[0]["id"], text_word: Path(UPDATED_SEED).stem}
        self.updates += 1

    def watch_queries(self) -> list[tuple[str, str]]:
        """(query, id): "previous OR current" planted word, which finds exactly that
        article whether or not the index has the latest update yet."""
        out = []
        for word, doc_id in self.planted.items():
            previous = self.previous.get(doc_id)
            out.append((f"{previous} OR {word}" if previous else word, doc_id))
        return out

    def add(self) -> str:
        """Write a new batch file from the supply; returns its description."""
        if not self.supply:
            raise RuntimeError("no articles left to add; use a larger corpus or a smaller --batch")
        records, self.supply = self.supply[: self.batch], self.supply[self.batch :]
        self.batch_number += 1
        name = f"batch-{self.batch_number:04d}.jsonl"
        _write_jsonl(self.folder / name, records)
        self.batches[name] = records
        return f"added {name} ({len(records)} articles)"

    def update(self) -> str:
        self._rewrite_updated()
        return f"rewrote update.jsonl ({len(self.update_records)} articles) and seeds/{UPDATED_SEED}"

    def remove(self) -> str:
        """Delete the oldest batch file (its records return to the supply)."""
        if not self.batches:
            return "nothing to remove"
        name = next(iter(self.batches))
        (self.folder / name).unlink()
        records = self.batches.pop(name)
        self.removed_ids = [r["id"] for r in records]
        self.supply += records
        return f"removed {name} ({len(self.removed_ids)} articles)"


# --------------------------------------------------------------------------- HTTP


@dataclass
class Reply:
    status: int | None
    error: str | None
    ms: float
    body: bytes = b""


def fetch(port: int, path: str, timeout: float) -> Reply:
    """One GET on a fresh connection (gunicorn's sync workers close it after each response)."""
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        body = response.read()
        return Reply(response.status, None, (time.perf_counter() - started) * 1000, body)
    except TimeoutError:
        return Reply(None, "timeout", (time.perf_counter() - started) * 1000)
    except ConnectionRefusedError:
        return Reply(None, "refused", (time.perf_counter() - started) * 1000)
    except ConnectionResetError:
        return Reply(None, "reset", (time.perf_counter() - started) * 1000)
    except http.client.RemoteDisconnected:
        return Reply(None, "disconnected", (time.perf_counter() - started) * 1000)
    except (OSError, http.client.HTTPException) as error:
        return Reply(None, type(error).__name__, (time.perf_counter() - started) * 1000)
    finally:
        conn.close()


def fetch_json(port: int, path: str, timeout: float) -> tuple[Reply, dict | None]:
    reply = fetch(port, path, timeout)
    try:
        return reply, json.loads(reply.body) if reply.status == 200 else None
    except ValueError:
        return reply, None


def request_paths(queries: list[dict], doc_ids: list[str], rng: random.Random):
    """An endless, seeded stream of (kind, path) following MIX."""
    kinds, weights = list(MIX), list(MIX.values())

    def params(query: dict) -> list[tuple[str, str]]:
        out = [("q", query["q"])] + [("person", p) for p in query["persons"]] + [("source", s) for s in query["sources"]]
        return out + [(k, query[f"date_{k}"]) for k in ("from", "to") if query[f"date_{k}"]]

    while True:
        kind = rng.choices(kinds, weights)[0]
        query = rng.choice(queries)
        if kind == "api_search":
            extra = rng.choice([[], [], [], [("page", "2")], [("sort", "newest")]])
            path = "/api/search?" + urlencode(params(query) + extra)
        elif kind == "page_search":
            extra = rng.choice([[], [], [("pq", rng.choice("abdhjmprsw"))]])
            path = "/?" + urlencode(params(query) + extra)
        elif kind == "page_document":
            path = f"/documents/{quote(rng.choice(doc_ids), safe='')}?" + urlencode({"q": query["q"]})
        elif kind == "api_document":
            path = f"/api/documents/{quote(rng.choice(doc_ids), safe='')}"
        elif kind == "api_facets":
            prefix = rng.choice(["", "", rng.choice("abdhjmprsw")])
            path = "/api/facets/person?" + urlencode(params(query) + ([("prefix", prefix)] if prefix else []))
        else:
            path = "/"
        yield kind, path


@dataclass
class Record:
    phase: str
    kind: str
    path: str
    due: float  # monotonic time the request was scheduled for
    start: float
    end: float
    status: int | None
    error: str | None


class Load:
    """Open-loop load: one scheduler puts a request on the queue every 1/rate s;
    ``clients`` threads send them.  A request's *response time* counts from its
    scheduled time, so queueing behind a slow server is not hidden."""

    def __init__(self, port: int, paths, rate: float, clients: int, timeout: float) -> None:
        self.port, self.paths, self.rate, self.clients, self.timeout = port, paths, rate, clients, timeout
        self.records: list[Record] = []
        #: Requests still queued ``timeout`` s after the end (the server fell behind): not sent.
        self.dropped = 0
        self.end = 0.0
        self._lock = threading.Lock()
        self._queue: queue.Queue = queue.Queue()
        self._threads: list[threading.Thread] = []
        self.stop = threading.Event()

    def start(self, begin: float, soak_start: float, end: float) -> None:
        self.end = end
        self._threads = [threading.Thread(target=self._client, daemon=True) for _ in range(self.clients)]
        self._threads.append(threading.Thread(target=self._schedule, args=(begin, soak_start, end), daemon=True))
        for thread in self._threads:
            thread.start()

    def join(self) -> None:
        for thread in self._threads:
            thread.join()

    def _schedule(self, begin: float, soak_start: float, end: float) -> None:
        try:
            for n in itertools.count():
                due = begin + n / self.rate
                if due >= end or self.stop.is_set():
                    break
                delay = due - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
                kind, path = next(self.paths)
                self._queue.put(("warmup" if due < soak_start else "soak", kind, path, due))
        finally:
            for _ in range(self.clients):
                self._queue.put(None)

    def _client(self) -> None:
        mine, dropped = [], 0
        while (item := self._queue.get()) is not None:
            phase, kind, path, due = item
            start = time.monotonic()
            if start > self.end + self.timeout:
                dropped += 1
                continue
            reply = fetch(self.port, path, self.timeout)
            mine.append(Record(phase, kind, path, due, start, time.monotonic(), reply.status, reply.error))
        with self._lock:
            self.records += mine
            self.dropped += dropped


# --------------------------------------------------------------------------- server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for task in Path(f"/proc/{pid}/task").iterdir() for c in (task / "children").read_text().split()]
    except OSError:
        return []


def _status_kb(pid: int) -> dict[str, int] | None:
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return None
    values = {}
    for line in lines:
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "RssAnon", "RssFile", "RssShmem"):
            values[key] = int(rest.split()[0])
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                values["Pss"] = int(line.split()[1])
    except OSError:
        pass
    return values if "VmRSS" in values else None


_TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of ``pid`` so far."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / _TICKS


def machine_cpu() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot, from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + (values[4] if len(values) > 4 else 0)
    return (sum(values[:8]) - idle) / _TICKS, sum(values[:8]) / _TICKS


def own_cpu() -> float:
    """CPU seconds of this process (the load generator) so far."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def rss_sample(master: int) -> dict:
    """VmRSS (and anon/file/PSS) of the gunicorn master and each descendant, MB;
    the CPU seconds they used so far; the machine's busy and total CPU seconds."""
    per_pid, todo = {}, [master]
    while todo:
        pid = todo.pop()
        values = _status_kb(pid)
        if values is None:
            continue
        per_pid[pid] = values
        todo += _children(pid)
    mb = lambda kb: round(kb / 1024, 1)  # noqa: E731
    return {
        "rss_mb": mb(sum(v["VmRSS"] for v in per_pid.values())),
        "anon_mb": mb(sum(v.get("RssAnon", 0) for v in per_pid.values())),
        "file_mb": mb(sum(v.get("RssFile", 0) for v in per_pid.values())),
        "pss_mb": mb(sum(v.get("Pss", 0) for v in per_pid.values())),
        "per_pid_mb": {str(pid): mb(v["VmRSS"]) for pid, v in per_pid.items()},
        "server_cpu_s": round(sum(_cpu_seconds(pid) for pid in per_pid), 2),
        "machine_cpu_s": [round(v, 2) for v in machine_cpu()],
        "generator_cpu_s": round(own_cpu(), 2),
    }


class Server:
    """``python -m search serve`` in its own process group, logs in the work folder."""

    def __init__(self, index_dir: Path, port: int, workers: int, work: Path) -> None:
        self.port = port
        command = [PY, "-m", "search", "serve", "--index", str(index_dir), "--host", "127.0.0.1", "--port", str(port)]
        if workers:
            command += ["--workers", str(workers)]
        self.out_path, self.err_path = work / "server.out.log", work / "server.err.log"
        self._out, self._err = open(self.out_path, "wb"), open(self.err_path, "wb")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(command, cwd=ROOT, stdout=self._out, stderr=self._err, start_new_session=True)

    def wait_ready(self, seconds: float = 60) -> int:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited with status {self.process.returncode}:\n{self.stderr_tail()}")
            _reply, body = fetch_json(self.port, "/health", 5)
            if body is not None:
                return body["documents"]
            time.sleep(0.2)
        raise RuntimeError(f"server not ready after {seconds:.0f} s:\n{self.stderr_tail()}")

    def wait_workers(self, count: int, seconds: float = 20) -> set[str]:
        """The worker pids, once ``count`` workers are up (gunicorn forks them one by one)."""
        deadline = time.monotonic() + seconds
        while True:
            workers = set(rss_sample(self.process.pid)["per_pid_mb"]) - {str(self.process.pid)}
            if len(workers) >= count or time.monotonic() > deadline:
                return workers
            time.sleep(0.1)

    def workers_booted(self) -> int:
        """Workers gunicorn has started so far, restarts included."""
        self._err.flush()
        return self.err_path.read_text(encoding="utf-8", errors="replace").count("Booting worker with pid")

    def stderr_tail(self, chars: int = 3000) -> str:
        self._err.flush()
        return self.err_path.read_text(encoding="utf-8", errors="replace")[-chars:]

    def tracebacks(self, limit: int = 5) -> list[str]:
        """The first tracebacks in the server's error log (with the line before each)."""
        text = self.err_path.read_text(encoding="utf-8", errors="replace")
        blocks = re.findall(r"[^\n]*\n(?=Traceback)Traceback.*?(?=\n\[\d{4}-|\Z)", text, re.S)
        return blocks[:limit]

    def stop(self) -> int | None:
        """SIGTERM (gunicorn's graceful shutdown), then SIGKILL to the whole group."""
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                pass
            except ProcessLookupError:
                pass
        try:
            os.killpg(self.process.pid, signal.SIGKILL)  # stray workers, if any
        except (ProcessLookupError, PermissionError):
            pass
        self.process.wait()
        self._out.close()
        self._err.close()
        return self.process.returncode


# --------------------------------------------------------------------------- index runs and probes


def run_index(data: Path, index_dir: Path, prune: bool = False, rebuild: bool = False) -> dict:
    command = [PY, "-m", "search", "index", str(data), "--index", str(index_dir)]
    command += ["--prune"] if prune else []
    command += ["--rebuild"] if rebuild else []
    started, children = time.monotonic(), resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=3600)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime
    run = {"exit": done.returncode, "seconds": round(time.monotonic() - started, 2), "cpu_s": round(cpu, 2), "start": started, "end": time.monotonic()}
    line = done.stdout.strip().splitlines()[0] if done.stdout.strip() else ""
    run["summary"] = line
    if match := _SUMMARY.search(line):
        run.update(zip(("indexed", "updated", "unchanged", "deleted", "skipped", "total"), map(int, match.groups())))
    if done.returncode != 0:
        run["stderr"] = done.stderr[-3000:]
    return run


def check_server(port: int, articles: Articles, timeout: float, health_probes: int, final: bool = False) -> dict:
    """Does the server show what is on disk?  /health counts, planted words found once,
    stale words gone; finally also the browse total and removed/kept articles."""
    expected = len(articles.expected_ids())
    result: dict = {"expected": expected, "problems": [], "statuses": []}

    def get(path: str) -> dict | None:
        reply, body = fetch_json(port, path, timeout)
        result["statuses"].append(reply.status if reply.status is not None else reply.error)
        if body is None:
            result["problems"].append(f"GET {path}: {reply.status or reply.error}")
        return body

    counts = [body["documents"] for _ in range(health_probes) if (body := get("/health")) is not None]
    result["health"] = counts
    if any(c != expected for c in counts):
        result["problems"].append(f"/health documents {counts}, expected {expected}")
    result["planted"] = {}
    for word, doc_id in articles.planted.items():
        body = get("/api/search?" + urlencode({"q": word, "size": 10}))
        if body is not None:
            ids = [h["id"] for h in body["hits"]]
            result["planted"][word] = {"total": body["total"], "ids": ids}
            if body["total"] != 1 or ids != [doc_id]:
                result["problems"].append(f"planted word {word!r}: total {body['total']}, ids {ids}, expected once: {doc_id}")
    for word in articles.stale[-2:]:
        body = get("/api/search?" + urlencode({"q": word}))
        if body is not None and body["total"] != 0:
            result["problems"].append(f"replaced word {word!r} still found {body['total']} times")
    if final:
        body = get("/api/search?size=1")
        if body is not None:
            result["browse_total"] = body["total"]
            if body["total"] != expected:
                result["problems"].append(f"browse total {body['total']}, expected {expected}")
        wanted = [(articles.stable_ids[-1], 200)] + [(articles.removed_ids[0], 404)] * bool(articles.removed_ids)
        for doc_id, want in wanted:
            reply = fetch(port, f"/api/documents/{quote(doc_id, safe='')}", timeout)
            result["statuses"].append(reply.status if reply.status is not None else reply.error)
            if reply.status != want:
                result["problems"].append(f"/api/documents/{doc_id}: {reply.status or reply.error}, expected {want}")
    result["ok"] = not result["problems"]
    return result


class Watch:
    """Polls the server during the whole soak: /health must count the articles
    before or after the index run in progress, never another number, and each
    planted article must be found exactly once by "previous OR current word".

    The index loop publishes each state (allowed counts, watch queries); a check
    accepts what any state published while its request was in flight allows, and
    skips a planted-word query whose text changed meanwhile (inconclusive).
    """

    def __init__(self, port: int, articles: Articles, interval: float, timeout: float) -> None:
        self.port, self.interval, self.timeout = port, interval, timeout
        self.lock = threading.Lock()
        self.history: list[tuple[set[int], dict[str, str]]] = []
        self.checks = self.skipped = 0
        self.statuses: list[int | str] = []
        self.problems: list[str] = []
        self.stop = threading.Event()
        self.publish({len(articles.expected_ids())}, articles)

    def publish(self, counts: set[int], articles: Articles) -> None:
        with self.lock:
            self.history.append((set(counts), {doc_id: query for query, doc_id in articles.watch_queries()}))

    def _version(self) -> int:
        with self.lock:
            return len(self.history) - 1

    def _states(self, first: int, last: int) -> list[tuple[set[int], dict[str, str]]]:
        with self.lock:
            return self.history[first : last + 1]

    def _get(self, path: str) -> dict | None:
        reply, body = fetch_json(self.port, path, self.timeout)
        self.statuses.append(reply.status if reply.status is not None else reply.error)
        if body is None:
            self.problems.append(f"{time.strftime('%H:%M:%S')} GET {path}: {reply.status or reply.error}")
        return body

    def run(self) -> None:
        while not self.stop.wait(self.interval):
            first = self._version()
            body = self._get("/health")
            allowed = set().union(*(counts for counts, _ in self._states(first, self._version())))
            if body is not None and body["documents"] not in allowed:
                self.problems.append(f"{time.strftime('%H:%M:%S')} /health documents {body['documents']}, expected one of {sorted(allowed)}")
            for doc_id in self._states(self._version(), self._version())[0][1]:
                first = self._version()
                query = self._states(first, first)[0][1][doc_id]
                body = self._get("/api/search?" + urlencode({"q": query, "size": 10}))
                if body is None:
                    continue
                if any(queries.get(doc_id) != query for _, queries in self._states(first, self._version())):
                    self.skipped += 1  # an update started meanwhile: either answer is possible
                    continue
                ids = [h["id"] for h in body["hits"]]
                if body["total"] != 1 or ids != [doc_id]:
                    self.problems.append(f"{time.strftime('%H:%M:%S')} q={query!r}: total {body['total']}, ids {ids}, expected once: {doc_id}")
            self.checks += 1


def index_loop(articles: Articles, index_dir: Path, port: int, args, soak_start: float, soak_end: float, runs: list, probes: list, watch: Watch) -> None:
    """add, update, prune, ..., rebuild, ... until the soak ends (a run in
    progress is finished).  The rebuild (``index --rebuild``) builds a fresh
    index beside the live one: the watcher checks the server never shows fewer
    articles (or a planted word missing) while it runs."""
    # update: every record of update.jsonl changes, and the seed text file
    expect = {"add": ("indexed", None), "update": ("updated", UPDATE_RECORDS + 1), "prune": ("deleted", None), "rebuild": ("indexed", "total")}
    wait = soak_start - time.monotonic()
    if wait > 0:
        time.sleep(wait)
    for step in itertools.cycle(STEPS):
        if time.monotonic() >= soak_end:
            break
        before = len(articles.expected_ids())
        try:
            what = {"add": articles.add, "update": articles.update, "prune": articles.remove, "rebuild": lambda: "everything"}[step]()
            watch.publish({before, len(articles.expected_ids())}, articles)
            run = run_index(articles.folder, index_dir, prune=step == "prune", rebuild=step == "rebuild")
        except Exception as error:  # recorded as a failed run, so the verdict fails
            runs.append({"step": step, "exit": None, "ok": False, "seconds": 0.0, "t": round(time.monotonic() - soak_start, 2), "summary": f"{type(error).__name__}: {error}"})
            log(f"index loop stopped: {type(error).__name__}: {error}")
            return
        run.update(step=step, what=what, t=round(run.pop("start") - soak_start, 2), expected_total=len(articles.expected_ids()))
        run.pop("end")
        key, want = expect[step]
        want = {None: abs(run["expected_total"] - before), "total": run["expected_total"]}.get(want, want)
        run["ok"] = run["exit"] == 0 and run.get("total") == run["expected_total"] and run.get(key) == want
        if not run["ok"] and "note" not in run:
            run["note"] = f"expected exit 0, {key} {want}, total {run['expected_total']}"
        runs.append(run)
        if run["exit"] == 0:
            watch.publish({run["expected_total"]}, articles)
        log(f"index run {len(runs)} ({step}): exit {run['exit']}, {run['seconds']} s; {run['summary'][:110]}")
        probe = check_server(port, articles, args.timeout, HEALTH_PROBES)
        probe.update(run=len(runs), t=round(time.monotonic() - soak_start, 2))
        probes.append(probe)
        if not probe["ok"]:
            log(f"probe after run {len(runs)}: {'; '.join(probe['problems'])}")
        pause = min(args.interval, soak_end - time.monotonic())
        if pause > 0:
            time.sleep(pause)


def rss_loop(master: int, interval: float, soak_start: float, stop: threading.Event, samples: list) -> None:
    while not stop.is_set():
        sample = rss_sample(master)
        sample["t"] = round(time.monotonic() - soak_start, 2)
        samples.append(sample)
        stop.wait(interval)


# --------------------------------------------------------------------------- summary


def _ms(values: list[float]) -> dict:
    if not values:
        return {"n": 0}
    return {"n": len(values), "p50": round(percentile(values, 50), 1), "p95": round(percentile(values, 95), 1),
            "p99": round(percentile(values, 99), 1), "max": round(max(values), 1)}  # fmt: skip


def summarize(records: list[Record], dropped: int, runs: list[dict], samples: list[dict], soak_start: float, args, worker_pids: set[str]) -> dict:
    soak = [r for r in records if r.phase == "soak"]
    seconds = max((r.end for r in soak), default=soak_start) - soak_start
    statuses = Counter(str(r.status) if r.status is not None else r.error for r in records)
    run_windows = [(soak_start + run["t"], soak_start + run["t"] + run["seconds"]) for run in runs]
    during = [(r.end - r.start) * 1000 for r in soak if any(a <= r.start <= b for a, b in run_windows)]
    outside = [(r.end - r.start) * 1000 for r in soak if not any(a <= r.start <= b for a, b in run_windows)]
    latency = {
        "all": _ms([(r.end - r.start) * 1000 for r in soak]),
        "response_from_schedule": _ms([(r.end - r.due) * 1000 for r in soak]),
        "during_index_runs": _ms(during),
        "outside_index_runs": _ms(outside),
        "by_kind": {kind: _ms([(r.end - r.start) * 1000 for r in soak if r.kind == kind]) for kind in MIX},
    }
    window = args.rss_window or (60.0 if args.duration >= 180 else 0.2 * args.duration)
    first = [s for s in samples if s["t"] <= window]
    last = [s for s in samples if s["t"] >= args.duration - window]
    rss: dict = {"samples": len(samples), "window_s": round(window, 1)}
    if first and last:
        for key in ("rss_mb", "anon_mb", "file_mb", "pss_mb"):
            a, b = statistics.mean(s[key] for s in first), statistics.mean(s[key] for s in last)
            rss[key] = {"first": round(a, 1), "last": round(b, 1), "growth_pct": round((b - a) / a * 100, 2) if a else None}
        pids = sorted(set(first[0]["per_pid_mb"]) & set(last[-1]["per_pid_mb"]), key=int)
        rss["per_pid_mb"] = {
            pid: {"first": round(statistics.mean(s["per_pid_mb"].get(pid, 0) for s in first), 1),
                  "last": round(statistics.mean(s["per_pid_mb"].get(pid, 0) for s in last), 1)}
            for pid in pids
        }  # fmt: skip
        rss["max_mb"] = max(s["rss_mb"] for s in samples)
    cpu = {}
    if len(samples) >= 2:
        a, b = samples[0], samples[-1]
        span = b["t"] - a["t"]
        in_span = sum(r.get("cpu_s", 0.0) for r in runs if a["t"] <= r["t"] <= b["t"])
        cpu = {
            "seconds": round(span, 1),
            "machine_busy": round((b["machine_cpu_s"][0] - a["machine_cpu_s"][0]) / span, 2),
            "server": round((b["server_cpu_s"] - a["server_cpu_s"]) / span, 2),
            "index_runs": round(in_span / span, 2),
            "load_generator": round((b["generator_cpu_s"] - a["generator_cpu_s"]) / span, 2),
        }
        cpu["others"] = round(cpu["machine_busy"] - cpu["server"] - cpu["index_runs"] - cpu["load_generator"], 2)
    step = 30.0 if args.duration >= 120 else max(1.0, args.duration / 4)
    timeline = []
    for n in range(int(-(-max(args.duration, 1) // step))):
        low, high = soak_start + n * step, soak_start + min((n + 1) * step, args.duration)
        bucket = [r for r in soak if low <= r.due < high]
        if bucket:
            timeline.append({
                "t": round(n * step), "scheduled_per_s": round(len(bucket) / (high - low), 1),
                "p50_ms": round(percentile([(r.end - r.start) * 1000 for r in bucket], 50), 1),
                "p99_ms": round(percentile([(r.end - r.start) * 1000 for r in bucket], 99), 1),
                "max_start_lag_s": round(max(r.start - r.due for r in bucket), 2),
                "index_runs": sum(1 for run in runs if low <= soak_start + run["t"] < high),
            })  # fmt: skip
    return {
        "requests": len(soak),
        "warmup_requests": len(records) - len(soak),
        "seconds": round(seconds, 1),
        "req_per_s": round(len(soak) / seconds, 1) if seconds > 0 else 0.0,
        "statuses": dict(sorted(statuses.items())),
        "by_kind": dict(Counter(r.kind for r in soak)),
        "latency_ms": latency,
        "late_starts": {"over_100ms": sum(1 for r in soak if r.start - r.due > 0.1), "over_1s": sum(1 for r in soak if r.start - r.due > 1.0)},
        "not_sent": dropped,
        "rss": rss,
        "cpu_cores": cpu,
        "timeline": timeline,
        "server_pids_seen": sorted(worker_pids, key=int),
    }


def verdicts(summary: dict, records: list[Record], runs: list[dict], probes: list[dict], final: dict, watch: Watch, args, restarts: int) -> dict[str, tuple[bool, str]]:
    checks = [s for p in [*probes, final] for s in p["statuses"]] + watch.statuses
    statuses = [r.status for r in records] + [s for s in checks if isinstance(s, int)]
    fivexx = sum(1 for s in statuses if s is not None and s >= 500)
    fourxx = sum(1 for r in records if r.status is not None and 400 <= r.status < 500)
    errors = Counter(r.error for r in records if r.error) + Counter(s for s in checks if isinstance(s, str))
    failed_runs = [f"run {n} ({r['step']}): exit {r['exit']}" for n, r in enumerate(runs, 1) if r["exit"] != 0]
    wrong_runs = [f"run {n} ({r['step']}): {r.get('note')} got {r['summary'][:80]!r}" for n, r in enumerate(runs, 1) if r["exit"] == 0 and not r["ok"]]
    bad_probes = [f"after run {p['run']}: {'; '.join(p['problems'])}" for p in probes if not p["ok"]]
    steps = Counter(r["step"] for r in runs)
    late = summary["late_starts"]["over_1s"] / max(1, summary["requests"])
    out = {
        "zero 5xx": (fivexx == 0, f"{fivexx} responses >= 500"),
        "zero 4xx": (fourxx == 0, f"{fourxx} responses 4xx (every load request is valid)"),
        "zero connection errors": (not errors, ", ".join(f"{k} {v}" for k, v in errors.items()) or "none"),
        "every index run exit 0": (bool(runs) and not failed_runs, "; ".join(failed_runs) or f"{len(runs)} runs"),
        "add, update, prune and rebuild each ran": (all(steps[s] for s in set(STEPS)), ", ".join(f"{k} {v}" for k, v in steps.items()) or "no runs"),
        "index summaries match the files": (not wrong_runs, "; ".join(wrong_runs) or "all"),
        "server consistent after each run": (not bad_probes, "; ".join(bad_probes[:5]) or f"{len(probes)} probes"),
        "server consistent during index runs": (watch.checks > 0 and not watch.problems, "; ".join(watch.problems[:5]) or f"{watch.checks} checks every {watch.interval:g} s"),
        "final consistency": (final["ok"], "; ".join(final["problems"]) or f"/health {final['health'][0] if final['health'] else '?'} = expected {final['expected']}, planted words found once"),
        "no worker restarts": (restarts == 0, f"{restarts} new worker processes"),
        "RSS recorded": (summary["rss"]["samples"] > 0 and "rss_mb" in summary["rss"], f"{summary['rss']['samples']} samples"),
    }
    if args.max_rss_growth > 0:
        growth = summary["rss"].get("rss_mb", {}).get("growth_pct")
        out[f"RSS growth < {args.max_rss_growth:g}%"] = (growth is not None and growth < args.max_rss_growth, f"{growth}%")
    if args.max_late > 0:
        out["load kept up with the rate"] = (late * 100 <= args.max_late and not summary["not_sent"], f"{late:.1%} of requests started > 1 s late, {summary['not_sent']} not sent")
    if args.max_p99 > 0:
        p99 = summary["latency_ms"]["all"].get("p99")
        out[f"p99 < {args.max_p99:g} ms"] = (p99 is not None and p99 < args.max_p99, f"{p99} ms")
    return out


def table(results: dict) -> str:
    s, settings = results["summary"], results["settings"]
    lat = s["latency_ms"]
    rss = s["rss"]
    lines = [
        "",
        f"Telusur soak: {settings['duration']:g} s at {settings['rate']:g} req/s ({settings['clients']} clients, {results['server']['workers']} workers), "
        f"corpus {results['corpus']['name']}, {results['corpus']['initial_documents']} documents at start",
        f"  requests          {s['requests']} in {s['seconds']} s = {s['req_per_s']} req/s (+{s['warmup_requests']} warm-up); "
        f"started late >100 ms {s['late_starts']['over_100ms']}, >1 s {s['late_starts']['over_1s']}; not sent {s['not_sent']}",
        f"  statuses          {', '.join(f'{k}: {v}' for k, v in s['statuses'].items())}",
        f"  latency ms        p50 {lat['all'].get('p50')}  p95 {lat['all'].get('p95')}  p99 {lat['all'].get('p99')}  max {lat['all'].get('max')}",
        f"    from schedule   p50 {lat['response_from_schedule'].get('p50')}  p99 {lat['response_from_schedule'].get('p99')}",
        f"    during index    p50 {lat['during_index_runs'].get('p50')}  p99 {lat['during_index_runs'].get('p99')}  (n {lat['during_index_runs']['n']});"
        f"  outside: p50 {lat['outside_index_runs'].get('p50')}  p99 {lat['outside_index_runs'].get('p99')}",
    ]
    for kind, v in lat["by_kind"].items():
        if v["n"]:
            lines.append(f"    {kind:<15} n {v['n']:>5}  p50 {v['p50']:>7}  p99 {v['p99']:>7}  max {v['max']:>7}")
    if s.get("timeline"):
        lines.append("    timeline        " + "  ".join(f"{b['t']}s: p99 {b['p99_ms']:g} lag {b['max_start_lag_s']:g}s" for b in s["timeline"]))
    if s.get("cpu_cores"):
        c = s["cpu_cores"]
        lines.append(f"  CPU (cores)       machine busy {c['machine_busy']} of {results['machine']['cpus']}: server {c['server']}, index runs {c['index_runs']}, "
                     f"load generator {c['load_generator']}, other processes {c['others']}")  # fmt: skip
    runs = results["index_runs"]
    exits = Counter(r["exit"] for r in runs)
    steps = Counter(r["step"] for r in runs)
    lines.append(f"  index runs        {len(runs)} ({', '.join(f'{k} {v}' for k, v in steps.items())}); exit statuses {dict(exits)}; "
                 f"seconds median {statistics.median(r['seconds'] for r in runs) if runs else '-'} max {max((r['seconds'] for r in runs), default='-')}")  # fmt: skip
    if "rss_mb" in rss:
        lines.append(f"  server RSS MB     first {rss['window_s']:g} s {rss['rss_mb']['first']} -> last {rss['window_s']:g} s {rss['rss_mb']['last']}: "
                     f"{rss['rss_mb']['growth_pct']:+}% (max {rss['max_mb']}, {rss['samples']} samples)")  # fmt: skip
        lines.append(f"    anon {rss['anon_mb']['first']} -> {rss['anon_mb']['last']} ({rss['anon_mb']['growth_pct']:+}%), "
                     f"file {rss['file_mb']['first']} -> {rss['file_mb']['last']}, PSS {rss['pss_mb']['first']} -> {rss['pss_mb']['last']} ({rss['pss_mb']['growth_pct']:+}%)")  # fmt: skip
        for pid, v in rss["per_pid_mb"].items():
            role = "master" if pid == str(results["server"]["pid"]) else "worker"
            lines.append(f"    {role:<6} {pid:>7}  {v['first']} -> {v['last']}")
    final = results["final_check"]
    lines.append(f"  final check       /health {final.get('health')} expected {final['expected']}; browse total {final.get('browse_total')}; "
                 f"planted words found {[v['total'] for v in final.get('planted', {}).values()]} times")  # fmt: skip
    lines.append("")
    for name, (ok, detail) in results["verdicts"].items():
        lines.append(f"  {'PASS' if ok else 'FAIL'}  {name}: {detail}")
    lines.append(f"  => {'PASS' if results['passed'] else 'FAIL'}")
    return "\n".join(lines)


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    rng = random.Random(args.seed)
    work = args.work or Path(tempfile.mkdtemp(prefix="telusur-soak-"))
    work.mkdir(parents=True, exist_ok=True)
    data = work / "data"
    if data.exists():
        shutil.rmtree(data)
    data.mkdir()
    index_dir = args.index or work / "index"
    port = args.port or free_port()
    wall_started = time.time()

    corpus_name, records = _corpus_records(args.corpus, UPDATE_RECORDS + args.initial + args.batch * 20, rng)
    if len(records) < UPDATE_RECORDS + args.initial + args.batch * 2:
        args.initial = max(0, len(records) - UPDATE_RECORDS - args.batch * 2)
    articles = Articles(data, records, args.initial, args.batch, rng)
    del records
    log(f"corpus {corpus_name}: {len(articles.base)} + {UPDATE_RECORDS} articles + 5 seeds at start, {len(articles.supply)} to add in batches of {args.batch}")

    initial = run_index(data, index_dir, rebuild=True)
    initial.pop("start"), initial.pop("end")
    log(f"initial index: exit {initial['exit']}, {initial['seconds']} s; {initial['summary'][:110]}")
    if initial["exit"] != 0 or initial.get("total") != len(articles.expected_ids()):
        log(f"initial index failed (expected {len(articles.expected_ids())} documents):\n{initial.get('stderr', '')}")
        return 2

    server = Server(index_dir, port, args.workers, work)
    results: dict = {}
    passed = False
    try:
        documents = server.wait_ready()
        master = server.process.pid
        workers_at_start = server.wait_workers(args.workers or os.cpu_count() or 1)
        log(f"server pid {master} on 127.0.0.1:{port} ({len(workers_at_start)} workers), {documents} documents; "
            f"warm-up {args.warmup:g} s, then soak {args.duration:g} s at {args.rate:g} req/s")  # fmt: skip

        queries = load_queries()
        load = Load(port, request_paths(queries, articles.stable_ids, random.Random(args.seed)), args.rate, args.clients, args.timeout)
        begin = time.monotonic() + 0.1
        soak_start = begin + args.warmup
        soak_end = soak_start + args.duration
        runs: list[dict] = []
        probes: list[dict] = []
        samples: list[dict] = []
        stop_sampling = threading.Event()
        load.start(begin, soak_start, soak_end)
        watch = Watch(port, articles, WATCH_INTERVAL, args.timeout)
        indexer = threading.Thread(target=index_loop, args=(articles, index_dir, port, args, soak_start, soak_end, runs, probes, watch), daemon=True)
        indexer.start()
        time.sleep(max(0.0, soak_start - time.monotonic()))
        sampler = threading.Thread(target=rss_loop, args=(master, args.rss_interval, soak_start, stop_sampling, samples), daemon=True)
        sampler.start()
        watcher = threading.Thread(target=watch.run, daemon=True)
        watcher.start()
        load.join()
        stop_sampling.set()
        sampler.join()
        log(f"load done: {len(load.records)} requests; waiting for the index run in progress")
        indexer.join()
        watch.stop.set()
        watcher.join()
        time.sleep(1.0)
        final = check_server(port, articles, args.timeout, HEALTH_PROBES * 2 + 2, final=True)
        seen = {pid for s in samples for pid in s["per_pid_mb"]} | workers_at_start | {str(master)}
        restarts = max(len(seen - workers_at_start - {str(master)}), server.workers_booted() - len(workers_at_start))
        summary = summarize(load.records, load.dropped, runs, samples, soak_start, args, seen)
        checks = verdicts(summary, load.records, runs, probes, final, watch, args, restarts)
        passed = all(ok for ok, _ in checks.values())
        failures = [{"t": round(r.start - soak_start, 2), "path": r.path, "status": r.status, "error": r.error}
                    for r in load.records if r.error or (r.status or 0) >= 400]  # fmt: skip
        results = {
            "settings": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
            "machine": {"cpus": os.cpu_count(), "loadavg_at_end": os.getloadavg(), "python": sys.version.split()[0]},
            "started": time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(wall_started)),
            "corpus": {"name": corpus_name, "initial_documents": documents, "batch": args.batch, "update_file_records": UPDATE_RECORDS},
            "server": {"pid": master, "port": port, "workers": len(workers_at_start), "restarts": restarts},
            "initial_index": initial,
            "summary": summary,
            "index_runs": runs,
            "probes": probes,
            "watch": {"checks": watch.checks, "skipped_inconclusive": watch.skipped, "interval_s": watch.interval, "problems": watch.problems[:100], "statuses": dict(Counter(map(str, watch.statuses)))},
            "final_check": final,
            "verdicts": {name: [ok, detail] for name, (ok, detail) in checks.items()},
            "passed": passed,
            "failed_requests": failures[:200],
            "server_tracebacks": server.tracebacks(),
            "rss_samples": samples,
            "work": str(work),
        }
    except Exception as error:
        log(f"soak aborted: {type(error).__name__}: {error}")
        results = {"passed": False, "error": f"{type(error).__name__}: {error}", "server_stderr_tail": server.stderr_tail()}
    finally:
        status = server.stop()
        results["server_exit"] = status
        args.results.parent.mkdir(parents=True, exist_ok=True)
        args.results.write_text(json.dumps(results, ensure_ascii=False, indent=1, default=str) + "\n", encoding="utf-8")
    if "error" in results:
        print(f"work folder kept: {work}")
        return 2
    print(table({**results, "verdicts": {k: tuple(v) for k, v in results["verdicts"].items()}}))
    if results["server_tracebacks"]:
        print("\nServer tracebacks (first ones):\n" + "\n".join(results["server_tracebacks"]))
    print(f"\nresults: {args.results}")
    if passed and not args.keep and not args.work:
        shutil.rmtree(work, ignore_errors=True)
    else:
        print(f"work folder kept: {work}")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
