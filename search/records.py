"""The record types that flow from files to the index."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Problem:
    """Something wrong with one input: where it is and what is wrong."""

    origin: str  # "path" or "path:line"
    message: str  # starts with "skipped:", "stopped reading:" or "warning:"

    @property
    def is_warning(self) -> bool:
        """A warning: the input was still indexed (perhaps without one field)."""
        return self.message.startswith("warning:")

    def __str__(self) -> str:
        return f"{self.origin}: {self.message}"


@dataclass
class RawRecord:
    """What a loader read: the fields a file gave, before any extraction."""

    origin: str
    fields: dict[str, object]
    #: The part of its file this record takes up (0..1), for progress reports.
    share: float = 0.0


@dataclass
class Article:
    """One article as the index stores it.  ``date`` is timezone-aware (or None)."""

    id: str
    title: str
    body: str
    origin: str
    url: str = ""
    date: datetime | None = None
    sources: list[str] = field(default_factory=list)
    agencies: list[str] = field(default_factory=list)
    persons: list[str] = field(default_factory=list)
    #: For title, date, source, agencies, persons, url: "given" or "extracted".
    origins: dict[str, str] = field(default_factory=dict)
    #: The file the article came from (absolute path), for incremental updates.
    file: str = ""

    def fingerprint(self) -> str:
        """A hash of everything stored, so re-indexing can skip unchanged articles."""
        payload = json.dumps(
            [
                self.title,
                self.body,
                self.url,
                self.date.isoformat() if self.date else None,
                self.sources,
                self.agencies,
                self.persons,
                self.origins,
            ],
            ensure_ascii=False,
        )
        return hashlib.blake2b(payload.encode("utf-8"), digest_size=16).hexdigest()
