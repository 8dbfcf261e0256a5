"""Strips Indonesian news boilerplate before indexing and extraction.

Only page furniture goes, and only as whole lines or exact phrases; every
other line is kept verbatim and in order.

Whole lines (line-structured text such as the seeds and detik-2025-aspect):

- links to other articles: ``Baca Juga: <title>`` (any case, ``Baca juga :``);
- share buttons and ads: ``Bagikan:``, ``Sponsored``, ``ADVERTISEMENT`` /
  ``Advertisement``, detik's ``SCROLL TO CONTINUE WITH CONTENT`` (and
  ``SCROLL TO RESUME CONTENT``);
- ``Artikel Terkait``;
- detik's video promotions: ``Simak juga Video '...':``, ``Tonton juga video
  "..." di sini:``, ``Lihat juga Video: ...``, ``Saksikan Live DetikPagi:``,
  ``"Detik Pagi, Jangan Tidur Lagi!"``;
- a ``Berita Lainnya`` (``Berita Terkait``) heading, together with what
  follows it when that is only short noise to the end (seed 002's ``×``,
  ``tekid``);
- masthead noise before the first real line: ``sun``, ``moon``,
  ``a l i n e a dot id``, ``fakta data kata``, ``logo alinea.id``.

Exact phrases inside text whose text nodes were joined with ``,`` (the
clickid-2019 scrape): ``,Baca juga:,`` (the linked title was dropped),
``,Baca juga: <title>,``, ``(Baca juga: <title>)``, fimela's
``[bacajuga:Baca Juga](...)`` and ``#GrowFearless with FIMELA`` tagline, posmetro's
``loading...`` and the Excel artefact ``_x000D_``.
"""

from __future__ import annotations

import re

#: Whole lines that are page furniture (matched against the stripped line, any case).
_LINE = re.compile(
    r"\(?baca[ \t]*juga\b.{0,240}"
    r"|(?:bagikan|share)[ \t]*:?"
    r"|sponsored|advertisement"
    r"|scroll[ \t]+to[ \t]+(?:continue|resume)(?:[ \t]+with)?[ \t]+content"
    r"|artikel[ \t]+terkait[ \t]*:?"
    r"|(?:simak|tonton|lihat)(?:[ \t]+juga)?[ \t]+video\b.{0,240}"
    r"|tonton[ \t]+juga[ \t]+[\"'\u201c].{0,240}[ \t]di[ \t]*sini[ \t]*:?"
    r"|saksikan[ \t]+live[ \t]*detik[ \t]*(?:pagi|sore)[ \t]*:?"
    r"|\"?detik[ \t]+(?:pagi,[ \t]+jangan[ \t]+tidur[ \t]+lagi|sore,[ \t]+nggak[ \t]+cuma[ \t]+hore-hore)!?\"?",
    re.I,
)
#: A "more news" heading; with only short noise after it, it ends the article.
_MORE_NEWS = re.compile(r"berita[ \t]+(?:lainnya|terkait)[ \t]*:?", re.I)
_NOISE_WORDS, _NOISE_CHARS = 3, 25
#: Masthead lines before the first real line: a few lower-case words (``sun``,
#: ``fakta data kata``), a logo's alt text (``logo alinea.id``), a few symbols (``×``).
_MASTHEAD_CHARS = 80
_MASTHEAD = re.compile(r"[a-z][a-z'-]*(?:[ \t]+[a-z][a-z'-]*){0,2}|(?i:logo)\b.{0,60}|[^\w\s]{1,3}")

#: Boilerplate phrases inside ``,``-joined text nodes (clickid-2019).
_INLINE = re.compile(
    r"\[bacajuga:[^\]\n]{0,40}\]\([^)\n]{0,80}\)"  # fimela: [bacajuga:Baca Juga](3809787 3617927)
    r"|\([ \t]*baca[ \t]+juga[ \t]*:(?:[^(),\n]|,[ )]){0,200}(?:,[ \t]*\w{0,3})?\)"  # (Baca juga: <title>), (Baca juga: ,)
    r"|\([ \t]*baca[ \t]+juga[ \t]*:[ \t]*(?=,)"  # "(Baca juga: ,Apalagi ..." (the link and its bracket were dropped)
    r"|,[ \t]*baca[ \t]+juga[ \t]*[:;]?[ \t]*(?=,|$)"  # ,Baca juga:,  (the linked title was dropped)
    r"|,[ \t]*baca[ \t]+juga[ \t]*:(?:[^,.\n]|,[ \t]|\.(?![ \t])){1,200}(?=,(?![ \t])|$)"  # ,Baca juga: <title>,
    r"|,?[ \t]*\#grow[ \t]*fear[ \t]*less[ \t]+w\w{2,3}[ \t]+fi+mela\b"  # fimela's tagline (and its typos)
    r"|,[ \t]*grow[ \t]*fear[ \t]*less[ \t]+with[ \t]+fimela[ \t]*(?=,|$)"  # ... as a text node of its own
    r"|,*[ \t]*(?<![\w.])loading\.\.\.(?=,|[ \t]*$)"  # posmetro's widget
    r"|_x000D_",  # an Excel-encoded carriage return
    re.I | re.M,
)
_INLINE_HINT = re.compile(r"baca[ \t]+juga|bacajuga|grow[ \t]*fear|loading\.\.\.|_x000D_", re.I)


def strip_boilerplate(text: str) -> str:
    """``text`` without news-site boilerplate; the article's own lines are kept verbatim."""
    if not text:
        return text
    if _INLINE_HINT.search(text):
        text = _INLINE.sub("", text)
    lines = text.split("\n")
    first = _masthead_end(lines)
    kept: list[str] = []
    dropped = first > 0
    for index in range(first, len(lines)):
        line = lines[index]
        bare = line.strip()
        if not bare:
            # A removed line leaves no double blank line (and none at the start).
            if dropped and (not kept or not kept[-1].strip()):
                continue
            kept.append(line)
            continue
        if _LINE.fullmatch(bare):
            dropped = True
            continue
        if _MORE_NEWS.fullmatch(bare):
            dropped = True
            if _only_noise(lines[index + 1 :]):
                break
            continue
        dropped = False
        kept.append(line)
    if dropped:
        while kept and not kept[-1].strip():
            kept.pop()
        if lines[-1] == "" and kept:
            kept.append("")
    return "\n".join(kept)


def _masthead_end(lines: list[str]) -> int:
    """How many lines at the start are masthead noise (or blank), if a real line follows them."""
    end = 0
    while end < len(lines) and (not lines[end].strip() or _is_masthead(lines[end].strip())):
        end += 1
    if end == len(lines) or not any(line.strip() for line in lines[:end]):
        return 0
    return end


def _is_masthead(line: str) -> bool:
    """Masthead noise: ``sun``, ``a l i n e a dot id``, ``fakta data kata``, ``logo alinea.id``."""
    if len(line) > _MASTHEAD_CHARS:
        return False
    words = line.split()
    if len(words) >= 4 and sum(len(w) == 1 for w in words) * 2 >= len(words):
        return True  # letters spaced out: a l i n e a dot id
    return _MASTHEAD.fullmatch(line) is not None


def _only_noise(rest: list[str]) -> bool:
    """Is what follows only short noise (``×``, ``tekid``)?"""
    return all(len(line.split()) <= _NOISE_WORDS and len(line.strip()) <= _NOISE_CHARS for line in rest)
