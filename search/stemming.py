"""Indonesian stemming: PySastrawi behind an override table and a bounded cache.

The stemmer lives here, at module level, and is reached only through
:func:`stem_word`.  Analysis filters call that function instead of holding a
stemmer object, so nothing but a class reference is pickled into the Whoosh
schema and the index stays portable.
"""

from __future__ import annotations

from functools import lru_cache

from Sastrawi.Dictionary.ArrayDictionary import ArrayDictionary
from Sastrawi.Stemmer.Stemmer import Stemmer
from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

#: How many distinct words keep their stem in memory (about 100 bytes each).
STEM_CACHE_SIZE = 250_000

#: Words Sastrawi gets badly wrong in news text, mapped to the stem we want.
#: Each entry is a real error of PySastrawi 1.2 (shown in tests/test_analysis.py).
STEM_OVERRIDES: dict[str, str] = {
    # "pasu" + "-kan": troops become a non-word
    "pasukan": "pasukan",
    "pasukannya": "pasukan",
    # pe-milu: the general election is "pemilu", not "milu"
    "pemilu": "pemilu",
    "pemilunya": "pemilu",
    # ber-se-berang-an (to be on opposite sides) is not "berangan" (to daydream)
    "berseberangan": "seberang",
    # mem-bantah (to deny) is not "ban" (tyre)
    "membantah": "bantah",
    "dibantah": "bantah",
    # the government is not a command ("perintah")
    "pemerintah": "pemerintah",
    "pemerintahan": "pemerintah",
    # place names that look like derived words
    "bekasi": "bekasi",  # not "bekas" (former)
    "kediri": "kediri",  # not "diri" (self)
    "maluku": "maluku",  # not "malu" (shy)
    "bali": "bali",  # not "bal"
    "pekalongan": "pekalongan",  # not "kalong" (fruit bat)
}


def _build_stemmer() -> Stemmer:
    """A Sastrawi stemmer without Sastrawi's own (unbounded) result cache."""
    return Stemmer(ArrayDictionary(StemmerFactory().get_words()))


_STEMMER = _build_stemmer()


@lru_cache(maxsize=STEM_CACHE_SIZE)
def stem_word(word: str) -> str:
    """Return the stem of one lower-case word; overrides win over Sastrawi.

    Sastrawi drops everything that is not a letter or a digit, so callers pass
    only plain words (see :class:`search.analysis.StemFilter`).
    """
    override = STEM_OVERRIDES.get(word)
    if override is not None:
        return override
    stem = _STEMMER.stem_word(word)
    return stem or word
