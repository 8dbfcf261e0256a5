"""The HTML pages: search (``/``) and article (``/documents/<id>``).

The pages work without JavaScript: every filter is a link or a GET form, and
all state is in the URL.  ``web/static/telusur.js`` only makes them nicer.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote

from flask import Blueprint, abort, render_template

from search.dates import MONTH_NAMES, day_text
from search.engine import FIRST_MATCH_ID, FacetValue, SearchResponse
from search.request import MAX_QUERY_CHARS, MAX_RESULT_WINDOW, MAX_VALUE_CHARS, SORTS, InvalidRequest, SearchRequest
from web.api import EXPORT_LIMIT
from web.shared import param, possible_id, query_string, search_index, search_request

bp = Blueprint("pages", __name__)

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


def _month_days(month: str) -> tuple[date, date]:
    """``2021-02`` -> (2021-02-01, 2021-02-28): the first and last day of a month."""
    year, number_ = map(int, month.split("-"))
    return date(year, number_, 1), date(year, number_, calendar.monthrange(year, number_)[1])


def period_text(first: date | None, last: date | None) -> str:
    """A date filter in words: ``Desember 2021``, ``2021``, ``1 Desember 2021 – 5 Januari 2022``."""
    if first and last:
        if first.day == 1 and (last.month, last.day) == (12, 31) and first.month == 1 and first.year == last.year:
            return str(first.year)
        if (first.year, first.month) == (last.year, last.month) and (first, last) == _month_days(first.strftime("%Y-%m")):
            return f"{MONTH_NAMES[first.month - 1]} {first.year}"
        if first == last:
            return day_text(first)
        return f"{day_text(first)} – {day_text(last)}"
    if first:
        return f"sejak {day_text(first)}"
    return f"sampai {day_text(last)}" if last else ""


def _toggle(values: tuple[str, ...], value: str) -> tuple[str, ...]:
    return tuple(v for v in values if v != value) if value in values else (*values, value)


def _level(count: int, highest: int) -> int:
    """The height class of a bar: at least one step for a non-empty bar."""
    if not count or not highest:
        return 0
    return max(1, round(BAR_STEPS * count / highest))


def histogram(search: SearchRequest, months: list[FacetValue], link) -> list[Bar]:
    """The date facet as bars: one per month from the first to the last month
    with articles (empty months included, so gaps show), or one per year when
    that spans more than HISTOGRAM_MONTHS; the undated bucket comes last.
    A bar links to its period, or, when it is the current filter, removes it."""
    dated = {f.value: f.count for f in months if f.value != "none"}
    undated = sum(f.count for f in months if f.value == "none")
    # (label, short label, count, first day, last day)
    periods: list[tuple[str, str, int, date, date]] = []
    if dated:
        (y0, m0), (y1, m1) = (tuple(map(int, key.split("-"))) for key in (min(dated), max(dated)))
        span = (y1 - y0) * 12 + (m1 - m0) + 1
        if span <= HISTOGRAM_MONTHS:
            for step in range(span):
                year, month = y0 + (m0 - 1 + step) // 12, (m0 - 1 + step) % 12
                key = f"{year}-{month + 1:02d}"
                periods.append((f"{MONTH_NAMES[month]} {year}", f"{SHORT_MONTHS[month]} {year}", dated.get(key, 0), *_month_days(key)))
        else:
            for year in range(y0, y1 + 1):
                count = sum(n for key, n in dated.items() if key.startswith(f"{year}-"))
                periods.append((str(year), str(year), count, date(year, 1, 1), date(year, 12, 31)))
    highest = max([p[2] for p in periods] + [undated])
    low, high = search.date_from, search.date_to
    bars = []
    for label, short, count, first, last in periods:
        current = (low, high) == (first, last)
        href = link(date_from=None, date_to=None) if current else link(date_from=first, date_to=last) if count else None
        selected = bool(low or high) and (not low or last >= low) and (not high or first <= high)
        bars.append(Bar(label, short, count, _level(count, highest), href, selected))
    if undated:
        bars.append(Bar("Tanpa tanggal", "Tanpa tanggal", undated, _level(undated, highest), None, undated=True))
    return bars


def removals(search: SearchRequest, link) -> list[Removal]:
    """Each active filter with the link that removes only it."""
    found = [Removal("Tokoh", p, link(persons=_toggle(search.persons, p))) for p in search.persons]
    found += [Removal("Sumber", s, link(sources=_toggle(search.sources, s))) for s in search.sources]
    if search.date_from or search.date_to:
        found.append(Removal("Tanggal", period_text(search.date_from, search.date_to), link(date_from=None, date_to=None)))
    return found


def _person_lists(response: SearchResponse, search: SearchRequest) -> tuple[list[FacetValue], list[FacetValue]]:
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


def _quote(doc_id: str) -> str:
    return quote(doc_id, safe="")


@bp.app_context_processor
def _limits() -> dict[str, int]:
    """The input limits, as ``maxlength`` of the query and person boxes (every page has the query box)."""
    return {"max_query_chars": MAX_QUERY_CHARS, "max_value_chars": MAX_VALUE_CHARS}


@bp.app_template_filter("angka")
def _number_filter(value: int) -> str:
    return number(value)


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
    person_matches = index.facet_values(search, "person", prefix=pq, limit=PERSON_MATCHES) if pq else None

    def link(**changes: object) -> str:
        return "/" + query_string(search, page=1, **changes)

    shown, more = _person_lists(response, search)
    downloads = query_string(search.with_changes(page=1))
    return render_template(
        "search.html",
        search=search,
        response=response,
        sorts=[(s, SORT_LABELS[s]) for s in SORTS],
        link=link,
        page_link=lambda page: "/" + query_string(search, page=page),
        api_link="/api/search" + query_string(search),
        csv_link="/api/search.csv" + downloads,
        export_limit=EXPORT_LIMIT,
        jsonl_link="/api/search.jsonl" + downloads,
        facets_api="/api/facets/person" + query_string(search.with_changes(page=1)),
        doc_link=_doc_link(search),
        toggle=_toggle,
        persons_shown=shown,
        persons_per_hit=PERSONS_PER_HIT,
        persons_more=more,
        person_total=response.facet_totals.get("person", len(response.facets.get("person", []))),
        pq=pq,
        person_matches=person_matches,
        bars=histogram(search, response.facets.get("date", []), link),
        removals=removals(search, link),
        period=period_text(search.date_from, search.date_to),
        max_page=MAX_RESULT_WINDOW // search.size,
    )


@bp.get("/documents/<doc_id>")
def document(doc_id: str):
    """One article, with the words of the query ``q`` marked; other search
    parameters are carried so "back to results" returns to the same page."""
    search = search_request()
    index = search_index()
    found = index.document(doc_id, search.q) if possible_id(doc_id) else None
    if found is None:
        abort(404, description=f"Tidak ada artikel dengan id {doc_id[:80]!r}.")
    return render_template(
        "document.html",
        doc=found,
        search=search,
        marks=found.body_html.count("<mark") + found.title_html.count("<mark"),
        similar=index.similar(doc_id, limit=5),
        doc_link=_doc_link(search),
        back_link="/" + query_string(search),
        api_link=f"/api/documents/{_quote(doc_id)}" + query_string(SearchRequest(q=search.q)),
    )
