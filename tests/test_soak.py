"""The soak test (bench/soak.py) in its short form: about 20 s of steady mixed load
on the production server while incremental index runs add, update and prune files.

It uses a small clickid-2019 sample when ../shared is present and synthetic
variants of the seeds otherwise, so it always runs.  RSS growth is recorded but
not asserted here (20 s is too noisy), nor whether the server kept up with the
rate on a busy machine; ``make soak`` asserts both in the long form.
"""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import ROOT

SOAK = ROOT / "bench" / "soak.py"
SHORT = [
    "--duration", "20", "--warmup", "2", "--rate", "12", "--clients", "6", "--timeout", "30",
    "--initial", "150", "--batch", "20", "--interval", "0.5", "--rss-interval", "1",
    "--max-rss-growth", "0", "--max-p99", "0", "--max-late", "0",
]  # fmt: skip


def test_short_soak_under_incremental_indexing(tmp_path):
    results = tmp_path / "soak-results.json"
    done = subprocess.run(
        [sys.executable, str(SOAK), *SHORT, "--work", str(tmp_path / "work"), "--results", str(results)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    report = f"exit {done.returncode}\n{done.stdout[-6000:]}\n{done.stderr[-3000:]}"
    assert results.exists(), report
    found = json.loads(results.read_text(encoding="utf-8"))
    assert "error" not in found, report
    verdicts = {name: ok for name, (ok, _) in found["verdicts"].items()}
    summary = found["summary"]

    assert summary["requests"] >= 200, report  # 12 req/s for 20 s, open loop
    statuses = summary["statuses"]
    assert not [s for s in statuses if not s.isdigit()], f"connection errors {statuses}\n{report}"
    assert not [s for s in statuses if int(s) >= 500], f"5xx responses {statuses}\n{report}"
    assert verdicts["zero 5xx"] and verdicts["zero 4xx"] and verdicts["zero connection errors"], report

    steps = [run["step"] for run in found["index_runs"]]
    assert {"add", "update", "prune", "rebuild"} <= set(steps), report
    assert all(run["exit"] == 0 for run in found["index_runs"]), report
    assert verdicts["index summaries match the files"], report

    # The server shows what is on disk, during and after the runs; the planted words find their article once.
    assert verdicts["server consistent after each run"] and verdicts["server consistent during index runs"], report
    final = found["final_check"]
    assert final["ok"], report
    assert set(final["health"]) == {final["expected"]} and final["browse_total"] == final["expected"], report
    assert [v["total"] for v in final["planted"].values()] == [1, 1], report
    assert all(len(v["ids"]) == 1 for v in final["planted"].values()), report

    rss = summary["rss"]
    assert rss["samples"] >= 10 and rss["rss_mb"]["first"] > 0 and rss["rss_mb"]["last"] > 0, report
    assert summary["latency_ms"]["all"]["p99"] > 0, report
    assert verdicts["no worker restarts"], report
    assert found["passed"] and done.returncode == 0, report
