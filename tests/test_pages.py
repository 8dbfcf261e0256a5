"""The HTML pages: state in the URL, facets as links, escaped text."""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urlsplit


def _links(page: str) -> list[str]:
    return [html.unescape(h) for h in re.findall(r'href="([^"]+)"', page)]


def test_search_page_shows_highlighted_results(client):
    page = client.get("/?q=bicara").get_data(as_text=True)
    assert '<input id="q" name="q" type="search" value="bicara"' in page
    assert "<mark>Pembicaraan</mark>" in page
    assert page.count('class="hit"') == 5


def test_facet_links_keep_state_and_toggle(client):
    page = client.get("/?q=ukraina&sort=oldest").get_data(as_text=True)
    person_links = [l for l in _links(page) if "person=Jen+Psaki" in l or "person=Jen%20Psaki" in l]
    assert person_links, "a link that ticks Jen Psaki"
    params = parse_qs(urlsplit(person_links[0]).query)
    assert params["q"] == ["ukraina"] and params["sort"] == ["oldest"] and params["person"] == ["Jen Psaki"]
    ticked = client.get(person_links[0]).get_data(as_text=True)
    assert ticked.count('class="hit"') == 2  # seeds 002 and 003 quote Psaki
    assert "hapus semua" in ticked


def test_date_facet_link_filters_to_the_month(client):
    page = client.get("/").get_data(as_text=True)
    month = [l for l in _links(page) if "from=2021-12-01" in l]
    assert month and "to=2021-12-31" in month[0]
    filtered = client.get(month[0]).get_data(as_text=True)
    assert filtered.count('class="hit"') == 1 and "31 Desember 2021" in filtered


def test_empty_query_browses_newest_first(client):
    page = client.get("/").get_data(as_text=True)
    assert page.count('class="hit"') == 5
    assert page.index("31 Desember 2021") < page.index('class="hit"', page.index('class="hit"') + 1)


def test_article_page_marks_matches_and_links_json(client):
    page = client.get("/documents/002_31777490a35d9720?q=bicara").get_data(as_text=True)
    assert page.count("<mark>") >= 5
    assert 'href="/api/documents/002_31777490a35d9720?q=bicara"' in page
    assert 'href="/?person=Jen%20Psaki"' in page


def test_markup_in_queries_renders_as_text(client):
    payload = '"><script>alert(1)</script><img src=x onerror=alert(1)>'
    for url in ("/", "/documents/002_31777490a35d9720"):
        page = client.get(url, query_string={"q": payload}).get_data(as_text=True)
        assert "<script>" not in page and "<img" not in page
        assert "&lt;script&gt;" in page


def test_bad_parameter_page_is_a_friendly_400(client):
    response = client.get("/?page=abc")
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "Permintaan tidak valid" in text and "Traceback" not in text


def test_unknown_article_is_404(client):
    response = client.get("/documents/tidak-ada")
    assert response.status_code == 404 and "Tidak ditemukan" in response.get_data(as_text=True)
