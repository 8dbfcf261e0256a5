"""What the index already holds, and which input files need reading again.

An ``index`` run skips a file whose size, modification time and extraction
code are unchanged since its articles were indexed (its *stamp*), and compares
each article it does read with the fingerprint of the indexed one.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from whoosh.index import Index

from search.indexing.digests import extraction_digest
from search.indexing.storage import FILE_STAMPS


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
