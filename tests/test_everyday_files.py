"""Files as newsrooms export them: a spreadsheet without ids, dates written the
Indonesian way, text with broken characters, a folder with other files in it; and
the command line's manners (a closed pipe, the commit phase)."""

from __future__ import annotations

import gzip
import itertools
import json
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest

from search.indexing.pipeline import index_paths
from search.ingest.dates import parse_date
from search.ingest.repair import repaired
from search.retrieval.request import SearchRequest
from search.retrieval.service import SearchIndex

from conftest import CLICKID, ROOT, SEEDS, require_corpus

SEED_TEXTS = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]


def spreadsheet(path: Path, rows: list[tuple[str, str, str, str]]) -> Path:
    """A CSV as a spreadsheet exports it: ``;``-separated, a row number, no id, no url."""
    lines = ["No;Judul;Tanggal;Konten"] + [";".join(f'"{cell}"' for cell in row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def seed_rows() -> list[tuple[str, str, str, str]]:
    dates = ["Senin, 6 Desember 2021", "08/12/2021", "31/12/2021 13:15", "31 Des 2021 08:46 WIB", "2021-12-09"]
    rows = []
    for number, (text, day) in enumerate(zip(SEED_TEXTS, dates), start=1):
        title, _, body = text.strip().partition("\n")
        rows.append((str(number), title.replace('"', "'"), day, " ".join(body.split()).replace('"', "'")))
    return rows


def test_a_spreadsheet_without_ids_is_indexed_once_and_updated_in_place(tmp_path):
    rows = seed_rows()
    path = spreadsheet(tmp_path / "ekspor.csv", rows)
    first = index_paths([path], tmp_path / "ix")
    assert (first.indexed, len(first.skipped)) == (5, 0)
    assert first.notes == {"record has no 'id': one was derived from its title and date": 5}
    again = index_paths([path], tmp_path / "ix", force=True)
    assert (again.indexed, again.updated, again.unchanged) == (0, 0, 5), "the same rows get the same ids"
    edited = [(*rows[0][:3], rows[0][3] + " Tambahan keterangan dari redaksi."), *rows[1:]]
    spreadsheet(path, edited)
    third = index_paths([path], tmp_path / "ix")
    assert (third.indexed, third.updated, third.total) == (0, 1, 5), "an edited row replaces itself"
    index = SearchIndex(tmp_path / "ix")
    assert index.search(SearchRequest(q="redaksi")).total == 1
    assert all(not hit.id.startswith("1") for hit in index.search(SearchRequest(size=10)).hits), "the row number is not an id"
    index.close()


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Senin, 16 September 2019", datetime(2019, 9, 15, 17, 0, tzinfo=timezone.utc)),
        ("12/09/2019", datetime(2019, 9, 11, 17, 0, tzinfo=timezone.utc)),
        ("26/09/2019 08:46", datetime(2019, 9, 26, 1, 46, tzinfo=timezone.utc)),
        ("31 Des 2021 13:15 WIB", datetime(2021, 12, 31, 6, 15, tzinfo=timezone.utc)),
        ("2 Okt 2019 10.30 WITA", datetime(2019, 10, 2, 2, 30, tzinfo=timezone.utc)),
        ("2021-12-31T13:15:00+07:00", datetime(2021, 12, 31, 6, 15, tzinfo=timezone.utc)),
    ],
)
def test_given_dates_in_indonesian_forms(written, expected):
    assert parse_date(written) == expected


@pytest.mark.parametrize("written", ["Selasa, 16 September 2019", "kemarin", "32/13/2019", "16 September"])
def test_a_given_date_that_is_not_understood_is_named(written):
    with pytest.raises(ValueError, match=f"unparseable date '{written}'"):
        parse_date(written)


def test_dates_from_the_spreadsheet_are_given_dates(tmp_path):
    path = spreadsheet(tmp_path / "ekspor.csv", seed_rows())
    index_paths([path], tmp_path / "ix")
    index = SearchIndex(tmp_path / "ix")
    days = sorted(hit.date.date().isoformat() for hit in index.search(SearchRequest(size=10)).hits)
    assert days == ["2021-12-06", "2021-12-08", "2021-12-09", "2021-12-31", "2021-12-31"]
    index.close()


def test_mojibake_in_clickid_is_repaired_and_counted(tmp_path):
    """clickid-2019 bodies carry quotes decoded as MacRoman (``‚Äú`` for ``“``)."""
    broken = []
    with gzip.open(require_corpus(CLICKID), "rt", encoding="utf-8") as lines:
        for line in itertools.islice(lines, 3000):
            record = json.loads(line)
            if "\u201a\u00c4\u00fa" in record["body"]:
                broken.append(record)
            if len(broken) == 20:
                break
    assert len(broken) == 20
    for record in broken:
        fixed = repaired(record["body"])
        assert "\u201a\u00c4\u00fa" not in fixed and "\u201c" in fixed
    path = tmp_path / "rusak.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in broken), encoding="utf-8")
    summary = index_paths([path], tmp_path / "ix")
    assert summary.notes["broken characters (mojibake such as \u201a\u00c4\u00fa for \u201c) were repaired"] == 20
    index = SearchIndex(tmp_path / "ix")
    document = index.document(broken[0]["id"])
    assert "\u201a\u00c4" not in document.body and "\u201c" in document.body
    index.close()


def test_clean_text_is_left_exactly_as_it_is():
    for text in SEED_TEXTS:
        assert repaired(text) == text


def test_other_files_in_a_folder_are_reported_and_the_articles_indexed(tmp_path):
    folder = tmp_path / "berkas"
    folder.mkdir()
    for seed in sorted(SEEDS.glob("*.txt"))[:2]:
        (folder / seed.name).write_text(seed.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "catatan.docx").write_bytes(b"PK\x03\x04 not an article")
    (folder / ".DS_Store").write_bytes(b"\x00\x01")
    (folder / ".git").mkdir()
    (folder / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    summary = index_paths([folder], tmp_path / "ix")
    assert summary.indexed == 2 and not summary.skipped
    assert [(Path(p.origin).name, p.message) for p in summary.warnings] == [("catatan.docx", "not indexed: unsupported file type (expected .txt, .md, .html, .jsonl, .json or .csv, optionally .gz)")]


def test_a_closed_pipe_ends_the_command_quietly(mixed_index_dir):
    """More output than a pipe holds (the JSON of 100 results), read one line of."""
    command = f"{sys.executable} -m search query '' --limit 100 --json --index {mixed_index_dir} | head -1"
    done = subprocess.run(["bash", "-c", f"set -o pipefail; {command}"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.stdout.count("\n") == 1 and "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr
    assert done.returncode == 141  # 128 + SIGPIPE, as Unix tools end


def test_the_commit_shows_as_a_phase_of_a_long_run(tmp_path):
    """In a log (not a terminal) a long run (here: any run) says when it commits and when that is done."""
    done = subprocess.run(
        [sys.executable, "-c", "import sys; import search.indexing.progress as p; p.QUIET_SECONDS = 0.0; "
         "from search.cli import main; sys.exit(main(sys.argv[1:]))", "index", str(SEEDS), "--index", str(tmp_path / "ix")],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    lines = done.stderr.splitlines()
    assert "committing the index (writing and merging segments) ..." in lines
    assert any(line.startswith("committing the index (writing and merging segments): done in ") for line in lines)
