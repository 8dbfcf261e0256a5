"""The facets a reader sees over real news (seeds + a clickid-2019 sample) are trustworthy."""

from __future__ import annotations

import gzip
import json
from collections import Counter

import search.retrieval.facets
from search.ingest.outlets import normalize_outlet
from search.retrieval.request import SearchRequest

from conftest import CLICKID, CLICKID_STRIDE, require_corpus

NOT_PERSONS = {
    "Jakarta", "Indonesia", "KPK", "DPR", "Polri", "TNI", "Istana", "Gedung Putih", "Kremlin", "Bank Indonesia",
    "Moskow", "Ukraina", "Rusia", "NATO", "Amerika Serikat", "Papua", "Presiden", "Menteri", "Kompas", "Tempo",
}  # fmt: skip


def _sample_outlets() -> Counter[str]:
    """The outlets of the sampled clickid records, as the corpus names them (domains)."""
    with gzip.open(require_corpus(CLICKID), "rt", encoding="utf-8") as lines:
        return Counter(json.loads(line)["source"] for n, line in enumerate(lines) if n % CLICKID_STRIDE == 0)


def test_one_clean_name_per_outlet(mixed_index):
    facet = {f.value: f.count for f in mixed_index.search(SearchRequest()).facets["source"]}
    expected = Counter()
    for domain, count in _sample_outlets().items():
        expected[normalize_outlet(domain)] += count
    expected.update({"Kontan": 1, "alinea.id": 1})  # the seeds' mastheads
    assert facet == dict(expected)
    assert all("." not in name or name == "alinea.id" for name in facet)  # names, not domains
    assert len(facet) == len(_sample_outlets()) + 2


def test_date_facet_spans_the_corpus_months_and_an_undated_bucket(mixed_index):
    months = {f.value: f.count for f in mixed_index.search(SearchRequest()).facets["date"]}
    assert months.pop("none") == 4  # four seeds carry no determinable date
    assert months.pop("2021-12") == 1  # the alinea.id seed
    assert set(months) <= {f"2019-{m:02d}" for m in range(3, 11)}
    assert max(months, key=months.get) == "2019-09"  # most of clickid is from September 2019


def test_top_persons_are_people(mixed_index, monkeypatch):
    monkeypatch.setattr(search.retrieval.facets, "FACET_SIZE", 20)
    persons = [f.value for f in mixed_index.search(SearchRequest()).facets["person"]]
    assert len(persons) == 20
    assert not set(persons) & NOT_PERSONS
    assert "Joko Widodo" in persons[:3]  # the president leads the 2019 news
    assert all(name[0].isupper() for name in persons)
