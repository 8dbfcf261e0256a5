"""Outlets (who published an article) and agencies (whom it credits)."""

from __future__ import annotations

import re
from functools import cache
from urllib.parse import urlsplit

from search.ingest.gazetteers import agencies, outlets

#: How far into an article a masthead or credit line may stand.
HEADER_CHARS = 600


@cache
def _outlet_names() -> dict[str, str]:
    """Lower-cased domain, name or masthead spelling -> canonical outlet name."""
    names: dict[str, str] = {}
    for canonical, domains, mastheads in outlets():
        for key in (canonical, *domains, *mastheads):
            names[key.lower()] = canonical
    return names


def _domain(value: str) -> str:
    value = value.strip().lower()
    host = urlsplit(value).hostname if "//" in value else value.split("/")[0]
    return (host or value).removeprefix("www.")


def normalize_outlet(value: str) -> str:
    """One name per outlet: ``kompas.com``, ``KOMPAS.com``, ``https://www.kompas.com/x`` -> ``Kompas``."""
    names = _outlet_names()
    cleaned = " ".join(value.split())
    if cleaned.lower() in names:
        return names[cleaned.lower()]
    domain = _domain(cleaned)
    labels = domain.split(".")
    for start in range(len(labels) - 1):  # news.detik.com -> detik.com
        candidate = ".".join(labels[start:])
        if candidate in names:
            return names[candidate]
    return domain if "." in domain and " " not in domain else cleaned


@cache
def _masthead_pattern() -> re.Pattern[str]:
    spellings = sorted({m for _, _, mastheads in outlets() for m in mastheads}, key=len, reverse=True)
    return re.compile(r"(?<![\w.])(" + "|".join(map(re.escape, spellings)) + r")(?![\w])", re.IGNORECASE)


def outlets_in_text(text: str) -> list[str]:
    """Outlets named by a masthead or credit near the top of the article."""
    found: dict[str, None] = {}
    for match in _masthead_pattern().finditer(text[:HEADER_CHARS]):
        found.setdefault(_outlet_names()[match.group(1).lower()], None)
    return list(found)


#: What may stand between a verb of crediting and the medium: ``kepada surat kabar Jerman Die Welt``.
_MEDIUM = r"(?:(?:kantor\s+berita|surat\s+kabar|harian|media|stasiun\s+(?:televisi|tv)|televisi|majalah|situs|laman)\s+(?:[A-Z][\w-]*\s+)?)?"


@cache
def _credit_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A verb of crediting before a medium (``mengutip Reuters``, ``diperoleh ABC News``,
    ``kepada surat kabar Jerman Die Welt``), and a medium before one (``The New York Times melaporkan``)."""
    names = "|".join(map(re.escape, sorted(agencies(), key=len, reverse=True)))
    verbs = (
        r"mengutip|melansir|dilansir(?:\s+dari)?|dikutip(?:\s+dari)?|menurut|sumber\s*:|laporan|diperoleh|didapat|"
        r"dilaporkan|diberitakan|kepada|wawancara\s+dengan"
    )
    before = re.compile(rf"(?i:{verbs})\s+(?i:{_MEDIUM})(?i:({names}))(?![\w])")
    after = re.compile(rf"(?<![\w])(?i:({names}))\s+(?:melaporkan|memberitakan|menyebutkan|mewartakan)\b")
    return before, after


def agencies_in_text(text: str) -> list[str]:
    """Agencies and media the article credits: ``mengutip Reuters``, ``Sumber: Bloomberg``,
    ``diperoleh ABC News``, ``The New York Times melaporkan``."""
    canonical = {name.lower(): shown for name, shown in agencies().items()}
    found: dict[int, str] = {}
    for pattern in _credit_patterns():
        for match in pattern.finditer(text):
            found.setdefault(match.start(1), canonical[match.group(1).lower()])
    return list(dict.fromkeys(name for _, name in sorted(found.items())))
