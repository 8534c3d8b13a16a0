"""JSON shapes of search results and documents, shared by the HTTP API and the CLI's --json."""

from __future__ import annotations

from typing import Any

from indexer.document import Document
from indexer.labels import Labeller
from indexer.search_model import SearchHit, SearchResult

# Internal fields that are not part of the public document shape.
PRIVATE_FIELDS = ("minhash",)


def hit_json(hit: SearchHit) -> dict[str, Any]:
    doc = hit.document
    return {
        "id": doc.id,
        "url": doc.url,
        "title": doc.title,
        "snippet": hit.snippet,
        "published_at": doc.published_at.isoformat() if doc.published_at else None,
        "language": doc.language,
        "languages": doc.languages,
        "region": doc.region,
        "topics": doc.topics,
        "source": doc.source,
        "source_name": doc.source_name,
        "cluster_id": doc.cluster_id,
        "cluster_size": hit.cluster_size,
        "score": round(hit.score, 4),
    }


def search_json(result: SearchResult, labeller: Labeller) -> dict[str, Any]:
    return {
        "total": result.total,
        "next": result.next_cursor,
        "hits": [hit_json(hit) for hit in result.hits],
        "facets": {
            facet: [{"key": c.key, "label": labeller.label(facet, c.key), "count": c.count} for c in counts]
            for facet, counts in result.facets.items()
        },
        "histogram": {
            "interval": result.histogram_interval.value if result.histogram_interval else None,
            "buckets": [{"start": b.start.isoformat(), "count": b.count} for b in result.histogram],
        },
    }


def document_json(document: Document, labeller: Labeller) -> dict[str, Any]:
    data = document.to_dict()
    for name in PRIVATE_FIELDS:
        data.pop(name, None)
    data["region_label"] = labeller.label("region", document.region) if document.region else None
    data["regions_mentioned_labels"] = {code: labeller.label("region", code) for code in document.regions_mentioned}
    data["topic_labels"] = {slug: labeller.label("topic", slug) for slug in document.topics}
    return data
