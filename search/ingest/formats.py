"""Reads each article file format into RawRecords.

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
import io
import json
import re
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path

import yaml

from search.ingest.files import (
    CSV_SUFFIXES,
    HTML_SUFFIXES,
    JSON_SUFFIXES,
    JSONL_SUFFIXES,
    Unreadable,
    decode,
    format_suffix,
    read_bytes,
)
from search.ingest.keys import normalize_keys
from search.ingest.records import Problem, RawRecord

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
_DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([\w-]+)""", re.I)
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


def load(path: Path) -> Iterator[RawRecord | Problem]:
    """The records in one file, with Problems for what cannot be read."""
    suffix = format_suffix(path)
    try:
        data = read_bytes(path)
        if not data.strip():
            yield Problem.skipped(str(path), "empty file")
            return
        declared = None
        if suffix in HTML_SUFFIXES and (match := _DECLARED_CHARSET.search(data[:4096])):
            declared = match.group(1).decode("ascii", "replace")
        text, warning = decode(data, declared)
    except Unreadable as error:
        yield Problem.skipped(str(path), str(error))
        return
    except OSError as error:
        yield Problem.skipped(str(path), f"cannot read ({error.strerror or error})")
        return
    if warning:
        yield Problem.warning(str(path), warning)
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
            yield Problem.warning(where, f"front matter is not valid YAML ({getattr(error, 'problem', error)}); indexed as plain text")
            header = None
        except (ValueError, RecursionError) as error:  # a number of 5000 digits, lists nested 1000 deep
            yield Problem.warning(str(path), f"front matter cannot be read ({_too_much(error)}); indexed as plain text")
            header = None
        if isinstance(header, dict):
            fields.update({k: _plain(v) for k, v in normalize_keys(header).items() if v is not None})
        elif header is not None:
            yield Problem.warning(str(path), "front matter is not a set of 'key: value' lines; ignored")
    if not body.strip():
        yield Problem.skipped(str(path), "no article text")
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
            yield Problem.skipped(origin, f"invalid JSON ({error.msg} at column {error.colno})")
            continue
        except (ValueError, RecursionError) as error:
            yield Problem.skipped(origin, f"unreadable JSON ({_too_much(error)})")
            continue
        if not isinstance(record, dict):
            yield Problem.skipped(origin, "line is not a JSON object")
            continue
        yield RawRecord(origin=origin, fields=normalize_keys(record), share=(len(line) + 1) * scale)


def _json_records(path: Path, text: str) -> Iterator[RawRecord | Problem]:
    """A JSON array of objects (or one object)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        yield Problem.skipped(f"{path}:{error.lineno}", f"invalid JSON ({error.msg} at column {error.colno})")
        return
    except (ValueError, RecursionError) as error:
        yield Problem.skipped(str(path), f"unreadable JSON ({_too_much(error)})")
        return
    items = data if isinstance(data, list) else [data]
    for number, item in enumerate(items, start=1):
        origin = f"{path}:item {number}"
        if not isinstance(item, dict):
            yield Problem.skipped(origin, "array item is not a JSON object")
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
        yield Problem.skipped(str(path), f"no CSV header row ({error})")
        return
    lines = max(text.count("\n"), 1)
    done = rows.line_num
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except csv.Error as error:
            yield Problem.stopped(f"{path}:{rows.line_num}", f"broken CSV ({error})")
            return
        origin = f"{path}:{rows.line_num}"
        share, done = (rows.line_num - done) / lines, rows.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            yield Problem.skipped(origin, f"row has {len(row)} fields, the header has {len(header)}")
            continue
        yield RawRecord(origin=origin, fields=normalize_keys(dict(zip(header, row))), share=share)


def _html_records(path: Path, text: str) -> Iterator[RawRecord | Problem]:
    """An article page: its main text, and title/date/site/url from its metadata."""
    import trafilatura

    page = trafilatura.bare_extraction(text, with_metadata=True, include_comments=False, include_tables=False)
    if page is None or not (page.text or "").strip():
        yield Problem.skipped(str(path), "no article text found in the HTML page")
        return
    fields: dict[str, object] = {"id": path.stem, "body": page.text}
    for name, value in (("title", page.title), ("date", page.date), ("url", page.url), ("source", page.sitename or page.hostname)):
        if value:
            fields[name] = value
    yield RawRecord(origin=str(path), fields=fields, share=1.0)
