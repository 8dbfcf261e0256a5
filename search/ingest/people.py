"""Finds the people an article mentions, each under one canonical name.

Three sources of names are combined:

* the CRF tagger of :mod:`search.ner` (trained on Indonesian news NER gold data);
* the gazetteer ``data/persons.tsv`` of public figures with their aliases
  (``Jokowi`` -> ``Joko Widodo``, ``Zelensky`` -> ``Volodymyr Zelenskiy``);
* role patterns (``kata Wiranto``, ``Presiden Putin``) that vouch for a
  one-word name.

A name is then canonicalised within the article: titles (``Presiden``,
``Dr.``, ``H.``) are stripped, a gazetteer alias becomes its canonical name,
and a shorter mention (``Oliker``, ``Presiden Putin``) becomes the longest full
form seen in the same article (``Olga Oliker``).  A one-word name that nothing
resolves or vouches for is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from search.ingest.conll import Span
from search.ingest.conll import person_spans as iob_person_spans
from search.ingest.gazetteers import persons
from search.ingest.ner import SAY_WORDS, TOKEN, case_class, is_capitalised, tag_windows, tokenize

#: Titles, honorifics and roles stripped from the front of a name (lower case, without dots).
TITLES = frozenset(
    """presiden wapres wakil menteri menlu menko menhan mendagri menkeu perdana kanselir raja ratu pangeran
    sultan paus ketua pak bu ibu bapak mbak mas bang kak om tante ny nyonya tuan nona sdr saudara saudari
    sang dr drs dra ir h hj prof kh kyai kiai habib ustadz ust syekh jenderal jend letjen mayjen brigjen
    komjen irjen kombes kapolri kapolda panglima gubernur bupati wali walikota senator direktur dirut
    sekjen jubir ajudan juru bicara sekretaris pers mantan eks almarhum alm pelatih kapten st sh se mm
    msi mh phd kolonel kol letkol mayor marsekal laksamana laksma laksda marsda brigadir bripka briptu
    bharada aiptu ipda iptu akp kompol akbp pratu serda serka sertu kopda letda lettu kopral sersan
    bendahara umum anggota staf khusus kepala komisaris pendiri pemilik pengacara kuasa hukum kader
    politikus politisi aktivis pengamat peneliti ekonom dosen rektor dekan dokter psikolog komedian
    presenter youtuber selebgram vokalis gitaris pebalap pemain aktor aktris artis penyanyi sutradara
    produser penulis wartawan jurnalis tersangka terdakwa camat lurah kades kapolsek kapolres kasat kabid
    humas kabag kadis kadiv kapuspen kapendam pangdam danrem dandim kasad kasal kasau ksad jaksa hakim
    advokat notaris mult hc ketum waketum plt pj wamen wagub wabup wawali dubes kajati kajari menkeu menkes
    menpora menkumham mensesneg menkopolkam menkopolhukam menaker menakertrans mendikbud mendiknas menag
    mentan menperin mendag menhub menparekraf menpar menkominfo menpan menristek mensos menpupr menlhk
    menkomarves menkop menbumn menpppa""".split()
)
#: Words that put a name right after them in a role pattern (``kata X``, ``Presiden X``).
ROLE_WORDS = SAY_WORDS | frozenset(
    """presiden wapres menteri menlu menko perdana kanselir raja ratu pangeran sultan ketua pak bu ibu
    bapak ny nyonya tuan jenderal gubernur bupati walikota senator direktur jubir ajudan editor penulis
    reporter wartawan pewarta kontributor pengamat""".split()
)
#: Verbs of saying after a name: ``Handanu menyebut``, ``Mousavi mengatakan``.
SAID_AFTER = frozenset(
    """mengatakan menyebut menyebutkan menjelaskan menambahkan mengungkapkan menuturkan menegaskan menyatakan
    mengaku mengakui menilai berharap memastikan menyampaikan membantah menerangkan memaparkan berkata
    bilang mengklaim""".split()
)
#: Capitalised words that are never a person on their own: places, institutions, calendar words.
#: Stripped from the edges of a tagged name (``Ukraina Volodymyr Zelenskiy``, ``Nadia Mawarni Jumat``).
NOT_PERSONS = frozenset(
    """Kremlin Istana Gedung Putih Pentagon Downing NATO PBB OSCE KTT UE Uni Eropa Tuhan Allah Reuters Bloomberg
    AFP AP Antara Xinhua Presiden Menteri Bank Kementerian Dewan Partai Pemerintah Pemprov Pemkot Pemkab Polri
    Polda Polres TNI KPK KPU DPR MPR DPD Mahkamah Kejaksaan Kejagung Bareskrim BI OJK BUMN Pertamina PLN
    Senin Selasa Rabu Kamis Jumat Sabtu Minggu Ahad Januari Februari Maret April Mei Juni Juli Agustus
    September Oktober November Desember Des Jan Feb Mar Apr Jun Jul Agu Agt Sep Okt Nov WIB WITA WIT
    AS Amerika Serikat Rusia Ukraina Inggris Prancis Perancis Jerman Italia Spanyol Belanda Belgia Swiss
    Austria Polandia Swedia Norwegia Finlandia Denmark Yunani Turki Iran Irak Suriah Israel Palestina Gaza
    Mesir Libya Arab Saudi Yaman Qatar Kuwait Lebanon Yordania Jordania Afghanistan Pakistan India Bangladesh
    China Tiongkok Jepang Korea Selatan Utara Taiwan Hong Kong Vietnam Thailand Malaysia Singapura Filipina
    Brunei Myanmar Kamboja Laos Timor Leste Australia Selandia Baru Kanada Meksiko Brasil Argentina Venezuela
    Kuba Afrika Nigeria Kenya Belarus Moldova Krimea Donbas Donbass Asia
    Moskow Kiev Kyiv Beijing Tokyo Berlin Brussel Jenewa Wina Minsk Teheran
    Indonesia Jakarta Bandung Surabaya Medan Semarang Yogyakarta Makassar Bali Jawa Sumatera Kalimantan
    Sulawesi Papua Aceh Riau Banten DKI Jabar Jateng Jatim RI""".split()
)
#: Two-word places that precede a name (``Presiden Korea Selatan Moon Jae-in``).
_PLACE_PAIRS = frozenset(
    {"Korea Selatan", "Korea Utara", "Arab Saudi", "Amerika Serikat", "Afrika Selatan", "Selandia Baru",
     "Timor Leste", "Hong Kong", "Timur Tengah", "Uni Eropa", "Gedung Putih", "Uni Emirat", "Sri Lanka"}
)
#: First words of organisations and places (``Club Brugge``, ``PT Ciputra``): the whole name is dropped.
_ORG_HEADS = frozenset(
    """Club Klub PT CV Grup Group Kelompok Laskar Pasukan Kabupaten Kota Desa Kampung Pulau Gunung Sungai
    Danau Selat Teluk Laut Provinsi Hotel Stadion RB FC AC""".split()
)
#: Last words of organisations, products and places (``Ciputra Development``, ``Icuk Sugiarto Training Camp``).
_ORG_TAILS = frozenset(
    """Development Technology Technologies Group Grup Corp Corporation Inc Ltd Tbk Foundation Federation Camp
    Center Centre Club FC United City Musik Music Entertainment Records Studio Studios Production Productions
    Band Institute Academy Akademi Hotel Mall Plaza Tower Park Armory Stadium Arena Airlines Motor Motors
    Racing Team Gallery Cafe Restaurant Resto Foods Holdings Capital Media Prague School Preschool""".split()
)
#: Names that look like people but are publications or organisations.
NOT_PERSON_NAMES = frozenset(
    {"Die Welt", "New York Times", "Wall Street Journal", "ABC News", "Gedung Putih", "Bank Indonesia",
     "Wikimedia Commons", "San Marino", "Paris Saint-Germain", "Managing Director", "Project Director"}
)
#: First words of publications and works, never of a person's name.
_ARTICLES = frozenset({"The", "Die", "Der", "Das", "Les"})
#: Particles that start a name and keep their hyphen (``Al-Bashir``).
_HYPHEN_PREFIXES = frozenset({"al", "el", "abu", "bin", "ibn", "ben", "jean"})
#: Lower-case words allowed inside a name (``Ahmad bin Ali``, ``Ursula von der Leyen``).
_PARTICLES = frozenset({"bin", "binti", "van", "von", "der", "de", "da", "di", "al", "el", "la", "le", "dos", "del"})
#: Credit lines: ``Editor: X``, ``Penulis: X, Y``, ``Laporan Wartawan Tribunnews.com, X``.
_CREDIT = re.compile(
    r"^\W*(?:(?:editor|penulis|reporter|pewarta|wartawan|kontributor|penerjemah|redaktur|fotografer)\s*:"
    r"|laporan\s+(?:wartawan|reporter|koresponden)\s+\S+?,)\s*(?P<names>[^:]+?)[\s.]*$",
    re.I,
)
_REPORTED = re.compile(r"^\s*(?P<names>[A-Z][\w'-]+(?: [A-Z][\w'-]+){1,3}) (?:melaporkan|turut melaporkan)\.?\s*$")
_CREDIT_NAME = re.compile(r"[A-Z][\w'.-]*(?: [A-Z][\w'.-]*){0,4}")
#: Words before a place or thing named after a person: ``Jalan Gatot Subroto``, ``Stadion Gelora Bung Karno``.
_NAMED_AFTER = frozenset(
    """jalan jl jln gang gg tol gedung stadion bandara universitas univ kampus masjid museum monumen taman
    lapangan kapal hotel rs rsud rsup yayasan ponpes pesantren institut sekolah sma smp sd kelurahan desa
    kecamatan kabupaten kota bundaran patung tugu""".split()
)
_SENTENCE_ENDS = frozenset({".", "!", "?"})
_QUOTES = frozenset({'"', "\u201c", "\u201d"})
_BRACKETED = re.compile(r"[(\[][^)\]]*[)\]]?")
_INNER_INITIALISM = re.compile(r"(?<=[A-Za-z]) \([A-Z][A-Za-z.]{0,4}\) (?=[A-Z][a-z])")
#: clickid text-node boundaries: a comma glued to the next word, not between digits.
_NODE_COMMA = re.compile(r"(?<!\d),(?=[^\s\d,])|,{2,}")


@cache
def _gazetteer() -> tuple[re.Pattern[str], dict[str, str]]:
    """A pattern matching any gazetteer alias (whole words) and alias -> canonical name."""
    canonical_of = {alias: name for name, aliases in persons().items() for alias in aliases}
    alternatives = "|".join(re.escape(a) for a in sorted(canonical_of, key=len, reverse=True))
    # The look-ahead on first letters lets the engine skip most positions quickly.
    first_letters = "".join(sorted({re.escape(alias[0]) for alias in canonical_of}))
    return re.compile(rf"(?=[{first_letters}])(?<![\w'])(?:{alternatives})(?![\w'])"), canonical_of


@cache
def _alias_lookup() -> dict[str, str]:
    """Lower-cased alias (dots dropped) -> canonical name."""
    return {_key(alias): name for alias, name in _gazetteer()[1].items()}


def _key(name: str) -> str:
    """Lookup form of a name: lower case, dots dropped, spaces collapsed (``B.J. Habibie`` -> ``b j habibie``)."""
    return " ".join(name.replace(".", " ").lower().split())


def clean_name(name: str) -> str:
    """``name`` without leading titles, trailing degrees or punctuation: ``Dr. H. Ali, SH`` -> ``Ali``."""
    words = name.replace("\u2019", "'").split()
    while words and words[0].strip(".,").lower() in TITLES and len(words) > 1:
        words.pop(0)
    while words and (words[-1].strip(".,").lower() in TITLES or not words[-1].strip(".,'\"()")) and len(words) > 1:
        words.pop()
    words = [w.strip(",;:\"'()[]") for w in words]
    text = " ".join(w for w in words if w)
    return text.rstrip(".") if not re.search(r"\b[A-Z]\.$", text) else text


def _split_pair(name: str) -> list[str]:
    """``Biden-Putin`` and ``Prabowo - Hatta`` -> two names; ``Al-Bashir``, ``Paris Saint-Germain`` stay."""
    if " - " in name:
        parts = name.split(" - ")
    elif " " not in name and "-" in name and name.partition("-")[0].lower() not in _HYPHEN_PREFIXES:
        parts = name.split("-")
    else:
        return [name]
    return parts if all(is_capitalised(p) for p in parts) else [name]


def _is_name_like(name: str) -> bool:
    """A gazetteer name, or capitalised words (particles aside) with no digits, not just initials,
    titles, or organisation and place words."""
    if _key(name) in _alias_lookup():
        return True
    words = name.split()
    if not words or any(ch.isdigit() for ch in name):
        return False
    if not all(is_capitalised(w) or w.lower() in _PARTICLES for w in words) or not is_capitalised(words[0]):
        return False
    if (len(words) == 1 and name.lower() in TITLES) or max(len(w.strip(".")) for w in words) < 3:
        return False
    if words[0] in _ARTICLES or words[0] in _ORG_HEADS or words[-1] in _ORG_TAILS or name in NOT_PERSON_NAMES:
        return False
    return not all(w in NOT_PERSONS for w in words)


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
        if tokens[i] in _QUOTES or (tokens[i] == "(" and ")" not in tokens[i:end]):
            end = i  # ``Frank " Nyong " Umbas``, ``Joko Widodo ( Jokowi``: a quote or an unclosed bracket
            break
    while end - start > 1:
        word = tokens[start]
        if end - start > 2 and f"{word} {tokens[start + 1]}" in _PLACE_PAIRS:
            start += 2
        elif word.lower().strip(".") in TITLES or word in NOT_PERSONS or ((start == 0 or tokens[start - 1] in _SENTENCE_ENDS) and (
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
        or tokens[end - 1].lower() in _PARTICLES
        or (end - start > 2 and len(tokens[end - 1]) > 2 and tokens[end - 1].isupper())
    ):
        end -= 1
    if start > 0 and tokens[start - 1].lower().strip(".") in _NAMED_AFTER:
        return None
    if end - start == 1 and (tokens[start] in NOT_PERSONS or tokens[start].lower().strip(".") in TITLES):
        return None
    return start, end


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


def _byline_names(line: str) -> list[str]:
    """Names in a credit line: ``Sumber: Bloomberg | Editor: Noverius Laoli``, ``Felix Light melaporkan.``."""
    names = []
    for part in line.split("|") if ":" in line or "," in line else ():
        if match := _CREDIT.match(part):
            names += re.split(r"\s*(?:[,/&;]|\bdan\b)\s*", match.group("names"))
    if match := _REPORTED.match(line):
        names.append(match.group("names"))
    return [name for name in names if _CREDIT_NAME.fullmatch(name)]


def _mentions(text: str) -> list[tuple[str, bool]]:
    """Every name mention in order, with whether a role word (or a credit) vouches for it."""
    mentions: list[tuple[int, str, bool]] = []
    lines, offsets, sentences, offset = _segments(text), [], [], 0
    for line in lines:
        sentences.append(TOKEN.findall(line))
        offsets.append(offset)
        offset += len(line) + 1
    for line, words, spans, base in zip(lines, sentences, sentences_spans(sentences), offsets):
        matches = tokenize(line) if spans else []
        for start, end in spans:
            role = start > 0 and words[start - 1].lower() in ROLE_WORDS
            if not role and start > 1 and words[start - 1] in ",:" and words[start - 2].lower() in ROLE_WORDS:
                role = True
            if not role and end < len(words) and words[end].lower() in SAID_AFTER:
                role = True
            raw = line[matches[start].start() : matches[end - 1].end()]
            for part in _split_name(raw):
                mentions.append((base + matches[start].start(), part, role))
        for name in _byline_names(line):
            mentions.append((base, name, True))
    pattern, _ = _gazetteer()
    text = text.replace("\u2019", "'")
    for match in pattern.finditer(text):
        before = text[max(0, match.start() - 12) : match.start()].split()
        if not (before and before[-1].lower().strip(".") in _NAMED_AFTER):
            mentions.append((match.start(), match.group(), True))
    mentions.sort(key=lambda m: m[0])
    return [(name, role) for _, name, role in mentions]


def _split_name(raw: str) -> list[str]:
    """Cleaned names in a tagged span: pairs split (``Biden-Putin``), a bracketed alias
    apart (``Bacharuddin Jusuf (BJ) Habibie`` -> ``Bacharuddin Jusuf Habibie``, ``BJ``)."""
    outside = _BRACKETED.sub(" ", raw)
    names = []
    for part in [outside, *_BRACKETED.findall(raw)]:
        part = clean_name(part.strip("()[] "))
        names += _split_pair(part) if part else []
    return names


@cache
def _canonicals_by_word() -> dict[str, list[list[str]]]:
    """Each word of a multi-word canonical gazetteer name -> the names' words."""
    index: dict[str, list[list[str]]] = {}
    for name in persons():
        words = name.split()
        if len(words) > 1:
            for word in set(words):
                index.setdefault(word, []).append(words)
    return index


def _known_form(name: str) -> str:
    """The gazetteer's canonical name for ``name``: by alias (``Jokowi``), or when ``name``
    holds a canonical name's words in order (``Anies Rasyid Baswedan``); else ``name``."""
    canonical = _alias_lookup().get(_key(name))
    if canonical:
        return canonical
    words = name.split()
    best: list[str] = []
    for word in words:
        for candidate in _canonicals_by_word().get(word, ()):
            remaining = iter(words)
            if len(candidate) > len(best) and all(w in remaining for w in candidate):
                best = candidate
    return " ".join(best) if best else name


def _resolve(mentions: list[tuple[str, bool]]) -> list[str]:
    """Canonical names, in order of first mention (see the module docstring)."""
    known = persons()
    names = [(_known_form(name) if " " in name else name, role) for name, role in mentions if _is_name_like(name)]
    # Every part of a full name -> the longest full name seen (a gazetteer name on a tie).
    full_forms: dict[str, str] = {}
    for name, _ in names:
        words = name.split()
        rank = (len(words), name in known)
        for i in range(len(words)):
            for j in range(i + 1, len(words) + 1):
                part = " ".join(words[i:j])
                current = full_forms.get(part)
                if part != name and (current is None or rank > (len(current.split()), current in known)):
                    full_forms[part] = name
    resolved = [(_known_form(full_forms.get(name, name)), role) for name, role in names]
    vouched = {name for name, role in resolved if role}
    found: dict[str, None] = {}
    for name, _ in resolved:
        if name in known or len(name.split()) > 1 or name in vouched:
            found.setdefault(name, None)
    return list(found)


def find_persons(text: str) -> list[str]:
    """Canonical names of the people ``text`` mentions, in order of first mention."""
    return _resolve(_mentions(text))


def names_of(person: str) -> list[str]:
    """``person`` and every alias the gazetteer knows for them (``Jokowi``)."""
    return persons().get(person, [person])
