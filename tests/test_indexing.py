"""Building and updating the index from seed files and JSON Lines, and reporting bad input."""

from __future__ import annotations

import gzip
import json
import shutil
from datetime import datetime
from pathlib import Path

import pytest

from search.indexing.pipeline import index_paths
from search.ingest.boilerplate import strip_boilerplate
from search.ingest.dates import JAKARTA, day_label
from search.retrieval.request import SearchRequest
from search.retrieval.service import SearchIndex

from conftest import SEEDS

SEED_IDS = sorted(p.stem for p in SEEDS.glob("*.txt"))


def _ids(index: SearchIndex, q: str) -> set[str]:
    return {h.id for h in index.search(SearchRequest(q=q, size=100)).hits}


def _origins(problems) -> list[str]:
    return [p.origin for p in problems]


def test_seeds_index_once_then_unchanged(tmp_path):
    first = index_paths([SEEDS], tmp_path / "ix")
    assert (first.indexed, first.updated, first.unchanged, first.total) == (5, 0, 0, 5)
    assert not first.skipped and not first.warnings

    again = index_paths([SEEDS], tmp_path / "ix")
    assert (again.indexed, again.updated, again.unchanged, again.total) == (0, 0, 5, 5)
    assert again.lines()[0].startswith("indexed 0, updated 0, unchanged 5, deleted 0, skipped 0, warnings 0; 5 documents")
    index = SearchIndex(tmp_path / "ix")
    try:
        assert index.doc_count() == 5
    finally:
        index.close()


PYONGYANG_LINE = "\nUshakov juga menyinggung hubungan Moskow dengan Pyongyang.\n"


def _edit_seed(seeds: Path) -> str:
    """Add a sentence with a word no seed has to one seed; returns its id."""
    changed = seeds / f"{SEED_IDS[3]}.txt"
    assert not any("pyongyang" in p.read_text(encoding="utf-8").lower() for p in seeds.glob("*.txt"))
    changed.write_text(changed.read_text(encoding="utf-8") + PYONGYANG_LINE, encoding="utf-8")
    return changed.stem


def test_changed_seed_is_updated_and_searchable(tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    index_paths([seeds], tmp_path / "ix")
    changed = _edit_seed(seeds)

    summary = index_paths([seeds], tmp_path / "ix")
    assert (summary.indexed, summary.updated, summary.unchanged, summary.total) == (0, 1, 4, 5)
    assert summary.lines()[0].startswith("indexed 0, updated 1, unchanged 4")
    index = SearchIndex(tmp_path / "ix")
    try:
        assert index.doc_count() == 5
        assert _ids(index, "Pyongyang") == {changed}
        assert index.search(SearchRequest(size=100)).total == 5
    finally:
        index.close()


def test_open_index_sees_an_update_without_duplicates(tmp_path):
    """A long-running server's index must show the new version only, not both."""
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    index_paths([seeds], tmp_path / "ix")
    index = SearchIndex(tmp_path / "ix")
    try:
        assert _ids(index, "Pyongyang") == set()
        changed = _edit_seed(seeds)
        index_paths([seeds], tmp_path / "ix")

        assert _ids(index, "Pyongyang") == {changed}
        browse = index.search(SearchRequest(size=100))
        ids = [h.id for h in browse.hits]
        assert sorted(ids) == SEED_IDS, "an updated article is listed twice"
        assert browse.total == index.doc_count() == 5
        kontan = {v.value: v.count for v in browse.facets["source"]}["Kontan"]
        assert kontan == 1
    finally:
        index.close()


@pytest.fixture(scope="module")
def sample_records(clickid_sample: Path) -> list[dict]:
    with gzip.open(clickid_sample, "rt", encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


@pytest.mark.parametrize("compressed", [True, False], ids=["jsonl.gz", "jsonl"])
def test_clickid_json_lines_index(tmp_path, clickid_sample, sample_records, compressed):
    if compressed:
        path = clickid_sample
    else:
        path = tmp_path / "sample.jsonl"
        with gzip.open(clickid_sample, "rt", encoding="utf-8") as src:
            path.write_text(src.read(), encoding="utf-8")
    summary = index_paths([path], tmp_path / "ix")
    assert not summary.skipped and not summary.warnings
    assert summary.indexed == summary.total == len({r["id"] for r in sample_records}) > 250

    index = SearchIndex(tmp_path / "ix")
    try:
        for record in sample_records[::25]:
            doc = index.document(record["id"])
            assert doc is not None
            assert doc.title == " ".join(record["title"].split())
            given = datetime.fromisoformat(record["date"])
            if given.tzinfo is None:  # date-only: a Jakarta day
                given = given.replace(tzinfo=JAKARTA)
            assert doc.date == given
            assert doc.url == record["url"]
            assert doc.source
    finally:
        index.close()


def _write_jsonl(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_bad_inputs_are_reported_and_the_rest_indexed(tmp_path):
    seed = json.loads(json.dumps({"title": "", "body": (SEEDS / f"{SEED_IDS[2]}.txt").read_text(encoding="utf-8")}))
    inputs = tmp_path / "in"
    inputs.mkdir()
    records = _write_jsonl(
        inputs / "records.jsonl",
        [
            json.dumps({"id": "ok-1", **seed}),
            '{"id": "broken", "title": "Putin',  # line 2: cut off
            json.dumps({"title": "Tanpa id", "body": "Biden berbicara dengan Putin."}),  # line 3: an id from its title
            json.dumps(["ok-2", "bukan objek"]),  # line 4
            json.dumps({"id": "ok-2", "title": "Pembicaraan Biden-Putin", "date": "2021-12-31", "body": "Biden dan Putin berbicara."}),
        ],
    )
    (inputs / "kosong.txt").write_text(" \n\n", encoding="utf-8")
    (inputs / "latin1.txt").write_bytes("Presiden Jokowi meresmikan kafe di Bekasi caf\xe9".encode("latin-1"))
    (inputs / "good.txt").write_text((SEEDS / f"{SEED_IDS[0]}.txt").read_text(encoding="utf-8"), encoding="utf-8")
    unsupported = tmp_path / "artikel.docx"
    unsupported.write_bytes(b"PK\x03\x04")
    missing = tmp_path / "tidak-ada.jsonl"

    summary = index_paths([inputs, unsupported, missing], tmp_path / "ix")

    assert summary.indexed == summary.total == 5  # ok-1, line 3, ok-2, good, and latin1 (decoded, with a warning)
    assert summary.notes == {"record has no 'id': one was derived from its title and date": 1}
    reported = {p.origin: p.message for p in summary.skipped}
    warned = {p.origin: p.message for p in summary.warnings}
    assert "not UTF-8" in warned[str(inputs / "latin1.txt")]
    assert set(reported) == {
        f"{records}:2",
        f"{records}:4",
        str(inputs / "kosong.txt"),
        str(unsupported),
        str(missing),
    }
    assert "invalid JSON" in reported[f"{records}:2"]
    assert "not a JSON object" in reported[f"{records}:4"]
    assert "empty" in reported[str(inputs / "kosong.txt")]
    assert "unsupported" in reported[str(unsupported)]
    assert "no such file" in reported[str(missing)]
    # the human summary names each file
    text = "\n".join(summary.lines())
    for origin in reported:
        assert origin in text

    index = SearchIndex(tmp_path / "ix")
    try:
        assert {index.document(i).id for i in ("ok-1", "ok-2", "good")} == {"ok-1", "ok-2", "good"}
        assert index.document("broken") is None
    finally:
        index.close()


def test_unparseable_date_is_a_warning_and_the_article_is_indexed(tmp_path):
    body = (SEEDS / f"{SEED_IDS[2]}.txt").read_text(encoding="utf-8")
    path = _write_jsonl(tmp_path / "a.jsonl", [json.dumps({"id": "tanggal-rusak", "date": "31-31-2021", "body": body})])
    summary = index_paths([path], tmp_path / "ix")
    assert summary.indexed == 1 and not summary.skipped
    assert len(summary.warnings) == 1
    assert summary.warnings[0].origin == f"{path}:1"
    assert "31-31-2021" in summary.warnings[0].message
    index = SearchIndex(tmp_path / "ix")
    try:
        doc = index.document("tanggal-rusak")
        # a given (bad) date wins over the date in the text: no date rather than a guess
        assert doc is not None and doc.date is None
        assert doc.title.startswith("Biden-Putin terlibat pembicaraan")
    finally:
        index.close()


def test_duplicate_ids_in_one_run_are_reported_not_duplicated(tmp_path):
    first, second = (SEEDS / f"{SEED_IDS[i]}.txt" for i in (2, 3))
    path = _write_jsonl(
        tmp_path / "dup.jsonl",
        [json.dumps({"id": "sama", "body": p.read_text(encoding="utf-8")}) for p in (first, second)],
    )
    summary = index_paths([path, SEEDS, SEEDS], tmp_path / "ix")
    assert summary.indexed == summary.total == 6
    duplicates = [p for p in summary.skipped if "duplicate" in p.message]
    assert len(duplicates) == len(summary.skipped) == 6  # one in the file, five seeds given twice
    assert f"{path}:2" in _origins(duplicates)
    assert all("sama" in p.message or p.origin.startswith(str(SEEDS)) for p in duplicates)
    index = SearchIndex(tmp_path / "ix")
    try:
        assert index.document("sama").body == strip_boilerplate(first.read_text(encoding="utf-8"))  # the first one stays
        # "Brussel" is only in the second record's text: found once, in the seed itself
        assert "Brussel" in second.read_text(encoding="utf-8") and "Brussel" not in first.read_text(encoding="utf-8")
        assert _ids(index, "Brussel") == {second.stem}
        assert index.search(SearchRequest(q="kremlin", size=100)).total == 1 + len(
            [p for p in SEEDS.glob("*.txt") if "kremlin" in p.read_text(encoding="utf-8").lower()]
        )
    finally:
        index.close()


@pytest.mark.parametrize("doc_id", SEED_IDS)
def test_seed_persons_come_from_the_text(seed_index, doc_id):
    doc = seed_index.document(doc_id)
    text = (SEEDS / f"{doc_id}.txt").read_text(encoding="utf-8")
    assert "Putin" in text and "Biden" in text
    assert {"Vladimir Putin", "Joe Biden"} <= set(doc.persons)


@pytest.mark.parametrize(
    ("prefix", "masthead", "source"),
    [("002", "alinea.id", "alinea.id"), ("003", "KONTAN.CO.ID", "Kontan")],
)
def test_seed_source_comes_from_the_masthead(seed_index, prefix, masthead, source):
    doc_id = next(i for i in SEED_IDS if i.startswith(prefix))
    assert masthead in (SEEDS / f"{doc_id}.txt").read_text(encoding="utf-8")
    assert seed_index.document(doc_id).source == [source]


def test_seed_date_comes_from_the_byline(seed_index):
    doc_id = next(i for i in SEED_IDS if i.startswith("002"))
    assert "Jumat, 31 Des 2021 13:15 WIB" in (SEEDS / f"{doc_id}.txt").read_text(encoding="utf-8")
    doc = seed_index.document(doc_id)
    assert doc.date.isoformat() == "2021-12-31T13:15:00+07:00"
    assert day_label(doc.date) == "31 Desember 2021"


def test_year_less_dates_are_not_guessed(seed_index):
    """Seed 003 only says "Jumat (31/12)": no year, so no date."""
    doc_id = next(i for i in SEED_IDS if i.startswith("003"))
    assert "Jumat (31/12)" in (SEEDS / f"{doc_id}.txt").read_text(encoding="utf-8")
    assert seed_index.document(doc_id).date is None
