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
# Double-byte legacy codecs whose characters can also be valid two-byte UTF-8: CP949's 홍 (C8 AB) is "ȫ".
DOUBLE_BYTE_LEGACY = frozenset({"cp949", "euc_jp", "shift_jis", "cp932", "gbk", "gb2312", "gb18030", "big5", "cp950"})
# The lead byte of a three- or four-byte UTF-8 sequence: Hangul, CJK and most punctuation (U+0800 up).
WIDE_UTF8_LEAD = re.compile(rb"[\xe0-\xf4]")
# The lead byte of a two-byte UTF-8 sequence past Latin-1 (U+0100 to U+07FF: Latin Extended, IPA, Greek…).
EXTENDED_UTF8_LEAD = re.compile(rb"[\xc4-\xdf]")
# True EUC-KR writes a syllable outside KS X 1001 as eight bytes: the filler, then its three jamo (filler for
# no final). CP949 reads them as four letters ("ㅤㄸㅗㅁ"); Python's euc_kr codec composes them (똠).
JAMO_SEQUENCE = re.compile("\u3164[\u3131-\u314e][\u314f-\u3163][\u3131-\u314e\u3164]")


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


def decode_legacy(body: bytes, codec: str) -> str:
    """`body` decoded with `codec`, never raising; EUC-KR's eight-byte syllables composed when read as CP949."""
    text = body.decode(codec, "replace")
    if codec == "cp949" and "\u3164" in text:
        text = JAMO_SEQUENCE.sub(compose_jamo, text)
    return text


def compose_jamo(match: re.Match[str]) -> str:
    """The syllable an EUC-KR eight-byte sequence spells, or the sequence itself when it spells none."""
    try:
        return match.group().encode("cp949").decode("euc_kr")
    except UnicodeError:
        return match.group()


def utf8_beats_declarations(body: bytes, http_charset: str | None) -> bool:
    """Whether `body`, which decodes cleanly as UTF-8, should be read so whatever it declares."""
    # Clean multi-byte UTF-8 is rarely an accident (a CP949 decode of UTF-8 Hangul often "succeeds" and yields
    # mojibake), but two-byte sequences can be: CP949 text whose only Korean is 홍천 is also valid UTF-8 ("ȫõ").
    # A three- or four-byte sequence (any Hangul, CJK, most punctuation) is not: ordinary CP949 Korean holds
    # syllables whose lead byte would be a stray UTF-8 continuation byte. Two-byte sequences that are all
    # Latin-1 (é © ° ×) are what a UTF-8 page carries; CP949 syllables read so are mostly Latin Extended
    # (홍 is "ȫ"). So a double-byte legacy declaration stands only against UTF-8 whose multi-byte characters
    # are all two-byte and not all Latin-1, as a browser would honour it.
    if WIDE_UTF8_LEAD.search(body):  # first, as it settles almost every page: a Korean one at its first syllable
        return True
    if not EXTENDED_UTF8_LEAD.search(body):
        return True
    declared = declared_encodings(body, http_charset)
    return "utf-8" in declared or not any(codec in DOUBLE_BYTE_LEGACY for codec in declared)


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
        return decode_legacy(body, forced), forced
    is_ascii = body.isascii()
    if not is_ascii:
        try:
            body.decode("utf-8")  # the check; a clean decode means the bytes are the text's UTF-8
        except UnicodeDecodeError:
            pass
        else:
            if utf8_beats_declarations(body, http_charset):
                return body, "utf-8"
    for codec in declared_encodings(body, http_charset):
        if is_ascii or decodes_cleanly(body, codec):
            return (body if codec == "utf-8" else decode_legacy(body, codec)), codec
    if is_ascii:
        return body, "utf-8"
    codec = detect_encoding(body)
    return decode_legacy(body, codec), codec
