"""Turns what a file gave (a RawRecord) into an Article, extracting what is missing.

Given metadata always wins; extraction only fills the gaps.  Problems with
single fields (an unparseable date, say) are reported and the article is still
indexed without that field; a record without an id or text is skipped.
"""

from __future__ import annotations

import re

from search.dates import find_date, parse_date
from search.outlets import agencies_in_text, normalize_outlet, outlets_in_text
from search.people import find_persons
from search.records import Article, Problem, RawRecord

MAX_ID_LENGTH = 200
TITLE_MAX_CHARS = 160

#: Lines that are credits or page furniture, never a title.
_NOT_TITLE = re.compile(r"^(?:sumber|editor|penulis|reporter|foto|baca juga|bagikan)\s*:|^logo\b", re.I)
#: A dateline that opens a lead paragraph: "JAKARTA - ", "KONTAN.CO.ID - MOSKOW. ", "WASHINGTON — ".
_DATELINE = re.compile(r"^(?:[A-Z0-9][A-Z0-9.]*(?:\s+[A-Z][A-Z.]*)*\s*[-\u2013\u2014]\s*)+(?:[A-Z]{3,}[A-Z .]*\.\s+)?")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"\u201c])")


def _looks_like_text(line: str) -> bool:
    """A line of real words, not masthead noise such as ``a l i n e a dot id``."""
    words = line.split()
    return len(words) >= 4 and sum(len(w) for w in words) / len(words) >= 3 and not _NOT_TITLE.search(line)


def extract_title(body: str) -> str:
    """The article's title: its first real line, or the first sentence of its lead."""
    for line in body.splitlines():
        line = line.strip()
        if not _looks_like_text(line):
            continue
        line = _DATELINE.sub("", line).strip()
        if len(line) <= TITLE_MAX_CHARS:
            return line
        first_sentence = _SENTENCE_END.split(line, maxsplit=1)[0]
        if len(first_sentence) <= TITLE_MAX_CHARS * 1.5:
            return first_sentence
        return line[:TITLE_MAX_CHARS].rsplit(" ", 1)[0] + "\u2026"
    return ""


def _text_field(fields: dict[str, object], name: str) -> str:
    value = fields.get(name)
    return value.strip() if isinstance(value, str) else ""


def _list_field(fields: dict[str, object], name: str) -> list[str]:
    value = fields.get(name)
    if isinstance(value, str):
        value = value.split(";") if ";" in value else [value]
    if not isinstance(value, list):
        return []
    return [" ".join(str(v).replace(",", " ").split()) for v in value if str(v).strip()]


def build_article(raw: RawRecord) -> tuple[Article | None, list[Problem]]:
    """The Article for ``raw`` (None if it cannot be indexed) and any problems found."""
    fields, problems = raw.fields, []
    doc_id = str(fields.get("id") or "").strip()
    if not doc_id:
        return None, [Problem(raw.origin, "skipped: record has no 'id'")]
    if len(doc_id) > MAX_ID_LENGTH or not doc_id.isprintable():
        return None, [Problem(raw.origin, f"skipped: id {doc_id[:40]!r} is not a printable string of at most {MAX_ID_LENGTH} characters")]
    body = _text_field(fields, "body")
    title = " ".join(_text_field(fields, "title").split()) or extract_title(body)
    if not body and not title:
        return None, [Problem(raw.origin, f"skipped: record {doc_id!r} has neither title nor body")]

    date = None
    given_date = fields.get("date")
    if isinstance(given_date, str) and given_date.strip():
        try:
            date = parse_date(given_date)
        except ValueError as error:
            problems.append(Problem(raw.origin, f"indexed without date: {error}"))
    else:
        date = find_date(body)

    given_sources = _list_field(fields, "source")
    sources = [normalize_outlet(s) for s in given_sources] or outlets_in_text(body)
    if not sources and _text_field(fields, "url"):
        sources = [normalize_outlet(_text_field(fields, "url"))]
    text = f"{title}\n{body}"
    article = Article(
        id=doc_id,
        title=title,
        body=body,
        origin=raw.origin,
        url=_text_field(fields, "url"),
        date=date,
        sources=list(dict.fromkeys(sources)),
        agencies=_list_field(fields, "agencies") or agencies_in_text(body),
        persons=_list_field(fields, "persons") or find_persons(text),
    )
    return article, problems
