"""What the HTML pages say, in Indonesian, when a request is refused (the JSON API
keeps the exact English message and the parameter's name)."""

from __future__ import annotations

import re

from search.retrieval.request import InvalidRequest

#: Each URL parameter as a reader would call it.
PARAMETERS = {
    "q": "Kata kunci",
    "from": "Tanggal awal (from)",
    "to": "Tanggal akhir (to)",
    "page": "Nomor halaman (page)",
    "size": "Jumlah hasil per halaman (size)",
    "sort": "Urutan (sort)",
    "person": "Saringan tokoh (person)",
    "source": "Saringan sumber (source)",
    "agency": "Saringan kantor berita (agency)",
    "pq": "Pencarian tokoh (pq)",
    "format": "Format unduhan (format)",
    "prefix": "Awalan (prefix)",
    "limit": "Batas (limit)",
}

#: The refusals, by the English message's form: (pattern, Indonesian sentence).
_SAYINGS = [
    (r"given (?P<n>\d+) times", "{name} diberikan {n} kali; berikan sekali saja."),
    (r"(?P<value>.*) is not a date of the form YYYY-MM-DD", "{name} {value} bukan tanggal; tulis sebagai TTTT-BB-HH, misalnya 2021-12-31."),
    (r"(?P<low>\S+) is after to=(?P<high>\S+)", "Tanggal awal ({low}) jatuh sesudah tanggal akhir ({high})."),
    (r"(?P<value>.*) is not a whole number", "{name} {value} bukan bilangan bulat."),
    (r"must be between (?P<low>\d+) and (?P<high>\d+)", "{name} harus antara {low} dan {high}."),
    (r"must be 1 or more", "{name} paling kecil 1."),
    (r"results beyond the first (?P<n>\d+)", "Hanya {n} hasil pertama yang bisa dibuka; persempit pencarian (tambah kata, pilih tokoh, sumber atau tanggal)."),
    (r"query is (?P<n>\d+) characters long; the limit is (?P<limit>\d+)", "Kata kunci terlalu panjang ({n} karakter); paling banyak {limit} karakter."),
    (r"at most (?P<n>\d+) values", "{name}: paling banyak {n} nilai."),
    (r"(?:values must be .*)?at most (?P<n>\d+) characters", "{name}: paling banyak {n} karakter."),
    (r"unknown sort (?P<value>.*); use", "{name} {value} tidak dikenal; pilih relevance, newest atau oldest."),
    (r"unknown format (?P<value>.*); use", "{name} {value} tidak dikenal; pilih json, csv atau jsonl."),
]


def indonesian(error: InvalidRequest) -> str:
    """``error`` as the page says it."""
    name = PARAMETERS.get(error.param, f"Parameter {error.param!r}")
    for pattern, saying in _SAYINGS:
        found = re.search(pattern, error.message)
        if found:
            values = {key: _number(value) for key, value in found.groupdict().items()}
            return saying.format(name=name, **values)
    return f"{name} tidak dapat dipakai."


def _number(value: str) -> str:
    """``10000`` -> ``10.000``; anything else as it is."""
    return f"{int(value):,}".replace(",", ".") if value.isdigit() else value
