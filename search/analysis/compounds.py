"""Closed compounds and their open spelling: ``ibukota`` is ``ibu kota``.

Indonesian news writes many compounds both ways (``sepakbola`` / ``sepak bola``,
``kerjasama`` / ``kerja sama``).  The table (``data/compounds.tsv``, learnt from news
by ``tools/learn_compounds.py``) maps each closed form to its parts; the analyzer
splits a closed form into the parts' stems, at index and at query time alike, so
both spellings make the same terms and a closed query word searches as a phrase.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from search.analysis.stemming import stem_word


@cache
def closed_compounds() -> dict[str, tuple[str, str]]:
    """The stem of each closed compound -> the stems of its two parts."""
    table: dict[str, tuple[str, str]] = {}
    text = resources.files("search.analysis").joinpath("data", "compounds.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            closed, first, second = line.split("\t")
            table.setdefault(stem_word(closed), (stem_word(first), stem_word(second)))
    return table
