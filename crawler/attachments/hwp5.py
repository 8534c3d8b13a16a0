"""Text of HWP 5 documents (.hwp), the binary format of Hangul word processors since 2002.

An HWP 5 file is a Compound File (read with olefile). Its FileHeader stream says whether the body streams are
deflated and whether the document is locked (password, distribution-only, DRM); BodyText/Section0, 1, …
hold records, and the HWPTAG_PARA_TEXT records hold each paragraph's text (table cells and notes included,
in document order) as UTF-16LE with control characters mixed in. The PrvText stream holds the first part
of the text: what a locked document yields.

Written from Hancom's published specification, "한글 문서 파일 형식 5.0" (revision 1.3): 본 제품은
한글과컴퓨터의 글 문서 파일(.hwp) 공개 문서를 참고하여 개발하였습니다.
"""

from __future__ import annotations

import io
import re
import struct
import zlib
from collections.abc import Iterator
from typing import Any

SIGNATURE = b"HWP Document File"
COMPRESSED = 0x01
# Password, distribution-only (배포용), DRM, certificate encryption, certificate DRM: the body is encrypted.
LOCKED = 0x02 | 0x04 | 0x10 | 0x100 | 0x400
PARA_TEXT = 0x43  # HWPTAG_BEGIN + 51
SECTION = re.compile(r"Section(\d+)")
# Control characters (code < 32) that take one 16-bit unit; every other one takes eight: the code, six units
# of its own data, and the code again (inline and extended controls alike).
ONE_UNIT_CONTROLS = frozenset({0, 10, 13, 24, 25, 26, 27, 28, 29, 30, 31})
CONTROL_TEXT = {9: "\t", 10: "\n", 24: "-", 30: " ", 31: " "}  # tab, line break, hyphen, two kinds of space
PARAGRAPH_END = 13


class HwpError(ValueError):
    """An HWP file that cannot be read; the message says why."""


def hwp5_text(body: bytes, max_unpacked: int) -> str:
    """The paragraphs of an HWP 5 document, blank lines between them; a locked one's preview text.

    `max_unpacked`: bytes the body streams may inflate to, together (HwpError beyond).
    """
    import olefile

    try:
        with olefile.OleFileIO(io.BytesIO(body)) as ole:
            return _document_text(ole, max_unpacked)
    except HwpError:
        raise
    except Exception as exc:  # olefile raises many kinds on damaged files; all mean the same here
        raise HwpError(f"unreadable HWP: {type(exc).__name__}: {exc}") from None


def _document_text(ole: Any, max_unpacked: int) -> str:
    if not ole.exists("FileHeader"):
        raise HwpError("not an HWP document: a compound file without a FileHeader stream")
    header = ole.openstream("FileHeader").read()
    if not header.startswith(SIGNATURE) or len(header) < 40:
        raise HwpError("not an HWP document: its FileHeader has no HWP signature")
    version, properties = struct.unpack_from("<II", header, 32)
    if version >> 24 != 5:
        raise HwpError(f"HWP format version {version >> 24} is not read (5 is)")
    sections = sorted(
        (int(match.group(1)), path)
        for path in ole.listdir()
        if len(path) == 2 and path[0] == "BodyText" and (match := SECTION.fullmatch(path[1]))
    )
    if properties & LOCKED or not sections:
        preview = _preview(ole)
        if preview:
            return preview
        raise HwpError("the HWP document is locked (password, distribution-only or DRM) and has no preview text")
    budget = max_unpacked
    paragraphs: list[str] = []
    for _, path in sections:
        stream = ole.openstream(path).read()
        if properties & COMPRESSED:
            stream = _inflate(stream, budget)
        budget -= len(stream)
        paragraphs.extend(_paragraphs(stream))
    return "\n\n".join(paragraphs)


def _inflate(stream: bytes, budget: int) -> bytes:
    """A body stream's records: raw deflate, as zlib writes it without header or trailer."""
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    try:
        records = inflater.decompress(stream, budget + 1)
    except zlib.error as exc:
        raise HwpError(f"damaged HWP body stream: {exc}") from None
    if len(records) > budget:
        raise HwpError("HWP unpacks to more than the allowed size")
    return records  # a cut-off stream gives the records before the cut


def _paragraphs(records: bytes) -> Iterator[str]:
    """The text of each PARA_TEXT record. A record header: tag (10 bits), level (10), size (12, 0xFFF: a DWORD
    follows with the size)."""
    position, end = 0, len(records)
    while position + 4 <= end:
        (header,) = struct.unpack_from("<I", records, position)
        position += 4
        size = header >> 20
        if size == 0xFFF:
            if position + 4 > end:
                return
            (size,) = struct.unpack_from("<I", records, position)
            position += 4
        if header & 0x3FF == PARA_TEXT:
            yield _paragraph_text(records[position : position + size])
        position += size


def _paragraph_text(data: bytes) -> str:
    codes = struct.unpack_from(f"<{len(data) // 2}H", data)
    pieces: list[str] = []
    start = position = 0
    while position < len(codes):
        code = codes[position]
        if code >= 32:
            position += 1
            continue
        pieces.append(data[2 * start : 2 * position].decode("utf-16-le", "replace"))
        if code == PARAGRAPH_END:
            return "".join(pieces)
        pieces.append(CONTROL_TEXT.get(code, ""))
        position += 1 if code in ONE_UNIT_CONTROLS else 8
        start = position
    pieces.append(data[2 * start : 2 * len(codes)].decode("utf-16-le", "replace"))
    return "".join(pieces)


def _preview(ole: Any) -> str:
    if not ole.exists("PrvText"):
        return ""
    data = ole.openstream("PrvText").read()
    return data[: len(data) // 2 * 2].decode("utf-16-le", "replace").strip("\0 \r\n")
