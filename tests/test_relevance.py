"""What ranks a result beyond BM25F, as a reader meets it: closed and open spellings
of a compound meet, soft AND for longer queries (and the page says so), words that
stand together rank first, articles about the person a query names rank first; and
an index made by other analysis is refused until rebuilt."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from dataclasses import replace

import pytest

from search.analysis.analyzers import analyze
from search.analysis.compounds import closed_compounds
from search.indexing.storage import ANALYSIS_STAMP, IndexOutdated
from search.retrieval.relevance import DEFAULT_RANKING, most_of
from search.retrieval.request import SearchRequest
from search.retrieval.service import SearchIndex

from conftest import ROOT, SEEDS


def ids(index: SearchIndex, q: str) -> set[str]:
    found = index.search(SearchRequest(q=q, size=100))
    assert found.total <= 100
    return {hit.id for hit in found.hits}


def text_of(index: SearchIndex, doc_id: str) -> str:
    document = index.document(doc_id)
    return f"{document.title}\n{document.body}".lower()


# --- compounds -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("closed", "open_"),
    [("ibukota", "ibu kota"), ("sepakbola", "sepak bola"), ("kerjasama", "kerja sama"), ("bulutangkis", "bulu tangkis"), ("olahraga", "olah raga")],
)
def test_closed_and_open_spellings_make_the_same_terms(closed, open_):
    assert analyze(f"Berita {closed} hari ini") == analyze(f"Berita {open_} hari ini")


def test_derived_forms_of_a_compound_meet_it_too():
    assert analyze("berolahraga") == analyze("olah raga")
    assert analyze("bekerja sama") == analyze("kerjasama")


def test_no_compound_splits_a_derived_word():
    """``diamati`` (observed) is not ``dia mati`` (he died), ``padahal`` is not ``pada hal``."""
    assert analyze("diamati padahal kalimat") == ["amat", "padahal", "kalimat"]
    assert all(" " not in closed and len(parts) == 2 for closed, parts in closed_compounds().items())


def test_a_closed_query_word_finds_both_spellings_as_a_phrase(mixed_index):
    closed = ids(mixed_index, "ibukota")
    assert closed == ids(mixed_index, '"ibu kota"')
    texts = [text_of(mixed_index, doc) for doc in closed]
    assert any("ibukota" in t for t in texts) and any(re.search(r"ibu\s+kota", t) for t in texts)


# --- soft AND --------------------------------------------------------------------------------


def test_most_of_the_words():
    assert [most_of(n) for n in (3, 4, 5, 8)] == [2, 3, 4, 6]
    assert [most_of(n, 0.5) for n in (3, 4, 8)] == [2, 2, 4]


def test_few_articles_with_every_word_are_followed_by_those_with_most(mixed_index):
    q = "kebakaran hutan riau"
    strict = SearchIndex(mixed_index.index_dir, ranking=replace(DEFAULT_RANKING, soft_and=False))
    every = strict.search(SearchRequest(q=q, size=100))
    strict.close()
    assert 0 < every.total < 10, "the sample has a few articles with all three words"
    soft = mixed_index.search(SearchRequest(q=q, size=100))
    assert soft.all_words == every.total < soft.total
    assert [h.id for h in soft.hits[: every.total]] == [h.id for h in every.hits], "all the words first, in their order"
    for hit in soft.hits[every.total :]:  # two of the three words (as stems: "terbakar" has "kebakaran"'s)
        terms = set(analyze(text_of(mixed_index, hit.id)))
        assert len([w for w in analyze(q) if w in terms]) == 2, hit.id


def test_two_words_phrases_and_exclusions_stay_strict(mixed_index):
    assert mixed_index.search(SearchRequest(q="sri mulyani")).all_words is None
    phrase = mixed_index.search(SearchRequest(q='kebakaran hutan "kabut asap" riau', size=100))
    assert phrase.all_words is not None and all('kabut asap' in " ".join(text_of(mixed_index, h.id).split()) for h in phrase.hits)
    excluded = mixed_index.search(SearchRequest(q="kebakaran hutan riau -jambi", size=100))
    assert excluded.hits and all("jambi" not in text_of(mixed_index, h.id) for h in excluded.hits)


def test_the_page_and_the_api_say_when_most_of_the_words_follow(mixed_client):
    body = mixed_client.get("/api/search?q=kebakaran+hutan+riau&size=20").get_json()
    assert 0 < body["all_words"] < body["total"]
    page = mixed_client.get("/?q=kebakaran+hutan+riau&size=20").get_data(as_text=True)
    assert f"Hanya <strong>{body['all_words']}</strong> artikel memuat semua kata" in page
    divider = page.index('class="soft-and-divider"')
    assert page[:divider].count('<article class="hit">') == body["all_words"]
    assert mixed_client.get("/api/search?q=presiden").get_json()["all_words"] is None


# --- proximity and persons -------------------------------------------------------------------


def test_words_that_stand_together_rank_first(mixed_index):
    """``kepala daerah``: the articles that write the two words together move up, the others down."""
    plain = SearchIndex(mixed_index.index_dir, ranking=replace(DEFAULT_RANKING, proximity=0.0))
    before = [h.id for h in plain.search(SearchRequest(q="kepala daerah", size=100)).hits]
    plain.close()
    after = [h.id for h in mixed_index.search(SearchRequest(q="kepala daerah", size=100)).hits]
    assert before != after
    both = set(before) & set(after)
    together = {doc for doc in both if re.search(r"kepala\W+(?:\w+\W+)?daerah", text_of(mixed_index, doc))}
    assert together and both - together
    assert all(after.index(doc) <= before.index(doc) for doc in together)
    assert all(after.index(doc) >= before.index(doc) for doc in both - together)


def test_the_words_as_typed_rank_above_other_forms_of_their_stem(mixed_index):
    """``pembakaran hutan`` (deliberate burning) and ``kebakaran hutan`` (forest fire) share
    the stems ``bakar hutan``; the articles that write ``pembakaran`` rank above the rest."""
    texts = [text_of(mixed_index, h.id) for h in mixed_index.search(SearchRequest(q="pembakaran hutan", size=100)).hits]
    typed = [i for i, t in enumerate(texts) if re.search(r"\bpembakaran\b", t)]
    other = [i for i, t in enumerate(texts) if "pembakar" not in t]
    assert typed and other and max(typed) < min(other)


def test_articles_about_the_person_a_query_names_rank_first(mixed_index):
    hits = mixed_index.search(SearchRequest(q="sri mulyani", size=100)).hits
    about = ["Sri Mulyani Indrawati" in h.persons for h in hits]
    assert about[0] and about == sorted(about, reverse=True)


# --- an index made by other analysis ----------------------------------------------------------


def test_an_index_made_by_other_analysis_is_refused_until_rebuilt(seed_index_dir, tmp_path):
    copy = shutil.copytree(seed_index_dir, tmp_path / "index")
    (copy / ANALYSIS_STAMP).write_text("made-by-another-version\n", encoding="utf-8")
    with pytest.raises(IndexOutdated, match="--rebuild"):
        SearchIndex(copy)
    run = [sys.executable, "-m", "search", "index", str(SEEDS), "--index", str(copy)]
    refused = subprocess.run(run, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert refused.returncode == 4 and "--rebuild" in refused.stderr and "Traceback" not in refused.stderr
    assert subprocess.run([*run, "--rebuild"], cwd=ROOT, capture_output=True, text=True, timeout=120).returncode == 0
    index = SearchIndex(copy)
    assert index.doc_count() == 5
    index.close()
