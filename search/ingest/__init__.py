"""Ingestion: article files -> raw records -> articles with their metadata.

:mod:`~search.ingest.files` finds and decodes input files,
:mod:`~search.ingest.formats` reads each format into :class:`RawRecord` s
(keys normalised by :mod:`~search.ingest.keys`), and
:mod:`~search.ingest.articles` turns a record into an :class:`Article`,
extracting what the record does not give: dates (:mod:`~search.ingest.dates`),
outlets and agencies (:mod:`~search.ingest.outlets`) and persons
(:mod:`~search.ingest.people`, with the tagger of :mod:`~search.ingest.ner`).

This package imports nothing else from ``search``: the indexer fingerprints
its files (code and ``data/``) to know when extraction has changed.
"""
