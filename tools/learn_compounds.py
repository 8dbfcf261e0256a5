#!/usr/bin/env python3
"""Learns the closed/open compound table (``search/analysis/data/compounds.tsv``).

Indonesian writes many compounds both closed and open: ``ibukota`` / ``ibu kota``,
``sepakbola`` / ``sepak bola``, ``kerjasama`` / ``kerja sama``.  A word is taken for
a closed compound when it splits into two words that news also writes side by
side, both spellings are common enough, and neither part is a function word
(``padahal`` is not ``pada hal``).  The candidates are printed with their counts;
``--write`` saves them, minus the words of ``NOT_COMPOUNDS`` (checked by hand).

    .venv/bin/python tools/learn_compounds.py            # print the table
    .venv/bin/python tools/learn_compounds.py --write    # and write it
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections import Counter
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from search.analysis.filters import STOPWORDS
from search.analysis.stemming import stem_word

CORPORA = ROOT.parent / "shared" / "corpora"
#: News archives read for the counts (title and body).
SOURCES = ("clickid-2019", "indosum-dev", "dpr-berita", "detik-2025-aspect")
TABLE = ROOT / "search" / "analysis" / "data" / "compounds.tsv"
WORD = re.compile(r"[a-z]+")
#: Each spelling must be seen this often, and the rarer one in this share of the uses
#: (``warganet`` is hardly ever ``warga net``: a word of its own).
MIN_CLOSED, MIN_OPEN = 8, 8
MIN_SHARE = 0.04
#: Parts of at least this many letters.
MIN_PART = 3
#: Function words that are never a part (besides the stopwords).
FUNCTION_WORDS = frozenset(
    """pada hal para pun kah lah tah nya per se ter ber mem men pen per ada akan apa
    bagi mana kala saja lagi juga sudah telah masih baru hanya tak tidak bukan
    belum agar supaya jika kalau bila namun tapi maka sehingga karena sebab kan aja""".split()
)
#: Pairs the counts suggest that are different words (checked by hand).
NOT_COMPOUNDS = frozenset(
    """matahari padahal bersama kemudian""".split()
)


def words_of(text: str) -> list[str]:
    return WORD.findall(text.lower())


def count(paths: list[Path]) -> tuple[Counter[str], Counter[tuple[str, str]]]:
    """Word and adjacent-pair counts over the archives' titles and bodies."""
    unigrams: Counter[str] = Counter()
    bigrams: Counter[tuple[str, str]] = Counter()
    for path in paths:
        with gzip.open(path, "rt", encoding="utf-8") as lines:
            for line in lines:
                record = json.loads(line)
                for part in (record.get("title") or "", record.get("body") or ""):
                    words = words_of(part)
                    unigrams.update(words)
                    bigrams.update(pairwise(words))
    return unigrams, bigrams


def compounds(unigrams: Counter[str], bigrams: Counter[tuple[str, str]]) -> list[tuple[str, str, str, int, int]]:
    """(closed, first part, second part, closed count, open count), most used first."""
    found = []
    for word, closed in unigrams.items():
        if closed < MIN_CLOSED or len(word) < 2 * MIN_PART or word in NOT_COMPOUNDS:
            continue
        if stem_word(word) != word and stem_word(word) not in unigrams:  # diamati is di-amat-i, not dia mati
            continue
        for cut in range(MIN_PART, len(word) - MIN_PART + 1):
            first, second = word[:cut], word[cut:]
            if first == second or {first, second} & (STOPWORDS | FUNCTION_WORDS):
                continue
            opened = bigrams.get((first, second), 0)
            balanced = min(opened, closed) >= MIN_SHARE * (opened + closed)
            if opened >= MIN_OPEN and balanced and unigrams[first] >= MIN_OPEN and unigrams[second] >= MIN_OPEN:
                found.append((word, first, second, closed, opened))
                break
    return sorted(found, key=lambda row: -(row[3] + row[4]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help=f"write {TABLE.relative_to(ROOT)}")
    args = parser.parse_args(argv)
    paths = [CORPORA / name / "articles.jsonl.gz" for name in SOURCES]
    missing = [p for p in paths if not p.exists()]
    if missing:
        print(f"learn_compounds: missing {', '.join(map(str, missing))} (../shared/corpora)", file=sys.stderr)
        return 2
    rows = compounds(*count(paths))
    for word, first, second, closed, opened in rows:
        print(f"{word:<22} {first} {second:<16} closed {closed:>6}  open {opened:>6}")
    if args.write:
        header = (
            "# Closed compounds and their open spelling (learnt by tools/learn_compounds.py from "
            + ", ".join(SOURCES)
            + "):\n# closed<TAB>first part<TAB>second part; both spellings index and search alike.\n"
        )
        TABLE.write_text(header + "".join(f"{w}\t{a}\t{b}\n" for w, a, b, _, _ in sorted(rows)), encoding="utf-8")
        print(f"wrote {len(rows)} compounds to {TABLE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
