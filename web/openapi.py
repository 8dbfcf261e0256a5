"""The OpenAPI 3.1 description of the JSON API, served at ``/api/openapi.json``.

tests/test_openapi.py validates real responses against it, so it stays true.
"""

from __future__ import annotations

from functools import cache

from search.extract import MAX_ID_LENGTH
from search.request import (
    DEFAULT_SIZE,
    MAX_FILTER_VALUES,
    MAX_PAGE,
    MAX_QUERY_CHARS,
    MAX_RESULT_WINDOW,
    MAX_SIZE,
    MAX_VALUE_CHARS,
    SORTS,
)
from web.api import EXPORT_LIMIT, FACET_LIMIT, FACET_NAMES, FORMATS, MAX_FACET_LIMIT, MAX_PREFIX_CHARS


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
    {"name": "person", **_filter("Only articles mentioning all these people.")},
    {"name": "source", **_filter("Only articles from any of these outlets.")},
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
ERRORS = {
    "400": {"description": "A parameter is not valid; `parameter` names it.", "content": {"application/json": {"schema": _ref("Error")}}},
}
CSV = {"text/csv": {"schema": {"type": "string"}}}
JSONL = {"application/x-ndjson": {"schema": {"type": "string"}}}


def _json(schema: dict[str, object], description: str) -> dict[str, object]:
    return {"200": {"description": description, "content": {"application/json": {"schema": schema}}}}


@cache
def openapi_document() -> dict[str, object]:
    """The whole description (built once)."""
    facet_value = _object({"value": {"type": "string"}, "label": {"type": "string"}, "count": {"type": "integer", "minimum": 0}, "selected": {"type": "boolean"}})
    article = {
        "id": {"type": "string"},
        "title": {"type": "string"},
        "date": _nullable("string", format="date-time", description="ISO 8601 in Jakarta time"),
        "source": _strings(),
        "agencies": _strings(),
        "persons": _strings(),
        "url": {"type": "string"},
    }
    hit = _object({**article, "snippet": {"type": "string", "description": "HTML: escaped text, matches in <mark>"}, "score": _nullable("number")})
    similar = _object({k: article[k] for k in ("id", "title", "date", "source", "url")})
    schemas = {
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
            "filters": _object({"person": _strings(), "source": _strings(), "from": _nullable("string", format="date"), "to": _nullable("string", format="date")}),
            "hits": {"type": "array", "items": _ref("Hit")},
            "facets": _object({name: {"type": "array", "items": _ref("FacetValue")} for name in ("person", "source", "date")}),
            "facet_totals": _object({"person": {"type": "integer"}, "source": {"type": "integer"}}),
            "suggestion": {"oneOf": [_ref("Suggestion"), {"type": "null"}]},
            "took_ms": {"type": "number", "minimum": 0},
        }),
        "Document": _object({
            **article,
            "body": {"type": "string"},
            "origin": {"type": "string", "description": "the file (and line) it was read from"},
            "origins": {"type": "object", "additionalProperties": {"type": "string", "enum": ["given", "extracted"]},
                        "description": "for title, date, source, agencies, persons, url: given in the input or extracted from the text"},
            "similar": {"type": "array", "items": similar},
        }),
        "FacetValues": _object({"facet": {"type": "string"}, "prefix": {"type": "string"}, "values": {"type": "array", "items": _ref("FacetValue")}}),
        "Health": _object({"status": {"type": "string", "enum": ["ok"]}, "documents": {"type": "integer", "minimum": 0}}),
        "Error": _object({"error": {"type": "string"}, "status": {"type": "integer"}, "parameter": {"type": "string"}}, ["error", "status"]),
    }  # fmt: skip
    not_found = {"404": {"description": "Not found.", "content": {"application/json": {"schema": _ref("Error")}}}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "Telusur", "version": "0.1.0", "description": (
            "Search Indonesian news: ranked, faceted, highlighted.\n\n"
            f"Limits: `q` at most {MAX_QUERY_CHARS} characters; at most {MAX_FILTER_VALUES} `person` and {MAX_FILTER_VALUES} `source` values "
            f"of at most {MAX_VALUE_CHARS} characters each; `size` at most {MAX_SIZE}; only the first {MAX_RESULT_WINDOW} results are served "
            f"(page × size ≤ {MAX_RESULT_WINDOW}), and downloads hold at most {MAX_RESULT_WINDOW} rows. Parameters other than `person` and "
            "`source` are given at most once. A parameter that breaks a rule is answered 400 with a JSON body whose `parameter` names it."
        )},
        "paths": {
            "/api/search": {"get": {"summary": "Search", "operationId": "search", "parameters": [*SEARCH_PARAMETERS, FORMAT_PARAMETER, LIMIT_PARAMETER],
                                    "responses": {"200": {"description": "Results, facets and a spelling suggestion (JSON), or a download (`format`).",
                                                          "content": {"application/json": {"schema": _ref("SearchResponse")}, **CSV, **JSONL}}, **ERRORS}}},
            "/api/search.csv": {"get": {"summary": "Download results as CSV", "operationId": "searchCsv", "parameters": [*SEARCH_PARAMETERS[:6], LIMIT_PARAMETER],
                                        "responses": {"200": {"description": "CSV with a header row", "content": CSV}, **ERRORS}}},
            "/api/search.jsonl": {"get": {"summary": "Download results as JSON Lines", "operationId": "searchJsonl", "parameters": [*SEARCH_PARAMETERS[:6], LIMIT_PARAMETER],
                                          "responses": {"200": {"description": "one JSON object per line", "content": JSONL}, **ERRORS}}},
            "/api/documents/{id}": {"get": {"summary": "One article", "operationId": "document",
                                            "parameters": [{"name": "id", "in": "path", "required": True, "description": f"Printable, without `/`, at most {MAX_ID_LENGTH} characters; other ids are not found.",
                                                            "schema": {"type": "string", "minLength": 1, "maxLength": MAX_ID_LENGTH}},
                                                           {**QUERY, "description": f"Words to mark in the article (the search's query). At most {MAX_QUERY_CHARS} characters. {SINGLE}"}],
                                            "responses": {**_json(_ref("Document"), "The article."), **ERRORS, **not_found}}},
            "/api/facets/{name}": {"get": {"summary": "Search the values of a facet", "operationId": "facetValues",
                                           "parameters": [{"name": "name", "in": "path", "required": True, "schema": {"type": "string", "enum": list(FACET_NAMES)}},
                                                          {"name": "prefix", "in": "query", "description": f"Values with a word starting with this. {SINGLE}",
                                                           "schema": {"type": "string", "maxLength": MAX_PREFIX_CHARS}},
                                                          {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": MAX_FACET_LIMIT, "default": FACET_LIMIT}},
                                                          *SEARCH_PARAMETERS[:6]],
                                           "responses": {**_json(_ref("FacetValues"), "Values with counts in the current results."), **ERRORS, **not_found}}},
            "/health": {"get": {"summary": "Liveness", "operationId": "health", "responses": _json(_ref("Health"), "Up, with the number of documents.")}},
            "/api/openapi.json": {"get": {"summary": "This description", "operationId": "openapi", "responses": _json({"type": "object"}, "OpenAPI 3.1")}},
        },
        "components": {"schemas": schemas},
    }
