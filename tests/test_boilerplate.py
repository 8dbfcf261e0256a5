"""Stripping news-site boilerplate (search.boilerplate.strip_boilerplate) from the seeds and
from real corpus text, and keeping every line of the article itself.

Snippets quoted below are copied from the clickid-2019 and detik-2025-aspect corpora (the
record id is given); tests that read the corpora skip when ../shared is absent.
"""

from __future__ import annotations

import gzip
import json
import re

import pytest

from search.ingest.articles import extract_title
from search.ingest.boilerplate import strip_boilerplate

from conftest import CLICKID, CORPORA, SEEDS, require_corpus

DETIK = CORPORA / "detik-2025-aspect" / "articles.jsonl.gz"


def _seed(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def _records(path):
    with gzip.open(require_corpus(path), "rt", encoding="utf-8") as lines:
        for line in lines:
            yield json.loads(line)


def _text_lines(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]


# --- the seeds -----------------------------------------------------------------------------------------

#: What each seed loses; every other non-blank line must survive verbatim and in order.
SEED_BOILERPLATE = {
    "000": [],
    "001": ["Bagikan:"],
    "002": ["sun", "moon", "a l i n e a dot id", "fakta data kata", "logo alinea.id", "Sponsored", "Berita Lainnya", "\u00d7", "tekid"],
    "003": [
        "Baca Juga: Presiden Rusia Vladimir Putin Tiba-Tiba Minta Berbicara dengan Joe Biden Via Telepon",
        "Baca Juga: Dialog Keamanan AS-Rusia Dipastikan Berlangsung pada 10 Januari 2022",
        "Baca Juga: Rusia dan Barat Bersitegang, Putin Telpon Xi Minta Dukungan China",
    ],
    "004": [],
}


@pytest.mark.parametrize("prefix", sorted(SEED_BOILERPLATE))
def test_seed_text_is_kept_and_only_boilerplate_lines_go(prefix):
    original = _seed(prefix)
    stripped = strip_boilerplate(original)
    boilerplate = SEED_BOILERPLATE[prefix]
    assert [line for line in _text_lines(original) if line.strip() not in boilerplate] == _text_lines(stripped)
    assert all(line in original.split("\n") for line in stripped.split("\n"))
    assert strip_boilerplate(stripped) == stripped
    if not boilerplate:
        assert stripped == original


def test_seed_002_starts_with_its_title():
    """The masthead (sun, moon, a l i n e a dot id, fakta data kata, logo alinea.id) goes, so the
    first line is the title; "Sponsored" and the closing "Berita Lainnya", "×", "tekid" go too."""
    stripped = strip_boilerplate(_seed("002"))
    title = "Biden-Putin terlibat pembicaraan serius untuk diplomasi Rusia atas Ukraina"
    assert stripped.split("\n")[0] == title
    assert extract_title(stripped) == title
    assert stripped.endswith("untuk memindahkan pasukannya di tanahnya sendiri sesukanya.")
    assert "Sponsored" not in stripped and "\n\n\n" not in stripped
    assert "Nadia Lutfiana Mawarni Jumat, 31 Des 2021 13:15 WIB" in stripped


def test_seed_001_share_line():
    stripped = strip_boilerplate(_seed("001"))
    assert "Bagikan:" not in stripped
    assert "Information Office)\n\nJAKARTA - Presiden Vladimir Putin" in stripped


def test_seed_003_read_also_lines():
    stripped = strip_boilerplate(_seed("003"))
    assert "Baca Juga" not in stripped and "10 Januari 2022" not in stripped
    assert stripped.startswith("Sumber: Bloomberg | Editor: Noverius Laoli\nKONTAN.CO.ID - MOSKOW. Presiden Rusia")


@pytest.mark.parametrize(
    "line",
    ["Baca juga: Rusia dan Barat Bersitegang", "BACA JUGA: Rusia dan Barat Bersitegang", "Baca Juga : Rusia dan Barat",
     "Baca juga:", "Bagikan:", "Sponsored", "ADVERTISEMENT", "Advertisement", "SCROLL TO CONTINUE WITH CONTENT",
     "Artikel Terkait", "Artikel Terkait:"],
)
def test_boilerplate_lines_inside_a_seed(line):
    """Each boilerplate line goes wherever it stands, in any of its spellings; nothing else changes."""
    original = _seed("004")
    lines = original.split("\n")
    with_line = "\n".join([*lines[:3], line, *lines[3:]])
    assert strip_boilerplate(with_line) == original


def test_more_news_keeps_what_is_not_noise():
    """A "Berita Lainnya" heading followed by real lines only loses the heading; inside a sentence it stays."""
    lines = _seed("004").split("\n")
    text = "\n".join([*lines[:5], "Berita Lainnya", *lines[5:]])
    assert strip_boilerplate(text) == _seed("004")
    sentence = "Berita tersebut menjadi yang terpopuler. Berita lainnya yang juga masuk terpopuler adalah soal data penumpang."
    assert strip_boilerplate(sentence) == sentence  # clickid-kompas


def test_real_sentences_are_never_dropped():
    """Phrases that merely contain boilerplate words are article text."""
    for text in [
        'untuk membenarkan saudara tua (baca: polisi) masuk dan mengobok-obok KPK," tulis Syamsuddin',  # clickid
        "Sudah lihat juga video yang beredar di media sosial? Polisi menyelidikinya.",
        "Yuk, Grow Fearless bersama Fimela. Segera daftarkan dirimu.",  # clickid-fimela
        "Yuk, sama-sama membangun mental #GrowFearless dalam diri kita.",  # clickid-fimela-00407
        "Beralih ke berita lainnya. Paspor Malaysia kini dinobatkan setara dengan paspor Amerika Serikat.",  # detik
        "Simak selengkapnya di halaman selanjutnya.",
        "sun moon adalah nama toko",
    ]:
        assert strip_boilerplate(text) == text
    assert strip_boilerplate("") == ""


# --- detik-2025-aspect: line-structured text ---------------------------------------------------------------


def test_detik_lines():
    """Real detik furniture (detik2025-0003, -0005, and others)."""
    text = (
        '"Kalau kita lihat 25 provinsi sudah berada dalam rentang target nasional," kata Purbaya, Senin (20/10/2025).\n'
        "ADVERTISEMENT\n"
        "SCROLL TO CONTINUE WITH CONTENT\n"
        "\n"
        "Kemudian, Purbaya menceritakan mengapa menjaga inflasi penting.\n"
        "SCROLL TO RESUME CONTENT\n"
        '"Jadi tugas kita sekarang bukan hanya menahan inflasi tetap rendah," katanya.\n'
        "\n"
        "Saksikan Live DetikPagi :\n"
        'Tonton juga video "Purbaya Ungkap Rahasia Soeharto Bertahan 32 Tahun: Harga Stabil" di sini:\n'
        "Simak Video 'Prabowo Panggil Menkeu Purbaya-Menhan Sjafrie, Beri Tugas Ini':\n"
        "Simak juga Video: Singapura Masih Investor Terbesar di RI, Disusul Hongkong dan China\n"
        "Lihat juga Video Trump Ancam Tarif 150% ke BRICS: Mereka Coba Hancurkan Dolar AS!\n"
        'Tonton juga "Staf Prabowo Bisa Ketipu Love Scam, Data Kepresidenan Aman?" di sini:\n'
        '"Detik Pagi, Jangan Tidur Lagi!"'
    )
    assert strip_boilerplate(text) == (
        '"Kalau kita lihat 25 provinsi sudah berada dalam rentang target nasional," kata Purbaya, Senin (20/10/2025).\n'
        "\n"
        "Kemudian, Purbaya menceritakan mengapa menjaga inflasi penting.\n"
        '"Jadi tugas kita sekarang bukan hanya menahan inflasi tetap rendah," katanya.'
    )


_DETIK_FURNITURE = re.compile(
    r"SCROLL TO (?:CONTINUE WITH|RESUME) CONTENT|ADVERTISEMENT|(?:Simak|Tonton|Lihat)(?: juga)? [Vv]ideo\b.*"
    r'|Tonton juga ".*" di sini:|Saksikan Live ?Detik ?[Pp]agi ?:|"Detik (?:Pagi|Sore), .*"'
)


def test_detik_corpus_keeps_every_article_line():
    """Over all of detik-2025-aspect: the furniture lines go, every other line stays, in order."""
    changed = 0
    for record in _records(DETIK):
        body = record["body"]
        stripped = strip_boilerplate(body)
        expected = [line for line in _text_lines(body) if not _DETIK_FURNITURE.fullmatch(line.strip())]
        assert _text_lines(stripped) == expected, record["id"]
        assert "SCROLL TO CONTINUE" not in stripped
        changed += stripped != body
    assert changed > 950


# --- clickid-2019: text nodes joined with "," ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scraped", "expected"),
    [
        # okezone: the linked title was dropped, "Baca juga:" is left between text nodes
        ('perdamaian," kata Masinton kepada,, Rabu (11/9/2019).,,Baca Juga:,,Masinton mewakili PDI-Perjuangan',
         'perdamaian," kata Masinton kepada,, Rabu (11/9/2019).,,,Masinton mewakili PDI-Perjuangan'),
        ("nyaman,\u201d tuturnya.,Baca Juga :,,Inisiator Komunitas Anti Diskriminasi",
         "nyaman,\u201d tuturnya.,,Inisiator Komunitas Anti Diskriminasi"),
        ("lini belakang adalah Yustinus Pae.,Baca juga,,Kemudian dua pemain", "lini belakang adalah Yustinus Pae.,,Kemudian dua pemain"),
        ('sambung Fahri.,Baca Juga :,,Baca Juga :,,Sebelumnya, Jokowi berjanji', 'sambung Fahri.,,,Sebelumnya, Jokowi berjanji'),
        ("eholder ayo kita budayakan selamat dalam seluruh pelayaran.,Baca juga;,,\"Karena semua tahu",
         "eholder ayo kita budayakan selamat dalam seluruh pelayaran.,,\"Karena semua tahu"),
        # posmetro / tribunnews: the title is kept as a text node of its own
        ("Minggu (21/7/2019).,,Baca juga: Layanan Sempat Error, Bos Bank Mandiri Minta Maaf,,Lantas apakah bank",
         "Minggu (21/7/2019).,,,Lantas apakah bank"),
        ('dari laman resmi Liga Indonesia.,Baca Juga: Musim 2019-2020 Jadi Musim Pengharapan Bagi Jamez Rodriguez di Madrid,"Semua bisa main',
         'dari laman resmi Liga Indonesia.,"Semua bisa main'),
        # sindonews: in brackets, with or without the title
        ("Kedua korban diduga dibunuh. (Baca juga: SMS Menyayat Hati Terduga Korban 'Kontainer 39 Mayat' di Inggris),Kedua korban",
         "Kedua korban diduga dibunuh. ,Kedua korban"),
        ('kata Thareq. (Baca juga: ,)Sementara Presiden Joko Widodo', "kata Thareq. Sementara Presiden Joko Widodo"),
        ("diakui dunia. (baca juga: ,t),Sebelum menjadi Presiden ketiga RI", "diakui dunia. ,Sebelum menjadi Presiden ketiga RI"),
        ('katanya, Rabu (11/9/2019). (Baca juga: ,Apalagi, kata dia, masuknya politikus Azis Syamsuddin',
         'katanya, Rabu (11/9/2019). ,Apalagi, kata dia, masuknya politikus Azis Syamsuddin'),
        # fimela
        ("dilansir Boldsky,[bacajuga:Baca Juga](3809787 3617927 4052322),Kulit kita melepaskan sel-sel kulit",
         "dilansir Boldsky,,Kulit kita melepaskan sel-sel kulit"),
        ("Semoga informasi ini bermanfaat ya.,#GrowFearLess with Fimela", "Semoga informasi ini bermanfaat ya."),
        ("Selamat mencoba!,#GrowFearless with FIMELA", "Selamat mencoba!"),
        ("kulit sensitif.,Baca Juga: ,#GrowFearLess with Fimela", "kulit sensitif."),
        ("riasan mata yang memukau.,#Growfearless wtih Fimela", "riasan mata yang memukau."),
        ("dapatkan undangan FIMELA FEST 2019.,Grow Fearless with FIMELA", "dapatkan undangan FIMELA FEST 2019."),
        # posmetro's widget, tempo's Excel artefact
        ("Semoga Allah menempatkanmu di sisi-Nya nak!,,,loading...", "Semoga Allah menempatkanmu di sisi-Nya nak!"),
        ("dan Solo Batik Carnival.,_x000D_", "dan Solo Batik Carnival.,"),
    ],
)
def test_clickid_phrases(scraped, expected):
    assert strip_boilerplate(scraped) == expected


_CLICKID_FURNITURE = re.compile(r"(?i)baca\s*juga|bacajuga|grow\s*fear\s*less\s+w\w+\s+fi+mela|loading\.\.\.|_x000D_")
_SEGMENT = re.compile(r"(?<!\d),(?=\S)|\n")


def test_clickid_corpus_keeps_every_text_node():
    """Over all of clickid-2019: no "Baca juga" or tagline is left, and every text node (the pieces
    between ","-boundaries) without boilerplate in it survives verbatim, in order."""
    changed = 0
    for record in _records(CLICKID):
        body = record["body"] or ""
        stripped = strip_boilerplate(body)
        assert not re.search(r"(?i)baca\s*juga|#grow\s*fear\s*less\s+with", stripped), record["id"]
        position = 0
        for node in _SEGMENT.split(body):
            node = node.strip()
            if len(node) < 12 or _CLICKID_FURNITURE.search(node):
                continue
            found = stripped.find(node, position)
            assert found >= 0, (record["id"], node)
            position = found + len(node)
        changed += stripped != body
    assert changed > 1500
