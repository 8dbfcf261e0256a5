"""Loads the small reference tables shipped in ``search/ingest/data``."""

from __future__ import annotations

from functools import cache
from importlib import resources


def data_lines(name: str) -> list[str]:
    """The lines of a file in ``search/ingest/data``, without comments and blank lines."""
    text = resources.files("search.ingest.data").joinpath(name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _rows(name: str) -> list[list[str]]:
    """Tab-separated rows of a data file."""
    return [line.split("\t") for line in data_lines(name)]


def _aliases(cell: str) -> list[str]:
    return [a.strip() for a in cell.split("|") if a.strip()]


@cache
def persons() -> dict[str, list[str]]:
    """Canonical person name -> every name that refers to them (itself included)."""
    table: dict[str, list[str]] = {}
    for row in _rows("persons.tsv"):
        canonical = row[0].strip()
        table[canonical] = [canonical, *(_aliases(row[1]) if len(row) > 1 else [])]
    return table


@cache
def outlets() -> list[tuple[str, list[str], list[str]]]:
    """(canonical outlet name, domains, masthead spellings) for each known outlet."""
    result = []
    for row in _rows("outlets.tsv"):
        row += [""] * (3 - len(row))
        result.append((row[0].strip(), _aliases(row[1]), _aliases(row[2])))
    return result


@cache
def agencies() -> dict[str, str]:
    """Every name of a news agency or medium an article may credit -> the name shown."""
    names = {}
    for row in _rows("agencies.txt"):
        canonical = row[0].strip()
        for name in [canonical, *(_aliases(row[1]) if len(row) > 1 else [])]:
            names[name] = canonical
    return names
