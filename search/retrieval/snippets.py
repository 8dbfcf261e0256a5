"""Highlighted, HTML-escaped snippets with ``<mark>`` around matched words.

Whoosh's highlighting, retokenizing the stored text: a fragmenter groups the
matched words with their context, the best fragments are kept in text order and
a formatter writes them.  The tokens come from :func:`~search.analysis.analyzers.highlight_tokens`,
the article analyzer's own tokens made in one loop, which is what makes ten
snippets per page cheap; the output is that of ``Highlighter.highlight_hit``
(tests/test_snippets.py compares the two on real articles).
"""

from __future__ import annotations

import html
from collections.abc import Iterator

from whoosh import highlight
from whoosh.analysis import Token
from whoosh.searching import Hit

from search.analysis.analyzers import highlight_tokens
from search.ingest.articles import dateline_length

SNIPPET_CHARS = 220
FRAGMENTS = 3


class MarkFormatter(highlight.Formatter):
    """Escapes all text and wraps each matched word in ``<mark>``."""

    between = " \u2026 "

    def _text(self, text: str) -> str:
        return html.escape(text, quote=False)

    def format_token(self, text: str, token, replace: bool = False) -> str:
        return "<mark>" + html.escape(highlight.get_text(text, token, replace), quote=False) + "</mark>"


SNIPPET_FRAGMENTER = highlight.ContextFragmenter(maxchars=SNIPPET_CHARS, surround=70)
WHOLE_FRAGMENTER = highlight.WholeFragmenter(charlimit=None)
FORMATTER = MarkFormatter()
SCORER = highlight.BasicFragmentScorer()


def lead(text: str, limit: int = SNIPPET_CHARS) -> str:
    """The escaped start of ``text``, cut at a word, for hits without a match in it."""
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0] + " \u2026"
    return html.escape(text, quote=False)


def snippet(hit: Hit, fieldname: str = "body") -> str:
    """Up to three highlighted fragments of ``fieldname``, or its lead."""
    return _marked(hit, fieldname, SNIPPET_FRAGMENTER, FRAGMENTS) or lead(hit.get(fieldname, ""))


def marked(hit: Hit, fieldname: str) -> str | None:
    """All of ``fieldname``, escaped, with every match marked; None when nothing in it matched."""
    return _marked(hit, fieldname, WHOLE_FRAGMENTER, 1) or None


def _query_words(hit: Hit, fieldname: str) -> frozenset[str]:
    """The words to mark in ``fieldname``: the query's terms in that field that
    matched some result (all of its terms when the search did not record them)."""
    results = hit.results
    if results.has_matched_terms():
        terms = (term for term in results.matched_terms() if term[0] == fieldname)
    else:
        terms = results.query_terms(expand=True, fieldname=fieldname)
    from_bytes = results.searcher.schema[fieldname].from_bytes
    return frozenset(from_bytes(term[1]) for term in terms)


def _marked(hit: Hit, fieldname: str, fragmenter: highlight.Fragmenter, top: int) -> str:
    """``fieldname`` of ``hit`` as ``Highlighter.highlight_hit`` would mark it ("" if no match)."""
    text = hit.get(fieldname, "")
    tokens = _merge_touching(highlight_tokens(text, _query_words(hit, fieldname)))
    fragments = highlight.top_fragments(fragmenter.fragment_tokens(text, tokens), top, SCORER, highlight.FIRST, minscore=1)
    if fragmenter is SNIPPET_FRAGMENTER and fieldname == "body":
        _open_at_paragraph(fragments, text)
    return FORMATTER.format(fragments)


def _open_at_paragraph(fragments: list[highlight.Fragment], text: str) -> None:
    """A fragment opens where the paragraph of its first match does, past that
    paragraph's dateline, rather than with the tail of the line before (a photo
    credit, the title) or a cut dateline (``ID - MOSKOW. Presiden …``)."""
    for fragment in fragments:
        first = min(token.startchar for token in fragment.matches)
        paragraph = text.rfind("\n", 0, first) + 1
        fragment.startchar = max(fragment.startchar, paragraph)
        prose = paragraph + dateline_length(text[paragraph:first])
        if fragment.startchar < prose <= first:
            fragment.startchar = prose


def _merge_touching(tokens: Iterator[Token]) -> Iterator[Token]:
    """Matched tokens that overlap the one before (``covid-19`` and its part
    ``covid``) become one mark; Whoosh's highlighter does the same, in this order."""
    pending = None
    for t in tokens:
        if not t.matched:
            if pending is not None:
                yield pending
                pending = None
            yield t
        elif pending is None:
            pending = t.copy()
        elif t.startchar <= pending.endchar:
            if t.endchar > pending.endchar:
                pending.text += t.text[pending.endchar - t.endchar :]
                pending.endchar = t.endchar
        else:
            yield pending
            pending = None
            yield t
    if pending is not None:
        yield pending
