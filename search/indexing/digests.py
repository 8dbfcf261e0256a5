"""Digests of the code and data an index depends on: the extraction (articles are
read again when it changes) and the analysis (the index must be rebuilt)."""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable


def _package_files(folder: Traversable) -> list[tuple[str, bytes]]:
    """(name, bytes) of every file under ``folder``, sorted, caches aside."""
    found = []
    for item in folder.iterdir():
        if item.is_dir() and item.name != "__pycache__":
            found += [(f"{item.name}/{name}", data) for name, data in _package_files(item)]
        elif item.is_file() and not item.name.endswith(".pyc"):
            found.append((item.name, item.read_bytes()))
    return sorted(found)


def folder_digest(folder: Traversable) -> str:
    """A hash of the names and contents of every file under ``folder``."""
    digest = hashlib.blake2b(digest_size=8)
    for name, data in _package_files(folder):
        digest.update(name.encode() + b"\0" + data)
    return digest.hexdigest()


@cache
def extraction_digest() -> str:
    """A hash of every file of :mod:`search.ingest` (its code and its data):
    what an article's metadata depends on, so files are read again when it changes."""
    return folder_digest(resources.files("search.ingest"))


@cache
def analysis_digest() -> str:
    """A hash of every file of :mod:`search.analysis` (its code and its data): what an
    index's terms depend on, so an index made with other analysis must be rebuilt."""
    return folder_digest(resources.files("search.analysis"))
