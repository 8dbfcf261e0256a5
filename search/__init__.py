"""Telusur's search package: Indonesian news from files to ranked, faceted results.

Data flows one way, and so do imports (each package imports only those above it):

1. :mod:`search.ingest`: files -> raw records -> articles with dates, outlets,
   agencies and persons;
2. :mod:`search.analysis`: Indonesian words -> index terms (Sastrawi stems);
3. :mod:`search.indexing`: articles -> the Whoosh index on disk;
4. :mod:`search.retrieval`: a search request -> ranked, faceted, highlighted results.

:mod:`search.cli` is the command line; the web layer (``web/``) stands on
:mod:`search.retrieval`, never the other way round.
"""
