"""Documents related to one document: its near-duplicate cluster and similar releases."""

from __future__ import annotations

import re

from indexer.document import Document
from indexer.search_model import SearchHit, SearchRequest
from indexer.store import DocumentStore

TITLE_WORD = re.compile(r"[^\W_]{2,}")
MAX_QUERY_WORDS = 8
MAX_EVIDENCE_TERMS = 8


def cluster_documents(store: DocumentStore, document: Document) -> list[Document]:
    """The other documents of the document's near-duplicate cluster ("also published by")."""
    if not document.cluster_id:
        return []
    others = [store.get(i) for i in store.cluster_members(document.cluster_id) if i != document.id]
    return [d for d in others if d is not None]


def similar_documents(store: DocumentStore, document: Document, limit: int = 5) -> list[SearchHit]:
    """Releases on the same subject, outside the document's cluster (a "more like this").

    With topics, the candidates share one of them and rank by the terms that gave the document its topics and
    by its title's words. Title words alone matched releases on anything: "… 실행전략 필요" brought a festival
    whose title also said 필요. Without topics, title words are all there is.
    """
    words = [*_evidence_terms(document), *TITLE_WORD.findall(document.title)]
    words = list(dict.fromkeys(words))[: MAX_EVIDENCE_TERMS + MAX_QUERY_WORDS]
    if not words:
        return []
    query = " OR ".join(f'"{w}"' for w in words)
    request = SearchRequest(query=query, topics=tuple(document.topics), size=limit + 10, facets=False)
    result = store.search(request)
    cluster = document.cluster_id or document.id
    return [h for h in result.hits if h.document.id != document.id and (h.document.cluster_id or "") != cluster][:limit]


def _evidence_terms(document: Document) -> list[str]:
    """The terms that gave the document its topics, strongest first, as plain words (a prefix term's * dropped)."""
    terms = [term for topic in document.topics for term in document.topic_evidence.get(topic, [])]
    plain = (" ".join(TITLE_WORD.findall(term)) for term in terms)
    return [term for term in plain if term][:MAX_EVIDENCE_TERMS]
