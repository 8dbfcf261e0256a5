"""schemathesis: requests generated from the API's own OpenAPI description,
against every operation, checked against that description.

For each operation schemathesis runs its coverage phase (boundary values:
each limit, one past it, wrong types, missing and repeated values) and then
``MAX_EXAMPLES`` generated requests, valid and invalid ones.  Every response
must be no 5xx, have a documented status code and content type, and a body
that matches its schema; invalid requests must be refused (4xx), valid ones
accepted; a method the description does not list must get 405 with ``Allow``.
Runs are reproducible (``derandomize``) and save no examples (``database=None``).

The description is the one ``/api/openapi.json`` serves (checked below).  It is
built with ``from_dict`` at import time rather than loaded lazily from a
fixture, because schemathesis 4.32's ``pytest.from_fixture`` does not work with
pytest 9 (it sets ``Node._nodeid``, which pytest 9 no longer has).
"""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs

import pytest
import schemathesis
from hypothesis import settings
from jsonschema import Draft202012Validator
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from search.retrieval.params import DAY_PATTERN
from search.retrieval.request import DEFAULT_SIZE, MAX_RESULT_WINDOW
from web import create_app
from web.openapi import openapi_document

#: Generated requests per operation after the coverage phase (the file runs in about 20 s).
MAX_EXAMPLES = 100

schema = schemathesis.openapi.from_dict(openapi_document())


@pytest.fixture(scope="module")
def api_app(seed_index_dir):
    """The app over the seeds; it notes the query string of the last request it got."""
    application = create_app(index_dir=seed_index_dir, config={"TESTING": True})
    wsgi_app = application.wsgi_app

    def noting(environ, start_response):
        application.config["LAST_QUERY_STRING"] = environ.get("QUERY_STRING", "")
        return wsgi_app(environ, start_response)

    application.wsgi_app = noting
    yield application
    application.extensions["telusur.index"].close()


def test_the_served_description_is_the_one_tested(api_app):
    served = api_app.test_client().get("/api/openapi.json").get_json()
    assert served == json.loads(json.dumps(openapi_document()))
    assert len(list(schema.get_all_operations())) == len(served["paths"]) == 7


def _sent_query(app) -> dict[str, list[str]]:
    """The query string the app received (``response.request.url`` may differ:
    schemathesis records ``from: [[]]`` as absent, but sends ``from=[]``)."""
    return parse_qs(app.config["LAST_QUERY_STRING"], keep_blank_values=True)


def _valid_as_sent(operation, sent: dict[str, list[str]]) -> bool:
    """Whether the query *as sent* satisfies the description.  A query string has
    no types: schemathesis may mean a value to be invalid (a number where a list
    is expected, null for a date) that is sent as a perfectly valid string
    (``source=3``, ``from=``); such a request must be accepted, not refused."""
    for parameter in operation.definition.raw.get("parameters", []):
        if parameter["in"] != "query":
            continue
        schema, values = parameter["schema"], sent.get(parameter["name"], [])
        if schema.get("type") == "array":
            value: object = values
        elif not values:
            continue
        elif len(values) > 1:
            return False
        elif schema.get("type") == "integer":
            if not re.fullmatch(r"-?[0-9]+", values[0]):
                return False
            value = int(values[0])
        else:
            value = values[0]
        if not Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER).is_valid(value):
            return False
    return True


def _crossed(sent: dict[str, list[str]]) -> bool:
    """Whether the query breaks a rule spanning two parameters, which OpenAPI
    cannot express (the description states both in words): page × size beyond
    the result window, or ``from`` after ``to``."""
    page, size = sent.get("page", ["1"])[-1], sent.get("size", [str(DEFAULT_SIZE)])[-1]
    if page.isdigit() and size.isdigit() and int(page) * int(size) > MAX_RESULT_WINDOW:
        return True
    days = sent.get("from", [""])[-1], sent.get("to", [""])[-1]
    return all(DAY_PATTERN.fullmatch(day) for day in days) and days[0] > days[1]


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, derandomize=True, database=None, deadline=None)
def test_every_operation_answers_as_described(case, api_app):
    # Schemathesis accepts zstd but does not undo it when it calls the app directly
    # (compression has its own tests in test_page_details.py).
    response = case.call(app=api_app, headers={"Accept-Encoding": "identity"})
    assert response.status_code < 500, response.text[:500]
    sent = _sent_query(api_app)
    if case.method.upper() != case.operation.method.upper():
        # The coverage phase also sends methods the description does not list:
        # 405 and Allow, except HEAD (a GET without body) and OPTIONS (the Allow list).
        case.validate_response(response)
        assert response.status_code == (200 if case.method.upper() in ("HEAD", "OPTIONS") else 405), case.method
        if case.method.upper() != "HEAD":
            assert "GET" in response.headers["allow"][0]
    elif _crossed(sent):
        # Valid by the schema's letter, refused by the rule in its words: a 4xx, still as described.
        case.validate_response(response, excluded_checks=[positive_data_acceptance])
        assert 400 <= response.status_code < 500
    elif _valid_as_sent(case.operation, sent):
        case.validate_response(response, excluded_checks=[negative_data_rejection])
        assert response.status_code in (200, 404), "a valid query is accepted (404: an unknown id or facet name)"
    else:
        case.validate_response(response)
        assert 400 <= response.status_code < 500
