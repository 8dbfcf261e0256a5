"""The command line, run as a user runs it: ``python -m search ...``."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_TEXT = {p.stem: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}


def telusur(*args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "search", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )


@pytest.fixture(scope="module")
def cli_index(tmp_path_factory) -> Path:
    """An index built by the CLI; the first run's output is checked in the test below."""
    return tmp_path_factory.mktemp("cli") / "index"


def test_index_twice(cli_index):
    first = telusur("index", SEEDS, "--index", cli_index)
    assert first.returncode == 0, first.stderr
    assert re.search(r"\bindexed 5\b", first.stdout)
    assert "5 documents in the index" in first.stdout
    assert "Traceback" not in first.stderr

    second = telusur("index", SEEDS, "--index", cli_index)
    assert second.returncode == 0, second.stderr
    assert re.search(r"\bindexed 0\b", second.stdout)
    assert re.search(r"\bunchanged 5\b", second.stdout)
    assert "5 documents in the index" in second.stdout


def test_query_json(seed_index_dir):
    result = telusur("query", "bicara", "--json", "--index", seed_index_dir)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert {"query", "total", "page", "size", "hits", "facets", "took_ms"} <= set(data)
    assert data["query"] == "bicara" and data["page"] == 1 and data["size"] == 10
    expected = {i for i, t in SEED_TEXT.items() if re.search(r"(?i)\b(?:pembicaraan|berbicara)\b", t)}
    assert data["total"] == len(expected)
    assert {h["id"] for h in data["hits"]} == expected
    for hit in data["hits"]:
        assert {"id", "title", "date", "source", "persons", "url", "snippet", "score"} <= set(hit)
        assert "<mark>" in hit["snippet"]
        assert isinstance(hit["score"], float)
    scores = [h["score"] for h in data["hits"]]
    assert scores == sorted(scores, reverse=True)
    dated = next(h for h in data["hits"] if h["id"].startswith("002"))
    assert dated["date"] == "2021-12-31T13:15:00+07:00" and dated["source"] == ["alinea.id"]
    assert {"person", "source", "date"} <= set(data["facets"])


def test_query_table_lists_titles(seed_index_dir):
    result = telusur("query", '"gedung putih"', "--index", seed_index_dir)
    assert result.returncode == 0, result.stderr
    matching = [i for i, t in SEED_TEXT.items() if re.search(r"(?i)\bgedung\s+putih\b", t)]
    assert result.stdout.startswith(f"{len(matching)} results")
    titles = json.loads(telusur("query", '"gedung putih"', "--json", "--index", seed_index_dir).stdout)["hits"]
    assert {h["id"] for h in titles} == set(matching)
    for hit in titles:
        assert hit["title"] in result.stdout
        assert hit["id"] in result.stdout
    assert "<mark>" not in result.stdout


def test_bad_date_is_a_usage_error(seed_index_dir):
    result = telusur("query", "putin", "--from", "31-31-2021", "--index", seed_index_dir)
    assert result.returncode == 2
    assert "--from" in result.stderr and "31-31-2021" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_reversed_dates_name_the_option(seed_index_dir):
    result = telusur("query", "putin", "--from", "2021-12-31", "--to", "2021-12-01", "--index", seed_index_dir)
    assert result.returncode == 2
    assert "--from" in result.stderr and "Traceback" not in result.stderr


def test_query_without_index(tmp_path):
    missing = tmp_path / "no-index-here"
    result = telusur("query", "putin", "--index", missing)
    assert result.returncode == 2
    assert "no index" in result.stderr and str(missing) in result.stderr
    assert "python -m search index" in result.stderr  # tells the user what to do
    assert "Traceback" not in result.stderr


def test_index_missing_path(tmp_path):
    missing = tmp_path / "artikel-yang-hilang"
    result = telusur("index", missing, "--index", tmp_path / "index")
    assert result.returncode == 1
    assert str(missing) in result.stderr and "no such file" in result.stderr
    assert re.search(r"\bskipped 1\b", result.stdout)
    assert "Traceback" not in result.stderr


def test_index_reports_missing_path_but_indexes_the_rest(tmp_path):
    missing = tmp_path / "artikel-yang-hilang"
    result = telusur("index", SEEDS, missing, "--index", tmp_path / "index")
    assert result.returncode == 1
    assert re.search(r"\bindexed 5\b", result.stdout) and str(missing) in result.stderr


def test_two_persons_narrow_results(seed_index_dir):
    one = json.loads(telusur("query", "--person", "Vladimir Putin", "--json", "--index", seed_index_dir).stdout)
    both = json.loads(
        telusur("query", "--person", "Vladimir Putin", "--person", "Jen Psaki", "--json", "--index", seed_index_dir).stdout
    )
    with_psaki = {i for i, t in SEED_TEXT.items() if "Jen Psaki" in t}
    assert with_psaki and {h["id"] for h in both["hits"]} == with_psaki
    assert both["total"] < one["total"]
    assert both["filters"]["person"] == ["Vladimir Putin", "Jen Psaki"]
    for hit in both["hits"]:
        assert {"Vladimir Putin", "Jen Psaki"} <= set(hit["persons"])
    table = telusur("query", "--person", "Vladimir Putin", "--person", "Jen Psaki", "--index", seed_index_dir)
    assert table.stdout.startswith(f"{len(with_psaki)} results")


def test_serve_and_query_refuse_an_index_of_another_version(tmp_path):
    """An index built with other fields is refused with the command that fixes
    it, not served with errors on the first search."""
    from whoosh import index as whoosh_index
    from whoosh.fields import ID, TEXT, Schema

    old = tmp_path / "old"
    old.mkdir()
    with whoosh_index.create_in(str(old), Schema(id=ID(stored=True), content=TEXT)).writer() as writer:
        writer.add_document(id="lama", content="berita lama")
    for command in (["query", "putin", "--index", str(old)], ["serve", "--index", str(old), "--port", "1"]):
        run = subprocess.run([sys.executable, "-m", "search", *command], cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert run.returncode == 2
        assert "built by another version of Telusur" in run.stderr and "index --rebuild" in run.stderr
        assert "Traceback" not in run.stderr


_UNREADABLE_INDEX = """
import sys
from whoosh import index
from whoosh.analysis import Filter, RegexTokenizer
from whoosh.fields import ID, TEXT, Schema

class RetiredFilter(Filter):  # a class this version no longer has (as after a move)
    def __call__(self, tokens):
        yield from tokens

schema = Schema(id=ID(stored=True, unique=True), body=TEXT(analyzer=RegexTokenizer() | RetiredFilter()))
with index.create_in(sys.argv[1], schema).writer() as writer:
    writer.add_document(id="lama", body="berita lama")
"""


def test_an_index_this_version_cannot_read_is_refused_then_rebuilt(tmp_path):
    """Whoosh pickles the analyzers' classes into the index: an index made with
    classes that have since moved cannot even be opened.  It is refused like an
    index with other fields (exit 4 from index, 2 from query), and --rebuild
    replaces it."""
    old = tmp_path / "old"
    old.mkdir()
    subprocess.run([sys.executable, "-c", _UNREADABLE_INDEX, str(old)], cwd=tmp_path, check=True)
    index = telusur("index", SEEDS, "--index", old)
    query = telusur("query", "putin", "--index", old)
    assert (index.returncode, query.returncode) == (4, 2)
    for run in (index, query):
        assert "built by another version of Telusur" in run.stderr and "Traceback" not in run.stderr
    rebuilt = telusur("index", SEEDS, "--index", old, "--rebuild")
    assert rebuilt.returncode == 0 and rebuilt.stdout.startswith("indexed 5,")
    assert telusur("query", "putin", "--index", old).stdout.startswith("5 results")

