"""The record types that flow from files to the index, and the problems met on the way."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum


class Severity(Enum):
    """How much of an input a problem cost; the value is how reports say it."""

    #: The input was still indexed (perhaps without one field).
    WARNING = "warning"
    #: This file, record or line was not indexed.
    SKIPPED = "skipped"
    #: The rest of the file was not read.
    STOPPED = "stopped reading"
    #: Nothing was lost; the run counts these (an id derived, broken characters repaired).
    NOTE = "note"


@dataclass(frozen=True)
class Problem:
    """Something wrong with one input: where it is, how bad, and what is wrong."""

    origin: str  # "path" or "path:line"
    severity: Severity
    message: str

    @classmethod
    def warning(cls, origin: str, message: str) -> Problem:
        return cls(origin, Severity.WARNING, message)

    @classmethod
    def skipped(cls, origin: str, message: str) -> Problem:
        return cls(origin, Severity.SKIPPED, message)

    @classmethod
    def stopped(cls, origin: str, message: str) -> Problem:
        return cls(origin, Severity.STOPPED, message)

    @classmethod
    def note(cls, origin: str, message: str) -> Problem:
        """Something done to an input that lost nothing; ``message`` is the same for
        every input it applies to, so a run reports it once, with a count."""
        return cls(origin, Severity.NOTE, message)

    @property
    def is_warning(self) -> bool:
        """A warning or a note: the input was still indexed (perhaps without one field)."""
        return self.severity in (Severity.WARNING, Severity.NOTE)

    def __str__(self) -> str:
        return f"{self.origin}: {self.severity.value}: {self.message}"


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
    #: One-word names only a verb of saying vouches for (``kata Susi``): the person
    #: registry resolves them across the archive (see :mod:`search.ingest.people`).
    partials: list[str] = field(default_factory=list)
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
                self.partials,
                self.origins,
            ],
            ensure_ascii=False,
        )
        return hashlib.blake2b(payload.encode("utf-8"), digest_size=16).hexdigest()
