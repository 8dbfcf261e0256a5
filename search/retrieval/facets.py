"""The facets: one class per kind of facet, and the registry :data:`FACETS`.

Each facet knows its index field, how its filter combines, whether it counts
disjunctively (as if its own filter were not set, so the other values keep
meaningful counts and can be added), how its values are labelled and how a
selected value is removed.  The engine, the pages, the API, its OpenAPI
description and the downloads iterate over :data:`FACETS`; adding a facet of
names is one class here (and its section in the page template).

* :class:`PersonFacet`: people mentioned, one canonical person per value (the person
  registry's, :mod:`search.indexing.registry`); ticking two means both (AND).
* :class:`SourceFacet`: outlets; any of those ticked (OR), counted disjunctively.
* :class:`AgencyFacet`: agencies an article credits (Reuters, Antara...); OR, disjunctive.
* :class:`MonthFacet`: publication months and an undated bucket; filtered by a day range.
"""

from __future__ import annotations

import calendar
from collections import Counter
from datetime import date
from operator import itemgetter
from typing import ClassVar

from whoosh.query import And, AndNot, NumericRange, Or, Query, Term

from search.indexing.registry import PersonRegistry
from search.indexing.schema import UNDATED
from search.ingest.dates import MONTH_NAMES, day_text
from search.retrieval.request import SearchRequest
from search.retrieval.results import FacetValue

#: How many values a facet of names lists (selected ones always are).
FACET_SIZE = 50
#: The label of the undated bucket of the month facet.
UNDATED_LABEL = "Tanpa tanggal"


def most_frequent(counts: Counter[str], limit: int) -> list[tuple[str, int]]:
    """The ``limit`` most frequent values, ties by name: two C-level sorts (by
    name, then stably by count) instead of a Python key for each of up to tens
    of thousands of values."""
    return sorted(sorted(counts.items()), key=itemgetter(1), reverse=True)[:limit]


class Facet:
    """A way to narrow the results, with counts of its values in the results."""

    #: The facet's name: its key in the API's ``facets`` and ``filters``.
    name: ClassVar[str]
    #: The index field its values come from.
    field: ClassVar[str]
    #: The facet-table column that is counted (see :mod:`search.retrieval.facet_tables`).
    column: ClassVar[str]
    #: What the page calls it.
    label: ClassVar[str]
    #: Counted as if its own filter were not set.
    disjunctive: ClassVar[bool]

    def is_active(self, request: SearchRequest) -> bool:
        """Whether ``request`` filters by this facet."""
        raise NotImplementedError

    def filter_parts(self, request: SearchRequest, registry: PersonRegistry | None = None) -> list[Query]:
        """The queries a document must all match to pass this facet's filter (``registry``:
        the index's persons, for the person facet)."""
        raise NotImplementedError

    def values(self, counts: Counter[str], request: SearchRequest) -> list[FacetValue]:
        """The values to show, with their counts in the results."""
        raise NotImplementedError

    def removals(self, request: SearchRequest) -> list[tuple[str, SearchRequest]]:
        """Each selected value (as a label) and the request without it."""
        raise NotImplementedError


class ValueFacet(Facet):
    """A facet of names (persons, outlets, agencies): a repeatable URL parameter
    named after the facet, one exact value per name."""

    #: The key of an article's values in hits, documents and downloads (``persons``).
    article_key: ClassVar[str]
    #: Whether a document must have all the selected values (AND) or any (OR).
    requires_all: ClassVar[bool]
    #: What the parameter does, for the API description and ``--help``.
    description: ClassVar[str]

    def selected(self, request: SearchRequest) -> tuple[str, ...]:
        return request.values(self.name)

    def is_active(self, request: SearchRequest) -> bool:
        return bool(self.selected(request))

    def filter_parts(self, request: SearchRequest, registry: PersonRegistry | None = None) -> list[Query]:
        terms: list[Query] = [self.value_query(value, registry) for value in self.selected(request)]
        if self.requires_all or not terms:
            return terms
        return [Or(terms)]

    def value_query(self, value: str, registry: PersonRegistry | None) -> Query:
        """The documents that have ``value``."""
        return Term(self.field, value)

    def values(self, counts: Counter[str], request: SearchRequest) -> list[FacetValue]:
        """The most frequent values, then any selected value not among them."""
        selected = self.selected(request)
        shown = dict(most_frequent(counts, FACET_SIZE))
        for value in selected:
            shown.setdefault(value, counts.get(value, 0))
        return [FacetValue(v, v, n, v in selected) for v, n in shown.items()]

    def matching_values(
        self, counts: Counter[str], request: SearchRequest, prefix: str, limit: int, registry: PersonRegistry | None = None
    ) -> list[FacetValue]:
        """The most frequent values with a word starting with ``prefix`` (case-insensitive)."""
        wanted = prefix.strip().lower()
        if wanted:
            counts = Counter({
                value: n
                for value, n in counts.items()
                if any(_starts(name, wanted) for name in self.names_of(value, registry))
            })
        selected = self.selected(request)
        return [FacetValue(v, v, n, v in selected) for v, n in most_frequent(counts, limit)]

    def names_of(self, value: str, registry: PersonRegistry | None) -> list[str]:
        """The names ``value`` may be looked up by."""
        return [value]

    def toggled(self, request: SearchRequest, value: str) -> SearchRequest:
        """``request`` with ``value`` selected, or unselected if it was."""
        selected = self.selected(request)
        values = tuple(v for v in selected if v != value) if value in selected else (*selected, value)
        return request.with_values(self.name, values)

    def removals(self, request: SearchRequest) -> list[tuple[str, SearchRequest]]:
        return [(value, self.toggled(request, value)) for value in self.selected(request)]


class PersonFacet(ValueFacet):
    name = field = "person"
    #: Each article's canonical persons, made from ``person`` and ``person_partial`` by the registry.
    column = "person_canonical"
    label = "Tokoh"
    article_key = "persons"
    requires_all = True
    disjunctive = False
    description = "Only articles mentioning all these people."

    def value_query(self, value: str, registry: PersonRegistry | None) -> Query:
        """The articles that name ``value`` in any of the ways the registry knows."""
        if registry is None:
            return Term("person", value)
        variants, partials, contextual = registry.terms(value)
        terms = [Term("person", v) for v in variants] + [Term("person_partial", p) for p in partials]
        for word, mine, theirs in contextual:  # the one-word name, in its context and not in the others'
            here = And([Or([Term("person", word), Term("person_partial", word)]), Or([Term("person", v) for v in sorted(mine)])])
            terms.append(AndNot(here, Or([Term("person", v) for v in sorted(theirs)])) if theirs else here)
        return terms[0] if len(terms) == 1 else Or(terms)

    def names_of(self, value: str, registry: PersonRegistry | None) -> list[str]:
        """A person is found by any name articles give them (``jokowi`` finds Joko Widodo)."""
        if registry is None or value not in registry.persons:
            return [value]
        person = registry.persons[value]
        return [value, *person.variants, *person.partials]


class SourceFacet(ValueFacet):
    name = field = column = "source"
    label = "Sumber"
    article_key = "source"
    requires_all = False
    disjunctive = True
    description = "Only articles from any of these outlets."


class AgencyFacet(ValueFacet):
    name = field = column = "agency"
    label = "Dikutip dari"
    article_key = "agencies"
    requires_all = False
    disjunctive = True
    description = "Only articles crediting any of these news agencies (Reuters, Antara...)."


class MonthFacet(Facet):
    """Publication months (Jakarta time), and the articles without a date in
    their own bucket; filtered by the ``from``/``to`` day range, which leaves
    undated articles out."""

    name = "date"
    field = column = "month"
    label = "Tanggal"
    disjunctive = True

    def is_active(self, request: SearchRequest) -> bool:
        return bool(request.date_from or request.date_to)

    def filter_parts(self, request: SearchRequest, registry: PersonRegistry | None = None) -> list[Query]:
        """A range over the small ``day`` field, not over minute-precise
        datetimes, which Whoosh would expand into thousands of terms."""
        first, last = request.date_from, request.date_to
        if not (first or last):
            return []
        return [NumericRange("day", first.toordinal() if first else None, last.toordinal() if last else None)]

    def values(self, counts: Counter[str], request: SearchRequest) -> list[FacetValue]:
        """Every month with articles, in order, then the undated bucket; a month
        is selected when it overlaps the day range."""
        low = request.date_from.strftime("%Y-%m") if request.date_from else None
        high = request.date_to.strftime("%Y-%m") if request.date_to else None
        active = bool(low or high)
        months = [
            FacetValue(m, month_label(m), counts[m], active and (not low or m >= low) and (not high or m <= high))
            for m in sorted(m for m in counts if m != UNDATED)
        ]
        if counts.get(UNDATED):
            months.append(FacetValue(UNDATED, UNDATED_LABEL, counts[UNDATED], False))
        return months

    def removals(self, request: SearchRequest) -> list[tuple[str, SearchRequest]]:
        if not self.is_active(request):
            return []
        return [(period_text(request.date_from, request.date_to), request.with_changes(date_from=None, date_to=None))]


#: Every facet, in the order pages and answers list them.
FACETS: tuple[Facet, ...] = (PersonFacet(), SourceFacet(), AgencyFacet(), MonthFacet())
#: The facets of names, whose values are URL parameters of their own.
VALUE_FACETS: tuple[ValueFacet, ...] = tuple(f for f in FACETS if isinstance(f, ValueFacet))
#: The index fields the facet tables hold (the registry makes ``person_canonical`` of the first two).
FACET_FIELDS: tuple[str, ...] = ("person", "person_partial", *(f.field for f in FACETS if f.field != "person"))


def value_facet(name: str) -> ValueFacet | None:
    """The facet of names called ``name``, if there is one."""
    return next((f for f in VALUE_FACETS if f.name == name), None)


def filter_query(request: SearchRequest, without: Facet | None = None, registry: PersonRegistry | None = None) -> Query | None:
    """The documents every facet filter of ``request`` allows (but ``without``'s)."""
    parts = [part for facet in FACETS if facet is not without for part in facet.filter_parts(request, registry)]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else And(parts)


def _starts(name: str, prefix: str) -> bool:
    """Does ``name``, or a word of it, start with ``prefix`` (lower case)?"""
    lower = name.lower()
    return lower.startswith(prefix) or any(w.startswith(prefix) for w in lower.split())


def month_label(key: str) -> str:
    """``2021-12`` -> ``Desember 2021``."""
    year, month = key.split("-")
    return f"{MONTH_NAMES[int(month) - 1]} {year}"


def month_days(key: str) -> tuple[date, date]:
    """``2021-02`` -> (2021-02-01, 2021-02-28): the first and last day of a month."""
    year, month = map(int, key.split("-"))
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def period_text(first: date | None, last: date | None) -> str:
    """A day range in words: ``Desember 2021``, ``2021``, ``1 Desember 2021 – 5 Januari 2022``."""
    if first and last:
        if first.day == 1 and (last.month, last.day) == (12, 31) and first.month == 1 and first.year == last.year:
            return str(first.year)
        if (first.year, first.month) == (last.year, last.month) and (first, last) == month_days(first.strftime("%Y-%m")):
            return f"{MONTH_NAMES[first.month - 1]} {first.year}"
        if first == last:
            return day_text(first)
        return f"{day_text(first)} – {day_text(last)}"
    if first:
        return f"sejak {day_text(first)}"
    return f"sampai {day_text(last)}" if last else ""
