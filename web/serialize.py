"""Every JSON, CSV and JSON Lines shape the web layer (and ``query --json``) gives out.

Results arrive as the plain data of :mod:`search.retrieval.results`; this
module decides what a client sees of them.  Dates are ISO 8601 in Jakarta
time; ``snippet`` is HTML (escaped text, matches in ``<mark>``).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, fields

from search.retrieval.facets import VALUE_FACETS
from search.retrieval.results import ArticleSummary, Document, FacetValue, Hit, SearchResults

#: The article fields every view of an article gives, in order.
ARTICLE_FIELDS = tuple(f.name for f in fields(ArticleSummary))
#: The columns of a download: the article fields and the score.
EXPORT_COLUMNS = (*ARTICLE_FIELDS, "score")
#: The article fields of an entry of ``similar``.
SIMILAR_FIELDS = ("id", "title", "date", "source", "url")


def article_json(article: ArticleSummary) -> dict[str, object]:
    """The fields every view of an article shows."""
    values = {name: getattr(article, name) for name in ARTICLE_FIELDS}
    values["date"] = article.date.isoformat() if article.date else None
    return values


def hit_json(hit: Hit) -> dict[str, object]:
    return {**article_json(hit), "snippet": hit.snippet, "score": hit.score}


def facet_value_json(value: FacetValue) -> dict[str, object]:
    return asdict(value)


def search_json(results: SearchResults) -> dict[str, object]:
    """The answer of ``/api/search``."""
    request = results.request
    return {
        "query": request.q,
        "total": results.total,
        "page": request.page,
        "size": request.size,
        "pages": results.pages,
        "sort": results.sort,
        "filters": {
            **{facet.name: list(request.values(facet.name)) for facet in VALUE_FACETS},
            "from": request.date_from.isoformat() if request.date_from else None,
            "to": request.date_to.isoformat() if request.date_to else None,
        },
        "hits": [hit_json(hit) for hit in results.hits],
        "facets": {name: [facet_value_json(v) for v in values] for name, values in results.facets.items()},
        "facet_totals": results.facet_totals,
        "suggestion": asdict(results.suggestion) if results.suggestion else None,
        "person_suggestions": [asdict(p) for p in results.person_suggestions],
        "all_words": results.all_words,
        "took_ms": round(results.took_ms, 2),
    }


def document_json(document: Document, similar: list[Hit]) -> dict[str, object]:
    """The answer of ``/api/documents/<id>``."""
    return {
        **article_json(document),
        "body": document.body,
        "origin": document.origin,
        "origins": document.origins,
        "similar": [{k: v for k, v in article_json(hit).items() if k in SIMILAR_FIELDS} for hit in similar],
    }


def facet_values_json(name: str, prefix: str, values: list[FacetValue]) -> dict[str, object]:
    """The answer of ``/api/facets/<name>``."""
    return {"facet": name, "prefix": prefix, "values": [facet_value_json(v) for v in values]}


def health_json(documents: int) -> dict[str, object]:
    return {"status": "ok", "documents": documents}


def error_json(status: int, message: str, param: str | None = None) -> dict[str, object]:
    """An error answer; ``parameter`` names the parameter at fault."""
    body: dict[str, object] = {"error": message, "status": status}
    if param:
        body["parameter"] = param
    return body


def export_rows(hits: list[Hit]) -> list[dict[str, object]]:
    """One row per hit with the :data:`EXPORT_COLUMNS`."""
    return [{k: v for k, v in hit_json(hit).items() if k in EXPORT_COLUMNS} for hit in hits]


def jsonl_text(rows: list[dict[str, object]]) -> str:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def csv_text(rows: list[dict[str, object]]) -> str:
    """CSV with a header row; lists are joined with ``; ``."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=EXPORT_COLUMNS)
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "; ".join(v) if isinstance(v, list) else v for k, v in row.items()})
    return out.getvalue()
