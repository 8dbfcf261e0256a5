"""The newsroom's person curation file: corrections the person registry applies
on top of what it works out itself.

One rule per line; ``#`` starts a comment::

    merge  Hasri Ainun Besari => Ainun Habibie   # this value is that person
    rename BJ Habibie => B.J. Habibie            # show the person under this name
    split  Sri Mulyani                           # this value is a person of its own
    block  Kabau Sirah                           # never a person

Names are matched as written in the facet (case and spacing aside).  A line
that is not a rule stops the index run with the file and line named.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

#: The curation file an index run reads when none is named: beside the index.
CURATION_FILE = "persons-curation.txt"
_RULE = re.compile(r"^(?P<verb>merge|rename|split|block)\s+(?P<rest>.+?)\s*$", re.I)
_ARROW = re.compile(r"\s*=>\s*")


class CurationError(ValueError):
    """A line of the curation file that is not a rule; the message names the file and line."""


def folded(name: str) -> str:
    """How curation matches a name: case and spacing aside."""
    return " ".join(name.split()).casefold()


@dataclass
class Curation:
    """The rules of one curation file (names as written; :func:`folded` compares them)."""

    merges: dict[str, str] = field(default_factory=dict)
    renames: dict[str, str] = field(default_factory=dict)
    splits: set[str] = field(default_factory=set)
    blocks: set[str] = field(default_factory=set)
    #: Identifies the rules: the registry is rebuilt when they change.
    digest: str = ""

    def is_split(self, name: str) -> bool:
        return folded(name) in {folded(s) for s in self.splits}

    def is_blocked(self, name: str) -> bool:
        return folded(name) in {folded(b) for b in self.blocks}


def _pair(rest: str, where: str, verb: str) -> tuple[str, str]:
    parts = _ARROW.split(rest)
    if len(parts) != 2 or not all(p.strip() for p in parts):
        raise CurationError(f"{where}: '{verb}' needs two names: {verb} NAME => NAME")
    return parts[0].strip(), parts[1].strip()


def parse_curation(text: str, source: str = "<curation>") -> Curation:
    """The rules in ``text``; raises :class:`CurationError` naming ``source`` and the line."""
    curation = Curation(digest=hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest())
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        where = f"{source}:{number}"
        match = _RULE.match(line)
        if match is None:
            raise CurationError(f"{where}: not a rule (use merge, rename, split or block): {line[:60]!r}")
        verb, rest = match.group("verb").lower(), match.group("rest")
        if verb in ("merge", "rename"):
            left, right = _pair(rest, where, verb)
            (curation.merges if verb == "merge" else curation.renames)[left] = right
        elif "=>" in rest:
            raise CurationError(f"{where}: '{verb}' takes one name: {verb} NAME")
        else:
            (curation.splits if verb == "split" else curation.blocks).add(rest)
    return curation


def read_curation(path: Path | None) -> Curation:
    """The rules in the file at ``path`` (none when there is no such file)."""
    if path is None or not path.is_file():
        return Curation()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise CurationError(f"{path}: cannot read the curation file ({error})") from None
    return parse_curation(text, str(path))
