"""Snippets: Whoosh's own highlights (the one-loop highlight tokens), opened at the paragraph of the match."""

from __future__ import annotations

import gzip
import html
import itertools
import json

import pytest
from whoosh import highlight
from whoosh import index as whoosh_index

from search.analysis.analyzers import highlight_tokens, indonesian_analyzer
from search.indexing.pipeline import index_paths
from search.retrieval import snippets
from search.retrieval.request import SearchRequest
from search.retrieval.service import SearchIndex
from tests.conftest import CLICKID, SEEDS, require_corpus

#: Words that take the pipeline's rare paths: compounds, reduplication, digits,
#: apostrophes, the dotted capital I, stopwords inside compounds.
TRICKY = (
    "Pertemuan Biden-Putin di Jenewa; langkah-langkah AS-Rusia, COVID-19 dan Ma'ruf Amin "
    "(Ma\u2019ruf) di İstanbul-Ankara, berminggu-minggu, Biden-di-Moskow, 175.000 orang, 31/12/2021."
)

#: Queries of every shape the parser makes: words, phrases, OR, NOT, fields, compounds.
QUERIES = (
    "putin", "biden putin", '"gedung putih"', "rusia OR ukraina", "putin -biden", "title:putin",
    "pembicaraan telepon", "amerika serikat", "presiden", "banjir", "jokowi", "korupsi kpk",
    '"ibu kota"', "covid-19", "langkah", "ma'ruf", "rupiah melemah", "persib OR persija",
)  # fmt: skip


def analyzer_tokens(text: str, words: frozenset[str]) -> list[tuple]:
    tokens = indonesian_analyzer()(text, positions=True, chars=True, mode="index", removestops=False)
    return [(t.text, t.startchar, t.endchar, t.stopped, t.text in words) for t in tokens]


def fast_tokens(text: str, words: frozenset[str]) -> list[tuple]:
    return [(t.text, t.startchar, t.endchar, t.stopped, t.matched) for t in highlight_tokens(text, words)]


def test_highlight_tokens_match_the_analyzer_on_the_seeds_and_tricky_words():
    words = frozenset({"putin", "biden", "rusia", "langkah", "covid", "covid-19", "maruf", "istanbul", "di", "175.000"})
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))] + [TRICKY]
    for text in texts:
        assert fast_tokens(text, words) == analyzer_tokens(text, words)
    tricky = fast_tokens(TRICKY, words)
    at = TRICKY.index
    assert ("langkah", at("langkah-"), at(" AS-Rusia"), False, True) in tricky  # reduplication: one base word
    assert ("covid", at("COVID"), at("-19"), False, True) in tricky  # the part of COVID-19, where it is
    assert ("maruf", at("Ma'ruf"), at(" Amin"), False, True) in tricky


def test_highlight_tokens_match_the_analyzer_on_news_articles():
    path = require_corpus(CLICKID)
    words = frozenset({"presiden", "jokowi", "banjir", "kata", "yang", "rp"})
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        bodies = [json.loads(line)["body"] for line in itertools.islice(lines, 0, 4000, 20)]
    for body in bodies:
        assert fast_tokens(body, words) == analyzer_tokens(body, words)


def whoosh_snippet(hit) -> str:
    highlighter = highlight.Highlighter(
        fragmenter=highlight.ContextFragmenter(maxchars=snippets.SNIPPET_CHARS, surround=70),
        formatter=snippets.MarkFormatter(),
    )
    return highlighter.highlight_hit(hit, "body", top=snippets.FRAGMENTS) or snippets.lead(hit["body"])


def whoosh_whole(hit, fieldname: str) -> str:
    highlighter = highlight.Highlighter(fragmenter=highlight.WholeFragmenter(charlimit=None), formatter=snippets.MarkFormatter())
    return highlighter.highlight_hit(hit, fieldname)


def assert_whooshs_fragments_opened_at_paragraphs(ours: str, whooshs: str, context: tuple) -> None:
    """Each of our fragments is Whoosh's, less the tail of the paragraph before its
    match (a photo credit, the title) or a dateline cut by the context window."""
    ours_parts, whoosh_parts = ours.split(snippets.MarkFormatter.between), whooshs.split(snippets.MarkFormatter.between)
    assert len(ours_parts) == len(whoosh_parts), context
    for part, whole in zip(ours_parts, whoosh_parts, strict=True):
        assert whole.endswith(part), context
        cut = whole[: len(whole) - len(part)]
        assert not cut or "\n" in cut or (cut == cut.upper() and cut.rstrip()[-1] in "-\u2013\u2014."), (context, cut)


def test_snippets_do_not_open_with_the_paragraph_before_or_a_cut_dateline(seed_index):
    """Seed 003 opens ``KONTAN.CO.ID - MOSKOW. Presiden …``; seed 001 has a photo credit
    before its lead: neither is what a snippet shows first when the match is later."""
    opening = {hit.id: hit.snippet for hit in seed_index.search(SearchRequest(q="bicara")).hits}
    assert opening["003_214c75a972e520e4"].startswith("Presiden Rusia Vladimir Putin disebut puas dengan hasil <mark>pembicaraan</mark>")
    biden = {hit.id: hit.snippet for hit in seed_index.search(SearchRequest(q="biden")).hits}
    assert biden["001_260ab0f546296482"].startswith("Presiden Vladimir Putin dan Joe <mark>Biden</mark>")
    for text in QUERIES:
        for hit in seed_index.search(SearchRequest(q=text)).hits:
            for part in hit.snippet.split(snippets.MarkFormatter.between):
                assert "\n" not in part[: part.find("<mark>")], (text, hit.id, part)


@pytest.mark.parametrize("index_fixture", ["seed_index_dir", "mixed_index_dir"])
def test_snippets_are_whooshs_own_highlights(index_fixture, request):
    index_dir = request.getfixturevalue(index_fixture)
    engine = SearchIndex(index_dir)
    store = whoosh_index.open_dir(str(index_dir))
    compared = marked = 0
    try:
        with store.searcher() as searcher:
            for text in QUERIES:
                query = engine.parse(text)
                for terms in (True, False):  # matched terms recorded, or the query's terms
                    for hit in searcher.search(query, limit=10, terms=terms):
                        ours = snippets.snippet(hit)
                        assert_whooshs_fragments_opened_at_paragraphs(ours, whoosh_snippet(hit), (text, hit["id"]))
                        for field in ("title", "body"):
                            expected = whoosh_whole(hit, field) or html.escape(hit[field], quote=False)
                            assert (snippets.marked(hit, field) or html.escape(hit[field], quote=False)) == expected, (text, hit["id"], field)
                        compared += 1
                        marked += "<mark>" in ours
    finally:
        store.close()
        engine.close()
    assert compared >= 20 and marked >= compared // 2


def test_overlapping_matches_are_marked_once_as_whoosh_does(tmp_path):
    article = tmp_path / "covid.txt"
    article.write_text("Vaksinasi COVID-19 di Jakarta\n" + TRICKY + " Kasus COVID-19 naik, kata Ma'ruf.\n", encoding="utf-8")
    index_paths([article], tmp_path / "ix")
    engine = SearchIndex(tmp_path / "ix")
    store = whoosh_index.open_dir(str(tmp_path / "ix"))
    try:
        with store.searcher() as searcher:
            for text in ("covid-19 covid", "covid", "biden-putin", "ma'ruf langkah"):
                (hit,) = searcher.search(engine.parse(text), terms=True)
                assert_whooshs_fragments_opened_at_paragraphs(snippets.snippet(hit), whoosh_snippet(hit), (text,))
            (hit,) = searcher.search(engine.parse("covid-19 covid"), terms=True)
            assert "<mark>COVID-19</mark>" in snippets.snippet(hit)  # one mark, not COVID and COVID-19
    finally:
        store.close()
        engine.close()
