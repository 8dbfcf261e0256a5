"""Every input format, and bad input that must lose nothing else."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest

from search.indexing.pipeline import index_paths
from search.retrieval.request import SearchRequest
from search.retrieval.service import SearchIndex

from conftest import SEEDS

SEED_002 = (SEEDS / "002_31777490a35d9720.txt").read_text(encoding="utf-8")
SEED_003 = (SEEDS / "003_214c75a972e520e4.txt").read_text(encoding="utf-8")


_OPEN: list[SearchIndex] = []


@pytest.fixture(autouse=True)
def _close_indexes():
    yield
    while _OPEN:
        _OPEN.pop().close()


def _index(tmp_path: Path, *files: Path, **options):
    summary = index_paths(list(files), tmp_path / "ix", **options)
    _OPEN.append(SearchIndex(tmp_path / "ix"))
    return summary, _OPEN[-1]


def test_front_matter_metadata_wins_over_extraction(tmp_path):
    article = tmp_path / "kontan.md"
    article.write_text(
        "---\ntitle: Putin puas dengan pembicaraan\ndate: 2021-12-31T09:00:00+07:00\n"
        "source: kontan.co.id\nurl: https://internasional.kontan.co.id/news/putin\npersons: [Vladimir Putin, Joe Biden]\n---\n"
        + SEED_003,
        encoding="utf-8",
    )
    summary, index = _index(tmp_path, article)
    assert summary.indexed == 1 and not summary.skipped
    doc = index.document("kontan")
    assert doc.title == "Putin puas dengan pembicaraan"
    assert doc.date.isoformat() == "2021-12-31T09:00:00+07:00"
    assert doc.source == ["Kontan"]
    assert doc.persons == ["Vladimir Putin", "Joe Biden"]  # given: extraction would add Ushakov, Psaki
    assert doc.origins == {"title": "given", "date": "given", "url": "given", "source": "given", "persons": "given", "agencies": "extracted"}
    assert "---" not in doc.body and doc.body.startswith("Sumber: Bloomberg")


def test_invalid_front_matter_is_reported_and_text_indexed(tmp_path):
    article = tmp_path / "rusak.md"
    article.write_text("---\ntitle: [tidak ditutup\n---\n" + SEED_003, encoding="utf-8")
    summary, index = _index(tmp_path, article)
    assert summary.indexed == 1
    assert any("rusak.md" in p.origin and "YAML" in p.message for p in summary.warnings)
    assert index.search(SearchRequest(q="ushakov")).total == 1


def test_json_array_gzipped_and_broken_items(tmp_path):
    records = [
        {"id": "a1", "title": "Putin dan Biden bicara", "body": SEED_003, "date": "2021-12-31", "source": "KONTAN.CO.ID"},
        "bukan objek",
        {"id": "a2", "judul": "Psaki: Biden desak Putin", "isi": SEED_002},
    ]
    path = tmp_path / "arsip.json.gz"
    with gzip.open(path, "wt", encoding="utf-8") as out:
        json.dump(records, out)
    summary, index = _index(tmp_path, path)
    assert summary.indexed == 2
    assert [p.origin for p in summary.skipped] == [f"{path}:item 2"]
    assert index.document("a2").title == "Psaki: Biden desak Putin"  # "judul" is an alias of title
    assert index.document("a1").source == ["Kontan"]


def test_csv_with_indonesian_headers_and_a_broken_row(tmp_path):
    path = tmp_path / "berita.csv"
    path.write_text(
        "id;judul;tanggal;isi;link\n"
        f"k1;Ushakov puas;2021-12-31 10:00;\"{SEED_003.replace(chr(34), chr(39))}\";https://www.kontan.co.id/a\n"
        "k2;baris rusak;2021-12-31\n"
        "k3;Tanggal aneh;31-31-2021;Rusia dan Ukraina kembali bicara di Jenewa.;https://www.tempo.co/b\n",
        encoding="utf-8",
    )
    text = path.read_text(encoding="utf-8")
    line_of = {key: text[: text.index(key)].count("\n") + 1 for key in ("k2;", "k3;")}  # k1's body spans lines
    summary, index = _index(tmp_path, path)
    assert summary.indexed == 2
    assert [(p.origin, "3 fields" in p.message) for p in summary.skipped] == [(f"{path}:{line_of['k2;']}", True)]
    assert any(p.origin == f"{path}:{line_of['k3;']}" and "31-31-2021" in p.message for p in summary.warnings)
    assert index.document("k1").date.isoformat() == "2021-12-31T10:00:00+07:00"
    assert index.document("k3").date is None
    assert index.document("k3").source == ["Tempo"]  # from the url's domain


@pytest.mark.parametrize("header", ["Published-At", "published at", " PUBLISHED_AT ", "Tanggal"])
def test_csv_headers_and_jsonl_keys_are_read_alike(tmp_path, header):
    """One key normaliser for every format: a date column named as people name it
    is the article's date in CSV exactly as the same key is in JSON Lines."""
    csv_file = tmp_path / "export.csv"
    csv_file.write_text(f"ID,Title,{header},Body\nc1,Ushakov puas,2021-12-31 10:00,\"{SEED_003.replace(chr(34), chr(39))}\"\n", encoding="utf-8")
    jsonl_file = tmp_path / "export.jsonl"
    record = {"ID": "j1", "Title": "Ushakov puas", header: "2021-12-31 10:00", "Body": SEED_003}
    jsonl_file.write_text(json.dumps(record) + "\n", encoding="utf-8")
    summary, index = _index(tmp_path, csv_file, jsonl_file)
    assert summary.indexed == 2 and not summary.warnings
    for doc_id in ("c1", "j1"):
        document = index.document(doc_id)
        assert document.date.isoformat() == "2021-12-31T10:00:00+07:00" and document.origins["date"] == "given"
        assert document.title == "Ushakov puas"


def test_html_page_gives_text_and_metadata(tmp_path):
    paragraphs = "".join(f"<p>{p}</p>" for p in SEED_003.splitlines() if p.strip())
    path = tmp_path / "putin-puas.html"
    path.write_text(
        "<html><head><meta charset='utf-8'><title>Putin Puas Bicara dengan Biden - Kontan</title>"
        "<meta property='og:title' content='Putin Puas Bicara dengan Biden'>"
        "<meta property='og:site_name' content='KONTAN.CO.ID'></head>"
        f"<body><nav>Beranda | Internasional | Login</nav><article><h1>Putin Puas Bicara dengan Biden</h1>{paragraphs}</article>"
        "<footer>Hak cipta Kontan</footer></body></html>",
        encoding="utf-8",
    )
    summary, index = _index(tmp_path, path)
    assert summary.indexed == 1, summary.lines()
    doc = index.document("putin-puas")
    assert doc.title == "Putin Puas Bicara dengan Biden"
    assert doc.source == ["Kontan"]
    assert "Ushakov" in doc.body and "Login" not in doc.body
    assert "Yuri Ushakov" in doc.persons


def test_non_utf8_text_is_decoded_with_a_warning(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes((SEED_003 + "\nKafé Moskow").encode("cp1252", errors="replace"))
    summary, index = _index(tmp_path, path)
    assert summary.indexed == 1
    assert any("latin1.txt" in p.origin and "not UTF-8" in p.message for p in summary.warnings)
    assert "Kafé" in index.document("latin1").body


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("kosong.txt", b"", "empty file"),
        ("gambar.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("rusak.jsonl.gz", b"\x1f\x8b\x08\x00 ini bukan gzip", "gzip"),
        ("catatan.docx", b"PK\x03\x04", "unsupported"),
    ],
)
def test_unreadable_files_are_reported_and_the_rest_indexed(tmp_path, name, content, reason):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "002.txt").write_text(SEED_002, encoding="utf-8")
    bad = folder / name
    bad.write_bytes(content)
    summary, index = _index(tmp_path, folder, bad)
    assert summary.indexed == 1
    assert any(p.origin.startswith(str(bad)) and reason in p.message for p in summary.skipped), summary.lines()
    assert index.search(SearchRequest(q="psaki")).total == 1


def test_jsonl_text_with_unicode_line_separators_stays_one_record(tmp_path):
    """Real corpus text holds U+2028 inside JSON strings; only "\\n" ends a record."""
    path = tmp_path / "berita.jsonl"
    records = [
        {"id": "u1", "title": "Ushakov puas", "body": "Paragraf satu.\u2028Ushakov puas dengan pembicaraan.\x85Selesai."},
        {"id": "u2", "title": "Psaki bicara", "body": SEED_002},
    ]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    summary, index = _index(tmp_path, path)
    assert (summary.indexed, summary.skipped) == (2, [])
    assert index.search(SearchRequest(q="ushakov puas")).total >= 1


def test_record_without_id_takes_one_from_its_url(tmp_path):
    path = tmp_path / "tanpa-id.jsonl"
    record = {"title": "Ushakov puas", "url": "https://internasional.kontan.co.id/news/ushakov-puas", "body": SEED_003}
    path.write_text(json.dumps(record) + "\n" + json.dumps(record) + "\n", encoding="utf-8")
    summary, index = _index(tmp_path, path)
    assert summary.indexed == 1  # the same url twice is the same article
    assert summary.notes == {"record has no 'id': one was derived from its url": 2}
    assert summary.note_examples["record has no 'id': one was derived from its url"] == f"{path}:1"
    assert any("duplicate id" in p.message and p.origin == f"{path}:2" for p in summary.skipped)
    hit = index.search(SearchRequest(q="ushakov")).hits[0]
    assert hit.id.startswith("url-") and hit.source == ["Kontan"]


def test_a_file_name_that_is_not_utf8_is_reported_and_the_rest_indexed(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "baik.txt").write_text(SEED_003, encoding="utf-8")
    bad = os.path.join(os.fsencode(folder), b"berita-\xff.txt")
    with open(bad, "wb") as out:
        out.write(SEED_002.encode("utf-8"))
    summary, index = _index(tmp_path, folder)
    assert summary.indexed == 1
    assert [str(p) for p in summary.skipped] == [f"{folder}/berita-\\xff.txt: skipped: the file name is not valid UTF-8 (rename the file)"]
    assert index.document("baik") is not None
