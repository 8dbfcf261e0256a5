"""Hostile input over HTTP: no stack traces, strict parameters, odd ids, wrong
methods, big bodies, and the security headers on every kind of response."""

from __future__ import annotations

import html
import logging
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from search.ingest.articles import MAX_ID_LENGTH
from search.retrieval.request import MAX_FILTER_VALUES, MAX_QUERY_CHARS, MAX_RESULT_WINDOW, MAX_SIZE, MAX_VALUE_CHARS
from web import create_app
from web.messages import PARAMETERS
from web.security import MAX_BODY_BYTES, SECURITY_HEADERS
from web.shared import MAX_FACET_LIMIT, MAX_PREFIX_CHARS

SEED = "002_31777490a35d9720"
TEMPLATES = Path(__file__).resolve().parent.parent / "web" / "templates"
#: What an exception inside a view says; none of it may reach the client.
SECRET = "kata sandi rahasia /srv/telusur/index token=0xDEADBEEF"
LEAK_MARKERS = ("Traceback", "RuntimeError", SECRET, 'File "', ".py", "werkzeug", "flask")

GET_ENDPOINTS = [
    "/",
    f"/documents/{SEED}",
    "/api/search",
    "/api/search.csv",
    "/api/search.jsonl",
    f"/api/documents/{SEED}",
    "/api/facets/person",
    "/api/openapi.json",
    "/health",
]


def _is_api(url: str) -> bool:
    return url.startswith("/api/") or url == "/health"


def _no_leak(text: str) -> None:
    for marker in LEAK_MARKERS:
        assert marker not in text, f"the response shows {marker!r}"


# --------------------------------------------------------------------------- unexpected errors


def _boom(*args, **kwargs):
    raise RuntimeError(SECRET)


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("search", "/api/search?q=putin"),
        ("export", "/api/search.csv?q=putin"),
        ("facet_values", "/api/facets/person?prefix=ju"),
        ("document", f"/api/documents/{SEED}"),
        ("doc_count", "/health"),
        ("search", "/?q=putin"),
        ("document", f"/documents/{SEED}?q=putin"),
    ],
)
def test_an_exception_in_a_view_is_a_generic_500_and_is_logged(app, client, monkeypatch, caplog, method, url):
    monkeypatch.setattr(app.extensions["telusur.index"], method, _boom)
    with caplog.at_level(logging.ERROR):
        response = client.get(url)
    assert response.status_code == 500
    text = response.get_data(as_text=True)
    _no_leak(text)
    if _is_api(url):
        assert response.is_json and response.get_json() == {"error": response.get_json()["error"], "status": 500}
        assert "internal error" in response.get_json()["error"]
    else:
        assert response.mimetype == "text/html"
        assert "<h1>Terjadi kesalahan</h1>" in text and 'href="/"' in text
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value
    logged = [r for r in caplog.records if r.exc_info and r.exc_info[0] is RuntimeError]
    assert logged, "the error and its traceback go to the log"
    assert url.split("?")[0] in logged[0].getMessage() and SECRET in str(logged[0].exc_info[1])


def test_debug_mode_is_off_and_would_not_show_a_traceback(seed_index_dir, monkeypatch, caplog):
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    app = create_app(index_dir=seed_index_dir)
    try:
        assert not app.debug, "the factory never turns the debugger on"
        app.debug = True  # someone runs it with --debug: still no traceback in the answer
        app.add_url_rule("/api/boom", "boom", _boom)
        app.add_url_rule("/boom", "boom_page", _boom)
        client = app.test_client()
        with caplog.at_level(logging.ERROR):
            for url in ("/api/boom", "/boom"):
                response = client.get(url)
                assert response.status_code == 500
                _no_leak(response.get_data(as_text=True))
        assert len([r for r in caplog.records if r.exc_info]) == 2
    finally:
        app.extensions["telusur.index"].close()


# --------------------------------------------------------------------------- parameters


LONG = "x" * 5_000
BAD_PARAMETERS = [
    # unknown or empty values
    ("/api/search?sort=popular", "sort"),
    ("/api/search?sort=", "sort"),
    (f"/api/search?sort={LONG}", "sort"),
    ("/api/search?format=xml", "format"),
    ("/api/search?format=", "format"),
    # page: zero, negative, not an integer, written oddly, too deep, huge
    ("/api/search?page=0", "page"),
    ("/api/search?page=-3", "page"),
    ("/api/search?page=1.5", "page"),
    ("/api/search?page=abc", "page"),
    ("/api/search?page=", "page"),
    ("/api/search?page=%EF%BC%92", "page"),  # a full-width digit two
    ("/api/search?page=1_0", "page"),
    ("/api/search?page=%201", "page"),
    ("/api/search?page=%2B2", "page"),
    ("/api/search?page=1001", "page"),  # size 10: the last page is 1000
    ("/api/search?page=101&size=100", "page"),
    ("/api/search?page=99999999999999999999999999999999", "page"),
    ("/api/search?page=" + "9" * 5000, "page"),
    # size and limit out of range
    ("/api/search?size=0", "size"),
    ("/api/search?size=-1", "size"),
    (f"/api/search?size={MAX_SIZE + 1}", "size"),
    ("/api/search?size=ten", "size"),
    (f"/api/search.csv?limit={MAX_RESULT_WINDOW + 1}", "limit"),
    ("/api/search.jsonl?limit=0", "limit"),
    ("/api/search?format=csv&limit=-5", "limit"),
    (f"/api/search?limit={MAX_RESULT_WINDOW + 1}", "limit"),  # even where only downloads use it
    (f"/api/facets/person?limit={MAX_FACET_LIMIT + 1}", "limit"),
    ("/api/facets/source?limit=0", "limit"),
    # malformed dates and crossed ranges
    ("/api/search?from=2021-13-01", "from"),
    ("/api/search?to=2021-02-30", "to"),
    ("/api/search?from=20211231", "from"),  # ISO basic form: not what the API documents
    ("/api/search?from=2021-W52-5", "from"),  # ISO week date
    ("/api/search?to=31-12-2021", "to"),
    ("/api/search?from=2021-12-31T00:00:00", "from"),
    ("/api/search?from=%202021-12-31", "from"),
    ("/api/search?to=%D9%A2%D9%A0%D9%A2%D9%A1-12-31", "to"),  # Arabic-Indic digits
    ("/api/search?from=2022-01-01&to=2021-01-01", "from"),
    ("/api/facets/person?from=2022-01-01&to=2021-12-31", "from"),
    # repeated single-valued parameters
    ("/api/search?q=putin&q=biden", "q"),
    ("/api/search?sort=newest&sort=oldest", "sort"),
    ("/api/search?page=1&page=2", "page"),
    ("/api/search?size=5&size=5", "size"),
    ("/api/search?from=2021-01-01&from=2021-02-01", "from"),
    ("/api/search?format=csv&format=jsonl", "format"),
    ("/api/search.csv?limit=1&limit=2", "limit"),
    ("/api/facets/person?prefix=a&prefix=b", "prefix"),
    (f"/api/documents/{SEED}?q=a&q=b", "q"),
    # over-long values and too many filters
    ("/api/search?q=" + "a" * (MAX_QUERY_CHARS + 1), "q"),
    ("/api/search?q=" + "%20" * (MAX_QUERY_CHARS + 1), "q"),  # counted as sent, before trimming
    (f"/api/documents/{SEED}?q=" + "a" * (MAX_QUERY_CHARS + 1), "q"),
    ("/api/search?person=" + "a" * (MAX_VALUE_CHARS + 1), "person"),
    ("/api/search?" + "&".join(f"person=p{i}" for i in range(MAX_FILTER_VALUES + 1)), "person"),
    ("/api/search?" + "&".join(["source=Kontan"] * (MAX_FILTER_VALUES + 1)), "source"),  # repeats count too
    ("/api/search.jsonl?" + "&".join(f"source=s{i}" for i in range(500)), "source"),
    ("/api/facets/person?prefix=" + "a" * (MAX_PREFIX_CHARS + 1), "prefix"),
]


@pytest.mark.parametrize(("url", "param"), BAD_PARAMETERS, ids=[f"{p}:{u[:60]}" for u, p in BAD_PARAMETERS])
def test_bad_parameters_are_a_400_naming_the_parameter(client, url, param):
    response = client.get(url)
    assert response.status_code == 400 and response.is_json
    body = response.get_json()
    assert body["status"] == 400 and body["parameter"] == param
    assert body["error"].startswith(f"{param}: ")
    assert len(body["error"]) < 200, "the message does not echo a huge value back"


@pytest.mark.parametrize(
    ("url", "param"),
    [("/?page=0", "page"), ("/?q=a&q=b", "q"), ("/?pq=" + "a" * (MAX_VALUE_CHARS + 1), "pq"), (f"/documents/{SEED}?size=0", "size")],
)
def test_bad_parameters_on_pages_are_a_friendly_400(client, url, param):
    response = client.get(url)
    assert response.status_code == 400 and response.mimetype == "text/html"
    text = response.get_data(as_text=True)
    assert "Permintaan tidak valid" in text and html.escape(PARAMETERS[param], quote=False) in text, "the page names the parameter, in Indonesian"
    _no_leak(text)


@pytest.mark.parametrize(
    "url",
    [
        "/api/search?from=&to=",  # the page's date form sends empty dates
        "/api/search?person=&source=%20",  # blank filter values are ignored
        "/api/search?q=" + "a" * MAX_QUERY_CHARS,
        "/api/search?" + "&".join(f"person=p{i}" for i in range(MAX_FILTER_VALUES)),
        "/api/search?person=" + "a" * MAX_VALUE_CHARS,
        f"/api/search?page={MAX_RESULT_WINDOW}&size=1",
        f"/api/search?page={MAX_RESULT_WINDOW // MAX_SIZE}&size={MAX_SIZE}",
        f"/api/search.csv?limit={MAX_RESULT_WINDOW}",
        "/api/search?from=2021-12-31&to=2021-12-31",
        "/api/search?q=%00&person=%00&source=%00",
        "/api/search?q=%FF%FE",
        "/api/search?q=*&sort=oldest",
        "/api/search?unknown=ignored",
        "/api/facets/person?prefix=" + "a" * MAX_PREFIX_CHARS,
        "/?from=&to=&q=",
    ],
)
def test_values_at_the_limits_are_accepted(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    response.close()


def test_limits_are_in_the_openapi_description(client):
    spec = client.get("/api/openapi.json").get_json()
    search = {p["name"]: p["schema"] for p in spec["paths"]["/api/search"]["get"]["parameters"]}
    assert search["q"]["maxLength"] == MAX_QUERY_CHARS
    for name in ("person", "source"):
        assert search[name]["maxItems"] == MAX_FILTER_VALUES and search[name]["items"]["maxLength"] == MAX_VALUE_CHARS
    assert search["size"]["maximum"] == MAX_SIZE and search["page"]["maximum"] == MAX_RESULT_WINDOW
    assert search["limit"]["maximum"] == MAX_RESULT_WINDOW and search["format"]["enum"] == ["json", "csv", "jsonl"]
    facets = {p["name"]: p["schema"] for p in spec["paths"]["/api/facets/{name}"]["get"]["parameters"]}
    assert facets["prefix"]["maxLength"] == MAX_PREFIX_CHARS and facets["limit"]["maximum"] == MAX_FACET_LIMIT
    document = {p["name"]: p["schema"] for p in spec["paths"]["/api/documents/{id}"]["get"]["parameters"]}
    assert document["id"]["maxLength"] == MAX_ID_LENGTH and document["q"]["maxLength"] == MAX_QUERY_CHARS
    assert f"page × size ≤ {MAX_RESULT_WINDOW}" in spec["info"]["description"]


# --------------------------------------------------------------------------- odd document ids and paths


ODD_PATHS = [
    "..%2F..%2Fetc%2Fpasswd",
    "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "..%5C..%5Cwindows%5Cwin.ini",
    "..",
    "%2e%2e",
    "%00",
    "a%00b",
    f"{SEED}%00",
    "%FF%FE",
    "%C0%AE%C0%AE%C0%AF",  # over-long UTF-8 for "../"
    "%E2%80%AE" + SEED,  # a right-to-left override before a real id
    "%0D%0ASet-Cookie:%20x=1",
    "a" * (MAX_ID_LENGTH + 1),
    "b" * 20_000,
    "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
]


@pytest.mark.parametrize("prefix", ["/documents/", "/api/documents/"])
@pytest.mark.parametrize("odd", ODD_PATHS, ids=[p[:30] for p in ODD_PATHS])
def test_odd_document_ids_are_not_found(client, prefix, odd):
    response = client.get(prefix + odd)
    assert response.status_code == 404
    text = response.get_data(as_text=True)
    assert "root:" not in text and "[fonts]" not in text
    assert "Set-Cookie" not in response.headers and "<script>" not in text
    assert len(text) < 10_000, "the id is not echoed in full"
    if prefix.startswith("/api/"):
        assert response.is_json and response.get_json()["status"] == 404
    else:
        assert response.mimetype == "text/html" and "Tidak ditemukan" in text


@pytest.mark.parametrize(
    "url",
    ["/static/..%2F..%2Fpyproject.toml", "/static/%2e%2e/__init__.py", "/static/../api.py", "/static/%00", "/api/facets/..%2Fsearch", "/api/facets/%00"],
)
def test_traversal_outside_static_files_is_not_found(client, url):
    response = client.get(url)
    assert response.status_code == 404
    text = response.get_data(as_text=True)
    assert "[project]" not in text and "import" not in text
    response.close()


def test_a_real_id_still_opens(client):
    assert client.get(f"/api/documents/{SEED}").status_code == 200
    assert client.get(f"/documents/{SEED}").status_code == 200


# --------------------------------------------------------------------------- methods and bodies


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "TRACE"])
@pytest.mark.parametrize("url", GET_ENDPOINTS)
def test_wrong_methods_are_405_with_allow(client, method, url):
    response = client.open(url, method=method)
    assert response.status_code == 405
    allowed = {m.strip() for m in response.headers["Allow"].split(",")}
    assert {"GET", "HEAD"} <= allowed and method not in allowed
    if _is_api(url):
        assert response.is_json and response.get_json()["status"] == 405
    else:
        assert response.mimetype == "text/html" and "Metode tidak diizinkan" in response.get_data(as_text=True)


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("url", ["/api/search", "/"])
def test_big_request_bodies_are_refused(client, method, url):
    response = client.open(url, method=method, data=b"x" * (MAX_BODY_BYTES + 1), content_type="application/octet-stream")
    assert response.status_code == 413
    assert response.is_json == _is_api(url)
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_a_small_body_on_a_get_is_ignored(client):
    response = client.get("/api/search?q=putin", data=b"{}", content_type="application/json")
    assert response.status_code == 200 and response.get_json()["total"] == 5


# --------------------------------------------------------------------------- security headers


def _all_kinds_of_response(app, client, monkeypatch):
    """(label, response) for a page, JSON, downloads, static files and errors."""
    yield "search page", client.get("/?q=putin")
    yield "article page", client.get(f"/documents/{SEED}?q=putin")
    yield "search json", client.get("/api/search?q=putin")
    yield "csv", client.get("/api/search.csv?q=putin")
    yield "jsonl", client.get("/api/search?q=putin&format=jsonl")
    yield "document json", client.get(f"/api/documents/{SEED}")
    yield "facets", client.get("/api/facets/person")
    yield "openapi", client.get("/api/openapi.json")
    yield "health", client.get("/health")
    yield "css", client.get("/static/style.css")
    yield "js", client.get("/static/telusur.js")
    yield "html 404", client.get("/tidak-ada")
    yield "json 404", client.get("/api/documents/tidak-ada")
    yield "html 400", client.get("/?page=0")
    yield "json 400", client.get("/api/search?page=0")
    yield "405", client.post("/api/search")
    yield "413", client.post("/", data=b"x" * (MAX_BODY_BYTES + 1))
    yield "HEAD", client.head("/")
    yield "OPTIONS", client.options("/api/search")
    monkeypatch.setattr(app.extensions["telusur.index"], "search", _boom)
    yield "html 500", client.get("/")
    yield "json 500", client.get("/api/search")


def test_security_headers_on_every_response(app, client, monkeypatch):
    seen = 0
    for label, response in _all_kinds_of_response(app, client, monkeypatch):
        for name, value in SECURITY_HEADERS.items():
            assert response.headers.get(name) == value, f"{label}: {name}"
        response.close()
        seen += 1
    assert seen == 21


def test_the_content_security_policy_forbids_inline_code():
    policy = {
        directive.split()[0]: directive.split()[1:] for directive in SECURITY_HEADERS["Content-Security-Policy"].split("; ")
    }
    assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"] and policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"] and policy["base-uri"] == ["'none'"]
    assert not any("unsafe" in source for sources in policy.values() for source in sources)
    assert SECURITY_HEADERS["X-Frame-Options"] == "DENY"
    assert SECURITY_HEADERS["Referrer-Policy"] in ("strict-origin-when-cross-origin", "no-referrer")


class _InlineCode(HTMLParser):
    """Collects what a script-src/style-src 'self' policy would block."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self.scripts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        if tag == "script":
            if not names.get("src"):
                self.found.append("inline <script>")
            self.scripts.append(names.get("src") or "")
        if tag == "style":
            self.found.append("<style> element")
        for name, value in attrs:
            if name == "style":
                self.found.append(f"style= on <{tag}>")
            if name.startswith("on"):
                self.found.append(f"{name}= on <{tag}>")
            if name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith(("javascript:", "data:")):
                self.found.append(f"{name}={value} on <{tag}>")


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/?q=putin&person=Jen+Psaki&source=Kontan&from=2021-12-01&to=2021-12-31&sort=oldest",
        "/?q=putin&pq=ush",
        "/?size=1&page=3",
        "/?q=zzzzqqq&person=Joe+Biden",
        "/?q=ushakof",
        f"/documents/{SEED}?q=putin",
        "/tidak-ada",
        "/?page=0",
    ],
)
def test_pages_have_no_inline_code_the_policy_would_block(client, url):
    parser = _InlineCode()
    parser.feed(client.get(url).get_data(as_text=True))
    assert parser.found == []
    assert parser.scripts == ["/static/telusur.js"]


def test_templates_have_no_inline_styles_or_handlers():
    for template in TEMPLATES.glob("*.html"):
        source = template.read_text(encoding="utf-8")
        assert not re.search(r"\sstyle\s*=", source), template.name
        assert not re.search(r"\son[a-z]+\s*=", source), template.name
        assert not re.search(r"<script(?![^>]*\ssrc=)", source), template.name
        assert "<style" not in source, template.name


@pytest.mark.parametrize("url", ["/", f"/documents/{SEED}", "/tidak-ada"])
def test_the_input_boxes_stop_at_the_limits(client, url):
    page = client.get(url).get_data(as_text=True)
    assert re.search(rf'<input id="q" [^>]*maxlength="{MAX_QUERY_CHARS}"', page), "the query box"
    if url == "/":
        assert re.search(rf'<input id="pq" [^>]*maxlength="{MAX_VALUE_CHARS}"', page), "the person box"
