"""Bytes to text: BOM, then the source's override, then a declaration that really decodes, then detection.

Korean pages often declare nothing, or declare the wrong charset (EUC-KR on a UTF-8 page after a CMS
upgrade, UTF-8 on a page still saved as CP949), so a declaration is only trusted if it decodes.
"""

from __future__ import annotations

import codecs
import re

# EUC-KR and its aliases are always read as CP949: a superset that also decodes the 8,822 extra
# Hangul syllables (e.g. 똠, 햏) which real "EUC-KR" pages contain; Latin-1 labels mean windows-1252,
# as in browsers.
ENCODING_ALIASES = {
    "euc-kr": "cp949",
    "euckr": "cp949",
    "euc_kr": "cp949",
    "ks_c_5601-1987": "cp949",
    "ksc5601": "cp949",
    "ks_c_5601": "cp949",
    "korean": "cp949",
    "x-windows-949": "cp949",
    "windows-949": "cp949",
    "uhc": "cp949",
    "cp949": "cp949",
    "ms949": "cp949",
    "iso-8859-1": "cp1252",
    "latin-1": "cp1252",
    "latin1": "cp1252",
    "us-ascii": "utf-8",
    "ascii": "utf-8",
    "utf8": "utf-8",
    "utf-8": "utf-8",
}
BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)
# Declarations live in the first few KB: <meta charset>, <meta http-equiv content="...; charset=">, <?xml?>.
DECLARATION_WINDOW = 8192
META_CHARSET = re.compile(rb"""<meta[^>]{0,300}?charset\s*=\s*["']?\s*([A-Za-z0-9._:\-]{2,40})""", re.I)
XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]{0,100}encoding\s*=\s*["']([A-Za-z0-9._\-]{2,40})""", re.I)
# charset-normalizer is slow on big inputs and needs only a sample to decide.
DETECTION_SAMPLE = 200_000


def normalize_encoding(name: str | None) -> str | None:
    """A Python codec name for a declared charset label, or None if Python does not know it."""
    if not name:
        return None
    label = name.strip().strip("\"'").lower()
    label = ENCODING_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name if label not in ENCODING_ALIASES.values() else label
    except LookupError:
        return None


def declared_encodings(body: bytes, http_charset: str | None) -> list[str]:
    """Encodings the HTTP header and the document itself claim, in that order, normalised."""
    head = body[:DECLARATION_WINDOW]
    labels = [http_charset]
    labels += [m.group(1).decode("ascii", "ignore") for m in XML_ENCODING.finditer(head)]
    labels += [m.group(1).decode("ascii", "ignore") for m in META_CHARSET.finditer(head)]
    found: list[str] = []
    for label in labels:
        codec = normalize_encoding(label)
        # A UTF-16/32 declaration inside an ASCII-compatible document is a lie (browsers ignore it too).
        if codec and codec not in found and not codec.startswith("utf-16") and not codec.startswith("utf-32"):
            found.append(codec)
    return found


def decodes_cleanly(body: bytes, encoding: str) -> bool:
    """True when `body` decodes with `encoding` without a single error."""
    try:
        body.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def detect_encoding(body: bytes) -> str:
    """Best guess when no declaration decodes: UTF-8 or CP949 by trial, then charset-normalizer."""
    for candidate in ("utf-8", "cp949"):
        if decodes_cleanly(body, candidate):
            return candidate
    # Truncated or damaged pages: pick the Korean-aware codec with the fewest replacement characters,
    # unless charset-normalizer is confident of something else entirely.
    damage = {c: body.decode(c, "replace").count("\ufffd") for c in ("utf-8", "cp949")}
    best = min(damage, key=damage.__getitem__)
    if damage[best] * 1000 <= len(body):
        return best
    from charset_normalizer import from_bytes  # imported lazily: only damaged pages need it

    guess = from_bytes(body[:DETECTION_SAMPLE]).best()
    codec = normalize_encoding(guess.encoding) if guess is not None else None
    return codec or best


def decode_html(body: bytes, http_charset: str | None = None, override: str | None = None) -> tuple[str, str]:
    """Decode a page: (text, encoding used). Never raises; undecodable bytes become U+FFFD."""
    source, encoding = html_source(body, http_charset, override)
    return (source.decode("utf-8") if isinstance(source, bytes) else source), encoding


def html_source(body: bytes, http_charset: str | None = None, override: str | None = None) -> tuple[str | bytes, str]:
    """decode_html, except that the text comes back as the page's own bytes when those are exactly its UTF-8.

    The parser reads UTF-8 bytes: for most pages decoding to text and encoding back would only copy them twice.
    """
    if not isinstance(body, bytes | bytearray | memoryview):
        return (str(body), "utf-8")
    body = bytes(body)
    for bom, codec, name in BOMS:
        if body.startswith(bom):
            return body.decode(codec, "replace"), name
    forced = normalize_encoding(override)
    if forced:
        return body.decode(forced, "replace"), forced
    is_ascii = body.isascii()
    # Multi-byte UTF-8 that decodes cleanly is almost never an accident, so it beats a legacy
    # declaration (a CP949 decode of UTF-8 Hangul often "succeeds" and yields mojibake).
    if not is_ascii:
        try:
            body.decode("utf-8")  # the check; a clean decode means the bytes are the text's UTF-8
        except UnicodeDecodeError:
            pass
        else:
            return body, "utf-8"
    for codec in declared_encodings(body, http_charset):
        if is_ascii or decodes_cleanly(body, codec):
            return (body if codec == "utf-8" else body.decode(codec, "replace")), codec
    if is_ascii:
        return body, "utf-8"
    codec = detect_encoding(body)
    return body.decode(codec, "replace"), codec
