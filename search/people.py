"""Finds the people an article mentions, each under one canonical name.

This first version looks names up in a gazetteer (``data/persons.tsv``) of
public figures with their aliases: ``Putin``, ``Presiden Putin`` and
``Vladimir Putin`` all give ``Vladimir Putin``.
"""

from __future__ import annotations

import re
from functools import cache

from search.gazetteers import persons


@cache
def _matcher() -> tuple[re.Pattern[str], dict[str, str]]:
    canonical_of = {alias: name for name, aliases in persons().items() for alias in aliases}
    alternatives = "|".join(re.escape(a) for a in sorted(canonical_of, key=len, reverse=True))
    return re.compile(rf"(?<![\w'])(?:{alternatives})(?![\w'])"), canonical_of


def find_persons(text: str) -> list[str]:
    """Canonical names of the gazetteer people in ``text``, in order of first mention."""
    pattern, canonical_of = _matcher()
    found: dict[str, None] = {}
    for match in pattern.finditer(text.replace("\u2019", "'")):
        found.setdefault(canonical_of[match.group(0)], None)
    return list(found)


def names_of(person: str) -> list[str]:
    """``person`` and every alias the gazetteer knows for them (``Jokowi``)."""
    return persons().get(person, [person])
