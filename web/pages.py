"""The HTML pages: search (``/``) and article (``/documents/<id>``)."""

from __future__ import annotations

import calendar
from datetime import date

from flask import Blueprint, abort, render_template

from search.request import MAX_RESULT_WINDOW, SORTS, SearchRequest
from web.shared import query_string, search_index, search_request

bp = Blueprint("pages", __name__)

SORT_LABELS = {"relevance": "Relevansi", "newest": "Terbaru", "oldest": "Terlama"}


def _month_days(month: str) -> tuple[date, date]:
    """``2021-02`` -> (2021-02-01, 2021-02-28): the first and last day of a month."""
    year, number = map(int, month.split("-"))
    return date(year, number, 1), date(year, number, calendar.monthrange(year, number)[1])


def _toggle(values: tuple[str, ...], value: str) -> tuple[str, ...]:
    return tuple(v for v in values if v != value) if value in values else (*values, value)


@bp.get("/")
def search():
    """The search page: query box, facets, highlighted results, pagination."""
    search = search_request()
    response = search_index().search(search)
    return render_template(
        "search.html",
        search=search,
        response=response,
        sorts=[(s, SORT_LABELS[s]) for s in SORTS],
        link=lambda **changes: "/" + query_string(search, page=1, **changes),
        page_link=lambda page: "/" + query_string(search, page=page),
        api_link="/api/search" + query_string(search),
        doc_query=query_string(search.with_changes(page=1)),
        toggle=_toggle,
        month_days=_month_days,
        max_page=MAX_RESULT_WINDOW // search.size,
    )


@bp.get("/documents/<doc_id>")
def document(doc_id: str):
    """One article, with the words of the query ``q`` marked; other search
    parameters are carried so "back to results" returns to the same page."""
    search = search_request()
    found = search_index().document(doc_id, search.q)
    if found is None:
        abort(404, description=f"Tidak ada artikel dengan id {doc_id!r}.")
    return render_template(
        "document.html",
        doc=found,
        search=search,
        back_link="/" + query_string(search),
        api_link=f"/api/documents/{doc_id}" + query_string(SearchRequest(q=search.q)),
    )
