"""The person registry: one canonical person for the many names an archive gives them.

Articles name people in many ways (``BJ Habibie``, ``Bacharuddin Jusuf Habibie``,
``Jusuf Habibie``, ``Habibie``); extraction gives each article the names it
uses (:mod:`search.ingest.people`).  The registry, built from the names of
every article in the index, puts the names of one person together:

1. gazetteer aliases go to the gazetteer's person (``Jokowi`` -> ``Joko Widodo``);
2. spellings of one name meet (``Soeharto`` = ``Suharto``, ``Zainudin`` = ``Zainuddin``),
   and a rare misspelling joins the common spelling it is one slip away from, when
   the two are written about in the same context (``Airlangga Hartato`` ->
   ``Airlangga Hartarto``);
3. a shorter or abbreviated form joins the one longer name it fits
   (``Thareq Kemal`` -> ``Thareq Kemal Habibie``, ``Laode M Syarif`` -> ``Laode
   Muhammad Syarif``, ``Alex Marwata`` -> ``Alexander Marwata``) when that name is
   not much rarer and the two share context (they are named together, or with
   the same less common people); a name that fits several stays apart, and so
   do names of different people that share words (``Edhy Prabowo``);
4. a one-word name joins the person who holds nearly all the full names with
   that word (``Susi`` -> ``Susi Pudjiastuti``), stands alone when no full name
   has it (``Rubijanto``), and is left out otherwise (``Bambang``); when other
   people have the word too but only one is written about in the same context
   (``Fajar``: the badminton player Fajar Alfian, and others), the word names that
   person only in articles that also name someone written about with them;
5. the curation file (:mod:`search.indexing.curation`) merges, renames, splits and blocks.

The registry is saved beside the index (:data:`REGISTRY_FILE`) by every index
run, and read by every searcher.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from rapidfuzz import fuzz

from search.indexing.curation import Curation, folded
from search.ingest.names import alias_lookup, gazetteer_pattern, known_form, name_key, spelling_key

#: Beside the index: the registry of the last index run.
REGISTRY_FILE = "telusur-persons.json"
#: A name is taken for a misspelling of another that is named in this many times as many
#: articles, differs in one word of five letters or more, and is this similar (0-100) in it.
MISSPELLING_RATIO = 4.0
MISSPELLING_SIMILARITY = 85
#: A shorter name joins a longer one with more words only if it is at most this many times as
#: frequent (``Joko Widodo`` does not join ``Iriana Joko Widodo``); an abbreviation always may.
MAX_SHORT_RATIO = 4.0
#: Of several longer names a shorter one fits, those named in fewer than this share of the
#: articles of the most named one are taken for misspellings, not other people.
LIKELY_SHARE = 0.25
#: A one-word name joins a person holding at least this share of the full names with that word
#: (of those written about in the same context; of all of them, for every article).
DOMINANT_SHARE = 0.9
#: A person is in the context of another when named with them in this share of their articles,
#: and this many times as often as in the archive at large (``Joko Widodo`` is named with
#: everyone: he is in no one's context).
CONTEXT_SHARE = 0.05
CONTEXT_LIFT = 10
#: A one-word name stands alone when full names with that word are rarer than this share of it.
MONONYM_SHARE = 0.2
#: ... and when it is named in at least this many articles (or an office names it, or the input gives it).
MONONYM_DOCS = 3
#: A person is named by their fullest form if it is used in at least this share of the
#: articles of their most used form (``Laode Muhammad Syarif`` over ``Laode M Syarif``).
FULL_FORM_SHARE = 0.2


@dataclass
class Person:
    """One canonical person: the names articles give them, with article counts."""

    name: str
    docs: int = 0
    variants: dict[str, int] = field(default_factory=dict)
    partials: dict[str, int] = field(default_factory=dict)


#: One article's names: its person values and its partial names.
Row = tuple[Sequence[str], Sequence[str]]


#: One-word name -> {person: the names of the people written about with them}.
Contexts = dict[str, dict[str, frozenset[str]]]


class InContext(NamedTuple):
    """A one-word name that stands for a person in an article naming one of ``mine`` and
    none of ``theirs`` (the people written about with the others who have the name)."""

    word: str
    mine: frozenset[str]
    theirs: frozenset[str]


def in_context(found: dict[str, frozenset[str]] | None, values: Iterable[str]) -> str | None:
    """The person a one-word name stands for in an article with these person ``values``:
    the one of ``found`` (its people, with their contexts) written about with them, if only one is."""
    if not found:
        return None
    named = [name for name, context in found.items() if not context.isdisjoint(values)]
    return named[0] if len(named) == 1 else None


class PersonTerms(NamedTuple):
    """What an article has when it names a person: one of the ``variants`` (person values),
    one of the ``partials`` (one-word names), or a one-word name in its context."""

    variants: list[str]
    partials: list[str]
    contextual: list[InContext]


class PersonRegistry:
    """Person value or partial name -> canonical person, and the persons with their variants."""

    def __init__(
        self,
        persons: dict[str, Person],
        of_value: dict[str, str],
        of_partial: dict[str, str],
        curation: str = "",
        left_out: Iterable[str] = (),
        in_context: Contexts | None = None,
    ) -> None:
        self.persons = persons
        self.of_value = of_value
        self.of_partial = of_partial
        #: Person values it saw and left out: blocked, or a one-word name of several people.
        self.left_out = frozenset(left_out)
        #: One-word names that stand for a person only in an article that names someone
        #: written about with them (and no one written about with the others of that name).
        self.in_context = in_context or {}
        #: The digest of the curation rules it applied.
        self.curation = curation
        self._keys: dict[str, set[str]] | None = None
        contexts = sorted((word, name, sorted(values)) for word, found in self.in_context.items() for name, values in found.items())
        payload = json.dumps([sorted(of_value.items()), sorted(of_partial.items()), contexts], ensure_ascii=False)
        self.version = hashlib.blake2b(payload.encode("utf-8"), digest_size=8).hexdigest()

    def canonical(self, name: str) -> str | None:
        """The canonical person a person value or partial name stands for (None: none)."""
        return self.of_value.get(name) or self.of_partial.get(name)

    def canonical_row(self, values: Iterable[str], partials: Iterable[str] = ()) -> tuple[str, ...]:
        """The canonical persons of one article, in order, each once; a value the registry
        has not seen yet (an article newer than the registry) goes by the gazetteer's name."""
        values = list(values)
        names = [self.of_value.get(v) or in_context(self.in_context.get(v), values) or (None if v in self.left_out else known_form(v)) for v in values]
        names += [self.of_partial.get(p) or in_context(self.in_context.get(p), values) for p in partials]
        return tuple(dict.fromkeys(n for n in names if n))


    def terms(self, name: str) -> PersonTerms:
        """What an article has when it names ``name`` (itself for a name the registry has
        not seen; nothing for one it left out)."""
        person = self.persons.get(name)
        if person is None:
            return PersonTerms([] if name in self.left_out else [name], [], [])
        contextual = [
            InContext(word, found[name], frozenset().union(*(context for other, context in found.items() if other != name)))
            for word, found in self.in_context.items()
            if name in found
        ]
        return PersonTerms(list(person.variants), list(person.partials), contextual)

    def named_by(self, text: str) -> list[Person]:
        """The persons ``text`` names as a whole: a variant, an alias or a partial name
        (``jokowi``, ``zelensky``, ``sri mulyani``), most written about first."""
        names = self._by_key().get(name_key(text), set())
        return sorted((self.persons[n] for n in names if n in self.persons), key=lambda p: (-p.docs, p.name))

    def named_in(self, text: str, longest: int = 4) -> list[tuple[Person, str]]:
        """The persons named by runs of up to ``longest`` words of ``text`` (longest runs
        first), each with ``text`` without the words that name them: ``jokowi ibu kota``
        names Joko Widodo, leaving ``ibu kota``."""
        words = text.split()
        found: dict[str, tuple[Person, str]] = {}
        taken = [False] * len(words)
        for size in range(min(longest, len(words)), 0, -1):
            for start in range(len(words) - size + 1):
                if any(taken[start : start + size]):
                    continue
                persons = self.named_by(" ".join(words[start : start + size]))
                if persons:
                    taken[start : start + size] = [True] * size
                    rest = " ".join(words[:start] + words[start + size :])
                    found.update({p.name: (p, rest) for p in persons})
        return sorted(found.values(), key=lambda item: (-item[0].docs, item[0].name))

    def _by_key(self) -> dict[str, set[str]]:
        """Name key -> the canonical persons that name stands for (built on first use)."""
        if self._keys is None:
            keys: dict[str, set[str]] = defaultdict(set)
            for names in (self.of_value, self.of_partial):
                for name, person in names.items():
                    keys[name_key(name)].add(person)
            for alias, person in alias_lookup().items():
                if person in self.persons:
                    keys[alias].add(person)
            for person in self.persons:
                keys[name_key(person)].add(person)
            self._keys = keys
        return self._keys

    def to_json(self) -> dict[str, object]:
        return {
            "persons": {p.name: {"docs": p.docs, "variants": p.variants, "partials": p.partials} for p in self.persons.values()},
            "values": self.of_value,
            "partials": self.of_partial,
            "left_out": sorted(self.left_out),
            "in_context": {word: {name: sorted(values) for name, values in found.items()} for word, found in self.in_context.items()},
            "curation": self.curation,
        }

    @classmethod
    def from_json(cls, data: dict) -> PersonRegistry:
        persons = {name: Person(name, entry["docs"], entry["variants"], entry["partials"]) for name, entry in data["persons"].items()}
        contexts = {word: {name: frozenset(values) for name, values in found.items()} for word, found in data.get("in_context", {}).items()}
        return cls(persons, data["values"], data["partials"], data.get("curation", ""), data.get("left_out", ()), contexts)

    def save(self, index_dir: Path) -> None:
        """Write the registry beside the index, atomically."""
        target = index_dir / REGISTRY_FILE
        temporary = target.with_suffix(".tmp")
        temporary.write_text(json.dumps(self.to_json(), ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, target)


def load_registry(index_dir: Path) -> PersonRegistry | None:
    """The registry saved beside the index (None when missing or unreadable)."""
    try:
        return PersonRegistry.from_json(json.loads((index_dir / REGISTRY_FILE).read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def registry_stale(index_dir: Path, curation: Curation) -> bool:
    """Must the registry beside the index be rebuilt: missing, unreadable, or made with other curation rules?"""
    saved = load_registry(index_dir)
    return saved is None or saved.curation != curation.digest


def build_registry(rows: Sequence[Row], curation: Curation | None = None) -> PersonRegistry:
    """The registry of an archive whose articles have these ``rows`` of names."""
    return _Builder(rows, curation or Curation()).build()


class _Groups:
    """Union-find over names: each group is one person."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, name: str) -> str:
        root = self.parent.setdefault(name, name)
        while root != self.parent[root]:
            root = self.parent[root]
        while name != root:
            self.parent[name], name = root, self.parent[name]
        return root

    def union(self, name: str, into: str) -> None:
        self.parent[self.find(name)] = self.find(into)


def _tokens(name: str) -> tuple[str, ...]:
    """The words of a name as spellings meet, a leading ``Muhammad`` of a longer name aside
    (``Muhammad Tito Karnavian`` is ``Tito Karnavian``)."""
    tokens = tuple(spelling_key(word) for word in name.split())
    return tokens[1:] if len(tokens) > 2 and tokens[0] == "mhd" and tokens[1] not in _NAME_PARTICLES else tokens


#: Words that join a name to a father's (``Mohammed bin Salman``): the given name before them is essential.
_NAME_PARTICLES = frozenset({"bin", "binti", "ibn", "al", "el"})


def _fit(short: tuple[str, ...], long: tuple[str, ...]) -> int | None:
    """How many words of ``long`` are left over when the words of ``short`` stand, in
    order, for words of it: the same word, an initial (``m`` for ``muhammad``), initials
    of consecutive words (``bj`` for ``bacharuddin jusuf``) or a first name cut short
    (``alex`` for ``alexander``).  None when ``short`` does not fit: it must reach
    ``long``'s last word or be its beginning, and must not be ``long`` itself."""
    if short == long or len(short) < 2 or len(short) > len(long):
        return None
    j, covered = 0, 0
    matched: list[int] = []
    for i, word in enumerate(short):
        while j < len(long):
            span = _match(word, long, j, first=i == 0 and j == 0)
            if span:
                matched.append(j + span - 1)
                covered += span
                j += span
                break
            j += 1
        else:
            return None
    if matched[-1] != len(long) - 1 and matched != list(range(len(short))):
        return None
    return len(long) - covered


def _word_and_cuts(tokens: tuple[str, ...]) -> set[str]:
    """The words of a name, and the beginnings a one-word name may cut them to
    (``gisel`` for ``gisella``, ``kumala`` for ``kumalasari``)."""
    found = set(tokens)
    for position, word in enumerate(tokens):
        for end in range(4 if position == 0 else 5, len(word)):
            if end >= 0.6 * len(word):
                found.add(word[:end])
    return found


#: Words a name may start with that are not a given name of their own (``Andi Amran Sulaiman``, ``M Ikhsan Rosan``).
_NAME_PREFIXES = frozenset("mhd m h hj i ni andi teuku tengku raden rd kh haji gusti anak agung".split())


def _weak(tokens: tuple[str, ...]) -> bool:
    """Is a name too common to join others on context alone: one word besides prefixes
    (``M Nasir``, ``Muhammad Nasir``, which many people are called)?"""
    return sum(1 for t in tokens if t not in _NAME_PREFIXES) < 2


def _other_given_name(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """Does ``long`` have words before the first of ``short`` that are a given name
    (``septian`` before ``david maulana``), not a prefix (``andi``, ``m``)?"""
    before = long[: long.index(short[0])] if short[0] in long else ()
    return any(word not in _NAME_PREFIXES for word in before)


def _match(word: str, long: tuple[str, ...], j: int, *, first: bool) -> int:
    """How many words of ``long`` from ``j`` the short ``word`` stands for (0: none)."""
    if word == long[j]:
        return 1
    if len(word) == 1 and long[j].startswith(word):
        return 1
    if 2 <= len(word) <= 3 and j + len(word) <= len(long) and word == "".join(w[0] for w in long[j : j + len(word)]):
        return len(word)
    if first and len(word) >= 3 and long[j].startswith(word):  # Alex for Alexander
        return 1
    return 1 if j == len(long) - 1 and len(word) >= 5 and long[j].startswith(word) else 0  # Dian Sastro for Sastrowardoyo


class _Builder:
    """The steps of :func:`build_registry`, on one archive's names."""

    def __init__(self, rows: Sequence[Row], curation: Curation) -> None:
        self.curation = curation
        self.value_docs: dict[str, set[int]] = defaultdict(set)
        self.partial_docs: dict[str, set[int]] = defaultdict(set)
        for doc, (values, partials) in enumerate(rows):
            for value in values:
                self.value_docs[value].add(doc)
            for partial in partials:
                self.partial_docs[partial].add(doc)
        self.rows = rows
        self.total_docs = len(rows)
        self.groups = _Groups()
        self._root_docs: dict[str, set[int]] | None = None
        self.known = alias_lookup()
        self.known_spellings = {_tokens(alias): name for alias, name in gazetteer_pattern()[1].items()}

    def build(self) -> PersonRegistry:
        multi = [v for v in self.value_docs if " " in v and not self.curation.is_split(v)]
        self._gazetteer_and_spellings(self.value_docs)
        self._misspellings(multi)
        self._shorter_forms(multi)
        single_names, contextual = self._one_word_names()
        self._curation_merges()
        return self._registry(single_names, contextual)

    def _gazetteer_and_spellings(self, values: Iterable[str]) -> None:
        """Steps 1 and 2: gazetteer aliases to their person, equal spellings together (two
        spellings of a common name, ``Muhammad Nasir`` and ``Mohamad Nasir``, only when they
        are written about in the same context)."""
        by_spelling: dict[tuple[str, ...], list[str]] = defaultdict(list)
        for value in sorted(values, key=lambda v: (-len(self.value_docs[v]), v)):
            if self.curation.is_split(value):
                continue
            canonical = self.known.get(name_key(value)) or self.known_spellings.get(_tokens(value))
            if canonical is None and " " in value and known_form(value) != value:  # Anies Rasyid Baswedan
                canonical = known_form(value)
            if canonical:
                self.groups.union(value, canonical)
            spellings = by_spelling[_tokens(value)]
            same = next((s for s in spellings if name_key(s) == name_key(value)), None)
            if same is None and not _weak(_tokens(value)):
                same = next((s for s in spellings if self._share_context(self.value_docs[value], self.value_docs[s])), None)
            if same is not None:
                self.groups.union(value, same)
            spellings.append(value)

    def _misspellings(self, multi: list[str]) -> None:
        """Step 2b: a rare name one slip of the pen away from a common one in a single word
        (the same number of words, all others alike) joins it, if they share context."""
        buckets: dict[tuple[int, str], list[str]] = defaultdict(list)
        for value in multi:
            tokens = _tokens(value)
            buckets[(len(tokens), tokens[0])].append(value)
            buckets[(len(tokens), tokens[-1])].append(value)
        group_docs = self._group_docs()
        for values in buckets.values():
            common = sorted(values, key=lambda v: -len(group_docs[self.groups.find(v)]))
            for rare in common[::-1]:
                target = next((c for c in common if self._misspelt(rare, c, group_docs)), None)
                if target is not None:
                    group_docs[self.groups.find(target)] |= group_docs[self.groups.find(rare)]
                    self.groups.union(rare, target)

    def _misspelt(self, rare: str, common: str, group_docs: dict[str, set[int]]) -> bool:
        mine, theirs = group_docs[self.groups.find(rare)], group_docs[self.groups.find(common)]
        if self.groups.find(rare) == self.groups.find(common) or len(theirs) < MISSPELLING_RATIO * len(mine):
            return False
        differ = [(a, b) for a, b in zip(_tokens(rare), _tokens(common)) if a != b]
        if len(differ) != 1 or min(len(differ[0][0]), len(differ[0][1])) < 5:
            return False
        return fuzz.ratio(*differ[0]) >= MISSPELLING_SIMILARITY and self._share_context(mine, theirs)

    def _group_docs(self) -> dict[str, set[int]]:
        docs: dict[str, set[int]] = defaultdict(set)
        for value, value_docs in self.value_docs.items():
            docs[self.groups.find(value)] |= value_docs
        return docs

    def _shorter_forms(self, multi: list[str]) -> None:
        """Step 3: a shorter or abbreviated name joins the one longer name it fits."""
        by_word: dict[str, set[str]] = defaultdict(set)
        for value in multi:
            for word in {_tokens(value)[0], _tokens(value)[-1]}:
                by_word[word].add(value)
        group_docs = self._group_docs()
        for short in sorted(multi, key=lambda v: (len(self.value_docs[v]), v)):
            tokens, mine = _tokens(short), group_docs[self.groups.find(short)]
            if _weak(tokens):
                continue
            fitting: dict[str, int] = {}
            for value in {v for word in {tokens[0], tokens[-1]} for v in by_word[word]}:
                extra, root = _fit(tokens, _tokens(value)), self.groups.find(value)
                # a longer name with another given name before it may be someone else's
                # (David Maulana, Septian David Maulana): more shared context is needed
                needed = 2 if extra is not None and _other_given_name(tokens, _tokens(value)) else 1
                if extra is not None and root != self.groups.find(short) and self._share_context(mine, group_docs[root], needed):
                    fitting[root] = min(extra, fitting.get(root, extra))
            target = self._only_likely(fitting, group_docs)
            if target and (fitting[target] == 0 or len(mine) <= MAX_SHORT_RATIO * len(group_docs[target])):
                self.groups.union(short, target)
                group_docs[target] = mine | group_docs[target]

    @staticmethod
    def _only_likely(fitting: dict[str, int], group_docs: dict[str, set[int]]) -> str | None:
        """The one name that fits, rare misspellings of others aside (None when several do)."""
        if not fitting:
            return None
        sizes = {root: len(group_docs[root]) for root in fitting}
        top = max(sizes.values())
        likely = [root for root, size in sizes.items() if size >= LIKELY_SHARE * top]
        return likely[0] if len(likely) == 1 else None

    def _docs_of(self, root: str) -> set[int]:
        """The articles of a group's names."""
        if self._root_docs is None:
            self._root_docs = self._group_docs()
        return self._root_docs[root]

    def _share_context(self, mine: set[int], theirs: set[int], needed: int = 1) -> bool:
        """Are two names written about together: in one article, or each with ``needed``
        of the same less common people (named in at most 1 % of the archive, and at least
        20 articles' worth)?"""
        if mine & theirs:
            return True
        rare = max(20, self.total_docs // 100)
        shared = self._co_mentioned(mine, rare) & self._co_mentioned(theirs, rare)
        return len(shared) >= needed

    def _co_mentioned(self, docs: set[int], rare: int) -> set[str]:
        found = set()
        for doc in docs:
            for value in self.rows[doc][0]:
                if len(self.value_docs[value]) <= rare:
                    found.add(self.groups.find(value))
        return found

    def _one_word_names(self) -> tuple[dict[str, str], dict[str, list[str]]]:
        """Step 4: each one-word name -> the group it joins, itself (it stands alone) or "";
        and the one-word names that join a group only in context -> those groups.

        A group holds a word by the articles of its names that have the word (``Rudy`` is
        held by ``Rudy Habibie``'s few articles, not by all of B.J. Habibie's)."""
        holding: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
        for value, docs in self.value_docs.items():
            if " " in value:
                root = self.groups.find(value)
                for word in _word_and_cuts(_tokens(value)):
                    holding[word][root] |= docs
        decided, contextual = {}, {}
        merged = {folded(name) for name in self.curation.merges}
        for word in set(self.partial_docs) | {v for v in self.value_docs if " " not in v}:
            known = self.known.get(name_key(word))
            if known or self.curation.is_split(word) or folded(word) in merged:
                decided[word] = self.groups.find(known or word)
                continue
            docs = self.value_docs.get(word, set()) | self.partial_docs.get(word, set())
            held = {root: len(h) for root, h in holding.get(spelling_key(word), {}).items()}
            near = {root for root in held if self._share_context(docs, self._docs_of(root))}
            vouched = word in self.value_docs  # named as a person (an office before it, or given)
            decided[word] = self._one_word_decision(word, docs, held, near, vouched)
            if not decided[word]:  # several people have the word: each only in their context
                contextual[word] = sorted(root for root in near if held[root] >= 2)
        return decided, contextual

    @staticmethod
    def _one_word_decision(word: str, docs: set[int], held: dict[str, int], near: set[str], vouched: bool) -> str:
        """The group a one-word name joins everywhere, itself, or "" (none everywhere).
        ``held``: the groups with full names that have the word, by their articles with it;
        ``near``: those written about in the same context as the word."""
        if sum(held.values()) < MONONYM_SHARE * len(docs):
            return word if vouched or len(docs) >= MONONYM_DOCS else ""
        top, count = max(held.items(), key=lambda item: (item[1], item[0]))
        if count >= DOMINANT_SHARE * sum(held.values()) and count >= 2:  # nearly every full name with it is theirs
            return top
        if not near:  # the full names with the word are other people's: a name of its own, if vouched for
            return word if vouched else ""
        return ""

    def _curation_merges(self) -> None:
        """Step 5a: the curation file's merges, on any spelling of the names as written."""
        nodes = {folded(n): n for n in [*self.value_docs, *self.partial_docs, *self.groups.parent]}
        for left, right in self.curation.merges.items():
            self.groups.union(nodes.get(folded(left), left), nodes.get(folded(right), right))

    def _registry(self, single_names: dict[str, str], contextual: dict[str, list[str]]) -> PersonRegistry:
        """Step 5b: name each group, leave out what is blocked, count articles."""
        self.members: dict[str, list[str]] = defaultdict(list)
        for node in self.groups.parent:
            self.members[self.groups.find(node)].append(node)
        members: dict[str, list[str]] = defaultdict(list)
        for value in self.value_docs:
            target = single_names.get(value, value) if " " not in value else value
            if target:
                members[self.groups.find(target)].append(value)
        partial_of = {p: self.groups.find(single_names[p]) for p in self.partial_docs if single_names.get(p)}
        names = {root: self._canonical_name(root, values) for root, values in members.items()}
        names.update({root: self._canonical_name(root, []) for root in set(partial_of.values()) - set(names)})
        blocked = {root for root, name in names.items() if self.curation.is_blocked(name)}
        of_value = {v: names[root] for root, values in members.items() if root not in blocked for v in values if not self.curation.is_blocked(v)}
        of_partial = {p: names[root] for p, root in partial_of.items() if root not in blocked and not self.curation.is_blocked(p)}
        contexts = self._contexts(contextual, members, names, blocked)
        left_out = set(self.value_docs) - set(of_value)
        persons = self._persons(of_value, of_partial, contexts)
        return PersonRegistry(persons, of_value, of_partial, self.curation.digest, left_out, contexts)

    def _contexts(self, contextual: dict[str, list[str]], members: dict[str, list[str]], names: dict[str, str], blocked: set[str]) -> Contexts:
        """For each one-word name several people have, each of them with the names of the
        people written about with them (the names written about with several left out)."""
        found: Contexts = {}
        group_docs = self._group_docs() if contextual else {}
        for word, targets in contextual.items():
            roots = {self.groups.find(t) for t in targets} - blocked
            if self.curation.is_blocked(word) or not roots <= set(names):
                continue
            contexts = {root: self._context_values(root, members, group_docs) for root in roots}
            counted = Counter(v for values in contexts.values() for v in values)
            kept = {names[root]: frozenset(v for v in values if counted[v] == 1) for root, values in contexts.items()}
            if kept := {name: values for name, values in kept.items() if values}:
                found[word] = kept
        return found

    def _context_values(self, root: str, members: dict[str, list[str]], group_docs: dict[str, set[int]]) -> set[str]:
        """Every name of the people written about with a group: named in an article with
        one of its names, in at least :data:`CONTEXT_SHARE` of their own articles."""
        docs = set().union(*(self.value_docs[v] for v in members[root]))
        together: Counter[str] = Counter(self.groups.find(v) for doc in docs for v in self.rows[doc][0])
        context = {
            group
            for group, count in together.items()
            if group != root
            and count >= CONTEXT_SHARE * len(group_docs[group])
            and count * self.total_docs >= CONTEXT_LIFT * len(docs) * len(group_docs[group])
        }
        return {v for group in context for v in members.get(group, ())}

    def _canonical_name(self, root: str, values: list[str]) -> str:
        """The gazetteer's name, else the curation's rename, else the most used full form."""
        group = self.members.get(root) or [root]
        gazetteer = set(self.known.values())
        name = next((n for n in group if n in gazetteer), None)
        if name is None:
            name = self._fullest_form(values or group)
        renames = {folded(old): new for old, new in self.curation.renames.items()}
        for candidate in [name, *values]:
            if folded(candidate) in renames:
                return renames[folded(candidate)]
        return name

    def _fullest_form(self, forms: list[str]) -> str:
        """The name a person is best known by: of the spellings used often enough
        (:data:`FULL_FORM_SHARE`), the one with most words written
        out (``Virgil van Dijk`` over ``Van Dijk``, ``Laode Muhammad Syarif`` over
        ``Laode M Syarif``), then the most named."""
        spelled: dict[tuple[str, ...], int] = defaultdict(int)
        for form in forms:
            spelled[_tokens(form)] += len(self.value_docs.get(form, ()))
        top = max(spelled.values())

        def score(form: str) -> tuple:
            tokens = _tokens(form)
            written_out = sum(len(t) > 1 for t in tokens) if spelled[tokens] >= FULL_FORM_SHARE * top else 0
            return (" " in form, written_out, len(self.value_docs.get(form, ())), form)

        return max(forms, key=score)

    def _persons(self, of_value: dict[str, str], of_partial: dict[str, str], contexts: Contexts) -> dict[str, Person]:
        persons: dict[str, Person] = {}
        docs: dict[str, set[int]] = defaultdict(set)
        for value, name in of_value.items():
            persons.setdefault(name, Person(name)).variants[value] = len(self.value_docs[value])
            docs[name] |= self.value_docs[value]
        for partial, name in of_partial.items():
            persons.setdefault(name, Person(name)).partials[partial] = len(self.partial_docs[partial])
            docs[name] |= self.partial_docs[partial]
        for word, found in contexts.items():
            for doc in self.value_docs.get(word, set()) | self.partial_docs.get(word, set()):
                name = in_context(found, self.rows[doc][0])
                if name in persons:
                    persons[name].partials[word] = persons[name].partials.get(word, 0) + 1
                    docs[name].add(doc)
        for name, person in persons.items():
            person.docs = len(docs[name])
        return dict(sorted(persons.items(), key=lambda item: (-item[1].docs, item[0])))
