"""Documents related to one document: its near-duplicate cluster and similar releases."""

from __future__ import annotations

import re

from indexer.document import Document
from indexer.search_model import SearchHit, SearchRequest
from indexer.store import DocumentStore

TITLE_WORD = re.compile(r"[^\W_]{2,}")
MAX_QUERY_WORDS = 8


def cluster_documents(store: DocumentStore, document: Document) -> list[Document]:
    """The other documents of the document's near-duplicate cluster ("also published by")."""
    if not document.cluster_id:
        return []
    others = [store.get(i) for i in store.cluster_members(document.cluster_id) if i != document.id]
    return [d for d in others if d is not None]


def similar_documents(store: DocumentStore, document: Document, limit: int = 5) -> list[SearchHit]:
    """Documents sharing the most title words with this one, outside its cluster (a 'more like this')."""
    words = list(dict.fromkeys(TITLE_WORD.findall(document.title)))[:MAX_QUERY_WORDS]
    if not words:
        return []
    query = " OR ".join(f'"{w}"' for w in words)
    result = store.search(SearchRequest(query=query, size=limit + 10, facets=False))
    cluster = document.cluster_id or document.id
    return [h for h in result.hits if h.document.id != document.id and (h.document.cluster_id or "") != cluster][:limit]
