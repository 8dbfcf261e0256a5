"""The JSON API as a script would use it: shape, filters, errors."""

from __future__ import annotations

import csv
import io
import json

import pytest

from search.indexing.pipeline import index_paths
from web import create_app

from conftest import SEEDS

HIT_KEYS = {"id", "title", "date", "source", "persons", "url", "snippet", "score"}


def test_search_json_shape(client):
    body = client.get("/api/search?q=bicara").get_json()
    assert {"query", "total", "page", "size", "hits", "facets", "took_ms"} <= body.keys()
    assert body["query"] == "bicara" and body["page"] == 1 and body["size"] == 10
    assert body["total"] == len(body["hits"]) > 0
    for hit in body["hits"]:
        assert hit.keys() >= HIT_KEYS
        assert isinstance(hit["persons"], list) and isinstance(hit["source"], list)
    assert set(body["facets"]) == {"person", "source", "agency", "date"}
    for values in body["facets"].values():
        for value in values:
            assert {"value", "count", "selected"} <= value.keys()


def test_search_marks_stemmed_matches_as_written(client):
    hits = client.get("/api/search?q=bicara").get_json()["hits"]
    assert any("<mark>Pembicaraan</mark>" in h["snippet"] for h in hits)


def test_filters_and_selected_facets(client):
    """The filters keep exactly the articles of the unfiltered search that qualify."""
    everything = client.get("/api/search?q=ukraina&size=100").get_json()["hits"]
    qualify = {h["id"] for h in everything if "Jen Psaki" in h["persons"] and "Kontan" in h["source"]}
    body = client.get("/api/search?q=ukraina&person=Jen+Psaki&source=Kontan").get_json()
    assert 0 < len(qualify) < len(everything)
    assert body["total"] == len(qualify) and {h["id"] for h in body["hits"]} == qualify
    selected = {f["value"] for name in ("person", "source") for f in body["facets"][name] if f["selected"]}
    assert selected == {"Jen Psaki", "Kontan"}


def test_date_filter_keeps_the_days_in_jakarta_time(client):
    everything = client.get("/api/search?size=100").get_json()["hits"]
    on_the_day = {h["id"] for h in everything if h["date"] and h["date"].startswith("2021-12-31")}
    body = client.get("/api/search?from=2021-12-31&to=2021-12-31").get_json()
    assert on_the_day and body["total"] == len(on_the_day) < len(everything)
    assert {h["id"] for h in body["hits"]} == on_the_day


def test_size_and_page(client):
    first = client.get("/api/search?q=putin&size=2").get_json()
    second = client.get("/api/search?q=putin&size=2&page=2").get_json()
    assert len(first["hits"]) == 2 and first["size"] == 2
    assert not {h["id"] for h in first["hits"]} & {h["id"] for h in second["hits"]}


@pytest.mark.parametrize(
    ("query", "param"),
    [
        ("page=-1", "page"),
        ("page=abc", "page"),
        ("size=10000", "size"),
        ("size=0", "size"),
        ("from=31-31-2021", "from"),
        ("to=2021-02-30", "to"),
        ("from=2022-01-01&to=2021-01-01", "from"),
        ("sort=popular", "sort"),
        ("q=" + "kata%20" * 2000, "q"),
        ("page=2000", "page"),
    ],
)
def test_bad_parameters_get_400_naming_the_parameter(client, query, param):
    response = client.get("/api/search?" + query)
    assert response.status_code == 400
    body = response.get_json()
    assert body["parameter"] == param and param in body["error"]


@pytest.mark.parametrize(
    ("query", "read_as"),
    [
        ('"pembicaraan serius', "pembicaraan serius"),  # an unclosed quote: the words
        ("(((putin", "putin"),
        ("putin AND", "putin"),
        ("OR biden", "biden"),
        ("- blinken", "blinken"),
        ("title:(kremlin", "kremlin"),
        ("person:putin", "putin"),  # not a field of the index: a word
    ],
)
def test_malformed_queries_are_read_leniently(client, query, read_as):
    """A query with broken syntax finds what its words find, never a 400 or 500."""
    response = client.get("/api/search", query_string={"q": query})
    assert response.status_code == 200
    found = {hit["id"] for hit in response.get_json()["hits"]}
    assert found and found == {hit["id"] for hit in client.get("/api/search", query_string={"q": read_as}).get_json()["hits"]}


@pytest.mark.parametrize("query", ["OR", "-", "[a TO", "person:", "title:("])
def test_queries_of_syntax_alone_find_nothing(client, query):
    body = client.get("/api/search", query_string={"q": query}).get_json()
    assert body["total"] == 0 and body["hits"] == [] and body["query"] == query


def test_document_and_unknown_document(client):
    doc = client.get("/api/documents/002_31777490a35d9720").get_json()
    assert doc["title"].startswith("Biden-Putin terlibat pembicaraan")
    assert doc["date"] == "2021-12-31T13:15:00+07:00"
    assert "alinea.id" in doc["source"]
    missing = client.get("/api/documents/no-such-id")
    assert missing.status_code == 404 and "no-such-id" in missing.get_json()["error"]


def test_health_counts_documents(client):
    assert client.get("/health").get_json() == {"status": "ok", "documents": 5}


def test_unknown_api_path_and_method_answer_json(client):
    assert client.get("/api/nothing").status_code == 404
    assert client.get("/api/nothing").get_json()["error"]
    response = client.post("/api/search")
    assert response.status_code == 405 and response.get_json()["error"]


def test_app_follows_index_changes_without_restart(tmp_path):
    """A running app sees documents committed after it opened the index."""

    first = tmp_path / "one"
    first.mkdir()
    (first / "a.txt").write_text((SEEDS / "000_d48e1b73f05b2741.txt").read_text(encoding="utf-8"), encoding="utf-8")
    index_paths([first], tmp_path / "ix")
    app = create_app(index_dir=tmp_path / "ix")
    client = app.test_client()
    assert client.get("/health").get_json()["documents"] == 1
    index_paths([SEEDS], tmp_path / "ix")
    assert client.get("/health").get_json()["documents"] == 6
    assert client.get("/api/search?q=psaki").get_json()["total"] == 2
    app.extensions["telusur.index"].close()


def test_csv_and_jsonl_downloads_hold_the_results(client):
    expected = [h["id"] for h in client.get("/api/search?q=putin&sort=newest&size=100").get_json()["hits"]]
    response = client.get("/api/search.csv?q=putin&sort=newest")
    assert response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [r["id"] for r in rows] == expected
    assert "Vladimir Putin" in rows[0]["persons"].split("; ")
    lines = client.get("/api/search?q=putin&sort=newest&format=jsonl&limit=2").get_data(as_text=True).splitlines()
    assert [json.loads(line)["id"] for line in lines] == expected[:2]
    assert client.get("/api/search.jsonl?limit=20000").status_code == 400


def test_facet_value_search_counts_the_current_results(client):
    body = client.get("/api/facets/person?q=ukraina&prefix=ushak").get_json()
    assert [(v["value"], v["count"]) for v in body["values"]] == [("Yuri Ushakov", 3)]
    everyone = client.get("/api/facets/person?q=ukraina&limit=500").get_json()["values"]
    assert len(everyone) > len(client.get("/api/facets/person?q=ukraina&limit=3").get_json()["values"]) == 3
    assert client.get("/api/facets/lokasi").status_code == 404


def test_source_counts_stay_meaningful_while_one_is_ticked(client):
    """Disjunctive counts: ticking Kontan still shows alinea.id's count, so it can be added (OR)."""
    facet = {f["value"]: f for f in client.get("/api/search?q=ukraina&source=Kontan").get_json()["facets"]["source"]}
    assert facet["Kontan"]["selected"] and facet["Kontan"]["count"] == 1
    assert facet["alinea.id"]["count"] == 1 and not facet["alinea.id"]["selected"]
    both = client.get("/api/search?q=ukraina&source=Kontan&source=alinea.id").get_json()
    assert both["total"] == 2


def test_spelling_suggestion_runs_a_better_query(client):
    body = client.get("/api/search?q=ushakof").get_json()
    assert body["total"] == 0 and body["suggestion"]["q"] == "ushakov"
    assert client.get("/api/search?q=ushakov").get_json()["total"] == body["suggestion"]["total"] == 3
    assert client.get("/api/search?q=ushakov").get_json()["suggestion"] is None


def test_article_json_lists_similar_articles(client):
    body = client.get("/api/documents/002_31777490a35d9720").get_json()
    similar = [s["id"] for s in body["similar"]]
    assert similar and "002_31777490a35d9720" not in similar
    assert body["origins"]["date"] == "extracted"


def test_filters_follow_an_index_update(tmp_path):
    """Cached filter results belong to one index generation: a re-index changes the answer."""

    folder = tmp_path / "in"
    folder.mkdir()
    seed = (SEEDS / "003_214c75a972e520e4.txt").read_text(encoding="utf-8")
    (folder / "a.txt").write_text(seed, encoding="utf-8")
    index_paths([folder], tmp_path / "ix")
    app = create_app(index_dir=tmp_path / "ix")
    client = app.test_client()
    assert client.get("/api/search?source=Kontan").get_json()["total"] == 1
    (folder / "b.txt").write_text(seed.replace("Ushakov", "Ushakova"), encoding="utf-8")
    index_paths([folder], tmp_path / "ix")
    assert client.get("/api/search?source=Kontan").get_json()["total"] == 2
    app.extensions["telusur.index"].close()
