"""Turns what a file gave (a RawRecord) into an Article, extracting what is missing.

Given metadata always wins; extraction only fills the gaps, and every value
remembers whether it was ``given`` or ``extracted``.  Problems with single
fields (an unparseable date, say) are reported and the article is still
indexed without that field; a record without an id or any text is skipped.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from datetime import date, datetime

from search.ingest.boilerplate import strip_boilerplate
from search.ingest.dates import find_date, parse_date, to_jakarta
from search.ingest.names import known_form
from search.ingest.outlets import agencies_in_text, normalize_outlet, outlets_in_text
from search.ingest.people import article_persons, find_mentions
from search.ingest.records import Article, Problem, RawRecord
from search.ingest.repair import repaired

MAX_ID_LENGTH = 200
TITLE_MAX_CHARS = 160
GIVEN, EXTRACTED = "given", "extracted"

#: Lines that are credits or page furniture, never a title.
_NOT_TITLE = re.compile(r"^(?:sumber|editor|penulis|reporter|foto|baca juga|bagikan)\s*:|^logo\b", re.I)
#: A dateline that opens a lead paragraph: "JAKARTA - ", "KONTAN.CO.ID - MOSKOW. ", "WASHINGTON — ".
_DATELINE = re.compile(r"^(?:[A-Z0-9][A-Z0-9.]*(?:\s+[A-Z][A-Z.]*)*\s*[-\u2013\u2014]\s*)+(?:[A-Z]{3,}[A-Z .]*\.\s+)?")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"\u201c])")
#: Half of a UTF-16 surrogate pair, which JSON can escape (``"\ud83d"``: an emoji
#: cut in two).  Text holding one cannot be written as UTF-8, so not stored.
_SURROGATE = re.compile("[\ud800-\udfff]")


def _looks_like_text(line: str) -> bool:
    """A line of real words, not masthead noise such as ``a l i n e a dot id``."""
    words = line.split()
    return len(words) >= 4 and sum(len(w) for w in words) / len(words) >= 3 and not _NOT_TITLE.search(line)


def lead_paragraph(body: str, title: str) -> str:
    """The article's first paragraph of prose, without its dateline (``KONTAN.CO.ID -
    MOSKOW.``): past credit lines (``Sumber: Bloomberg | Editor: …``), the title and a
    photo caption in brackets; the first line when none looks like prose."""
    lines = [line.strip() for line in body.splitlines() if line.strip()]
    for line in lines:
        if line != title.strip() and not line.startswith("(") and not _NOT_TITLE.search(line) and _looks_like_text(line):
            return line[dateline_length(line) :]
    return lines[0] if lines else ""


def dateline_length(paragraph: str) -> int:
    """How many characters of ``paragraph`` are its dateline (``KONTAN.CO.ID - MOSKOW. ``,
    ``JAKARTA - ``); 0 when it opens with none."""
    found = _DATELINE.match(paragraph)
    return found.end() if found else 0


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


def _valid(text: str) -> str:
    """``text`` with any lone surrogate replaced by U+FFFD."""
    return _SURROGATE.sub("\ufffd", text)


def _text_field(fields: dict[str, object], name: str) -> str:
    value = fields.get(name)
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    return _valid(value.strip()) if isinstance(value, str) else ""


def _list_field(fields: dict[str, object], name: str) -> list[str]:
    """A list given as a list, or as text separated by ``;`` (or ``,``)."""
    value = fields.get(name)
    if isinstance(value, str):
        value = re.split(r"[;|]" if re.search(r"[;|]", value) else ",", value)
    if not isinstance(value, list):
        return []
    cleaned = (" ".join(_valid(str(v)).replace(",", " ").split()) for v in value if v is not None)
    return list(dict.fromkeys(v for v in cleaned if v))


def _pick(given: list[str], extract: Callable[[], list[str]]) -> tuple[list[str], str | None]:
    """The given values, else the extracted ones (extracted only when none is given)."""
    if given:
        return given, GIVEN
    extracted = extract()
    return extracted, EXTRACTED if extracted else None


def _article_id(raw: RawRecord) -> tuple[str | None, Problem | None]:
    """The record's id and a problem to report; no id when the record must be skipped.

    A record without an id (a spreadsheet export: ``Judul;Tanggal;Konten``) gets one
    derived from its url, else from its title and date, else from the start of its
    text: the same row gets the same id on every run, and a row whose text was
    edited keeps its id, so it is updated rather than duplicated."""
    doc_id = _text_field(raw.fields, "id")
    problem = None
    if not doc_id:
        url = _text_field(raw.fields, "url")
        title = " ".join(_text_field(raw.fields, "title").split())
        if url:
            basis, doc_id = "its url", "url-" + _digest(url)
        elif title:
            basis, doc_id = "its title and date", "title-" + _digest(f"{title.casefold()}\n{_text_field(raw.fields, 'date')}")
        else:
            body = " ".join(_text_field(raw.fields, "body").split())
            if not body:
                return None, Problem.skipped(raw.origin, "record has no 'id' and no title or text to derive one from")
            basis, doc_id = "the start of its text", "text-" + _digest(body[:300])
        problem = Problem.note(raw.origin, f"record has no 'id': one was derived from {basis}")
    if len(doc_id) > MAX_ID_LENGTH or not doc_id.isprintable() or "/" in doc_id:
        return None, Problem.skipped(raw.origin, f"id {doc_id[:40]!r} must be printable, without '/', at most {MAX_ID_LENGTH} characters")
    return doc_id, problem


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


def _published(raw: RawRecord, body: str, reference: date | None, origins: dict[str, str]) -> tuple[datetime | None, Problem | None]:
    """The given date, else the one the text states; a given date that cannot be read is a warning."""
    given = _text_field(raw.fields, "date")
    if given:
        try:
            published = parse_date(given)
        except ValueError as error:
            return None, Problem.warning(raw.origin, f"indexed without date: {error}")
        origins["date"] = GIVEN
        return published, None
    published = find_date(body, reference)
    if published:
        origins["date"] = EXTRACTED
    return published, None


def _named(fields: dict[str, object], raw_body: str, body: str, origins: dict[str, str]) -> dict[str, list[str]]:
    """Sources and agencies: given ones, else extracted from the text."""
    url = _text_field(fields, "url")
    given_sources = [normalize_outlet(s) for s in _list_field(fields, "source")]
    extracted_sources = [normalize_outlet(url)] if url else outlets_in_text(raw_body)  # mastheads are page furniture
    named = {}
    for name, given, extract in (
        ("source", given_sources, lambda: extracted_sources),
        ("agencies", _list_field(fields, "agencies"), lambda: agencies_in_text(body)),
    ):
        named[name], origin = _pick(given, extract)
        if origin:
            origins[name] = origin
    return named


def _persons(fields: dict[str, object], title: str, body: str, origins: dict[str, str]) -> tuple[list[str], list[str]]:
    """The persons (and partial names) given, else those the text names."""
    given = _list_field(fields, "persons")
    if given:
        origins["persons"] = GIVEN
        return given, []
    persons, partials = article_persons(find_mentions(f"{title}\n{body}", len(title)))
    if persons or partials:
        origins["persons"] = EXTRACTED
    return persons, partials


def build_article(raw: RawRecord, reference: date | None = None, file: str = "") -> tuple[Article | None, list[Problem]]:
    """The Article for ``raw`` (None if it cannot be indexed) and any problems found.

    ``reference`` resolves year-less dates in the text (``Kamis (30/12)``).
    """
    doc_id, problem = _article_id(raw)
    problems = [problem] if problem else []
    if doc_id is None:
        return None, problems
    given = (_text_field(raw.fields, "body"), _text_field(raw.fields, "title"))
    raw_body, raw_title = repaired(given[0]), repaired(given[1])
    if (raw_body, raw_title) != given:
        problems.append(Problem.note(raw.origin, "broken characters (mojibake such as ‚Äú for “) were repaired"))
    body = strip_boilerplate(raw_body)
    title = " ".join(raw_title.split())
    origins = {"title": GIVEN}
    if not title:
        title, origins["title"] = extract_title(body), EXTRACTED
    if not body and not title:
        return None, [Problem.skipped(raw.origin, f"record {doc_id!r} has neither title nor text")]
    published, problem = _published(raw, body, reference, origins)
    problems += [problem] if problem else []
    url = _text_field(raw.fields, "url")
    if url:
        origins["url"] = GIVEN
    named = _named(raw.fields, raw_body, body, origins)
    persons, partials = _persons(raw.fields, title, body, origins)
    article = Article(
        id=doc_id,
        title=title,
        body=body,
        origin=raw.origin,
        url=url,
        date=published,
        sources=list(dict.fromkeys(named["source"])),
        agencies=named["agencies"],
        persons=persons,
        partials=partials,
        origins=origins,
        file=file,
    )
    return article, problems


def inspection(article: Article, persons: Sequence[str] | None = None) -> dict[str, object]:
    """What ``python -m search extract`` prints for one article.  ``persons`` are the
    article's persons as an index's registry names them; without them each person goes by
    the gazetteer's name, and ``person_forms`` keeps the names as the article writes them."""
    named = list(dict.fromkeys(known_form(p) for p in article.persons)) if persons is None else list(persons)
    return {
        "id": article.id,
        "title": article.title,
        "date": to_jakarta(article.date).isoformat() if article.date else None,
        "date_origin": article.origins.get("date"),
        "source": article.sources,
        "agencies": article.agencies,
        "persons": named,
        "person_forms": article.persons,
        "partial_names": article.partials,
        "url": article.url,
        "origins": article.origins,
    }


def article_mentions(article: Article) -> list[dict[str, object]]:
    """Each person mention of ``article``: its field (``title`` or ``body``), character
    offsets in that field, the text and the article's name for the person (None when the
    mention is not kept: a headline fragment, a one-word name nothing vouches for)."""
    rows = []
    for m in find_mentions(f"{article.title}\n{article.body}", len(article.title)):
        field, shift = ("title", 0) if m.start < len(article.title) else ("body", len(article.title) + 1)
        rows.append({"id": article.id, "field": field, "start": m.start - shift, "end": m.end - shift, "text": m.surface, "person": m.name or None})
    return rows
