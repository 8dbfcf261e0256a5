"""Field names: what users call a field (``judul``, ``Published-At``) -> Telusur's name.

One normaliser for every record format (JSON Lines and JSON keys, CSV
headers, front-matter keys), so a name means the same wherever it is given.
"""

from __future__ import annotations

#: Column or key names users bring, mapped to ours (after :func:`_plain_name`).
FIELD_ALIASES = {
    "judul": "title", "headline": "title", "heading": "title",
    "tanggal": "date", "published_at": "date", "publish_date": "date", "published": "date",
    "date_published": "date", "datetime": "date", "waktu": "date", "tgl": "date",
    "isi": "body", "content": "body", "text": "body", "teks": "body", "konten": "body",
    "artikel": "body", "article": "body", "isi_berita": "body",
    "link": "url", "tautan": "url", "permalink": "url",
    "sumber": "source", "media": "source", "outlet": "source", "portal": "source", "publisher": "source",
    "tokoh": "persons", "person": "persons", "people": "persons", "orang": "persons",
    "agency": "agencies", "kantor_berita": "agencies",
    "doc_id": "id", "article_id": "id", "uid": "id",
}  # fmt: skip


def _plain_name(key: str) -> str:
    """``" Published-At "`` -> ``published_at``."""
    return key.strip().lower().replace(" ", "_").replace("-", "_")


def field_name(key: str) -> str:
    """Telusur's name for a key or column header a user gave."""
    name = _plain_name(key)
    return FIELD_ALIASES.get(name, name)


def normalize_keys(record: dict[str, object]) -> dict[str, object]:
    """``record`` with its keys renamed by :func:`field_name`; when two keys give
    one field, the key spelt exactly as ours wins (``title`` over ``judul``)."""
    fields: dict[str, object] = {}
    for key, value in record.items():
        if not isinstance(key, str):
            continue
        name = field_name(key)
        if name not in fields or key.strip().lower() == name:
            fields[name] = value
    return fields
