"""The HTML pages: search (``/``) and article (``/documents/<id>``).

The pages work without JavaScript: every filter is a link or a GET form, and
all state is in the URL.  ``web/static/telusur.js`` only makes them nicer.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import quote

from flask import Blueprint, abort, current_app, render_template
from markupsafe import Markup

from search.indexing.schema import UNDATED
from search.ingest.articles import lead_paragraph
from search.ingest.dates import MONTH_NAMES, day_label
from search.retrieval.facets import FACETS, UNDATED_LABEL, VALUE_FACETS, PersonFacet, month_days, period_text
from search.retrieval.params import to_params
from search.retrieval.request import MAX_QUERY_CHARS, MAX_RESULT_WINDOW, MAX_VALUE_CHARS, SORTS, InvalidRequest, SearchRequest
from search.retrieval.results import FacetValue, PersonSuggestion, SearchResults
from web.shared import EXPORT_LIMIT, param, query_string, search_index, search_request

bp = Blueprint("pages", __name__)

#: The id of the first match on the article page (result links end in ``#m1``).
FIRST_MATCH_ID = "m1"
SORT_LABELS = {"relevance": "Relevansi", "newest": "Terbaru", "oldest": "Terlama"}
#: Person values shown before "Tampilkan lebih banyak"; the rest are in a <details>.
PERSONS_SHOWN = 10
#: Persons named under one result (the article page lists them all).
PERSONS_PER_HIT = 8
#: Person values listed for a ``pq`` filter (the no-JavaScript person search).
PERSON_MATCHES = 50
#: A histogram spanning more months than this shows years instead.
HISTOGRAM_MONTHS = 36
#: Bar heights are classes h0..h20 (5 % steps), so the page needs no inline styles.
BAR_STEPS = 20
#: Characters of an article's lead in its page's meta description (what search engines show).
DESCRIPTION_CHARS = 155
SHORT_MONTHS = "Jan Feb Mar Apr Mei Jun Jul Agu Sep Okt Nov Des".split()


@dataclass
class Bar:
    """One bar of the date histogram."""

    label: str  # "Desember 2021"
    short: str  # "Des 2021"
    count: int
    level: int  # 0..BAR_STEPS, the height class
    href: str | None  # filters to this period; None for the undated bucket and empty months
    selected: bool = False
    undated: bool = False


@dataclass
class Removal:
    """An active filter and the link that removes it."""

    kind: str  # "Tokoh", "Sumber", "Tanggal"
    label: str
    href: str


def number(value: int) -> str:
    """``12345`` -> ``12.345`` (Indonesian thousands separator)."""
    return f"{value:,}".replace(",", ".")


def _level(count: int, highest: int) -> int:
    """The height class of a bar: at least one step for a non-empty bar."""
    if not count or not highest:
        return 0
    return max(1, round(BAR_STEPS * count / highest))


def histogram(search: SearchRequest, months: list[FacetValue]) -> list[Bar]:
    """The date facet as bars: one per month from the first to the last month
    with articles (empty months included, so gaps show), or one per year when
    that spans more than HISTOGRAM_MONTHS; the undated bucket comes last.
    A bar links to its period, or, when the filter is exactly that period (then it
    is the selected bar), removes it."""
    dated = {f.value: f.count for f in months if f.value != UNDATED}
    undated = sum(f.count for f in months if f.value == UNDATED)
    # (label, short label, count, first day, last day)
    periods: list[tuple[str, str, int, date, date]] = []
    if dated:
        (y0, m0), (y1, m1) = (tuple(map(int, key.split("-"))) for key in (min(dated), max(dated)))
        span = (y1 - y0) * 12 + (m1 - m0) + 1
        if span <= HISTOGRAM_MONTHS:
            for step in range(span):
                year, month = y0 + (m0 - 1 + step) // 12, (m0 - 1 + step) % 12
                key = f"{year}-{month + 1:02d}"
                periods.append((f"{MONTH_NAMES[month]} {year}", f"{SHORT_MONTHS[month]} {year}", dated.get(key, 0), *month_days(key)))
        else:
            for year in range(y0, y1 + 1):
                count = sum(n for key, n in dated.items() if key.startswith(f"{year}-"))
                periods.append((str(year), str(year), count, date(year, 1, 1), date(year, 12, 31)))
    highest = max([p[2] for p in periods] + [undated])
    low, high = search.date_from, search.date_to
    bars = []
    for label, short, count, first, last in periods:
        current = (low, high) == (first, last)
        href = None
        if current or count:
            href = search_link(search.with_changes(date_from=None, date_to=None) if current else search.with_changes(date_from=first, date_to=last))
        bars.append(Bar(label, short, count, _level(count, highest), href, selected=current))
    if undated:
        bars.append(Bar(UNDATED_LABEL, UNDATED_LABEL, undated, _level(undated, highest), None, undated=True))
    return bars


def removals(search: SearchRequest) -> list[Removal]:
    """Each active filter with the link that removes only it."""
    return [Removal(facet.label, label, search_link(without)) for facet in FACETS for label, without in facet.removals(search)]


def _person_lists(response: SearchResults) -> tuple[list[FacetValue], list[FacetValue]]:
    """The person values shown at once (the top ones and every selected one)
    and those behind "Tampilkan lebih banyak"."""
    values = response.facets.get("person", [])
    shown = [f for i, f in enumerate(values) if i < PERSONS_SHOWN or f.selected]
    more = [f for i, f in enumerate(values) if i >= PERSONS_SHOWN and not f.selected]
    return shown, more


def _doc_link(search: SearchRequest):
    """The article link of a result: carries the search (for "back" and the
    marks) and, when there is a query, jumps to the first match."""
    params = query_string(search)
    anchor = f"#{FIRST_MATCH_ID}" if search.q else ""
    return lambda doc_id: f"/documents/{_quote(doc_id)}{params}{anchor}"


def search_link(search: SearchRequest) -> str:
    """The search page for ``search``, on its first page."""
    return "/" + query_string(search, page=1)


def _quote(doc_id: str) -> str:
    return quote(doc_id, safe="")


@bp.app_context_processor
def _limits() -> dict[str, int]:
    """The input limits, as ``maxlength`` of the query and person boxes (every page has the query box)."""
    return {"max_query_chars": MAX_QUERY_CHARS, "max_value_chars": MAX_VALUE_CHARS}


@bp.app_template_global("search_params")
def _search_params(search: SearchRequest) -> list[tuple[str, str]]:
    """The URL parameters of a search, for the hidden inputs of forms."""
    return to_params(search)


@bp.app_template_filter("angka")
def _number_filter(value: int) -> str:
    return number(value)


@bp.app_template_filter("tanggal")
def _date_filter(value: datetime) -> str:
    """``31 Desember 2021``: a publication time as the pages show it."""
    return day_label(value)


@bp.app_template_filter("marked")
def _marked_filter(marked: str | None, plain: str) -> Markup:
    """Highlighted HTML (escaped text, matches in ``<mark>``), or the plain text escaped."""
    return Markup(marked) if marked else Markup(html.escape(plain, quote=False))


def _links(search: SearchRequest) -> dict[str, object]:
    """The link builders a template gets: every link keeps the rest of the search."""
    facets = {facet.name: facet for facet in VALUE_FACETS}

    def link(**changes: object) -> str:
        return search_link(search.with_changes(**changes))

    def toggle_link(name: str, value: str) -> str:
        return search_link(facets[name].toggled(search, value))

    def add_link(name: str, value: str) -> str:
        return search_link(search) if value in search.values(name) else toggle_link(name, value)

    def person_link(suggestion: PersonSuggestion) -> str:
        """The search a person suggestion offers: filtered by the person, the rest of the query kept."""
        persons = facets["person"]
        return search_link(persons.toggled(search, suggestion.value).with_changes(q=suggestion.q))

    return {"link": link, "toggle_link": toggle_link, "add_link": add_link, "person_link": person_link, "doc_link": _doc_link(search)}


@bp.get("/")
def search():
    """The search page: query box, facets, highlighted results, pagination."""
    search = search_request()
    index = search_index()
    response = index.search(search)
    pq = param("pq") or ""
    if len(pq) > MAX_VALUE_CHARS:
        raise InvalidRequest("pq", f"at most {MAX_VALUE_CHARS} characters")
    pq = " ".join(pq.split())
    persons = PersonFacet()
    person_matches = index.facet_values(search, persons, prefix=pq, limit=PERSON_MATCHES) if pq else None
    shown, more = _person_lists(response)
    downloads = query_string(search.with_changes(page=1))
    return render_template(
        "search.html",
        search=search,
        response=response,
        sorts=[(s, SORT_LABELS[s]) for s in SORTS],
        **_links(search),
        clear_all=search_link(search.with_changes(filters={}, date_from=None, date_to=None)),
        page_link=lambda page: "/" + query_string(search, page=page),
        api_link="/api/search" + query_string(search),
        csv_link="/api/search.csv" + downloads,
        export_limit=EXPORT_LIMIT,
        jsonl_link="/api/search.jsonl" + downloads,
        facets_api=f"/api/facets/{persons.name}" + downloads,
        persons_shown=shown,
        persons_per_hit=PERSONS_PER_HIT,
        persons_more=more,
        person_total=response.facet_totals.get(persons.name, 0),
        pq=pq,
        person_matches=person_matches,
        bars=histogram(search, response.facets.get("date", [])),
        removals=removals(search),
        period=period_text(search.date_from, search.date_to),
        max_page=MAX_RESULT_WINDOW // search.size,
    )


@bp.get("/favicon.ico")
def favicon():
    """Browsers ask for it whatever the page links; the same icon as the pages' (SVG)."""
    return current_app.send_static_file("favicon.svg")


@bp.get("/documents/<doc_id>")
def document(doc_id: str):
    """One article, with the words of the query ``q`` marked; other search
    parameters are carried so "back to results" returns to the same page."""
    search = search_request()
    index = search_index()
    found = index.document(doc_id, search.q)
    if found is None:
        abort(404, description=f"Tidak ada artikel dengan id {doc_id[:80]!r}.")
    body = found.body_marked.replace("<mark>", f'<mark id="{FIRST_MATCH_ID}">', 1) if found.body_marked else None
    return render_template(
        "document.html",
        doc=found,
        body_html=body,
        search=search,
        marks=(found.body_marked or "").count("<mark") + (found.title_marked or "").count("<mark"),
        similar=index.similar(doc_id, limit=5),
        doc_link=_doc_link(search),
        back_link="/" + query_string(search),
        api_link=f"/api/documents/{_quote(doc_id)}" + query_string(SearchRequest(q=search.q)),
        description=_cut(lead_paragraph(found.body, found.title), DESCRIPTION_CHARS),
    )


def _cut(text: str, limit: int) -> str:
    """``text`` cut at a word to at most ``limit`` characters (an ellipsis marks the cut)."""
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "\u2026"
