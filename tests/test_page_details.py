"""What a new reader meets on the pages: past the last page, error pages in
Indonesian, the paging limit, headings, icon, description, compression, the
selected month and suggestions of names."""

from __future__ import annotations

import gzip
import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest


def _text(response) -> str:
    return response.get_data(as_text=True)


def test_a_page_past_the_end_says_so_and_links_the_last_page(client):
    page = _text(client.get("/?q=putin&size=2&page=9"))
    assert "Tidak ada artikel yang cocok" not in page
    assert "Halaman 9 melewati halaman terakhir." in page
    last = re.search(r'<a href="([^"]+)">Ke halaman terakhir \(3\)</a>', page)
    assert last and parse_qs(urlsplit(html.unescape(last.group(1))).query) == {"q": ["putin"], "size": ["2"], "page": ["3"]}
    assert _text(client.get(html.unescape(last.group(1)))).count('class="hit"') == 1
    api = client.get("/api/search?q=putin&size=2&page=9").get_json()
    assert api["total"] == 5 and api["hits"] == []  # the API keeps its answer


def test_error_page_speaks_indonesian_keeps_the_query_and_links_json(client):
    response = client.get("/?q=putin&from=2021-13-01")
    page = _text(response)
    assert response.status_code == 400
    assert "Tanggal awal (from) &#39;2021-13-01&#39; bukan tanggal; tulis sebagai TTTT-BB-HH" in page
    assert "is not a date" not in page
    assert '<input id="q" name="q" type="search" value="putin"' in page
    assert 'href="/api/search?q=putin&amp;from=2021-13-01">JSON</a>' in page
    api = client.get("/api/search?q=putin&from=2021-13-01")
    assert api.status_code == 400 and api.get_json()["parameter"] == "from" and "is not a date" in api.get_json()["error"]
    missing = _text(client.get("/documents/tidak-ada?q=putin"))
    assert "tidak ada" in missing.lower() and "Not Found" not in missing and 'value="putin"' in missing


def test_paging_limit_is_explained_and_page_links_read_as_they_are_named(client, monkeypatch):
    import web.pages

    monkeypatch.setattr(web.pages, "MAX_RESULT_WINDOW", 4)  # four pages of one article, of five
    page = _text(client.get("/?size=1&page=2"))
    assert "Hanya 4 hasil pertama (4 halaman) yang bisa dibuka; persempit pencarian" in page
    nav = page[page.index('class="pages"') : page.index("</nav>", page.index('class="pages"'))]
    named = re.findall(r'aria-label="Halaman ([^"]+)">([^<]+)</a>', nav)
    assert named and all(label == text for label, text in named)
    assert "Halaman 5" not in nav


def test_page_link_text_and_name_agree_past_a_thousand(app):
    with app.test_request_context():
        from flask import render_template_string

        rendered = render_template_string("{{ 1000|angka }}")
    assert rendered == "1.000"


def test_pages_have_a_heading_a_description_and_an_icon(client):
    for url in ("/", "/?q=putin", "/?q=zzzqqq"):
        page = _text(client.get(url))
        assert len(re.findall(r"<h1\b", page)) == 1, url
        assert re.search(r'<meta name="description" content="[^"]{40,}">', page), url
        assert '<link rel="icon" href="/static/favicon.svg"' in page
    article = _text(client.get("/documents/003_214c75a972e520e4"))
    assert re.search(r'<meta name="description" content="Presiden Rusia Vladimir Putin disebut puas [^"]*…">', article)
    with client.get("/favicon.ico") as icon:
        assert icon.status_code == 200 and icon.mimetype == "image/svg+xml" and b"<svg" in icon.get_data()


@pytest.mark.parametrize(
    ("url", "mimetype"),
    [("/?q=putin", "text/html"), ("/api/search?q=putin", "application/json"), ("/api/search.csv?q=putin", "text/csv")],
)
def test_responses_are_compressed_for_clients_that_accept_it(client, url, mimetype):
    plain = client.get(url)
    packed = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert packed.headers["Content-Encoding"] == "gzip" and packed.mimetype == mimetype
    assert "Accept-Encoding" in packed.headers["Vary"]
    unpacked = gzip.decompress(packed.get_data())
    assert len(packed.get_data()) < len(unpacked)
    if mimetype == "text/csv":  # the page and the JSON show the time taken, which differs
        assert unpacked == plain.get_data()
    else:
        assert unpacked.count(b"<mark>Putin</mark>") == plain.get_data().count(b"<mark>Putin</mark>") > 0


def test_a_month_bar_is_selected_only_for_exactly_that_month(client):
    day = _text(client.get("/?from=2021-12-31&to=2021-12-31"))
    assert '<li class="selected">' not in day and "Tanggal:</span> 31 Desember 2021" in day
    month = _text(client.get("/?from=2021-12-01&to=2021-12-31"))
    assert month.count('<li class="selected">') == 1


def test_a_misspelt_name_is_corrected_to_the_name_not_to_words(mixed_client):
    """``sri mulyan`` means the finance minister, not ``sri mulai`` ("Sri begins")."""
    body = mixed_client.get("/api/search?q=sri+mulyan").get_json()
    assert body["total"] == 0 and body["suggestion"]["q"] == "sri mulyani" and body["suggestion"]["total"] >= 3
    page = _text(mixed_client.get("/?q=jokowu+widodo"))
    assert re.search(r'Maksud Anda: <a href="[^"]+">joko widodo</a>\?', page)
    assert mixed_client.get("/api/search?q=ushakof").get_json()["suggestion"]["q"] == "ushakov"  # words still corrected
