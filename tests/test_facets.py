"""The facets as a reader meets them, one class each: the agency facet (the
credited news agencies) end to end, and the rules every facet of names shares."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from search.retrieval.facets import FACETS, VALUE_FACETS, AgencyFacet
from search.retrieval.request import SearchRequest

from conftest import SEEDS

#: A credit of an agency or medium in running text, as the seeds write it: ``mengutip
#: Reuters``, ``kepada surat kabar Jerman Die Welt``, ``The New York Times melaporkan``.
CREDIT = r"(?:(?:menurut|dikutip|dilansir|mengutip|melansir|sumber:|kepada(?: surat kabar \w+)?)\s+{0}\b|\b{0} melaporkan)"
#: Every agency and medium the seeds credit, by their names in the agency list.
SEED_AGENCIES = ("Reuters", "Bloomberg", "The New York Times", "Die Welt", "ABC News")


def seeds_crediting(agency: str) -> set[str]:
    pattern = re.compile(CREDIT.format(agency), re.I)
    return {p.stem for p in sorted(SEEDS.glob("*.txt")) if pattern.search(p.read_text(encoding="utf-8"))}


def ids(index, **params) -> set[str]:
    return {hit.id for hit in index.search(SearchRequest(size=100, **params)).hits}


@pytest.mark.parametrize("agency", SEED_AGENCIES)
def test_the_agency_filter_finds_the_articles_that_credit_the_agency(seed_index, agency):
    credited = seeds_crediting(agency)
    assert credited, f"the seeds credit {agency}"
    assert ids(seed_index, filters={"agency": (agency,)}) == credited


def test_agencies_combine_with_or_and_count_as_if_unselected(seed_index):
    reuters, bloomberg = seeds_crediting("Reuters"), seeds_crediting("Bloomberg")
    assert ids(seed_index, filters={"agency": ("Reuters", "Bloomberg")}) == reuters | bloomberg
    response = seed_index.search(SearchRequest(filters={"agency": ("Reuters",)}))
    counts = {v.value: (v.count, v.selected) for v in response.facets["agency"]}
    assert counts == {agency: (len(seeds_crediting(agency)), agency == "Reuters") for agency in SEED_AGENCIES}
    assert response.facet_totals["agency"] == len(SEED_AGENCIES)


def test_agency_counts_match_filtered_searches(mixed_index):
    for q in ("", "presiden"):
        response = mixed_index.search(SearchRequest(q=q))
        assert response.facets["agency"], "the clickid sample credits agencies"
        for value in response.facets["agency"]:
            assert mixed_index.search(SearchRequest(q=q, filters={"agency": (value.value,)})).total == value.count, value


def test_agency_in_the_api(client):
    body = client.get("/api/search?agency=Bloomberg").get_json()
    assert body["filters"]["agency"] == ["Bloomberg"]
    assert {h["id"] for h in body["hits"]} == seeds_crediting("Bloomberg")
    assert all("Bloomberg" in h["agencies"] for h in body["hits"])
    facet = [(v["value"], v["selected"]) for v in body["facets"]["agency"]]
    assert facet[0] == ("Bloomberg", True) and sorted(facet[1:]) == sorted((a, False) for a in SEED_AGENCIES if a != "Bloomberg")
    found = client.get("/api/facets/agency?prefix=reu").get_json()
    assert [(v["value"], v["count"]) for v in found["values"]] == [("Reuters", len(seeds_crediting("Reuters")))]
    download = client.get("/api/search.csv?agency=Reuters").get_data(as_text=True).splitlines()
    assert download[0].split(",")[4] == "agencies" and len(download) == 1 + len(seeds_crediting("Reuters"))


def test_agency_in_the_openapi_description(client):
    spec = client.get("/api/openapi.json").get_json()
    search = spec["paths"]["/api/search"]["get"]
    assert "agency" in {p["name"] for p in search["parameters"]}
    assert "agency" in spec["paths"]["/api/facets/{name}"]["get"]["parameters"][0]["schema"]["enum"]
    response = spec["components"]["schemas"]["SearchResponse"]["properties"]
    assert {"agency"} <= set(response["facets"]["properties"]) & set(response["filters"]["properties"])


def test_agency_on_the_page(client):
    page = client.get("/?q=putin").get_data(as_text=True)
    section = re.search(r'<section class="facet" id="facet-agency".*?</section>', page, re.S).group()
    assert "Dikutip dari" in section
    link = re.search(r'href="([^"]*agency=Reuters[^"]*)"', section).group(1).replace("&amp;", "&")
    assert parse_qs(urlsplit(link).query) == {"q": ["putin"], "agency": ["Reuters"]}
    filtered = client.get(link).get_data(as_text=True)
    chip = re.search(r'<a class="chip" href="([^"]*)"><span class="kind">Dikutip dari:</span> Reuters', filtered)
    assert chip and chip.group(1).replace("&amp;", "&") == "/?q=putin", "the chip removes the agency and keeps the query"
    article = client.get("/documents/002_31777490a35d9720").get_data(as_text=True)
    assert '<a href="/?agency=Reuters">Reuters</a>' in article


def test_every_facet_of_names_is_a_url_parameter_and_a_result_field(client):
    """The registry drives the page, the API and the downloads: no facet is named in the engine."""
    assert [f.name for f in FACETS] == ["person", "source", "agency", "date"]
    body = client.get("/api/search").get_json()
    for facet in VALUE_FACETS:
        assert facet.name in body["filters"] and facet.name in body["facet_totals"]
        assert all(facet.article_key in hit for hit in body["hits"])
    assert isinstance(next(f for f in VALUE_FACETS if f.name == "agency"), AgencyFacet)


def test_a_selected_value_is_removed_by_its_own_link():
    search = SearchRequest(q="x", filters={"person": ("A", "B"), "agency": ("Reuters",)}, date_from=None)
    removals = [(facet.name, label, without) for facet in FACETS for label, without in facet.removals(search)]
    assert [(name, label) for name, label, _ in removals] == [("person", "A"), ("person", "B"), ("agency", "Reuters")]
    assert removals[0][2].filters == {"person": ("B",), "agency": ("Reuters",)}
    assert removals[2][2].filters == {"person": ("A", "B")}
