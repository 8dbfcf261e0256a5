"""The index on disk and the run that writes it.

:mod:`~search.indexing.schema` says what is indexed and stored,
:mod:`~search.indexing.storage` opens the folder,
:mod:`~search.indexing.pipeline` is the chain of stages of one ``index`` run
(plan, read and extract, write, commit), with the helper process of
:mod:`~search.indexing.helper`, the write lock and failures of
:mod:`~search.indexing.writer`, and what the index already holds in
:mod:`~search.indexing.inventory`.
"""
