"""The person registry as a reader and a curator meet it: one person for the many
ways articles write a name, the curation file, ``persons``, ``extract --mentions``
and the "filter by this person" suggestions, on the seeds and the clickid sample."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from search.indexing.curation import CURATION_FILE, CurationError, parse_curation
from search.indexing.pipeline import index_paths
from search.indexing.registry import REGISTRY_FILE, build_registry, load_registry
from search.ingest.articles import article_mentions, build_article
from search.ingest.formats import load
from search.retrieval.request import SearchRequest
from search.retrieval.service import SearchIndex

from conftest import ROOT, SEEDS


def telusur(*args: object, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "search", *map(str, args)], cwd=ROOT, input=stdin, capture_output=True, text=True, encoding="utf-8", timeout=120
    )


def seed_articles():
    return [build_article(record)[0] for path in sorted(SEEDS.glob("*.txt")) for record in load(path)]


def facet(index: SearchIndex, **params) -> dict[str, int]:
    return {v.value: v.count for v in index.search(SearchRequest(**params)).facets["person"]}


def ids(index: SearchIndex, **params) -> set[str]:
    return {hit.id for hit in index.search(SearchRequest(size=100, **params)).hits}


# --- one person for many names -------------------------------------------------------


def test_articles_that_only_write_jokowi_are_found_under_joko_widodo(mixed_index):
    """The facet counts a person once, whichever name each article uses, and the filter finds them all."""
    registry = load_registry(mixed_index.index_dir)
    person = registry.persons["Joko Widodo"]
    assert {"Jokowi", "Joko Widodo"} <= set(person.variants)
    assert "Jokowi" not in facet(mixed_index, size=1)
    found = mixed_index.search(SearchRequest(filters={"person": ("Joko Widodo",)}, size=100))
    assert found.total == person.docs == facet(mixed_index)["Joko Widodo"]
    only_nickname = [hit for hit in found.hits if "Joko Widodo" not in mixed_index.document(hit.id).body]
    assert only_nickname, "some sample articles write only 'Jokowi'"
    assert all("Joko Widodo" in hit.persons for hit in found.hits)


def test_the_registry_puts_spellings_and_short_forms_together_and_keeps_namesakes_apart():
    """Rows of names as extraction gives them (one row per article, then its one-word names)."""
    rows = [
        (["Soeharto", "Wiranto"], []),
        (["Suharto"], []),
        (["Alexander Marwata", "Agus Rahardjo"], []),
        (["Alex Marwata", "Agus Rahardjo"], []),
        (["Edhy Prabowo", "Susi Pudjiastuti"], []),
        (["Prabowo Subianto", "Sandiaga Uno"], []),
        (["Susi Pudjiastuti"], ["Susi"]),
        (["Sri Mulyani Indrawati"], []),
        (["Sri Mulyani"], []),
    ]
    registry = build_registry(rows)
    assert registry.canonical("Suharto") == registry.canonical("Soeharto")
    assert registry.canonical("Alex Marwata") == "Alexander Marwata"
    assert registry.canonical("Sri Mulyani") == "Sri Mulyani Indrawati"
    assert registry.canonical("Edhy Prabowo") != registry.canonical("Prabowo Subianto")
    assert registry.canonical("Susi") == "Susi Pudjiastuti"
    assert registry.persons["Sri Mulyani Indrawati"].docs == 2


def test_a_one_word_name_of_two_people_is_left_out():
    rows = [(["Bambang Soesatyo"], []), (["Bambang Brodjonegoro"], []), ([], ["Bambang"])]
    registry = build_registry(rows)
    assert registry.canonical("Bambang") is None
    assert {"Bambang Soesatyo", "Bambang Brodjonegoro"} <= set(registry.persons)


def test_a_one_word_name_others_share_names_the_person_only_in_their_context():
    """``Fajar``: the badminton player Fajar Alfian is written about with his partner; another
    Fajar, an airline director, with the transport minister.  A bare ``Fajar`` is the one
    whose people the article names; the president, named everywhere, decides nothing."""
    player = (["Fajar Alfian", "Muhammad Rian Ardianto"], [])
    director = (["Fajar Semiarto", "Budi Karya Sumadi"], [])
    rows = [player, player, player, (["Fajar Alfian", "Joko Widodo"], []), director, director] + [(["Joko Widodo"], [])] * 200
    rows += [(["Muhammad Rian Ardianto"], ["Fajar"]), (["Budi Karya Sumadi"], ["Fajar"]), (["Joko Widodo"], ["Fajar"])]
    registry = build_registry(rows)
    assert [registry.canonical_row(*row) for row in rows[-3:]] == [
        ("Muhammad Rian Ardianto", "Fajar Alfian"),
        ("Budi Karya Sumadi", "Fajar Semiarto"),
        ("Joko Widodo",),
    ]
    assert registry.persons["Fajar Alfian"].docs == 5 and registry.persons["Fajar Alfian"].partials == {"Fajar": 1}
    assert registry.canonical("Fajar") is None and "Fajar" not in registry.persons


def test_the_filter_finds_a_one_word_name_in_its_context_only(tmp_path):
    """The same archive as above, indexed with the persons given: the facet, the filter and
    the registry agree on which bare ``Fajar`` is whom."""
    people = [["Fajar Alfian", "Muhammad Rian Ardianto"]] * 3 + [["Fajar Alfian", "Joko Widodo"]] + [["Fajar Semiarto", "Budi Karya Sumadi"]] * 2
    people += [["Joko Widodo"]] * 200 + [["Fajar", "Muhammad Rian Ardianto"], ["Fajar", "Budi Karya Sumadi"], ["Fajar", "Joko Widodo"]]
    records = [{"id": f"a{n}", "title": f"Berita {n}", "body": "Isi berita hari ini.", "persons": names} for n, names in enumerate(people)]
    (tmp_path / "news.jsonl").write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    index_paths([tmp_path / "news.jsonl"], tmp_path / "index")
    index = SearchIndex(tmp_path / "index")
    counts = facet(index)
    assert ids(index, filters={"person": ("Fajar Alfian",)}) == {"a0", "a1", "a2", "a3", "a206"}
    assert ids(index, filters={"person": ("Fajar Semiarto",)}) == {"a4", "a5", "a207"}
    assert (counts["Fajar Alfian"], counts["Fajar Semiarto"]) == (5, 3) and "Fajar" not in counts
    assert [index.document(doc).persons for doc in ("a206", "a207", "a208")] == [
        ["Fajar Alfian", "Muhammad Rian Ardianto"],
        ["Fajar Semiarto", "Budi Karya Sumadi"],
        ["Joko Widodo"],
    ]
    index.close()


def test_a_longer_form_of_a_gazetteer_name_is_that_person():
    registry = build_registry([(["Anies Rasyid Baswedan"], []), (["Anies Baswedan"], []), (["Novel Baswedan"], [])])
    assert registry.canonical("Anies Rasyid Baswedan") == "Anies Baswedan" != registry.canonical("Novel Baswedan")


def test_every_person_counts_as_many_articles_as_their_filter_finds(mixed_index):
    """The facet, the registry and the filter agree for the most written-about persons,
    whichever names (full, short, one-word, in context) their articles use."""
    registry = load_registry(mixed_index.index_dir)
    counts = facet(mixed_index)
    for person in list(registry.persons.values())[:40]:
        found = mixed_index.search(SearchRequest(filters={"person": (person.name,)}, size=1)).total
        assert found == person.docs == counts[person.name], person


def test_a_value_the_registry_has_not_seen_goes_by_the_gazetteers_name(seed_index_dir):
    registry = load_registry(seed_index_dir)
    assert registry.canonical_row(["Jokowi", "Vladimir Putin"]) == ("Joko Widodo", "Vladimir Putin")


# --- the curation file -----------------------------------------------------------------


@pytest.fixture
def seed_copy(seed_index_dir, tmp_path) -> Path:
    """A copy of the seed index a test may change."""
    return Path(shutil.copytree(seed_index_dir, tmp_path / "index"))


def test_curation_applies_at_the_next_run_without_reading_the_files_again(seed_copy):
    before = SearchIndex(seed_copy)
    zelenskiy = ids(before, filters={"person": ("Volodymyr Zelenskiy",)})
    psaki, biden = ids(before, filters={"person": ("Jen Psaki",)}), ids(before, filters={"person": ("Joe Biden",)})
    before.close()
    (seed_copy / CURATION_FILE).write_text(
        "# how our newsroom writes names\nrename Volodymyr Zelenskiy => Volodymyr Zelensky\nblock Olga Oliker\n"
        "merge Jen Psaki => Joe Biden   # a rule a curator may regret; split undoes it\n",
        encoding="utf-8",
    )
    summary = index_paths([SEEDS], seed_copy)
    assert (summary.indexed, summary.updated, summary.files_read) == (0, 0, 0)
    after = SearchIndex(seed_copy)
    counts = facet(after)
    assert "Volodymyr Zelenskiy" not in counts and counts["Volodymyr Zelensky"] == len(zelenskiy)
    assert ids(after, filters={"person": ("Volodymyr Zelensky",)}) == zelenskiy
    assert "Olga Oliker" not in counts and not ids(after, filters={"person": ("Olga Oliker",)})
    assert "Jen Psaki" not in counts and counts["Joe Biden"] == len(psaki | biden)
    after.close()
    (seed_copy / CURATION_FILE).write_text("split Jen Psaki\n", encoding="utf-8")
    index_paths([SEEDS], seed_copy)
    undone = SearchIndex(seed_copy)
    assert facet(undone)["Jen Psaki"] == len(psaki) and facet(undone)["Volodymyr Zelenskiy"] == len(zelenskiy)
    undone.close()


def test_a_running_searcher_sees_the_new_registry(seed_copy):
    index = SearchIndex(seed_copy)
    assert "Volodymyr Zelenskiy" in facet(index)
    (seed_copy / CURATION_FILE).write_text("rename Volodymyr Zelenskiy => Volodymyr Zelensky\n", encoding="utf-8")
    index_paths([SEEDS], seed_copy)
    assert "Volodymyr Zelensky" in facet(index) and "Volodymyr Zelenskiy" not in facet(index)
    index.close()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("rename Putin\n", "curation.txt:1: 'rename' needs two names"),
        ("# ok\nblock Olga Oliker => Someone\n", "curation.txt:2: 'block' takes one name"),
        ("merge A => B\n\nhapus Putin\n", "curation.txt:3: not a rule"),
    ],
)
def test_a_line_that_is_not_a_rule_names_the_file_and_line(text, message):
    with pytest.raises(CurationError, match=re.escape(message)):
        parse_curation(text, "curation.txt")


def test_a_bad_curation_file_stops_the_run_and_changes_nothing(seed_copy, tmp_path):
    registry_before = (seed_copy / REGISTRY_FILE).read_bytes()
    rules = tmp_path / "rules.txt"
    rules.write_text("block Olga Oliker\nrename Putin\n", encoding="utf-8")
    result = telusur("index", SEEDS, "--index", seed_copy, "--curation", rules)
    assert result.returncode == 2
    assert f"{rules}:2: 'rename' needs two names" in result.stderr and "Traceback" not in result.stderr
    assert (seed_copy / REGISTRY_FILE).read_bytes() == registry_before


# --- the persons command ---------------------------------------------------------------------


def test_persons_lists_the_people_most_written_about_first(mixed_index_dir):
    result = telusur("persons", "--index", mixed_index_dir, "--top", "5")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    counts = [int(re.match(r"\s*\d+\.\s+(\d+)", line).group(1)) for line in lines]
    assert len(lines) == 5 and counts == sorted(counts, reverse=True)
    assert any(line.split()[2:4] == ["Joko", "Widodo"] and "Jokowi (" in line for line in lines)


def test_persons_show_finds_a_person_by_any_name(mixed_index_dir):
    result = telusur("persons", "--index", mixed_index_dir, "--show", "jokowi")
    assert result.returncode == 0, result.stderr
    first, *variants = result.stdout.splitlines()
    assert first.startswith("Joko Widodo: ")
    assert {line.split(None, 1)[1] for line in variants} >= {"Jokowi", "Joko Widodo"}
    missing = telusur("persons", "--index", mixed_index_dir, "--show", "Nama Yang Tidak Ada")
    assert missing.returncode == 1 and "no person named 'Nama Yang Tidak Ada'" in missing.stderr


def test_persons_without_an_index_says_how_to_build_one(tmp_path):
    result = telusur("persons", "--index", tmp_path / "nothing")
    assert result.returncode == 2 and "python -m search index" in result.stderr and "Traceback" not in result.stderr


# --- extract --mentions ----------------------------------------------------------------------


def test_mention_offsets_point_at_the_text_in_the_stored_field():
    articles = {a.id: a for a in seed_articles()}
    result = telusur("extract", "--mentions", *sorted(SEEDS.glob("*.txt")))
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows == [row for a in articles.values() for row in article_mentions(a)]
    for row in rows:
        field = getattr(articles[row["id"]], row["field"])
        assert field[row["start"] : row["end"]] == row["text"], row
    named = {row["person"] for row in rows if row["person"]}
    assert {"Putin", "Vladimir Putin"} <= {row["text"] for row in rows if row["person"] == "Vladimir Putin"}
    assert named <= {p for a in articles.values() for p in a.persons}


def test_extract_names_persons_as_the_index_does(mixed_index_dir):
    record = {"id": "x1", "title": "Jokowi resmikan tol", "body": "Presiden Jokowi meresmikan jalan tol bersama Menteri BUMN Rini Soemarno."}
    plain = json.loads(telusur("extract", "--jsonl", stdin=json.dumps(record)).stdout)
    assert plain["persons"][0] == "Joko Widodo" and plain["person_forms"][0] == "Jokowi"
    result = telusur("extract", "--jsonl", "--mentions", "--index", mixed_index_dir, stdin=json.dumps(record))
    people = {row["text"]: row["person"] for row in map(json.loads, result.stdout.splitlines())}
    assert people["Jokowi"] == "Joko Widodo"


# --- "filter by this person" -----------------------------------------------------------------


def test_a_query_naming_a_person_suggests_the_person_filter(mixed_client):
    body = mixed_client.get("/api/search?q=jokowi+ibu+kota").get_json()
    suggestion = body["person_suggestions"][0]
    assert (suggestion["value"], suggestion["q"]) == ("Joko Widodo", "ibu kota")
    filtered = mixed_client.get("/api/search", query_string={"q": "ibu kota", "person": "Joko Widodo"}).get_json()
    assert filtered["total"] == suggestion["total"] > 0
    page = mixed_client.get("/?q=jokowi+ibu+kota").get_data(as_text=True)
    assert "Saring menurut tokoh" in page and 'href="/?q=ibu+kota&amp;person=Joko+Widodo"' in page
    # the name alone: the suggestion counts what the filter alone finds, dates kept
    for dates in ({}, {"from": "2019-09-01", "to": "2019-09-15"}):
        (alone,) = mixed_client.get("/api/search", query_string={"q": "jokowi", **dates}).get_json()["person_suggestions"]
        everything = mixed_client.get("/api/search", query_string={"person": "Joko Widodo", **dates}).get_json()
        assert (alone["value"], alone["q"]) == ("Joko Widodo", "") and alone["total"] == everything["total"] > 0


def test_no_suggestion_for_a_person_already_filtered_or_not_named(mixed_client):
    body = mixed_client.get("/api/search?q=jokowi&person=Joko+Widodo").get_json()
    assert body["person_suggestions"] == []
    assert mixed_client.get("/api/search?q=banjir").get_json()["person_suggestions"] == []
