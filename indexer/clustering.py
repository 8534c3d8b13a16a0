"""Near-duplicate clusters: a document joins the cluster of the most similar stored candidate."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from indexer.document import Document

SIGNATURE_DTYPE = "<u4"  # MinHash values are 32-bit; stored little-endian whatever the machine


def band_keys(document: Document) -> list[str]:
    """LSH band keys of a document's signature (candidates for near-duplicates share one)."""
    if not document.minhash:
        return []
    from indexer.enrich import lsh_band_keys

    return lsh_band_keys(document.minhash)


def signature_bytes(signature: Sequence[int]) -> bytes | None:
    """A MinHash signature as a BLOB (4 bytes a value); None for a document without one."""
    if not len(signature):
        return None
    import numpy as np

    return np.asarray(signature, dtype=SIGNATURE_DTYPE).tobytes()


def signature_from_bytes(blob: bytes) -> Any:
    """The signature `signature_bytes` stored, as a numpy array (choose_cluster compares arrays)."""
    import numpy as np

    return np.frombuffer(blob, dtype=SIGNATURE_DTYPE)


def choose_cluster(document: Document, candidates: Iterable[tuple[str, str | None, Sequence[int]]]) -> str:
    """Cluster id for `document` given (id, cluster_id, minhash) of stored candidates.

    The most similar candidate above the threshold wins (the last of equals, in candidate order); otherwise
    the document starts its own cluster. All candidates are compared at once: a document of a large cluster
    has up to 200 of them.
    """
    if not document.minhash:
        return document.id
    size = len(document.minhash)
    # estimate_similarity's rules: a candidate without a signature, or of another length, scores 0.
    usable = [c for c in candidates if c[0] != document.id and len(c[2]) == size]
    if not usable:
        return document.id
    import numpy as np

    from indexer.enrich import NEAR_DUPLICATE_THRESHOLD

    matrix = np.array([signature for _, _, signature in usable], dtype=np.int64)
    scores = (matrix == np.asarray(document.minhash, dtype=np.int64)).sum(axis=1) / size
    best = scores.max()
    if best < NEAR_DUPLICATE_THRESHOLD:
        return document.id
    candidate_id, cluster_id, _ = usable[len(scores) - 1 - int(np.argmax(scores[::-1] == best))]
    return cluster_id or candidate_id
