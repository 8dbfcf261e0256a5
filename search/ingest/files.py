"""Input files: which ones are read, their bytes and their text.

:func:`discover` walks the given files and folders in a stable order;
:func:`read_bytes` gunzips ``.gz`` names; :func:`decode` finds the text of
files that are not UTF-8.  Problems name the file and never stop the others.
"""

from __future__ import annotations

import gzip
import os
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from search.ingest.records import Problem

TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
HTML_SUFFIXES = (".html", ".htm")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
JSON_SUFFIXES = (".json",)
CSV_SUFFIXES = (".csv",)
RECORD_SUFFIXES = JSONL_SUFFIXES + JSON_SUFFIXES + CSV_SUFFIXES

#: Bytes sniffed for NULs to tell binary files from text.
_SNIFF_BYTES = 8192


def format_suffix(path: Path) -> str:
    """The format suffix, looking through ``.gz``: ``a.jsonl.gz`` -> ``.jsonl``."""
    name = path.name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    return Path(name).suffix


def is_supported(path: Path) -> bool:
    """Whether ``path`` has a file name this module can read."""
    suffix = format_suffix(path)
    if path.name.lower().endswith(".gz"):
        return suffix in RECORD_SUFFIXES
    return suffix in TEXT_SUFFIXES + HTML_SUFFIXES + RECORD_SUFFIXES


UNSUPPORTED = "unsupported file type (expected .txt, .md, .html, .jsonl, .json or .csv, optionally .gz)"


def discover(paths: Iterable[Path]) -> Iterator[Path | Problem]:
    """The readable files under ``paths``, in a stable order, or Problems.  Inside a
    folder, hidden files are passed over and other unsupported files (``notes.docx``)
    are reported as warnings: the folder's articles are still all indexed."""
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if not child.is_file() or child.name.startswith(".") or any(part.startswith(".") for part in child.relative_to(path).parts):
                    continue
                if not _utf8_name(child):
                    yield _bad_name(child)
                elif is_supported(child):
                    yield child
                else:
                    yield Problem.warning(str(child), f"not indexed: {UNSUPPORTED}")
        elif path.is_file():
            if not _utf8_name(path):
                yield _bad_name(path)
            elif is_supported(path):
                yield path
            else:
                yield Problem.skipped(str(path), UNSUPPORTED)
        else:
            yield Problem.skipped(str(path), "no such file or folder")


def _utf8_name(path: Path) -> bool:
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:  # undecodable bytes in the name (surrogate escapes)
        return False
    return True


def _bad_name(path: Path) -> Problem:
    shown = os.fsencode(path).decode("utf-8", "backslashreplace")
    return Problem.skipped(shown, "the file name is not valid UTF-8 (rename the file)")


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


