"""What one ``index`` run did, as counts and the problems met."""

from __future__ import annotations

from dataclasses import dataclass, field

from search.ingest.records import Problem


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
    seconds: float = 0.0
    total: int = 0

    def report(self, problem: Problem) -> None:
        """Keep ``problem`` with the warnings or with what was skipped."""
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
        out += [str(p) for p in self.skipped + self.warnings]
        return out
