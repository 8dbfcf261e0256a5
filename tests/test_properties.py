"""Property tests (hypothesis) over arbitrary Unicode: the analyzer, the query
parser and the search, and the extractors and loaders never fail, and what
they give back keeps its promises (offsets, filters, snippets, problems).

Examples are generated: plain Unicode text (surrogates aside) mixed with words
of the seed articles and known troublemakers (``İ``, compounds, apostrophes,
stopwords, dates, syntax characters, deep nesting, huge numbers), so that odd
characters and real Indonesian text are both covered.  The inputs of the bugs
these tests found run every time, as explicit ``@example`` cases.  No example
database is kept (``database=None``).
"""

from __future__ import annotations

import gzip
import html
import itertools
import json
import re
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st
from whoosh.query import NullQuery, Query

from search.analysis.analyzers import STOPWORDS, indonesian_analyzer, name_analyzer
from search.indexing.pipeline import index_paths
from search.ingest.articles import MAX_ID_LENGTH, build_article, extract_title
from search.ingest.boilerplate import strip_boilerplate
from search.ingest.dates import JAKARTA, find_date
from search.ingest.formats import load
from search.ingest.gazetteers import agencies, outlets, persons
from search.ingest.outlets import agencies_in_text, normalize_outlet, outlets_in_text
from search.ingest.people import find_persons
from search.ingest.records import Article, Problem, RawRecord, Severity
from search.retrieval.params import from_params
from search.retrieval.query import tidy
from search.retrieval.request import InvalidRequest, SearchRequest
from search.retrieval.service import SearchIndex
from web.serialize import search_json

from conftest import SEEDS

#: No deadline anywhere: the first example of a test pays for loading the
#: stemmer dictionary, the CRF model or the gazetteer pattern, and Whoosh's
#: time per search varies with the machine; ``max_examples`` bounds the run.
PROPERTY = settings(database=None, deadline=None)


def examples(n: int, **options: object) -> settings:
    """The shared settings, with ``n`` examples."""
    return settings(PROPERTY, max_examples=n, **options)


SEED_TEXT = "\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
SEED_WORDS = sorted(set(SEED_TEXT.split()))
#: Characters and words that have broken (or could break) text handling.
TROUBLE = [
    "İ", "İstanbul-Ankara", "COVİD-19", "COVID-19", "Ma'ruf", "Ma\u2019ruf-Amin", "langkah-langkah",
    "Biden-di-Moskow", "oleh-oleh", "175.000", "13:15", "11/2020", "a-b-c", "x_y-z", "-", "--", "'", "\u2019",
    "e\u0301", "\u0301", "\u200f", "\u202e", "\u200b", "\x00", "\U0001F600", "ß", "ẞ", "ﬁ", "Σ", "ς",
    "_", "١٢٣", "\ufeff", "\n", "\r\n", "\t", " ", ".", ",", "/", ":",
]  # fmt: skip
ANY_CHAR = st.characters(exclude_categories=("Cs",))  # text never holds lone surrogates
LONG_WORD = st.text(alphabet="abdegikmnprstuİ-'", min_size=40, max_size=300)
TEXT = st.lists(
    st.one_of(
        st.text(ANY_CHAR, max_size=12),
        st.sampled_from(SEED_WORDS),
        st.sampled_from(TROUBLE),
        st.sampled_from(sorted(STOPWORDS)),
        LONG_WORD,
    ),
    max_size=25,
).map(" ".join)
#: Text that may also be glued together without spaces (``A-İ``, ``OLEH:OLEH:0``).
GLUED = st.lists(
    st.one_of(st.text(ANY_CHAR, max_size=6), st.sampled_from(TROUBLE), st.sampled_from(sorted(STOPWORDS))), max_size=12
).map("".join)
ANALYZERS = {"indonesian": indonesian_analyzer(), "name": name_analyzer()}
WORD_CHAR = re.compile(r"\w")


# --- the analyzer ------------------------------------------------------------------------


def _tokens(analyzer, text: str, **options) -> list[tuple[str, int, int, int, bool]]:
    """(text, pos, startchar, endchar, stopped) of every token (Whoosh reuses one Token object)."""
    return [(t.text, t.pos, t.startchar, t.endchar, t.stopped) for t in analyzer(text, positions=True, chars=True, **options)]


@examples(300)
@given(text=st.one_of(TEXT, GLUED), name=st.sampled_from(sorted(ANALYZERS)), mode=st.sampled_from(["index", "query"]))
@example(text="İstanbul-Ankara", name="indonesian", mode="index")  # "İ".lower() is two characters
def test_offsets_point_at_the_token_as_written(text: str, name: str, mode: str) -> None:
    """Highlights depend on it: every token covers whole words of the text, and
    those words, analysed on their own, give that token (first, or as a part of a
    closed compound: both parts of ``ibukota`` cover the whole word)."""
    analyzer = ANALYZERS[name]
    for term, _, start, end, _ in _tokens(analyzer, text, mode=mode, removestops=False):
        assert 0 <= start < end <= len(text), (term, start, end)
        written = text[start:end]
        assert start == 0 or not WORD_CHAR.match(text[start - 1]), f"{term!r} starts inside a word: {written!r}"
        assert end == len(text) or not WORD_CHAR.match(text[end]), f"{term!r} ends inside a word: {written!r}"
        alone = [t.text for t in analyzer(written, mode=mode, removestops=False)]
        assert alone[:1] == [term] or (len(alone) == 2 and term in alone), f"{term!r} at {start}:{end} covers {written!r}, which analyses to {alone}"


@examples(300)
@given(text=st.one_of(TEXT, GLUED), name=st.sampled_from(sorted(ANALYZERS)))
@example(text="Biden-di-pertemuan", name="indonesian")  # "di" left "pertemuan" marked stopped, unstemmed
def test_highlighting_sees_the_indexed_terms(text: str, name: str) -> None:
    """The highlighter re-analyses with stopwords kept (and marked stopped): the
    words it does not mark stopped are exactly the indexed terms, same stem,
    position and offsets, so every indexed word can be highlighted."""
    analyzer = ANALYZERS[name]
    indexed = _tokens(analyzer, text, mode="index")
    highlighted = _tokens(analyzer, text, mode="index", removestops=False)
    assert [t for t in highlighted if not t[4]] == indexed
    assert all(t[0] in STOPWORDS for t in highlighted if t[4])


@examples(300)
@given(text=st.one_of(TEXT, GLUED), name=st.sampled_from(sorted(ANALYZERS)))
@example(text="pandemi COVID-19", name="indonesian")  # the query was "pandemi covid-19 covid"
@example(text="0Biden-di-Moskow", name="indonesian")  # "moskow" went to position -1
def test_positions_have_no_gaps_and_queries_one_word_each(text: str, name: str) -> None:
    """Phrase search depends on it: indexed positions start at 0 and never skip
    one; a query has exactly one term per position, each indexed there too."""
    analyzer = ANALYZERS[name]
    indexed = _tokens(analyzer, text, mode="index")
    positions = [pos for _, pos, *_ in indexed]
    assert positions[:1] in ([], [0])
    assert all(b - a in (0, 1) for a, b in itertools.pairwise(positions)), positions
    query = _tokens(analyzer, text, mode="query")
    assert [pos for _, pos, *_ in query] == list(range(len(query)))
    assert {(term, pos) for term, pos, *_ in query} <= {(term, pos) for term, pos, *_ in indexed}


# --- the query parser ---------------------------------------------------------------------

SYNTAX = [
    "AND", "OR", "NOT", '"', "(", ")", "[", "]", "{", "}", "person:", "orang:", "source:", "sumber:", "title:",
    "body:", "id:", "date:", "day:", "file:", "*", "?", "~", "~2", "^", "^3", "\\", "-", "+", ":", "'", "!",
    "&&", "||", "TO", "[a TO", "date:[2020 TO 2021]", "<", ">", "&", "<mark>", "İ", "\x00",
]  # fmt: skip
QUERY_WORDS = sorted(set(re.findall(r"\w+", SEED_TEXT)))
QUERY_PART = st.one_of(st.sampled_from(QUERY_WORDS), st.sampled_from(SYNTAX), st.text(ANY_CHAR, max_size=6))
QUOTED = st.lists(QUERY_PART, min_size=1, max_size=4).map(lambda parts: '"' + " ".join(parts).replace('"', "") + '"')
QUERY = st.lists(
    st.tuples(st.one_of(QUERY_PART, QUOTED), st.sampled_from(["", " ", " ", "\t", "\n"])),
    max_size=12,
).map(lambda parts: "".join(a + b for a, b in parts))
PHRASE = re.compile(r'"([^"]*)"')


@examples(400)
@given(q=QUERY)
@example(q='"Sumber: Bloomberg | Editor: Noverius"')  # was searched as "bloomberg | noverius"
def test_tidy_is_stable_and_leaves_phrases_alone(q: str) -> None:
    """Tidying twice changes nothing more, and a quoted phrase is searched as typed
    ("Editor: Noverius" keeps both words)."""
    tidied = tidy(q)
    assert tidy(tidied) == tidied
    if q.count('"') % 2 == 0:
        assert PHRASE.findall(tidied) == PHRASE.findall(q)


def _with_markup(text: str) -> str:
    """``text`` with markup characters among its words: every fifth word in a tag,
    every seventh followed by ``&`` or an entity, every eleventh glued to ``<``/``>``."""
    words = text.split(" ")
    for i in range(0, len(words), 5):
        words[i] = f"<b>{words[i]}</b>"
    for i in range(3, len(words), 7):
        words[i] += " & AT&T &amp;"
    for i in range(2, len(words), 11):
        words[i] = f"a<{words[i]}>b"
    return " ".join(words)


@pytest.fixture(scope="module")
def seed_search(tmp_path_factory: pytest.TempPathFactory):
    """The seeds and a copy of one with ``<``, ``>`` and ``&`` among its words (the
    escaping of snippets must show), indexed and opened once for this module."""
    folder = tmp_path_factory.mktemp("markup")
    for path in sorted(SEEDS.glob("*.txt")):
        (folder / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    first = sorted(SEEDS.glob("*.txt"))[0].read_text(encoding="utf-8")
    (folder / "markup.txt").write_text("<i>Markup</i> & Biden <script>x</script>\n" + _with_markup(first), encoding="utf-8")
    summary = index_paths([folder], folder / "index")
    assert summary.indexed == 6
    index = SearchIndex(folder / "index")
    yield index
    index.close()


def _errors(query: Query) -> list[str]:
    """Parse errors the parser left in ``query``."""
    found = [query.error] if getattr(query, "error", None) else []
    return found + [e for child in query.children() for e in _errors(child)]


@examples(300)
@given(q=QUERY)
def test_any_query_parses(seed_search: SearchIndex, q: str) -> None:
    """Parsing never fails: a blank query means everything, anything else is a
    query object (perhaps matching nothing), never one with parse errors."""
    parsed = seed_search.parse(q)
    if not q.strip():
        assert parsed is None
        return
    assert parsed is NullQuery or isinstance(parsed, Query)
    assert not _errors(parsed), parsed


# --- the search ---------------------------------------------------------------------------

PARAMS = ("q", "person", "source", "from", "to", "sort", "page", "size")


@st.composite
def search_params(draw: st.DrawFn, persons: list[str], sources: list[str]) -> dict[str, list[str]]:
    """URL parameters as a browser or API client might send them, valid or not."""
    value = st.one_of(st.text(ANY_CHAR, max_size=12), st.just(""), st.just(" "), st.just("a,b"))
    day = st.one_of(
        st.dates(date(2019, 1, 1), date(2022, 12, 31)).map(date.isoformat),  # the seeds' years
        st.dates().map(date.isoformat),
        st.text(ANY_CHAR, max_size=12),
    )
    sort = st.one_of(st.sampled_from(["relevance", "newest", "oldest"]), st.text(ANY_CHAR, max_size=6))
    number = st.one_of(st.integers(-2, 30).map(str), st.integers().map(str), st.text(ANY_CHAR, max_size=4))
    q = st.one_of(QUERY, st.integers(0, len(SEED_TEXT)).map(lambda i: SEED_TEXT[i : i + 1200]))
    options = {
        "q": st.lists(q, min_size=1, max_size=1),
        "person": st.lists(st.one_of(st.sampled_from(persons), value), max_size=3),
        "source": st.lists(st.one_of(st.sampled_from(sources), value), max_size=3),
        "from": st.lists(day, min_size=1, max_size=1),
        "to": st.lists(day, min_size=1, max_size=1),
        "sort": st.lists(sort, min_size=1, max_size=1),
        "page": st.lists(number, min_size=1, max_size=1),
        "size": st.lists(number, min_size=1, max_size=1),
    }
    chosen = draw(st.lists(st.sampled_from(PARAMS), unique=True))
    return {name: draw(options[name]) for name in chosen}


@pytest.fixture(scope="module")
def seed_facets(seed_search: SearchIndex) -> tuple[list[str], list[str]]:
    """The person and source values of the seed index."""
    facets = seed_search.search(SearchRequest()).facets
    return [v.value for v in facets["person"]], [v.value for v in facets["source"]]


def _unmarked(marked: str) -> str:
    """Snippet HTML as text: ``<mark>`` tags dropped, entities unescaped; any other tag fails."""
    plain = re.sub(r'</?mark(?: id="m1")?>', "", marked)
    assert "<" not in plain and ">" not in plain, f"unescaped markup in {marked!r}"
    return html.unescape(plain)


def _squeezed(text: str) -> str:
    return " ".join(text.split())


def _jakarta_day(moment: datetime) -> date:
    return moment.astimezone(JAKARTA).date()


@examples(150)
@given(data=st.data())
def test_search_answers_any_parameters(
    seed_search: SearchIndex, seed_facets: tuple[list[str], list[str]], data: st.DataObject
) -> None:
    """Any parameters give either InvalidRequest naming one of them, or a
    well-formed response that honours the filters, with snippets cut from the
    articles and nothing but ``<mark>`` unescaped."""
    params = data.draw(search_params(*seed_facets))

    def get(name: str) -> str | None:
        return params[name][0] if params.get(name) else None

    try:
        request = from_params(get, lambda name: params.get(name, []))
    except InvalidRequest as error:
        assert error.param in params
        return
    response = seed_search.search(request)
    json.dumps(search_json(response), allow_nan=False)
    assert response.total >= 0
    skipped = (request.page - 1) * request.size
    assert len(response.hits) == max(0, min(request.size, response.total - skipped))
    assert len({hit.id for hit in response.hits}) == len(response.hits)
    for hit in response.hits:
        assert set(request.values("person")) <= set(hit.persons)
        assert not request.values("source") or set(request.values("source")) & set(hit.source)
        if request.date_from or request.date_to:
            assert hit.date is not None
            day = _jakarta_day(hit.date)
            assert (request.date_from or day) <= day <= (request.date_to or day)
        title_html = hit.title_marked or html.escape(hit.title, quote=False)
        assert isinstance(hit.snippet, str)
        document = seed_search.document(hit.id)
        assert _unmarked(title_html) == hit.title == document.title
        body = _squeezed(document.body)
        for piece in _unmarked(hit.snippet).removesuffix(" \u2026").split(" \u2026 "):
            assert _squeezed(piece) in body, f"snippet piece {piece!r} is not in {hit.id}"
    for value in request.values("person"):
        assert any(v.value == value and v.selected for v in response.facets["person"])
    if response.suggestion:
        assert response.suggestion.q != request.q and response.suggestion.total > response.total


@pytest.fixture(scope="module")
def seed_bodies(seed_search: SearchIndex) -> dict[str, str]:
    return {hit.id: seed_search.document(hit.id).body for hit in seed_search.search(SearchRequest(size=100)).hits}


@examples(150)
@given(data=st.data(), quoted=st.booleans())
def test_words_copied_from_an_article_find_it(
    seed_search: SearchIndex, seed_bodies: dict[str, str], data: st.DataObject, quoted: bool
) -> None:
    """Up to eight consecutive words of an article, as a phrase or as words,
    find that article, with a match marked in its snippet and all else escaped
    (one of the articles has ``<``, ``>`` and ``&`` among its words)."""
    doc_id = data.draw(st.sampled_from(sorted(seed_bodies)))
    body = seed_bodies[doc_id]
    words = list(re.finditer(r"\S+", body))
    first = data.draw(st.integers(0, len(words) - 1))
    last = min(len(words), first + data.draw(st.integers(1, 8))) - 1
    copied = body[words[first].start() : words[last].end()]
    if quoted:
        q = '"' + copied.replace('"', " ") + '"'
    else:  # words without the punctuation around them (which could be syntax)
        q = " ".join(re.sub(r"^\W+|\W+$", "", word) for word in copied.split())
    q = re.sub(r"\b(?:AND|OR|NOT)\b", " ", q)
    assume(any(t.text for t in ANALYZERS["indonesian"](q)))  # not only stopwords
    response = seed_search.search(SearchRequest(q=q, size=100))
    hits = {hit.id: hit for hit in response.hits}
    assert doc_id in hits, f"{q!r} does not find {doc_id} (parsed as {seed_search.live.current().parse(q)})"
    found = hits[doc_id]
    assert "<mark>" in found.snippet + (found.title_marked or "")
    for piece in _unmarked(found.snippet).removesuffix(" \u2026").split(" \u2026 "):
        assert _squeezed(piece) in _squeezed(body), f"snippet piece {piece!r} is not in {doc_id}"
    assert _unmarked(found.title_marked or html.escape(found.title, quote=False)) == found.title


# --- extractors ---------------------------------------------------------------------------

DATES = [
    "Senin (16/9/2019)", "Kamis (30/12)", "31 Des 2021 13:15 WIB", "2021-12-31T13:15:00+07:00", "hari ini (1/10)",
    "8 Desember", "Jumat, 31 Des 2021", "Senin (1/1)", "hari ini (1/1)", "Jumat (31/12)", "(29/2)", "31/12/2021",
    "Dec 31, 2021", "pukul 23.59 WIT", "T23:59-14:00", "1 Januari 1900", "31 Desember 2099 23:59 WIT",
    "2099-12-31T23:59-14:00", "(31/2/2021)", "\u0661\u0662 Mei 2021",
    "Editor: ", "Presiden ", "kata ", "Baca juga: ", "JAKARTA, KOMPAS.com - ", "mengutip Reuters", "Sumber: ",
]  # fmt: skip
ARTICLE_TEXT = st.lists(
    st.one_of(st.text(ANY_CHAR, max_size=10), st.sampled_from(SEED_WORDS), st.sampled_from(TROUBLE), st.sampled_from(DATES)),
    max_size=40,
).map(lambda parts: "".join(p + (" " if i % 3 else "\n") for i, p in enumerate(parts)))
REFERENCE = st.one_of(
    st.none(),
    st.dates(),
    st.sampled_from([date.min, date.max, date(1, 1, 1), date(9999, 12, 31)]),
    st.datetimes(timezones=st.just(timezone.utc)),
    st.sampled_from([datetime.min.replace(tzinfo=timezone.utc), datetime.max.replace(tzinfo=timezone.utc)]),
)


@examples(300)
@given(text=st.one_of(ARTICLE_TEXT, st.lists(st.sampled_from(DATES), min_size=1, max_size=4).map("\n".join)), reference=REFERENCE)
@example(text="Senin (1/1)", reference=date.min)  # 1 January of year 1, Jakarta midnight, is year 0 in UTC
@example(text="hari ini (30/12)", reference=datetime.max.replace(tzinfo=timezone.utc))
def test_find_date_gives_a_real_moment_or_none(text: str, reference: date | None) -> None:
    """A found date is an aware UTC moment on a day the text can state (years
    1900-2099, give or take a time zone), or within a year of the reference
    that completed it."""
    found = find_date(text, reference)
    if found is None:
        return
    assert found.utcoffset() == timedelta(0)
    day = found.astimezone(JAKARTA).date()
    if isinstance(reference, datetime):
        reference = reference.date()
    near = reference is not None and abs(day - reference) <= timedelta(days=366)
    assert date(1899, 12, 31) <= day <= date(2100, 1, 1) or near, (found, reference)


@examples(200)
@given(text=ARTICLE_TEXT)
def test_persons_are_names_from_the_text_or_the_gazetteer(text: str) -> None:
    """Each person is a distinct, trimmed, one-line name: a canonical gazetteer
    name, or words that are all written in the text."""
    found = find_persons(text)
    assert len(found) == len(set(found))
    written = text.replace("\u2019", "'")
    for name in found:
        assert name and name == " ".join(name.split())
        assert name in persons() or all(word in written for word in name.split()), name


OUTLETS = {canonical for canonical, _, _ in outlets()}


@examples(300)
@given(
    text=st.one_of(
        ARTICLE_TEXT,
        st.text(ANY_CHAR, max_size=40),
        st.sampled_from(["kompas.com", "https://www.kompas.com/x", "KONTAN.CO.ID", "news.detik.com", "//x", "a.b/c"]),
    )
)
def test_outlets_and_agencies_are_known_names(text: str) -> None:
    """Outlets and agencies found in text are canonical names; normalising an
    outlet name twice gives the same name ("one name per outlet")."""
    assert set(outlets_in_text(text)) <= OUTLETS
    assert set(agencies_in_text(text)) <= set(agencies())
    name = normalize_outlet(text)
    assert normalize_outlet(name) == name


@examples(300)
@given(text=ARTICLE_TEXT)
def test_boilerplate_removal_only_removes_lines(text: str) -> None:
    """Without inline boilerplate phrases, the result is the text's own lines,
    verbatim and in order; it is never longer than the text."""
    stripped = strip_boilerplate(text)
    assert len(stripped) <= len(text)
    if re.search(r"baca[ \t]+juga|bacajuga|grow[ \t]*fear|loading\.\.\.|_x000D_", text, re.I):
        return
    remaining = iter(text.split("\n"))
    assert all(line in remaining for line in stripped.split("\n") if line), "a line changed or moved"


#: Text as JSON may give it: with halves of surrogate pairs ("\ud83d", an emoji cut in two).
JSON_STRING = st.lists(st.one_of(ANY_CHAR, st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)), max_size=12).map("".join)
JSON_LEAF = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), JSON_STRING, ARTICLE_TEXT,
    st.sampled_from(["", " ", "2021-02-30", "2021-12-31T13:15:00+07:00", "kompas.com", "https://news.detik.com/x",
                     "a/b", "x" * 201]),
)  # fmt: skip
JSON_VALUE = st.recursive(
    JSON_LEAF,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3),
    max_leaves=8,
)
FIELD_VALUE = st.one_of(JSON_LEAF, st.lists(JSON_LEAF, max_size=3), JSON_VALUE)
FIELDS = st.fixed_dictionaries(
    {"id": st.one_of(st.text(ANY_CHAR, min_size=1, max_size=12), JSON_LEAF)},
    optional=dict.fromkeys(("title", "body", "date", "url", "source", "persons", "agencies", "other"), FIELD_VALUE),
)


def _check_built(raw: RawRecord, reference: date | None = None) -> Article | None:
    """build_article's promises, for any record."""
    article, problems = build_article(raw, reference)
    assert all(isinstance(p, Problem) and p.origin == raw.origin for p in problems)
    assert all(p.severity in (Severity.SKIPPED, Severity.WARNING, Severity.NOTE) and p.message for p in problems)
    if article is None:
        assert any(p.severity is Severity.SKIPPED for p in problems)
        return None
    assert article.id and len(article.id) <= MAX_ID_LENGTH and article.id.isprintable() and "/" not in article.id
    assert article.title or article.body
    assert article.date is None or article.date.utcoffset() == timedelta(0)
    assert set(article.origins.values()) <= {"given", "extracted"}
    # everything is stored: it must be writable as UTF-8 (no lone surrogates from JSON escapes)
    for value in (article.id, article.title, article.body, article.url, *article.sources, *article.agencies, *article.persons):
        value.encode("utf-8")
    article.fingerprint()
    return article


@examples(200)
@given(fields=FIELDS, reference=REFERENCE)
@example(fields={"id": "a", "title": "Emoji \ud83d", "body": "teks"}, reference=None)  # JSON's "\\ud83d"
def test_build_article_from_any_record(fields: dict[str, object], reference: date | None) -> None:
    """Any record gives an indexable article (or None with a "skipped:" problem);
    a title extracted from the body is one of its lines, cut short."""
    article = _check_built(RawRecord("arsip.jsonl:1", fields), reference)
    if article and article.origins.get("title") == "extracted" and article.title:
        assert article.title == extract_title(article.body)
        assert article.title.removesuffix("\u2026") in article.body


# --- loaders ------------------------------------------------------------------------------

#: Values that break parsers: numbers past Python's int-conversion limit (4300
#: digits), nesting past the recursion limit, JSON-escaped halves of a surrogate pair.
JSON_TEXT = st.one_of(
    JSON_VALUE.map(json.dumps),  # json.dumps writes a lone surrogate as "\\ud83d"
    st.sampled_from([1, 4300, 4301, 6000]).map(lambda n: "9" * n),
    st.sampled_from([1, 50, 990, 3000]).map(lambda n: "[" * n + "]" * n),
)
FIELD_NAMES = ["id", "title", "body", "date", "url", "source", "persons", "judul", "isi", "tanggal", "x"]
JSON_RECORD = st.dictionaries(st.sampled_from(FIELD_NAMES), JSON_TEXT, max_size=5).map(
    lambda record: "{" + ", ".join(f'"{key}": {value}' for key, value in record.items()) + "}"
)
JUNK = st.text(ANY_CHAR, max_size=8)
JSONL_FILE = st.lists(st.one_of(JSON_RECORD, JSON_TEXT, JUNK), max_size=4).map("\n".join)
JSON_FILE = st.one_of(
    JSON_RECORD, JSON_TEXT, st.lists(st.one_of(JSON_RECORD, JSON_TEXT), max_size=3).map(lambda items: "[" + ", ".join(items) + "]")
)
YAML_VALUE = st.one_of(
    JUNK,
    st.sampled_from(["2021-12-31", "2021-02-30", "0000-01-01", "2021-12-31 09:00:00 +7", "[Joko Widodo, Jokowi]", "&a [*a]",
                     "'unclosed", "{a: 1}", '"\\ud83d"', "9" * 5000, "[" * 3000, "!!binary aGFsbw==", "!!python/name:os.system"]),
)  # fmt: skip
TEXT_FILE = st.tuples(
    st.booleans(), st.lists(st.tuples(st.sampled_from(FIELD_NAMES), YAML_VALUE), max_size=4), ARTICLE_TEXT
).map(lambda parts: ("---\n" + "".join(f"{k}: {v}\n" for k, v in parts[1]) + "---\n" if parts[0] else "") + parts[2])
CSV_CELL = st.one_of(st.sampled_from(FIELD_NAMES), JUNK, st.sampled_from(['"', '""', ",", ";", "\t", "\n"]))
CSV_FILE = st.lists(st.lists(CSV_CELL, max_size=4), max_size=4).map(lambda rows: "\n".join(",".join(row) for row in rows))


def _encoded(texts: st.SearchStrategy[str]) -> st.SearchStrategy[bytes]:
    """``texts`` as UTF-8 or another encoding, or (a third of the time) any bytes instead."""
    return texts.flatmap(
        lambda text: st.one_of(
            st.just(text.encode("utf-8", "surrogatepass")),
            st.sampled_from(["latin-1", "cp1252", "utf-16"]).map(lambda encoding: text.encode(encoding, "replace")),
            st.binary(max_size=300),
        )
    )


def _page(charset: str, text: str) -> bytes:
    """An article page declaring ``charset``, in that charset (Latin-1 when it is not one)."""
    page = (
        f'<html><head><meta charset="{charset}"><title>Judul é</title></head>'
        f"<body><article><p>{html.escape(text)}</p></article></body></html>"
    )
    return page.encode("utf-8" if charset == "utf-8" else "latin-1", "replace")


HTML_BYTES = st.one_of(
    st.builds(_page, st.sampled_from(["utf-8", "latin-1", "undefined", "utf-16", "bogus"]), ARTICLE_TEXT),
    st.binary(max_size=300),
)
#: Suffixes of each format, and what such a file may hold.
FORMATS = [
    ((".txt", ".md"), _encoded(TEXT_FILE)),
    ((".json", ".json.gz"), _encoded(JSON_FILE)),
    ((".jsonl", ".ndjson", ".jsonl.gz"), _encoded(JSONL_FILE)),
    ((".csv", ".csv.gz"), _encoded(CSV_FILE)),
    ((".html", ".htm"), HTML_BYTES),
]


@st.composite
def article_files(draw: st.DrawFn) -> tuple[str, bytes]:
    """A file name suffix and what the file holds (gzip'd, or not, for ``.gz``)."""
    suffixes, contents = draw(st.sampled_from(FORMATS))
    suffix, data = draw(st.sampled_from(suffixes)), draw(contents)
    if suffix.endswith(".gz") and draw(st.booleans()):
        data = gzip.compress(data)
    return suffix, data


@pytest.fixture(scope="module")
def loader_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("loader-properties")


@examples(200)
@given(file=article_files())
@example(file=(".json", b"[" * 3000))
@example(file=(".jsonl", b'{"id": ' + b"9" * 5000 + b"}"))
@example(file=(".md", b"---\nid: " + b"9" * 5000 + b"\n---\nteks"))
@example(file=(".html", b'<meta charset="undefined"><p>Putin berbicara \xe9</p>'))
def test_any_file_gives_records_or_problems(loader_dir: Path, file: tuple[str, bytes]) -> None:
    """Whatever a file holds, loading it yields records and problems that name
    the file and say "skipped:", "stopped reading:" or "warning:", never an
    exception that would stop an indexing run; every record builds (or is skipped)."""
    suffix, data = file
    path = loader_dir / f"article{suffix}"
    path.write_bytes(data)
    for item in load(path):
        if isinstance(item, Problem):
            assert item.origin.startswith(str(path))
            assert item.message and str(item).startswith(f"{item.origin}: {item.severity.value}: "), item
        else:
            assert isinstance(item, RawRecord) and item.origin.startswith(str(path))
            assert all(isinstance(key, str) for key in item.fields)
            _check_built(item)


PLAIN_WORDS = [w for w in SEED_WORDS if w.isalpha() and w.islower()]


@examples(100)
@given(
    header=st.dictionaries(
        st.sampled_from(["title", "date", "source", "url", "persons", "judul", "tanggal"]),
        st.one_of(
            st.sampled_from(["2021-12-31", "2021-02-30", "2021-13-01", "0000-01-01", "2021-12-31T09:00:00+07:00"]),
            st.sampled_from(PLAIN_WORDS),
        ),
        min_size=1,
    ),
    body=st.lists(st.sampled_from(SEED_WORDS), min_size=1, max_size=30).map(" ".join),
)
@example(header={"title": "putin", "date": "2021-02-30"}, body="teks")
def test_front_matter_survives_an_impossible_date(loader_dir: Path, header: dict[str, str], body: str) -> None:
    """Every ``key: value`` line of a front matter reaches the record, even beside
    a date that does not exist (``2021-02-30``, reported when the article is built)."""
    path = loader_dir / "front.md"
    path.write_text("---\n" + "".join(f"{key}: {value}\n" for key, value in header.items()) + "---\n" + body, encoding="utf-8")
    records = [item for item in load(path) if isinstance(item, RawRecord)]
    assert len(records) == 1
    fields = records[0].fields
    assert all({"judul": "title", "tanggal": "date"}.get(key, key) in fields for key in header), fields
    _check_built(records[0])
