"""Reading and extraction in a helper process (large inputs): the index is the
same as when one process does everything, the writer's stem cache arrives
warm, and the helper never outlives or outlasts the run that started it."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from whoosh import index as whoosh_index

from search.analysis import stemming
from search.indexing.helper import HELPER_MIN_BYTES
from search.indexing.pipeline import index_paths

from conftest import ROOT, SEEDS


def _index_contents(index_dir: Path) -> tuple[int, str, str]:
    """Document count, and digests of every stored document and of every term with its frequencies."""
    ix = whoosh_index.open_dir(str(index_dir))
    try:
        with ix.searcher() as searcher:
            reader = searcher.reader()
            documents = sorted(repr(sorted(fields.items())) for fields in reader.all_stored_fields())
            terms = [(f, t, reader.doc_frequency(f, t), reader.frequency(f, t)) for f, t in reader.all_terms()]
            return (
                reader.doc_count(),
                hashlib.sha256("\n".join(documents).encode()).hexdigest(),
                hashlib.sha256(repr(terms).encode()).hexdigest(),
            )
    finally:
        ix.close()


def _seed_variants_file(path: Path, min_bytes: int) -> Path:
    """A JSON Lines file of at least ``min_bytes``: the seed articles, rotated, under distinct ids."""
    seeds = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.iterdir())]
    with path.open("w", encoding="utf-8") as out:
        n = 0
        while out.tell() < min_bytes:
            text = seeds[n % len(seeds)]
            paragraphs = text.split("\n")
            turn = n % len(paragraphs)
            out.write(json.dumps({"id": f"varian-{n:05d}", "text": "\n".join(paragraphs[turn:] + paragraphs[:turn])}) + "\n")
            n += 1
    return path


@pytest.fixture
def mixed_inputs(tmp_path: Path, clickid_sample: Path) -> list[Path]:
    """The seeds, the clickid sample and a file with a broken line and a record without text."""
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"id": "rusak-1", "title": "Putin dan Biden"\n{"id": "kosong", "title": ""}\n', encoding="utf-8")
    return [SEEDS, clickid_sample, broken]


def test_helper_process_builds_the_same_index_and_reports_the_same_problems(tmp_path, mixed_inputs, monkeypatch):
    stemming.forget_all()
    alone = index_paths(mixed_inputs, tmp_path / "alone", helper=False)
    stemming.forget_all()
    sastrawi_calls = []
    real_stemmer = stemming._STEMMER
    monkeypatch.setattr(stemming, "_STEMMER", type("Counting", (), {"stem_word": lambda self, w: sastrawi_calls.append(w) or real_stemmer.stem_word(w)})())
    helped = index_paths(mixed_inputs, tmp_path / "helped", helper=True)

    assert alone.indexed == helped.indexed > 300
    assert [str(p) for p in helped.skipped] == [str(p) for p in alone.skipped] != []
    assert [str(p) for p in helped.warnings] == [str(p) for p in alone.warnings]
    assert _index_contents(tmp_path / "helped") == _index_contents(tmp_path / "alone")
    # The helper stemmed every word; the writer only looked the stems up.
    assert sastrawi_calls == []
    assert stemming.load_lexicon(tmp_path / "helped" / "telusur-stems.tsv.gz") > 10_000


def test_helper_process_adds_updates_and_prunes_like_one_process(tmp_path, mixed_inputs):
    seeds = sorted(SEEDS.iterdir())
    folders = {"alone": tmp_path / "alone-seeds", "helped": tmp_path / "helped-seeds"}
    for name, folder in folders.items():
        folder.mkdir()
        for path in seeds:
            (folder / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
        index_paths([folder, *mixed_inputs[1:]], tmp_path / name, helper=name == "helped")
        for path in seeds[:3]:  # three articles change, two files go, one comes
            (folder / path.name).write_text(path.read_text(encoding="utf-8").replace(" Rusia ", " Federasi Rusia ", 1), encoding="utf-8")
        for path in seeds[3:]:
            (folder / path.name).unlink()
        (folder / "baru.txt").write_text(seeds[3].read_text(encoding="utf-8"), encoding="utf-8")
    summaries = {
        name: index_paths([folder, *mixed_inputs[1:]], tmp_path / name, prune=True, force=True, helper=name == "helped")
        for name, folder in folders.items()
    }
    assert {name: (s.indexed, s.updated, s.deleted) for name, s in summaries.items()} == {"alone": (1, 3, 2), "helped": (1, 3, 2)}
    assert _index_contents(tmp_path / "helped")[0] == _index_contents(tmp_path / "alone")[0]


def _children(pid: int) -> set[int]:
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rpartition(")")[2].split()[1]) == pid:
                found.add(int(entry))
    return found


def _is_helper(pid: int) -> bool:
    """A ``spawn`` child running the helper (not multiprocessing's resource tracker)."""
    try:
        return b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except OSError:
        return False
    return state != "Z"


def _start_indexing(source: Path, index_dir: Path) -> tuple[subprocess.Popen[str], set[int]]:
    """A real ``python -m search index`` run once its helper process is working,
    and the processes it started (the helper, multiprocessing's resource tracker)."""
    run = subprocess.Popen(
        [sys.executable, "-m", "search", "index", str(source), "--index", str(index_dir)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while not any(map(_is_helper, children := _children(run.pid))) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert any(map(_is_helper, children)), "the indexer started no helper process"
    time.sleep(1.5)  # well into the run, and far from its end (the input takes the writer 20 s or more)
    assert run.poll() is None, "the run ended before it could be interrupted"
    assert any(_alive(pid) for pid in children if _is_helper(pid)), "the helper ended before it could be interrupted"
    return run, children


def test_helper_process_stops_when_the_indexer_is_killed(tmp_path):
    source = _seed_variants_file(tmp_path / "big.jsonl", 4 * HELPER_MIN_BYTES)
    run, children = _start_indexing(source, tmp_path / "index")
    run.kill()
    run.communicate()
    deadline = time.monotonic() + 20
    while any(map(_alive, children)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(map(_alive, children)), "a process started by the indexer outlived it"


def test_a_dead_helper_fails_the_run_with_a_clear_error_and_the_index_unchanged(tmp_path):
    index_dir = tmp_path / "index"
    index_paths([SEEDS], index_dir)
    before = _index_contents(index_dir)
    source = _seed_variants_file(tmp_path / "big.jsonl", 4 * HELPER_MIN_BYTES)
    run, children = _start_indexing(source, index_dir)
    for pid in filter(_is_helper, children):
        os.kill(pid, signal.SIGKILL)
    _, stderr = run.communicate(timeout=60)
    assert run.returncode == 6
    assert "the extraction process stopped unexpectedly" in stderr and "the index is unchanged" in stderr
    assert "Traceback" not in stderr
    assert _index_contents(index_dir) == before
