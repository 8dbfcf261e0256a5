"""What the index already holds, and which input files need reading again.

An ``index`` run skips a file whose size, modification time and extraction
code are unchanged since its articles were indexed (its *stamp*), and compares
each article it does read with the fingerprint of the indexed one.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from whoosh.index import Index

from search.indexing.storage import FILE_STAMPS

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable


@dataclass
class Inventory:
    """What the index holds before this run: id -> (fingerprint, file), file -> ids."""

    docs: dict[str, tuple[str, str]] = field(default_factory=dict)
    by_file: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def read(cls, ix: Index) -> Inventory:
        state = cls()
        with ix.reader() as reader:
            if reader.doc_count_all() == 0:
                return state
            ids, prints, files = (reader.column_reader(name) for name in ("id", "fingerprint", "file"))
            for n in range(reader.doc_count_all()):
                if not reader.is_deleted(n):
                    state.docs[ids[n]] = (prints[n], files[n])
                    state.by_file.setdefault(files[n], set()).add(ids[n])
        return state


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


def file_stamp(path: Path, reference: date | None) -> str:
    """What must stay the same for ``path`` not to be read again."""
    info = path.stat()
    return f"{info.st_size}:{info.st_mtime_ns}:{extraction_digest()}:{reference or ''}"


def load_stamps(index_dir: Path) -> dict[str, str]:
    """The stamps saved by the last run (none when missing or unreadable)."""
    try:
        stamps = json.loads((index_dir / FILE_STAMPS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return stamps if isinstance(stamps, dict) else {}


def save_stamps(index_dir: Path, stamps: dict[str, str]) -> None:
    """Written after the commit, atomically; losing it only costs a re-read."""
    target = index_dir / FILE_STAMPS
    temporary = target.with_suffix(".tmp")
    temporary.write_text(json.dumps(stamps, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    os.replace(temporary, target)
