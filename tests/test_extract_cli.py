"""`python -m search extract`: what the indexer would store, one JSON object per article."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys

from conftest import CLICKID, ROOT, SEEDS, require_corpus

KEYS = {"id", "title", "date", "date_origin", "source", "agencies", "persons", "url"}


def _extract(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "search", "extract", *args],
        cwd=ROOT, input=stdin, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_extract_seeds_shows_facets_from_the_text():
    result = _extract(*sorted(str(p) for p in SEEDS.glob("*.txt")))
    assert result.returncode == 0, result.stderr
    objects = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["id"] for o in objects] == sorted(p.stem for p in SEEDS.glob("*.txt"))
    by_id = {o["id"]: o for o in objects}
    for obj in objects:
        assert obj.keys() >= KEYS
        assert {"Vladimir Putin", "Joe Biden"} <= set(obj["persons"])
    alinea = by_id["002_31777490a35d9720"]
    assert alinea["date"] == "2021-12-31T13:15:00+07:00" and alinea["date_origin"] == "extracted"
    assert alinea["source"] == ["alinea.id"] and alinea["agencies"] == ["Reuters"]
    assert alinea["title"] == "Biden-Putin terlibat pembicaraan serius untuk diplomasi Rusia atas Ukraina"
    kontan = by_id["003_214c75a972e520e4"]
    assert kontan["source"] == ["Kontan"] and kontan["agencies"] == ["Bloomberg"]


def test_extract_jsonl_keeps_order_and_given_values():
    records = [
        {"id": "r1", "title": "Diberikan", "date": "2019-09-16T10:00:00+07:00", "source": "kompas.com",
         "url": "https://nasional.kompas.com/read/2019/09/16/1", "body": "Presiden Jokowi bertemu Prabowo di Istana."},
        {"id": "r2", "body": "KONTAN.CO.ID - JAKARTA. Menteri Keuangan Sri Mulyani Indrawati mengatakan, mengutip Reuters, ekonomi tumbuh."},
    ]  # fmt: skip
    stdin = "\n".join(json.dumps(r) for r in records[:1]) + "\n{rusak\n" + json.dumps(records[1]) + "\n"
    result = _extract("--jsonl", stdin=stdin)
    assert result.returncode == 1  # one line could not be read
    assert "<stdin>:2" in result.stderr and "invalid JSON" in result.stderr
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert (first["id"], second["id"]) == ("r1", "r2")
    assert first["source"] == ["Kompas"] and first["date_origin"] == "given" and first["origins"]["source"] == "given"
    assert first["persons"] == ["Joko Widodo", "Prabowo Subianto"] and first["origins"]["persons"] == "extracted"
    assert second["source"] == ["Kontan"] and second["agencies"] == ["Reuters"] and second["origins"]["source"] == "extracted"
    assert second["date"] is None and second["date_origin"] is None


def test_extract_corpus_records_from_stdin():
    lines = []
    with gzip.open(require_corpus(CLICKID), "rt", encoding="utf-8") as corpus:
        for line in corpus:
            lines.append(line)
            if len(lines) == 50:
                break
    result = _extract("--jsonl", stdin="".join(lines))
    assert result.returncode == 0, result.stderr
    objects = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["id"] for o in objects] == [json.loads(line)["id"] for line in lines]
    assert all(o["date_origin"] == "given" for o in objects)
