"""Finds the people an article mentions, each under one name for the whole article.

Names come from three sources:

* the CRF tagger of :mod:`search.ingest.ner` (trained on Indonesian news NER gold data);
* the gazetteer of public figures with their aliases (:mod:`search.ingest.names`:
  ``Jokowi`` -> ``Joko Widodo``, ``Zelensky`` -> ``Volodymyr Zelenskiy``);
* role words that vouch for a one-word name: an office or title before it
  (``Menkominfo Rudiantara``) or a verb of saying (``kata Wiranto``).

Each mention is then resolved within the article (:func:`find_mentions`):
titles are stripped, a gazetteer alias becomes its canonical name, and a
shorter mention (``Oliker``, ``Alex``) becomes the full form seen in the same
article (``Olga Oliker``, ``Alexander Marwata``).  Names in a Title Case
headline are kept only as far as the body or the gazetteer confirms them
(``Jokowi Tunjuk Hanif Dhakiri`` -> ``Jokowi``, ``Hanif Dhakiri``).  Credit lines
(``Penulis: ...``) name the authors, not people in the news: they are skipped.

What an article gives the index (:func:`article_persons`): its *persons*
(full names, gazetteer names and one-word names an office vouches for, the
facet's candidates) and its *partial names* (one-word names only a verb of
saying vouches for, ``kata Susi``), which the person registry resolves across
the archive or leaves out.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from search.ingest.conll import Span
from search.ingest.conll import person_spans as iob_person_spans
from search.ingest.gazetteers import agencies
from search.ingest.names import (
    GROUP_NAMES,
    INSTITUTION_WORD,
    NOT_PERSONS,
    PARTICLES,
    PLACE_PAIRS,
    SAID_AFTER,
    TITLES,
    alias_lookup,
    clean_name,
    gazetteer_pattern,
    is_name_like,
    known_form,
    name_key,
    named_after,
    split_pair,
)
from search.ingest.ner import SAY_WORDS, TOKEN, case_class, is_capitalised, tag_windows, tokenize

#: Credit lines: ``Editor: X``, ``Penulis: X, Y``, ``Laporan Wartawan Tribunnews.com, X``.
_CREDIT = re.compile(
    r"^\W*(?:(?:editor|penulis|reporter|pewarta|wartawan|kontributor|penerjemah|redaktur|fotografer)\s*:"
    r"|laporan\s+(?:wartawan|reporter|koresponden)\s+\S+?,)\s*(?P<names>[^:]+?)[\s.]*$",
    re.I,
)
_REPORTED = re.compile(r"^\s*(?P<names>[A-Z][\w'-]+(?: [A-Z][\w'-]+){1,3}) (?:melaporkan|turut melaporkan)\.?\s*$")
_CREDIT_NAME = re.compile(r"[A-Z][\w'.-]*(?: [A-Z][\w'.-]*){0,4}")
_SENTENCE_ENDS = frozenset({".", "!", "?"})
_QUOTES = frozenset({'"', "\u201c", "\u201d"})
_BRACKETED = re.compile(r"[(\[][^)\]]*[)\]]?")
_INNER_INITIALISM = re.compile(r"(?<=[A-Za-z]) \([A-Z][A-Za-z.]{0,4}\) (?=[A-Z][a-z])")
#: clickid text-node boundaries: a comma glued to the next word, not between digits.
_NODE_COMMA = re.compile(r"(?<!\d),(?=[^\s\d,])|,{2,}")


#: Words before a nickname of a team, a place or a thing (``tim berjulukan Kabau Sirah``).
_NICKNAMED = frozenset({"julukan", "berjulukan", "dijuluki", "julukannya"})
#: How a mention is vouched for: an office or title before it, a verb of saying, the gazetteer.
TITLE, SAY, KNOWN = "title", "say", "known"


@dataclass
class Mention:
    """One mention of a person in a text."""

    #: Character offsets in the text (``title + "\n" + body`` for an article).
    start: int
    end: int
    #: The name as written, titles and punctuation stripped.
    surface: str
    #: TITLE, SAY, KNOWN or "" (nothing vouches for it).
    vouch: str
    #: The article's name for this person (full name or gazetteer name); "" when the
    #: mention is not kept (a headline fragment, an unvouched one-word name).
    name: str = ""


def _tagger_view(tokens: Sequence[str]) -> list[str]:
    """``tokens`` as the tagger should see them: in a Title Case Headline, words that news
    does not always capitalise are lower-cased (``Putin Tiba-Tiba Minta`` -> ``Putin tiba-tiba minta``)."""
    capitalised = [t for t in tokens if t[:1].isupper() and len(t) > 3]
    if len(capitalised) < 2 or 2 * len(capitalised) < len(tokens) - tokens.count(","):
        return list(tokens)
    common = [t for t in tokens if len(t) > 3 and t[:1].isalpha() and case_class(t.lower()) == "l"]
    if len(common) < 2 or sum(map(is_capitalised, common)) < 0.6 * len(common):
        return list(tokens)
    return [t.lower() if is_capitalised(t) and case_class(t.lower()) in "lm" else t for t in tokens]


def _trim(tokens: Sequence[str], start: int, end: int) -> Span | None:
    """A tagged span cut at a sentence end, a quote or an unclosed bracket, without leading titles,
    places and sentence-initial common words or trailing punctuation and dates; None for a place
    named after someone (``Jalan Gatot Subroto``)."""
    for i in range(start + 1, end):
        if tokens[i] in _SENTENCE_ENDS and not (len(tokens[i - 1]) <= 2 and tokens[i - 1][:1].isupper()):
            end = i
            break
        if i > start + 1 and _acronym(tokens[i]):  # a results table: Aleix Espargaro SPA Factory Aprilia
            end = i
            break
        if tokens[i] in _QUOTES or (tokens[i] == "(" and ")" not in tokens[i:end]):
            end = i  # ``Frank " Nyong " Umbas``, ``Joko Widodo ( Jokowi``: a quote or an unclosed bracket
            break
    while end - start > 1:
        word = tokens[start]
        if end - start > 2 and f"{word} {tokens[start + 1]}" in PLACE_PAIRS:
            start += 2
        elif word.lower().strip(".") in TITLES or word in NOT_PERSONS or INSTITUTION_WORD.fullmatch(word) or _acronym(word) or ((start == 0 or tokens[start - 1] in _SENTENCE_ENDS) and (
            case_class(word.lower()) == "l"
            # a question or emphasis word opening a headline: "Mampukah Jokowi ..."
            or (word.lower().endswith(("kah", "lah")) and case_class(word.lower()[:-3]) == "l")
        )):
            start += 1
        else:
            break
    while end - start > 1 and (
        not tokens[end - 1][:1].isalnum()
        or tokens[end - 1] in NOT_PERSONS
        or tokens[end - 1].lower() in PARTICLES
        or tokens[end - 1] in GROUP_NAMES
        or (end - start > 2 and len(tokens[end - 1]) > 2 and tokens[end - 1].isupper())
    ):
        end -= 1
    if start > 0 and named_after(list(tokens[max(0, start - 4) : start])):
        return None
    if start > 0 and tokens[start - 1].lower() in _NICKNAMED:  # tim berjulukan Kabau Sirah
        return None
    if end - start == 1 and (tokens[start] in NOT_PERSONS or tokens[start].lower().strip(".") in TITLES):
        return None
    return start, end


def _acronym(word: str) -> bool:
    """An organisation's acronym before a name (``TKN``, ``PDIP``), not a person's initials
    or a gazetteer alias (``BJ``, ``SBY``)."""
    return len(word) >= 3 and word.isupper() and word.isalpha() and name_key(word) not in alias_lookup()


def sentences_spans(sentences: Sequence[Sequence[str]]) -> list[list[Span]]:
    """Person spans (token offsets) in each tokenised sentence, tagged in one go."""
    tags = tag_windows([_tagger_view(tokens) for tokens in sentences])
    spans = []
    for tokens, sentence_tags in zip(sentences, tags):
        found = iob_person_spans(sentence_tags) if "B-PER" in sentence_tags or "I-PER" in sentence_tags else []
        spans.append([span for span in (_trim(tokens, *s) for s in found) if span])
    return spans


def person_spans(tokens: Sequence[str]) -> list[Span]:
    """Person spans in one tokenised sentence: what the evaluation scores against gold spans."""
    return sentences_spans([tokens])[0]


def _segments(text: str) -> list[str]:
    """Lines of ``text``, clickid's glued text nodes (``kata,Budi``) split apart and an initialism
    inside a name blanked (``Bacharuddin Jusuf (BJ) Habibie``); offsets are kept."""
    text = _NODE_COMMA.sub(lambda m: "\n" * len(m.group()), text.replace("\u2019", "'"))
    return _INNER_INITIALISM.sub(lambda m: " " * len(m.group()), text).split("\n")


#: A byline at the top of an article: a name alone on its line, perhaps with the date after it
#: (``Nadia Lutfiana Mawarni Jumat, 31 Des 2021 13:15 WIB``).
_BYLINE = re.compile(
    r"^\s*[A-Z][\w'.-]+(?: [A-Z][\w'.-]+){1,4}(?:\s+(?:Senin|Selasa|Rabu|Kamis|Jumat|Jum'at|Sabtu|Minggu)\b.*\d.*)?\s*$"
)
#: How far into the text (characters) a byline may stand.
_BYLINE_CHARS = 600


def _is_credit(line: str, offset: int) -> bool:
    """A credit line (``Sumber: Bloomberg | Editor: Noverius Laoli``, ``Felix Light melaporkan.``)
    or a byline among the first lines (``Nadia Lutfiana Mawarni``): authors, not people in the news."""
    parts = line.split("|") if ":" in line or "," in line else ()
    if any(_CREDIT.match(part) for part in parts) or _REPORTED.match(line) is not None:
        return True
    return 0 < offset < _BYLINE_CHARS and _BYLINE.match(line) is not None


def _vouch(words: Sequence[str], start: int, end: int) -> str:
    """What vouches for the name ``words[start:end]``: an office or title right before it
    (``Presiden X``, ``Menkominfo, X``), or a verb of saying (``kata X``, ``X mengatakan``)."""
    before = words[start - 1].lower().strip(".") if start > 0 else ""
    if before in (",", ":") and start > 1:
        before = words[start - 2].lower().strip(".")
    if before in TITLES:
        return TITLE
    if before in SAY_WORDS or (end < len(words) and words[end].lower() in SAID_AFTER):
        return SAY
    return ""


def _tagged_mentions(text: str) -> list[Mention]:
    """The tagger's names in ``text``, lines of credits left out."""
    mentions = []
    lines, offsets, sentences, offset = _segments(text), [], [], 0
    for line in lines:
        sentences.append([] if _is_credit(line, offset) else TOKEN.findall(line))
        offsets.append(offset)
        offset += len(line) + 1
    for line, words, spans, base in zip(lines, sentences, sentences_spans(sentences), offsets):
        matches = tokenize(line) if spans else []
        for start, end in spans:
            first, last = matches[start].start(), matches[end - 1].end()
            vouch = _vouch(words, start, end)
            for part, part_start in _split_name(line[first:last]):
                mentions.append(Mention(base + first + part_start, base + first + part_start + len(part), part, vouch))
    return mentions


def _split_name(raw: str) -> list[tuple[str, int]]:
    """Cleaned names in a tagged span with their offsets in it: pairs split
    (``Biden-Putin``, ``Joko Widodo-Ma'ruf Amin``), a bracketed alias apart
    (``Bacharuddin Jusuf (BJ) Habibie`` -> ``Bacharuddin Jusuf Habibie``, ``BJ``); a
    one-word name before a bracketed full name is a role's character (``Aslan
    (Rizky Billar)``) and is left out."""
    if any(place in raw for place in _PLACE_COMPOUNDS):
        return []
    outside = clean_name(_BRACKETED.sub(" ", raw).strip("()[] "))
    inside = [clean_name(part.strip("()[] ")) for part in _BRACKETED.findall(raw)]
    if outside and " " not in outside and any(len(part.split()) > 1 and outside not in part.split() for part in inside):
        outside = ""
    names = []
    for part in [outside, *inside]:
        for name in split_pair(part) if part else []:
            found = raw.find(name)
            names.append((name, max(found, 0)))
    return names


def _gazetteer_mentions(text: str, tagged: list[Mention], title_chars: int) -> list[Mention]:
    """Gazetteer names in ``text``; not where they name a place (``Jalan Ahmad Yani``) or are
    part of another person's name (``Edhy Prabowo``, ``Tito Rabat``)."""
    pattern, _ = gazetteer_pattern()
    text = text.replace("\u2019", "'")
    found = []
    for match in pattern.finditer(text):
        if named_after(text[max(0, match.start() - 40) : match.start()].split()):
            continue
        if text.startswith(_NOT_PERSON_COMPOUND, match.end()):  # Bandara Soekarno-Hatta
            continue
        inside = [m for m in tagged if m.start <= match.start() and match.end() <= m.end and (m.start, m.end) != match.span()]
        if any(_holds_another_name(m, match.group()) for m in inside):
            continue
        if match.start() >= title_chars and _beside_a_name(text, match.start(), match.end(), before_only=" " in match.group()):
            continue
        found.append(Mention(match.start(), match.end(), match.group(), KNOWN))
    return found


#: What follows a name in a place named after people: ``Soekarno-Hatta`` (the airport).
_NOT_PERSON_COMPOUND = ("-Hatta",)
#: Places named after people, written like a pair of names.
_PLACE_COMPOUNDS = ("Soekarno-Hatta", "Sukarno-Hatta")
_WORD_BEFORE = re.compile(r"([^\W\d_][\w']*)[ \t]+$")
_WORD_AFTER = re.compile(r"[ \t]+([^\W\d_][\w']*)")


def _beside_a_name(text: str, start: int, end: int, *, before_only: bool) -> bool:
    """Is an alias written next to another name word (``Edhy Prabowo``, ``Tito Rabat``,
    ``Mufidah Jusuf Kalla``): a capitalised word that news usually capitalises, not a title?
    A full name is checked before it only (``Joko Widodo Bertemu`` is a headline)."""
    words = []
    if before := _WORD_BEFORE.search(text, max(0, start - 30), start):
        words.append(before.group(1))
    if not before_only and (after := _WORD_AFTER.match(text, end)):
        words.append(after.group(1))
    name_classes = ("h",) if before_only else ("h", "m", "u")  # Mufidah Jusuf Kalla, but Departemen Luar Negeri Ned Price
    return any(
        is_capitalised(w) and w.lower() not in TITLES and w not in NOT_PERSONS and case_class(w.lower()) in name_classes
        and name_key(w) not in alias_lookup()
        for w in words
    )


def _holds_another_name(tagged: Mention, alias: str) -> bool:
    """Is ``alias`` part of a longer name the tagger found (``Edhy Prabowo``, ``Mufidah Jusuf
    Kalla``), rather than the whole of it after a title the tagger kept (``Menko Luhut Binsar
    Panjaitan``) or glued to the next name (``Joko Widodo Ghibran Rakabuming``)?"""
    before, _, after = tagged.surface.partition(alias)
    extra = before.split() if " " in alias else (before + " " + after).split()
    return bool(extra) and is_name_like(tagged.surface) and known_form(tagged.surface) != known_form(alias) and not all(
        w.lower().strip(".") in TITLES or w in NOT_PERSONS or name_key(w) in alias_lookup() for w in extra
    )


def _drop_tagged_inside_known(tagged: list[Mention], known: list[Mention]) -> list[Mention]:
    """Tagged names that hold gazetteer names give way to them, and keep what is left if
    that is a name: ``Kemaritiman Luhut Binsar Panjaitan`` is the gazetteer's ``Luhut Binsar
    Pandjaitan``, ``Jokowi Maruf Amin`` two people, ``Joko Widodo Ghibran Rakabuming`` too."""
    kept = []
    for m in tagged:
        inside = [k for k in known if m.start <= k.start and k.end <= m.end]
        if not inside or any(k.start == m.start and k.end == m.end for k in inside):
            kept.append(m)
            continue
        if not any(" " in k.surface for k in inside) and not _covered(m, inside):
            kept.append(m)
            continue
        kept += _left_over(m, inside)
    return kept


def _covered(tagged: Mention, inside: list[Mention]) -> bool:
    """Are the words of ``tagged`` outside the gazetteer names only titles and institutions?"""
    rest = tagged.surface
    for k in inside:
        rest = rest.replace(k.surface, " ")
    return all(w.lower().strip(".") in TITLES or w in NOT_PERSONS or INSTITUTION_WORD.fullmatch(w) for w in rest.split())


def _left_over(tagged: Mention, inside: list[Mention]) -> list[Mention]:
    """The runs of ``tagged`` outside the gazetteer names in it that are names themselves."""
    runs, position = [], tagged.start
    for k in [*sorted(inside, key=lambda k: k.start), Mention(tagged.end, tagged.end, "", KNOWN)]:
        piece = tagged.surface[position - tagged.start : k.start - tagged.start]
        name = clean_name(piece.strip(" ,-"))
        if name and " " in name and is_name_like(name):
            start = tagged.start + tagged.surface.index(name, position - tagged.start)
            runs.append(Mention(start, start + len(name), name, tagged.vouch))
        position = k.end
    return runs


def _confirm_title_mentions(mentions: list[Mention], title_chars: int, text: str) -> list[Mention]:
    """Names in a Title Case headline kept only as far as the body or the gazetteer
    confirms them (``Jokowi Tunjuk Hanif Dhakiri`` -> ``Jokowi``, ``Hanif Dhakiri``)."""
    if not title_chars or not _is_title_case(text[:title_chars]):
        return mentions
    body = [m for m in mentions if m.start >= title_chars]
    confirmed = {name_key(m.surface) for m in body} | {name_key(known_form(m.surface)) for m in body} | set(alias_lookup())
    result = []
    for m in mentions:
        if m.start >= title_chars or m.vouch == KNOWN or name_key(m.surface) in confirmed:
            result.append(m)
        else:
            result += _confirmed_runs(m, confirmed)
    return result


#: Short words that stay lower case in a Title Case headline.
_HEADLINE_LOWER = frozenset("dari untuk dengan pada karena atau oleh bagi dalam akan juga saat usai jelang soal agar".split())


def _is_title_case(title: str) -> bool:
    """Is the headline written with a capital on (almost) every word?"""
    words = [w for w in re.findall(r"[^\W\d_][\w'-]*", title) if len(w) > 3 and w not in _HEADLINE_LOWER]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def _confirmed_runs(mention: Mention, confirmed: set[str]) -> list[Mention]:
    """The runs of a headline name's words that name someone the body or the gazetteer
    names (longest first, left to right), each carried on over the proper nouns beside it
    (``Joko`` in the body confirms ``Joko Anwar``; ``Tunjuk`` is a verb and ends a run);
    the whole name when none is confirmed and every word is a proper noun."""
    words = [(w.group(), w.start()) for w in re.finditer(r"\S+", mention.surface)]
    proper = [case_class(w.lower().strip(".,:")) == "h" for w, _ in words]
    spans, i = [], 0
    while i < len(words):
        for j in range(len(words), i, -1):
            if name_key(" ".join(w for w, _ in words[i:j])) in confirmed:
                while j < len(words) and proper[j]:
                    j += 1
                while spans == [] and i > 0 and proper[i - 1]:
                    i -= 1
                spans.append((i, j))
                i = j
                break
        else:
            i += 1
    if not spans and all(proper):
        spans = [(0, len(words))]
    runs = []
    for i, j in spans:
        start = mention.start + words[i][1]
        text = mention.surface[words[i][1] : words[j - 1][1] + len(words[j - 1][0])]
        runs.append(Mention(start, start + len(text), text, mention.vouch))
    return runs


def _full_names(mentions: list[Mention]) -> Counter[str]:
    """The article's full names (two words or more, or known to the gazetteer), with mention counts."""
    names: Counter[str] = Counter()
    for m in mentions:
        if m.name and (" " in m.name or m.vouch == KNOWN):
            names[m.name] += 1
    return names


def _expansion(short: str, full_names: Counter[str]) -> str | None:
    """The full name a shorter mention stands for in this article: the one whose words hold
    it (``Oliker``, ``Thareq Kemal``) or whose first word starts with it (``Alex`` for
    ``Alexander Marwata``); of several, the most mentioned; None when that is a tie."""
    words = short.split()
    candidates = []
    for full, count in full_names.items():
        parts = full.split()
        if len(parts) <= len(words):
            continue
        contiguous = any(parts[i : i + len(words)] == words for i in range(len(parts) - len(words) + 1))
        nickname = len(words) == 1 and len(short) >= 3 and parts[0] != short and parts[0].startswith(short)
        if contiguous or nickname:
            candidates.append((count, full))
    candidates.sort(reverse=True)
    if not candidates or (len(candidates) > 1 and candidates[0][0] == candidates[1][0]):
        return None
    return candidates[0][1]


def _resolve(mentions: list[Mention]) -> None:
    """Give each mention its name in this article: the gazetteer's name for an alias,
    the article's full name for a shorter form; a one-word name nothing vouches for
    and nothing expands is left out (its ``name`` stays empty)."""
    lookup = alias_lookup()
    known = set(lookup.values())
    for m in mentions:
        if is_name_like(m.surface):
            m.name = lookup.get(name_key(m.surface)) or (known_form(m.surface) if " " in m.surface else m.surface)
    full_names = _full_names(mentions)
    written_out = {m.name for m in mentions if " " in m.surface and m.name}
    for m in mentions:
        if " " not in m.surface and m.name in known and m.name not in written_out:
            # a one-word alias whose person the article does not name in full: someone
            # else who shares the word may be meant (Ma'ruf for Ma'ruf Cahyono)
            others = Counter({n: c for n, c in full_names.items() if n != m.name})
            m.name = _expansion(m.surface, others) or m.name
        if not m.name or m.name in known:
            continue
        m.name = _expansion(m.name, full_names) or m.name
        if " " not in m.name and m.name not in known and not m.vouch:
            m.name = ""


def find_mentions(text: str, title_chars: int = 0) -> list[Mention]:
    """Every person mention in ``text``, in order, each with its name in the article.

    ``title_chars``: the length of the headline at the start of ``text`` (its
    names are checked against the body's)."""
    tagged = _tagged_mentions(text)
    known = _gazetteer_mentions(text, tagged, title_chars)
    mentions = sorted(_drop_tagged_inside_known(tagged, known) + known, key=lambda m: (m.start, -m.end, m.vouch != KNOWN))
    mentions = _confirm_title_mentions(mentions, title_chars, text)
    mentions = list({(m.start, m.end): m for m in reversed(mentions)}.values())[::-1]  # one mention per span, the gazetteer's
    _resolve(mentions)
    _leave_out_characters(mentions, _characters(text, mentions))
    for m in mentions:
        if name_key(m.name) in _media_keys():  # "Mengutip Ace Showbiz": a medium, not a person
            m.name = ""
    return mentions


@cache
def _media_keys() -> frozenset[str]:
    """The name keys of the agencies and media an article may credit."""
    return frozenset(name_key(name) for name in agencies())


#: A name with another full name in brackets after it: a role and its actor in a drama's
#: synopsis (``Woo Seo Ri (Shin Hye Sun)``), or a nickname and the full name.
_CAST = re.compile(r"([A-Z][\w'-]*(?: [A-Z][\w'-]*){0,3}) \(([A-Z][\w'-]*(?: [A-Z][\w'-]*){1,3})\)")
#: Words before the name of a role (``berperan sebagai Aslan``, ``memerankan karakter Dilan``).
_ROLE_OF = re.compile(r"\b(?:berperan sebagai|memerankan(?: karakter| tokoh| sosok)?|karakter|perannya sebagai) ([A-Z][\w'-]*(?: [A-Z][\w'-]*){0,3})")


def _characters(text: str, mentions: list[Mention]) -> set[str]:
    """Roles of a film or series the text names: before a person's name in brackets
    (``Lee Yoo Chan (Suho EXO)``; not ``Firli Bahuri (Anggota Polri)``), unless the two are
    one person (``Kang Emil (Ridwan Kamil)``), or after ``berperan sebagai``."""
    found = set()
    named = [(m.start, m.end) for m in mentions if m.name]
    for match in _CAST.finditer(text):
        role, actor = clean_name(match.group(1)), match.group(2)
        if not (any(start >= match.start(2) and end <= match.end(2) for start, end in named) or _looks_like_a_name(actor)):
            continue  # an office, not an actor
        if role and not set(role.split()) & set(actor.split()) and known_form(role) != known_form(actor):
            found.add(role)
    found |= {clean_name(match.group(1)) for match in _ROLE_OF.finditer(text)}
    return {name for name in found if name}


def _looks_like_a_name(words: str) -> bool:
    """Words that start like a name: a word news nearly always capitalises, not an office or an acronym."""
    first = words.split()[0]
    return is_name_like(words) and case_class(first.lower()) == "h" and first.lower() not in TITLES and not first.isupper()


def _leave_out_characters(mentions: list[Mention], characters: set[str]) -> None:
    """Mentions of a role, or of part of its name (``Seo Ri`` for ``Woo Seo Ri``), name no real person."""
    if not characters:
        return
    parts = {" ".join(words[i:j]) for c in characters for words in [c.split()] for i in range(len(words)) for j in range(i + 1, len(words) + 1)}
    for m in mentions:
        if m.name in parts or m.surface in parts:
            m.name = ""


def article_persons(mentions: list[Mention]) -> tuple[list[str], list[str]]:
    """The article's persons and its partial names (see the module docstring), in order of
    first mention.  A person is stored under the fullest form the article writes for them
    (``Jokowi`` and ``Joko Widodo`` -> ``Joko Widodo``; only ``Sri Mulyani`` -> ``Sri Mulyani``):
    the person registry, not extraction, decides whom a name stands for, so the curation
    file can still tell apart people the gazetteer would put together."""
    known = set(alias_lookup().values())
    forms: dict[str, str] = {}
    partials: dict[str, None] = {}
    for m in mentions:
        if not m.name:
            continue
        if " " in m.name or m.name in known or m.vouch in (TITLE, KNOWN):
            current = forms.get(m.name)
            if current is None or _fuller(m.surface, current, m.name):
                forms[m.name] = m.surface
        elif m.vouch == SAY:
            partials.setdefault(m.name, None)
    persons = list(dict.fromkeys(forms.values()))
    return persons, [p for p in partials if p not in forms and p not in persons]


def _fuller(surface: str, current: str, name: str) -> bool:
    """Is ``surface`` a fuller way of writing ``name`` than ``current``: the name itself
    first, then more words, then more letters?"""
    return (surface == name, len(surface.split()), len(surface)) > (current == name, len(current.split()), len(current))


def find_persons(text: str, title_chars: int = 0) -> list[str]:
    """The people ``text`` mentions, each under the gazetteer's name if it has one, in order of first mention."""
    return list(dict.fromkeys(known_form(name) for name in article_persons(find_mentions(text, title_chars))[0]))
