"""Re-indexing: add, update, prune; unchanged input is skipped quickly."""

from __future__ import annotations

import gzip
import os
import shutil
from pathlib import Path

from search.indexing.pipeline import index_paths
from search.retrieval.request import SearchRequest
from search.retrieval.service import SearchIndex

from conftest import SEEDS


def _corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(SEEDS, folder)
    return folder


def _ids(index_dir: Path) -> set[str]:
    index = SearchIndex(index_dir)
    try:
        return {h.id for h in index.search(SearchRequest(size=100)).hits}
    finally:
        index.close()


def test_unchanged_files_are_not_read_again(tmp_path):
    folder, ix = _corpus(tmp_path), tmp_path / "ix"
    first = index_paths([folder], ix)
    second = index_paths([folder], ix)
    assert first.indexed == 5
    assert (second.indexed, second.updated, second.unchanged, second.files_read, second.files_unchanged) == (0, 0, 5, 0, 5)


def test_added_changed_and_pruned_files(tmp_path):
    folder, ix = _corpus(tmp_path), tmp_path / "ix"
    index_paths([folder], ix)
    (folder / "005_baru.txt").write_text("Menlu Rusia Sergey Lavrov bertemu Antony Blinken di Jenewa.\n", encoding="utf-8")
    changed = folder / "000_d48e1b73f05b2741.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\nTambahan: pembicaraan dilanjutkan di Helsinki.\n", encoding="utf-8")
    (folder / "004_6ab4937c15d602ea.txt").unlink()

    kept = index_paths([folder], ix)
    assert (kept.indexed, kept.updated, kept.deleted) == (1, 1, 0)
    assert "004_6ab4937c15d602ea" in _ids(ix)  # without --prune nothing is deleted

    pruned = index_paths([folder], ix, prune=True)
    assert (pruned.indexed, pruned.updated, pruned.deleted) == (0, 0, 1)
    assert _ids(ix) == {p.stem for p in folder.glob("*.txt")}
    index = SearchIndex(ix)
    assert index.search(SearchRequest(q="helsinki")).total == 1
    index.close()


def test_prune_removes_records_gone_from_a_jsonl_file(tmp_path, clickid_sample):
    sample = tmp_path / "sample.jsonl"
    with gzip.open(clickid_sample, "rt", encoding="utf-8") as records:
        lines = records.read().splitlines()[:20]
    sample.write_text("\n".join(lines) + "\n", encoding="utf-8")
    ix = tmp_path / "ix"
    assert index_paths([sample], ix).indexed == 20
    sample.write_text("\n".join(lines[:15]) + "\n", encoding="utf-8")
    os.utime(sample, ns=(1, 1))  # a different stamp even on coarse clocks
    summary = index_paths([sample], ix, prune=True)
    assert (summary.unchanged, summary.deleted) == (15, 5)
    assert len(_ids(ix)) == 15


def test_a_failed_file_is_read_again_next_time(tmp_path):
    folder, ix = _corpus(tmp_path), tmp_path / "ix"
    broken = folder / "extra.jsonl"
    broken.write_text('{"id": "x1", "body": "Blinken bertemu Lavrov."}\n{rusak\n', encoding="utf-8")
    first = index_paths([folder], ix)
    second = index_paths([folder], ix)
    assert len(first.skipped) == len(second.skipped) == 1  # reported again, not silently skipped
    assert second.files_read == 1 and second.unchanged == 6


def test_an_open_index_counts_facets_right_after_each_incremental_commit(tmp_path):
    """Facet tables are kept per segment between commits: counts must follow
    additions, updates and deletions exactly."""
    folder, ix = _corpus(tmp_path), tmp_path / "ix"
    index_paths([folder], ix)
    index = SearchIndex(ix)
    try:

        def persons() -> dict[str, int]:
            return {v.value: v.count for v in index.search(SearchRequest()).facets["person"]}

        before = persons()
        extra = folder / "tambahan.md"
        extra.write_text("---\ntitle: Kunjungan\npersons: [Retno Marsudi, Vladimir Putin]\n---\nMenlu bertemu Presiden Rusia.\n", encoding="utf-8")
        index_paths([folder], ix)
        added = persons()
        assert added["Retno Marsudi"] == 1
        assert added["Vladimir Putin"] == before["Vladimir Putin"] + 1

        extra.write_text("---\ntitle: Kunjungan\npersons: [Retno Marsudi]\n---\nMenlu bertemu Presiden Rusia.\n", encoding="utf-8")
        index_paths([folder], ix)
        assert persons()["Vladimir Putin"] == before["Vladimir Putin"]
        assert persons()["Retno Marsudi"] == 1

        extra.unlink()
        index_paths([folder], ix, prune=True)
        assert persons() == before
    finally:
        index.close()
