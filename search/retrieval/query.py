"""From what a user typed to Whoosh query objects.

The language: words are ANDed, ``"quoted phrases"``, ``-word`` excludes,
``OR`` between words, ``(groups)``, and ``person:``/``source:``/``title:``
field prefixes.  Parsing never fails: text the parser cannot make sense of is
read again as plain words.  Filters (the facets') are built as query objects,
never through the parser (see :mod:`search.retrieval.facets`).
"""

from __future__ import annotations

import re

from whoosh import qparser
from whoosh.fields import Schema
from whoosh.query import NullQuery, Phrase, Query

#: Fields searched by plain words, with their weight (the title counts more).
FIELD_BOOSTS = {"title": 3.0, "body": 1.0}
#: Field prefixes a user may type, mapped to the indexed field.
FIELD_ALIASES = {"person_words": ["person", "orang"], "source_words": ["source", "sumber"]}
#: Parser syntax that is dropped, so these characters read as plain text.
_DROPPED_PLUGINS = (
    qparser.WildcardPlugin,
    qparser.RangePlugin,
    qparser.BoostPlugin,
    qparser.EveryPlugin,
    qparser.SingleQuotePlugin,
)
#: "-word" or "NOT word" excludes; "-" inside a word (COVID-19) does not.
_NOT_OPERATOR = r"(^|(?<=[\s()]))(NOT(?=\s)|-(?=[^\s-]))"
_SYNTAX_CHARS = re.compile(r"[\"()\[\]{}^~*?:+\-!\\]")
_OPERATOR = r"(?:AND|OR|NOT)"
#: Operators with nothing to join: at either end, beside a bracket or another operator.
_DANGLING_OPERATOR = re.compile(rf"^\s*{_OPERATOR}(?=\s|$)|(?<=\s){_OPERATOR}\s*$|(?<=\()\s*{_OPERATOR}(?=\s)|(?<=\s){_OPERATOR}\s*(?=\))|(?<=\s){_OPERATOR}(?=\s+{_OPERATOR}\s)")
#: A field prefix with nothing after it ("title:", "title:(").
_EMPTY_FIELD = re.compile(r"\b\w+:(?=\s|$|[()])")
#: A "-" that excludes nothing.
_LONE_MINUS = re.compile(r"(?:^|(?<=\s))-+(?=\s|$)")
#: A quoted phrase; while tidying, each is replaced by a numbered placeholder.
_PHRASE = re.compile(r'"([^"]*)"')
_PHRASE_MARK = "\ue000"  # a private-use character, not a word character
_HIDDEN_PHRASE = re.compile(rf'"{_PHRASE_MARK}(\d+){_PHRASE_MARK}"')


def tidy(text: str) -> str:
    """Drops syntax that cannot mean anything: dangling operators, empty field
    prefixes, lone minus signs, unmatched brackets and an odd quote.  What is
    inside a quoted phrase is left alone: "Editor: Noverius" is a phrase of
    two words, not a field prefix and a word."""
    if text.count('"') % 2:
        cut = text.rfind('"')
        text = text[:cut] + " " + text[cut + 1 :]
    phrases: list[str] = []

    def hide(match: re.Match[str]) -> str:
        phrases.append(match.group(1))
        return f'"{_PHRASE_MARK}{len(phrases) - 1}{_PHRASE_MARK}"'

    text = _tidy_syntax(_PHRASE.sub(hide, text))
    return _HIDDEN_PHRASE.sub(lambda match: f'"{phrases[int(match.group(1))]}"', text)


def _tidy_syntax(text: str) -> str:
    """:func:`tidy` on a query whose phrases are hidden."""
    previous = None
    while previous != text:
        previous = text
        text = _DANGLING_OPERATOR.sub(" ", text)
        text = _EMPTY_FIELD.sub(" ", text)
        text = _LONE_MINUS.sub(" ", text)
        text = " ".join(text.split())
    kept, depth = [], 0
    for char in text:  # drop ")" that close nothing
        if char == ")":
            if depth == 0:
                continue
            depth -= 1
        elif char == "(":
            depth += 1
        kept.append(char)
    text = "".join(kept)
    for _ in range(depth):  # drop the last "(" that are never closed
        cut = text.rfind("(")
        text = text[:cut] + " " + text[cut + 1 :]
    return text if text == previous else _tidy_syntax(text)


class _Parser(qparser.QueryParser):
    """Whoosh's parser, where one typed word the analyzer makes several terms of
    (``ibukota`` -> ``ibu kota``, ``Biden-Putin``) searches them as a phrase."""

    def multitoken_query(self, spec: str, texts: list[str], fieldname: str, termclass: type, boost: float) -> Query:
        return Phrase(fieldname, texts, boost=boost)


def build_parser(schema: Schema) -> qparser.QueryParser:
    """The parser for user queries over ``schema``."""
    parser = _Parser(None, schema, group=qparser.AndGroup)
    parser.add_plugin(qparser.MultifieldPlugin(list(FIELD_BOOSTS), fieldboosts=FIELD_BOOSTS))
    for plugin in _DROPPED_PLUGINS:
        parser.remove_plugin_class(plugin)
    parser.replace_plugin(qparser.OperatorsPlugin(Not=_NOT_OPERATOR, AndNot=None, AndMaybe=None, Require=None))
    parser.add_plugin(qparser.FieldAliasPlugin(FIELD_ALIASES))
    return parser


def parse_user_query(parser: qparser.QueryParser, text: str) -> Query | None:
    """The query for ``text``; None means "everything" (an empty query)."""
    if not text.strip():
        return None
    text = tidy(text)
    if not text:
        return NullQuery
    try:
        parsed = parser.parse(text)
    except Exception:  # the parser is third-party code: any failure falls back
        parsed = NullQuery
    if parsed is NullQuery or _has_errors(parsed):
        plain = _SYNTAX_CHARS.sub(" ", text)
        plain = re.sub(r"\b(AND|OR|NOT)\b", " ", plain)
        try:
            parsed = parser.parse(plain)
        except Exception:
            parsed = NullQuery
    return parsed


def _has_errors(query: Query) -> bool:
    """Whether the parser marked any part of ``query`` as an error."""
    return bool(getattr(query, "error", None)) or any(_has_errors(c) for c in query.children())
