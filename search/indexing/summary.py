"""What one ``index`` run did, as counts and the problems met."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from search.ingest.records import Problem, Severity


@dataclass
class IndexSummary:
    """What one indexing run did."""

    indexed: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    files_read: int = 0
    files_unchanged: int = 0
    skipped: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    #: Note -> how many inputs it applies to (an id derived, broken characters repaired, ...).
    notes: Counter[str] = field(default_factory=Counter)
    #: An example input of each note.
    note_examples: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    total: int = 0

    def report(self, problem: Problem) -> None:
        """Keep ``problem`` with the warnings or with what was skipped; count a note."""
        if problem.severity is Severity.NOTE:
            self.notes[problem.message] += 1
            self.note_examples.setdefault(problem.message, problem.origin)
        else:
            (self.warnings if problem.is_warning else self.skipped).append(problem)

    def lines(self) -> list[str]:
        """A human summary: one line of counts, then one line per problem."""
        rate = (self.indexed + self.updated) / self.seconds if self.seconds else 0.0
        out = [
            f"indexed {self.indexed}, updated {self.updated}, unchanged {self.unchanged}, "
            f"deleted {self.deleted}, skipped {len(self.skipped)}, warnings {len(self.warnings)}; "
            f"{self.total} documents in the index "
            f"({self.files_read} files read, {self.files_unchanged} unchanged files not re-read; "
            f"{self.seconds:.1f} s, {rate:.0f} docs/s)"
        ]
        out += [f"note: {n} × {message} (e.g. {self.note_examples[message]})" for message, n in sorted(self.notes.items())]
        out += [str(p) for p in self.skipped + self.warnings]
        return out
