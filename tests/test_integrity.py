"""Index integrity under injected faults: searching while another process
indexes, an atomic ``--rebuild``, the write lock (live and left by a killed
run), SIGKILL at random points of real indexing runs, a full disk and a
read-only index folder.  The indexer always runs as a separate process, the
way a newsroom runs it beside the server."""

from __future__ import annotations

import contextlib
import json
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from whoosh import index as whoosh_index
from whoosh.fields import ID, TEXT, Schema

from search.indexing.pipeline import index_paths
from search.indexing.storage import IndexOutdated
from search.retrieval.request import SearchRequest
from search.retrieval.service import SearchIndex

from conftest import ROOT, SEEDS

#: A word no seed contains, planted in an updated article.
PLANTED = "zwitterkata"


def _seed_texts() -> list[tuple[str, str]]:
    """(title, body) of each seed article."""
    texts = []
    for path in sorted(SEEDS.iterdir()):
        title, _, body = path.read_text(encoding="utf-8").partition("\n")
        texts.append((title.strip(), body.strip()))
    return texts


def _variants(count: int, start: int = 0) -> list[dict[str, str]]:
    """``count`` distinct real-text articles: seed paragraphs, rotated."""
    seeds = _seed_texts()
    records = []
    for n in range(start, start + count):
        title, body = seeds[n % len(seeds)]
        paragraphs = [p for p in body.split("\n") if p.strip()]
        turn = n % len(paragraphs)
        records.append({"id": f"varian-{n:05d}", "title": f"{title} ({n})", "text": "\n\n".join(paragraphs[turn:] + paragraphs[:turn])})
    return records


def _write_jsonl(path: Path, records: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def _corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(SEEDS, folder)
    return folder


def _index_command(*args: object) -> list[str]:
    return [sys.executable, "-m", "search", "index", *map(str, args)]


def _run_index(*args: object, **options: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(_index_command(*args), cwd=ROOT, capture_output=True, text=True, timeout=300, **options)


def _stored_ids(index_dir: Path) -> list[str]:
    """The id of every live document, duplicates included."""
    ix = whoosh_index.open_dir(str(index_dir))
    with ix.reader() as reader:
        return [fields["id"] for _, fields in reader.iter_docs()]


def _search_ids(index: SearchIndex, q: str) -> list[str]:
    return [hit.id for hit in index.search(SearchRequest(q=q, size=100)).hits]


class _Watcher(threading.Thread):
    """Searches an open index in a loop, recording what every search saw."""

    def __init__(self, index_dir: Path) -> None:
        super().__init__(daemon=True)
        self.index = SearchIndex(index_dir)
        self.stop = threading.Event()
        self.counts: list[int] = []
        self.planted: list[list[str]] = []
        self.errors: list[BaseException] = []
        self.incomplete: list[str] = []

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                response = self.index.search(SearchRequest(q="putin", size=100))
                self.counts.append(self.index.doc_count())
                self.incomplete += [hit.id for hit in response.hits if not (hit.title and hit.snippet)]
                self.planted.append(_search_ids(self.index, PLANTED))
            except BaseException as error:
                self.errors.append(error)

    def finish(self) -> None:
        self.stop.set()
        self.join(timeout=30)
        self.index.close()


def test_searches_keep_answering_while_another_process_adds_updates_and_prunes(tmp_path):
    corpus, ix = _corpus(tmp_path), tmp_path / "ix"
    index_paths([corpus], ix)
    _write_jsonl(corpus / "tambahan.jsonl", _variants(300))
    first = sorted(corpus.glob("001_*"))[0]
    first.write_text(first.read_text(encoding="utf-8") + f"\n\nKata uji {PLANTED}.\n", encoding="utf-8")
    sorted(corpus.glob("004_*"))[0].unlink()

    watcher = _Watcher(ix)
    watcher.start()
    run = _run_index(corpus, "--index", ix, "--prune")
    time.sleep(0.3)  # a few searches after the commit
    watcher.finish()

    assert run.returncode == 0, run.stderr
    assert not watcher.errors, watcher.errors[:3]
    assert not watcher.incomplete
    assert set(watcher.counts) <= {5, 304} and watcher.counts[-1] == 304
    assert len(watcher.counts) > 5  # it really searched during the run
    # Old results until the commit, new ones after: never back again.
    switched = [count == 304 for count in watcher.counts]
    assert switched == sorted(switched)
    assert all(ids in ([], [first.stem]) for ids in watcher.planted)
    assert watcher.planted[-1] == [first.stem]


def test_rebuild_builds_beside_the_live_index_and_the_open_index_follows(tmp_path):
    corpus, ix = _corpus(tmp_path), tmp_path / "ix"
    _write_jsonl(corpus / "tambahan.jsonl", _variants(200))
    index_paths([corpus], ix)
    (corpus / "tambahan.jsonl").unlink()

    watcher = _Watcher(ix)
    watcher.start()
    run = _run_index(corpus, "--index", ix, "--rebuild")
    time.sleep(0.3)
    watcher.finish()

    assert run.returncode == 0, run.stderr
    assert not watcher.errors, watcher.errors[:3]
    assert set(watcher.counts) <= {205, 5} and watcher.counts[-1] == 5  # never empty, never half-built
    assert sorted(_stored_ids(ix)) == sorted(p.stem for p in corpus.iterdir())


def test_rebuild_replaces_an_index_built_with_other_fields(tmp_path):
    ix = tmp_path / "ix"
    ix.mkdir()
    old = whoosh_index.create_in(str(ix), Schema(id=ID(stored=True, unique=True), content=TEXT(stored=True)))
    with old.writer() as writer:
        writer.add_document(id="lama", content="berita lama")

    with pytest.raises(IndexOutdated, match="--rebuild"):
        index_paths([SEEDS], ix)
    assert _stored_ids(ix) == ["lama"]  # refused without touching it

    summary = index_paths([SEEDS], ix, rebuild=True)
    assert summary.indexed == 5 and summary.total == 5
    index = SearchIndex(ix)
    try:
        assert len(_search_ids(index, "putin")) >= 4
        assert index.search(SearchRequest(filters={"person": ("Vladimir Putin",)})).total >= 4
    finally:
        index.close()


_HOLD_LOCK = """
import sys, time
from whoosh import index
writer = index.open_dir(sys.argv[1]).writer()
print("locked", flush=True)
sys.stdin.readline()
writer.commit()
print("committed", flush=True)
"""


@contextlib.contextmanager
def _lock_holder(index_dir: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process holding the index's write lock until told to commit."""
    with subprocess.Popen([sys.executable, "-c", _HOLD_LOCK, str(index_dir)], cwd=ROOT, text=True, stdin=subprocess.PIPE, stdout=subprocess.PIPE) as holder:
        try:
            assert holder.stdout.readline().strip() == "locked"
            yield holder
        finally:
            if holder.poll() is None:
                holder.kill()
            holder.wait(timeout=30)


def test_a_second_run_waits_for_the_lock_then_gives_up_with_a_clear_message(tmp_path):
    corpus, ix = _corpus(tmp_path), tmp_path / "ix"
    index_paths([corpus], ix)
    _write_jsonl(corpus / "tambahan.jsonl", _variants(3))
    with _lock_holder(ix) as holder:
        started = time.monotonic()
        second = _run_index(corpus, "--index", ix, "--lock-timeout", "1.5")
        waited = time.monotonic() - started
        assert second.returncode == 3
        assert "being written by another process (waited 1.5 s" in second.stderr
        assert "Traceback" not in second.stderr
        assert waited >= 1.5
        # The live writer's lock was not taken from it: it still commits.
        holder.stdin.write("\n")
        holder.stdin.flush()
        assert holder.stdout.readline().strip() == "committed"
    assert sorted(_stored_ids(ix)) == sorted(p.stem for p in corpus.glob("*.txt"))
    third = _run_index(corpus, "--index", ix)
    assert third.returncode == 0, third.stderr
    assert len(_stored_ids(ix)) == len(set(_stored_ids(ix))) == 8


def test_a_lock_left_by_a_killed_run_is_free_at_once(tmp_path):
    corpus, ix = _corpus(tmp_path), tmp_path / "ix"
    index_paths([corpus], ix)
    with _lock_holder(ix) as holder:
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=30)
    assert any(name.endswith("WRITELOCK") for name in os.listdir(ix))  # the lock file is still there
    _write_jsonl(corpus / "tambahan.jsonl", _variants(3))
    run = _run_index(corpus, "--index", ix, "--lock-timeout", "0")  # no waiting allowed
    assert run.returncode == 0, run.stderr
    assert len(_stored_ids(ix)) == 8


def test_sigkill_at_random_points_loses_nothing_and_duplicates_nothing(tmp_path):
    """Each round adds a batch file and kills the run at a random moment; the
    index always holds exactly the documents of a completed commit."""
    corpus, ix = _corpus(tmp_path), tmp_path / "ix"
    index_paths([corpus], ix)
    rng = random.Random(20211207)
    batch = 120

    # How long one uninterrupted round takes, to spread the kills over it.
    probe_corpus, probe_ix = tmp_path / "probe", tmp_path / "probe-ix"
    shutil.copytree(corpus, probe_corpus)
    index_paths([probe_corpus], probe_ix)
    _write_jsonl(probe_corpus / "batch.jsonl", _variants(batch))
    started = time.monotonic()
    assert _run_index(probe_corpus, "--index", probe_ix).returncode == 0
    round_seconds = time.monotonic() - started

    committed = set(_stored_ids(ix))
    killed_before = killed_after = 0
    for round_number in range(8):
        records = _variants(batch, start=round_number * batch)
        _write_jsonl(corpus / f"batch-{round_number}.jsonl", records)
        if round_number == 3:  # one round also updates and prunes
            sorted(corpus.glob("000_*"))[0].unlink()
        with subprocess.Popen(_index_command(corpus, "--index", ix, "--prune"), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) as process:
            time.sleep(rng.uniform(0.05, round_seconds * 1.1))
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=30)

        ids = _stored_ids(ix)
        assert len(ids) == len(set(ids)), "a document is in the index twice"
        expected_after = {p.stem for p in corpus.glob("*.txt")} | {r["id"] for n in range(round_number + 1) for r in _variants(batch, start=n * batch)}
        # Either the kill came before the commit (nothing of this run is
        # visible) or after it (all of it is): never part of a run.
        if set(ids) == expected_after:
            killed_after += 1
            committed = expected_after
        else:
            assert set(ids) == committed
            killed_before += 1
        index = SearchIndex(ix)
        try:
            assert index.doc_count() == len(ids)
            assert _search_ids(index, "putin")
        finally:
            index.close()

    assert killed_before >= 1  # the kills really interrupted runs
    final = _run_index(corpus, "--index", ix, "--prune")
    assert final.returncode == 0, final.stderr
    ids = _stored_ids(ix)
    assert len(ids) == len(set(ids)) == len(expected_after)
    assert set(ids) == expected_after


def _fsize_limit(limit: int):
    """In the child: files may not grow past ``limit`` bytes (the write fails
    with EFBIG, as a full disk fails with ENOSPC)."""

    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def _snapshot(index_dir: Path) -> tuple[list[str], int]:
    index = SearchIndex(index_dir)
    try:
        return sorted(_stored_ids(index_dir)), len(_search_ids(index, "putin"))
    finally:
        index.close()


def test_a_write_failure_mid_run_leaves_the_index_as_it_was(tmp_path):
    corpus, ix = _corpus(tmp_path), tmp_path / "ix"
    index_paths([corpus], ix)
    before = _snapshot(ix)
    _write_jsonl(corpus / "tambahan.jsonl", _variants(400))

    run = subprocess.run(_index_command(corpus, "--index", ix), cwd=ROOT, capture_output=True, text=True, timeout=300, preexec_fn=_fsize_limit(256 * 1024))
    assert run.returncode == 5
    assert f"cannot write the index in {ix}: File too large; the index is unchanged" in run.stderr
    assert "Traceback" not in run.stderr
    assert _snapshot(ix) == before

    again = _run_index(corpus, "--index", ix)  # space again: the job completes
    assert again.returncode == 0, again.stderr
    assert len(_stored_ids(ix)) == 405


@contextlib.contextmanager
def _read_only(folder: Path) -> Iterator[None]:
    """``folder`` read-only: a read-only bind mount as root (permissions do
    not stop root), file modes otherwise."""
    if os.geteuid() == 0:
        mounted = subprocess.run(["mount", "--bind", str(folder), str(folder)], capture_output=True).returncode == 0
        if not mounted or subprocess.run(["mount", "-o", "remount,bind,ro", str(folder)], capture_output=True).returncode != 0:
            if mounted:
                subprocess.run(["umount", str(folder)], check=True)
            pytest.skip("running as root where bind mounts are not allowed: cannot make a folder read-only")
        try:
            yield
        finally:
            subprocess.run(["umount", str(folder)], check=True)
    else:
        modes = {path: path.stat().st_mode for path in [folder, *folder.iterdir()]}
        for path in modes:
            path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            yield
        finally:
            for path, mode in modes.items():
                path.chmod(mode)


def test_a_read_only_index_folder_gives_a_clear_error_and_stays_searchable(tmp_path):
    corpus, ix = _corpus(tmp_path), tmp_path / "ix"
    index_paths([corpus], ix)
    before = _snapshot(ix)
    _write_jsonl(corpus / "tambahan.jsonl", _variants(5))
    with _read_only(ix):
        run = _run_index(corpus, "--index", ix)
        assert run.returncode == 5
        assert f"cannot write the index in {ix}:" in run.stderr and "the index is unchanged" in run.stderr
        assert "Traceback" not in run.stderr
        assert _snapshot(ix) == before  # still opens and answers while read-only
    assert _run_index(corpus, "--index", ix).returncode == 0
    assert len(_stored_ids(ix)) == 10
