"""The OpenAPI 3.1 description of the JSON API, served at ``/api/openapi.json``.

tests/test_openapi.py validates real responses against it, so it stays true.
"""

from __future__ import annotations

from functools import cache

from search.ingest.articles import MAX_ID_LENGTH
from search.retrieval.facets import FACETS, VALUE_FACETS
from search.retrieval.request import (
    DEFAULT_SIZE,
    MAX_FILTER_VALUES,
    MAX_PAGE,
    MAX_QUERY_CHARS,
    MAX_RESULT_WINDOW,
    MAX_SIZE,
    MAX_VALUE_CHARS,
    SORTS,
)
from web.serialize import SIMILAR_FIELDS
from web.shared import EXPORT_LIMIT, FACET_LIMIT, FORMATS, MAX_FACET_LIMIT, MAX_PREFIX_CHARS


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _strings() -> dict[str, object]:
    return {"type": "array", "items": {"type": "string"}}


def _nullable(kind: str, **extra: object) -> dict[str, object]:
    return {"type": [kind, "null"], **extra}


def _object(properties: dict[str, object], required: list[str] | None = None) -> dict[str, object]:
    return {"type": "object", "properties": properties, "required": required or list(properties)}


def _filter(description: str) -> dict[str, object]:
    return {"in": "query", "description": f"{description} Repeatable, at most {MAX_FILTER_VALUES} times; blank values are ignored.",
            "schema": {"type": "array", "maxItems": MAX_FILTER_VALUES, "items": {"type": "string", "maxLength": MAX_VALUE_CHARS}},
            "style": "form", "explode": True}  # fmt: skip


def _day(description: str) -> dict[str, object]:
    return {"in": "query", "description": f"{description} YYYY-MM-DD; empty means no limit.",
            "schema": {"anyOf": [{"type": "string", "format": "date"}, {"type": "string", "const": ""}]}}  # fmt: skip


SINGLE = "Given at most once (a repeated parameter is an error)."
QUERY = {"name": "q", "in": "query", "description": f"Query: words (ANDed), \"phrases\", -exclusions, OR, person:/source:/title: prefixes. Empty: everything, newest first. At most {MAX_QUERY_CHARS} characters. {SINGLE}",
         "schema": {"type": "string", "maxLength": MAX_QUERY_CHARS}}  # fmt: skip
SEARCH_PARAMETERS = [
    QUERY,
    *({"name": facet.name, **_filter(facet.description)} for facet in VALUE_FACETS),
    {"name": "from", **_day("First publication day, inclusive (Jakarta time); not after `to`.")},
    {"name": "to", **_day("Last publication day, inclusive (Jakarta time).")},
    {"name": "sort", "in": "query", "schema": {"type": "string", "enum": list(SORTS), "default": "relevance"}},
    {"name": "page", "in": "query", "description": f"Page number; page × size may not exceed {MAX_RESULT_WINDOW} (only the first {MAX_RESULT_WINDOW} results are served).",
     "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1}},
    {"name": "size", "in": "query", "description": "Results per page.", "schema": {"type": "integer", "minimum": 1, "maximum": MAX_SIZE, "default": DEFAULT_SIZE}},
]  # fmt: skip
FORMAT_PARAMETER = {"name": "format", "in": "query", "description": "`json` (the default) or a download: `csv`, `jsonl` (as /api/search.csv, /api/search.jsonl).",
                    "schema": {"type": "string", "enum": list(FORMATS), "default": "json"}}  # fmt: skip
LIMIT_PARAMETER = {"name": "limit", "in": "query", "description": "Rows to download (from the first result; `page` and `size` do not apply).",
                   "schema": {"type": "integer", "minimum": 1, "maximum": MAX_RESULT_WINDOW, "default": EXPORT_LIMIT}}  # fmt: skip
#: The parameters that say which results (not how to page through them).
RESULT_PARAMETERS = [p for p in SEARCH_PARAMETERS if p["name"] not in ("page", "size")]
ERRORS = {
    "400": {"description": "A parameter is not valid; `parameter` names it.", "content": {"application/json": {"schema": _ref("Error")}}},
}
CSV = {"text/csv": {"schema": {"type": "string"}}}
JSONL = {"application/x-ndjson": {"schema": {"type": "string"}}}


def _json(schema: dict[str, object], description: str) -> dict[str, object]:
    return {"200": {"description": description, "content": {"application/json": {"schema": schema}}}}


def _schemas() -> dict[str, object]:
    """The JSON shapes of the answers (see web/serialize.py)."""
    facet_value = _object({"value": {"type": "string"}, "label": {"type": "string"}, "count": {"type": "integer", "minimum": 0}, "selected": {"type": "boolean"}})
    article = {
        "id": {"type": "string"},
        "title": {"type": "string"},
        "date": _nullable("string", format="date-time", description="ISO 8601 in Jakarta time"),
        **{facet.article_key: _strings() for facet in VALUE_FACETS},
        "url": {"type": "string"},
    }
    hit = _object({**article, "snippet": {"type": "string", "description": "HTML: escaped text, matches in <mark>"}, "score": _nullable("number")})
    filters = {**{facet.name: _strings() for facet in VALUE_FACETS}, "from": _nullable("string", format="date"), "to": _nullable("string", format="date")}
    return {
        "FacetValue": facet_value,
        "Hit": hit,
        "Suggestion": _object({"q": {"type": "string"}, "total": {"type": "integer"}}),
        "SearchResponse": _object({
            "query": {"type": "string"},
            "total": {"type": "integer", "minimum": 0},
            "page": {"type": "integer", "minimum": 1},
            "size": {"type": "integer", "minimum": 1, "maximum": MAX_SIZE},
            "pages": {"type": "integer", "minimum": 1},
            "sort": {"type": "string", "enum": list(SORTS)},
            "filters": _object(filters),
            "hits": {"type": "array", "items": _ref("Hit")},
            "facets": _object({facet.name: {"type": "array", "items": _ref("FacetValue")} for facet in FACETS}),
            "facet_totals": _object({facet.name: {"type": "integer"} for facet in VALUE_FACETS}),
            "suggestion": {"oneOf": [_ref("Suggestion"), {"type": "null"}]},
            "person_suggestions": {"type": "array", "description": "Persons the query names: the search filtered by `value` with the rest of the query `q` instead, and how many articles it finds (offered, not applied).",
                                   "items": _object({"value": {"type": "string"}, "q": {"type": "string"}, "total": {"type": "integer", "minimum": 1}})},
            "all_words": {"type": ["integer", "null"], "minimum": 0,
                          "description": "When fewer articles than a page have every word of `q`, those with most of the words follow them "
                                         "(phrases and `-word` stay strict; relevance order only): then how many have every word, the first ones. Null otherwise."},
            "took_ms": {"type": "number", "minimum": 0},
        }),
        "Document": _object({
            **article,
            "body": {"type": "string"},
            "origin": {"type": "string", "description": "the file (and line) it was read from"},
            "origins": {"type": "object", "additionalProperties": {"type": "string", "enum": ["given", "extracted"]},
                        "description": "for title, date, source, agencies, persons, url: given in the input or extracted from the text"},
            "similar": {"type": "array", "items": _object({k: article[k] for k in SIMILAR_FIELDS})},
        }),
        "FacetValues": _object({"facet": {"type": "string"}, "prefix": {"type": "string"}, "values": {"type": "array", "items": _ref("FacetValue")}}),
        "Health": _object({"status": {"type": "string", "enum": ["ok"]}, "documents": {"type": "integer", "minimum": 0}}),
        "Error": _object({"error": {"type": "string"}, "status": {"type": "integer"}, "parameter": {"type": "string"}}, ["error", "status"]),
    }  # fmt: skip


def _description() -> str:
    filters = " and ".join(f"{MAX_FILTER_VALUES} `{facet.name}`" for facet in VALUE_FACETS)
    return (
        "Search Indonesian news: ranked, faceted, highlighted.\n\n"
        f"Limits: `q` at most {MAX_QUERY_CHARS} characters; at most {filters} values "
        f"of at most {MAX_VALUE_CHARS} characters each; `size` at most {MAX_SIZE}; only the first {MAX_RESULT_WINDOW} results are served "
        f"(page × size ≤ {MAX_RESULT_WINDOW}), and downloads hold at most {MAX_RESULT_WINDOW} rows. Parameters other than the facet "
        "filters are given at most once. A parameter that breaks a rule is answered 400 with a JSON body whose `parameter` names it."
    )


def _search_paths() -> dict[str, object]:
    """``/api/search`` and its downloads."""
    return {
        "/api/search": {"get": {"summary": "Search", "operationId": "search", "parameters": [*SEARCH_PARAMETERS, FORMAT_PARAMETER, LIMIT_PARAMETER],
                                "responses": {"200": {"description": "Results, facets and a spelling suggestion (JSON), or a download (`format`).",
                                                      "content": {"application/json": {"schema": _ref("SearchResponse")}, **CSV, **JSONL}}, **ERRORS}}},
        "/api/search.csv": {"get": {"summary": "Download results as CSV", "operationId": "searchCsv", "parameters": [*RESULT_PARAMETERS, LIMIT_PARAMETER],
                                    "responses": {"200": {"description": "CSV with a header row", "content": CSV}, **ERRORS}}},
        "/api/search.jsonl": {"get": {"summary": "Download results as JSON Lines", "operationId": "searchJsonl", "parameters": [*RESULT_PARAMETERS, LIMIT_PARAMETER],
                                      "responses": {"200": {"description": "one JSON object per line", "content": JSONL}, **ERRORS}}},
    }  # fmt: skip


def _other_paths() -> dict[str, object]:
    """Articles, facet values, health and this description."""
    not_found = {"404": {"description": "Not found.", "content": {"application/json": {"schema": _ref("Error")}}}}
    return {
        "/api/documents/{id}": {"get": {"summary": "One article", "operationId": "document",
                                        "parameters": [{"name": "id", "in": "path", "required": True, "description": f"Printable, without `/`, at most {MAX_ID_LENGTH} characters; other ids are not found.",
                                                        "schema": {"type": "string", "minLength": 1, "maxLength": MAX_ID_LENGTH}},
                                                       {**QUERY, "description": f"Words to mark in the article (the search's query). At most {MAX_QUERY_CHARS} characters. {SINGLE}"}],
                                        "responses": {**_json(_ref("Document"), "The article."), **ERRORS, **not_found}}},
        "/api/facets/{name}": {"get": {"summary": "Search the values of a facet", "operationId": "facetValues",
                                       "parameters": [{"name": "name", "in": "path", "required": True, "schema": {"type": "string", "enum": [f.name for f in VALUE_FACETS]}},
                                                      {"name": "prefix", "in": "query", "description": f"Values with a word starting with this. {SINGLE}",
                                                       "schema": {"type": "string", "maxLength": MAX_PREFIX_CHARS}},
                                                      {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": MAX_FACET_LIMIT, "default": FACET_LIMIT}},
                                                      *RESULT_PARAMETERS],
                                       "responses": {**_json(_ref("FacetValues"), "Values with counts in the current results."), **ERRORS, **not_found}}},
        "/health": {"get": {"summary": "Liveness", "operationId": "health", "responses": _json(_ref("Health"), "Up, with the number of documents.")}},
        "/api/openapi.json": {"get": {"summary": "This description", "operationId": "openapi", "responses": _json({"type": "object"}, "OpenAPI 3.1")}},
    }  # fmt: skip


@cache
def openapi_document() -> dict[str, object]:
    """The whole description (built once)."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "Telusur", "version": "0.1.0", "description": _description()},
        "paths": {**_search_paths(), **_other_paths()},
        "components": {"schemas": _schemas()},
    }
