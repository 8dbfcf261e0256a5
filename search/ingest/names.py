"""What a person's name looks like: titles and office words, words that are never
names, how a name is cleaned, and the gazetteer of known people and their aliases.

Used by :mod:`search.ingest.people` to find names in articles; the same rules
(:func:`name_key`, :func:`spelling_key`) let the person registry recognise two
spellings of one name.
"""

from __future__ import annotations

import re
from functools import cache

from search.ingest.gazetteers import persons
from search.ingest.ner import SAY_WORDS, is_capitalised

#: Titles, honorifics and roles stripped from the front of a name (lower case, without dots).
TITLES = frozenset(
    """presiden wapres wakil menteri menlu menko menhan mendagri menkeu perdana kanselir raja ratu pangeran
    sultan paus ketua pak bu ibu bapak mbak mas bang kak om tante ny nyonya tuan nona sdr saudara saudari
    sang dr drs dra ir h hj prof kh kyai kiai habib ustadz ust syekh jenderal jend letjen mayjen brigjen
    komjen irjen kombes kapolri kapolda panglima gubernur bupati wali walikota senator direktur dirut
    sekjen jubir ajudan juru bicara sekretaris pers mantan eks almarhum alm pelatih kapten st sh se mm pol purn
    msi mh phd kolonel kol letkol mayor marsekal laksamana laksma laksda marsda brigadir bripka briptu
    bharada aiptu ipda iptu akp kompol akbp pratu serda serka sertu kopda letda lettu kopral sersan
    bendahara umum anggota staf khusus kepala komisaris pendiri pemilik pengacara kuasa hukum kader
    politikus politisi aktivis pengamat peneliti ekonom dosen rektor dekan dokter psikolog komedian
    presenter youtuber selebgram vokalis gitaris pebalap pemain aktor aktris artis penyanyi sutradara
    produser penulis wartawan jurnalis tersangka terdakwa camat lurah kades kapolsek kapolres kasat kabid
    humas kabag kadis kadiv kapuspen kapendam pangdam danrem dandim kasad kasal kasau ksad jaksa hakim
    advokat notaris mult hc ing sc eyang ketum waketum plt pj wamen wagub wabup wawali dubes kajati kajari menkeu menkes
    menpora menkumham mensesneg menkopolkam menkopolhukam menaker menakertrans mendikbud mendiknas menag
    mentan menperin mendag menhub menparekraf menpar menkominfo menpan menristek mensos menpupr menpupera menlhk
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
    Polda Polres TNI KPK KPU DPR MPR DPD Mahkamah Kejaksaan Kejagung Bareskrim BI OJK BUMN Pertamina PLN Bidang Komisi
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
PLACE_PAIRS = frozenset(
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
    Racing Team Gallery Cafe Restaurant Resto Foods Holdings Capital Media Prague School Preschool Show Air
    Mania Lovers Fans Army""".split()
)
#: Names that look like people but are publications or organisations.
NOT_PERSON_NAMES = frozenset(
    {"Die Welt", "New York Times", "Wall Street Journal", "ABC News", "Gedung Putih", "Bank Indonesia",
     "Wikimedia Commons", "San Marino", "Paris Saint-Germain", "Managing Director", "Project Director",
     # music groups, named like people
     "Super Junior", "Red Velvet", "Wanna One", "Girls Generation", "Sheila On", "Maroon"}
)
#: Music groups written after a member's name (``Jungkook BTS``): cut off the name.
GROUP_NAMES = frozenset("BTS EXO NCT GOT7 TVXQ SNSD iKON BIGBANG Blackpink BLACKPINK TWICE Twice JKT48 SEVENTEEN".split())
#: A ministry or institution word (``Kehutanan``, ``Kemaritiman``, ``Perhubungan``) left before a
#: name by an office (``Menteri Lingkungan Hidup dan Kehutanan Siti Nurbaya``): never part of the name.
INSTITUTION_WORD = re.compile(r"(?:ke|per|pe[mn]?)[a-z]{3,}an", re.I)
#: First words of publications and works, never of a person's name.
_ARTICLES = frozenset({"The", "Die", "Der", "Das", "Les"})
#: Particles that start a name and keep their hyphen (``Al-Bashir``).
_HYPHEN_PREFIXES = frozenset({"al", "el", "abu", "bin", "ibn", "ben", "jean"})
#: Lower-case words allowed inside a name (``Ahmad bin Ali``, ``Ursula von der Leyen``).
PARTICLES = frozenset({"bin", "binti", "van", "von", "der", "de", "da", "di", "al", "el", "la", "le", "dos", "del"})
#: Words before a place or thing named after a person: ``Jalan Gatot Subroto``, ``Stadion Gelora Bung Karno``.
NAMED_AFTER = frozenset(
    """jalan jl jln gang gg tol gedung stadion bandara universitas univ kampus masjid museum monumen taman
    lapangan kapal hotel rs rsud rsup yayasan ponpes pesantren institut sekolah sma smp sd kelurahan desa
    kecamatan kabupaten kota bundaran patung tugu rspad rsab rsia sakit jembatan bendungan terminal pelabuhan
    stasiun perpustakaan auditorium aula graha wisma gelora kri uin iain""".split()
)
@cache
def gazetteer_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    """A pattern matching any gazetteer alias (whole words) and alias -> canonical name."""
    canonical_of = {alias: name for name, aliases in persons().items() for alias in aliases}
    # An apostrophe in an alias may be written or not, straight or curly (Ma'ruf, Maruf, Ma’ruf).
    alternatives = "|".join(re.escape(a).replace("'", "['\u2019]?") for a in sorted(canonical_of, key=len, reverse=True))
    # The look-ahead on first letters lets the engine skip most positions quickly.
    first_letters = "".join(sorted({re.escape(alias[0]) for alias in canonical_of}))
    return re.compile(rf"(?=[{first_letters}])(?<![\w'.])(?:{alternatives})(?![\w'])"), canonical_of


@cache
def alias_lookup() -> dict[str, str]:
    """Lower-cased alias (dots dropped) -> canonical name."""
    return {name_key(alias): name for alias, name in gazetteer_pattern()[1].items()}


def name_key(name: str) -> str:
    """Lookup form of a name: lower case, dots dropped, apostrophes too, spaces collapsed
    (``B.J. Habibie`` -> ``b j habibie``, ``Ma'ruf`` -> ``maruf``)."""
    return " ".join(name.replace(".", " ").replace("'", "").replace("\u2019", "").lower().split())


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


#: A hyphen between two capitalised words of a longer name: ``Joko Widodo-Ma'ruf Amin``.
_GLUED_PAIR = re.compile(r"(?<=[^\W\d_])-(?=[A-Z])")


def split_pair(name: str) -> list[str]:
    """Two names written as a pair become two: ``Biden-Putin``, ``Prabowo - Hatta``,
    ``Joko Widodo-Ma'ruf Amin``; ``Al-Bashir``, ``Paris Saint-Germain``,
    ``Marc-Andre Ter Stegen`` stay one."""
    if " - " in name:
        parts = name.split(" - ")
    elif " " not in name and "-" in name and name.partition("-")[0].lower() not in _HYPHEN_PREFIXES:
        parts = name.split("-")
    elif " " in name and len(parts := _GLUED_PAIR.split(name)) == 2:
        known = alias_lookup()
        whole = [len(p.split()) > 1 or name_key(p) in known for p in parts]
        return parts if all(whole) else [name]
    else:
        return [name]
    return parts if all(is_capitalised(p) for p in parts) else [name]


#: Abbreviations of places named after people, written with a dot (``Jl. Gatot Subroto``).
_DOTTED_PLACES = frozenset({"jl", "jln", "gg", "rs", "univ"})
#: Words between a kind of place and the person it is named after (``Bandara Internasional
#: Ahmad Yani``, ``Universitas Islam Negeri Sunan Kalijaga``, ``RSUP Dr Sardjito``).
_PLACE_QUALIFIERS = frozenset(
    "internasional nasional islam negeri umum daerah pusat angkatan darat laut udara kristen katolik raya baru lama utama".split()
)


def named_after(words: list[str]) -> bool:
    """Do ``words`` (those before a name, in order) end with a place or thing named after
    someone, titles aside (``Jalan Jenderal Ahmad Yani``, ``RSPAD Gatot Subroto``)?  A comma,
    or a full stop after a whole word, ends the place: ``di RSPAD. Presiden Jokowi`` is not."""
    for word in reversed(words):
        bare = word.lower().strip(".,;:")
        if not bare:
            continue
        if word[-1] in ",;:" or (word.endswith(".") and bare not in _DOTTED_PLACES and bare not in TITLES):
            return False
        if bare in TITLES or bare in _PLACE_QUALIFIERS:
            continue
        return bare in NAMED_AFTER
    return False


def is_name_like(name: str) -> bool:
    """A gazetteer name, or capitalised words (particles aside) with no digits, not just initials,
    titles, or organisation and place words."""
    if name_key(name) in alias_lookup():
        return True
    words = name.split()
    if not words or any(ch.isdigit() for ch in name):
        return False
    if not all(is_capitalised(w) or w.lower() in PARTICLES for w in words) or not is_capitalised(words[0]):
        return False
    if (len(words) == 1 and name.lower() in TITLES) or max(len(w.strip(".")) for w in words) < 3:
        return False
    if words[0] in _ARTICLES or words[0] in _ORG_HEADS or words[-1] in _ORG_TAILS or name in NOT_PERSON_NAMES:
        return False
    return not all(w in NOT_PERSONS for w in words)


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


def known_form(name: str) -> str:
    """The gazetteer's canonical name for ``name``: by alias (``Jokowi``), or when ``name``
    holds a canonical name's words in order from its first word to its last (``Anies Rasyid
    Baswedan``; not ``Mufidah Jusuf Kalla``, who is someone else); else ``name``."""
    canonical = alias_lookup().get(name_key(name))
    if canonical:
        return canonical
    words = name.split()
    while len(words) > 2 and spelling_key(words[0]) == "mhd" and words[1].lower() not in PARTICLES:  # Muhammad Tito Karnavian
        words = words[1:]
    best: list[str] = []
    for word in words:
        for candidate in _canonicals_by_word().get(word, ()):
            remaining = iter(words)
            same_ends = candidate[0] == words[0] and candidate[-1] == words[-1]
            if same_ends and len(candidate) > len(best) and all(w in remaining for w in candidate):
                best = candidate
    return " ".join(best) if best else name


def names_of(person: str) -> list[str]:
    """``person`` and every alias the gazetteer knows for them (``Jokowi``)."""
    return persons().get(person, [person])


#: Old and new Indonesian spellings, and common transliterations, read alike (``Soekarno`` = ``Sukarno``).
_SPELLINGS = (("dj", "j"), ("tj", "c"), ("sj", "sy"), ("nj", "ny"), ("oe", "u"), ("ue", "u"), ("ch", "h"), ("ph", "f"))
#: Spellings of one given name that spelling rules alone do not bring together.
_SAME_NAME = {"muhammad": "mhd", "muhamad": "mhd", "mohammad": "mhd", "mohamad": "mhd", "mohammed": "mhd",
              "mohamed": "mhd", "mochammad": "mhd", "mochamad": "mhd", "moch": "mhd", "muh": "mhd", "moh": "mhd"}
#: Doubled consonants, and a doubled a (``Maaruf``); not other vowels (``Soo`` and ``So`` are two Korean names).
_DOUBLED = re.compile(r"([b-df-hj-np-tv-z]|a)\1+")
_NOT_LETTERS = re.compile(r"['\u2019.\-]")


def spelling_key(word: str) -> str:
    """One word as spellings of the same name meet: lower case, without apostrophes,
    dots and hyphens, old spellings modernised and doubled letters single
    (``Soeharto``/``Suharto``, ``Zainuddin``/``Zainudin``, ``Chan-o-cha``/``Chan-ocha``,
    ``Muhammad``/``Mohamad``)."""
    word = _NOT_LETTERS.sub("", word.lower())
    if word in _SAME_NAME:
        return _SAME_NAME[word]
    for old, new in _SPELLINGS:
        word = word.replace(old, new)
    return _DOUBLED.sub(r"\1", word)
