"""Near-duplicate detection: MinHash signatures over character shingles, LSH band keys, similarity."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import cache
from typing import Any

NUM_PERM = 128
# 32 bands of 4 rows: two texts with Jaccard similarity s share a band key with probability
# 1 - (1 - s**4)**32, i.e. 0.87 at s = 0.5 and > 0.99 at s = 0.6, but only 0.05 at s = 0.2.
BANDS = 32
ROWS = NUM_PERM // BANDS
# Estimated Jaccard similarity above which two documents are the same release. A re-post with a new
# lead paragraph and byline keeps most 5-character shingles (~0.6-0.9); different releases on the same
# topic share phrases but stay far below (< 0.2).
NEAR_DUPLICATE_THRESHOLD = 0.5
# Korean words are short and attach particles, so word shingles are brittle; 5-character shingles over
# whitespace-normalised text work for Korean and English alike.
SHINGLE_CHARS = 5
_SEED = 20240601
_MASK32 = (1 << 32) - 1
_WORD = re.compile(r"\w+")


def _normalise(text: str) -> str:
    # Case, punctuation and spacing differ between outlets re-posting one release; the words do not.
    # Words joined by single spaces: the same string as replacing each run of non-word characters by a
    # space and stripping the ends, and cheaper than substituting every space by a space.
    return " ".join(_WORD.findall(unicodedata.normalize("NFKC", text).lower()))


@cache
def _permutations() -> tuple[Any, Any]:
    import numpy as np

    generator = np.random.RandomState(_SEED)
    # Multiply-shift hashing needs odd 64-bit multipliers; the top 32 bits of a*x + b are the hash.
    a = generator.randint(0, 2**63, size=NUM_PERM, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    b = generator.randint(0, 2**63, size=NUM_PERM, dtype=np.uint64)
    return a, b


def _shingle_hashes(normal: str) -> Any:
    """32-bit hashes of every shingle, computed without a Python loop over shingles.

    Repeated shingles are kept: they cannot change a minimum, and deduplicating (a sort) cost more than
    the extra columns it saves.
    """
    import numpy as np

    codes = np.frombuffer(normal.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    if len(codes) <= SHINGLE_CHARS:
        windows = codes[None, :]
    else:
        windows = np.lib.stride_tricks.sliding_window_view(codes, SHINGLE_CHARS)
    # A polynomial hash of the code points in each window (FNV-style constants, wrapping at 64 bits).
    hashed = np.full(windows.shape[0], 1469598103934665603, dtype=np.uint64)
    prime = np.uint64(1099511628211)
    with np.errstate(over="ignore"):
        for column in range(windows.shape[1]):
            np.bitwise_xor(hashed, windows[:, column], out=hashed)
            np.multiply(hashed, prime, out=hashed)
    hashed >>= np.uint64(16)
    hashed &= np.uint64(_MASK32)
    return hashed


def minhash_signature(text: str) -> list[int]:
    """MinHash signature (NUM_PERM 32-bit values) of `text`; empty for text with no words."""
    if not isinstance(text, str):
        return []
    normal = _normalise(text)
    if not normal:
        return []
    import numpy as np

    hashes = _shingle_hashes(normal)
    a, b = _permutations()
    with np.errstate(over="ignore"):
        # One multiply-shift hash per permutation (wrapping 64-bit arithmetic, no modulo: 2-universal for
        # 32-bit keys and several times cheaper than datasketch's mod-prime), all shingles at once, in place.
        values = np.multiply.outer(a, hashes)
        values += b[:, None]
    # The shift is monotonic, so shifting the 128 minima equals the minimum of the shifted matrix.
    return (values.min(axis=1) >> np.uint64(32)).tolist()


def lsh_band_keys(signature: list[int]) -> list[str]:
    """One key per LSH band ("b07:…"); documents sharing any key are near-duplicate candidates."""
    if len(signature) != NUM_PERM:
        return []
    keys = []
    for band in range(BANDS):
        rows = signature[band * ROWS : (band + 1) * ROWS]
        digest = hashlib.blake2b(repr(rows).encode("ascii"), digest_size=8).hexdigest()
        keys.append(f"b{band:02d}:{digest}")
    return keys


def estimate_similarity(a: list[int], b: list[int]) -> float:
    """Estimated Jaccard similarity of the texts behind two signatures (0.0 when either is missing)."""
    if not a or not b or len(a) != len(b):
        return 0.0
    return sum(1 for x, y in zip(a, b, strict=True) if x == y) / len(a)
