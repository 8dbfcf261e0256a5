"""The Whoosh schema: what is indexed, what is stored, what is a facet.

Facet fields (``person``, ``source``, ``agency``, ``month``) hold exact values and are
counted from their postings (see :mod:`search.retrieval.facet_tables`); ``person``
holds the names an article gives people and ``person_partial`` its one-word names
that only the person registry can resolve (:mod:`search.indexing.registry`);
``person_words`` and
``source_words`` let ``person:putin`` match a word inside a name; ``spelling``
holds the unstemmed words, for "Maksud Anda" suggestions.
"""

from __future__ import annotations

from whoosh.fields import DATETIME, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from search.analysis.analyzers import indonesian_analyzer, name_analyzer
from search.ingest.dates import month_key, to_jakarta
from search.ingest.names import names_of
from search.ingest.records import Article

#: Value of the ``month`` facet for articles without a date.
UNDATED = "none"


def build_schema() -> Schema:
    """A fresh schema for a new index."""
    return Schema(
        id=ID(stored=True, unique=True, sortable=True),
        fingerprint=ID(sortable=True),
        file=ID(sortable=True),
        origin=STORED(),
        origins=STORED(),
        title=TEXT(analyzer=indonesian_analyzer(), stored=True, phrase=True),
        body=TEXT(analyzer=indonesian_analyzer(), stored=True, phrase=True),
        url=STORED(),
        date=DATETIME(stored=True, sortable=True),
        undated=NUMERIC(sortable=True),
        day=NUMERIC(numtype=int, bits=32),  # signed: Whoosh 2.7 mis-ranges unsigned fields
        month=ID(),
        person=KEYWORD(stored=True, commas=True, scorable=False),
        person_partial=KEYWORD(stored=True, commas=True, scorable=False),
        person_words=TEXT(analyzer=name_analyzer()),
        source=KEYWORD(stored=True, commas=True, scorable=False),
        source_words=TEXT(analyzer=name_analyzer()),
        agency=KEYWORD(stored=True, commas=True, scorable=False),
        spelling=TEXT(analyzer=name_analyzer(), phrase=False),
    )


def document_fields(article: Article) -> dict[str, object]:
    """The Whoosh document for ``article``."""
    fields: dict[str, object] = {
        "id": article.id,
        "fingerprint": article.fingerprint(),
        "file": article.file,
        "origin": article.origin,
        "origins": article.origins,
        "title": article.title,
        "body": article.body,
        "url": article.url,
        "undated": 0 if article.date else 1,
        "month": month_key(article.date) if article.date else UNDATED,
        "person": ",".join(article.persons),
        "person_partial": ",".join(article.partials),
        "person_words": " ; ".join(name for person in article.persons for name in names_of(person)),
        "source": ",".join(article.sources),
        "source_words": " ; ".join(article.sources),
        "agency": ",".join(article.agencies),
        "spelling": f"{article.title}\n{article.body}",
    }
    if article.date:
        fields["date"] = article.date.replace(tzinfo=None)  # naive UTC: Whoosh's convention
        fields["day"] = to_jakarta(article.date).date().toordinal()  # for day-range filters
    return fields


def split_values(stored: str | None) -> list[str]:
    """The values of a stored comma-separated facet field."""
    return [v for v in (stored or "").split(",") if v]
