"""The HTML pages: state in the URL, facets as links, escaped text."""

from __future__ import annotations

import html
import json
import re
from urllib.parse import parse_qs, urlsplit

from conftest import ROOT


def _links(page: str) -> list[str]:
    return [html.unescape(h) for h in re.findall(r'href="([^"]+)"', page)]


def test_search_page_shows_highlighted_results(client):
    page = client.get("/?q=bicara").get_data(as_text=True)
    assert '<input id="q" name="q" type="search" value="bicara"' in page
    assert "<mark>Pembicaraan</mark>" in page
    assert page.count('class="hit"') == 5


def test_facet_links_keep_state_and_toggle(client):
    page = client.get("/?q=ukraina&sort=oldest").get_data(as_text=True)
    person_links = [link for link in _links(page) if "person=Jen+Psaki" in link or "person=Jen%20Psaki" in link]
    assert person_links, "a link that ticks Jen Psaki"
    params = parse_qs(urlsplit(person_links[0]).query)
    assert params["q"] == ["ukraina"] and params["sort"] == ["oldest"] and params["person"] == ["Jen Psaki"]
    ticked = client.get(person_links[0]).get_data(as_text=True)
    assert ticked.count('class="hit"') == 2  # seeds 002 and 003 quote Psaki
    assert "hapus semua" in ticked


def test_date_facet_link_filters_to_the_month(client):
    page = client.get("/").get_data(as_text=True)
    month = [link for link in _links(page) if "from=2021-12-01" in link]
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


def _hits(page: str) -> int:
    return page.count('class="hit"')


def test_facets_are_links_with_counts(client):
    page = client.get("/?q=ukraina").get_data(as_text=True)
    person = re.search(r'<a class="facet-value" href="([^"]+)" data-value="Jen Psaki">.*?<span class="count">.*?(\d+)', page, re.S)
    assert person and int(person.group(2)) == 2
    assert parse_qs(urlsplit(html.unescape(person.group(1))).query) == {"q": ["ukraina"], "person": ["Jen Psaki"]}
    source = re.search(r'<a class="facet-value" href="([^"]+)" data-value="Kontan">', page)
    assert source and "source=Kontan" in html.unescape(source.group(1))


def test_ticked_values_are_marked_and_untick(client):
    page = client.get("/?q=ukraina&person=Jen+Psaki&source=Kontan").get_data(as_text=True)
    ticked = re.search(r'<a class="facet-value selected" href="([^"]+)" aria-current="true" data-value="Jen Psaki">', page)
    assert ticked, "a ticked person is marked"
    assert parse_qs(urlsplit(html.unescape(ticked.group(1))).query) == {"q": ["ukraina"], "source": ["Kontan"]}
    assert "Dipilih: </span>Jen Psaki" in page


def test_sources_combine_with_or_and_keep_their_counts(client):
    one = client.get("/?q=pembicaraan&source=Kontan").get_data(as_text=True)
    assert _hits(one) == 1
    other = re.search(r'data-value="alinea.id">.*?<span class="count">.*?(\d+)', one, re.S)
    assert other and other.group(1) == "1", "the other outlet keeps its count while Kontan is ticked"
    both = client.get("/?q=pembicaraan&source=Kontan&source=alinea.id").get_data(as_text=True)
    assert _hits(both) == 2


def test_person_facet_shows_ten_then_more_in_details(client):
    page = client.get("/").get_data(as_text=True)
    top, _, rest = page.partition('<details class="more">')
    assert rest, "a <details> holds the rest"
    listed = top[top.index('id="person-list"') :].count('class="facet-value')
    assert listed == 10
    assert "<summary>Tampilkan lebih banyak" in rest
    seed_persons = json.loads((ROOT / "tools" / "seed_persons.json").read_text(encoding="utf-8"))
    everyone = {name for seed, names in seed_persons.items() if not seed.startswith("_") for name in names}
    everyone.discard("Xi Jinping")  # named only in a "Baca Juga" line, which is boilerplate, not the article
    assert rest[: rest.index("</details>")].count('class="facet-value') == len(everyone) - 10


def test_person_filter_without_javascript(client):
    page = client.get("/?q=putin&pq=ush").get_data(as_text=True)
    matches = page[page.index('class="person-matches"') :]
    matches = matches[: matches.index('id="person-list"')]
    assert "tokoh cocok dengan <q>ush</q>" in matches
    assert re.findall(r'data-value="([^"]+)"', matches) == ["Yuri Ushakov"]
    link = html.unescape(re.search(r'href="([^"]+)" data-value="Yuri Ushakov"', matches).group(1))
    assert parse_qs(urlsplit(link).query) == {"q": ["putin"], "person": ["Yuri Ushakov"]}
    # the filter form carries the search along
    form = page[page.index('class="facet-search"') :]
    form = form[: form.index("</form>")]
    assert '<input type="hidden" name="q" value="putin">' in form and 'name="pq" type="search" value="ush"' in form
    nothing = client.get("/?pq=zzz").get_data(as_text=True)
    assert "0 tokoh cocok dengan <q>zzz</q>" in nothing


def test_date_histogram_bars_are_links_with_labels(client):
    page = client.get("/").get_data(as_text=True)
    bars = page[page.index('class="histogram') :]
    bars = bars[: bars.index('class="dates"')]
    month = re.search(r'<a href="([^"]+)" title="Desember 2021: 1 artikel" data-label="Desember 2021: 1 artikel">\s*<span class="bar h(\d+)"', bars)
    assert month and month.group(2) == "5", "1 of 5: a quarter of the height of the largest bar (undated: 4)"
    assert parse_qs(urlsplit(html.unescape(month.group(1))).query) == {"from": ["2021-12-01"], "to": ["2021-12-31"]}
    assert '<span class="visually-hidden">Desember 2021: 1 artikel</span>' in bars
    assert 'data-label="Tanpa tanggal: 4 artikel"' in bars and '<span class="bar h20"' in bars
    # the selected month is marked, and its bar removes the filter again
    chosen = client.get("/?from=2021-12-01&to=2021-12-31").get_data(as_text=True)
    assert '<li class="selected">' in chosen and "Tanggal:</span> Desember 2021" in chosen
    assert re.search(r'<li class="selected"><a href="/" title="Desember 2021', chosen)


def test_date_inputs_keep_the_search(client):
    page = client.get("/?q=putin&person=Joe+Biden&sort=oldest&from=2021-12-01").get_data(as_text=True)
    form = page[page.index('class="dates"') :]
    form = form[: form.index("</form>")]
    for hidden in ('name="q" value="putin"', 'name="person" value="Joe Biden"', 'name="sort" value="oldest"'):
        assert hidden in form
    assert 'name="from" value="2021-12-01"' in form and 'name="to" value=""' in form
    assert "Tanggal:</span> sejak 1 Desember 2021" in page


def test_suggestion_link_runs_the_corrected_query(client):
    page = client.get("/?q=ushakof&sort=oldest").get_data(as_text=True)
    found = re.search(r'<p class="suggestion">Maksud Anda: <a href="([^"]+)">ushakov</a>\?', page)
    assert found
    assert parse_qs(urlsplit(html.unescape(found.group(1))).query) == {"q": ["ushakov"], "sort": ["oldest"]}
    assert "(3 artikel)" in page
    assert 'class="suggestion"' not in client.get("/?q=ushakov").get_data(as_text=True)


def test_no_results_offers_each_filter_for_removal(client):
    page = client.get("/?q=pembicaraan&person=Sergey+Lavrov&source=Kontan").get_data(as_text=True)
    assert _hits(page) == 0
    empty = page[page.index('class="empty"') :]
    assert "Tidak ada artikel yang cocok dengan <q>pembicaraan</q> dan saringan ini." in empty
    removals = {html.unescape(text): html.unescape(href) for href, text in re.findall(r'<li><a href="([^"]+)">(Hapus [^<]+)</a>', empty)}
    assert set(removals) == {"Hapus tokoh: Sergey Lavrov", "Hapus sumber: Kontan", "Hapus semua saringan"}
    assert parse_qs(urlsplit(removals["Hapus tokoh: Sergey Lavrov"]).query) == {"q": ["pembicaraan"], "source": ["Kontan"]}
    assert _hits(client.get(removals["Hapus semua saringan"]).get_data(as_text=True)) == 5


def test_results_link_articles_at_the_first_match_and_downloads(client):
    page = client.get("/?q=bicara&person=Jen+Psaki&page=1&size=5").get_data(as_text=True)
    assert 'href="/documents/002_31777490a35d9720?q=bicara&amp;person=Jen+Psaki&amp;size=5#m1"' in page
    assert 'href="/api/search.csv?q=bicara&amp;person=Jen+Psaki&amp;size=5"' in page
    assert 'href="/api/search.jsonl?q=bicara&amp;person=Jen+Psaki&amp;size=5"' in page
    assert 'href="/api/search?q=bicara&amp;person=Jen+Psaki&amp;size=5"' in page  # the JSON twin
    browse = client.get("/").get_data(as_text=True)
    assert 'href="/documents/002_31777490a35d9720"' in browse, "no #m1 without a query"


def test_pages_and_result_range(client):
    page = client.get("/?size=2&page=2").get_data(as_text=True)
    assert "Hasil <strong>3–4</strong> dari <strong>5</strong> artikel" in page
    nav = page[page.index('class="pages"') :]
    nav = nav[: nav.index("</nav>")]
    assert '<strong aria-current="page">2</strong>' in nav
    assert 'rel="prev" href="/?size=2"' in nav and 'rel="next" href="/?page=3&amp;size=2"' in nav


def test_article_page_has_similar_articles_and_original_link(client, tmp_path):
    page = client.get("/documents/002_31777490a35d9720?q=bicara").get_data(as_text=True)
    assert '<mark id="m1">' in page
    similar = page[page.index('class="similar"') : page.index("</aside>")]
    assert "Artikel serupa" in similar
    links = re.findall(r'<li><a href="(/documents/[^"]+)">', similar)
    assert 1 <= len(links) <= 5 and all(link.endswith("?q=bicara#m1") for link in links)
    assert "/documents/002_31777490a35d9720?" not in similar, "not the article itself"
    assert "kata yang cocok dengan <q>bicara</q> ditandai" in page


def test_article_page_links_an_original_url(tmp_path):
    from search.indexing.pipeline import index_paths
    from web import create_app

    (tmp_path / "a.md").write_text("---\ntitle: Uji tautan\nurl: https://contoh.id/berita/1\nsource: Contoh\n---\nIsi berita uji.\n", encoding="utf-8")
    index_paths([tmp_path / "a.md"], tmp_path / "index")
    app = create_app(index_dir=tmp_path / "index", config={"TESTING": True})
    try:
        client = app.test_client()
        doc_id = client.get("/api/search").get_json()["hits"][0]["id"]
        page = client.get(f"/documents/{doc_id}").get_data(as_text=True)
        assert '<a class="original" href="https://contoh.id/berita/1" rel="noopener noreferrer">Buka artikel asli' in page
        assert "Tidak ada artikel serupa." in page
    finally:
        app.extensions["telusur.index"].close()


def test_pages_load_only_local_assets_and_no_inline_script(client):
    for url in ("/?q=bicara", "/documents/002_31777490a35d9720?q=bicara", "/tidak-ada"):
        page = client.get(url).get_data(as_text=True)
        assert re.findall(r"<script[^>]*>", page) == ['<script src="/static/telusur.js" defer>']
        assert not re.search(r"\son[a-z]+=", page), "no inline event handlers"
        assert not re.search(r'(src|href)="(https?:)?//', page.replace('href="https://contoh', "")), "nothing from another host"
        assert " style=" not in page
    script = client.get("/static/telusur.js")
    assert script.status_code == 200 and "textContent" in script.get_data(as_text=True)
    script.close()


def test_histogram_fills_gaps_and_switches_to_years_for_long_spans():
    from datetime import date

    from search.retrieval.facets import period_text
    from search.retrieval.request import SearchRequest
    from search.retrieval.results import FacetValue
    from web.pages import histogram

    months = [FacetValue("2021-11", "November 2021", 4, False), FacetValue("2022-02", "Februari 2022", 1, False), FacetValue("none", "Tanpa tanggal", 2, False)]
    bars = histogram(SearchRequest(q="x", date_from=date(2021, 11, 1), date_to=date(2021, 11, 30)), months)
    assert [(b.short, b.count, b.level) for b in bars] == [
        ("Nov 2021", 4, 20), ("Des 2021", 0, 0), ("Jan 2022", 0, 0), ("Feb 2022", 1, 5), ("Tanpa tanggal", 2, 10),
    ]  # fmt: skip
    assert bars[0].selected and bars[0].href == "/?q=x", "the current month's bar removes the filter"
    assert bars[1].href is None and bars[3].href == "/?q=x&from=2022-02-01&to=2022-02-28" and bars[4].undated and bars[4].href is None
    wide = histogram(SearchRequest(), [FacetValue("2015-03", "", 2, False), FacetValue("2021-12", "", 3, False)])
    assert [(b.label, b.count) for b in wide] == [(str(y), {2015: 2, 2021: 3}.get(y, 0)) for y in range(2015, 2022)]
    assert wide[-1].href == "/?from=2021-01-01&to=2021-12-31"
    assert period_text(date(2021, 1, 1), date(2021, 12, 31)) == "2021"
    assert period_text(date(2021, 12, 1), date(2021, 12, 31)) == "Desember 2021"
    assert period_text(date(2021, 12, 5), date(2022, 1, 5)) == "5 Desember 2021 – 5 Januari 2022"
    assert period_text(None, date(2022, 1, 5)) == "sampai 5 Januari 2022"
