"""The OpenAPI description is valid and true: real responses match it."""

from __future__ import annotations

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate

SEED = "002_31777490a35d9720"


@pytest.fixture
def spec(client):
    return client.get("/api/openapi.json").get_json()


def _validator(spec, operation: str, status: str = "200") -> Draft202012Validator:
    for methods in spec["paths"].values():
        op = methods["get"]
        if op["operationId"] == operation:
            schema = op["responses"][status]["content"]["application/json"]["schema"]
            return Draft202012Validator({**schema, "components": spec["components"]}, format_checker=Draft202012Validator.FORMAT_CHECKER)
    raise AssertionError(f"no operation {operation}")


def test_description_is_valid_openapi(spec):
    validate(spec)
    assert {"/api/search", "/api/documents/{id}", "/api/facets/{name}", "/health"} <= set(spec["paths"])


@pytest.mark.parametrize(
    "query",
    [
        "q=bicara",
        "q=putin&person=Jen+Psaki&source=Kontan&sort=oldest",
        "",
        "q=pembicaraaan",  # nothing found: a suggestion
        "q=ukraina&from=2021-12-01&to=2021-12-31&size=1&page=1",
        "q=%22gedung+putih%22+-zelenskiy",
    ],
)
def test_search_responses_match(client, spec, query):
    response = client.get("/api/search?" + query)
    assert response.status_code == 200
    _validator(spec, "search").validate(response.get_json())


def test_suggestion_is_described(client, spec):
    body = client.get("/api/search?q=pembicaraaan").get_json()
    assert body["suggestion"] == {"q": "pembicaraan", "total": 5}
    _validator(spec, "search").validate(body)


@pytest.mark.parametrize(
    "query",
    ["page=0", "size=500", "from=kemarin", "sort=acak", "format=xml", "format=", "q=a&q=b", "page=1001", "&".join(["person=x"] * 21)],
)
def test_errors_match(client, spec, query):
    response = client.get("/api/search?" + query)
    assert response.status_code == 400
    _validator(spec, "search", "400").validate(response.get_json())


def test_document_facets_and_health_match(client, spec):
    _validator(spec, "document").validate(client.get(f"/api/documents/{SEED}?q=bicara").get_json())
    _validator(spec, "document", "404").validate(client.get("/api/documents/tidak-ada").get_json())
    _validator(spec, "document", "404").validate(client.get("/api/documents/" + "x" * 500).get_json())
    _validator(spec, "document", "400").validate(client.get(f"/api/documents/{SEED}?q=a&q=b").get_json())
    _validator(spec, "facetValues").validate(client.get("/api/facets/person?q=ukraina&prefix=ju").get_json())
    _validator(spec, "facetValues", "404").validate(client.get("/api/facets/lokasi").get_json())
    _validator(spec, "health").validate(client.get("/health").get_json())


def test_validation_catches_a_wrong_shape(spec):
    """The check has teeth: a response missing a field or with a wrong type fails."""
    validator = _validator(spec, "search")
    assert list(validator.iter_errors({"query": "x", "total": "lima"}))
