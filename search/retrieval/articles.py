"""One article: the whole of it with a query's matches marked, and the articles most like it."""

from __future__ import annotations

from whoosh.query import And, Term

from search.retrieval import snippets
from search.retrieval.generation import Generation
from search.retrieval.hits import make_hit, summary_fields
from search.retrieval.results import Document, Hit


def document(generation: Generation, doc_id: str, q: str = "") -> Document | None:
    """The article ``doc_id`` with every match of ``q`` marked, or None."""
    searcher = generation.searcher
    docnum = searcher.document_number(id=doc_id)
    if docnum is None:
        return None
    stored = searcher.stored_fields(docnum)
    title_marked = body_marked = None
    user_query = generation.parse(q) if q else None
    if user_query is not None:
        results = searcher.search(And([Term("id", doc_id), user_query]), terms=True, limit=1)
        if len(results):
            title_marked = snippets.marked(results[0], "title")
            body_marked = snippets.marked(results[0], "body")
    return Document(
        **summary_fields(stored, generation.registry),
        body=stored.get("body", ""),
        body_marked=body_marked,
        title_marked=title_marked,
        origin=stored.get("origin", ""),
        origins=stored.get("origins") or {},
    )


def similar(generation: Generation, doc_id: str, limit: int = 5) -> list[Hit]:
    """Articles most like ``doc_id`` ("Artikel serupa"), by its key body terms."""
    searcher = generation.searcher
    docnum = searcher.document_number(id=doc_id)
    if docnum is None:
        return []
    results = searcher.more_like(docnum, "body", top=limit, numterms=20)
    return [make_hit(hit, generation.registry, highlighted=False, scored=True) for hit in results]
