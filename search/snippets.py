"""Highlighted, HTML-escaped snippets with ``<mark>`` around matched words."""

from __future__ import annotations

import html

from whoosh import highlight
from whoosh.searching import Hit

SNIPPET_CHARS = 220
FRAGMENTS = 3


class MarkFormatter(highlight.Formatter):
    """Escapes all text and wraps each matched word in ``<mark>``."""

    between = " \u2026 "

    def _text(self, text: str) -> str:
        return html.escape(text, quote=False)

    def format_token(self, text: str, token, replace: bool = False) -> str:
        return "<mark>" + html.escape(highlight.get_text(text, token, replace), quote=False) + "</mark>"


SNIPPET_HIGHLIGHTER = highlight.Highlighter(
    fragmenter=highlight.ContextFragmenter(maxchars=SNIPPET_CHARS, surround=70),
    formatter=MarkFormatter(),
    order=highlight.FIRST,
)
WHOLE_HIGHLIGHTER = highlight.Highlighter(
    fragmenter=highlight.WholeFragmenter(charlimit=None),
    formatter=MarkFormatter(),
)


def lead(text: str, limit: int = SNIPPET_CHARS) -> str:
    """The escaped start of ``text``, cut at a word, for hits without a match in it."""
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0] + " \u2026"
    return html.escape(text, quote=False)


def snippet(hit: Hit, fieldname: str = "body") -> str:
    """Up to three highlighted fragments of ``fieldname``, or its lead."""
    marked = SNIPPET_HIGHLIGHTER.highlight_hit(hit, fieldname, top=FRAGMENTS)
    return marked or lead(hit.get(fieldname, ""))


def whole(hit: Hit, fieldname: str, anchor: str = "") -> str:
    """All of ``fieldname``, escaped, with every match marked; with ``anchor``,
    the first mark gets that id (so the page can scroll to it)."""
    marked = WHOLE_HIGHLIGHTER.highlight_hit(hit, fieldname, top=1)
    if marked and anchor:
        marked = marked.replace("<mark>", f'<mark id="{anchor}">', 1)
    return marked or html.escape(hit.get(fieldname, ""), quote=False)
