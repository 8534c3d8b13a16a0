"""Near-duplicate clusters: a document joins the cluster of the most similar stored candidate."""

from __future__ import annotations

import struct
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
    if isinstance(signature, list):
        try:
            return struct.pack(f"<{len(signature)}I", *signature)  # a tenth of numpy's cost for 128 values
        except struct.error:
            pass  # a value struct does not take as uint32: numpy converts it (1.0, "5") or refuses it, as before
    import numpy as np

    return np.asarray(signature, dtype=SIGNATURE_DTYPE).tobytes()


def signature_from_bytes(blob: bytes) -> Any:
    """The signature `signature_bytes` stored, as a numpy array."""
    import numpy as np

    return np.frombuffer(blob, dtype=SIGNATURE_DTYPE)


# A signature as choose_cluster takes it: its values, or the BLOB signature_bytes made of them (4 bytes a value).
Signature = Sequence[int] | bytes


def choose_cluster(document: Document, candidates: Iterable[tuple[str, str | None, Signature]]) -> str:
    """Cluster id for `document` given (id, cluster_id, minhash) of stored candidates.

    The most similar candidate above the threshold wins (the last of equals, in candidate order); otherwise
    the document starts its own cluster. All candidates are compared at once: a document of a large cluster
    has up to 200 of them.
    """
    if not document.minhash:
        return document.id
    size = len(document.minhash)
    candidates = list(candidates)
    if not candidates:
        return document.id
    import numpy as np

    from indexer.enrich import NEAR_DUPLICATE_THRESHOLD

    ids, clusters, signatures = zip(*candidates, strict=True)
    # The SQLite store's candidates: BLOBs of the document's length, none of them the document itself. Joined,
    # they are the matrix, without an array per candidate.
    if set(map(type, signatures)) == {bytes} and set(map(len, signatures)) == {size * 4} and document.id not in ids:
        matrix = np.frombuffer(b"".join(signatures), dtype=SIGNATURE_DTYPE).reshape(len(signatures), size)
    else:
        # estimate_similarity's rules: a candidate without a signature, or of another length, scores 0.
        values = [signature_from_bytes(s) if isinstance(s, bytes) else s for s in signatures]
        usable = [i for i, v in enumerate(values) if ids[i] != document.id and len(v) == size]
        if not usable:
            return document.id
        ids, clusters = tuple(ids[i] for i in usable), tuple(clusters[i] for i in usable)
        matrix = np.array([values[i] for i in usable], dtype=np.int64)
    try:  # compared as uint32s when they are (a uint32 matrix compares with them without converting)
        vector = np.frombuffer(struct.pack(f"<{size}I", *document.minhash), dtype=SIGNATURE_DTYPE)
    except struct.error:
        vector = np.asarray(document.minhash, dtype=np.int64)
    equal = np.add.reduce(matrix == vector, axis=1)
    most = max(equal.tolist())
    if most / size < NEAR_DUPLICATE_THRESHOLD:
        return document.id
    best = int(np.flatnonzero(equal == most)[-1])  # the last of equals
    return clusters[best] or ids[best]
