"""The stem lexicon saved beside the index: a warm start for every process
that opens it, never a change in what is indexed or found."""

from __future__ import annotations

import gzip
import subprocess
import sys
from pathlib import Path

from search.analysis import stemming
from search.indexing.pipeline import index_paths
from search.indexing.storage import STEM_LEXICON

from conftest import ROOT, SEEDS

#: Prints the stems of every word of the seeds, in a fresh process that first
#: loads the lexicon given as argv[1] (or none).
_STEMS_OF_SEEDS = """
import re, sys
from pathlib import Path
from search.analysis import stemming
if len(sys.argv) > 2:
    print(stemming.load_lexicon(Path(sys.argv[2])), file=sys.stderr)
words = sorted({w for p in Path(sys.argv[1]).iterdir() for w in re.findall(r"[a-z]+", p.read_text(encoding="utf-8").lower())})
print("\\n".join(f"{w} {stemming.stem_word(w)}" for w in words))
"""


def _stems(*lexicon: Path) -> tuple[str, str]:
    run = subprocess.run([sys.executable, "-c", _STEMS_OF_SEEDS, str(SEEDS), *map(str, lexicon)], cwd=ROOT, capture_output=True, text=True, check=True)
    return run.stdout, run.stderr.strip()


def test_indexing_saves_the_lexicon_and_it_gives_the_same_stems(tmp_path):
    index_paths([SEEDS], tmp_path / "ix")
    lexicon = tmp_path / "ix" / STEM_LEXICON
    assert lexicon.exists()
    cold, _ = _stems()
    warm, loaded = _stems(lexicon)
    assert int(loaded) > 500  # the seeds' vocabulary (about 850 words) was saved
    assert warm == cold
    assert "menyatakan nyata" in warm.splitlines()


def test_a_lexicon_from_another_stemmer_or_a_broken_one_is_ignored(tmp_path):
    other = tmp_path / "other.tsv.gz"
    with gzip.open(other, "wt", encoding="utf-8") as out:
        out.write("# telusur stem lexicon 0000000000000000\nmenyatakan salah\n")
    broken = tmp_path / "broken.tsv.gz"
    broken.write_bytes(b"\x1f\x8b not really gzip")
    cold, _ = _stems()
    for lexicon in (other, broken, tmp_path / "missing.tsv.gz"):
        stems, loaded = _stems(lexicon)
        assert loaded == "0"
        assert stems == cold


def test_the_saved_lexicon_holds_what_the_stemmer_computed(tmp_path):
    assert stemming.stem_word("berseberangan") == "seberang"  # an override
    assert stemming.stem_word("menyatakan") == "nyata"
    path = tmp_path / "lexicon.tsv.gz"
    stemming.save_lexicon(path)
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        assert lines.readline().split()[-1] == stemming.STEMMER_DIGEST
        entries = dict(line.rstrip("\n").split("\t") for line in lines)
    assert entries["berseberangan"] == "seberang" and entries["menyatakan"] == "nyata"
