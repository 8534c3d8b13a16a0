"""Near-duplicate clusters: a document joins the cluster of the most similar stored candidate."""

from __future__ import annotations

from collections.abc import Iterable

from indexer.document import Document


def band_keys(document: Document) -> list[str]:
    """LSH band keys of a document's signature (candidates for near-duplicates share one)."""
    if not document.minhash:
        return []
    from indexer.enrich import lsh_band_keys

    return lsh_band_keys(document.minhash)


def choose_cluster(document: Document, candidates: Iterable[tuple[str, str, list[int]]]) -> str:
    """Cluster id for `document` given (id, cluster_id, minhash) of stored candidates.

    The most similar candidate above the threshold wins; otherwise the document starts its own cluster.
    """
    candidates = list(candidates)
    if not candidates or not document.minhash:
        return document.id
    from indexer.enrich import NEAR_DUPLICATE_THRESHOLD, estimate_similarity

    best_cluster, best_score = document.id, NEAR_DUPLICATE_THRESHOLD
    for candidate_id, cluster_id, signature in candidates:
        if candidate_id == document.id or not signature or not document.minhash:
            continue
        score = estimate_similarity(document.minhash, signature)
        if score >= best_score:
            best_cluster, best_score = cluster_id or candidate_id, score
    return best_cluster
