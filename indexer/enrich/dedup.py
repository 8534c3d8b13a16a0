"""Near-duplicate detection: MinHash signatures over character shingles, LSH band keys, similarity."""

from __future__ import annotations

import contextlib
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
_FNV_OFFSET, _FNV_PRIME = 1469598103934665603, 1099511628211
_WORD = re.compile(r"\w")
# numpy's ufunc buffer, in elements (a multiple of 16, as numpy 1.x requires), while the permutations
# are applied. Below a matrix row's length, numpy multiplies and adds row by row straight on the
# operands; with its default (8192) it first copies the broadcast operands into buffers, and an
# article's matrix costs three times as much (numpy/numpy#13307).
UFUNC_BUFFER_ELEMENTS = 64


def _normal_codes(text: str) -> Any:
    """Code points (numpy uint64) of the text to shingle: its words, lower-cased, joined by single spaces.

    Case, punctuation and spacing differ between outlets re-posting one release; the words do not. The
    result is the code points of " ".join(re.findall(r"\\w+", NFKC(text).lower())), found with a table
    that maps each word character to itself and any other to a space: a regex scan and a string per word
    cost several times as much.
    """
    import numpy as np

    lowered = unicodedata.normalize("NFKC", text).lower()
    # UTF-32 keeps one unit per character; lone surrogates (surrogatepass) are no word characters.
    codes = np.frombuffer(lowered.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    if not len(codes):
        return np.zeros(0, dtype=np.uint64)
    spaced = _spaced_codes().take(np.minimum(codes, 0xFFFF))
    if codes.max() > 0xFFFF:
        # Characters beyond the BMP (emoji, rare Han) are looked up one by one.
        beyond = np.flatnonzero(codes > 0xFFFF)
        spaced[beyond] = [code if _WORD.match(chr(code)) else 32 for code in codes[beyond].tolist()]
    word = spaced != 32
    first = int(word.argmax())
    if not word[first]:
        return np.zeros(0, dtype=np.uint64)
    # A gap between two words becomes one space: its last character, the one before a word character,
    # is kept (as a space). Gaps before the first word and after the last are dropped.
    keep = word.copy()
    keep[:-1] |= word[1:]
    keep[:first] = False
    return spaced[keep]


@cache
def _spaced_codes() -> Any:
    """Each BMP code point as a numpy uint64, or 32 (a space) for one that \\w does not match."""
    import numpy as np

    table = np.full(0x10000, 32, dtype=np.uint64)
    every = "".join(map(chr, range(0x10000)))
    words = [match.start() for match in _WORD.finditer(every)]
    table[words] = words
    return table


@cache
def _permutations() -> tuple[Any, Any]:
    import numpy as np

    generator = np.random.RandomState(_SEED)
    # Multiply-shift hashing needs odd 64-bit multipliers; the top 32 bits of a*x + b are the hash.
    a = generator.randint(0, 2**63, size=NUM_PERM, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    b = generator.randint(0, 2**63, size=NUM_PERM, dtype=np.uint64)
    return a[:, None], b[:, None]  # as columns: the matrix has a row per permutation, a column per shingle


def _shingle_hashes(codes: Any) -> Any:
    """32-bit hashes of the distinct shingles of `codes`, computed without a Python loop over shingles."""
    import numpy as np

    # Windows of SHINGLE_CHARS code points; a text shorter than that is one window of all of it.
    windows = max(len(codes) - SHINGLE_CHARS + 1, 1)
    # A polynomial hash of the code points in each window (FNV-style constants, wrapping at 64 bits: numpy
    # does not check integer arrays for overflow), taken for all windows at once: the k-th code points of the
    # windows are a slice of `codes`. The first step makes the array the others work on in place.
    prime = np.uint64(_FNV_PRIME)
    hashed = np.bitwise_xor(codes[:windows], np.uint64(_FNV_OFFSET))
    hashed *= prime
    for column in range(1, min(len(codes), SHINGLE_CHARS)):
        hashed ^= codes[column : column + windows]
        hashed *= prime
    hashed >>= np.uint64(16)
    hashed &= np.uint64(_MASK32)
    # A repeated shingle cannot change a minimum. Dropping repeats (a sort) costs what the permutations
    # cost for a sixth of an article's shingles, about what the benchmark's articles repeat; the shared
    # seed pages repeat a tenth to a half of theirs.
    hashed.sort()
    distinct = np.empty(len(hashed), dtype=bool)
    distinct[:1] = True
    np.not_equal(hashed[1:], hashed[:-1], out=distinct[1:])
    return hashed[distinct]


def minhash_signature(text: str) -> list[int]:
    """MinHash signature (NUM_PERM 32-bit values) of `text`; empty for text with no words."""
    if not isinstance(text, str):
        return []
    import numpy as np

    codes = _normal_codes(text)
    if not len(codes):
        return []
    hashes = _shingle_hashes(codes)
    a, b = _permutations()
    buffer_size = np.setbufsize(UFUNC_BUFFER_ELEMENTS)
    try:
        # One multiply-shift hash per permutation (wrapping 64-bit arithmetic, no modulo: 2-universal for
        # 32-bit keys and several times cheaper than datasketch's mod-prime), all shingles at once, in place.
        values = np.multiply(a, hashes)
        values += b
        minima = values.min(axis=1)
    finally:
        np.setbufsize(buffer_size)
    # The shift is monotonic, so shifting the 128 minima equals the minimum of the shifted matrix.
    return (minima >> np.uint64(32)).tolist()


def lsh_band_keys(signature: list[int]) -> list[str]:
    """One key per LSH band ("b07:…"); documents sharing any key are near-duplicate candidates."""
    if len(signature) != NUM_PERM:
        return []
    # A band's key hashes repr(signature[band * ROWS : (band + 1) * ROWS]). For a list, _SIGNATURE_TEXT writes
    # those reprs ("[v1, v2, v3, v4]", each value's repr) for all bands at once, "|" between them, straight from
    # the values: one string and one encoding instead of a list and a string per band.
    texts: list[bytes] = []
    if isinstance(signature, list):
        with contextlib.suppress(UnicodeEncodeError):  # not ints: the bands' own encodings raise their errors
            texts = (_SIGNATURE_TEXT % tuple(signature)).encode("ascii").split(b"|")
    if len(texts) != BANDS:  # not a list, or its values' reprs hold a "|" or more than ASCII
        texts = [repr(signature[band * ROWS : (band + 1) * ROWS]).encode("ascii") for band in range(BANDS)]
    keys = []
    for prefix, text in zip(_BAND_PREFIXES, texts, strict=True):
        digest = _BAND_HASH.copy()  # a copy of a configured hash is cheaper than blake2b(…, digest_size=8)
        digest.update(text)
        keys.append(prefix + digest.hexdigest())
    return keys


_SIGNATURE_TEXT = "|".join(["[" + ", ".join(["%r"] * ROWS) + "]"] * BANDS)
_BAND_PREFIXES = [f"b{band:02d}:" for band in range(BANDS)]
_BAND_HASH = hashlib.blake2b(digest_size=8)


def estimate_similarity(a: list[int], b: list[int]) -> float:
    """Estimated Jaccard similarity of the texts behind two signatures (0.0 when either is missing)."""
    if not a or not b or len(a) != len(b):
        return 0.0
    return sum(1 for x, y in zip(a, b, strict=True) if x == y) / len(a)
