"""Indonesian analysis: stems, special tokens, offsets and stopwords, on real words."""

from __future__ import annotations

import re

import pytest
from Sastrawi.StopWordRemover.StopWordRemoverFactory import StopWordRemoverFactory

from search.analysis.analyzers import INDONESIAN, STOPWORDS, analyze
from search.analysis.stemming import _STEMMER, STEM_OVERRIDES

from conftest import SEEDS

SEED_FILES = sorted(SEEDS.glob("*.txt"))


def _terms(text: str) -> list[str]:
    return analyze(text)


@pytest.mark.parametrize("word", ["pembicaraan", "berbicara", "Pembicaraan", "membicarakan"])
def test_derived_forms_meet_bicara(word):
    """A search for `bicara` meets the derived forms used in the seeds."""
    assert _terms(word) == _terms("bicara") == ["bicara"]


#: What readers must get, written out here rather than read from the table,
#: so that deleting an override breaks a test.
STEM_FIXES = {
    "pasukan": "pasukan",
    "pasukannya": "pasukan",
    "pemilu": "pemilu",
    "berseberangan": "seberang",
    "membantah": "bantah",
    "dibantah": "bantah",
    "pemerintah": "pemerintah",
    "pemerintahan": "pemerintah",
    "bekasi": "bekasi",
    "kediri": "kediri",
    "maluku": "maluku",
    "bali": "bali",
    "pekalongan": "pekalongan",
}


@pytest.mark.parametrize(("word", "wanted"), sorted(STEM_FIXES.items()))
def test_words_sastrawi_gets_wrong_have_the_right_stem(word, wanted):
    """`pemerintah` is not `perintah`, `Bekasi` is not `bekas`: the analysis says so."""
    assert _terms(word) == [wanted]


@pytest.mark.parametrize(("word", "wanted"), sorted(STEM_OVERRIDES.items()))
def test_stem_override_fixes_a_real_sastrawi_error(word, wanted):
    """Each override corrects something Sastrawi really gets wrong."""
    assert _STEMMER.stem_word(word) != wanted, f"Sastrawi already stems {word!r} to {wanted!r}; the override is dead"
    assert _terms(word) == [wanted]


@pytest.mark.parametrize("token", ["175.000", "13.15", "13.000", "60.000", "11/2020"])
def test_numbers_stay_whole(token):
    assert _terms(token) == [token.lower()]


def test_covid_19_is_kept_whole_and_also_findable_as_covid():
    terms = _terms("pandemi COVID-19")
    assert "covid-19" in terms and "covid" in terms


def test_numbers_in_seed_text_are_indexed_as_written():
    """`175.000 tentara` in seed 000 keeps the number (not "175" and "000")."""
    text = next(f for f in SEED_FILES if f.name.startswith("000")).read_text(encoding="utf-8")
    assert "175.000" in text
    terms = _terms(text)
    assert "175.000" in terms
    assert "175" not in terms and "000" not in terms


@pytest.mark.parametrize("word", ["langkah-langkah", "Langkah-langkah"])
def test_reduplication_meets_the_base_word(word):
    assert _terms(word) == _terms("langkah") == ["langkah"]


def test_hyphenated_names_split_into_consecutive_terms():
    tokens = [(t.text, t.pos) for t in INDONESIAN("Biden-Putin terlibat", positions=True)]
    assert tokens[:2] == [("biden", 0), ("putin", 1)]
    assert tokens[2][1] == 2  # the following word is shifted after both parts


@pytest.mark.parametrize("spelling", ["Ma'ruf", "Maruf", "Ma\u2019ruf", "MA'RUF"])
def test_apostrophe_names_are_one_term(spelling):
    assert _terms(spelling) == _terms("Maruf")
    assert len(_terms(spelling)) == 1


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name[:3])
def test_offsets_point_at_the_words_as_written(path):
    """Highlights depend on this: every term's offsets cover a whole word of the
    text, and that word, analysed alone, gives the term."""
    text = path.read_text(encoding="utf-8")
    tokens = [(t.text, t.pos, t.startchar, t.endchar) for t in INDONESIAN(text, positions=True, chars=True)]
    assert len(tokens) > 100
    last_pos = -1
    for term, pos, start, end in tokens:
        written = text[start:end]
        assert term in analyze(written), f"{term!r} at {start}:{end} covers {written!r}"
        # a whole word (or a whole part of a hyphenated word), not cut out of a longer one
        assert start == 0 or not text[start - 1].isalnum()
        assert end == len(text) or not text[end].isalnum()
        assert pos >= last_pos
        last_pos = pos


def test_offsets_of_compound_parts():
    text = "pertemuan Biden-Putin dan COVID-19"
    spans = {t.text: text[t.startchar : t.endchar] for t in INDONESIAN(text, chars=True, positions=True)}
    assert spans["biden"] == "Biden"
    assert spans["putin"] == "Putin"
    assert spans["covid-19"] == "COVID-19"
    assert spans["covid"] == "COVID"


@pytest.mark.parametrize("word", ["kasus", "luar", "hari", "tidak"])
def test_content_words_sastrawi_would_drop_are_kept(word):
    assert word in set(StopWordRemoverFactory().get_stop_words())
    assert _terms(word) == [word]


def test_content_words_kept_in_seed_sentence():
    """Seed 000: "NATO tidak akan melakukan ekspansi" keeps the negation."""
    sentence = "jaminan hukum bahwa NATO tidak akan melakukan ekspansi lebih jauh ke arah timur"
    text = next(f for f in SEED_FILES if f.name.startswith("000")).read_text(encoding="utf-8")
    assert sentence in text
    terms = _terms(sentence)
    assert "tidak" in terms
    assert "bahwa" not in terms and "ke" not in terms


@pytest.mark.parametrize("word", sorted(STOPWORDS))
def test_function_words_are_removed(word):
    assert _terms(word) == []
    assert _terms(word.capitalize()) == []


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name[:3])
def test_function_words_in_seed_text_are_not_indexed(path):
    """No term comes from a standalone function word such as "yang" or "dan"."""
    text = path.read_text(encoding="utf-8")
    written = [text[t.startchar : t.endchar].lower() for t in INDONESIAN(text, chars=True)]
    assert not set(written) & STOPWORDS
    # ... although the text has plenty of them
    assert len(re.findall(r"\b(?:yang|dan|di|dengan)\b", text, re.I)) > 10
