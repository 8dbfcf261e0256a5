"""Repairs text decoded with the wrong code page before it reaches the index.

Scraped news often carries *mojibake*: UTF-8 read as MacRoman or Windows-1252, so
a quote ``“`` becomes ``‚Äú`` or ``â€œ`` (a sixth of clickid-2019's articles).
ftfy recognises these and undoes them; only texts it finds broken are touched, and
nothing else about them is changed (quotes stay curly, spaces stay as they are).
"""

from __future__ import annotations

import ftfy
from ftfy.badness import is_bad


def repaired(text: str) -> str:
    """``text`` with its mojibake undone (itself when it has none)."""
    return ftfy.fix_encoding(text) if text and is_bad(text) else text
