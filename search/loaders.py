"""Reads article files into RawRecords.

Formats (by file name; ``.gz`` allowed on the record formats):

* plain text ``.txt`` / Markdown ``.md``, with an optional front-matter header
  (``---`` / ``title:``, ``date:``, ``source:``, ``url:``, ``persons:`` / ``---``);
* JSON Lines ``.jsonl`` / ``.ndjson`` and JSON arrays ``.json``, with the keys
  ``id, title, date, source, url, body``;
* CSV ``.csv`` with a header row (same names; common aliases such as
  ``judul``, ``tanggal``, ``isi``, ``content``, ``published_at`` are mapped);
* HTML article pages ``.html`` / ``.htm`` (main text and metadata via trafilatura).

Loaders yield RawRecords, or Problems naming the file (and line) that could not
be read; one bad file or line never stops the others.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import re
import zlib
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path

import yaml

from search.records import Problem, RawRecord

TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
HTML_SUFFIXES = (".html", ".htm")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
JSON_SUFFIXES = (".json",)
CSV_SUFFIXES = (".csv",)
RECORD_SUFFIXES = JSONL_SUFFIXES + JSON_SUFFIXES + CSV_SUFFIXES

#: Column or key names users bring, mapped to ours.
FIELD_ALIASES = {
    "judul": "title", "headline": "title", "heading": "title",
    "tanggal": "date", "published_at": "date", "publish_date": "date", "published": "date",
    "date_published": "date", "datetime": "date", "waktu": "date", "tgl": "date",
    "isi": "body", "content": "body", "text": "body", "teks": "body", "konten": "body",
    "artikel": "body", "article": "body", "isi_berita": "body",
    "link": "url", "tautan": "url", "permalink": "url",
    "sumber": "source", "media": "source", "outlet": "source", "portal": "source", "publisher": "source",
    "tokoh": "persons", "person": "persons", "people": "persons", "orang": "persons",
    "agency": "agencies", "kantor_berita": "agencies",
    "doc_id": "id", "article_id": "id", "uid": "id",
}  # fmt: skip
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
_DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([\w-]+)""", re.I)
#: Bytes sniffed for NULs to tell binary files from text.
_SNIFF_BYTES = 8192
csv.field_size_limit(64 * 1024 * 1024)  # article bodies can exceed the 128 KiB default


class _FrontMatterLoader(yaml.SafeLoader):
    """YAML's safe loader, except that a date that does not exist
    (``date: 2021-02-30``) stays text, which extraction then reports."""

    def construct_yaml_timestamp(self, node: yaml.Node) -> object:
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


_FrontMatterLoader.add_constructor("tag:yaml.org,2002:timestamp", _FrontMatterLoader.construct_yaml_timestamp)


def _suffix(path: Path) -> str:
    """The format suffix, looking through ``.gz``: ``a.jsonl.gz`` -> ``.jsonl``."""
    name = path.name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    return Path(name).suffix


def is_supported(path: Path) -> bool:
    """Whether ``path`` has a file name this module can read."""
    suffix = _suffix(path)
    if path.name.lower().endswith(".gz"):
        return suffix in RECORD_SUFFIXES
    return suffix in TEXT_SUFFIXES + HTML_SUFFIXES + RECORD_SUFFIXES


def discover(paths: Iterable[Path]) -> Iterator[Path | Problem]:
    """The readable files under ``paths``, in a stable order, or Problems."""
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and is_supported(child) and not child.name.startswith("."):
                    yield child if _utf8_name(child) else _bad_name(child)
        elif path.is_file():
            if not _utf8_name(path):
                yield _bad_name(path)
            elif is_supported(path):
                yield path
            else:
                yield Problem(str(path), "skipped: unsupported file type (expected .txt, .md, .html, .jsonl, .json or .csv, optionally .gz)")
        else:
            yield Problem(str(path), "skipped: no such file or folder")


def _utf8_name(path: Path) -> bool:
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:  # undecodable bytes in the name (surrogate escapes)
        return False
    return True


def _bad_name(path: Path) -> Problem:
    shown = os.fsencode(path).decode("utf-8", "backslashreplace")
    return Problem(shown, "skipped: the file name is not valid UTF-8 (rename the file)")


def normalize_keys(record: dict[str, object]) -> dict[str, object]:
    """Maps aliased keys (``judul``, ``tanggal``, ``isi``...) to ours; ours win."""
    fields: dict[str, object] = {}
    for key, value in record.items():
        if not isinstance(key, str):
            continue
        name = key.strip().lower().replace(" ", "_").replace("-", "_")
        name = FIELD_ALIASES.get(name, name)
        if name not in fields or key.strip().lower() == name:
            fields[name] = value
    return fields


class Unreadable(Exception):
    """A whole file cannot be read; the message says why."""


def read_bytes(path: Path) -> bytes:
    """The file's bytes, gunzipped when its name ends in ``.gz``."""
    data = path.read_bytes()
    if path.name.lower().endswith(".gz"):
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as error:
            raise Unreadable(f"corrupt gzip data ({error})") from None
    return data


def decode(data: bytes, declared: str | None = None) -> tuple[str, str | None]:
    """Text of ``data`` and a warning when it was not UTF-8.

    Tries UTF-8, then the declared charset, then a detected one
    (charset-normalizer).  Raises Unreadable for binary or undecodable data.
    """
    if b"\x00" in data[:_SNIFF_BYTES]:
        raise Unreadable("binary file (NUL bytes), not text")
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        position = error.start
    if declared:
        try:
            return data.decode(declared), f"not UTF-8 (byte {data[position]:#04x} at offset {position}); decoded as declared {declared}"
        except (UnicodeError, LookupError):  # UnicodeError: the "undefined" codec, for one
            pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise Unreadable(f"not text in any known encoding (byte {data[position]:#04x} at offset {position})")
    return str(best), f"not UTF-8 (byte {data[position]:#04x} at offset {position}); decoded as detected {best.encoding}"


def load(path: Path) -> Iterator[RawRecord | Problem]:
    """The records in one file, with Problems for what cannot be read."""
    suffix = _suffix(path)
    try:
        data = read_bytes(path)
        if not data.strip():
            yield Problem(str(path), "skipped: empty file")
            return
        declared = None
        if suffix in HTML_SUFFIXES and (match := _DECLARED_CHARSET.search(data[:4096])):
            declared = match.group(1).decode("ascii", "replace")
        text, warning = decode(data, declared)
    except Unreadable as error:
        yield Problem(str(path), f"skipped: {error}")
        return
    except OSError as error:
        yield Problem(str(path), f"skipped: cannot read ({error.strerror or error})")
        return
    if warning:
        yield Problem(str(path), f"warning: {warning}")
    if suffix in JSONL_SUFFIXES:
        yield from _jsonl_records(path, text)
    elif suffix in JSON_SUFFIXES:
        yield from _json_records(path, text)
    elif suffix in CSV_SUFFIXES:
        yield from _csv_records(path, text)
    elif suffix in HTML_SUFFIXES:
        yield from _html_records(path, text)
    else:
        yield from _text_records(path, text)


def _plain(value: object) -> object:
    """YAML gives dates as objects; keep everything else as it is."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _text_records(path: Path, text: str) -> Iterator[RawRecord | Problem]:
    """A text article; the file name is its id unless the front matter gives one."""
    fields: dict[str, object] = {"id": path.stem}
    body = text
    match = _FRONT_MATTER.match(text)
    if match:
        body = text[match.end() :]
        try:
            header = yaml.load(match.group(1), Loader=_FrontMatterLoader)  # a SafeLoader: plain data only
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            where = f"{path}:{mark.line + 2}" if mark else str(path)
            yield Problem(where, f"warning: front matter is not valid YAML ({getattr(error, 'problem', error)}); indexed as plain text")
            header = None
        except (ValueError, RecursionError) as error:  # a number of 5000 digits, lists nested 1000 deep
            yield Problem(str(path), f"warning: front matter cannot be read ({_too_much(error)}); indexed as plain text")
            header = None
        if isinstance(header, dict):
            fields.update({k: _plain(v) for k, v in normalize_keys(header).items() if v is not None})
        elif header is not None:
            yield Problem(str(path), "warning: front matter is not a set of 'key: value' lines; ignored")
    if not body.strip():
        yield Problem(str(path), "skipped: no article text")
        return
    fields["body"] = body
    yield RawRecord(origin=str(path), fields=fields, share=1.0)


def _jsonl_records(path: Path, text: str) -> Iterator[RawRecord | Problem]:
    """One JSON object per line."""
    # Only "\n" ends a record: str.splitlines() would also split inside JSON
    # strings that hold U+2028 or U+0085.
    yield from jsonl_records(text.split("\n"), str(path), total_chars=len(text))


def jsonl_records(lines: Iterable[str], name: str, total_chars: int = 0) -> Iterator[RawRecord | Problem]:
    """A RawRecord (or a Problem naming ``name:line``) for each non-blank line."""
    scale = 1.0 / total_chars if total_chars else 0.0
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        origin = f"{name}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield Problem(origin, f"skipped: invalid JSON ({error.msg} at column {error.colno})")
            continue
        except (ValueError, RecursionError) as error:
            yield Problem(origin, f"skipped: unreadable JSON ({_too_much(error)})")
            continue
        if not isinstance(record, dict):
            yield Problem(origin, "skipped: line is not a JSON object")
            continue
        yield RawRecord(origin=origin, fields=normalize_keys(record), share=(len(line) + 1) * scale)


def _json_records(path: Path, text: str) -> Iterator[RawRecord | Problem]:
    """A JSON array of objects (or one object)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        yield Problem(f"{path}:{error.lineno}", f"skipped: invalid JSON ({error.msg} at column {error.colno})")
        return
    except (ValueError, RecursionError) as error:
        yield Problem(str(path), f"skipped: unreadable JSON ({_too_much(error)})")
        return
    items = data if isinstance(data, list) else [data]
    for number, item in enumerate(items, start=1):
        origin = f"{path}:item {number}"
        if not isinstance(item, dict):
            yield Problem(origin, "skipped: array item is not a JSON object")
            continue
        yield RawRecord(origin=origin, fields=normalize_keys(item), share=1.0 / len(items))


def _too_much(error: ValueError | RecursionError) -> str:
    """Why well-formed JSON or YAML could not be read: Python's limits."""
    if isinstance(error, RecursionError):
        return "nested too deeply"
    return str(error).split(";")[0]  # "Exceeds the limit (4300 digits) for integer string conversion: ..."


def _csv_records(path: Path, text: str) -> Iterator[RawRecord | Problem]:
    """CSV with a header row; a row with the wrong number of fields is skipped."""
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(rows)
    except (StopIteration, csv.Error) as error:
        yield Problem(str(path), f"skipped: no CSV header row ({error})")
        return
    lines = max(text.count("\n"), 1)
    names = [FIELD_ALIASES.get(h.strip().lower().replace(" ", "_"), h.strip().lower()) for h in header]
    done = rows.line_num
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except csv.Error as error:
            yield Problem(f"{path}:{rows.line_num}", f"stopped reading: broken CSV ({error})")
            return
        origin = f"{path}:{rows.line_num}"
        share, done = (rows.line_num - done) / lines, rows.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(names):
            yield Problem(origin, f"skipped: row has {len(row)} fields, the header has {len(names)}")
            continue
        yield RawRecord(origin=origin, fields=dict(zip(names, row)), share=share)


def _html_records(path: Path, text: str) -> Iterator[RawRecord | Problem]:
    """An article page: its main text, and title/date/site/url from its metadata."""
    import trafilatura

    page = trafilatura.bare_extraction(text, with_metadata=True, include_comments=False, include_tables=False)
    if page is None or not (page.text or "").strip():
        yield Problem(str(path), "skipped: no article text found in the HTML page")
        return
    fields: dict[str, object] = {"id": path.stem, "body": page.text}
    for name, value in (("title", page.title), ("date", page.date), ("url", page.url), ("source", page.sitename or page.hostname)):
        if value:
            fields[name] = value
    yield RawRecord(origin=str(path), fields=fields, share=1.0)
