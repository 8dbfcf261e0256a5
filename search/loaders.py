"""Reads article files: plain-text articles and JSON Lines records (optionally gzip'd).

Each loader yields RawRecords, or Problems naming the file (and line) that
could not be read; one bad file or line never stops the others.
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from search.records import Problem, RawRecord

TEXT_SUFFIXES = (".txt",)
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")


def is_supported(path: Path) -> bool:
    """Whether ``path`` has a file name this module can read."""
    name = path.name.lower()
    return name.endswith(TEXT_SUFFIXES + JSONL_SUFFIXES)


def discover(paths: Iterable[Path]) -> Iterator[Path | Problem]:
    """The readable files under ``paths``, in a stable order, or Problems."""
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and is_supported(child) and not child.name.startswith("."):
                    yield child
        elif path.is_file():
            if is_supported(path):
                yield path
            else:
                yield Problem(str(path), "skipped: unsupported file type (expected .txt, .jsonl or .jsonl.gz)")
        else:
            yield Problem(str(path), "skipped: no such file or folder")


def load(path: Path) -> Iterator[RawRecord | Problem]:
    """The records in one file."""
    if path.name.lower().endswith(JSONL_SUFFIXES):
        yield from _load_jsonl(path)
    else:
        yield from _load_text(path)


def _load_text(path: Path) -> Iterator[RawRecord | Problem]:
    """A plain-text article: the whole file is the body; the file name is the id."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        yield Problem(str(path), f"skipped: not UTF-8 text (byte {data[error.start]:#04x} at offset {error.start})")
        return
    if not text.strip():
        yield Problem(str(path), "skipped: empty file")
        return
    yield RawRecord(origin=str(path), fields={"id": path.stem, "body": text})


def _load_jsonl(path: Path) -> Iterator[RawRecord | Problem]:
    """One JSON object per line with the keys id, title, date, source, url, body."""
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    line_number = 0
    try:
        with opener(path, "rt", encoding="utf-8") as lines:
            for line_number, line in enumerate(lines, start=1):
                if not line.strip():
                    continue
                origin = f"{path}:{line_number}"
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as error:
                    yield Problem(origin, f"skipped: invalid JSON ({error.msg} at column {error.colno})")
                    continue
                if not isinstance(record, dict):
                    yield Problem(origin, "skipped: line is not a JSON object")
                    continue
                yield RawRecord(origin=origin, fields=record)
    except (OSError, EOFError, zlib.error, UnicodeDecodeError) as error:
        where = f"{path}:{line_number + 1}" if line_number else str(path)
        yield Problem(where, f"stopped reading: {error}")
